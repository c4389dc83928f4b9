import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableForeignKey, TableIndex } from 'typeorm';
import { exactKey } from './column-helpers';

const id = (name: string, isPrimary = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: '36',
  isPrimary,
});
const timestamps: TableColumnOptions[] = [
  { name: 'created_at', type: 'datetime', precision: 3 },
  { name: 'updated_at', type: 'datetime', precision: 3 },
];
const address = (prefix: string): TableColumnOptions[] => [
  { name: `${prefix}street`, type: 'varchar', length: '255', isNullable: true },
  { name: `${prefix}city`, type: 'varchar', length: '100', isNullable: true },
  { name: `${prefix}state`, type: 'varchar', length: '100', isNullable: true },
  { name: `${prefix}zip`, type: 'varchar', length: '20', isNullable: true },
  { name: `${prefix}country`, type: 'varchar', length: '2', isNullable: true },
];
const fk = (name: string, column: string, table: string, referenced: string, onDelete: string) =>
  new TableForeignKey({
    name,
    columnNames: [column],
    referencedTableName: table,
    referencedColumnNames: [referenced],
    onDelete,
    onUpdate: 'NO ACTION',
  });
const index = (name: string, columnNames: string[], isUnique = false) =>
  new TableIndex({ name, columnNames, isUnique });

/** The currencies a new installation starts with (tests restore them after emptying tables). */
export const SEED_CURRENCIES = [
  ['USD', 'US Dollar', '$', 2, '.', ',', 'before', 1],
  ['EUR', 'Euro', '€', 2, ',', '.', 'after', 0],
] as const;

export class Customers1764000200000 implements MigrationInterface {
  name = 'Customers1764000200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const key = exactKey(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'currencies',
        columns: [
          { name: 'code', type: 'varchar', length: '3', isPrimary: true },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'symbol', type: 'varchar', length: '10' },
          { name: 'decimals', type: 'integer' },
          { name: 'decimal_separator', type: 'varchar', length: '1' },
          { name: 'thousand_separator', type: 'varchar', length: '1' },
          { name: 'placement', type: 'varchar', length: '6' },
          { name: 'is_default', type: 'boolean' },
          { name: 'default_key', type: 'varchar', length: '1', isNullable: true },
          ...timestamps,
        ],
        indices: [index('uq_currencies_default', ['default_key'], true)],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'exchange_rates',
        columns: [
          { name: 'currency_code', type: 'varchar', length: '3', isPrimary: true },
          { name: 'date', type: 'date', isPrimary: true },
          { name: 'rate', type: 'varchar', length: '32' },
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
        foreignKeys: [fk('fk_exchange_rates_currency', 'currency_code', 'currencies', 'code', 'CASCADE')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'customer_groups',
        columns: [
          id('id', true),
          { name: 'name', type: 'varchar', length: '191' },
          { name: 'name_key', type: 'varchar', length: '191', ...key },
          ...timestamps,
        ],
        indices: [index('uq_customer_groups_name_key', ['name_key'], true)],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'customers',
        columns: [
          id('id', true),
          { name: 'company', type: 'varchar', length: '191' },
          { name: 'company_key', type: 'varchar', length: '191', ...key },
          { name: 'vat', type: 'varchar', length: '50', isNullable: true },
          { name: 'vat_key', type: 'varchar', length: '50', isNullable: true, ...key },
          { name: 'phone', type: 'varchar', length: '50', isNullable: true },
          { name: 'website', type: 'varchar', length: '255', isNullable: true },
          ...address(''),
          ...address('billing_'),
          { name: 'has_shipping_address', type: 'boolean' },
          ...address('shipping_'),
          { name: 'currency', type: 'varchar', length: '3', isNullable: true },
          { name: 'language', type: 'varchar', length: '5', isNullable: true },
          { name: 'active', type: 'boolean' },
          { name: 'transaction_count', type: 'integer' },
          { name: 'version', type: 'integer' },
          { ...id('created_by'), isNullable: true },
          ...timestamps,
        ],
        indices: [
          index('ix_customers_active_company', ['active', 'company_key', 'id']),
          index('ix_customers_active_created', ['active', 'created_at', 'id']),
          index('ix_customers_company_key', ['company_key', 'id']),
          index('ix_customers_vat_key', ['vat_key']),
          index('ix_customers_currency', ['currency', 'active', 'company_key']),
          index('ix_customers_country', ['country', 'active', 'company_key']),
          index('ix_customers_created_by', ['created_by']),
        ],
        foreignKeys: [
          fk('fk_customers_currency', 'currency', 'currencies', 'code', 'RESTRICT'),
          fk('fk_customers_created_by', 'created_by', 'staff', 'id', 'SET NULL'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'customer_group_members',
        columns: [id('customer_id', true), id('group_id', true)],
        indices: [index('ix_customer_group_members_group', ['group_id', 'customer_id'])],
        foreignKeys: [
          fk('fk_customer_group_members_customer', 'customer_id', 'customers', 'id', 'CASCADE'),
          fk('fk_customer_group_members_group', 'group_id', 'customer_groups', 'id', 'CASCADE'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'customer_admins',
        columns: [
          id('customer_id', true),
          id('staff_id', true),
          { name: 'assigned_at', type: 'datetime', precision: 3 },
          { ...id('assigned_by'), isNullable: true },
        ],
        indices: [index('ix_customer_admins_staff', ['staff_id', 'customer_id'])],
        foreignKeys: [
          fk('fk_customer_admins_customer', 'customer_id', 'customers', 'id', 'CASCADE'),
          fk('fk_customer_admins_staff', 'staff_id', 'staff', 'id', 'CASCADE'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'customer_search_terms',
        columns: [id('customer_id', true), { name: 'term', type: 'varchar', length: '64', isPrimary: true, ...key }],
        indices: [index('ix_customer_search_terms_term', ['term', 'customer_id'])],
        foreignKeys: [fk('fk_customer_search_terms_customer', 'customer_id', 'customers', 'id', 'CASCADE')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'contacts',
        columns: [
          id('id', true),
          id('customer_id'),
          { name: 'first_name', type: 'varchar', length: '100' },
          { name: 'last_name', type: 'varchar', length: '100' },
          { name: 'email', type: 'varchar', length: '254' },
          { name: 'email_key', type: 'varchar', length: '254', ...key },
          { name: 'phone', type: 'varchar', length: '50', isNullable: true },
          { name: 'title', type: 'varchar', length: '100', isNullable: true },
          { name: 'password_hash', type: 'varchar', length: '255', isNullable: true },
          { name: 'is_primary', type: 'boolean' },
          { name: 'active', type: 'boolean' },
          { name: 'permissions', type: 'text' },
          { name: 'email_notifications', type: 'text' },
          { name: 'last_login_at', type: 'datetime', precision: 3, isNullable: true },
          { name: 'version', type: 'integer' },
          ...timestamps,
        ],
        indices: [
          index('uq_contacts_email_key', ['email_key'], true),
          index('ix_contacts_customer', ['customer_id', 'is_primary']),
        ],
        foreignKeys: [fk('fk_contacts_customer', 'customer_id', 'customers', 'id', 'CASCADE')],
      }),
    );
    const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
    for (const [
      code,
      name,
      symbol,
      decimals,
      decimalSeparator,
      thousandSeparator,
      placement,
      isDefault,
    ] of SEED_CURRENCIES) {
      await queryRunner.query(
        'INSERT INTO currencies (code, name, symbol, decimals, decimal_separator, thousand_separator, placement, is_default, default_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [
          code,
          name,
          symbol,
          decimals,
          decimalSeparator,
          thousandSeparator,
          placement,
          isDefault,
          isDefault ? 'Y' : null,
          now,
          now,
        ],
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'contacts',
      'customer_search_terms',
      'customer_admins',
      'customer_group_members',
      'customers',
      'customer_groups',
      'exchange_rates',
      'currencies',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
