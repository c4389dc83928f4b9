import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * A customer's contact answers an estimate on the portal: who accepted it (the name typed)
 * or why it was declined, when, and which contact answered.
 */
export class EstimateResponses1764002400000 implements MigrationInterface {
  name = 'EstimateResponses1764002400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('estimates', [
      new TableColumn({ name: 'accepted_by_name', type: 'varchar', length: '200', isNullable: true }),
      new TableColumn({ name: 'decline_reason', type: 'varchar', length: '1000', isNullable: true }),
      new TableColumn({ name: 'responded_at', type: 'datetime', precision: 3, isNullable: true }),
      new TableColumn({ name: 'responded_by_contact_id', type: 'varchar', length: '36', isNullable: true }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const column of ['responded_by_contact_id', 'responded_at', 'decline_reason', 'accepted_by_name'])
      await queryRunner.dropColumn('estimates', column);
  }
}
