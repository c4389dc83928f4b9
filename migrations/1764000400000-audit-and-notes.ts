import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';

export class AuditAndNotes1764000400000 implements MigrationInterface {
  name = 'AuditAndNotes1764000400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'audit_events',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'customer_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'entity_type', type: 'varchar', length: '32' },
          { name: 'entity_id', type: 'varchar', length: '36' },
          { name: 'action', type: 'varchar', length: '16' },
          { name: 'actor_type', type: 'varchar', length: '16' },
          { name: 'actor_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'changes', type: 'text' },
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
        indices: [
          new TableIndex({ name: 'ix_audit_events_customer', columnNames: ['customer_id', 'id'] }),
          new TableIndex({ name: 'ix_audit_events_entity', columnNames: ['entity_type', 'entity_id'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'customer_notes',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'customer_id', type: 'varchar', length: '36' },
          { name: 'text', type: 'text' },
          { name: 'contacted_at', type: 'datetime', precision: 3, isNullable: true },
          { name: 'author_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'created_at', type: 'datetime', precision: 3 },
          { name: 'updated_at', type: 'datetime', precision: 3 },
        ],
        indices: [new TableIndex({ name: 'ix_customer_notes_customer', columnNames: ['customer_id', 'id'] })],
        foreignKeys: [
          new TableForeignKey({
            name: 'fk_customer_notes_customer',
            columnNames: ['customer_id'],
            referencedTableName: 'customers',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          }),
          new TableForeignKey({
            name: 'fk_customer_notes_author',
            columnNames: ['author_id'],
            referencedTableName: 'staff',
            referencedColumnNames: ['id'],
            onDelete: 'SET NULL',
            onUpdate: 'NO ACTION',
          }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('customer_notes');
    await queryRunner.dropTable('audit_events');
  }
}
