import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A series of document numbers. */
export type Series = 'invoice' | 'estimate' | 'credit_note';

/** The last number given in a series of document numbers (`invoice`, `estimate`). */
@Entity('document_sequences')
export class DocumentSequence {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  series: Series;

  @Column({ type: 'integer' })
  lastValue: number;
}
