import { Injectable } from '@nestjs/common';
import { TransactionalConnection } from '@app/database';
import { Contact } from '../contacts/contact.entity';

/** The read of a contact, with its customer's active flag, that the outbox worker makes before each email. */
@Injectable()
export class ContactRecipientsRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  findWithCustomer(contactId: string): Promise<Contact | null> {
    return this.connection.getRepository(Contact).findOne({
      select: { id: true, emailKey: true, active: true, permissions: true, customer: { id: true, active: true } },
      relations: { customer: true },
      where: { id: contactId },
    });
  }
}
