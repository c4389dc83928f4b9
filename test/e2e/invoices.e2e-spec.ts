import { randomUUID } from 'node:crypto';
import { Given, startAsAdmin, line } from '../factories/given';
import { errorFields, expectProblem } from '../helpers/problems';
import { TestApp } from '../helpers/test-app';

describe('invoices', () => {
  let t: TestApp;
  let make: Given;
  let admin: string;

  beforeAll(async () => {
    ({ t, make, admin } = await startAsAdmin());
    await make.currency({ code: 'JPY', decimals: 0 });
    await make.currency({ code: 'KWD', decimals: 3 });
  });
  afterAll(() => t.close());

  const create = (body: Record<string, unknown>, token = admin, headers: Record<string, string> = {}) =>
    t.post('invoices', body, { token, headers });

  describe('totals and rounding', () => {
    it('rounds each line half-up to cents in a 2-decimal currency and totals the rounded lines', async () => {
      const customer = await make.customer({ currency: 'EUR' });
      const res = await create({
        customerId: customer.id,
        items: [
          line('0.3333', '3', '19'),
          line('0.125', '1', '7'),
          line('10.01', '2.5', '10'),
          ...Array.from({ length: 3 }, () => line('0.005')),
        ],
      });
      expect(res.status).toBe(201);
      expect(res.body.items.map((i: any) => [i.net, i.tax])).toEqual([
        ['1.00', '0.19'],
        ['0.13', '0.01'],
        ['25.03', '2.50'],
        ['0.01', '0.00'],
        ['0.01', '0.00'],
        ['0.01', '0.00'],
      ]);
      // 26.19 of nets (the exact sum 26.1674 would give 26.17), 2.70 of taxes.
      expect(res.body).toMatchObject({
        currency: 'EUR',
        subtotal: '26.19',
        taxTotal: '2.70',
        total: '28.89',
        amountPaid: '0.00',
        amountDue: '28.89',
        status: 'unpaid',
        isOverdue: false,
        version: 1,
      });
      expect(res.headers.get('etag')).toBe('"1"');
      const read = await t.get(`invoices/${res.body.id}`, { token: admin });
      expect(read.status).toBe(200);
      expect(read.body).toEqual(res.body);
    });

    it('rounds to whole units in a 0-decimal currency', async () => {
      const customer = await make.customer({ currency: 'JPY' });
      const res = await create({
        customerId: customer.id,
        items: [
          line('333', '1.5', '8'),
          line('100.4', '1', '7.5'),
          ...Array.from({ length: 7 }, () => line('1', '0.5')),
        ],
      });
      expect(res.status).toBe(201);
      // 500 + 40, 100 + 8, and seven lines of 0.5 rounded to 1 each (the sum 3.5 would round to 4).
      expect(res.body).toMatchObject({
        currency: 'JPY',
        subtotal: '607',
        taxTotal: '48',
        total: '655',
        amountDue: '655',
      });
    });

    it('keeps three decimals in a 3-decimal currency', async () => {
      const customer = await make.customer({ currency: 'KWD' });
      const res = await create({
        customerId: customer.id,
        items: [line('1.2345', '1', '5'), ...Array.from({ length: 4 }, () => line('0.0005', '3'))],
      });
      expect(res.status).toBe(201);
      // 1.235 + 0.062 tax, four lines of 0.0015 → 0.002 each.
      expect(res.body).toMatchObject({ currency: 'KWD', subtotal: '1.243', taxTotal: '0.062', total: '1.305' });
      expect(res.body.items[0]).toMatchObject({ quantity: '1', unitPrice: '1.2345', taxRate: '5', net: '1.235' });
    });

    it.each([
      ['a float', { quantity: 1.5 }, 'quantity'],
      ['an exponent', { unitPrice: '1e3' }, 'unitPrice'],
      ['a plus sign', { unitPrice: '+5' }, 'unitPrice'],
      ['a negative price', { unitPrice: '-5' }, 'unitPrice'],
      ['a zero quantity', { quantity: '0.0000' }, 'quantity'],
      ['five decimals', { unitPrice: '1.00001' }, 'unitPrice'],
      ['a comma', { unitPrice: '1,50' }, 'unitPrice'],
      ['white space', { quantity: ' 1' }, 'quantity'],
      ['leading zeros', { quantity: '01' }, 'quantity'],
      ['a tax rate above 100', { taxRate: '100.5' }, 'taxRate'],
      ['a tax rate as a number', { taxRate: 19 }, 'taxRate'],
      ['garbage', { unitPrice: 'ten' }, 'unitPrice'],
    ])('refuses %s with 400 naming the field, writing nothing', async (_what, change, field) => {
      const customer = await make.customer({ currency: 'EUR' });
      const res = await create({ customerId: customer.id, items: [{ ...line('10'), ...change }] });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(errorFields(res)).toEqual([`items.0.${field}`]);
      const after = await t.get(`customers/${customer.id}`, { token: admin });
      expect(after.body.transactionCount).toBe(0);
    });

    it('refuses amounts beyond what is stored with 400, and no lines or a due date before the date', async () => {
      const customer = await make.customer({ currency: 'EUR' });
      const huge = await create({
        customerId: customer.id,
        items: [line('999999999999.9999', '999999999'), line('1')],
      });
      expectProblem(huge, 400, 'VALIDATION_FAILED');
      expect(errorFields(huge)).toEqual(['items.0.unitPrice']);
      const none = await create({ customerId: customer.id, items: [] });
      expect(errorFields(none)).toEqual(['items']);
      const early = await create({
        customerId: customer.id,
        date: '2026-03-01',
        dueDate: '2026-02-28',
        items: [line('1')],
      });
      expect(errorFields(early)).toEqual(['dueDate']);
      const unknown = await create({ customerId: customer.id, currency: 'EUR', items: [line('1')] });
      expect(errorFields(unknown)).toEqual(['currency']);
      expect((await t.get(`customers/${customer.id}`, { token: admin })).body.transactionCount).toBe(0);
    });
  });

  describe('the customer currency', () => {
    it('fixes an empty currency to the default at the first invoice, then keeps it when the default changes', async () => {
      const customer = await make.customer({ currency: null });
      const first = await create({ customerId: customer.id, items: [line('10')] });
      expect(first.body.currency).toBe('USD');
      const read = await t.get(`customers/${customer.id}`, { token: admin });
      expect(read.body).toMatchObject({ currency: 'USD', transactionCount: 1 });
      const activity = await t.get(`customers/${customer.id}/activity`, { token: admin });
      expect(activity.body.data.map((e: any) => e.entityType).sort()).toEqual(['customer', 'invoice']);

      expect((await t.request('PATCH', 'settings', { body: { defaultCurrency: 'EUR' }, token: admin })).status).toBe(
        200,
      );
      try {
        const second = await create({ customerId: customer.id, items: [line('10')] });
        expect(second.body.currency).toBe('USD');
        expect((await t.get(`customers/${customer.id}`, { token: admin })).body.transactionCount).toBe(2);
      } finally {
        await t.request('PATCH', 'settings', { body: { defaultCurrency: 'USD' }, token: admin });
      }
    });

    it('answers 409 CUSTOMER_CURRENCY_LOCKED to a currency change once the customer has an invoice, a draft included', async () => {
      const customer = await make.customer({ currency: 'EUR' });
      expect((await create({ customerId: customer.id, status: 'draft', items: [line('1')] })).status).toBe(201);
      const change = await t.request('PATCH', `customers/${customer.id}`, { body: { currency: 'USD' }, token: admin });
      expectProblem(change, 409, 'CUSTOMER_CURRENCY_LOCKED');
      expect((await t.get(`customers/${customer.id}`, { token: admin })).body.currency).toBe('EUR');
    });

    it('refuses to delete a customer with invoices (409), and counts a deleted draft back down', async () => {
      const customer = await make.customer({ currency: 'EUR' });
      const draft = await create({ customerId: customer.id, status: 'draft', items: [line('1')] });
      const refused = await t.request('DELETE', `customers/${customer.id}`, { token: admin });
      expectProblem(refused, 409, 'CUSTOMER_HAS_TRANSACTIONS');

      const removed = await t.request('DELETE', `invoices/${draft.body.id}`, { token: admin });
      expect(removed.status).toBe(204);
      expect((await t.get(`invoices/${draft.body.id}`, { token: admin })).status).toBe(404);
      const read = await t.get(`customers/${customer.id}`, { token: admin });
      expect(read.body).toMatchObject({ transactionCount: 0, currency: 'EUR' });
      expect((await t.request('DELETE', `customers/${customer.id}`, { token: admin })).status).toBe(204);
    });

    it('answers 404 for a customer that does not exist, writing nothing', async () => {
      const res = await create({ customerId: randomUUID(), items: [line('1')] });
      expectProblem(res, 404, 'NOT_FOUND');
    });
  });

  describe('addresses', () => {
    it("copies the customer's billing and shipping addresses, and keeps them when the customer changes", async () => {
      const customer = await t.post(
        'customers',
        {
          company: `Snapshot ${randomUUID()}`,
          currency: 'EUR',
          billingAddress: { street: 'Billing St 1', city: 'Berlin', zip: '10115', country: 'DE' },
          shippingAddress: { street: 'Dock 9', city: 'Hamburg', country: 'DE' },
        },
        { token: admin },
      );
      expect(customer.status).toBe(201);
      const invoice = await create({ customerId: customer.body.id, items: [line('1')] });
      expect(invoice.body.billingAddress).toEqual({
        street: 'Billing St 1',
        city: 'Berlin',
        state: null,
        zip: '10115',
        country: 'DE',
      });
      expect(invoice.body.shippingAddress).toEqual({
        street: 'Dock 9',
        city: 'Hamburg',
        state: null,
        zip: null,
        country: 'DE',
      });
      const moved = await t.request('PATCH', `customers/${customer.body.id}`, {
        body: { billingAddress: { street: 'New Street 2', city: 'Munich', country: 'DE' }, shippingAddress: null },
        token: admin,
      });
      expect(moved.status).toBe(200);
      const read = await t.get(`invoices/${invoice.body.id}`, { token: admin });
      expect(read.body.billingAddress.street).toBe('Billing St 1');
      expect(read.body.shippingAddress.street).toBe('Dock 9');
      const later = await create({ customerId: customer.body.id, items: [line('1')] });
      expect(later.body.billingAddress.street).toBe('New Street 2');
      expect(later.body.shippingAddress).toBeNull();
    });

    it('moves the open invoices to new addresses with applyToOpenDocuments, never cancelled ones', async () => {
      const customer = await t.post(
        'customers',
        {
          company: `Readdress ${randomUUID()}`,
          currency: 'EUR',
          billingAddress: { street: 'Old Road 1', city: 'Lyon', country: 'FR' },
        },
        { token: admin },
      );
      const id = customer.body.id;
      const unpaid = await create({ customerId: id, items: [line('1')] });
      const draft = await create({ customerId: id, status: 'draft', items: [line('2')] });
      const cancelled = await create({ customerId: id, items: [line('3')] });
      expect((await t.post(`invoices/${cancelled.body.id}/cancel`, undefined, { token: admin })).status).toBe(200);
      const streets = async () =>
        Promise.all(
          [unpaid, draft, cancelled].map(async (i) => {
            const read = (await t.get(`invoices/${i.body.id}`, { token: admin })).body;
            return [read.billingAddress.street, read.shippingAddress?.city ?? null, read.version];
          }),
        );
      const before = await streets();

      const moved = await t.request('PATCH', `customers/${id}`, {
        body: {
          billingAddress: { street: 'New Avenue 5', city: 'Lyon', country: 'FR' },
          shippingAddress: { street: 'Quai 2', city: 'Marseille', country: 'FR' },
          applyToOpenDocuments: true,
        },
        token: admin,
      });
      expect(moved.status).toBe(200);
      expect(await streets()).toEqual([
        ['New Avenue 5', 'Marseille', before[0][2] + 1],
        ['New Avenue 5', 'Marseille', before[1][2] + 1],
        before[2],
      ]);

      // Nothing else changed: no invoice moves, even when asked.
      const same = await t.request('PATCH', `customers/${id}`, {
        body: { phone: '+33 4 00 00 00 00', applyToOpenDocuments: true },
        token: admin,
      });
      expect(same.status).toBe(200);
      expect((await streets()).map((s) => s[2])).toEqual([before[0][2] + 1, before[1][2] + 1, before[2][2]]);
      const refused = await t.request('PATCH', `customers/${id}`, {
        body: { applyToOpenDocuments: 'yes' },
        token: admin,
      });
      expect(refused.status).toBe(400);
    });

    it("edits the invoice's own addresses on request, leaving the customer's", async () => {
      const customer = await make.customer({ currency: 'EUR' });
      const invoice = await create({ customerId: customer.id, items: [line('1')] });
      const res = await t.request('PATCH', `invoices/${invoice.body.id}`, {
        body: { billingAddress: { street: 'Invoice Lane 3' }, shippingAddress: { city: 'Paris', country: 'FR' } },
        token: admin,
      });
      expect(res.status).toBe(200);
      expect(res.body.billingAddress.street).toBe('Invoice Lane 3');
      expect(res.body.shippingAddress).toMatchObject({ city: 'Paris', country: 'FR' });
      expect((await t.get(`customers/${customer.id}`, { token: admin })).body.billingAddress.street).toBeNull();
    });
  });

  describe('numbers and statuses', () => {
    it('numbers issued invoices in series; a draft gets the next number only when issued', async () => {
      const customer = await make.customer({ currency: 'EUR' });
      const numbers = async () =>
        (await t.get('invoices?sort=number&pageSize=100', { token: admin })).body.data
          .map((i: any) => i.number)
          .filter(Boolean);
      const before = await numbers();
      const first = await create({ customerId: customer.id, items: [line('1')] });
      const draft = await create({ customerId: customer.id, status: 'draft', items: [line('1')] });
      expect(draft.body).toMatchObject({ number: null, status: 'draft' });
      const second = await create({ customerId: customer.id, items: [line('1')] });
      const firstValue = Number(first.body.number.replace('INV-', ''));
      expect(first.body.number).toMatch(/^INV-\d{6}$/);
      expect(second.body.number).toBe(`INV-${String(firstValue + 1).padStart(6, '0')}`);

      const issued = await t.request('PATCH', `invoices/${draft.body.id}`, {
        body: { status: 'unpaid' },
        token: admin,
      });
      expect(issued.status).toBe(200);
      expect(issued.body).toMatchObject({ status: 'unpaid', number: `INV-${String(firstValue + 2).padStart(6, '0')}` });
      const again = await t.request('PATCH', `invoices/${draft.body.id}`, { body: { status: 'unpaid' }, token: admin });
      expect(again.body.number).toBe(issued.body.number);
      expect((await numbers()).length).toBe(before.length + 3);
    });

    it('takes the prefix from the settings', async () => {
      const customer = await make.customer({ currency: 'EUR' });
      await t.request('PATCH', 'settings', { body: { invoiceNumberPrefix: 'R-2026/' }, token: admin });
      try {
        const res = await create({ customerId: customer.id, items: [line('1')] });
        expect(res.body.number).toMatch(/^R-2026\/\d{6}$/);
      } finally {
        await t.request('PATCH', 'settings', { body: { invoiceNumberPrefix: 'INV-' }, token: admin });
      }
    });

    it('defaults the due date from invoiceDueDays and marks an unpaid invoice past it overdue', async () => {
      const customer = await make.customer({ currency: 'EUR' });
      const res = await create({ customerId: customer.id, date: '2025-01-10', items: [line('1')] });
      expect(res.body).toMatchObject({ date: '2025-01-10', dueDate: '2025-02-09', isOverdue: true });
      const draft = await create({ customerId: customer.id, date: '2025-01-10', status: 'draft', items: [line('1')] });
      expect(draft.body.isOverdue).toBe(false);
    });

    it('cancels an unpaid invoice, which keeps its number and no longer changes', async () => {
      const customer = await make.customer({ currency: 'EUR' });
      const invoice = await create({ customerId: customer.id, items: [line('5')] });
      const cancelled = await t.post(`invoices/${invoice.body.id}/cancel`, undefined, { token: admin });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', number: invoice.body.number, amountDue: '0.00' });
      expectProblem(
        await t.post(`invoices/${invoice.body.id}/cancel`, undefined, { token: admin }),
        409,
        'INVOICE_STATUS_CONFLICT',
      );
      const edit = await t.request('PATCH', `invoices/${invoice.body.id}`, {
        body: { items: [line('1')] },
        token: admin,
      });
      expectProblem(edit, 409, 'INVOICE_NOT_EDITABLE');
      expect(edit.body.currentStatus).toBe('cancelled');
      const remove = await t.request('DELETE', `invoices/${invoice.body.id}`, { token: admin });
      expectProblem(remove, 409, 'INVOICE_NOT_DRAFT');
      const draft = await create({ customerId: customer.id, status: 'draft', items: [line('1')] });
      expectProblem(
        await t.post(`invoices/${draft.body.id}/cancel`, undefined, { token: admin }),
        409,
        'INVOICE_STATUS_CONFLICT',
      );
    });

    it('replaces the lines on update, recomputing the totals, and answers 412 to a stale If-Match', async () => {
      const customer = await make.customer({ currency: 'EUR' });
      const invoice = await create({ customerId: customer.id, items: [line('5'), line('7')] });
      const updated = await t.request('PATCH', `invoices/${invoice.body.id}`, {
        body: { items: [line('2.50', '2', '20')] },
        headers: { 'if-match': '"1"' },
        token: admin,
      });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ subtotal: '5.00', taxTotal: '1.00', total: '6.00', version: 2 });
      expect(updated.body.items).toHaveLength(1);
      expect(updated.headers.get('etag')).toBe('"2"');
      const stale = await t.request('PATCH', `invoices/${invoice.body.id}`, {
        body: { items: [line('9')] },
        headers: { 'if-match': '"1"' },
        token: admin,
      });
      expectProblem(stale, 412, 'STALE_VERSION');
      const read = await t.get(`invoices/${invoice.body.id}`, { token: admin });
      expect(read.body).toMatchObject({ total: '6.00', version: 2 });
    });
  });

  describe('lists', () => {
    it('filters by customer, status, currency and date range, and sorts by number and date', async () => {
      const a = await make.customer({ currency: 'EUR' });
      const b = await make.customer({ currency: 'JPY' });
      const made: Array<{ id: string }> = [];
      for (const [customer, date, status] of [
        [a, '2024-03-01', 'unpaid'],
        [a, '2024-03-05', 'draft'],
        [a, '2024-04-01', 'unpaid'],
        [b, '2024-03-10', 'unpaid'],
      ] as const) {
        made.push((await create({ customerId: customer.id, date, status, items: [line('1')] })).body);
      }
      const list = (query: string) => t.get(`invoices?${query}`, { token: admin });
      const ofA = await list(`customerId=${a.id}&sort=date`);
      expect(ofA.body.data.map((i: any) => i.date)).toEqual(['2024-03-01', '2024-03-05', '2024-04-01']);
      expect(ofA.body.meta).toEqual({ page: 1, pageSize: 25, total: 3 });
      expect(ofA.body.data[0].items).toHaveLength(1);
      const march = await list(`customerId=${a.id}&dateFrom=2024-03-01&dateTo=2024-03-31&status=unpaid`);
      expect(march.body.data.map((i: any) => i.id)).toEqual([made[0].id]);
      const yen = await list('currency=JPY&dateFrom=2024-01-01&dateTo=2024-12-31');
      expect(yen.body.data.map((i: any) => i.id)).toEqual([made[3].id]);
      const byNumber = await list(`customerId=${a.id}&sort=-number`);
      expect(byNumber.body.data.map((i: any) => i.id)).toEqual([made[2].id, made[0].id, made[1].id]);
      expectProblem(await list('sort=total'), 400, 'VALIDATION_FAILED');
      expectProblem(await list('dateFrom=2024-02-30'), 400, 'VALIDATION_FAILED');
      expectProblem(await list('q=INV'), 400, 'VALIDATION_FAILED');
    });
  });

  describe('the customer scope', () => {
    it('shows staff with invoices.view and only customers.view_own the invoices of their customers only', async () => {
      const own = await make.staff({
        permissions: ['invoices.view', 'invoices.create', 'invoices.edit', 'customers.view_own'],
      });
      const token = await own.token();
      const mine = await make.customer({ currency: 'EUR', admins: [own.staff.id] });
      const other = await make.customer({ currency: 'EUR' });
      const visible = await create({ customerId: mine.id, items: [line('1')] });
      const hidden = await create({ customerId: other.id, items: [line('1')] });

      expect((await t.get(`invoices/${visible.body.id}`, { token })).status).toBe(200);
      expectProblem(await t.get(`invoices/${hidden.body.id}`, { token }), 404, 'NOT_FOUND');
      const listed = await t.get('invoices?pageSize=100', { token });
      expect(listed.body.data.map((i: any) => i.customerId)).toEqual([mine.id]);
      expect(listed.body.meta.total).toBe(1);
      expect((await t.get(`invoices?customerId=${other.id}`, { token })).body.meta.total).toBe(0);

      expectProblem(await create({ customerId: other.id, items: [line('1')] }, token), 404, 'NOT_FOUND');
      expect((await t.get(`customers/${other.id}`, { token: admin })).body.transactionCount).toBe(1);
      const edit = await t.request('PATCH', `invoices/${hidden.body.id}`, { body: { items: [line('2')] }, token });
      expectProblem(edit, 404, 'NOT_FOUND');
      expectProblem(await t.post(`invoices/${hidden.body.id}/cancel`, undefined, { token }), 404, 'NOT_FOUND');
      expect((await create({ customerId: mine.id, items: [line('1')] }, token)).status).toBe(201);
    });

    it('lets invoices.view_own read assigned customers only, even with customers.view', async () => {
      const own = await make.staff({ permissions: ['invoices.view_own', 'customers.view'] });
      const token = await own.token();
      const mine = await make.customer({ currency: 'EUR', admins: [own.staff.id] });
      const other = await make.customer({ currency: 'EUR' });
      const visible = await create({ customerId: mine.id, items: [line('1')] });
      const hidden = await create({ customerId: other.id, items: [line('1')] });
      expect((await t.get(`invoices/${visible.body.id}`, { token })).status).toBe(200);
      expect((await t.get(`invoices/${hidden.body.id}`, { token })).status).toBe(404);
    });
  });

  describe('Idempotency-Key', () => {
    it('answers a retry with the first answer and creates one invoice', async () => {
      const customer = await make.customer({ currency: 'EUR' });
      const key = randomUUID();
      const body = { customerId: customer.id, items: [line('3')] };
      const first = await create(body, admin, { 'idempotency-key': key });
      const retry = await create(body, admin, { 'idempotency-key': key });
      expect(first.status).toBe(201);
      expect(retry.status).toBe(201);
      expect(retry.headers.get('idempotency-replayed')).toBe('true');
      expect(retry.body.id).toBe(first.body.id);
      expect((await t.get(`invoices?customerId=${customer.id}`, { token: admin })).body.meta.total).toBe(1);
      expect((await t.get(`customers/${customer.id}`, { token: admin })).body.transactionCount).toBe(1);
    });
  });
});
