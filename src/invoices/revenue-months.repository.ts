import { Injectable } from '@nestjs/common';
import { TransactionalConnection } from '@app/database';

/** A change of one customer's revenue in one currency and month (`yyyymm`); amounts in minor units. */
export interface RevenueDelta {
  customerId: string;
  currency: string;
  month: number;
  received: bigint;
  invoiced: bigint;
  payments: number;
  invoices: number;
}

const COLUMNS = ['customer_id', 'currency', 'month', 'received', 'invoiced', 'payments', 'invoices'] as const;
const ADDED = ['received', 'invoiced', 'payments', 'invoices'] as const;

/** The `revenue_months` table: revenue per customer, currency and month, moved by increments only. */
@Injectable()
export class RevenueMonthsRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  /**
   * Adds the deltas to their rows in one statement, creating a row that does not exist yet:
   * an increment under the row's lock (ON DUPLICATE KEY UPDATE / ON CONFLICT), never a
   * value computed from a read, so concurrent changes of the same month add up. Rows are
   * taken in key order, so two transactions touching the same rows cannot deadlock on them.
   */
  async add(deltas: readonly RevenueDelta[]): Promise<void> {
    if (deltas.length === 0) return;
    const rows = [...deltas].sort(
      (a, b) => a.customerId.localeCompare(b.customerId) || a.currency.localeCompare(b.currency) || a.month - b.month,
    );
    const tuple = `(${COLUMNS.map(() => '?').join(', ')})`;
    const onDuplicate = this.connection.isSqlite
      ? `ON CONFLICT (customer_id, currency, month) DO UPDATE SET ${ADDED.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`
      : `ON DUPLICATE KEY UPDATE ${ADDED.map((c) => `${c} = ${c} + VALUES(${c})`).join(', ')}`;
    const sql = `INSERT INTO revenue_months (${COLUMNS.join(', ')}) VALUES ${rows.map(() => tuple).join(', ')} ${onDuplicate}`;
    const parameters = rows.flatMap((row) => [
      row.customerId,
      row.currency,
      row.month,
      String(row.received),
      String(row.invoiced),
      row.payments,
      row.invoices,
    ]);
    await this.connection.manager.query(sql, parameters);
  }
}
