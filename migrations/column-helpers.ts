import { QueryRunner, TableColumnOptions, TableForeignKey } from 'typeorm';

/**
 * Normalised key columns compare byte for byte on MySQL too (its default collation would
 * equate "café" with "cafe" and one emoji with another), as they do on SQLite.
 */
export const exactKey = (queryRunner: QueryRunner): Partial<TableColumnOptions> =>
  queryRunner.connection.driver.options.type === 'better-sqlite3' ? {} : { collation: 'utf8mb4_bin' };

/** The five columns of an address, each prefixed (`billing_street`, ...). */
export const addressColumns = (prefix: string): TableColumnOptions[] => [
  { name: `${prefix}street`, type: 'varchar', length: '255', isNullable: true },
  { name: `${prefix}city`, type: 'varchar', length: '100', isNullable: true },
  { name: `${prefix}state`, type: 'varchar', length: '100', isNullable: true },
  { name: `${prefix}zip`, type: 'varchar', length: '20', isNullable: true },
  { name: `${prefix}country`, type: 'varchar', length: '2', isNullable: true },
];

/** An amount in integer minor units. */
export const moneyColumn = (name: string): TableColumnOptions => ({ name, type: 'bigint' });

/** A named foreign key on one column. */
export const foreignKey = (name: string, column: string, table: string, referenced: string, onDelete: string) =>
  new TableForeignKey({
    name,
    columnNames: [column],
    referencedTableName: table,
    referencedColumnNames: [referenced],
    onDelete,
    onUpdate: 'NO ACTION',
  });
