import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { exactKey } from './column-helpers';

const timestamps = [
  { name: 'created_at', type: 'datetime', precision: 3 },
  { name: 'updated_at', type: 'datetime', precision: 3 },
];

export class StaffAndAuth1764000100000 implements MigrationInterface {
  name = 'StaffAndAuth1764000100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const key = exactKey(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'roles',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'name_key', type: 'varchar', length: '100', ...key },
          { name: 'permissions', type: 'text' },
          ...timestamps,
        ],
        indices: [new TableIndex({ name: 'uq_roles_name_key', columnNames: ['name_key'], isUnique: true })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'staff',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'email', type: 'varchar', length: '254' },
          { name: 'email_key', type: 'varchar', length: '254', ...key },
          { name: 'first_name', type: 'varchar', length: '100' },
          { name: 'last_name', type: 'varchar', length: '100' },
          { name: 'password_hash', type: 'varchar', length: '255' },
          { name: 'is_admin', type: 'boolean' },
          { name: 'active', type: 'boolean' },
          { name: 'language', type: 'varchar', length: '5', isNullable: true },
          { name: 'permissions', type: 'text' },
          { name: 'role_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'last_login_at', type: 'datetime', precision: 3, isNullable: true },
          ...timestamps,
        ],
        indices: [new TableIndex({ name: 'uq_staff_email_key', columnNames: ['email_key'], isUnique: true })],
        foreignKeys: [
          new TableForeignKey({
            name: 'fk_staff_role',
            columnNames: ['role_id'],
            referencedTableName: 'roles',
            referencedColumnNames: ['id'],
            onDelete: 'SET NULL',
            onUpdate: 'NO ACTION',
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'refresh_tokens',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'subject_type', type: 'varchar', length: '16' },
          { name: 'subject_id', type: 'varchar', length: '36' },
          { name: 'family_id', type: 'varchar', length: '36' },
          { name: 'token_hash', type: 'varchar', length: '64', ...key },
          { name: 'expires_at', type: 'datetime', precision: 3 },
          { name: 'used_at', type: 'datetime', precision: 3, isNullable: true },
          { name: 'revoked_at', type: 'datetime', precision: 3, isNullable: true },
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
        indices: [
          new TableIndex({ name: 'uq_refresh_tokens_hash', columnNames: ['token_hash'], isUnique: true }),
          new TableIndex({ name: 'ix_refresh_tokens_family', columnNames: ['family_id'] }),
          new TableIndex({ name: 'ix_refresh_tokens_subject', columnNames: ['subject_type', 'subject_id'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'throttle_buckets',
        columns: [
          { name: 'key', type: 'varchar', length: '191', isPrimary: true, ...key },
          { name: 'hits', type: 'integer' },
          { name: 'expires_at', type: 'datetime', precision: 3 },
          { name: 'blocked_until', type: 'datetime', precision: 3, isNullable: true },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('throttle_buckets');
    await queryRunner.dropTable('refresh_tokens');
    await queryRunner.dropTable('staff');
    await queryRunner.dropTable('roles');
  }
}
