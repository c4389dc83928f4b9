import { Injectable } from '@nestjs/common';
import { TransactionalConnection } from '@app/database';
import { DocumentNumbersRepository } from './document-numbers.repository';
import type { Series } from './document-sequence.entity';

/** A number as shown: the prefix, then the value with at least six digits (`INV-000042`). */
export const documentNumber = (prefix: string, value: number): string => `${prefix}${String(value).padStart(6, '0')}`;

/**
 * Number series without gaps or duplicates: one counter row per series, advanced by an
 * increment inside the document's transaction. The increment takes the row (MySQL row
 * lock; SQLite runs one transaction at a time), so concurrent documents queue for their
 * numbers, and a rolled-back document gives its number back with the rollback.
 */
@Injectable()
export class DocumentNumbers {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly sequences: DocumentNumbersRepository,
  ) {}

  /** The next value of the series, taken in the caller's transaction. */
  async next(series: Series): Promise<number> {
    if (!this.connection.inTransaction) throw new Error('document numbers are taken inside the document transaction');
    if (!(await this.sequences.advance(series))) {
      // The series' first number: start its row (or wait for a concurrent start), then advance.
      await this.sequences.start(series);
      await this.sequences.advance(series);
    }
    return this.sequences.lastValue(series);
  }
}
