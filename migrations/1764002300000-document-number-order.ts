import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * Lists sorted by number (`sort=number`, `-number`) order by the sequence number and then the
 * id (drafts have no number): an index on both serves a page from the index in either
 * direction. The unique index on the sequence number alone cannot (the id is not part of its
 * order), so each page sorted every document of the table.
 */
const INDEXES: Array<[string, TableIndex]> = [
  ['invoices', new TableIndex({ name: 'ix_invoices_number', columnNames: ['sequence_number', 'id'] })],
  ['estimates', new TableIndex({ name: 'ix_estimates_number', columnNames: ['sequence_number', 'id'] })],
  ['credit_notes', new TableIndex({ name: 'ix_credit_notes_number', columnNames: ['sequence_number', 'id'] })],
];

export class DocumentNumberOrder1764002300000 implements MigrationInterface {
  name = 'DocumentNumberOrder1764002300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, index] of INDEXES) await queryRunner.createIndex(table, index);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table, index] of INDEXES) await queryRunner.dropIndex(table, index.name!);
  }
}
