import { Injectable } from '@nestjs/common';
import { TransactionalConnection } from '@app/database';
import { ContactRecipient, EmailRecipients } from '../mail/email-recipients';
import { Contact } from '../contacts/contact.entity';

/** The contacts' answer to the outbox worker: a contact's address and whether it and its customer are active. */
@Injectable()
export class ContactRecipients extends EmailRecipients {
  constructor(private readonly connection: TransactionalConnection) {
    super();
  }

  async contact(contactId: string): Promise<ContactRecipient | null> {
    const contact = await this.connection.getRepository(Contact).findOne({
      select: { id: true, emailKey: true, active: true, customer: { id: true, active: true } },
      relations: { customer: true },
      where: { id: contactId },
    });
    if (!contact?.customer) return null;
    return { emailKey: contact.emailKey, active: contact.active, customerActive: contact.customer.active };
  }
}
