export const TEMPLATE_NAMES = [
  'welcome',
  'set_password',
  'forgot_password',
  'password_changed',
  'registration_received',
  'registration_confirmed',
  'registration_attempt',
  'document_sent',
  'statement_sent',
  'estimate_accepted',
  'estimate_declined',
] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

export const isTemplateName = (value: string): value is TemplateName =>
  (TEMPLATE_NAMES as readonly string[]).includes(value);

export interface TemplateDefinition {
  description: string;
  recipient: 'contact' | 'staff';
  /** Its own values, each with the example a preview renders; besides the ones every template has. */
  variables: Record<string, string>;
}

/** What every template may use: the sender company, the portal address and the recipient. */
export const COMMON_VARIABLES: Record<string, string> = {
  companyName: 'Northwind Trading',
  portalUrl: 'https://portal.example.com',
  email: 'maria.weber@example.com',
};

const PERSON = { firstName: 'Maria', lastName: 'Weber' };
const SET_PASSWORD_LINK = {
  setPasswordUrl: 'https://portal.example.com/set-password?token=EXAMPLE',
  linkValidHours: '48',
};

/** The catalogue of templates: which exist, who gets them, and what they may say. */
export const TEMPLATES: Record<TemplateName, TemplateDefinition> = {
  welcome: {
    description:
      'To the primary contact of a new customer: the portal address, or a set-password link when no password was given.',
    recipient: 'contact',
    variables: { ...PERSON, customerCompany: 'Weber Logistik GmbH', ...SET_PASSWORD_LINK },
  },
  set_password: {
    description: 'To a contact: a one-time link to choose a portal password.',
    recipient: 'contact',
    variables: { ...PERSON, customerCompany: 'Weber Logistik GmbH', ...SET_PASSWORD_LINK },
  },
  forgot_password: {
    description: 'To a contact who asked to reset the portal password: a one-time link.',
    recipient: 'contact',
    variables: {
      ...PERSON,
      resetPasswordUrl: 'https://portal.example.com/reset-password?token=EXAMPLE',
      linkValidMinutes: '60',
    },
  },
  password_changed: {
    description: "To a contact whose portal password was just set or changed, in case it wasn't them.",
    recipient: 'contact',
    variables: { ...PERSON, changedAt: '2026-11-26 09:30 UTC' },
  },
  registration_received: {
    description: 'To staff: a company registered through the portal and awaits approval.',
    recipient: 'staff',
    variables: {
      customerCompany: 'Weber Logistik GmbH',
      contactFirstName: 'Maria',
      contactLastName: 'Weber',
      contactEmail: 'maria.weber@example.com',
      reviewUrl: 'https://crm.example.com/customers/0190a6b2-3c4d-7e8f-9a0b-1c2d3e4f5a6b',
    },
  },
  registration_confirmed: {
    description: "To a contact whose company's registration was approved.",
    recipient: 'contact',
    variables: { ...PERSON, customerCompany: 'Weber Logistik GmbH' },
  },
  registration_attempt: {
    description:
      'To a contact whose email address someone tried to register a company with: nothing was created; a one-time reset link in case it was them.',
    recipient: 'contact',
    variables: {
      ...PERSON,
      customerCompany: 'Weber Logistik GmbH',
      resetPasswordUrl: 'https://portal.example.com/reset-password?token=EXAMPLE',
      linkValidMinutes: '60',
    },
  },
  document_sent: {
    description:
      'To a contact: a document (an invoice, an estimate, a credit note) is ready, with its total and link; its PDF attached.',
    recipient: 'contact',
    variables: {
      ...PERSON,
      customerCompany: 'Weber Logistik GmbH',
      documentNumber: 'INV-000042',
      documentTotal: '1,250.00 EUR',
      dueDate: '2026-12-26',
      documentUrl: 'https://portal.example.com/invoices/0190a6b2-3c4d-7e8f-9a0b-1c2d3e4f5a6b',
    },
  },
  statement_sent: {
    description:
      "To a contact: the customer's statement of account for a period, with its balance due; the PDF attached.",
    recipient: 'contact',
    variables: {
      ...PERSON,
      customerCompany: 'Weber Logistik GmbH',
      periodFrom: '2026-01-01',
      periodTo: '2026-03-31',
      balanceDue: '1,250.00 EUR',
    },
  },
  estimate_accepted: {
    description:
      "To staff assigned to the estimate's customer, or holding estimates.edit: a contact accepted an estimate on the portal.",
    recipient: 'staff',
    variables: {
      customerCompany: 'Weber Logistik GmbH',
      estimateNumber: 'EST-000042',
      estimateTotal: '1250.00 EUR',
      contactEmail: 'maria.weber@example.com',
      acceptedByName: 'Maria Weber',
      respondedAt: '2026-11-26 09:30 UTC',
    },
  },
  estimate_declined: {
    description:
      "To staff assigned to the estimate's customer, or holding estimates.edit: a contact declined an estimate on the portal.",
    recipient: 'staff',
    variables: {
      customerCompany: 'Weber Logistik GmbH',
      estimateNumber: 'EST-000042',
      estimateTotal: '1250.00 EUR',
      contactEmail: 'maria.weber@example.com',
      declineReason: 'Over our budget',
      respondedAt: '2026-11-26 09:30 UTC',
    },
  },
};

/** The values a preview (and the check of an edited template) renders with. */
export const sampleValues = (name: TemplateName): Record<string, string> => ({
  ...COMMON_VARIABLES,
  ...TEMPLATES[name].variables,
});
