import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * Indexes that cover the revenue report's aggregates: the payments and invoices of a date
 * range are read from the index alone (date first, then what the report groups by and
 * sums), never from the rows. Group memberships by customer use their primary key
 * (customer_id, group_id), and the members of one group `ix_customer_group_members_group`.
 */
const INDEXES: Array<[string, TableIndex]> = [
  [
    'payments',
    new TableIndex({
      name: 'ix_payments_report',
      columnNames: ['date', 'currency', 'customer_id', 'invoice_id', 'amount'],
    }),
  ],
  [
    'invoices',
    new TableIndex({
      name: 'ix_invoices_report',
      columnNames: ['date', 'status', 'currency', 'customer_id', 'total'],
    }),
  ],
];

export class ReportIndexes1764001800000 implements MigrationInterface {
  name = 'ReportIndexes1764001800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, index] of INDEXES) await queryRunner.createIndex(table, index);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table, index] of INDEXES) await queryRunner.dropIndex(table, index.name!);
  }
}
