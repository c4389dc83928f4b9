import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** The rows that serialise changes which could leave no active administrator. */
export class StaffGuards1764001200000 implements MigrationInterface {
  name = 'StaffGuards1764001200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'staff_guards',
        columns: [
          { name: 'name', type: 'varchar', length: '32', isPrimary: true },
          { name: 'version', type: 'integer' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('staff_guards');
  }
}
