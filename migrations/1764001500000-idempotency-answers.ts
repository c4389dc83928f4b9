import { MigrationInterface, QueryRunner, Table, TableColumn, TableForeignKey } from 'typeorm';
import { exactKey } from './column-helpers';

/**
 * Idempotency keys keep answers of any size (in parts after the first) and learn, in the
 * request's own transaction, that its change committed.
 */
export class IdempotencyAnswers1764001500000 implements MigrationInterface {
  name = 'IdempotencyAnswers1764001500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('idempotency_keys', [
      new TableColumn({ name: 'response_body_parts', type: 'integer', default: 0 }),
      new TableColumn({ name: 'committed_at', type: 'datetime', precision: 3, isNullable: true }),
      new TableColumn({ name: 'answer_lost', type: 'boolean', default: 0 }),
    ]);
    await queryRunner.createTable(
      new Table({
        name: 'idempotency_answer_parts',
        columns: [
          { name: 'actor_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'idempotency_key', type: 'varchar', length: '200', isPrimary: true, ...exactKey(queryRunner) },
          { name: 'part_number', type: 'integer', isPrimary: true },
          { name: 'body', type: 'text' },
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'fk_idempotency_answer_parts_key',
            columnNames: ['actor_id', 'idempotency_key'],
            referencedTableName: 'idempotency_keys',
            referencedColumnNames: ['actor_id', 'idempotency_key'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('idempotency_answer_parts');
    await queryRunner.dropColumns('idempotency_keys', ['answer_lost', 'committed_at', 'response_body_parts']);
  }
}
