import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last number given in a series of document numbers (`invoice`, `estimate`). */
@Entity('document_sequences')
export class DocumentSequence {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  series: string;

  @Column({ type: 'integer' })
  lastValue: number;
}
