import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';

/**
 * Session generations: ending every session of a staff member or contact advances their
 * generation, and a session begun in an earlier one is never refreshed again. Sessions
 * opened before this migration began in generation 0.
 */
export class SessionGenerations1764001300000 implements MigrationInterface {
  name = 'SessionGenerations1764001300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'session_subjects',
        columns: [
          { name: 'subject_type', type: 'varchar', length: '16', isPrimary: true },
          { name: 'subject_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'generation', type: 'integer' },
          { name: 'version', type: 'integer' },
        ],
      }),
    );
    await queryRunner.addColumn('refresh_tokens', new TableColumn({ name: 'generation', type: 'integer', default: 0 }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('refresh_tokens', 'generation');
    await queryRunner.dropTable('session_subjects');
  }
}
