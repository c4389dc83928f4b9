import { Injectable } from '@nestjs/common';
import { TransactionalConnection } from '@app/database';
import { DocumentSequence } from './document-sequence.entity';

export type Series = 'invoice' | 'estimate' | 'credit_note';

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
  constructor(private readonly connection: TransactionalConnection) {}

  private get sequences() {
    return this.connection.getRepository(DocumentSequence);
  }

  /** The next value of the series, taken in the caller's transaction. */
  async next(series: Series): Promise<number> {
    if (!this.connection.inTransaction) throw new Error('document numbers are taken inside the document transaction');
    if (!(await this.advance(series))) {
      // The series' first number: start its row (or wait for a concurrent start), then advance.
      await this.sequences.createQueryBuilder().insert().values({ series, lastValue: 0 }).orIgnore().execute();
      await this.advance(series);
    }
    const row = await this.sequences.findOneOrFail({ select: { lastValue: true }, where: { series } });
    return row.lastValue;
  }

  private async advance(series: Series): Promise<boolean> {
    const result = await this.sequences
      .createQueryBuilder()
      .update()
      .set({ lastValue: () => 'last_value + 1' })
      .where('series = :series', { series })
      .execute();
    return Boolean(result.affected);
  }
}
