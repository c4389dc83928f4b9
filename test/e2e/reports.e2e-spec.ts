import { inflateSync } from 'node:zlib';
import { todayIn } from '@app/common';
import { Given, line, startAsAdmin } from '../factories/given';
import { pdfText } from '../helpers/pdf-text';
import { errorFields, expectProblem } from '../helpers/problems';
import { StatementLog, WRITE_STATEMENT, logStatements } from '../helpers/statements';
import { TestApp } from '../helpers/test-app';

/** RFC 4180 fields and records, as a spreadsheet reads them back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** The decompressed content streams of a PDF. */
function pageStreams(pdf: Uint8Array): string[] {
  const text = Buffer.from(pdf).toString('latin1');
  const streams: string[] = [];
  for (const match of text.matchAll(/stream\r?\n([^]*?)\r?\nendstream/g)) {
    try {
      streams.push(inflateSync(Buffer.from(match[1], 'latin1')).toString('latin1'));
    } catch {
      // not a deflated stream (a font, an image): no drawing in it
    }
  }
  return streams;
}

const Q1 = 'period=custom&from=2026-01-01&to=2026-03-31';

/**
 * Revenue by customer group on a data set computed by hand (period 2026-01-01 to 2026-03-31,
 * USD the default currency, EUR worth 1.10 USD from 2026-01-15, 1.20 from 2026-03-20 and
 * 1.30 from 2026-04-10):
 *
 * - A (USD) in groups KEY and RETAIL: invoice 100.00 on 01-10 paid 40.00 on 02-05 and 10.00 on
 *   04-02 (outside); a draft of 500.00; invoice 200.00 of 2025-12-20 (outside) paid on 01-03.
 * - B (USD) in KEY: 300.00 on 03-15 paid 03-16; 50.00 on 01-20 cancelled; 25.00 on 02-10 paid
 *   on 02-11 and then cancelled (neither its total nor its payment counts).
 * - C (EUR) in no group: 80.00 on 02-14 paid 02-20.
 * - D (EUR) in RETAIL: 120.50 on 03-01, 20.25 paid 03-02.
 * - E (USD) in KEY: only an invoice of 2026-05-01 (outside).
 */
describe('reports: revenue by customer group', () => {
  let t: TestApp;
  let make: Given;
  let admin: string;
  let log: StatementLog;
  const KEY_NAME = 'Key, "A" accounts';
  const RETAIL_NAME = '=Retail';
  let key: string;
  let retail: string;
  const ids: Record<string, string> = {};
  let ownToken: string;

  const report = (query: string, token = admin, headers: Record<string, string> = {}) =>
    t.get(`reports/customer-groups?${query}`, { token, headers });

  beforeAll(async () => {
    ({ t, make, admin } = await startAsAdmin());
    log = logStatements(t.dataSource);
    key = (await make.group(KEY_NAME)).id;
    retail = (await make.group(RETAIL_NAME)).id;
    const own = await make.staff({ permissions: ['reports.view', 'customers.view_own'] });
    ownToken = await own.token();
    const a = await make.customer({
      company: 'Alpha Ltd',
      currency: 'USD',
      groupIds: [key, retail],
      admins: [own.staff.id],
    });
    const b = await make.customer({ company: 'Beta Ltd', currency: 'USD', groupIds: [key] });
    const c = await make.customer({ company: 'Gamma SA', currency: 'EUR', admins: [own.staff.id] });
    const d = await make.customer({ company: 'Delta GmbH', currency: 'EUR', groupIds: [retail] });
    const e = await make.customer({ company: 'Epsilon Inc', currency: 'USD', groupIds: [key] });
    Object.assign(ids, { a: a.id, b: b.id, c: c.id, d: d.id, e: e.id });

    const invoice = (customerId: string, amount: string, date: string, status?: string) =>
      make.invoice({ customerId, items: [line(amount)], date, ...(status ? { status } : {}) });
    const pay = (invoiceId: string, amount: string, date: string) => make.payment({ invoiceId, amount, date });

    const a1 = await invoice(a.id, '100.00', '2026-01-10');
    await pay(a1.id, '40.00', '2026-02-05');
    await pay(a1.id, '10.00', '2026-04-02');
    await invoice(a.id, '500.00', '2026-02-01', 'draft');
    const a3 = await invoice(a.id, '200.00', '2025-12-20');
    await pay(a3.id, '200.00', '2026-01-03');

    const b1 = await invoice(b.id, '300.00', '2026-03-15');
    await pay(b1.id, '300.00', '2026-03-16');
    const b2 = await invoice(b.id, '50.00', '2026-01-20');
    expect((await t.post(`invoices/${b2.id}/cancel`, undefined, { token: admin })).status).toBe(200);
    const b3 = await invoice(b.id, '25.00', '2026-02-10');
    await pay(b3.id, '25.00', '2026-02-11');
    // An invoice cancelled after its payment (as one imported from an older system may be).
    await t.dataSource.query('UPDATE invoices SET status = ? WHERE id = ?', ['cancelled', b3.id]);

    const c1 = await invoice(c.id, '80.00', '2026-02-14');
    await pay(c1.id, '80.00', '2026-02-20');
    const d1 = await invoice(d.id, '120.50', '2026-03-01');
    await pay(d1.id, '20.25', '2026-03-02');
    await invoice(e.id, '999.00', '2026-05-01');

    for (const [rate, date] of [
      ['1.10', '2026-01-15'],
      ['1.20', '2026-03-20'],
      ['1.30', '2026-04-10'],
    ]) {
      expect((await t.post('currencies/EUR/rates', { rate, date }, { token: admin })).status).toBe(201);
    }
  });
  afterAll(() => t.close());

  const Q1_ROWS = () => [
    { groupId: null, groupName: null, currency: 'EUR', received: '80.00', invoiced: '80.00', customers: 1 },
    { groupId: retail, groupName: RETAIL_NAME, currency: 'EUR', received: '20.25', invoiced: '120.50', customers: 1 },
    { groupId: key, groupName: KEY_NAME, currency: 'USD', received: '540.00', invoiced: '400.00', customers: 2 },
    { groupId: retail, groupName: RETAIL_NAME, currency: 'USD', received: '240.00', invoiced: '100.00', customers: 1 },
  ];

  it('answers every figure to the cent: groups and currencies apart, a customer in two groups in each, totals once', async () => {
    const res = await report(Q1);
    expect(res.status).toBe(200);
    expect(res.body.period).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(res.body.rows).toEqual(Q1_ROWS());
    expect(res.body.totals).toEqual([
      { currency: 'EUR', received: '100.25', invoiced: '200.50' },
      { currency: 'USD', received: '540.00', invoiced: '400.00' },
    ]);
    expect(res.body.converted).toBeUndefined();
  });

  it('answers the monthly series per group and currency', async () => {
    const res = await report(Q1);
    const point = (month: string, groupId: string | null, currency: string, received: string, invoiced: string) => ({
      month,
      groupId,
      currency,
      received,
      invoiced,
    });
    const expected = [
      point('2026-01', key, 'USD', '200.00', '100.00'),
      point('2026-01', retail, 'USD', '200.00', '100.00'),
      point('2026-02', null, 'EUR', '80.00', '80.00'),
      point('2026-02', key, 'USD', '40.00', '0.00'),
      point('2026-02', retail, 'USD', '40.00', '0.00'),
      point('2026-03', retail, 'EUR', '20.25', '120.50'),
      point('2026-03', key, 'USD', '300.00', '300.00'),
    ];
    const order = (p: { month: string; currency: string; groupId: string | null }) =>
      `${p.month} ${p.currency} ${p.groupId ?? ''}`;
    expect([...res.body.series].sort((x, y) => order(x).localeCompare(order(y)))).toEqual(
      [...expected].sort((x, y) => order(x).localeCompare(order(y))),
    );
  });

  it('filters by currency', async () => {
    const res = await report(`${Q1}&currency=EUR`);
    expect(res.status).toBe(200);
    expect(res.body.rows).toEqual(Q1_ROWS().filter((row) => row.currency === 'EUR'));
    expect(res.body.totals).toEqual([{ currency: 'EUR', received: '100.25', invoiced: '200.50' }]);
    expect(res.body.series.every((p: { currency: string }) => p.currency === 'EUR')).toBe(true);
  });

  it('converts into a currency that is not the default through the default, with the latest rate on or before the end', async () => {
    const res = await report(`${Q1}&convertTo=EUR`);
    expect(res.status).toBe(200);
    expect(res.body.converted).toEqual({
      currency: 'EUR',
      rates: [
        { currency: 'EUR', rate: '1.20', date: '2026-03-20' },
        { currency: 'USD', rate: '1', date: null },
      ],
      rows: [
        // USD 540.00 / 1.20; 400.00 / 1.20 = 333.333… rounded once.
        { groupId: key, groupName: KEY_NAME, received: '450.00', invoiced: '333.33', customers: 2 },
        // USD 240.00 / 1.20 + EUR 20.25; USD 100.00 / 1.20 + EUR 120.50 = 203.8333…
        { groupId: retail, groupName: RETAIL_NAME, received: '220.25', invoiced: '203.83', customers: 2 },
        { groupId: null, groupName: null, received: '80.00', invoiced: '80.00', customers: 1 },
      ],
      total: { received: '550.25', invoiced: '533.83' },
    });
    // The rows in their own currencies stay as they are.
    expect(res.body.rows).toEqual(Q1_ROWS());
  });

  it('converts into the default currency, and an earlier period uses the earlier rate', async () => {
    const usd = await report(`${Q1}&convertTo=USD`);
    expect(usd.status).toBe(200);
    expect(usd.body.converted.total).toEqual({ received: '660.30', invoiced: '640.60' });
    expect(usd.body.converted.rows[1]).toEqual({
      groupId: retail,
      groupName: RETAIL_NAME,
      received: '264.30',
      invoiced: '244.60',
      customers: 2,
    });
    const february = await report('period=custom&from=2026-01-01&to=2026-02-28&convertTo=USD');
    expect(february.status).toBe(200);
    expect(february.body.converted.rates).toEqual([
      { currency: 'EUR', rate: '1.10', date: '2026-01-15' },
      { currency: 'USD', rate: '1', date: null },
    ]);
    // EUR 80.00 × 1.10 + USD 240.00 (A's 200.00 and 40.00; B's cancelled invoice pays nothing).
    expect(february.body.converted.total.received).toBe('328.00');
  });

  it('refuses a conversion without a stored rate with 422 naming the currency, never a silent zero', async () => {
    const res = await report('period=custom&from=2026-01-01&to=2026-01-10&convertTo=EUR');
    expectProblem(res, 422, 'EXCHANGE_RATE_MISSING');
    expect(res.body).toMatchObject({ currency: 'EUR', date: '2026-01-10' });
    expect(res.body.detail).toContain('EUR');
  });

  it('answers CSV with a header and one line per group and currency, formulas neutralised and names quoted', async () => {
    const res = await report(`${Q1}&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="customer-groups-2026-01-01-2026-03-31.csv"',
    );
    expect(res.text).toContain('"Key, ""A"" accounts"');
    expect(parseCsv(res.text)).toEqual([
      ['groupId', 'groupName', 'currency', 'received', 'invoiced', 'customers'],
      ['', '', 'EUR', '80.00', '80.00', '1'],
      [retail, "'=Retail", 'EUR', '20.25', '120.50', '1'],
      [key, KEY_NAME, 'USD', '540.00', '400.00', '2'],
      [retail, "'=Retail", 'USD', '240.00', '100.00', '1'],
    ]);
  });

  it('answers a PDF with the chart, the table, the period and the rates, in the caller’s language', async () => {
    const res = await report(`${Q1}&format=pdf&convertTo=EUR`, admin, { 'accept-language': 'de' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/pdf');
    expect(res.headers.get('content-disposition')).toContain('customer-groups-2026-01-01-2026-03-31.pdf');
    const raw = await fetch(`${t.baseUrl}/api/v1/reports/customer-groups?${Q1}&format=pdf&convertTo=EUR`, {
      headers: { authorization: `Bearer ${admin}`, 'accept-language': 'de' },
    });
    const bytes = new Uint8Array(await raw.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    // The bars are vector rectangles filled in the chart's colour (#3b6ea5), one per row of each
    // chart, as long as each row's received is to the largest (EUR: 80.00, 20.25; USD: 540.00, 240.00).
    const drawing = pageStreams(bytes).join('\n');
    const bars = [
      ...drawing.matchAll(/[\d.]+ [\d.]+ ([\d.]+) 10 re\s+\/DeviceRGB cs\s+0\.2313\d* 0\.4313\d* 0\.6470\d* scn/g),
    ];
    expect(bars.map((bar) => bar[1])).toEqual(['260', '65.81', '260', '115.55']);
    const text = (await pdfText(bytes)).replace(/\s+/g, ' ');
    for (const expected of [
      'Umsatz nach Kundengruppe',
      'Eingänge je Gruppe (EUR)',
      'Eingänge je Gruppe (USD)',
      'Ohne Gruppe',
      KEY_NAME,
      RETAIL_NAME,
      '$540.00',
      '20,25 €',
      '550,25 €',
      'Kurs EUR',
      '1.20',
      '01.01.2026',
      '31.03.2026',
    ]) {
      expect(text).toContain(expected);
    }
  });

  describe('drill-down', () => {
    const customers = (group: string, query = Q1, token = admin) =>
      t.get(`reports/customer-groups/${group}/customers?${query}`, { token });

    it('lists a group’s customers ranked by received, a page at a time', async () => {
      const res = await customers(key);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        data: [
          { customerId: ids.b, company: 'Beta Ltd', currency: 'USD', received: '300.00', invoiced: '300.00' },
          { customerId: ids.a, company: 'Alpha Ltd', currency: 'USD', received: '240.00', invoiced: '100.00' },
        ],
        meta: { page: 1, pageSize: 25, total: 2 },
      });
      const second = await customers(key, `${Q1}&page=2&pageSize=1`);
      expect(second.body).toEqual({
        data: [{ customerId: ids.a, company: 'Alpha Ltd', currency: 'USD', received: '240.00', invoiced: '100.00' }],
        meta: { page: 2, pageSize: 1, total: 2 },
      });
    });

    it('lists the ungrouped customers and a group in two currencies', async () => {
      expect((await customers('ungrouped')).body.data).toEqual([
        { customerId: ids.c, company: 'Gamma SA', currency: 'EUR', received: '80.00', invoiced: '80.00' },
      ]);
      const mixed = await customers(retail);
      expect(mixed.body.data.map((row: { customerId: string }) => row.customerId)).toEqual([ids.a, ids.d]);
      expect((await customers(retail, `${Q1}&currency=EUR`)).body.data).toEqual([
        { customerId: ids.d, company: 'Delta GmbH', currency: 'EUR', received: '20.25', invoiced: '120.50' },
      ]);
    });

    it('answers 404 for an unknown group and 400 for what is not a group id', async () => {
      expectProblem(await customers('0190f5f2-7c1e-7a3b-9d4e-5f6a7b8c9d0e'), 404, 'NOT_FOUND');
      const bad = await customers('not-a-group');
      expectProblem(bad, 400, 'VALIDATION_FAILED');
      expect(errorFields(bad)).toEqual(['groupId']);
    });
  });

  describe('access', () => {
    it('refuses staff without reports.view (403)', async () => {
      const viewer = await (await make.staff({ permissions: ['customers.view'] })).token();
      expectProblem(await report(Q1, viewer), 403, 'FORBIDDEN');
      expectProblem(await t.get(`reports/customer-groups/${key}/customers?${Q1}`, { token: viewer }), 403, 'FORBIDDEN');
    });

    it('gives staff with customers.view_own the figures of their assigned customers only', async () => {
      const res = await report(`${Q1}&convertTo=USD`, ownToken);
      expect(res.status).toBe(200);
      expect(res.body.rows).toEqual([
        { groupId: null, groupName: null, currency: 'EUR', received: '80.00', invoiced: '80.00', customers: 1 },
        // A tie on received is ranked by name: "=Retail" before "Key, …".
        {
          groupId: retail,
          groupName: RETAIL_NAME,
          currency: 'USD',
          received: '240.00',
          invoiced: '100.00',
          customers: 1,
        },
        { groupId: key, groupName: KEY_NAME, currency: 'USD', received: '240.00', invoiced: '100.00', customers: 1 },
      ]);
      expect(res.body.totals).toEqual([
        { currency: 'EUR', received: '80.00', invoiced: '80.00' },
        { currency: 'USD', received: '240.00', invoiced: '100.00' },
      ]);
      expect(
        res.body.series.map((p: { month: string; groupId: string | null }) => `${p.month} ${p.groupId}`).sort(),
      ).toEqual([`2026-01 ${key}`, `2026-01 ${retail}`, '2026-02 null', `2026-02 ${key}`, `2026-02 ${retail}`].sort());
      // 240.00 + 80.00 × 1.20
      expect(res.body.converted.total).toEqual({ received: '336.00', invoiced: '196.00' });
      const drill = await t.get(`reports/customer-groups/${key}/customers?${Q1}`, { token: ownToken });
      expect(drill.body.data.map((row: { customerId: string }) => row.customerId)).toEqual([ids.a]);
      expect(drill.body.meta.total).toBe(1);
    });

    it('gives reports.view without any customer scope no figures', async () => {
      const bare = await (await make.staff({ permissions: ['reports.view'] })).token();
      const res = await report(Q1, bare);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ rows: [], totals: [], series: [] });
    });
  });

  describe('bad parameters: 400 naming the parameter', () => {
    it.each([
      ['period=yesterday', 'period'],
      ['period=custom&to=2026-01-31', 'from'],
      ['period=custom&from=2026-01-01', 'to'],
      ['period=custom&from=2026-02-01&to=2026-01-31', 'from'],
      ['period=custom&from=2016-01-01&to=2026-01-01', 'to'],
      ['period=custom&from=2026-02-30&to=2026-03-01', 'from'],
      ['period=this_month&from=2026-01-01', 'from'],
      ['currency=XXX', 'currency'],
      ['currency=eur', 'currency'],
      ['convertTo=ABC', 'convertTo'],
      ['format=xml', 'format'],
      ['colour=blue', 'colour'],
      ['page=2', 'page'],
    ])('%s', async (query, field) => {
      const res = await report(query);
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(errorFields(res)).toEqual([field]);
    });

    it('accepts ten years less a day', async () => {
      expect((await report('period=custom&from=2016-01-01&to=2025-12-31')).status).toBe(200);
    });

    it('refuses unknown parameters on the drill-down too', async () => {
      const res = await t.get(`reports/customer-groups/${key}/customers?${Q1}&convertTo=EUR`, { token: admin });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(errorFields(res)).toEqual(['convertTo']);
    });
  });

  describe('relative periods in the company time zone', () => {
    afterAll(async () => {
      await t.request('PATCH', 'settings', { body: { timezone: 'UTC' }, token: admin });
    });

    it('computes this month and the last 3 whole months from today in the company time zone', async () => {
      const zone = 'Pacific/Kiritimati';
      expect((await t.request('PATCH', 'settings', { body: { timezone: zone }, token: admin })).status).toBe(200);
      const today = todayIn(zone);
      const [year, month] = today.split('-').map(Number);
      const first = (y: number, m: number) => new Date(Date.UTC(y, m - 1, 1)).toISOString().slice(0, 10);
      const last = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
      expect((await report('period=this_month')).body.period).toEqual({
        from: first(year, month),
        to: last(year, month),
      });
      expect((await report('period=last_3_months')).body.period).toEqual({
        from: first(year, month - 3),
        to: last(year, month - 1),
      });
      expect((await report('period=this_year')).body.period).toEqual({ from: `${year}-01-01`, to: `${year}-12-31` });
      expect((await report('')).body.period).toEqual({ from: `${year}-01-01`, to: `${year}-12-31` });
    });
  });

  describe('statement budgets', () => {
    it('answers the report in at most 7 statements (staff, settings, currencies, rows, totals, series, rates), writing nothing', async () => {
      const { result, statements } = await log.during(() => report(`${Q1}&convertTo=EUR`));
      expect(result.status).toBe(200);
      expect(statements.filter((s) => WRITE_STATEMENT.test(s))).toEqual([]);
      expect(statements.length).toBeLessThanOrEqual(7);
    });

    it('answers a drill-down page in at most 6 statements (staff, settings, currencies, group, page, total)', async () => {
      const { result, statements } = await log.during(() =>
        t.get(`reports/customer-groups/${key}/customers?${Q1}`, { token: admin }),
      );
      expect(result.status).toBe(200);
      expect(statements.filter((s) => WRITE_STATEMENT.test(s))).toEqual([]);
      expect(statements.length).toBeLessThanOrEqual(6);
    });
  });
});
