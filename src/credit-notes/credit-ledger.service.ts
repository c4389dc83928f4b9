import { Injectable } from '@nestjs/common';
import { addDays } from '@app/common';
import { CreditNotesRepository, type LedgerApplication, type LedgerNote } from './credit-notes.repository';

export type { LedgerApplication, LedgerNote };

/**
 * A customer's credit as the credit-notes module keeps it, for statements: notes that are
 * not void and the credit applied from them to invoices, summed and listed in SQL.
 */
@Injectable()
export class CreditLedger {
  constructor(private readonly notes: CreditNotesRepository) {}

  /** Credit applied on days before `day`. */
  appliedBefore(customerId: string, day: string): Promise<bigint> {
    return this.notes.appliedBefore(customerId, day);
  }

  notesBetween(customerId: string, from: string, to: string): Promise<LedgerNote[]> {
    return this.notes.notesBetween(customerId, from, to);
  }

  applicationsBetween(customerId: string, from: string, to: string): Promise<LedgerApplication[]> {
    return this.notes.applicationsBetween(customerId, from, to);
  }

  /** Credit applied on or before `day`, per invoice. */
  appliedByInvoiceAt(customerId: string, day: string): Promise<Map<string, bigint>> {
    return this.notes.appliedByInvoiceAt(customerId, day);
  }

  /** Credit issued by `day` that was not applied by then. */
  async unappliedAt(customerId: string, day: string): Promise<bigint> {
    const issued = await this.notes.issuedAt(customerId, day);
    const applied = await this.notes.appliedBefore(customerId, addDays(day, 1) ?? day);
    return issued - applied;
  }
}
