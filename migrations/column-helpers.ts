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

/**
 * The columns every sales document table has (see `SalesDocument`), with its own columns
 * (`due_date`, `amount_paid`, ...) placed after the status and after the totals.
 */
export const salesDocumentColumns = (
  afterStatus: TableColumnOptions[],
  afterTotals: TableColumnOptions[],
): TableColumnOptions[] => [
  { name: 'id', type: 'varchar', length: '36', isPrimary: true },
  { name: 'number', type: 'varchar', length: '40', isNullable: true },
  { name: 'sequence_number', type: 'integer', isNullable: true },
  { name: 'customer_id', type: 'varchar', length: '36' },
  { name: 'currency', type: 'varchar', length: '3' },
  { name: 'currency_decimals', type: 'integer' },
  { name: 'date', type: 'date' },
  ...afterStatus,
  { name: 'status', type: 'varchar', length: '16' },
  moneyColumn('subtotal'),
  moneyColumn('tax_total'),
  moneyColumn('total'),
  ...afterTotals,
  ...addressColumns('billing_'),
  { name: 'has_shipping_address', type: 'boolean' },
  ...addressColumns('shipping_'),
  { name: 'version', type: 'integer' },
  { name: 'created_by', type: 'varchar', length: '36', isNullable: true },
  { name: 'created_at', type: 'datetime', precision: 3 },
  { name: 'updated_at', type: 'datetime', precision: 3 },
];

/** The columns of a document line table whose key is `documentColumn` and the line's position. */
export const documentLineColumns = (documentColumn: string): TableColumnOptions[] => [
  { name: documentColumn, type: 'varchar', length: '36', isPrimary: true },
  { name: 'position', type: 'integer', isPrimary: true },
  { name: 'description', type: 'varchar', length: '1000' },
  { name: 'quantity', type: 'varchar', length: '20' },
  { name: 'unit_price', type: 'varchar', length: '20' },
  { name: 'tax_rate', type: 'varchar', length: '10' },
  moneyColumn('net'),
  moneyColumn('tax'),
];
