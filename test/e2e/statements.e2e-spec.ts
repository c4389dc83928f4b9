import { Given, startAsAdmin } from '../factories/given';
import { pdfText } from '../helpers/pdf-text';
import { StatementLog, WRITE_STATEMENT, logStatements } from '../helpers/statements';
import { TestApp } from '../helpers/test-app';

/**
 * A statement over a hand-computed account, in EUR:
 *
 * before the range (2026-02-01):
 *   2025-10-01 INV F 70.00 (due 2025-10-31, never paid)
 *   2026-01-10 INV A 100.00 (due 2026-01-20), 2026-01-15 paid 40.00
 *   → opening balance 70 + 100 - 40 = 130.00
 * in the range (to 2026-03-31):
 *   2026-02-05 INV B 250.00 (due 2026-02-15)          → 380.00
 *   2026-02-10 a draft (999.00) and 2026-02-11 a cancelled invoice (500.00): not listed
 *   2026-02-20 paid 100.00 on B                        → 280.00
 *   2026-02-25 CN 50.00 issued (balance unchanged)     → 280.00
 *   2026-02-26 30.00 of it applied to B                → 250.00
 *   2026-03-01 INV C 80.00 (due 2026-04-30)            → 330.00
 * aging on 2026-03-31: C 80.00 current; B 120.00 44 days late (31–60); A 60.00 70 days late
 * (61–90); F 70.00 151 days late (over 90). Unapplied credit: 20.00.
 */
describe('customer statements', () => {
  let t: TestApp;
  let make: Given;
  let admin: string;
  let customerId: string;
  let log: StatementLog;
  const ids: Record<string, string> = {};

  const item = (amount: string) => [{ description: 'Services', quantity: '1', unitPrice: amount, taxRate: '0' }];
  const created = async (path: string, body: Record<string, unknown>) => {
    const res = await t.post(path, body, { token: admin });
    expect(`${path} ${res.status} ${res.text}`).toMatch(/ 20[01] /);
    return res.body as { id: string; number: string };
  };
  const invoice = (date: string, dueDate: string, amount: string, status?: string) =>
    created('invoices', { customerId, date, dueDate, items: item(amount), ...(status ? { status } : {}) });
  const pay = (invoiceId: string, date: string, amount: string) =>
    created('payments', { invoiceId, date, amount, mode: 'bank' });

  beforeAll(async () => {
    ({ t, make, admin } = await startAsAdmin());
    log = logStatements(t.dataSource);
    customerId = (await make.customer({ company: 'Statement Customer GmbH', currency: 'EUR' })).id;
    ids.F = (await invoice('2025-10-01', '2025-10-31', '70')).id;
    ids.A = (await invoice('2026-01-10', '2026-01-20', '100')).id;
    await pay(ids.A, '2026-01-15', '40');
    ids.B = (await invoice('2026-02-05', '2026-02-15', '250')).id;
    await invoice('2026-02-10', '2026-02-28', '999', 'draft');
    const cancelled = await invoice('2026-02-11', '2026-02-28', '500');
    expect((await t.post(`invoices/${cancelled.id}/cancel`, undefined, { token: admin })).status).toBe(200);
    await pay(ids.B, '2026-02-20', '100');
    const note = await created('credit-notes', { customerId, date: '2026-02-25', items: item('50') });
    ids.CN = note.id;
    await created(`credit-notes/${note.id}/applications`, { invoiceId: ids.B, amount: '30', date: '2026-02-26' });
    ids.C = (await invoice('2026-03-01', '2026-04-30', '80')).id;
  });
  afterAll(() => t.close());

  const statement = (query: string, token = admin) => t.get(`customers/${customerId}/statement?${query}`, { token });

  it('has the opening balance, every line with its running balance, the totals and the aging', async () => {
    const res = await statement('from=2026-02-01&to=2026-03-31');
    expect(res.status).toBe(200);
    const body = res.body as any;
    expect(body).toMatchObject({
      customerId,
      company: 'Statement Customer GmbH',
      currency: 'EUR',
      from: '2026-02-01',
      to: '2026-03-31',
      openingBalance: '130.00',
      totals: { invoiced: '330.00', paid: '100.00', credited: '30.00', balanceDue: '330.00' },
      unappliedCredit: '20.00',
      aging: { current: '80.00', days1To30: '0.00', days31To60: '120.00', days61To90: '60.00', over90: '70.00' },
    });
    const lines = body.lines.map((l: any) => [l.date, l.type, l.charge, l.credit, l.balance]);
    expect(lines).toEqual([
      ['2026-02-05', 'invoice', '250.00', '0.00', '380.00'],
      ['2026-02-20', 'payment', '0.00', '100.00', '280.00'],
      ['2026-02-25', 'credit_note', '0.00', '0.00', '280.00'],
      ['2026-02-26', 'credit_application', '0.00', '30.00', '250.00'],
      ['2026-03-01', 'invoice', '80.00', '0.00', '330.00'],
    ]);
    const numberOf = async (id: string) => ((await t.get(`invoices/${id}`, { token: admin })).body as any).number;
    expect(body.lines[1]).toMatchObject({ invoiceNumber: await numberOf(ids.B), mode: 'bank', amount: '100.00' });
    expect(body.lines[2]).toMatchObject({ id: ids.CN, amount: '50.00' });
    expect(body.lines[3]).toMatchObject({ invoiceNumber: await numberOf(ids.B), amount: '30.00' });
  });

  it("agrees with the issued invoices' own amounts due to the cent", async () => {
    const res = await statement(`from=2026-01-01&to=2099-12-31`);
    const invoices = await t.get(`invoices?customerId=${customerId}&pageSize=100`, { token: admin });
    const cents = (amount: string) => Math.round(Number(amount) * 100);
    const issued = (invoices.body as any).data.filter((i: any) => i.status !== 'draft');
    const due = issued.reduce((sum: number, i: any) => sum + cents(i.amountDue), 0);
    expect(due).toBe(33000);
    expect(cents((res.body as any).totals.balanceDue)).toBe(due);
    const aging = Object.values((res.body as any).aging as Record<string, string>).reduce((s, a) => s + cents(a), 0);
    expect(aging).toBe(due);
  });

  it('ages what was due on `to`, before later payments and credit', async () => {
    const res = await statement('from=2026-02-01&to=2026-02-21');
    expect((res.body as any).totals.balanceDue).toBe('280.00');
    // B: 250 - 100 paid, 6 days late; A: 60, 32 days late; F: 70, 113 days late; C not yet issued.
    expect((res.body as any).aging).toEqual({
      current: '0.00',
      days1To30: '150.00',
      days31To60: '60.00',
      days61To90: '0.00',
      over90: '70.00',
    });
    expect((res.body as any).unappliedCredit).toBe('0.00');
  });

  it('reads a fixed number of statements however many documents there are, writing nothing', async () => {
    const count = async (id: string) => {
      const { result, statements } = await log.during(() =>
        t.get(`customers/${id}/statement?from=2026-01-01&to=2026-12-31`, { token: admin }),
      );
      expect(result.status).toBe(200);
      expect(statements.filter((sql) => WRITE_STATEMENT.test(sql))).toEqual([]);
      return statements.length;
    };
    const small = (await make.customer({ currency: 'EUR' })).id;
    await created('invoices', { customerId: small, date: '2026-02-01', dueDate: '2026-03-01', items: item('5') });
    const few = await count(small);
    for (let i = 0; i < 12; i++) {
      const invoice = await created('invoices', {
        customerId: small,
        date: '2026-02-02',
        dueDate: '2026-03-01',
        items: item('5'),
      });
      await created('payments', { invoiceId: invoice.id, date: '2026-02-03', amount: '1', mode: 'bank' });
    }
    expect(await count(small)).toBe(few);
    expect(few).toBeLessThanOrEqual(18);
  });

  it('answers 400 for a range that ends before it starts', async () => {
    expect((await statement('from=2026-03-01&to=2026-02-01')).status).toBe(400);
    expect((await statement('from=2026-02-30')).status).toBe(400);
  });

  it('prints the statement as a PDF, and lists it as CSV', async () => {
    const pdf = await fetch(
      `${t.baseUrl}/api/v1/customers/${customerId}/statement?from=2026-02-01&to=2026-03-31&format=pdf`,
      {
        headers: { authorization: `Bearer ${admin}` },
      },
    );
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const text = (await pdfText(Buffer.from(await pdf.arrayBuffer()))).replace(/\s+/g, ' ');
    for (const expected of [
      'Statement of account',
      'Statement Customer GmbH',
      'Opening balance 130,00 €',
      'Balance due 330,00 €',
      'Over 90 days',
      '70,00 €',
      'Credit not yet applied 20,00 €',
    ]) {
      expect(text).toContain(expected);
    }
    const csv = await statement('from=2026-02-01&to=2026-03-31&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const rows = csv.text.trim().split('\r\n');
    expect(rows[0]).toBe('date,type,number,invoiceNumber,dueDate,mode,amount,charge,credit,balance');
    expect(rows[1]).toBe('2026-02-01,opening_balance,,,,,,,,130.00');
    expect(rows).toHaveLength(1 + 1 + 5 + 1);
    expect(rows.at(-1)).toBe('2026-03-31,balance_due,,,,,,,,330.00');
  });

  it('shows staff with only view_own the statements of assigned customers, and 404 for others', async () => {
    const ownStaff = await make.staff({ permissions: ['customers.view_own', 'invoices.view'] });
    const token = await ownStaff.token();
    expect((await statement('from=2026-02-01&to=2026-03-31', token)).status).toBe(404);
    const assigned = await make.customer({ currency: 'EUR', admins: [ownStaff.staff.id] });
    const res = await t.get(`customers/${assigned.id}/statement`, { token });
    expect(res.status).toBe(200);
    expect((res.body as any).totals.balanceDue).toBe('0.00');
    const withoutInvoices = await make.staff({ permissions: ['customers.view'] });
    expect((await statement('', await withoutInvoices.token())).status).toBe(403);
  });
});
