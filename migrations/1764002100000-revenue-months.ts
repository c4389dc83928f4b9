import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * The statement that fills `revenue_months` from the payments and invoices already stored,
 * by the rule the invoices module keeps it by: payments on invoices that are not cancelled
 * count as received in their month, invoices neither drafts nor cancelled as invoiced in
 * theirs. `sqlite` picks the month expression (`yyyymm` as an integer) of the engine.
 */
export function revenueMonthsBackfill(sqlite: boolean): string {
  const month = (date: string) =>
    sqlite ? `CAST(strftime('%Y%m', ${date}) AS INTEGER)` : `(YEAR(${date}) * 100 + MONTH(${date}))`;
  return (
    'INSERT INTO revenue_months (customer_id, currency, month, received, invoiced, payments, invoices) ' +
    'SELECT customer_id, currency, month, SUM(received), SUM(invoiced), SUM(payments), SUM(invoices) FROM (' +
    `SELECT p.customer_id AS customer_id, p.currency AS currency, ${month('p.date')} AS month, ` +
    'p.amount AS received, 0 AS invoiced, 1 AS payments, 0 AS invoices FROM payments p ' +
    "WHERE p.invoice_id NOT IN (SELECT c.id FROM invoices c WHERE c.status = 'cancelled') " +
    'UNION ALL ' +
    `SELECT i.customer_id, i.currency, ${month('i.date')}, 0, i.total, 0, 1 FROM invoices i ` +
    "WHERE i.status NOT IN ('draft', 'cancelled')" +
    ') activity GROUP BY customer_id, currency, month'
  );
}

/**
 * Finds the cancelled invoices that still hold money paid or credited: the application
 * never cancels such an invoice, so they were cancelled outside it, after their revenue was
 * counted, and a report takes them away itself.
 */
const CANCELLED_SETTLED = new TableIndex({
  name: 'ix_invoices_status_settled',
  columnNames: ['status', 'amount_paid', 'amount_credited'],
});

/**
 * Revenue per customer, currency and month (`revenue_months`), which the invoices module
 * keeps in step with every payment and invoice, filled from the rows already stored. The
 * primary key serves per-customer reads and the guarded upserts; the month index covers a
 * range of months read from the index alone.
 */
export class RevenueMonths1764002100000 implements MigrationInterface {
  name = 'RevenueMonths1764002100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'revenue_months',
        columns: [
          { name: 'customer_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'currency', type: 'varchar', length: '3', isPrimary: true },
          { name: 'month', type: 'integer', isPrimary: true },
          { name: 'received', type: 'bigint' },
          { name: 'invoiced', type: 'bigint' },
          { name: 'payments', type: 'integer' },
          { name: 'invoices', type: 'integer' },
        ],
        indices: [
          new TableIndex({
            name: 'ix_revenue_months_month',
            columnNames: ['month', 'customer_id', 'currency', 'received', 'invoiced', 'payments', 'invoices'],
          }),
        ],
      }),
    );
    await queryRunner.query(revenueMonthsBackfill(queryRunner.connection.driver.options.type === 'better-sqlite3'));
    await queryRunner.createIndex('invoices', CANCELLED_SETTLED);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('invoices', CANCELLED_SETTLED.name!);
    await queryRunner.dropTable('revenue_months');
  }
}
