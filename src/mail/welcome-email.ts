import type { EmailRequest } from './mail.service';

export interface WelcomeRecipient {
  id: string;
  customerId: string;
  firstName: string;
  lastName: string;
  email: string;
}

/**
 * The welcome email of a customer's contact, in the customer's language (null: the system
 * default when it is sent), with the portal login address added when it is sent.
 */
export function welcomeEmail(
  contact: WelcomeRecipient,
  customer: { company: string; language: string | null },
): EmailRequest {
  return {
    template: 'welcome',
    language: customer.language,
    to: { email: contact.email, name: `${contact.firstName} ${contact.lastName}`.trim() || null },
    customerId: contact.customerId,
    contactId: contact.id,
    context: { firstName: contact.firstName, lastName: contact.lastName, customerCompany: customer.company },
  };
}
