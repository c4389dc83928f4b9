import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { exactKey } from './column-helpers';

const CONTACT_EMAILS = new TableIndex({ name: 'ix_email_outbox_contact', columnNames: ['contact_id', 'status'] });

/**
 * A one-time link remembers the address it was sent to (the contact's email key then): it
 * works only while the contact still has that address. Links issued before this was known
 * are ended: nobody can tell which address they went to. The queued emails of a contact are
 * found by an index, to be cancelled when its address changes or it is deactivated.
 */
export class LinksBoundToAddress1764001600000 implements MigrationInterface {
  name = 'LinksBoundToAddress1764001600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'one_time_links',
      new TableColumn({ name: 'email_key', type: 'varchar', length: '254', default: "''", ...exactKey(queryRunner) }),
    );
    const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
    await queryRunner.query('UPDATE one_time_links SET used_at = ? WHERE used_at IS NULL', [now]);
    await queryRunner.createIndex('email_outbox', CONTACT_EMAILS);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('email_outbox', CONTACT_EMAILS.name!);
    await queryRunner.dropColumn('one_time_links', 'email_key');
  }
}
