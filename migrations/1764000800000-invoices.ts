import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { addressColumns as address, foreignKey as fk, moneyColumn as money } from './column-helpers';

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
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'number', type: 'varchar', length: '40', isNullable: true },
          { name: 'sequence_number', type: 'integer', isNullable: true },
          { name: 'customer_id', type: 'varchar', length: '36' },
          { name: 'currency', type: 'varchar', length: '3' },
          { name: 'currency_decimals', type: 'integer' },
          { name: 'date', type: 'date' },
          { name: 'due_date', type: 'date' },
          { name: 'status', type: 'varchar', length: '16' },
          money('subtotal'),
          money('tax_total'),
          money('total'),
          money('amount_paid'),
          ...address('billing_'),
          { name: 'has_shipping_address', type: 'boolean' },
          ...address('shipping_'),
          { name: 'version', type: 'integer' },
          { name: 'created_by', type: 'varchar', length: '36', isNullable: true },
          { name: 'created_at', type: 'datetime', precision: 3 },
          { name: 'updated_at', type: 'datetime', precision: 3 },
        ],
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
        columns: [
          { name: 'invoice_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'position', type: 'integer', isPrimary: true },
          { name: 'description', type: 'varchar', length: '1000' },
          { name: 'quantity', type: 'varchar', length: '20' },
          { name: 'unit_price', type: 'varchar', length: '20' },
          { name: 'tax_rate', type: 'varchar', length: '10' },
          money('net'),
          money('tax'),
        ],
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
