import { randomUUID } from 'node:crypto';
import { Given, startAsAdmin, line } from '../factories/given';
import { errorFields, expectProblem } from '../helpers/problems';
import { TestApp } from '../helpers/test-app';

describe('credit notes', () => {
  let t: TestApp;
  let make: Given;
  let admin: string;

  beforeAll(async () => ({ t, make, admin } = await startAsAdmin()));
  afterAll(() => t.close());

  const create = (body: Record<string, unknown>, token = admin, headers: Record<string, string> = {}) =>
    t.post('credit-notes', body, { token, headers });
  const apply = (id: string, body: Record<string, unknown>, token = admin) =>
    t.post(`credit-notes/${id}/applications`, body, { token });
  const read = async (path: string) => (await t.get(path, { token: admin })).body;
  const invoice = (customerId: string, unitPrice: string, status = 'unpaid') =>
    make.invoice({ customerId, status, items: [line(unitPrice)] });

  it('creates an open, numbered credit note in the customer currency, locking it, with rounded lines', async () => {
    const customer = await make.customer();
    const res = await create({ customerId: customer.id, items: [line('10.005', '1', '19'), line('0.333', '3')] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      customerId: customer.id,
      currency: 'USD',
      status: 'open',
      subtotal: '11.01',
      taxTotal: '1.90',
      total: '12.91',
      amountApplied: '0.00',
      amountRemaining: '12.91',
      applications: [],
      invoiceId: null,
      version: 1,
    });
    expect(res.body.number).toMatch(/^CN-\d{6}$/);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(await read(`credit-notes/${res.body.id}`)).toEqual(res.body);
    const second = await create({ customerId: customer.id, items: [line('1')] });
    expect(Number(second.body.number.slice(3))).toBe(Number(res.body.number.slice(3)) + 1);
    expect((await read(`customers/${customer.id}`)).transactionCount).toBe(2);
    const locked = await t.request('PATCH', `customers/${customer.id}`, { body: { currency: 'EUR' }, token: admin });
    expectProblem(locked, 409, 'CUSTOMER_CURRENCY_LOCKED');
    expect((await t.request('DELETE', `customers/${customer.id}`, { token: admin })).status).toBe(409);
  });

  it('names the invoice it was issued for only when that is the customer’s (400 otherwise), writing nothing', async () => {
    const customer = await make.customer({ currency: 'EUR' });
    const other = await make.customer({ currency: 'EUR' });
    const own = await invoice(customer.id, '50');
    const foreign = await invoice(other.id, '50');
    const refused = await create({ customerId: customer.id, invoiceId: foreign.id, items: [line('5')] });
    expectProblem(refused, 400, 'VALIDATION_FAILED');
    expect(errorFields(refused)).toEqual(['invoiceId']);
    expectProblem(
      await create({ customerId: customer.id, invoiceId: randomUUID(), items: [line('5')] }),
      404,
      'NOT_FOUND',
    );
    expect((await read(`credit-notes?customerId=${customer.id}`)).meta.total).toBe(0);
    const res = await create({ customerId: customer.id, invoiceId: own.id, items: [line('5')] });
    expect(res.body).toMatchObject({ invoiceId: own.id, amountApplied: '0.00' });
    expect((await read(`invoices/${own.id}`)).amountDue).toBe('50.00');
  });

  it('applies credit to open invoices up to what the note has left and the invoice has due', async () => {
    const customer = await make.customer({ currency: 'EUR' });
    const note = (await create({ customerId: customer.id, items: [line('100')] })).body;
    const first = await invoice(customer.id, '60');
    const second = await invoice(customer.id, '80');

    const part = await apply(note.id, { invoiceId: first.id, amount: '60', date: '2026-02-01' });
    expect(part.status).toBe(201);
    expect(part.body).toMatchObject({ status: 'open', amountApplied: '60.00', amountRemaining: '40.00', version: 2 });
    expect(part.body.applications).toEqual([
      expect.objectContaining({ invoiceId: first.id, amount: '60.00', date: '2026-02-01' }),
    ]);
    expect(await read(`invoices/${first.id}`)).toMatchObject({
      status: 'paid',
      amountPaid: '0.00',
      amountCredited: '60.00',
      amountDue: '0.00',
    });

    const tooMuch = await apply(note.id, { invoiceId: second.id, amount: '40.01' });
    expectProblem(tooMuch, 409, 'CREDIT_EXCEEDS_REMAINING');
    expect(tooMuch.body.amountRemaining).toBe('40.00');
    const paid = await apply(note.id, { invoiceId: first.id, amount: '1' });
    expectProblem(paid, 409, 'INVOICE_STATUS_CONFLICT');
    expectProblem(await apply(note.id, { invoiceId: second.id, amount: '1.005' }), 400, 'VALIDATION_FAILED');

    // A payment leaves 30 due: the credit may not go past it.
    const payment = await t.post('payments', { invoiceId: second.id, amount: '50', mode: 'bank' }, { token: admin });
    expect(payment.status).toBe(201);
    const pastDue = await apply(note.id, { invoiceId: second.id, amount: '35' });
    expectProblem(pastDue, 409, 'CREDIT_EXCEEDS_AMOUNT_DUE');
    expect(pastDue.body.amountDue).toBe('30.00');
    const rest = await apply(note.id, { invoiceId: second.id, amount: '30' });
    expect(rest.body).toMatchObject({ status: 'open', amountRemaining: '10.00' });
    expect(await read(`invoices/${second.id}`)).toMatchObject({
      status: 'paid',
      amountPaid: '50.00',
      amountCredited: '30.00',
      amountDue: '0.00',
    });
    const overpay = await t.post('payments', { invoiceId: second.id, amount: '0.01', mode: 'bank' }, { token: admin });
    expectProblem(overpay, 409, 'INVOICE_STATUS_CONFLICT');

    const third = await invoice(customer.id, '10');
    const closing = await apply(note.id, { invoiceId: third.id, amount: '10' });
    expect(closing.body).toMatchObject({ status: 'closed', amountApplied: '100.00', amountRemaining: '0.00' });
    const fourth = await invoice(customer.id, '10');
    expectProblem(await apply(note.id, { invoiceId: fourth.id, amount: '1' }), 409, 'CREDIT_NOTE_STATUS_CONFLICT');
  });

  it('takes credit back: the invoice and the note are open again, and the invoice may be edited down to what is settled', async () => {
    const customer = await make.customer({ currency: 'EUR' });
    const note = (await create({ customerId: customer.id, items: [line('20')] })).body;
    const target = await invoice(customer.id, '20');
    const applied = await apply(note.id, { invoiceId: target.id, amount: '20' });
    expect(applied.body.status).toBe('closed');
    const cancel = await t.post(`invoices/${target.id}/cancel`, undefined, { token: admin });
    expectProblem(cancel, 409, 'INVOICE_STATUS_CONFLICT');

    const applicationId = applied.body.applications[0].id;
    expectProblem(
      await t.request('DELETE', `credit-notes/${note.id}/applications/${randomUUID()}`, { token: admin }),
      404,
      'NOT_FOUND',
    );
    expect(
      (await t.request('DELETE', `credit-notes/${note.id}/applications/${applicationId}`, { token: admin })).status,
    ).toBe(204);
    expect(await read(`credit-notes/${note.id}`)).toMatchObject({
      status: 'open',
      amountApplied: '0.00',
      amountRemaining: '20.00',
      applications: [],
    });
    expect(await read(`invoices/${target.id}`)).toMatchObject({
      status: 'unpaid',
      amountCredited: '0.00',
      amountDue: '20.00',
    });

    await apply(note.id, { invoiceId: target.id, amount: '5' });
    const below = await t.request('PATCH', `invoices/${target.id}`, { body: { items: [line('4')] }, token: admin });
    expectProblem(below, 409, 'INVOICE_TOTAL_BELOW_AMOUNT_PAID');
    expect(below.body.amountPaid).toBe('5.00');
    const exact = await t.request('PATCH', `invoices/${target.id}`, { body: { items: [line('5')] }, token: admin });
    expect(exact.body).toMatchObject({ status: 'paid', amountDue: '0.00' });
    const activity = (await read(`customers/${customer.id}/activity?pageSize=100`)).data;
    expect(activity.filter((e: any) => e.entityType === 'credit_note').length).toBe(4);
  });

  it('keeps an invoice partially paid by its credit when its payment is taken back', async () => {
    const customer = await make.customer({ currency: 'EUR' });
    const note = (await create({ customerId: customer.id, items: [line('30')] })).body;
    const target = await invoice(customer.id, '100');
    await apply(note.id, { invoiceId: target.id, amount: '30' });
    const payment = await t.post('payments', { invoiceId: target.id, amount: '70', mode: 'bank' }, { token: admin });
    expect((await read(`invoices/${target.id}`)).status).toBe('paid');
    expect((await t.request('DELETE', `payments/${payment.body.id}`, { token: admin })).status).toBe(204);
    expect(await read(`invoices/${target.id}`)).toMatchObject({
      status: 'partially_paid',
      amountPaid: '0.00',
      amountCredited: '30.00',
      amountDue: '70.00',
    });
  });

  it('moves open notes to new customer addresses with applyToOpenDocuments, never closed or void ones', async () => {
    const customer = await t.post(
      'customers',
      { company: `Credit addresses ${randomUUID()}`, currency: 'EUR', billingAddress: { street: 'Old Lane 1' } },
      { token: admin },
    );
    const id = customer.body.id;
    const open = (await create({ customerId: id, items: [line('10')] })).body;
    const closed = (await create({ customerId: id, items: [line('10')] })).body;
    await apply(closed.id, { invoiceId: (await invoice(id, '10')).id, amount: '10' });
    const voided = (await create({ customerId: id, items: [line('10')] })).body;
    await t.post(`credit-notes/${voided.id}/void`, undefined, { token: admin });
    const moved = await t.request('PATCH', `customers/${id}`, {
      body: { billingAddress: { street: 'New Lane 2' }, applyToOpenDocuments: true },
      token: admin,
    });
    expect(moved.status).toBe(200);
    const streets = await Promise.all(
      [open, closed, voided].map(async (n) => (await read(`credit-notes/${n.id}`)).billingAddress.street),
    );
    expect(streets).toEqual(['New Lane 2', 'Old Lane 1', 'Old Lane 1']);
  });

  it('edits only an open note with nothing applied, voids it likewise, and answers 412 to a stale If-Match', async () => {
    const customer = await make.customer({ currency: 'EUR' });
    const note = (await create({ customerId: customer.id, items: [line('30')] })).body;
    const edited = await t.request('PATCH', `credit-notes/${note.id}`, {
      body: { items: [line('12.50', '2')], billingAddress: { street: 'Credit Lane 1' } },
      headers: { 'if-match': '"1"' },
      token: admin,
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ total: '25.00', amountRemaining: '25.00', version: 2 });
    expect(edited.body.billingAddress.street).toBe('Credit Lane 1');
    const stale = await t.request('PATCH', `credit-notes/${note.id}`, {
      body: { items: [line('1')] },
      headers: { 'if-match': '"1"' },
      token: admin,
    });
    expectProblem(stale, 412, 'STALE_VERSION');

    const target = await invoice(customer.id, '100');
    await apply(note.id, { invoiceId: target.id, amount: '5' });
    const locked = await t.request('PATCH', `credit-notes/${note.id}`, { body: { items: [line('1')] }, token: admin });
    expectProblem(locked, 409, 'CREDIT_NOTE_NOT_EDITABLE');
    expectProblem(
      await t.post(`credit-notes/${note.id}/void`, undefined, { token: admin }),
      409,
      'CREDIT_NOTE_STATUS_CONFLICT',
    );

    const spare = (await create({ customerId: customer.id, items: [line('7')] })).body;
    const voided = await t.post(`credit-notes/${spare.id}/void`, undefined, { token: admin });
    expect(voided.status).toBe(200);
    expect(voided.body).toMatchObject({ status: 'void', number: spare.number, amountRemaining: '0.00' });
    expectProblem(await apply(spare.id, { invoiceId: target.id, amount: '1' }), 409, 'CREDIT_NOTE_STATUS_CONFLICT');
    expectProblem(
      await t.request('PATCH', `credit-notes/${spare.id}`, { body: { date: '2026-03-01' }, token: admin }),
      409,
      'CREDIT_NOTE_NOT_EDITABLE',
    );
  });

  it('refuses credit to another customer’s invoice (400) and keeps both untouched', async () => {
    const customer = await make.customer({ currency: 'EUR' });
    const other = await make.customer({ currency: 'EUR' });
    const note = (await create({ customerId: customer.id, items: [line('10')] })).body;
    const foreign = await invoice(other.id, '10');
    const res = await apply(note.id, { invoiceId: foreign.id, amount: '1' });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(errorFields(res)).toEqual(['invoiceId']);
    expect(await read(`credit-notes/${note.id}`)).toMatchObject({ amountApplied: '0.00', version: 1 });
    expect((await read(`invoices/${foreign.id}`)).amountCredited).toBe('0.00');
    const draft = await invoice(customer.id, '10', 'draft');
    expectProblem(await apply(note.id, { invoiceId: draft.id, amount: '1' }), 409, 'INVOICE_STATUS_CONFLICT');
  });

  it('lists by customer, status and dates, and caps everything by the customer scope', async () => {
    const own = await make.staff({
      permissions: ['credit_notes.view', 'credit_notes.create', 'credit_notes.edit', 'customers.view_own'],
    });
    const token = await own.token();
    const mine = await make.customer({ currency: 'EUR', admins: [own.staff.id] });
    const other = await make.customer({ currency: 'EUR' });
    const visible = (await create({ customerId: mine.id, date: '2026-01-05', items: [line('1')] })).body;
    const later = (await create({ customerId: mine.id, date: '2026-02-05', items: [line('1')] })).body;
    await t.post(`credit-notes/${later.id}/void`, undefined, { token: admin });
    const hidden = (await create({ customerId: other.id, items: [line('1')] })).body;

    const ids = async (query: string, as = admin) =>
      (await t.get(`credit-notes?${query}`, { token: as })).body.data.map((n: any) => n.id);
    expect(await ids(`customerId=${mine.id}`)).toEqual([later.id, visible.id]);
    expect(await ids(`customerId=${mine.id}&sort=number`)).toEqual([visible.id, later.id]);
    expect(await ids(`customerId=${mine.id}&status=void`)).toEqual([later.id]);
    expect(await ids(`customerId=${mine.id}&dateTo=2026-01-31`)).toEqual([visible.id]);
    expect(await ids('pageSize=100', token)).toEqual([later.id, visible.id]);
    expectProblem(await t.get('credit-notes?status=paid', { token: admin }), 400, 'VALIDATION_FAILED');

    expectProblem(await t.get(`credit-notes/${hidden.id}`, { token }), 404, 'NOT_FOUND');
    expectProblem(await create({ customerId: other.id, items: [line('1')] }, token), 404, 'NOT_FOUND');
    const foreignInvoice = await invoice(other.id, '5');
    expectProblem(await apply(visible.id, { invoiceId: foreignInvoice.id, amount: '1' }, token), 404, 'NOT_FOUND');
    expectProblem(await apply(hidden.id, { invoiceId: foreignInvoice.id, amount: '1' }, token), 404, 'NOT_FOUND');
    expect((await read(`credit-notes/${hidden.id}`)).amountApplied).toBe('0.00');
  });

  it('answers a retry with the same Idempotency-Key with the first note', async () => {
    const customer = await make.customer({ currency: 'EUR' });
    const key = randomUUID();
    const body = { customerId: customer.id, items: [line('3')] };
    const first = await create(body, admin, { 'idempotency-key': key });
    const retry = await create(body, admin, { 'idempotency-key': key });
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect((await read(`credit-notes?customerId=${customer.id}`)).meta.total).toBe(1);
  });
});
