import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** The transactional outbox of emails, with indexes for the worker's due query and the list. */
export class EmailOutbox1764000600000 implements MigrationInterface {
  name = 'EmailOutbox1764000600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'email_outbox',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'template', type: 'varchar', length: '64' },
          { name: 'language', type: 'varchar', length: '8', isNullable: true },
          { name: 'to_email', type: 'varchar', length: '254' },
          { name: 'to_name', type: 'varchar', length: '200', isNullable: true },
          { name: 'customer_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'contact_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'context', type: 'text' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'attempts', type: 'integer' },
          { name: 'next_attempt_at', type: 'datetime', precision: 3 },
          { name: 'claimed_by', type: 'varchar', length: '100', isNullable: true },
          { name: 'lease_until', type: 'datetime', precision: 3, isNullable: true },
          { name: 'last_error', type: 'varchar', length: '1000', isNullable: true },
          { name: 'message_id', type: 'varchar', length: '255', isNullable: true },
          { name: 'created_at', type: 'datetime', precision: 3 },
          { name: 'sent_at', type: 'datetime', precision: 3, isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'ix_email_outbox_due', columnNames: ['status', 'next_attempt_at'] }),
          new TableIndex({ name: 'ix_email_outbox_customer', columnNames: ['customer_id', 'id'] }),
          new TableIndex({ name: 'ix_email_outbox_recipient', columnNames: ['to_email', 'id'] }),
          new TableIndex({ name: 'ix_email_outbox_status', columnNames: ['status', 'id'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('email_outbox');
  }
}
