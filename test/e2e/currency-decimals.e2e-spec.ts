import { Currency } from '../../src/currencies/currency.entity';
import { Invoice } from '../../src/invoices/invoice.entity';
import { Given, startAsAdmin, line } from '../factories/given';
import { expectProblem } from '../helpers/problems';
import { TestApp } from '../helpers/test-app';

/** Real ISO 4217 codes that no other part of this file uses, one per currency it creates. */
const CODES = ['AUD', 'CAD', 'JPY', 'SEK', 'NOK', 'DKK', 'CZK', 'RON', 'BGN', 'ISK', 'ZAR', 'BRL', 'MXN', 'INR', 'KRW'];
const RACE_CODES = ['SGD', 'HKD', 'NZD', 'THB', 'MYR', 'IDR', 'PHP', 'ILS', 'AED', 'SAR', 'EGP', 'TRY'];
const decimalsOf = (amount: string) => amount.split('.')[1]?.length ?? 0;

/**
 * A currency's decimals say what its stored minor units mean. Once a document, payment or
 * exchange rate is written in it they no longer change (409 CURRENCY_DECIMALS_LOCKED), also
 * when the change and the first document arrive at the same moment.
 */
describe('decimals of a currency in use', () => {
  let t: TestApp;
  let make: Given;
  let admin: string;
  const unused = [...CODES];

  beforeAll(async () => ({ t, make, admin } = await startAsAdmin()));
  afterAll(() => t.close());

  async function currency(code = unused.shift()!, decimals = 2): Promise<string> {
    expect((await make.currency({ code, decimals })).inUse).toBe(false);
    return code;
  }
  const changeDecimals = (code: string, decimals: number) =>
    t.request('PATCH', `currencies/${code}`, { body: { decimals }, token: admin });

  it('changes the decimals of a currency nothing is written in', async () => {
    const code = await currency();
    await make.customer({ currency: code });

    const res = await changeDecimals(code, 3);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code, decimals: 3, inUse: false });
  });

  it.each([
    ['an invoice', (customerId: string) => make.invoice({ customerId, items: [line('10.00')] })],
    ['a draft invoice', (customerId: string) => make.invoice({ customerId, status: 'draft', items: [line('1')] })],
    ['an estimate', (customerId: string) => make.estimate({ customerId, items: [line('10.00')] })],
    ['a credit note', (customerId: string) => make.creditNote({ customerId, items: [line('10.00')] })],
  ])('refuses to change the decimals once %s is written in it, and changes everything else', async (_, write) => {
    const code = await currency();
    const customer = await make.customer({ currency: code });
    await write(customer.id);

    expectProblem(await changeDecimals(code, 4), 409, 'CURRENCY_DECIMALS_LOCKED');
    expect((await t.get(`currencies/${code}`, { token: admin })).body).toMatchObject({ decimals: 2, inUse: true });

    const rename = await t.request('PATCH', `currencies/${code}`, {
      body: { name: 'Renamed', decimals: 2, placement: 'after' },
      token: admin,
    });
    expect(rename.status).toBe(200);
    expect(rename.body).toMatchObject({ name: 'Renamed', decimals: 2, placement: 'after', inUse: true });
  });

  it('refuses to change the decimals once an exchange rate is recorded in it', async () => {
    const code = await currency();
    const rate = await t.post(`currencies/${code}/rates`, { rate: '0.25', date: '2026-03-01' }, { token: admin });
    expect(rate.status).toBe(201);

    expectProblem(await changeDecimals(code, 0), 409, 'CURRENCY_DECIMALS_LOCKED');
  });

  it('keeps credit in the minor unit the invoice was written in: 1.0000 of credit never pays 100.00', async () => {
    const code = await currency();
    const customer = await make.customer({ currency: code });
    const invoice = await make.invoice({ customerId: customer.id, items: [line('100.00')] });
    expectProblem(await changeDecimals(code, 4), 409, 'CURRENCY_DECIMALS_LOCKED');
    const note = await make.creditNote({ customerId: customer.id, items: [line('1.00')] });
    expect(note.total).toBe('1.00');

    const tooPrecise = await t.post(
      `credit-notes/${note.id}/applications`,
      { invoiceId: invoice.id, amount: '1.0000' },
      { token: admin },
    );
    expect(tooPrecise.status).toBe(400);
    const applied = await t.post(
      `credit-notes/${note.id}/applications`,
      { invoiceId: invoice.id, amount: '1.00' },
      { token: admin },
    );
    expect(applied.status).toBe(201);
    expect((await t.get(`invoices/${invoice.id}`, { token: admin })).body).toMatchObject({
      status: 'partially_paid',
      amountDue: '99.00',
    });
  });

  it("converts credit through each document's own minor unit when a note and its invoice were written at other decimals", async () => {
    const code = await currency();
    const customer = await make.customer({ currency: code });
    const invoice = await make.invoice({ customerId: customer.id, items: [line('100.00')] });
    const note = await make.creditNote({ customerId: customer.id, items: [line('1.00')] });
    // A note stored at four decimals, as one written before the currency's decimals were locked.
    await t.dataSource.query('UPDATE credit_notes SET currency_decimals = ?, subtotal = ?, total = ? WHERE id = ?', [
      4,
      10000,
      10000,
      note.id,
    ]);

    const applied = await t.post(
      `credit-notes/${note.id}/applications`,
      { invoiceId: invoice.id, amount: '1.0000' },
      { token: admin },
    );
    expect(applied.status).toBe(201);
    expect(applied.body).toMatchObject({ total: '1.0000', amountApplied: '1.0000', status: 'closed' });
    expect((await t.get(`invoices/${invoice.id}`, { token: admin })).body).toMatchObject({
      status: 'partially_paid',
      amountDue: '99.00',
    });

    const application = applied.body.applications[0];
    const takenBack = await t.request('DELETE', `credit-notes/${note.id}/applications/${application.id}`, {
      token: admin,
    });
    expect(takenBack.status).toBe(204);
    expect((await t.get(`invoices/${invoice.id}`, { token: admin })).body).toMatchObject({
      status: 'unpaid',
      amountDue: '100.00',
    });
  });

  it(`never leaves a document at other decimals than its currency's when both change at once (${RACE_CODES.length} rounds)`, async () => {
    for (const code of RACE_CODES) {
      await currency(code, 2);
      const customer = await make.customer({ currency: code });
      const [change, ...invoices] = await Promise.all([
        changeDecimals(code, 3),
        t.post('invoices', { customerId: customer.id, items: [line('10')] }, { token: admin }),
        t.post('invoices', { customerId: customer.id, items: [line('10')] }, { token: admin }),
      ]);
      expect(invoices.map((r) => r.status)).toEqual([201, 201]);
      expect([200, 409]).toContain(change.status);

      const stored = await t.dataSource.getRepository(Currency).findOneByOrFail({ code });
      expect(stored.inUse).toBe(true);
      for (const invoice of invoices) expect(decimalsOf(invoice.body.total)).toBe(stored.decimals);
      const rows = await t.dataSource.getRepository(Invoice).findBy({ customerId: customer.id });
      expect(rows.map((row) => row.currencyDecimals)).toEqual([stored.decimals, stored.decimals]);
    }
  });
});
