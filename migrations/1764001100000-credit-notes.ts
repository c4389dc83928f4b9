import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { documentLineColumns, foreignKey, moneyColumn, salesDocumentColumns } from './column-helpers';

/** Credit notes with their lines, the credit applied from them to invoices, and what invoices have been credited. */
export class CreditNotes1764001100000 implements MigrationInterface {
  name = 'CreditNotes1764001100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('invoices', new TableColumn({ name: 'amount_credited', type: 'bigint', default: 0 }));
    await queryRunner.createTable(
      new Table({
        name: 'credit_notes',
        columns: salesDocumentColumns(
          [],
          [moneyColumn('amount_applied'), { name: 'invoice_id', type: 'varchar', length: '36', isNullable: true }],
        ),
        indices: [
          new TableIndex({ name: 'ix_credit_notes_customer_date', columnNames: ['customer_id', 'date', 'id'] }),
          new TableIndex({ name: 'ix_credit_notes_date', columnNames: ['date', 'id'] }),
          new TableIndex({ name: 'ix_credit_notes_status_date', columnNames: ['status', 'date', 'id'] }),
          new TableIndex({ name: 'ix_credit_notes_currency_date', columnNames: ['currency', 'date', 'id'] }),
          new TableIndex({ name: 'ix_credit_notes_invoice', columnNames: ['invoice_id'] }),
          new TableIndex({ name: 'uq_credit_notes_sequence', columnNames: ['sequence_number'], isUnique: true }),
        ],
        foreignKeys: [
          foreignKey('fk_credit_notes_customer', 'customer_id', 'customers', 'id', 'RESTRICT'),
          foreignKey('fk_credit_notes_currency', 'currency', 'currencies', 'code', 'RESTRICT'),
          foreignKey('fk_credit_notes_invoice', 'invoice_id', 'invoices', 'id', 'SET NULL'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'credit_note_items',
        columns: documentLineColumns('credit_note_id'),
        foreignKeys: [
          foreignKey('fk_credit_note_items_credit_note', 'credit_note_id', 'credit_notes', 'id', 'CASCADE'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'credit_applications',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'credit_note_id', type: 'varchar', length: '36' },
          { name: 'invoice_id', type: 'varchar', length: '36' },
          moneyColumn('amount'),
          { name: 'date', type: 'date' },
          { name: 'created_by', type: 'varchar', length: '36', isNullable: true },
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
        indices: [
          new TableIndex({ name: 'ix_credit_applications_credit_note', columnNames: ['credit_note_id', 'date', 'id'] }),
          new TableIndex({ name: 'ix_credit_applications_invoice', columnNames: ['invoice_id'] }),
        ],
        foreignKeys: [
          foreignKey('fk_credit_applications_credit_note', 'credit_note_id', 'credit_notes', 'id', 'RESTRICT'),
          foreignKey('fk_credit_applications_invoice', 'invoice_id', 'invoices', 'id', 'RESTRICT'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('credit_applications');
    await queryRunner.dropTable('credit_note_items');
    await queryRunner.dropTable('credit_notes');
    await queryRunner.dropColumn('invoices', 'amount_credited');
  }
}
