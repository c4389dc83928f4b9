import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';

/** Payments against invoices, in integer minor units of the invoice's currency. */
export class Payments1764000900000 implements MigrationInterface {
  name = 'Payments1764000900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'payments',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'invoice_id', type: 'varchar', length: '36' },
          { name: 'customer_id', type: 'varchar', length: '36' },
          { name: 'currency', type: 'varchar', length: '3' },
          { name: 'currency_decimals', type: 'integer' },
          { name: 'amount', type: 'bigint' },
          { name: 'date', type: 'date' },
          { name: 'mode', type: 'varchar', length: '32' },
          { name: 'note', type: 'varchar', length: '1000', isNullable: true },
          { name: 'created_by', type: 'varchar', length: '36', isNullable: true },
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
        indices: [
          new TableIndex({ name: 'ix_payments_invoice_date', columnNames: ['invoice_id', 'date', 'id'] }),
          new TableIndex({ name: 'ix_payments_customer_date', columnNames: ['customer_id', 'date', 'id'] }),
          new TableIndex({ name: 'ix_payments_date', columnNames: ['date', 'id'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'fk_payments_invoice',
            columnNames: ['invoice_id'],
            referencedTableName: 'invoices',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
            onUpdate: 'NO ACTION',
          }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('payments');
  }
}
