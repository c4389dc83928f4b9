import fc from 'fast-check';
import { Given, line, startAsAdmin } from '../factories/given';
import { TestApp } from '../helpers/test-app';

/**
 * The revenue per customer, currency and month that the invoices module keeps equals the
 * plain aggregate of the documents after any sequence of changes through the API: invoices
 * created (issued or drafts), edited (total, date), issued, cancelled, drafts deleted,
 * payments made and taken back, credit applied. And the report, read from it (whole months)
 * and from the documents (the days of a month a range covers in part), answers what the
 * documents say, in rows, totals and series.
 */
describe('revenue per customer and month', () => {
  let t: TestApp;
  let make: Given;
  let admin: string;
  const customers: Array<{ id: string; currency: string; groups: string[] }> = [];
  const groups: string[] = [];
  const invoices: string[] = [];
  const payments: string[] = [];

  const DAYS = ['2026-01-05', '2026-01-31', '2026-02-01', '2026-02-14', '2026-03-01', '2026-03-20'];
  const cents = (text: string | number) => Math.round(Number(text) * 100);

  beforeAll(async () => {
    ({ t, make, admin } = await startAsAdmin());
    groups.push((await make.group('North')).id, (await make.group('South')).id);
    for (const [currency, memberOf] of [
      ['USD', [groups[0]]],
      ['USD', [groups[0], groups[1]]],
      ['EUR', [groups[1]]],
      ['EUR', []],
    ] as const) {
      const customer = await make.customer({ currency, groupIds: [...memberOf] });
      customers.push({ id: customer.id, currency, groups: [...memberOf] });
    }
  });
  afterAll(() => t.close());

  const pick = <T>(items: readonly T[], index: number): T | undefined =>
    items.length === 0 ? undefined : items[index % items.length];

  type Operation = (index: number) => Promise<void>;
  const amount = fc.integer({ min: 0, max: 50_000 }).map((n) => (n / 100).toFixed(2));
  const day = fc.constantFrom(...DAYS);
  const operation: fc.Arbitrary<[string, Operation]> = fc.oneof(
    fc.tuple(amount, day, fc.boolean()).map(([total, date, draft]): [string, Operation] => [
      `create ${total} ${date}${draft ? ' draft' : ''}`,
      async (index) => {
        const customer = pick(customers, index)!;
        const res = await t.post(
          'invoices',
          {
            customerId: customer.id,
            items: [line(total)],
            date,
            dueDate: '2026-12-31',
            ...(draft ? { status: 'draft' } : {}),
          },
          { token: admin },
        );
        expect(res.status).toBe(201);
        invoices.push(res.body.id);
      },
    ]),
    fc.tuple(fc.option(amount), fc.option(day)).map(([total, date]): [string, Operation] => [
      `edit ${total} ${date}`,
      async (index) => {
        const id = pick(invoices, index);
        if (id === undefined) return;
        await t.request('PATCH', `invoices/${id}`, {
          token: admin,
          body: { ...(total === null ? {} : { items: [line(total)] }), ...(date === null ? {} : { date }) },
        });
      },
    ]),
    fc.constant<[string, Operation]>([
      'issue',
      async (index) => {
        const id = pick(invoices, index);
        if (id !== undefined) await t.request('PATCH', `invoices/${id}`, { token: admin, body: { status: 'unpaid' } });
      },
    ]),
    fc.constant<[string, Operation]>([
      'cancel',
      async (index) => {
        const id = pick(invoices, index);
        if (id !== undefined) await t.post(`invoices/${id}/cancel`, undefined, { token: admin });
      },
    ]),
    fc.constant<[string, Operation]>([
      'delete draft',
      async (index) => {
        const id = pick(invoices, index);
        if (id !== undefined) await t.request('DELETE', `invoices/${id}`, { token: admin });
      },
    ]),
    fc.tuple(fc.constantFrom(1, 0.5, 0.25), day).map(([share, date]): [string, Operation] => [
      `pay ${share} ${date}`,
      async (index) => {
        const id = pick(invoices, index);
        if (id === undefined) return;
        const invoice = await t.get(`invoices/${id}`, { token: admin });
        if (invoice.status !== 200 || cents(invoice.body.amountDue) === 0) return;
        const paid = Math.max(1, Math.floor(cents(invoice.body.amountDue) * share));
        const res = await t.post(
          'payments',
          { invoiceId: id, amount: (paid / 100).toFixed(2), date, mode: 'bank' },
          { token: admin },
        );
        if (res.status === 201) payments.push(res.body.id);
      },
    ]),
    fc.constant<[string, Operation]>([
      'delete payment',
      async (index) => {
        const id = pick(payments, index);
        if (id === undefined) return;
        const res = await t.request('DELETE', `payments/${id}`, { token: admin });
        if (res.status === 204) payments.splice(payments.indexOf(id), 1);
      },
    ]),
    fc.constant<[string, Operation]>([
      'credit',
      async (index) => {
        const id = pick(invoices, index);
        if (id === undefined) return;
        const invoice = await t.get(`invoices/${id}`, { token: admin });
        if (invoice.status !== 200 || cents(invoice.body.amountDue) === 0) return;
        const credit = await make.creditNote({ customerId: invoice.body.customerId, items: [line('1.00')] });
        await t.post(`credit-notes/${credit.id}/applications`, { invoiceId: id, amount: '1.00' }, { token: admin });
      },
    ]),
  );

  type Row = {
    customerId: string;
    currency: string;
    month: number;
    received: number;
    invoiced: number;
    documents: number;
  };

  /** The revenue rows as stored, those that count something. */
  async function stored(): Promise<Row[]> {
    const rows: Array<Record<string, string | number>> = await t.dataSource.query(
      'SELECT customer_id, currency, month, received, invoiced, payments, invoices FROM revenue_months',
    );
    return rows
      .map((r) => ({
        customerId: String(r.customer_id),
        currency: String(r.currency),
        month: Number(r.month),
        received: Number(r.received),
        invoiced: Number(r.invoiced),
        documents: Number(r.payments) + Number(r.invoices),
      }))
      .filter((r) => r.received !== 0 || r.invoiced !== 0 || r.documents !== 0)
      .sort(byKey);
  }

  const byKey = (a: Row, b: Row) =>
    a.customerId.localeCompare(b.customerId) || a.currency.localeCompare(b.currency) || a.month - b.month;

  interface Documents {
    invoices: Array<{ id: string; customerId: string; currency: string; date: string; status: string; total: number }>;
    payments: Array<{ invoiceId: string; customerId: string; currency: string; date: string; amount: number }>;
  }

  async function documents(): Promise<Documents> {
    const invoiceRows: Array<Record<string, string | number>> = await t.dataSource.query(
      'SELECT id, customer_id, currency, date, status, total FROM invoices',
    );
    const paymentRows: Array<Record<string, string | number>> = await t.dataSource.query(
      'SELECT invoice_id, customer_id, currency, date, amount FROM payments',
    );
    return {
      invoices: invoiceRows.map((r) => ({
        id: String(r.id),
        customerId: String(r.customer_id),
        currency: String(r.currency),
        date: String(r.date).slice(0, 10),
        status: String(r.status),
        total: Number(r.total),
      })),
      payments: paymentRows.map((r) => ({
        invoiceId: String(r.invoice_id),
        customerId: String(r.customer_id),
        currency: String(r.currency),
        date: String(r.date).slice(0, 10),
        amount: Number(r.amount),
      })),
    };
  }

  const monthOf = (date: string) => Number(date.slice(0, 4)) * 100 + Number(date.slice(5, 7));

  /** The rows by the table's own rule, from the documents: payments on invoices not cancelled, invoices neither drafts nor cancelled. */
  function aggregated(docs: Documents): Row[] {
    const rows = new Map<string, Row>();
    const add = (customerId: string, currency: string, date: string, received: number, invoiced: number) => {
      const key = `${customerId}|${currency}|${monthOf(date)}`;
      const row = rows.get(key) ?? {
        customerId,
        currency,
        month: monthOf(date),
        received: 0,
        invoiced: 0,
        documents: 0,
      };
      row.received += received;
      row.invoiced += invoiced;
      row.documents += 1;
      rows.set(key, row);
    };
    const cancelled = new Set(docs.invoices.filter((i) => i.status === 'cancelled').map((i) => i.id));
    for (const p of docs.payments) if (!cancelled.has(p.invoiceId)) add(p.customerId, p.currency, p.date, p.amount, 0);
    for (const i of docs.invoices) {
      if (i.status !== 'draft' && i.status !== 'cancelled') add(i.customerId, i.currency, i.date, 0, i.total);
    }
    return [...rows.values()].sort(byKey);
  }

  /** What the report must answer for `from`–`to`, by the report's rule, from the documents. */
  function expectedReport(docs: Documents, from: string, to: string) {
    const cancelled = new Set(docs.invoices.filter((i) => i.status === 'cancelled').map((i) => i.id));
    const inRange = (date: string) => date >= from && date <= to;
    const activity = [
      ...docs.payments
        .filter((p) => inRange(p.date) && !cancelled.has(p.invoiceId))
        .map((p) => ({ ...p, received: p.amount, invoiced: 0 })),
      ...docs.invoices
        .filter((i) => inRange(i.date) && i.status !== 'draft' && i.status !== 'cancelled')
        .map((i) => ({ ...i, received: 0, invoiced: i.total })),
    ];
    const rows = new Map<string, { received: number; invoiced: number; customers: Set<string> }>();
    const totals = new Map<string, { received: number; invoiced: number }>();
    const series = new Map<string, { received: number; invoiced: number }>();
    for (const a of activity) {
      const customer = customers.find((c) => c.id === a.customerId)!;
      const total = totals.get(a.currency) ?? { received: 0, invoiced: 0 };
      total.received += a.received;
      total.invoiced += a.invoiced;
      totals.set(a.currency, total);
      for (const group of customer.groups.length ? customer.groups : [null]) {
        const rowKey = `${group}|${a.currency}`;
        const row = rows.get(rowKey) ?? { received: 0, invoiced: 0, customers: new Set<string>() };
        row.received += a.received;
        row.invoiced += a.invoiced;
        row.customers.add(a.customerId);
        rows.set(rowKey, row);
        const pointKey = `${a.date.slice(0, 7)}|${group}|${a.currency}`;
        const point = series.get(pointKey) ?? { received: 0, invoiced: 0 };
        point.received += a.received;
        point.invoiced += a.invoiced;
        series.set(pointKey, point);
      }
    }
    return {
      rows: [...rows].map(([k, v]) => `${k} ${v.received} ${v.invoiced} ${v.customers.size}`).sort(),
      totals: [...totals].map(([k, v]) => `${k} ${v.received} ${v.invoiced}`).sort(),
      series: [...series].map(([k, v]) => `${k} ${v.received} ${v.invoiced}`).sort(),
    };
  }

  async function answeredReport(from: string, to: string) {
    const res = await t.get(`reports/customer-groups?period=custom&from=${from}&to=${to}`, { token: admin });
    expect(res.status).toBe(200);
    type Figures = { received: string; invoiced: string };
    return {
      rows: res.body.rows
        .map(
          (r: Figures & { groupId: string | null; currency: string; customers: number }) =>
            `${r.groupId}|${r.currency} ${cents(r.received)} ${cents(r.invoiced)} ${r.customers}`,
        )
        .sort(),
      totals: res.body.totals
        .map((r: Figures & { currency: string }) => `${r.currency} ${cents(r.received)} ${cents(r.invoiced)}`)
        .sort(),
      series: res.body.series
        .map(
          (r: Figures & { month: string; groupId: string | null; currency: string }) =>
            `${r.month}|${r.groupId}|${r.currency} ${cents(r.received)} ${cents(r.invoiced)}`,
        )
        .sort(),
    };
  }

  it('equals the plain aggregate after any sequence of changes, and the report answers what the documents say', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(operation, fc.nat(1000)), { minLength: 5, maxLength: 25 }), async (steps) => {
        for (const [[, run], index] of steps) await run(index);
        const docs = await documents();
        expect(await stored()).toEqual(aggregated(docs));
        for (const [from, to] of [
          ['2026-01-01', '2026-03-31'],
          ['2026-01-15', '2026-03-10'],
          ['2026-02-01', '2026-02-14'],
          ['2026-01-31', '2026-02-01'],
        ]) {
          expect(await answeredReport(from, to)).toEqual(expectedReport(docs, from, to));
        }
      }),
      { seed: 20261207, numRuns: 12, endOnFailure: true },
    );
  });
});
