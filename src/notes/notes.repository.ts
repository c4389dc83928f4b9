import { Injectable } from '@nestjs/common';
import { Page, page, PageQueryDto } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { CustomerNote } from './customer-note.entity';

/** The statements on `customer_notes`; inside a transaction, they join it. */
@Injectable()
export class NotesRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  private get notes() {
    return this.connection.getRepository(CustomerNote);
  }

  /** A page of the customer's notes, newest first. */
  listPage(customerId: string, query: PageQueryDto): Promise<Page<CustomerNote>> {
    const notes = this.notes.createQueryBuilder('note').where('note.customer_id = :customerId', { customerId });
    return page(notes, query, { tieBreaker: 'note.id', direction: 'DESC' });
  }

  findOfCustomer(id: string, customerId: string): Promise<CustomerNote | null> {
    return this.notes.findOneBy({ id, customerId });
  }

  async insert(note: CustomerNote): Promise<void> {
    await this.notes.insert(note);
  }

  async update(id: string, changes: Pick<CustomerNote, 'text' | 'contactedAt' | 'updatedAt'>): Promise<void> {
    await this.notes.update({ id }, changes);
  }

  async delete(id: string): Promise<void> {
    await this.notes.delete({ id });
  }
}
