import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { sumFromDatabase } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { CustomerAccess } from '../access/customer-access.service';
import { DocumentsRepository } from '../documents/documents.repository';
import { CreditApplication, CreditNote, CreditNoteItem } from './credit-note.entity';

/** A credit note as a statement lists it. */
export interface LedgerNote {
  id: string;
  number: string | null;
  date: string;
  total: bigint;
}

/** Credit applied to an invoice, as a statement lists it. */
export interface LedgerApplication {
  id: string;
  date: string;
  amount: bigint;
  invoiceId: string;
  creditNoteId: string;
  creditNoteNumber: string | null;
}

/**
 * The credit notes, their lines and the credit applied from them: the lifecycle's
 * statements, and the guarded statements that move a note's applied credit.
 */
@Injectable()
export class CreditNotesRepository extends DocumentsRepository<CreditNote, CreditNoteItem> {
  constructor(connection: TransactionalConnection, access: CustomerAccess) {
    super(
      {
        name: 'credit_note',
        entity: CreditNote,
        line: CreditNoteItem,
        lineKey: 'creditNoteId',
        open: { where: "status = 'open'" },
      },
      connection,
      access,
    );
  }

  private get applications() {
    return this.connection.getRepository(CreditApplication);
  }

  /** The note as it is now. */
  findByIdOrFail(id: string): Promise<CreditNote> {
    return this.documents.findOneByOrFail({ id });
  }

  /**
   * Adds `amount` to the credit applied from an open note, within its total, and closes it
   * when all is applied (a statement of its own: the engines read one SET's columns differently).
   * False when the note is not open or has less than `amount` left.
   */
  async takeCredit(id: string, amount: bigint): Promise<boolean> {
    const taken = await this.documents
      .createQueryBuilder()
      .update()
      .set({ amountApplied: () => 'amount_applied + :amount', version: () => 'version + 1', updatedAt: new Date() })
      .where("id = :id AND status = 'open' AND amount_applied + :amount <= total", { id, amount: Number(amount) })
      .execute();
    if (!taken.affected) return false;
    await this.documents
      .createQueryBuilder()
      .update()
      .set({ status: 'closed' })
      .where('id = :id AND amount_applied >= total', { id })
      .execute();
    return true;
  }

  /** Takes `amount` back from the credit applied from the note, which is open again; false when it holds less. */
  async giveBackCredit(id: string, amount: bigint): Promise<boolean> {
    const given = await this.documents
      .createQueryBuilder()
      .update()
      .set({
        amountApplied: () => 'amount_applied - :amount',
        status: 'open',
        version: () => 'version + 1',
        updatedAt: new Date(),
      })
      .where('id = :id AND amount_applied >= :amount', { id, amount: Number(amount) })
      .execute();
    return Boolean(given.affected);
  }

  /** Where the credit of these notes went, in one statement (none without ids). */
  async applicationsOfNotes(ids: readonly string[]): Promise<CreditApplication[]> {
    if (!ids.length) return [];
    return this.applications.find({ where: { creditNoteId: In([...ids]) } });
  }

  /** The credit applied to an invoice, oldest first, with the note each came from (its number and minor unit). */
  async appliedTo(
    invoiceId: string,
  ): Promise<Array<{ application: CreditApplication; note: Pick<CreditNote, 'number' | 'currencyDecimals'> }>> {
    const applications = await this.applications.find({ where: { invoiceId }, order: { createdAt: 'ASC', id: 'ASC' } });
    const ids = [...new Set(applications.map((a) => a.creditNoteId))];
    const notes = ids.length
      ? await this.documents.find({
          select: { id: true, number: true, currencyDecimals: true },
          where: { id: In(ids) },
        })
      : [];
    const byId = new Map(notes.map((note) => [note.id, note]));
    return applications.flatMap((application) => {
      const note = byId.get(application.creditNoteId);
      return note ? [{ application, note }] : [];
    });
  }

  /** Where the note's credit went. */
  applicationsOf(creditNoteId: string): Promise<CreditApplication[]> {
    return this.applications.findBy({ creditNoteId });
  }

  /** An application of the note's credit, or null. */
  findApplication(creditNoteId: string, id: string): Promise<CreditApplication | null> {
    return this.applications.findOneBy({ id, creditNoteId });
  }

  async insertApplication(application: CreditApplication): Promise<void> {
    await this.applications.createQueryBuilder().insert().values(application).updateEntity(false).execute();
  }

  /** The credit applied from the customer's notes on days before `day`, summed. */
  async appliedBefore(customerId: string, day: string): Promise<bigint> {
    const row = await this.applications
      .createQueryBuilder('application')
      .innerJoin('application.creditNote', 'note')
      .select('SUM(application.amount)', 'amount')
      .where('note.customer_id = :customerId AND application.date < :day', { customerId, day })
      .getRawOne<{ amount: unknown }>();
    return sumFromDatabase(row?.amount);
  }

  /** The customer's notes that are not void, dated from `from` to `to`, in date order. */
  async notesBetween(customerId: string, from: string, to: string): Promise<LedgerNote[]> {
    const rows = await this.documents
      .createQueryBuilder('note')
      .select(['note.id AS id', 'note.number AS number', 'note.date AS date'])
      .addSelect('note.total', 'total')
      .where('note.customer_id = :customerId AND note.date >= :from AND note.date <= :to', { customerId, from, to })
      .andWhere("note.status <> 'void'")
      .orderBy('note.date')
      .addOrderBy('note.id')
      .getRawMany<Record<string, unknown>>();
    return rows.map((row) => ({
      id: String(row.id),
      number: row.number === null ? null : String(row.number),
      date: String(row.date),
      total: sumFromDatabase(row.total),
    }));
  }

  /** The credit applied from the customer's notes on days from `from` to `to`, in date order, with the note's number. */
  async applicationsBetween(customerId: string, from: string, to: string): Promise<LedgerApplication[]> {
    const rows = await this.applications
      .createQueryBuilder('application')
      .innerJoin('application.creditNote', 'note')
      .select(['application.id AS id', 'application.date AS date'])
      .addSelect('application.amount', 'amount')
      .addSelect('application.invoice_id', 'invoiceId')
      .addSelect('note.id', 'creditNoteId')
      .addSelect('note.number', 'creditNoteNumber')
      .where('note.customer_id = :customerId AND application.date >= :from AND application.date <= :to', {
        customerId,
        from,
        to,
      })
      .orderBy('application.date')
      .addOrderBy('application.id')
      .getRawMany<Record<string, unknown>>();
    return rows.map((row) => ({
      id: String(row.id),
      date: String(row.date),
      amount: sumFromDatabase(row.amount),
      invoiceId: String(row.invoiceId),
      creditNoteId: String(row.creditNoteId),
      creditNoteNumber: row.creditNoteNumber === null ? null : String(row.creditNoteNumber),
    }));
  }

  /** The credit applied from the customer's notes on or before `day`, per invoice it went to. */
  async appliedByInvoiceAt(customerId: string, day: string): Promise<Map<string, bigint>> {
    const rows = await this.applications
      .createQueryBuilder('application')
      .innerJoin('application.creditNote', 'note')
      .select('application.invoice_id', 'invoiceId')
      .addSelect('SUM(application.amount)', 'amount')
      .where('note.customer_id = :customerId AND application.date <= :day', { customerId, day })
      .groupBy('application.invoice_id')
      .getRawMany<Record<string, unknown>>();
    return new Map(rows.map((row) => [String(row.invoiceId), sumFromDatabase(row.amount)]));
  }

  /** The credit of the customer's notes (not void) dated on or before `day`, summed. */
  async issuedAt(customerId: string, day: string): Promise<bigint> {
    const row = await this.documents
      .createQueryBuilder('note')
      .select('SUM(note.total)', 'total')
      .where("note.customer_id = :customerId AND note.date <= :day AND note.status <> 'void'", { customerId, day })
      .getRawOne<{ total: unknown }>();
    return sumFromDatabase(row?.total);
  }

  /** Deletes an application; false when there was none. */
  async deleteApplication(id: string): Promise<boolean> {
    const removed = await this.applications.delete({ id });
    return Boolean(removed.affected);
  }
}
