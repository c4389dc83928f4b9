import type { Capability } from '../../src/permissions/capabilities';
import type { PortalPermission } from '../../src/permissions/portal-permissions';

/**
 * Who may call a route. Every route the application registers must be declared here.
 * `customerScoped` routes act on the customer in `:id` (or, with `idOf: 'contact'` or `'email'`,
 * on the customer of the contact or outbox email in `:id`): staff with `customers.view_own` reach it only when
 * assigned to it, and get 404 otherwise. `body` is a valid request body
 * for them (`:staff` stands for a real staff id, `:customer` for the customer's), so
 * visibility, not validation, decides.
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'signed-in' }
  | {
      kind: 'capability';
      anyOf: Capability[];
      customerScoped?: boolean;
      /** What `:id` names on a customer-scoped route: the customer (the default), or one of its contacts, outbox emails, draft invoices or payments. */
      idOf?: 'customer' | 'contact' | 'email' | 'invoice' | 'estimate' | 'creditNote' | 'payment';
      /** Capabilities the route needs besides one of `anyOf` (checked by the service: 403 without them). */
      alongWith?: Capability[];
      body?: Record<string, unknown>;
      /** A query string that a holder of the capability sends (`?type=estimates` to export estimates, say). */
      queryOf?: Partial<Record<Capability, string>>;
      /** Path parameters other than ids (a template's name, say); unnamed ones get a random UUID. */
      params?: Record<string, string>;
      /** Staff who see every customer may call it too (notes: anyone who sees the customer writes them). */
      viewerWrites?: boolean;
    }
  | { kind: 'admin' }
  | {
      /**
       * A portal route: a contact's portal token only (staff tokens 401). `area`: the portal
       * permission it needs (a contact without it gets 403); null: any signed-in contact.
       * `impersonation: 'refused'`: a login as client gets 403 (the password, answering an estimate).
       */
      kind: 'portal';
      area: PortalPermission | null;
      body?: Record<string, unknown>;
      impersonation?: 'refused';
      /** The primary contact's only (with primaryContactManagesContacts on): every other contact gets 403. */
      primaryOnly?: boolean;
    };

const PUBLIC: Access = { kind: 'public' };
/** A portal route of any signed-in contact; `body` a valid request body, so access, not validation, decides. */
const CONTACT = (body?: Record<string, unknown>, impersonation?: 'refused'): Access => ({
  kind: 'portal',
  area: null,
  body,
  impersonation,
});
/** A portal route of one area: a contact without its permission gets 403; `body` a valid request body. */
const IN_AREA = (area: PortalPermission, body?: Record<string, unknown>, impersonation?: 'refused'): Access => ({
  kind: 'portal',
  area,
  body,
  impersonation,
});
const SIGNED_IN: Access = { kind: 'signed-in' };
const needs = (...anyOf: Capability[]): Access => ({ kind: 'capability', anyOf });
const withRequest = (access: Access, params: Record<string, string>, body?: Record<string, unknown>): Access =>
  access.kind === 'capability' ? { ...access, params, body } : access;
const onCustomer = (anyOf: Capability[], body?: Record<string, unknown>, viewerWrites = false): Access => ({
  kind: 'capability',
  anyOf,
  customerScoped: true,
  body,
  viewerWrites,
});

const onContact = (anyOf: Capability[], body?: Record<string, unknown>): Access => ({
  kind: 'capability',
  anyOf,
  customerScoped: true,
  idOf: 'contact',
  body,
});

/** A route on an outbox email: visible as the email's customer is. */
const onEmail = (anyOf: Capability[]): Access => ({ kind: 'capability', anyOf, customerScoped: true, idOf: 'email' });

/**
 * A route on a document (`:id`, a draft invoice or a payment of the customer's) or naming the
 * customer (`:customer`) or an unpaid invoice of it (`:invoice`) in its body: the customer
 * scope caps it, and staff who see every customer call it with the route's capability.
 */
const onInvoice = (anyOf: Capability[], body?: Record<string, unknown>, idOf?: 'invoice' | 'payment'): Access => ({
  kind: 'capability',
  anyOf,
  customerScoped: true,
  idOf,
  body,
  viewerWrites: true,
});
const DOCUMENT_BODY = {
  customerId: ':customer',
  items: [{ description: 'Matrix line', quantity: '1', unitPrice: '10.00', taxRate: '19' }],
};

const PAYMENT_BODY = { invoiceId: ':invoice', amount: '1', mode: 'bank' };

/** A route on an open credit note of the customer's (`:id`); `:applicationId` is credit applied from it, `:invoice` an unpaid invoice. */
const onCreditNote = (anyOf: Capability[], body?: Record<string, unknown>): Access => ({
  kind: 'capability',
  anyOf,
  customerScoped: true,
  idOf: 'creditNote',
  body,
  viewerWrites: true,
});

/** A route on a draft estimate of the customer's (`:id`), or naming the customer in its body. */
const onEstimate = (
  anyOf: Capability[],
  body?: Record<string, unknown>,
  { onDraft = true, alongWith }: { onDraft?: boolean; alongWith?: Capability[] } = {},
): Access => ({
  kind: 'capability',
  anyOf,
  customerScoped: true,
  idOf: onDraft ? 'estimate' : undefined,
  body,
  viewerWrites: true,
  alongWith,
});

/** A route on the customer in `:id` that needs a document feature's capability too (its statement, its exports). */
const onCustomerDocuments = (anyOf: Capability[], body?: Record<string, unknown>): Access => ({
  kind: 'capability',
  anyOf,
  customerScoped: true,
  body,
  viewerWrites: true,
});

const VIEW_CUSTOMERS: Capability[] = ['customers.view', 'customers.view_own'];
const VIEW_INVOICES: Capability[] = ['invoices.view', 'invoices.view_own'];
const VIEW_PAYMENTS: Capability[] = ['payments.view', 'payments.view_own'];
const VIEW_ESTIMATES: Capability[] = ['estimates.view', 'estimates.view_own'];
const VIEW_CREDIT_NOTES: Capability[] = ['credit_notes.view', 'credit_notes.view_own'];
const MANAGE_CUSTOMERS: Capability[] = ['customers.create', 'customers.edit'];
const VIEW_TEMPLATES: Capability[] = ['email_templates.view', 'email_templates.edit'];
const TEMPLATE = { name: 'welcome', language: 'de' };

export const ROUTE_ACCESS: Record<string, Access> = {
  'GET /api/v1/health': PUBLIC,

  'POST /api/v1/auth/login': PUBLIC,
  'POST /api/v1/auth/refresh': PUBLIC,
  'POST /api/v1/auth/logout': SIGNED_IN,
  'GET /api/v1/auth/me': SIGNED_IN,

  'GET /api/v1/permissions': SIGNED_IN,

  'GET /api/v1/staff': needs('staff.view'),
  'POST /api/v1/staff': needs('staff.create'),
  'GET /api/v1/staff/:id': needs('staff.view'),
  'PATCH /api/v1/staff/:id': needs('staff.edit'),
  'DELETE /api/v1/staff/:id': needs('staff.delete'),

  'GET /api/v1/roles': needs('staff.view'),
  'POST /api/v1/roles': needs('staff.create'),
  'GET /api/v1/roles/:id': needs('staff.view'),
  'PATCH /api/v1/roles/:id': needs('staff.edit'),
  'DELETE /api/v1/roles/:id': needs('staff.delete'),

  'GET /api/v1/currencies': SIGNED_IN,
  'POST /api/v1/currencies': needs('settings.edit'),
  'GET /api/v1/currencies/:code': SIGNED_IN,
  'PATCH /api/v1/currencies/:code': needs('settings.edit'),
  'DELETE /api/v1/currencies/:code': needs('settings.edit'),
  'GET /api/v1/currencies/:code/rates': SIGNED_IN,
  'POST /api/v1/currencies/:code/rates': needs('settings.edit'),

  'GET /api/v1/customer-groups': needs(...VIEW_CUSTOMERS, ...MANAGE_CUSTOMERS),
  'POST /api/v1/customer-groups': needs(...MANAGE_CUSTOMERS),
  'GET /api/v1/customer-groups/:id': needs(...VIEW_CUSTOMERS, ...MANAGE_CUSTOMERS),
  'PATCH /api/v1/customer-groups/:id': needs(...MANAGE_CUSTOMERS),
  'DELETE /api/v1/customer-groups/:id': needs('customers.delete'),

  'GET /api/v1/languages': SIGNED_IN,

  'GET /api/v1/reports/customer-groups': needs('reports.view'),
  'GET /api/v1/reports/customer-groups/:groupId/customers': needs('reports.view'),

  'GET /api/v1/settings': SIGNED_IN,
  'PATCH /api/v1/settings': needs('settings.edit'),
  'GET /api/v1/settings/activity': needs('settings.view', 'settings.edit'),

  'GET /api/v1/customers': needs(...VIEW_CUSTOMERS),
  'POST /api/v1/customers': needs('customers.create'),
  'POST /api/v1/customers/quick': needs('customers.create'),
  'POST /api/v1/customers/bulk': needs('customers.edit', 'customers.delete'),
  'GET /api/v1/customers/:id': onCustomer(VIEW_CUSTOMERS),
  'PATCH /api/v1/customers/:id': onCustomer(['customers.edit'], {}),
  'DELETE /api/v1/customers/:id': onCustomer(['customers.delete']),
  'GET /api/v1/customers/:id/admins': onCustomer(VIEW_CUSTOMERS),
  'POST /api/v1/customers/:id/admins': onCustomer(MANAGE_CUSTOMERS, { staffId: ':staff' }),
  'POST /api/v1/customers/:id/login-as-client': { kind: 'admin' },
  'POST /api/v1/customers/:id/confirm-registration': onCustomer(['customers.edit']),
  'DELETE /api/v1/customers/:id/admins/:staffId': onCustomer(MANAGE_CUSTOMERS),
  'GET /api/v1/customers/:id/activity': onCustomer(VIEW_CUSTOMERS),
  'GET /api/v1/customers/:id/notes': onCustomer(VIEW_CUSTOMERS),
  'POST /api/v1/customers/:id/notes': onCustomer(VIEW_CUSTOMERS, { text: 'Called about the renewal' }, true),
  'PATCH /api/v1/customers/:id/notes/:noteId': onCustomer(VIEW_CUSTOMERS, {}, true),
  'DELETE /api/v1/customers/:id/notes/:noteId': onCustomer(VIEW_CUSTOMERS, undefined, true),
  'GET /api/v1/customers/:id/contacts': onCustomer(VIEW_CUSTOMERS),
  'GET /api/v1/customers/:id/statement': onCustomerDocuments(VIEW_INVOICES),
  'POST /api/v1/customers/:id/statement/send': onCustomerDocuments(VIEW_INVOICES, {}),
  'GET /api/v1/customers/:id/exports': {
    ...onCustomerDocuments([...VIEW_INVOICES, ...VIEW_ESTIMATES, ...VIEW_CREDIT_NOTES, ...VIEW_PAYMENTS]),
    queryOf: {
      'estimates.view': '?type=estimates',
      'estimates.view_own': '?type=estimates',
      'credit_notes.view': '?type=credit-notes',
      'credit_notes.view_own': '?type=credit-notes',
      'payments.view': '?type=payments',
      'payments.view_own': '?type=payments',
    },
  } as Access,
  'POST /api/v1/customers/:id/contacts': onCustomer(MANAGE_CUSTOMERS, {
    firstName: 'Mara',
    lastName: 'Matrix',
    email: 'mara.matrix@example.test',
  }),
  'GET /api/v1/contacts/:id': onContact(VIEW_CUSTOMERS),
  'PATCH /api/v1/contacts/:id': onContact(['customers.edit'], {}),
  'DELETE /api/v1/contacts/:id': onContact(['customers.delete']),
  'POST /api/v1/contacts/:id/welcome-email': onContact(['customers.edit']),
  'POST /api/v1/contacts/:id/set-password-email': onContact(['customers.edit']),

  'GET /api/v1/email-templates': needs(...VIEW_TEMPLATES),
  'GET /api/v1/email-templates/:name': withRequest(needs(...VIEW_TEMPLATES), TEMPLATE),
  'PATCH /api/v1/email-templates/:name': withRequest(needs('email_templates.edit'), TEMPLATE, { enabled: true }),
  'PUT /api/v1/email-templates/:name/languages/:language': withRequest(needs('email_templates.edit'), TEMPLATE, {
    subject: 'Welcome, {{firstName}}',
    body: 'Hello {{firstName}}\n',
  }),
  'DELETE /api/v1/email-templates/:name/languages/:language': withRequest(needs('email_templates.edit'), TEMPLATE),
  'POST /api/v1/email-templates/:name/preview': withRequest(needs(...VIEW_TEMPLATES), TEMPLATE, { language: 'de' }),

  'POST /api/v1/portal/auth/forgot-password': PUBLIC,
  'POST /api/v1/portal/auth/reset-password': PUBLIC,
  'POST /api/v1/portal/auth/login': PUBLIC,
  'POST /api/v1/portal/auth/refresh': PUBLIC,
  'POST /api/v1/portal/auth/register': PUBLIC,
  'POST /api/v1/portal/auth/logout': CONTACT({ all: true }),
  'GET /api/v1/portal/me': CONTACT(),
  'GET /api/v1/portal/contacts': { kind: 'portal', area: null, primaryOnly: true },
  'POST /api/v1/portal/contacts': {
    kind: 'portal',
    area: null,
    primaryOnly: true,
    body: { firstName: 'Matrix', lastName: 'Colleague', email: 'matrix-colleague@example.test' },
  },
  'PATCH /api/v1/portal/contacts/:id': { kind: 'portal', area: null, primaryOnly: true, body: { title: 'Matrix' } },
  'PATCH /api/v1/portal/me': CONTACT({ title: 'Matrix' }),
  'PATCH /api/v1/portal/me/company': CONTACT({ website: 'https://matrix.example' }),
  'POST /api/v1/portal/me/password': CONTACT(
    // A wrong current password (400): access decides before it, and the contacts keep theirs.
    { currentPassword: 'not-the-password-0', newPassword: 'matrix-new-password' },
    'refused',
  ),
  'GET /api/v1/portal/invoices': IN_AREA('invoices'),
  'GET /api/v1/portal/invoices/:id': IN_AREA('invoices'),
  'GET /api/v1/portal/invoices/:id/pdf': IN_AREA('invoices'),
  'GET /api/v1/portal/credit-notes': IN_AREA('invoices'),
  'GET /api/v1/portal/credit-notes/:id': IN_AREA('invoices'),
  'GET /api/v1/portal/credit-notes/:id/pdf': IN_AREA('invoices'),
  'GET /api/v1/portal/statement': IN_AREA('invoices'),
  'GET /api/v1/portal/estimates': IN_AREA('estimates'),
  'GET /api/v1/portal/estimates/:id': IN_AREA('estimates'),
  'GET /api/v1/portal/estimates/:id/pdf': IN_AREA('estimates'),
  'POST /api/v1/portal/estimates/:id/accept': IN_AREA('estimates', { name: 'Matrix Signer' }, 'refused'),
  'POST /api/v1/portal/estimates/:id/decline': IN_AREA('estimates', { reason: 'Matrix' }, 'refused'),

  'GET /api/v1/invoices': needs(...VIEW_INVOICES),
  'POST /api/v1/invoices': onInvoice(['invoices.create'], DOCUMENT_BODY),
  'GET /api/v1/invoices/:id': onInvoice(VIEW_INVOICES, undefined, 'invoice'),
  'GET /api/v1/invoices/:id/pdf': onInvoice(VIEW_INVOICES, undefined, 'invoice'),
  'PATCH /api/v1/invoices/:id': onInvoice(['invoices.edit'], {}, 'invoice'),
  'POST /api/v1/invoices/:id/cancel': onInvoice(['invoices.edit'], undefined, 'invoice'),
  'DELETE /api/v1/invoices/:id': onInvoice(['invoices.delete'], undefined, 'invoice'),
  'POST /api/v1/invoices/:id/send': onInvoice(['invoices.edit'], {}, 'invoice'),

  'GET /api/v1/estimates': needs(...VIEW_ESTIMATES),
  'POST /api/v1/estimates': onEstimate(['estimates.create'], DOCUMENT_BODY, { onDraft: false }),
  'GET /api/v1/estimates/:id': onEstimate(VIEW_ESTIMATES),
  'PATCH /api/v1/estimates/:id': onEstimate(['estimates.edit'], {}),
  'POST /api/v1/estimates/:id/convert': onEstimate(['estimates.edit'], {}, { alongWith: ['invoices.create'] }),
  'DELETE /api/v1/estimates/:id': onEstimate(['estimates.delete']),
  'GET /api/v1/estimates/:id/pdf': onEstimate(VIEW_ESTIMATES),
  'POST /api/v1/estimates/:id/send': onEstimate(['estimates.edit'], {}),

  'GET /api/v1/credit-notes': needs(...VIEW_CREDIT_NOTES),
  'POST /api/v1/credit-notes': onInvoice(['credit_notes.create'], DOCUMENT_BODY),
  'GET /api/v1/credit-notes/:id': onCreditNote(VIEW_CREDIT_NOTES),
  'GET /api/v1/credit-notes/:id/pdf': onCreditNote(VIEW_CREDIT_NOTES),
  'PATCH /api/v1/credit-notes/:id': onCreditNote(['credit_notes.edit'], {}),
  'POST /api/v1/credit-notes/:id/void': onCreditNote(['credit_notes.edit']),
  'POST /api/v1/credit-notes/:id/send': onCreditNote(['credit_notes.edit'], {}),
  'POST /api/v1/credit-notes/:id/applications': onCreditNote(['credit_notes.edit'], {
    invoiceId: ':invoice',
    amount: '1',
  }),
  'DELETE /api/v1/credit-notes/:id/applications/:applicationId': onCreditNote(['credit_notes.edit']),

  'GET /api/v1/payments': needs(...VIEW_PAYMENTS),
  'POST /api/v1/payments': onInvoice(['payments.create'], PAYMENT_BODY),
  'GET /api/v1/payments/:id': onInvoice(VIEW_PAYMENTS, undefined, 'payment'),
  'DELETE /api/v1/payments/:id': onInvoice(['payments.delete'], undefined, 'payment'),

  'GET /api/v1/emails': needs('emails.view', 'emails.edit'),
  'POST /api/v1/emails/:id/retry': onEmail(['emails.edit']),
};
