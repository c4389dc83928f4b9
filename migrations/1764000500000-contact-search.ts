import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { nameKey } from '../src/contacts/contact-keys';
import { exactKey } from './column-helpers';

const INDEXES = [
  new TableIndex({ name: 'ix_contacts_customer_first_name', columnNames: ['customer_id', 'first_name_key'] }),
  new TableIndex({ name: 'ix_contacts_customer_last_name', columnNames: ['customer_id', 'last_name_key'] }),
  new TableIndex({ name: 'ix_contacts_customer_email', columnNames: ['customer_id', 'email_key'] }),
  new TableIndex({ name: 'ix_contacts_customer_created', columnNames: ['customer_id', 'created_at'] }),
];

/** Folded name keys and per-customer indexes: a customer's contacts are searched by prefix and sorted on them. */
export class ContactSearch1764000500000 implements MigrationInterface {
  name = 'ContactSearch1764000500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const key = exactKey(queryRunner);
    await queryRunner.addColumns('contacts', [
      new TableColumn({ name: 'first_name_key', type: 'varchar', length: '100', default: "''", ...key }),
      new TableColumn({ name: 'last_name_key', type: 'varchar', length: '100', default: "''", ...key }),
    ]);
    const rows: Array<{ id: string; first_name: string; last_name: string }> = await queryRunner.query(
      'SELECT id, first_name, last_name FROM contacts',
    );
    for (const row of rows) {
      await queryRunner.query('UPDATE contacts SET first_name_key = ?, last_name_key = ? WHERE id = ?', [
        nameKey(row.first_name),
        nameKey(row.last_name),
        row.id,
      ]);
    }
    await queryRunner.createIndices('contacts', INDEXES);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const index of INDEXES) await queryRunner.dropIndex('contacts', index.name!);
    await queryRunner.dropColumns('contacts', ['first_name_key', 'last_name_key']);
  }
}
