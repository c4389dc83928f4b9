/** A contact an email is addressed to, as it is now. */
export interface ContactRecipient {
  /** Its email, lower-cased as the outbox keeps addresses. */
  emailKey: string;
  active: boolean;
  customerActive: boolean;
}

/**
 * What the outbox worker asks about the contact of an email before it sends it. The mail
 * module declares it; the contacts module, which owns contacts, provides it (see
 * `ContactRecipientsModule`), so mail never reads another module's tables.
 */
export abstract class EmailRecipients {
  /** The contact as it is now; null when it no longer exists. */
  abstract contact(contactId: string): Promise<ContactRecipient | null>;
}
