import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { documentLineColumns, foreignKey as fk, moneyColumn as money, salesDocumentColumns } from './column-helpers';

/** Invoices with their lines (amounts in integer minor units) and the counters of document number series. */
export class Invoices1764000800000 implements MigrationInterface {
  name = 'Invoices1764000800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'document_sequences',
        columns: [
          { name: 'series', type: 'varchar', length: '32', isPrimary: true },
          { name: 'last_value', type: 'integer' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'invoices',
        columns: salesDocumentColumns([{ name: 'due_date', type: 'date' }], [money('amount_paid')]),
        indices: [
          new TableIndex({ name: 'ix_invoices_customer_date', columnNames: ['customer_id', 'date', 'id'] }),
          new TableIndex({ name: 'ix_invoices_date', columnNames: ['date', 'id'] }),
          new TableIndex({ name: 'ix_invoices_status_date', columnNames: ['status', 'date', 'id'] }),
          new TableIndex({ name: 'ix_invoices_currency_date', columnNames: ['currency', 'date', 'id'] }),
          new TableIndex({ name: 'uq_invoices_sequence', columnNames: ['sequence_number'], isUnique: true }),
        ],
        foreignKeys: [
          fk('fk_invoices_customer', 'customer_id', 'customers', 'id', 'RESTRICT'),
          fk('fk_invoices_currency', 'currency', 'currencies', 'code', 'RESTRICT'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'invoice_items',
        columns: documentLineColumns('invoice_id'),
        foreignKeys: [fk('fk_invoice_items_invoice', 'invoice_id', 'invoices', 'id', 'CASCADE')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('invoice_items');
    await queryRunner.dropTable('invoices');
    await queryRunner.dropTable('document_sequences');
  }
}
