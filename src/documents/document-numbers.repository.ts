import { Injectable } from '@nestjs/common';
import { TransactionalConnection } from '@app/database';
import type { Series } from './document-sequence.entity';
import { DocumentSequence } from './document-sequence.entity';

/** The counter rows of the number series (`document_sequences`), in the caller's transaction. */
@Injectable()
export class DocumentNumbersRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  private get sequences() {
    return this.connection.getRepository(DocumentSequence);
  }

  /** Advances the series' counter by one; false when the series has no row yet. */
  async advance(series: Series): Promise<boolean> {
    const result = await this.sequences
      .createQueryBuilder()
      .update()
      .set({ lastValue: () => 'last_value + 1' })
      .where('series = :series', { series })
      .execute();
    return Boolean(result.affected);
  }

  /** Starts the series' row at zero, unless a concurrent start wrote it (then waits for that one). */
  async start(series: Series): Promise<void> {
    await this.sequences.createQueryBuilder().insert().values({ series, lastValue: 0 }).orIgnore().execute();
  }

  /** The series' last value taken. */
  async lastValue(series: Series): Promise<number> {
    const row = await this.sequences.findOneOrFail({ select: { lastValue: true }, where: { series } });
    return row.lastValue;
  }
}
