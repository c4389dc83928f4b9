import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** Tables whose rows fix amounts at a currency's decimals, and their currency column. */
const USERS_OF_CURRENCY = [
  ['invoices', 'currency'],
  ['estimates', 'currency'],
  ['credit_notes', 'currency'],
  ['payments', 'currency'],
  ['exchange_rates', 'currency_code'],
] as const;

/**
 * A currency in use (by a document, a payment or an exchange rate) keeps its decimals: amounts
 * stored as minor units would otherwise change their meaning.
 */
export class CurrencyInUse1764001700000 implements MigrationInterface {
  name = 'CurrencyInUse1764001700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('currencies', new TableColumn({ name: 'in_use', type: 'boolean', default: 0 }));
    const used = USERS_OF_CURRENCY.map(([table, column]) => `code IN (SELECT ${column} FROM ${table})`).join(' OR ');
    await queryRunner.query(`UPDATE currencies SET in_use = ? WHERE ${used}`, [true]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('currencies', 'in_use');
  }
}
