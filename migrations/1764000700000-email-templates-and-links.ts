import { MigrationInterface, QueryRunner, Table, TableColumn, TableForeignKey, TableIndex } from 'typeorm';
import { exactKey } from './column-helpers';

/**
 * Email templates edited through the API (a template's switch, and its subject and body per
 * language over the default files), the one-time links sent by email (only their digest is
 * kept), and the outbox's note of which link an email carries.
 */
export class EmailTemplatesAndLinks1764000700000 implements MigrationInterface {
  name = 'EmailTemplatesAndLinks1764000700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'email_templates',
        columns: [
          { name: 'name', type: 'varchar', length: '64', isPrimary: true },
          { name: 'enabled', type: 'boolean' },
          { name: 'version', type: 'integer' },
          { name: 'updated_at', type: 'datetime', precision: 3 },
          { name: 'updated_by', type: 'varchar', length: '36', isNullable: true },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'email_template_translations',
        columns: [
          { name: 'template', type: 'varchar', length: '64', isPrimary: true },
          { name: 'language', type: 'varchar', length: '8', isPrimary: true },
          { name: 'subject', type: 'varchar', length: '255' },
          { name: 'body', type: 'text' },
          { name: 'updated_at', type: 'datetime', precision: 3 },
          { name: 'updated_by', type: 'varchar', length: '36', isNullable: true },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'one_time_links',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'purpose', type: 'varchar', length: '32' },
          { name: 'contact_id', type: 'varchar', length: '36' },
          { name: 'token_hash', type: 'varchar', length: '64', ...exactKey(queryRunner) },
          { name: 'expires_at', type: 'datetime', precision: 3 },
          { name: 'used_at', type: 'datetime', precision: 3, isNullable: true },
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
        indices: [
          new TableIndex({ name: 'ux_one_time_links_token', columnNames: ['token_hash'], isUnique: true }),
          new TableIndex({ name: 'ix_one_time_links_contact', columnNames: ['contact_id', 'used_at'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'fk_one_time_links_contact',
            columnNames: ['contact_id'],
            referencedTableName: 'contacts',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          }),
        ],
      }),
    );
    await queryRunner.addColumn(
      'email_outbox',
      new TableColumn({ name: 'link', type: 'varchar', length: '32', isNullable: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('email_outbox', 'link');
    await queryRunner.dropTable('one_time_links');
    await queryRunner.dropTable('email_template_translations');
    await queryRunner.dropTable('email_templates');
  }
}
