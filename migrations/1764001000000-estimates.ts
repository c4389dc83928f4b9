import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { addressColumns, foreignKey, moneyColumn } from './column-helpers';

/** Estimates with their lines (amounts in integer minor units), each converted to at most one invoice. */
export class Estimates1764001000000 implements MigrationInterface {
  name = 'Estimates1764001000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'estimates',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'number', type: 'varchar', length: '40', isNullable: true },
          { name: 'sequence_number', type: 'integer', isNullable: true },
          { name: 'customer_id', type: 'varchar', length: '36' },
          { name: 'currency', type: 'varchar', length: '3' },
          { name: 'currency_decimals', type: 'integer' },
          { name: 'date', type: 'date' },
          { name: 'expiry_date', type: 'date' },
          { name: 'status', type: 'varchar', length: '16' },
          moneyColumn('subtotal'),
          moneyColumn('tax_total'),
          moneyColumn('total'),
          ...addressColumns('billing_'),
          { name: 'has_shipping_address', type: 'boolean' },
          ...addressColumns('shipping_'),
          { name: 'invoice_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'version', type: 'integer' },
          { name: 'created_by', type: 'varchar', length: '36', isNullable: true },
          { name: 'created_at', type: 'datetime', precision: 3 },
          { name: 'updated_at', type: 'datetime', precision: 3 },
        ],
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
        columns: [
          { name: 'estimate_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'position', type: 'integer', isPrimary: true },
          { name: 'description', type: 'varchar', length: '1000' },
          { name: 'quantity', type: 'varchar', length: '20' },
          { name: 'unit_price', type: 'varchar', length: '20' },
          { name: 'tax_rate', type: 'varchar', length: '10' },
          moneyColumn('net'),
          moneyColumn('tax'),
        ],
        foreignKeys: [foreignKey('fk_estimate_items_estimate', 'estimate_id', 'estimates', 'id', 'CASCADE')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('estimate_items');
    await queryRunner.dropTable('estimates');
  }
}
