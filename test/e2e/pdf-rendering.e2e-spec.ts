import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Given, startAsAdmin } from '../factories/given';
import { pdfText } from '../helpers/pdf-text';
import { TestApp } from '../helpers/test-app';

/** A pathological invoice: 100 lines of 1,000 characters each, with spaces for pdfmake to wrap. */
const HEAVY_ITEMS = Array.from({ length: 100 }, (_, i) => ({
  description: `${i} ${'lorem ipsum dolor sit amet consectetur '.repeat(30)}`.slice(0, 1000),
  quantity: '1',
  unitPrice: '1',
  taxRate: '0',
}));

describe('PDFs are rendered off the event loop', () => {
  let t: TestApp;
  let make: Given;
  let admin: string;
  let heavy: string;

  beforeAll(async () => {
    ({ t, make, admin } = await startAsAdmin({ PDF_WORKERS: '1', PDF_QUEUE_LIMIT: '1' }));
    const customer = await make.customer({ currency: 'EUR' });
    const res = await t.post('invoices', { customerId: customer.id, items: HEAVY_ITEMS }, { token: admin });
    expect(res.status).toBe(201);
    heavy = (res.body as { id: string }).id;
  });
  afterAll(() => t.close());

  const pdf = () =>
    fetch(`${t.baseUrl}/api/v1/invoices/${heavy}/pdf`, { headers: { authorization: `Bearer ${admin}` } });

  it('answers health promptly while a 100-line, 1,000-character-per-line PDF renders', async () => {
    const started = performance.now();
    const rendering = pdf().then(async (res) => ({ status: res.status, bytes: (await res.arrayBuffer()).byteLength }));
    let done = false;
    void rendering.finally(() => (done = true));
    const latencies: number[] = [];
    while (!done) {
      const before = performance.now();
      expect((await t.get('health')).status).toBe(200);
      latencies.push(performance.now() - before);
      await sleep(10);
    }
    const rendered = await rendering;
    const renderMs = performance.now() - started;
    expect(rendered.status).toBe(200);
    expect(rendered.bytes).toBeGreaterThan(10_000);
    // The render takes long enough to matter; health answers many times meanwhile, never stalled by it.
    expect(renderMs).toBeGreaterThan(300);
    expect(latencies.length).toBeGreaterThan(5);
    expect(Math.max(...latencies)).toBeLessThan(Math.min(250, renderMs / 2));
  });

  it.each([
    ['en', 'Invoice'],
    ['de', 'Rechnung'],
    ['fr', 'Facture'],
    ['es', 'Factura'],
  ])('prints every script as text in an invoice in %s', async (language, title) => {
    const scripts = [
      '增值税发票 北京',
      '請求書 東京都',
      '서울 청구서',
      'مرحبا بالعالم',
      'שלום עולם',
      'Счёт Москва',
      'Τιμολόγιο Αθήνα',
      'Thanks 😀👍 🇩🇪',
    ];
    expect((await t.request('PATCH', 'settings', { body: { pdfInClientLanguage: true }, token: admin })).status).toBe(
      200,
    );
    const customer = await make.customer({ currency: 'EUR' });
    await t.dataSource.query('UPDATE customers SET language = ? WHERE id = ?', [language, customer.id]);
    const items = scripts.map((description) => ({ description, quantity: '1', unitPrice: '1', taxRate: '0' }));
    const invoice = await t.post('invoices', { customerId: customer.id, items }, { token: admin });
    const res = await fetch(`${t.baseUrl}/api/v1/invoices/${(invoice.body as { id: string }).id}/pdf`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(res.status).toBe(200);
    const text = (await pdfText(Buffer.from(await res.arrayBuffer()))).replace(/\s+/g, ' ');
    expect(text).not.toContain('\u0000');
    for (const expected of [title, ...scripts]) expect(text).toContain(expected);
  });

  it('answers 503 with Retry-After when every renderer is busy and the queue is full', async () => {
    const answers = await Promise.all(Array.from({ length: 4 }, () => pdf()));
    const statuses = answers.map((res) => res.status);
    expect(statuses).toContain(200);
    expect(statuses).toContain(503);
    const busy = answers.find((res) => res.status === 503)!;
    expect(busy.headers.get('retry-after')).toBe('2');
    expect(((await busy.json()) as { code: string }).code).toBe('PDF_RENDERER_BUSY');
    await Promise.all(answers.map((res) => res.arrayBuffer().catch(() => undefined)));
    expect((await pdf()).status).toBe(200);
  });
});
