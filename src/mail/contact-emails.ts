import type { EmailRequest } from './mail.service';

export interface EmailRecipient {
  id: string;
  customerId: string;
  firstName: string;
  lastName: string;
  email: string;
  passwordHash: string | null;
}

export interface CustomerOfRecipient {
  company: string;
  language: string | null;
}

/** An email to a contact about its customer, in the customer's language (null: the system default when it is sent). */
function toContact(
  template: EmailRequest['template'],
  contact: EmailRecipient,
  customer: CustomerOfRecipient,
): EmailRequest {
  return {
    template,
    language: customer.language,
    to: { email: contact.email, name: `${contact.firstName} ${contact.lastName}`.trim() || null },
    customerId: contact.customerId,
    contactId: contact.id,
    context: { firstName: contact.firstName, lastName: contact.lastName, customerCompany: customer.company },
  };
}

/**
 * The welcome email of a customer's contact, with the portal login address added when it is
 * sent; a contact without a password gets a one-time set-password link in it instead.
 */
export function welcomeEmail(contact: EmailRecipient, customer: CustomerOfRecipient): EmailRequest {
  return { ...toContact('welcome', contact, customer), link: contact.passwordHash ? null : 'set_password' };
}

/** A one-time link for the contact to choose a (new) portal password. */
export function setPasswordEmail(contact: EmailRecipient, customer: CustomerOfRecipient): EmailRequest {
  return { ...toContact('set_password', contact, customer), link: 'set_password' };
}

/** A one-time link (1 hour) for a contact who forgot its portal password. */
export function forgotPasswordEmail(contact: EmailRecipient, customer: CustomerOfRecipient): EmailRequest {
  return { ...toContact('forgot_password', contact, customer), link: 'reset_password' };
}

/**
 * A password-reset request for an address with no active contact (of an active customer),
 * to be recorded and never sent: shaped like `forgotPasswordEmail`, so writing it costs the same.
 */
export function forgotPasswordOfNobody(email: string): EmailRequest {
  return {
    template: 'forgot_password',
    language: null,
    to: { email, name: null },
    customerId: null,
    contactId: null,
    context: { firstName: null, lastName: null, customerCompany: null },
    link: null,
  };
}

/** Tells the contact that its portal password changed, in case it was not them. */
export function passwordChangedEmail(
  contact: EmailRecipient,
  customer: CustomerOfRecipient,
  changedAt: Date,
): EmailRequest {
  const request = toContact('password_changed', contact, customer);
  const when = `${changedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return { ...request, context: { ...request.context, changedAt: when } };
}

/**
 * To a contact whose address someone just tried to register a company with: nothing was
 * created, and a one-time reset link (1 hour) lets the contact in should it have forgotten.
 */
export function registrationAttemptEmail(contact: EmailRecipient, customer: CustomerOfRecipient): EmailRequest {
  return { ...toContact('registration_attempt', contact, customer), link: 'reset_password' };
}

/** To a contact whose company's registration staff confirmed. */
export function registrationConfirmedEmail(contact: EmailRecipient, customer: CustomerOfRecipient): EmailRequest {
  return toContact('registration_confirmed', contact, customer);
}

/** A member of staff who is told of a registration awaiting approval. */
export interface StaffRecipient {
  email: string;
  firstName: string;
  lastName: string;
  language: string | null;
}

/** To a member of staff: a company registered through the portal and awaits approval. */
export function registrationReceivedEmail(
  staff: StaffRecipient,
  contact: EmailRecipient,
  customer: CustomerOfRecipient,
): EmailRequest {
  return {
    template: 'registration_received',
    language: staff.language,
    to: { email: staff.email, name: `${staff.firstName} ${staff.lastName}`.trim() || null },
    customerId: contact.customerId,
    contactId: contact.id,
    context: {
      customerCompany: customer.company,
      contactFirstName: contact.firstName,
      contactLastName: contact.lastName,
      contactEmail: contact.email,
      reviewUrl: null,
    },
  };
}

/** What a contact answered to an estimate on the portal, for the staff who are told. */
export interface EstimateAnswer {
  customerId: string;
  customerCompany: string;
  contactId: string;
  contactEmail: string;
  estimateNumber: string | null;
  estimateTotal: string;
  respondedAt: Date;
  accepted: boolean;
  acceptedByName: string | null;
  declineReason: string | null;
}

/** To a member of staff: a contact accepted or declined an estimate of a customer on the portal. */
export function estimateAnsweredEmail(staff: StaffRecipient, answer: EstimateAnswer): EmailRequest {
  return {
    template: answer.accepted ? 'estimate_accepted' : 'estimate_declined',
    language: staff.language,
    to: { email: staff.email, name: `${staff.firstName} ${staff.lastName}`.trim() || null },
    customerId: answer.customerId,
    contactId: answer.contactId,
    context: {
      customerCompany: answer.customerCompany,
      estimateNumber: answer.estimateNumber,
      estimateTotal: answer.estimateTotal,
      contactEmail: answer.contactEmail,
      respondedAt: `${answer.respondedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      ...(answer.accepted ? { acceptedByName: answer.acceptedByName } : { declineReason: answer.declineReason }),
    },
  };
}
