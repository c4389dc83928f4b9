import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { documentLineColumns, foreignKey, salesDocumentColumns } from './column-helpers';

/** Estimates with their lines (amounts in integer minor units), each converted to at most one invoice. */
export class Estimates1764001000000 implements MigrationInterface {
  name = 'Estimates1764001000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'estimates',
        columns: salesDocumentColumns(
          [{ name: 'expiry_date', type: 'date' }],
          [{ name: 'invoice_id', type: 'varchar', length: '36', isNullable: true }],
        ),
        indices: [
          new TableIndex({ name: 'ix_estimates_customer_date', columnNames: ['customer_id', 'date', 'id'] }),
          new TableIndex({ name: 'ix_estimates_date', columnNames: ['date', 'id'] }),
          new TableIndex({ name: 'ix_estimates_status_date', columnNames: ['status', 'date', 'id'] }),
          new TableIndex({ name: 'ix_estimates_currency_date', columnNames: ['currency', 'date', 'id'] }),
          new TableIndex({ name: 'uq_estimates_sequence', columnNames: ['sequence_number'], isUnique: true }),
          new TableIndex({ name: 'uq_estimates_invoice', columnNames: ['invoice_id'], isUnique: true }),
        ],
        foreignKeys: [
          foreignKey('fk_estimates_customer', 'customer_id', 'customers', 'id', 'RESTRICT'),
          foreignKey('fk_estimates_currency', 'currency', 'currencies', 'code', 'RESTRICT'),
          foreignKey('fk_estimates_invoice', 'invoice_id', 'invoices', 'id', 'SET NULL'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'estimate_items',
        columns: documentLineColumns('estimate_id'),
        foreignKeys: [foreignKey('fk_estimate_items_estimate', 'estimate_id', 'estimates', 'id', 'CASCADE')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('estimate_items');
    await queryRunner.dropTable('estimates');
  }
}
