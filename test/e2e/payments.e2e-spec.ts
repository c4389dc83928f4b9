import { randomUUID } from 'node:crypto';
import { Invoice } from '../../src/invoices/invoice.entity';
import { Given, startAsAdmin, line } from '../factories/given';
import { errorFields, expectProblem } from '../helpers/problems';
import { TestApp } from '../helpers/test-app';

/** Payments against invoices, on this run's engine (SQLite, or MariaDB with TEST_MYSQL_URL). */
describe('payments', () => {
  let t: TestApp;
  let make: Given;
  let admin: string;

  beforeAll(async () => {
    ({ t, make, admin } = await startAsAdmin());
    await make.currency({ code: 'JPY', decimals: 0 });
    await make.currency({ code: 'KWD', decimals: 3 });
  });
  afterAll(() => t.close());

  /** A new invoice of `total` (one line) for a new customer in `currency`. */
  const invoiceOf = async (total: string, currency = 'EUR', status?: 'draft') => {
    const customer = await make.customer({ currency });
    return make.invoice({ customerId: customer.id, status, items: [line(total)] });
  };
  const pay = (body: Record<string, unknown>, token = admin, headers: Record<string, string> = {}) =>
    t.post('payments', body, { token, headers });
  const invoice = async (id: string) => (await t.get(`invoices/${id}`, { token: admin })).body;
  const transactionCount = async (customerId: string) =>
    (await t.get(`customers/${customerId}`, { token: admin })).body.transactionCount;

  it('moves an invoice from unpaid to partially paid to paid, with amountPaid and amountDue right', async () => {
    const inv = await invoiceOf('100.00');
    const first = await pay({
      invoiceId: inv.id,
      amount: '30.5',
      date: '2026-01-20',
      mode: 'bank',
      note: 'First part',
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      invoiceId: inv.id,
      customerId: inv.customerId,
      currency: 'EUR',
      amount: '30.50',
      date: '2026-01-20',
      mode: 'bank',
      note: 'First part',
    });
    expect(await invoice(inv.id)).toMatchObject({ status: 'partially_paid', amountPaid: '30.50', amountDue: '69.50' });

    const rest = await pay({ invoiceId: inv.id, amount: '69.50', mode: 'cash' });
    expect(rest.status).toBe(201);
    expect(rest.body.date).toBe(new Date().toISOString().slice(0, 10));
    expect(rest.body.note).toBeNull();
    expect(await invoice(inv.id)).toMatchObject({ status: 'paid', amountPaid: '100.00', amountDue: '0.00' });

    const read = await t.get(`payments/${first.body.id}`, { token: admin });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(first.body);
    const listed = await t.get(`payments?invoiceId=${inv.id}`, { token: admin });
    expect(listed.body.data.map((p: any) => p.id)).toEqual([rest.body.id, first.body.id]);
    expect(listed.body.meta.total).toBe(2);
    expect(await transactionCount(inv.customerId)).toBe(3);

    const activity = await t.get(`customers/${inv.customerId}/activity?pageSize=100`, { token: admin });
    const payments = activity.body.data.filter((e: any) => e.entityType === 'payment');
    expect(payments.map((e: any) => [e.entityId, e.action]).sort()).toEqual(
      [
        [first.body.id, 'create'],
        [rest.body.id, 'create'],
      ].sort(),
    );

    expectProblem(await pay({ invoiceId: inv.id, amount: '0.01', mode: 'bank' }), 409, 'INVOICE_STATUS_CONFLICT');
  });

  it('answers 409 PAYMENT_EXCEEDS_AMOUNT_DUE to an overpayment, changing nothing', async () => {
    const inv = await invoiceOf('50.00');
    expect((await pay({ invoiceId: inv.id, amount: '20', mode: 'bank' })).status).toBe(201);
    const over = await pay({ invoiceId: inv.id, amount: '30.01', mode: 'bank' });
    expectProblem(over, 409, 'PAYMENT_EXCEEDS_AMOUNT_DUE');
    expect(over.body.amountDue).toBe('30.00');
    expect(await invoice(inv.id)).toMatchObject({ status: 'partially_paid', amountPaid: '20.00', amountDue: '30.00' });
    expect((await t.get(`payments?invoiceId=${inv.id}`, { token: admin })).body.meta.total).toBe(1);
    expect(await transactionCount(inv.customerId)).toBe(2);
    const german = await t.post(
      'payments',
      { invoiceId: inv.id, amount: '1000', mode: 'bank' },
      { token: admin, headers: { 'accept-language': 'de' } },
    );
    expectProblem(german, 409, 'PAYMENT_EXCEEDS_AMOUNT_DUE');
    expect(german.body.detail).toContain('offenen Betrag');
  });

  it('takes amounts in a 0-decimal and a 3-decimal currency, refusing more decimals than the currency has', async () => {
    const yen = await invoiceOf('1000', 'JPY');
    const paidYen = await pay({ invoiceId: yen.id, amount: '400', mode: 'cash' });
    expect(paidYen.status).toBe(201);
    expect(paidYen.body).toMatchObject({ amount: '400', currency: 'JPY' });
    expect(await invoice(yen.id)).toMatchObject({ amountPaid: '400', amountDue: '600', status: 'partially_paid' });
    const cents = await pay({ invoiceId: yen.id, amount: '1.5', mode: 'cash' });
    expectProblem(cents, 400, 'VALIDATION_FAILED');
    expect(errorFields(cents)).toEqual(['amount']);

    const dinar = await invoiceOf('10.000', 'KWD');
    const paidDinar = await pay({ invoiceId: dinar.id, amount: '2.345', mode: 'bank' });
    expect(paidDinar.body).toMatchObject({ amount: '2.345', currency: 'KWD' });
    expect(await invoice(dinar.id)).toMatchObject({ amountPaid: '2.345', amountDue: '7.655' });
    expectProblem(await pay({ invoiceId: dinar.id, amount: '0.0001', mode: 'bank' }), 400, 'VALIDATION_FAILED');
    expect((await pay({ invoiceId: dinar.id, amount: '7.655', mode: 'bank' })).status).toBe(201);
    expect(await invoice(dinar.id)).toMatchObject({ status: 'paid', amountDue: '0.000' });
  });

  it.each([
    ['an unknown mode', { mode: 'cheque' }, 'mode'],
    ['a mode that is no slug', { mode: 'Bank Transfer' }, 'mode'],
    ['a zero amount', { amount: '0.00' }, 'amount'],
    ['a negative amount', { amount: '-5' }, 'amount'],
    ['an amount as a number', { amount: 5 }, 'amount'],
    ['an impossible date', { date: '2026-02-30' }, 'date'],
  ])('refuses %s with 400 naming the field', async (_what, change, field) => {
    const inv = await invoiceOf('10.00');
    const res = await pay({ invoiceId: inv.id, amount: '5', mode: 'bank', ...change });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(errorFields(res)).toEqual([field]);
    expect(await invoice(inv.id)).toMatchObject({ status: 'unpaid', amountPaid: '0.00' });
  });

  it('takes the modes from the settings', async () => {
    const inv = await invoiceOf('10.00');
    expect(
      (await t.request('PATCH', 'settings', { body: { paymentModes: ['bank', 'paypal'] }, token: admin })).status,
    ).toBe(200);
    try {
      expect((await pay({ invoiceId: inv.id, amount: '1', mode: 'paypal' })).status).toBe(201);
      expectProblem(await pay({ invoiceId: inv.id, amount: '1', mode: 'cash' }), 400, 'VALIDATION_FAILED');
    } finally {
      await t.request('PATCH', 'settings', { body: { paymentModes: ['bank', 'cash', 'card'] }, token: admin });
    }
  });

  it('answers 409 to a payment on a draft or a cancelled invoice, and 404 to an unknown one', async () => {
    const draft = await invoiceOf('10.00', 'EUR', 'draft');
    const onDraft = await pay({ invoiceId: draft.id, amount: '1', mode: 'bank' });
    expectProblem(onDraft, 409, 'INVOICE_STATUS_CONFLICT');
    expect(onDraft.body.currentStatus).toBe('draft');

    const cancelled = await invoiceOf('10.00');
    expect((await t.post(`invoices/${cancelled.id}/cancel`, undefined, { token: admin })).status).toBe(200);
    const onCancelled = await pay({ invoiceId: cancelled.id, amount: '1', mode: 'bank' });
    expectProblem(onCancelled, 409, 'INVOICE_STATUS_CONFLICT');
    expect(onCancelled.body.currentStatus).toBe('cancelled');
    expect(await transactionCount(cancelled.customerId)).toBe(1);

    expectProblem(await pay({ invoiceId: randomUUID(), amount: '1', mode: 'bank' }), 404, 'NOT_FOUND');
  });

  it('reopens the invoice when a payment is deleted, and an invoice with payments cannot be cancelled', async () => {
    const inv = await invoiceOf('40.00');
    const a = await make.payment({ invoiceId: inv.id, amount: '15' });
    const b = await make.payment({ invoiceId: inv.id, amount: '25' });
    expect((await invoice(inv.id)).status).toBe('paid');
    expectProblem(
      await t.post(`invoices/${inv.id}/cancel`, undefined, { token: admin }),
      409,
      'INVOICE_STATUS_CONFLICT',
    );

    expect((await t.request('DELETE', `payments/${b.id}`, { token: admin })).status).toBe(204);
    expect(await invoice(inv.id)).toMatchObject({ status: 'partially_paid', amountPaid: '15.00', amountDue: '25.00' });
    expectProblem(await t.get(`payments/${b.id}`, { token: admin }), 404, 'NOT_FOUND');
    expectProblem(await t.request('DELETE', `payments/${b.id}`, { token: admin }), 404, 'NOT_FOUND');

    expect((await t.request('DELETE', `payments/${a.id}`, { token: admin })).status).toBe(204);
    expect(await invoice(inv.id)).toMatchObject({ status: 'unpaid', amountPaid: '0.00', amountDue: '40.00' });
    expect(await transactionCount(inv.customerId)).toBe(1);
    const activity = await t.get(`customers/${inv.customerId}/activity?pageSize=100`, { token: admin });
    expect(activity.body.data.filter((e: any) => e.entityType === 'payment' && e.action === 'delete')).toHaveLength(2);
    expect((await t.post(`invoices/${inv.id}/cancel`, undefined, { token: admin })).status).toBe(200);
  });

  it('keeps the lines of a partially paid invoice from totalling less than was paid; exactly that makes it paid', async () => {
    const inv = await invoiceOf('50.00');
    expect((await pay({ invoiceId: inv.id, amount: '40', mode: 'bank' })).status).toBe(201);
    const below = await t.request('PATCH', `invoices/${inv.id}`, { body: { items: [line('39.99')] }, token: admin });
    expectProblem(below, 409, 'INVOICE_TOTAL_BELOW_AMOUNT_PAID');
    expect(below.body.amountPaid).toBe('40.00');
    expect(await invoice(inv.id)).toMatchObject({ total: '50.00', status: 'partially_paid' });
    const exact = await t.request('PATCH', `invoices/${inv.id}`, { body: { items: [line('40')] }, token: admin });
    expect(exact.status).toBe(200);
    expect(exact.body).toMatchObject({ total: '40.00', amountPaid: '40.00', amountDue: '0.00', status: 'paid' });
  });

  it('filters the list by customer, mode and date range', async () => {
    const inv = await invoiceOf('100.00');
    for (const [date, mode] of [
      ['2025-03-01', 'bank'],
      ['2025-03-15', 'cash'],
      ['2025-04-01', 'bank'],
    ]) {
      expect((await pay({ invoiceId: inv.id, amount: '1', date, mode })).status).toBe(201);
    }
    const list = (query: string) => t.get(`payments?customerId=${inv.customerId}&${query}`, { token: admin });
    expect((await list('')).body.data.map((p: any) => p.date)).toEqual(['2025-04-01', '2025-03-15', '2025-03-01']);
    expect((await list('sort=date')).body.data.map((p: any) => p.date)).toEqual([
      '2025-03-01',
      '2025-03-15',
      '2025-04-01',
    ]);
    expect((await list('mode=bank')).body.meta.total).toBe(2);
    expect((await list('dateFrom=2025-03-02&dateTo=2025-03-31')).body.data.map((p: any) => p.date)).toEqual([
      '2025-03-15',
    ]);
    expectProblem(await list('sort=amount'), 400, 'VALIDATION_FAILED');
    expectProblem(await list('status=paid'), 400, 'VALIDATION_FAILED');
  });

  describe('the customer scope', () => {
    it('shows staff with payments.view and only customers.view_own the payments of their customers only', async () => {
      const own = await make.staff({
        permissions: ['payments.view', 'payments.create', 'payments.delete', 'customers.view_own'],
      });
      const token = await own.token();
      const mine = await make.customer({ currency: 'EUR', admins: [own.staff.id] });
      const mineInvoice = await make.invoice({ customerId: mine.id, items: [line('10')] });
      const other = await invoiceOf('10.00');
      const hidden = await make.payment({ invoiceId: other.id, amount: '1' });

      const visible = await pay({ invoiceId: mineInvoice.id, amount: '1', mode: 'bank' }, token);
      expect(visible.status).toBe(201);
      expect((await t.get(`payments/${visible.body.id}`, { token })).status).toBe(200);
      expectProblem(await t.get(`payments/${hidden.id}`, { token }), 404, 'NOT_FOUND');
      const listed = await t.get('payments?pageSize=100', { token });
      expect(listed.body.data.map((p: any) => p.id)).toEqual([visible.body.id]);
      expect((await t.get(`payments?customerId=${other.customerId}`, { token })).body.meta.total).toBe(0);

      expectProblem(await pay({ invoiceId: other.id, amount: '1', mode: 'bank' }, token), 404, 'NOT_FOUND');
      expectProblem(await t.request('DELETE', `payments/${hidden.id}`, { token }), 404, 'NOT_FOUND');
      expect(await invoice(other.id)).toMatchObject({ amountPaid: '1.00' });
      expect(await transactionCount(other.customerId)).toBe(2);
    });

    it('lets payments.view_own read assigned customers only, even with customers.view', async () => {
      const own = await make.staff({ permissions: ['payments.view_own', 'customers.view'] });
      const token = await own.token();
      const mine = await make.customer({ currency: 'EUR', admins: [own.staff.id] });
      const mineInvoice = await make.invoice({ customerId: mine.id, items: [line('10')] });
      const visible = await make.payment({ invoiceId: mineInvoice.id, amount: '1' });
      const other = await invoiceOf('10.00');
      const hidden = await make.payment({ invoiceId: other.id, amount: '1' });
      expect((await t.get(`payments/${visible.id}`, { token })).status).toBe(200);
      expect((await t.get(`payments/${hidden.id}`, { token })).status).toBe(404);
    });
  });

  it('answers a retry with the same Idempotency-Key with the first answer, paying once', async () => {
    const inv = await invoiceOf('10.00');
    const key = randomUUID();
    const body = { invoiceId: inv.id, amount: '4', mode: 'bank' };
    const first = await pay(body, admin, { 'idempotency-key': key });
    const retry = await pay(body, admin, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotency-replayed')).toBe('true');
    expect(retry.body.id).toBe(first.body.id);
    expect(await invoice(inv.id)).toMatchObject({ amountPaid: '4.00' });
    expect((await t.get(`payments?invoiceId=${inv.id}`, { token: admin })).body.meta.total).toBe(1);
  });

  it('lets exactly 4 of 10 payments of 20% + 1 cent made at once through, never paying more than the total', async () => {
    const inv = await invoiceOf('10.00');
    const results = await Promise.all(
      Array.from({ length: 10 }, () => pay({ invoiceId: inv.id, amount: '2.01', mode: 'bank' })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array(4).fill(201), ...Array(6).fill(409)]);
    for (const refused of results.filter((r) => r.status === 409)) {
      expect(refused.body.code).toBe('PAYMENT_EXCEEDS_AMOUNT_DUE');
    }
    expect(await invoice(inv.id)).toMatchObject({ status: 'partially_paid', amountPaid: '8.04', amountDue: '1.96' });
    const stored = await t.dataSource.getRepository(Invoice).findOneByOrFail({ id: inv.id });
    expect(stored.amountPaid).toBe(804n);
    expect(stored.amountPaid <= stored.total).toBe(true);
    expect((await t.get(`payments?invoiceId=${inv.id}`, { token: admin })).body.meta.total).toBe(4);
    expect(await transactionCount(inv.customerId)).toBe(5);
  });
});
