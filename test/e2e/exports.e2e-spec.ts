import { setTimeout as sleep } from 'node:timers/promises';
import { Given, startAsAdmin } from '../factories/given';
import { pdfText } from '../helpers/pdf-text';
import { StatementLog, logStatements } from '../helpers/statements';
import { TestApp } from '../helpers/test-app';
import { unzip } from '../helpers/zip';

describe('ZIP exports of a customer documents', () => {
  let t: TestApp;
  let make: Given;
  let admin: string;
  let log: StatementLog;
  let customerId: string;
  const numbers: Record<string, string> = {};

  const item = (amount = '100') => [{ description: 'Export line', quantity: '1', unitPrice: amount, taxRate: '0' }];
  const created = async (path: string, body: Record<string, unknown>) => {
    const res = await t.post(path, body, { token: admin });
    expect(`${path} ${res.status} ${res.text}`).toMatch(/ 20[01] /);
    return res.body as { id: string; number: string };
  };
  const download = async (query: string, token = admin, id = customerId) => {
    const res = await fetch(`${t.baseUrl}/api/v1/customers/${id}/exports?${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
  };
  const names = async (query: string) => {
    const res = await download(query);
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/zip');
    return (await unzip(res.body)).map((entry) => entry.name).sort();
  };

  beforeAll(async () => {
    ({ t, make, admin } = await startAsAdmin());
    log = logStatements(t.dataSource);
    customerId = (await make.customer({ currency: 'EUR' })).id;
    const january = await created('invoices', { customerId, date: '2026-01-10', items: item() });
    const february = await created('invoices', { customerId, date: '2026-02-10', items: item() });
    await created('invoices', { customerId, date: '2026-02-11', items: item(), status: 'draft' });
    await created('payments', { invoiceId: february.id, amount: '100', mode: 'cash', date: '2026-02-12' });
    await created('payments', { invoiceId: january.id, amount: '40', mode: 'bank', date: '2026-01-20' });
    numbers.january = january.number;
    numbers.february = february.number;
    numbers.estimate = (await created('estimates', { customerId, date: '2026-01-05', items: item() })).number;
    numbers.note = (await created('credit-notes', { customerId, date: '2026-03-01', items: item('10') })).number;
  });
  afterAll(() => t.close());

  it('holds one valid PDF per issued invoice, named by its number', async () => {
    const res = await download('type=invoices');
    expect(res.status).toBe(200);
    const entries = await unzip(res.body);
    expect(entries.map((e) => e.name).sort()).toEqual([`${numbers.january}.pdf`, `${numbers.february}.pdf`]);
    for (const entry of entries) {
      expect(entry.content.subarray(0, 5).toString()).toBe('%PDF-');
      expect(await pdfText(entry.content)).toContain(entry.name.replace('.pdf', ''));
    }
  });

  it('applies the status and date filters', async () => {
    expect(await names('type=invoices&status=paid')).toEqual([`${numbers.february}.pdf`]);
    expect(await names('type=invoices&from=2026-02-01&to=2026-02-28')).toEqual([`${numbers.february}.pdf`]);
    expect(await names('type=invoices&status=draft')).toHaveLength(1);
    expect(await names('type=estimates')).toEqual([`${numbers.estimate}.pdf`]);
    expect(await names('type=credit-notes')).toEqual([`${numbers.note}.pdf`]);
  });

  it('gives every payment a receipt, filtered by mode', async () => {
    const all = await names('type=payments');
    expect(all).toHaveLength(2);
    const cash = await download('type=payments&mode=cash');
    const [receipt] = await unzip(cash.body);
    expect(receipt.name).toMatch(new RegExp(`^receipt-${numbers.february}-2026-02-12-.+\\.pdf$`));
    const text = (await pdfText(receipt.content)).replace(/\s+/g, ' ');
    expect(text).toContain('Payment receipt');
    expect(text).toContain(numbers.february);
    expect(text).toContain('cash');
  });

  it('answers a valid empty ZIP when nothing matches', async () => {
    expect(await names('type=invoices&from=2030-01-01')).toEqual([]);
    const empty = await make.customer();
    const res = await download('type=credit-notes', admin, empty.id);
    expect(res.status).toBe(200);
    expect(await unzip(res.body)).toEqual([]);
  });

  it('answers 400 for a filter the type does not have', async () => {
    expect((await download('type=invoices&status=open')).status).toBe(400);
    expect((await download('type=invoices&mode=cash')).status).toBe(400);
    expect((await download('type=zip')).status).toBe(400);
  });

  it('stops reading documents when the client disconnects mid-export', async () => {
    const big = (await make.customer({ currency: 'EUR' })).id;
    for (let i = 0; i < 80; i++) await created('invoices', { customerId: big, date: '2026-01-01', items: item() });
    const batchReads = (statements: string[]) =>
      statements.filter((sql) => /FROM "?`?invoices/.test(sql) && /ORDER BY/i.test(sql)).length;

    const { statements } = await log.during(async () => {
      const abort = new AbortController();
      const res = await fetch(`${t.baseUrl}/api/v1/customers/${big}/exports?type=invoices`, {
        headers: { authorization: `Bearer ${admin}` },
        signal: abort.signal,
      });
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      await reader.read();
      abort.abort();
      await sleep(1500);
    });
    // 80 invoices are 4 batches of 25; the first chunk comes with the first batch's first PDF.
    expect(batchReads(statements)).toBeGreaterThanOrEqual(1);
    expect(batchReads(statements)).toBeLessThan(4);
    const { statements: later } = await log.during(() => sleep(1500));
    expect(batchReads(later)).toBe(0);
  });

  it('answers 404 to view_own staff for an unassigned customer: statement, export and sending', async () => {
    const staff = await make.staff({
      permissions: ['customers.view_own', 'invoices.view', 'invoices.edit'],
    });
    const token = await staff.token();
    const invoice = await created('invoices', { customerId, items: item() });
    expect((await download('type=invoices', token)).status).toBe(404);
    expect((await t.get(`customers/${customerId}/statement`, { token })).status).toBe(404);
    expect((await t.post(`customers/${customerId}/statement/send`, {}, { token })).status).toBe(404);
    expect((await t.post(`invoices/${invoice.id}/send`, {}, { token })).status).toBe(404);
    const mine = (await make.customer({ currency: 'EUR', admins: [staff.staff.id] })).id;
    expect((await download('type=invoices', token, mine)).status).toBe(200);
    expect((await download('type=estimates', token, mine)).status).toBe(404);
  });
});
