import { randomUUID } from 'node:crypto';
import { Given, startAsAdmin } from '../factories/given';
import { pdfText } from '../helpers/pdf-text';
import { expectProblem } from '../helpers/problems';
import { StatementLog, WRITE_STATEMENT, logStatements } from '../helpers/statements';
import { TestApp } from '../helpers/test-app';

const COMPANY = {
  name: 'Acme Consulting GmbH',
  vat: 'DE 123 456 789',
  phone: '+49 30 7654321',
  email: 'billing@acme.example',
  website: 'https://acme.example',
  address: { street: 'Friedrichstraße 10', city: 'Berlin', zip: '10117', country: 'DE' },
};

const BILLING = { street: 'Rue de Rivoli 1', city: 'Paris', zip: '75001', country: 'FR' };
const SHIPPING = { street: 'Lagerweg 7', city: 'Hamburg', zip: '20095', country: 'DE' };

interface Download {
  status: number;
  headers: Headers;
  bytes: Buffer;
  /** The PDF's text, white space runs (tabs between cells, no-break spaces) as one space. */
  text: () => Promise<string>;
}

describe('invoice PDFs', () => {
  let t: TestApp;
  let make: Given;
  let admin: string;
  let log: StatementLog;

  beforeAll(async () => {
    ({ t, make, admin } = await startAsAdmin());
    expect((await t.request('PATCH', 'settings', { body: { company: COMPANY }, token: admin })).status).toBe(200);
    log = logStatements(t.dataSource);
  });
  afterAll(() => t.close());

  const settings = async (body: Record<string, unknown>) =>
    expect((await t.request('PATCH', 'settings', { body, token: admin })).status).toBe(200);

  const download = async (id: string, token?: string): Promise<Download> => {
    const res = await fetch(`${t.baseUrl}/api/v1/invoices/${id}/pdf`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    return {
      status: res.status,
      headers: res.headers,
      bytes,
      text: async () => (await pdfText(bytes)).replace(/\s+/g, ' '),
    };
  };

  const customer = async (body: Record<string, unknown> = {}) => {
    const res = await t.post(
      'customers',
      { company: `PDF Customer ${randomUUID()}`, currency: 'EUR', sendWelcomeEmail: false, ...body },
      { token: admin },
    );
    expect(res.status).toBe(201);
    return res.body as { id: string };
  };

  const invoice = async (customerId: string, body: Record<string, unknown> = {}) => {
    const res = await t.post(
      'invoices',
      {
        customerId,
        date: '2026-01-15',
        dueDate: '2099-12-31',
        items: [{ description: 'Consulting, January', quantity: '1', unitPrice: '1', taxRate: '0' }],
        ...body,
      },
      { token: admin },
    );
    expect(res.status).toBe(201);
    return res.body as { id: string; number: string | null };
  };

  describe('content', () => {
    let issued: { id: string; number: string | null };
    let pdf: Download;

    beforeAll(async () => {
      const { id } = await customer({ billingAddress: BILLING, shippingAddress: SHIPPING });
      issued = await invoice(id, {
        items: [
          { description: 'Consulting, January', quantity: '10', unitPrice: '100', taxRate: '19' },
          { description: 'Travel to the client', quantity: '1.5', unitPrice: '156.3733', taxRate: '0' },
        ],
      });
      const paid = await t.post(
        'payments',
        { invoiceId: issued.id, amount: '424.56', date: '2026-01-20', mode: 'bank' },
        { token: admin },
      );
      expect(paid.status).toBe(201);
      pdf = await download(issued.id, admin);
    });

    it('answers a PDF attachment named after the invoice number', () => {
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      expect(pdf.headers.get('content-disposition')).toBe(`attachment; filename="${issued.number}.pdf"`);
      expect(Number(pdf.headers.get('content-length'))).toBe(pdf.bytes.length);
      expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    });

    it("prints the company's details, the number, the dates and the status", async () => {
      const text = await pdf.text();
      for (const expected of [
        'Acme Consulting GmbH',
        'VAT: DE 123 456 789',
        'Phone: +49 30 7654321',
        'billing@acme.example',
        'https://acme.example',
        'Friedrichstraße 10',
        '10117 Berlin',
        'Invoice',
        issued.number!,
        'Jan 15, 2026',
        'Dec 31, 2099',
        'Partially paid',
      ]) {
        expect(text).toContain(expected);
      }
    });

    it('prints the billing and shipping addresses the invoice holds', async () => {
      const text = await pdf.text();
      expect(text).toMatch(/Bill to Rue de Rivoli 1 75001 Paris France/);
      expect(text).toMatch(/Ship to Lagerweg 7 20095 Hamburg Germany/);
    });

    it("prints each line and the totals in the currency's own format", async () => {
      const text = await pdf.text();
      // 10 × 100 = 1.000,00 + 19 % tax; 1,5 × 156,3733 = 234,55995 → 234,56 without tax.
      expect(text).toContain('Consulting, January 10 100,00 19 1.000,00 €');
      expect(text).toContain('Travel to the client 1,5 156,3733 0 234,56 €');
      expect(text).toContain('Subtotal 1.234,56 €');
      expect(text).toContain('Tax 190,00 €');
      expect(text).toContain('Total 1.424,56 €');
      expect(text).toContain('Amount paid 424,56 €');
      expect(text).toContain('Amount due 1.000,00 €');
      expect(text).toContain('Page 1 of 1');
    });
  });

  describe('language', () => {
    afterEach(() => settings({ pdfInClientLanguage: false, defaultLanguage: 'en' }));

    it('writes in the default language, English unless set', async () => {
      const { id } = await customer({ language: 'de' });
      const text = await (await download((await invoice(id)).id, admin)).text();
      expect(text).toContain('Invoice');
      expect(text).toContain('Amount due');
      expect(text).not.toContain('Rechnung');
    });

    it("writes in the customer's language with pdfInClientLanguage on", async () => {
      await settings({ pdfInClientLanguage: true });
      const { id } = await customer({ language: 'de', billingAddress: BILLING });
      const text = await (await download((await invoice(id)).id, admin)).text();
      for (const expected of ['Rechnung', 'Datum', '15.01.2026', 'Offen', 'Rechnungsadresse', 'Frankreich']) {
        expect(text).toContain(expected);
      }
      expect(text).toContain('Offener Betrag 1,00 €');
      expect(text).toContain('USt-IdNr.: DE 123 456 789');
      expect(text).toContain('Seite 1 von 1');
      expect(text).not.toContain('Invoice');
    });

    it('falls back to the default language for a customer without one', async () => {
      await settings({ pdfInClientLanguage: true, defaultLanguage: 'fr' });
      const { id } = await customer();
      const text = await (await download((await invoice(id)).id, admin)).text();
      expect(text).toContain('Facture');
      expect(text).toContain('Reste à payer');
    });

    it("keeps the default language with pdfInClientLanguage off, whatever the customer's", async () => {
      await settings({ defaultLanguage: 'es' });
      const { id } = await customer({ language: 'de' });
      const text = await (await download((await invoice(id)).id, admin)).text();
      expect(text).toContain('Factura');
      expect(text).not.toContain('Rechnung');
    });
  });

  it('labels a draft and names its file after its id', async () => {
    const { id } = await customer();
    const draft = await invoice(id, { status: 'draft' });
    expect(draft.number).toBeNull();
    const pdf = await download(draft.id, admin);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-disposition')).toBe(`attachment; filename="invoice-${draft.id}.pdf"`);
    expect(await pdf.text()).toContain('Invoice Draft');
  });

  it('marks an open invoice past its due date as overdue', async () => {
    const { id } = await customer();
    const late = await invoice(id, { date: '2020-01-01', dueDate: '2020-01-31' });
    expect(await (await download(late.id, admin)).text()).toContain('Unpaid (overdue)');
  });

  describe('who may download', () => {
    it('answers 401 without a token', async () => {
      const { id } = await invoice((await customer()).id);
      expectProblem(await t.get(`invoices/${id}/pdf`), 401, 'UNAUTHORIZED');
    });

    it('answers 403 without invoices.view or invoices.view_own', async () => {
      const { id } = await invoice((await customer()).id);
      const token = await (await make.staff({ permissions: ['customers.view', 'payments.view'] })).token();
      expectProblem(await t.get(`invoices/${id}/pdf`, { token }), 403, 'FORBIDDEN');
    });

    it('answers 404 for an unknown invoice', async () => {
      expectProblem(await t.get(`invoices/${randomUUID()}/pdf`, { token: admin }), 404, 'NOT_FOUND');
    });

    it('answers 404 for an invoice of a customer the staff member is not assigned to', async () => {
      const own = await make.staff({ permissions: ['invoices.view_own', 'customers.view_own'] });
      const token = await own.token();
      const mine = await make.customer({ currency: 'EUR', admins: [own.staff.id] });
      const other = await make.customer({ currency: 'EUR' });
      expect((await download((await invoice(mine.id)).id, token)).status).toBe(200);
      expectProblem(await t.get(`invoices/${(await invoice(other.id)).id}/pdf`, { token }), 404, 'NOT_FOUND');
    });
  });

  it('renders any text a client may store: CJK, emoji, right-to-left, combining marks, 1000 characters', async () => {
    await settings({ company: { name: '株式会社 🚀 Ünïcödé שלום' } });
    try {
      const descriptions = [
        '請求書の明細 中文描述 한국어 설명',
        '😀👍🏽👨‍👩‍👧‍👦 🇩🇪 ✈️',
        'שלום עולם — مرحبا بالعالم \u202e reversed',
        'Ze\u0301ro Z̸̢̛̖̗͚̰͍̞̻̈́̀͒͐͑ͅ combining',
        `${'Long description '.repeat(58)}end`.slice(0, 1000),
        'ẞ'.repeat(1000),
        'Tabs\tand\nnew lines\r\nkept',
      ];
      const { id } = await customer();
      const { id: invoiceId } = await invoice(id, {
        items: descriptions.map((description) => ({ description, quantity: '1', unitPrice: '1', taxRate: '0' })),
      });
      const pdf = await download(invoiceId, admin);
      expect(pdf.status).toBe(200);
      expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
      const text = await pdf.text();
      expect(text).toContain('Ünïcödé');
      expect(text).toContain('combining');
      expect(text).toContain('Amount due 7,00 €');
    } finally {
      await settings({ company: { name: COMPANY.name } });
    }
  });

  describe('statements', () => {
    it('renders from 5 statements (staff, invoice with lines, time zone, settings, currency), writing nothing', async () => {
      const { id } = await invoice((await customer({ language: 'de' })).id);
      const { result, statements } = await log.during(() => download(id, admin));
      expect(result.status).toBe(200);
      expect(statements.filter((s) => WRITE_STATEMENT.test(s))).toEqual([]);
      expect(statements.length).toBeLessThanOrEqual(5);
    });

    it("reads the customer's language as one more with pdfInClientLanguage on", async () => {
      await settings({ pdfInClientLanguage: true });
      try {
        const { id } = await invoice((await customer({ language: 'de' })).id);
        const { result, statements } = await log.during(() => download(id, admin));
        expect(result.status).toBe(200);
        expect(statements.filter((s) => WRITE_STATEMENT.test(s))).toEqual([]);
        expect(statements.length).toBeLessThanOrEqual(6);
      } finally {
        await settings({ pdfInClientLanguage: false });
      }
    });
  });
});
