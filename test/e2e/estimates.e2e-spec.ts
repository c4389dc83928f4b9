import { randomUUID } from 'node:crypto';
import { Given, startAsAdmin, line } from '../factories/given';
import { errorFields, expectProblem } from '../helpers/problems';
import { TestApp } from '../helpers/test-app';

/** A day `days` from today (UTC, the company time zone of these tests). */
const dayFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const serial = (number: string, prefix = 'EST-') => Number(number.slice(prefix.length));
const numbered = (value: number, prefix = 'EST-') => `${prefix}${String(value).padStart(6, '0')}`;

describe('estimates', () => {
  let t: TestApp;
  let make: Given;
  let admin: string;

  beforeAll(async () => {
    ({ t, make, admin } = await startAsAdmin());
    await make.currency({ code: 'KWD', name: 'Kuwaiti dinar', symbol: 'KD', decimals: 3 });
  });
  afterAll(() => t.close());

  const create = (body: Record<string, unknown>, token = admin, headers: Record<string, string> = {}) =>
    t.post('estimates', body, { token, headers });
  const patch = (id: string, body: Record<string, unknown>, token = admin, headers: Record<string, string> = {}) =>
    t.request('PATCH', `estimates/${id}`, { body, token, headers });
  const convert = (id: string, body?: Record<string, unknown>, token = admin, headers: Record<string, string> = {}) =>
    t.post(`estimates/${id}/convert`, body, { token, headers });
  const read = async (path: string) => (await t.get(path, { token: admin })).body;

  describe('create and totals', () => {
    it('creates a sent, numbered estimate in the customer currency, rounding each line half-up', async () => {
      const customer = await make.customer({ currency: 'KWD' });
      const res = await create({
        customerId: customer.id,
        date: '2099-03-01',
        items: [line('0.0005', '3', '0'), line('1.2345', '1', '5'), line('10', '0.3333', '15')],
      });
      expect(res.status).toBe(201);
      // 0.0015 → 0.002; 1.2345 → 1.235 (tax 0.061725 → 0.062); 3.333 (tax 0.49995 → 0.500).
      expect(res.body).toMatchObject({
        customerId: customer.id,
        currency: 'KWD',
        status: 'sent',
        date: '2099-03-01',
        expiryDate: '2099-03-31',
        subtotal: '4.570',
        taxTotal: '0.562',
        total: '5.132',
        invoiceId: null,
        version: 1,
      });
      expect(res.body.number).toMatch(/^EST-\d{6}$/);
      expect(res.body.items.map((i: any) => [i.net, i.tax])).toEqual([
        ['0.002', '0.000'],
        ['1.235', '0.062'],
        ['3.333', '0.500'],
      ]);
      expect(res.headers.get('etag')).toBe('"1"');
      expect(await read(`estimates/${res.body.id}`)).toEqual(res.body);
    });

    it('refuses bad input with 400 and writes nothing', async () => {
      const customer = await make.customer({ currency: 'EUR' });
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ customerId: customer.id, items: [] }, 'items'],
        [{ customerId: customer.id, items: [line('1.5', '1e2')] }, 'items.0.quantity'],
        [{ customerId: customer.id, items: [line('1')], date: '2026-02-10', expiryDate: '2026-02-09' }, 'expiryDate'],
        [{ customerId: customer.id, items: [line('1')], status: 'accepted' }, 'status'],
        [{ customerId: customer.id, items: [line('1')], currency: 'USD' }, 'currency'],
        [{ customerId: customer.id, items: [line('1')], invoiceId: randomUUID() }, 'invoiceId'],
      ];
      for (const [body, field] of cases) {
        const res = await create(body);
        expectProblem(res, 400, 'VALIDATION_FAILED');
        expect(errorFields(res)).toContain(field);
      }
      expect((await read(`estimates?customerId=${customer.id}`)).meta.total).toBe(0);
      expect((await read(`customers/${customer.id}`)).transactionCount).toBe(0);
      expectProblem(await create({ customerId: randomUUID(), items: [line('1')] }), 404, 'NOT_FOUND');
    });

    it('takes its own number series and prefix; a draft is numbered only when sent', async () => {
      const customer = await make.customer({ currency: 'EUR' });
      const first = await create({ customerId: customer.id, items: [line('1')] });
      const invoice = await t.post('invoices', { customerId: customer.id, items: [line('1')] }, { token: admin });
      expect(invoice.body.number).toMatch(/^INV-\d{6}$/);
      const draft = await create({ customerId: customer.id, status: 'draft', items: [line('1')] });
      expect(draft.body).toMatchObject({ number: null, status: 'draft' });
      const second = await create({ customerId: customer.id, items: [line('1')] });
      expect(second.body.number).toBe(numbered(serial(first.body.number) + 1));

      const sent = await patch(draft.body.id, { status: 'sent' });
      expect(sent.status).toBe(200);
      expect(sent.body).toMatchObject({ status: 'sent', number: numbered(serial(first.body.number) + 2), version: 2 });

      await t.request('PATCH', 'settings', {
        body: { estimateNumberPrefix: 'Q-', estimateValidityDays: 10 },
        token: admin,
      });
      try {
        const prefixed = await create({ customerId: customer.id, date: '2026-05-01', items: [line('1')] });
        expect(prefixed.body.number).toBe(numbered(serial(first.body.number) + 3, 'Q-'));
        expect(prefixed.body.expiryDate).toBe('2026-05-11');
      } finally {
        await t.request('PATCH', 'settings', {
          body: { estimateNumberPrefix: 'EST-', estimateValidityDays: 30 },
          token: admin,
        });
      }
    });
  });

  describe('statuses and expiry', () => {
    it('reads a sent estimate past its expiry date as expired, in lists too, until a later date reopens it', async () => {
      const customer = await make.customer({ currency: 'EUR' });
      const stale = await create({
        customerId: customer.id,
        date: '2025-01-01',
        expiryDate: '2025-01-31',
        items: [line('1')],
      });
      const valid = await create({ customerId: customer.id, items: [line('2')] });
      expect(stale.body.status).toBe('expired');
      expect(valid.body.status).toBe('sent');
      const byStatus = async (status: string) =>
        (await read(`estimates?customerId=${customer.id}&status=${status}`)).data.map((e: any) => e.id);
      expect(await byStatus('expired')).toEqual([stale.body.id]);
      expect(await byStatus('sent')).toEqual([valid.body.id]);

      const accept = await patch(stale.body.id, { status: 'accepted' });
      expectProblem(accept, 409, 'ESTIMATE_EXPIRED');
      expect(accept.body).toMatchObject({ currentStatus: 'expired', expiryDate: '2025-01-31' });
      expectProblem(await convert(stale.body.id), 409, 'ESTIMATE_EXPIRED');
      expect((await read(`estimates/${stale.body.id}`)).version).toBe(1);

      const reopened = await patch(stale.body.id, { expiryDate: dayFromToday(7), status: 'accepted' });
      expect({ status: reopened.status, body: reopened.body }).toMatchObject({
        status: 200,
        body: { status: 'accepted' },
      });
      expect(await byStatus('accepted')).toEqual([stale.body.id]);
    });

    it('moves a draft only to sent, and sent, accepted, declined and expired among themselves', async () => {
      const customer = await make.customer({ currency: 'EUR' });
      const draft = await create({ customerId: customer.id, status: 'draft', items: [line('1')] });
      for (const status of ['accepted', 'declined', 'expired']) {
        const res = await patch(draft.body.id, { status });
        expectProblem(res, 409, 'ESTIMATE_STATUS_CONFLICT');
        expect(res.body.currentStatus).toBe('draft');
      }
      expect((await patch(draft.body.id, { status: 'draft' })).status).toBe(400);
      const sent = await create({ customerId: customer.id, items: [line('1')] });
      const declined = await patch(sent.body.id, { status: 'declined' });
      expect(declined.body.status).toBe('declined');
      const edit = await patch(sent.body.id, { items: [line('5')] });
      expectProblem(edit, 409, 'ESTIMATE_NOT_EDITABLE');
      expect(edit.body.currentStatus).toBe('declined');
      expectProblem(await convert(sent.body.id), 409, 'ESTIMATE_STATUS_CONFLICT');
      const reopened = await patch(sent.body.id, { status: 'sent', items: [line('5')] });
      expect(reopened.status).toBe(200);
      expect(reopened.body).toMatchObject({ status: 'sent', total: '5.00', number: sent.body.number });
      const ended = await patch(sent.body.id, { status: 'expired' });
      expect(ended.body.status).toBe('expired');
      expectProblem(await convert(sent.body.id), 409, 'ESTIMATE_STATUS_CONFLICT');
    });

    it('replaces the lines on update and answers 412 to a stale If-Match, changing nothing', async () => {
      const customer = await make.customer({ currency: 'EUR' });
      const estimate = await create({ customerId: customer.id, items: [line('5'), line('7')] });
      const updated = await patch(estimate.body.id, { items: [line('2.50', '2', '20')] }, admin, { 'if-match': '"1"' });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ subtotal: '5.00', taxTotal: '1.00', total: '6.00', version: 2 });
      expect(updated.headers.get('etag')).toBe('"2"');
      const stale = await patch(estimate.body.id, { items: [line('9')] }, admin, { 'if-match': '"1"' });
      expectProblem(stale, 412, 'STALE_VERSION');
      expectProblem(await convert(estimate.body.id, {}, admin, { 'if-match': '"1"' }), 412, 'STALE_VERSION');
      expect(await read(`estimates/${estimate.body.id}`)).toMatchObject({ total: '6.00', version: 2, invoiceId: null });
    });

    it('deletes drafts only, counting the customer back down', async () => {
      const customer = await make.customer({ currency: 'EUR' });
      const sent = await create({ customerId: customer.id, items: [line('1')] });
      expectProblem(
        await t.request('DELETE', `estimates/${sent.body.id}`, { token: admin }),
        409,
        'ESTIMATE_NOT_DRAFT',
      );
      const other = await make.customer();
      const draft = await create({ customerId: other.id, status: 'draft', items: [line('1')] });
      expect((await read(`customers/${other.id}`)).transactionCount).toBe(1);
      expect((await t.request('DELETE', `estimates/${draft.body.id}`, { token: admin })).status).toBe(204);
      expectProblem(await t.get(`estimates/${draft.body.id}`, { token: admin }), 404, 'NOT_FOUND');
      expect((await read(`customers/${other.id}`)).transactionCount).toBe(0);
      expect((await t.request('DELETE', `customers/${other.id}`, { token: admin })).status).toBe(204);
    });
  });

  describe('the customer currency and addresses', () => {
    it('fixes an empty currency at the first estimate, locks it, and keeps the customer from being deleted', async () => {
      const customer = await make.customer();
      const estimate = await create({ customerId: customer.id, status: 'draft', items: [line('1')] });
      expect(estimate.body.currency).toBe('USD');
      expect((await read(`customers/${customer.id}`)).currency).toBe('USD');
      const change = await t.request('PATCH', `customers/${customer.id}`, { body: { currency: 'EUR' }, token: admin });
      expectProblem(change, 409, 'CUSTOMER_CURRENCY_LOCKED');
      expect((await t.request('DELETE', `customers/${customer.id}`, { token: admin })).status).toBe(409);
    });

    it('snapshots the addresses; applyToOpenDocuments moves open estimates only', async () => {
      const customer = await t.post(
        'customers',
        {
          company: `Estimate addresses ${randomUUID()}`,
          currency: 'EUR',
          billingAddress: { street: 'Old Road 1', city: 'Lyon', country: 'FR' },
        },
        { token: admin },
      );
      const id = customer.body.id;
      const sent = await create({ customerId: id, items: [line('1')] });
      expect(sent.body.billingAddress).toEqual({
        street: 'Old Road 1',
        city: 'Lyon',
        state: null,
        zip: null,
        country: 'FR',
      });
      expect(sent.body.shippingAddress).toBeNull();
      const draft = await create({ customerId: id, status: 'draft', items: [line('1')] });
      const declined = await create({ customerId: id, items: [line('1')] });
      await patch(declined.body.id, { status: 'declined' });
      const converted = await create({ customerId: id, items: [line('1')] });
      expect((await convert(converted.body.id)).status).toBe(201);

      const kept = await t.request('PATCH', `customers/${id}`, {
        body: { billingAddress: { street: 'Kept Street 3', city: 'Lyon', country: 'FR' } },
        token: admin,
      });
      expect(kept.status).toBe(200);
      expect((await read(`estimates/${sent.body.id}`)).billingAddress.street).toBe('Old Road 1');

      const moved = await t.request('PATCH', `customers/${id}`, {
        body: {
          billingAddress: { street: 'New Avenue 5', city: 'Lyon', country: 'FR' },
          shippingAddress: { street: 'Quai 2', city: 'Marseille', country: 'FR' },
          applyToOpenDocuments: true,
        },
        token: admin,
      });
      expect(moved.status).toBe(200);
      const addressOf = async (estimate: any) => {
        const now = await read(`estimates/${estimate.body.id}`);
        return [now.billingAddress.street, now.shippingAddress?.city ?? null];
      };
      expect(await addressOf(sent)).toEqual(['New Avenue 5', 'Marseille']);
      expect(await addressOf(draft)).toEqual(['New Avenue 5', 'Marseille']);
      expect(await addressOf(declined)).toEqual(['Old Road 1', null]);
      expect(await addressOf(converted)).toEqual(['Old Road 1', null]);
    });
  });

  describe('conversion to an invoice', () => {
    it("makes one invoice of the estimate's lines, currency and own addresses, and marks the estimate accepted", async () => {
      const customer = await make.customer({ currency: 'KWD' });
      const estimate = await create({
        customerId: customer.id,
        items: [line('10.5', '2', '5', 'Design'), line('0.0004', '1', '0', 'Rounding')],
      });
      await patch(estimate.body.id, { shippingAddress: { street: 'Site 7', city: 'Kuwait City', country: 'KW' } });
      const res = await convert(estimate.body.id, { date: '2026-04-01' });
      expect(res.status).toBe(201);
      expect(res.headers.get('etag')).toBe('"1"');
      expect(res.body).toMatchObject({
        customerId: customer.id,
        currency: 'KWD',
        status: 'unpaid',
        date: '2026-04-01',
        dueDate: '2026-05-01',
        subtotal: estimate.body.subtotal,
        taxTotal: estimate.body.taxTotal,
        total: estimate.body.total,
        amountDue: estimate.body.total,
        shippingAddress: { street: 'Site 7', city: 'Kuwait City', state: null, zip: null, country: 'KW' },
      });
      expect(res.body.number).toMatch(/^INV-\d{6}$/);
      expect(res.body.items).toEqual(estimate.body.items);
      expect(await read(`invoices/${res.body.id}`)).toEqual(res.body);

      const after = await read(`estimates/${estimate.body.id}`);
      expect(after).toMatchObject({ status: 'accepted', invoiceId: res.body.id, number: estimate.body.number });
      expect((await read(`customers/${customer.id}`)).transactionCount).toBe(2);
      const activity = (await read(`customers/${customer.id}/activity?pageSize=100`)).data;
      const conversion = activity.find(
        (e: any) =>
          e.entityType === 'estimate' &&
          e.entityId === estimate.body.id &&
          e.action === 'update' &&
          e.changes.some((c: any) => c.field === 'invoiceId'),
      );
      expect(conversion.changes).toEqual(
        expect.arrayContaining([
          { field: 'status', before: 'sent', after: 'accepted' },
          { field: 'invoiceId', before: null, after: res.body.id },
        ]),
      );
      expect(activity.some((e: any) => e.entityType === 'invoice' && e.entityId === res.body.id)).toBe(true);

      const again = await convert(estimate.body.id);
      expectProblem(again, 409, 'ESTIMATE_ALREADY_CONVERTED');
      expect(again.body.invoiceId).toBe(res.body.id);
      const edit = await patch(estimate.body.id, { status: 'declined' });
      expectProblem(edit, 409, 'ESTIMATE_NOT_EDITABLE');
      expect(edit.body.invoiceId).toBe(res.body.id);
      expect((await read(`invoices?customerId=${customer.id}`)).meta.total).toBe(1);
    });

    it('converts a draft, which takes its number, into a draft invoice on request', async () => {
      const customer = await make.customer({ currency: 'EUR' });
      const numberedBefore = await create({ customerId: customer.id, items: [line('1')] });
      const draft = await create({ customerId: customer.id, status: 'draft', items: [line('3')] });
      const res = await convert(draft.body.id, { status: 'draft' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ status: 'draft', number: null, total: '3.00' });
      expect(await read(`estimates/${draft.body.id}`)).toMatchObject({
        status: 'accepted',
        number: numbered(serial(numberedBefore.body.number) + 1),
        invoiceId: res.body.id,
      });
      const bad = await convert(numberedBefore.body.id, { date: '2026-04-10', dueDate: '2026-04-01' });
      expectProblem(bad, 400, 'VALIDATION_FAILED');
      expect(errorFields(bad)).toEqual(['dueDate']);
      expect((await read(`estimates/${numberedBefore.body.id}`)).invoiceId).toBeNull();
    });

    it('may be converted again once the draft invoice it made is deleted', async () => {
      const customer = await make.customer({ currency: 'EUR' });
      const estimate = await create({ customerId: customer.id, items: [line('8')] });
      const first = await convert(estimate.body.id, { status: 'draft' });
      expect(first.status).toBe(201);
      expect((await t.request('DELETE', `invoices/${first.body.id}`, { token: admin })).status).toBe(204);
      expect(await read(`estimates/${estimate.body.id}`)).toMatchObject({ status: 'accepted', invoiceId: null });
      const second = await convert(estimate.body.id);
      expect(second.status).toBe(201);
      expect(await read(`estimates/${estimate.body.id}`)).toMatchObject({ invoiceId: second.body.id });
      expect((await read(`customers/${customer.id}`)).transactionCount).toBe(2);
    });

    it('needs invoices.create besides estimates.edit (403, nothing written)', async () => {
      const customer = await make.customer({ currency: 'EUR' });
      const estimate = await create({ customerId: customer.id, items: [line('1')] });
      const editor = await make.staff({ permissions: ['estimates.edit', 'estimates.view'] });
      const res = await convert(estimate.body.id, {}, await editor.token());
      expectProblem(res, 403, 'FORBIDDEN');
      expect(await read(`estimates/${estimate.body.id}`)).toMatchObject({
        status: 'sent',
        invoiceId: null,
        version: 1,
      });
      expect((await read(`invoices?customerId=${customer.id}`)).meta.total).toBe(0);
    });

    it('answers a retry with the same Idempotency-Key with the first invoice', async () => {
      const customer = await make.customer({ currency: 'EUR' });
      const estimate = await create({ customerId: customer.id, items: [line('4')] });
      const key = randomUUID();
      const first = await convert(estimate.body.id, {}, admin, { 'idempotency-key': key });
      const retry = await convert(estimate.body.id, {}, admin, { 'idempotency-key': key });
      expect(first.status).toBe(201);
      expect(retry.status).toBe(201);
      expect(retry.headers.get('idempotency-replayed')).toBe('true');
      expect(retry.body.id).toBe(first.body.id);
      expect((await read(`invoices?customerId=${customer.id}`)).meta.total).toBe(1);
    });
  });

  describe('lists', () => {
    it('filters by customer, status, currency and date range, and sorts by number and date', async () => {
      const a = await make.customer({ currency: 'EUR' });
      const b = await make.customer({ currency: 'KWD' });
      const made = [];
      for (const [customerId, date] of [
        [a.id, '2026-01-10'],
        [a.id, '2026-01-05'],
        [a.id, '2026-02-01'],
        [b.id, '2026-01-20'],
      ]) {
        made.push((await create({ customerId, date, expiryDate: dayFromToday(30), items: [line('1')] })).body);
      }
      await patch(made[1].id, { status: 'declined' });
      const ids = async (query: string) => (await read(`estimates?${query}`)).data.map((e: any) => e.id);
      expect(await ids(`customerId=${a.id}`)).toEqual([made[2].id, made[0].id, made[1].id]);
      expect(await ids(`customerId=${a.id}&sort=date`)).toEqual([made[1].id, made[0].id, made[2].id]);
      expect(await ids(`customerId=${a.id}&sort=-number`)).toEqual([made[2].id, made[1].id, made[0].id]);
      expect(await ids(`customerId=${a.id}&status=declined`)).toEqual([made[1].id]);
      expect(await ids(`customerId=${a.id}&dateFrom=2026-01-06&dateTo=2026-01-31`)).toEqual([made[0].id]);
      expect(await ids(`currency=KWD&customerId=${b.id}`)).toEqual([made[3].id]);
      expect(await ids(`currency=EUR&customerId=${b.id}`)).toEqual([]);
      const page = await read(`estimates?customerId=${a.id}&pageSize=2&page=2`);
      expect(page.meta).toEqual({ page: 2, pageSize: 2, total: 3 });
      for (const query of ['sort=total', 'status=open', 'dateTo=2026-13-01', 'q=EST', 'pageSize=101']) {
        expectProblem(await t.get(`estimates?${query}`, { token: admin }), 400, 'VALIDATION_FAILED');
      }
    });
  });

  describe('the customer scope', () => {
    it('shows estimates.view with only customers.view_own the estimates of assigned customers only', async () => {
      const own = await make.staff({
        permissions: ['estimates.view', 'estimates.create', 'estimates.edit', 'invoices.create', 'customers.view_own'],
      });
      const token = await own.token();
      const mine = await make.customer({ currency: 'EUR', admins: [own.staff.id] });
      const other = await make.customer({ currency: 'EUR' });
      const visible = await create({ customerId: mine.id, items: [line('1')] });
      const hidden = await create({ customerId: other.id, items: [line('1')] });

      expect((await t.get(`estimates/${visible.body.id}`, { token })).status).toBe(200);
      expectProblem(await t.get(`estimates/${hidden.body.id}`, { token }), 404, 'NOT_FOUND');
      const listed = await t.get('estimates?pageSize=100', { token });
      expect(listed.body.data.map((e: any) => e.customerId)).toEqual([mine.id]);
      expect(listed.body.meta.total).toBe(1);
      expectProblem(await create({ customerId: other.id, items: [line('1')] }, token), 404, 'NOT_FOUND');
      expectProblem(await patch(hidden.body.id, { status: 'accepted' }, token), 404, 'NOT_FOUND');
      expectProblem(await convert(hidden.body.id, {}, token), 404, 'NOT_FOUND');
      expect(await read(`estimates/${hidden.body.id}`)).toMatchObject({ status: 'sent', version: 1 });
      expect((await read(`customers/${other.id}`)).transactionCount).toBe(1);
      expect((await convert(visible.body.id, {}, token)).status).toBe(201);
    });

    it('lets estimates.view_own read assigned customers only, even with customers.view', async () => {
      const own = await make.staff({ permissions: ['estimates.view_own', 'customers.view'] });
      const token = await own.token();
      const mine = await make.customer({ currency: 'EUR', admins: [own.staff.id] });
      const other = await make.customer({ currency: 'EUR' });
      const visible = await create({ customerId: mine.id, items: [line('1')] });
      const hidden = await create({ customerId: other.id, items: [line('1')] });
      expect((await t.get(`estimates/${visible.body.id}`, { token })).status).toBe(200);
      expectProblem(await t.get(`estimates/${hidden.body.id}`, { token }), 404, 'NOT_FOUND');
      expect((await t.get(`estimates?customerId=${other.id}`, { token })).body.meta.total).toBe(0);
    });
  });

  describe('Idempotency-Key', () => {
    it('answers a retry with the first answer and creates one estimate', async () => {
      const customer = await make.customer({ currency: 'EUR' });
      const key = randomUUID();
      const body = { customerId: customer.id, items: [line('3')] };
      const first = await create(body, admin, { 'idempotency-key': key });
      const retry = await create(body, admin, { 'idempotency-key': key });
      expect(retry.status).toBe(201);
      expect(retry.body.id).toBe(first.body.id);
      expect((await read(`estimates?customerId=${customer.id}`)).meta.total).toBe(1);
      expect((await read(`customers/${customer.id}`)).transactionCount).toBe(1);
    });
  });
});
