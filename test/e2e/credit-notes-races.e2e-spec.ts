import { Given, startAsAdmin } from '../factories/given';
import { TestApp } from '../helpers/test-app';

const line = (unitPrice: string) => ({ description: 'Race line', quantity: '1', unitPrice, taxRate: '0' });

/**
 * Credit and payments made at once, through the real application on this run's engine
 * (SQLite, or MariaDB with TEST_MYSQL_URL): neither an invoice nor a credit note is ever
 * settled past its total.
 */
describe('credit notes under concurrent requests', () => {
  let t: TestApp;
  let make: Given;
  let admin: string;

  beforeAll(async () => ({ t, make, admin } = await startAsAdmin()));
  afterAll(() => t.close());

  const post = (path: string, body: Record<string, unknown>) => t.post(path, body, { token: admin });

  it('never settles an invoice past its total while payments and credit race for it', async () => {
    const customer = await make.customer({ currency: 'EUR' });
    const invoice = await make.invoice({ customerId: customer.id, items: [line('100')] });
    const notes = await Promise.all(
      [0, 1, 2, 3, 4].map(() => make.creditNote({ customerId: customer.id, items: [line('30')] })),
    );
    const results = await Promise.all([
      ...notes.map((note) => post(`credit-notes/${note.id}/applications`, { invoiceId: invoice.id, amount: '30' })),
      ...[0, 1, 2, 3, 4].map(() => post('payments', { invoiceId: invoice.id, amount: '30', mode: 'bank' })),
    ]);
    const made = results.filter((r) => r.status === 201);
    expect(made).toHaveLength(3);
    for (const refused of results.filter((r) => r.status !== 201)) {
      expect(['CREDIT_EXCEEDS_AMOUNT_DUE', 'PAYMENT_EXCEEDS_AMOUNT_DUE']).toContain(refused.body.code);
    }
    const after = (await t.get(`invoices/${invoice.id}`, { token: admin })).body;
    const credited = results.slice(0, 5).filter((r) => r.status === 201).length;
    expect(after).toMatchObject({
      status: 'partially_paid',
      amountCredited: `${credited * 30}.00`,
      amountPaid: `${(3 - credited) * 30}.00`,
      amountDue: '10.00',
    });
  });

  it('never applies more credit than a note holds while applications race', async () => {
    const customer = await make.customer({ currency: 'EUR' });
    const note = await make.creditNote({ customerId: customer.id, items: [line('50')] });
    const invoices = await Promise.all(
      Array.from({ length: 8 }, () => make.invoice({ customerId: customer.id, items: [line('10')] })),
    );
    const results = await Promise.all(
      invoices.map((invoice) => post(`credit-notes/${note.id}/applications`, { invoiceId: invoice.id, amount: '10' })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(5);
    for (const refused of results.filter((r) => r.status !== 201)) {
      expect(['CREDIT_EXCEEDS_REMAINING', 'CREDIT_NOTE_STATUS_CONFLICT']).toContain(refused.body.code);
    }
    const after = (await t.get(`credit-notes/${note.id}`, { token: admin })).body;
    expect(after).toMatchObject({ status: 'closed', amountApplied: '50.00', amountRemaining: '0.00' });
    expect(after.applications).toHaveLength(5);
    const credited = await Promise.all(
      invoices.map(async (invoice) => (await t.get(`invoices/${invoice.id}`, { token: admin })).body.amountCredited),
    );
    expect(credited.filter((amount) => amount === '10.00')).toHaveLength(5);
    expect(credited.filter((amount) => amount === '0.00')).toHaveLength(3);
  });
});
