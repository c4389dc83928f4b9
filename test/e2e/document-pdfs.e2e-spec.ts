import { randomUUID } from 'node:crypto';
import { Given, startAsAdmin } from '../factories/given';
import { pdfText } from '../helpers/pdf-text';
import { expectProblem } from '../helpers/problems';
import { TestApp } from '../helpers/test-app';

const item = (description: string, unitPrice: string) => ({ description, quantity: '2', unitPrice, taxRate: '19' });

/** Estimates and credit notes print with the invoice's layout; an invoice shows the credit applied to it. */
describe('estimate and credit note PDFs', () => {
  let t: TestApp;
  let make: Given;
  let admin: string;

  beforeAll(async () => {
    ({ t, make, admin } = await startAsAdmin());
    const company = { name: 'Documents GmbH', vat: 'DE 999 888 777' };
    expect((await t.request('PATCH', 'settings', { body: { company }, token: admin })).status).toBe(200);
  });
  afterAll(() => t.close());

  const download = async (path: string, token = admin) => {
    const res = await fetch(`${t.baseUrl}/api/v1/${path}`, { headers: { authorization: `Bearer ${token}` } });
    const bytes = Buffer.from(await res.arrayBuffer());
    const text = res.status === 200 ? (await pdfText(bytes)).replace(/\s+/g, ' ') : '';
    return { status: res.status, headers: res.headers, text };
  };

  const germanCustomer = async () => {
    const res = await t.post(
      'customers',
      { company: `PDF ${randomUUID()}`, currency: 'EUR', language: 'de', sendWelcomeEmail: false },
      { token: admin },
    );
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  it("prints an estimate with its number, expiry date, status and totals, in the customer's language on request", async () => {
    const customerId = await germanCustomer();
    const estimate = await make.estimate({
      customerId,
      date: '2099-03-01',
      expiryDate: '2099-03-31',
      items: [item('Workshop planning', '1250.50')],
    });
    const english = await download(`estimates/${estimate.id}/pdf`);
    expect(english.status).toBe(200);
    expect(english.headers.get('content-type')).toBe('application/pdf');
    expect(english.headers.get('content-disposition')).toBe(`attachment; filename="${estimate.number}.pdf"`);
    for (const expected of [
      'Estimate',
      estimate.number,
      'Documents GmbH',
      'Valid until',
      'Sent',
      'Workshop planning',
    ]) {
      expect(english.text).toContain(expected);
    }
    // The seeded euro writes `1.234,56 €`, whatever the language.
    expect(english.text).toContain('2.501,00 €');
    expect(english.text).toContain('2.976,19 €');

    await t.request('PATCH', 'settings', { body: { pdfInClientLanguage: true }, token: admin });
    try {
      const german = await download(`estimates/${estimate.id}/pdf`);
      for (const expected of ['Angebot', 'Gültig bis', '31.03.2099', 'Versendet', '2.976,19']) {
        expect(german.text).toContain(expected);
      }
    } finally {
      await t.request('PATCH', 'settings', { body: { pdfInClientLanguage: false }, token: admin });
    }
    const draft = await make.estimate({ customerId, status: 'draft', items: [item('Idea', '1')] });
    const drafted = await download(`estimates/${draft.id}/pdf`);
    expect(drafted.headers.get('content-disposition')).toBe(`attachment; filename="estimate-${draft.id}.pdf"`);
    expect(drafted.text).toContain('Draft');
  });

  it('prints a credit note with what is applied and what remains, and the invoice with the credit it took', async () => {
    const customerId = await germanCustomer();
    const note = await make.creditNote({ customerId, items: [item('Returned goods', '50')] });
    const invoice = await make.invoice({ customerId, items: [{ ...item('Goods', '100'), taxRate: '0' }] });
    const applied = await t.post(
      `credit-notes/${note.id}/applications`,
      { invoiceId: invoice.id, amount: '30' },
      { token: admin },
    );
    expect(applied.status).toBe(201);

    const credit = await download(`credit-notes/${note.id}/pdf`);
    expect(credit.status).toBe(200);
    expect(credit.headers.get('content-disposition')).toBe(`attachment; filename="${note.number}.pdf"`);
    for (const expected of [
      'Credit note',
      note.number,
      'Returned goods',
      'Open',
      'Credit applied',
      'Credit remaining',
    ]) {
      expect(credit.text).toContain(expected);
    }
    expect(credit.text).toContain('119,00 €');
    expect(credit.text).toContain('89,00 €');

    const billed = await download(`invoices/${invoice.id}/pdf`);
    expect(billed.text).toContain('Credit applied');
    expect(billed.text).toContain('30,00 €');
    expect(billed.text).toContain('170,00 €');
  });

  it('answers 404 for a document of a customer the staff member is not assigned to, and 403 without the capability', async () => {
    const own = await make.staff({ permissions: ['estimates.view', 'credit_notes.view', 'customers.view_own'] });
    const token = await own.token();
    const customerId = await germanCustomer();
    const estimate = await make.estimate({ customerId, items: [item('Hidden', '1')] });
    const note = await make.creditNote({ customerId, items: [item('Hidden', '1')] });
    for (const path of [`estimates/${estimate.id}/pdf`, `credit-notes/${note.id}/pdf`]) {
      const hidden = await t.get(path, { token });
      expectProblem(hidden, 404, 'NOT_FOUND');
    }
    const bare = await (await make.staff({ permissions: ['invoices.view'] })).token();
    expectProblem(await t.get(`estimates/${estimate.id}/pdf`, { token: bare }), 403, 'FORBIDDEN');
    expectProblem(await t.get(`credit-notes/${note.id}/pdf`, { token: bare }), 403, 'FORBIDDEN');
  });
});
