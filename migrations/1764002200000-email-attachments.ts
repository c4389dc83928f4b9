import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** An outbox email may carry a document's PDF, named by the row and rendered when it is sent. */
export class EmailAttachments1764002200000 implements MigrationInterface {
  name = 'EmailAttachments1764002200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'email_outbox',
      new TableColumn({ name: 'attachment', type: 'text', isNullable: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('email_outbox', 'attachment');
  }
}
