import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { exactKey } from './column-helpers';

export class IdempotencyKeys1764000300000 implements MigrationInterface {
  name = 'IdempotencyKeys1764000300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'idempotency_keys',
        columns: [
          { name: 'actor_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'idempotency_key', type: 'varchar', length: '200', isPrimary: true, ...exactKey(queryRunner) },
          { name: 'method', type: 'varchar', length: '10' },
          { name: 'path', type: 'varchar', length: '500' },
          { name: 'request_hash', type: 'varchar', length: '64' },
          { name: 'status_code', type: 'integer', isNullable: true },
          { name: 'response_body', type: 'text', isNullable: true },
          { name: 'response_headers', type: 'text', isNullable: true },
          { name: 'created_at', type: 'datetime', precision: 3 },
          { name: 'expires_at', type: 'datetime', precision: 3 },
        ],
        indices: [new TableIndex({ name: 'ix_idempotency_keys_expires', columnNames: ['expires_at'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('idempotency_keys');
  }
}
