import { Invoice } from '../../src/invoices/invoice.entity';
import { Given, startAsAdmin } from '../factories/given';
import { TestApp } from '../helpers/test-app';

const PARALLEL = 20;
const ROUNDS = 15;
const item = { description: 'Race line', quantity: '1', unitPrice: '10.00', taxRate: '0' };

/**
 * Invoices created at once, through the real application on this run's engine (SQLite, or
 * MariaDB with TEST_MYSQL_URL): numbers stay a gapless series without duplicates, and a
 * customer's currency never changes under a document being created.
 */
describe('invoices under concurrent requests', () => {
  let t: TestApp;
  let make: Given;
  let admin: string;

  beforeAll(async () => ({ t, make, admin } = await startAsAdmin()));
  afterAll(() => t.close());

  const sequenceOf = (numbers: string[]) => numbers.map((n) => Number(n.replace(/^INV-/, ''))).sort((a, b) => a - b);

  it(`numbers ${PARALLEL} invoices created at once without a gap or a duplicate, drafts issued at once too`, async () => {
    const customers = await Promise.all([0, 1, 2, 3].map(() => make.customer({ currency: 'EUR' })));
    const before = await t.dataSource.getRepository(Invoice).count();
    const created = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        t.post('invoices', { customerId: customers[i % 4].id, items: [item] }, { token: admin }),
      ),
    );
    expect(created.map((r) => r.status)).toEqual(Array(PARALLEL).fill(201));
    const drafts = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        t.post('invoices', { customerId: customers[i % 4].id, status: 'draft', items: [item] }, { token: admin }),
      ),
    );
    const issued = await Promise.all(
      drafts.map((d) => t.request('PATCH', `invoices/${d.body.id}`, { body: { status: 'unpaid' }, token: admin })),
    );
    expect(issued.map((r) => r.status)).toEqual(Array(5).fill(200));

    const numbers = [...created, ...issued].map((r) => r.body.number as string);
    expect(new Set(numbers).size).toBe(PARALLEL + 5);
    const values = sequenceOf(numbers);
    expect(values).toEqual(Array.from({ length: PARALLEL + 5 }, (_, i) => values[0] + i));
    const stored = await t.dataSource.getRepository(Invoice).find({ select: { number: true, sequenceNumber: true } });
    expect(stored).toHaveLength(before + PARALLEL + 5);
    const all = sequenceOf(stored.map((s) => s.number!).filter(Boolean));
    expect(all).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
    for (const customer of customers) {
      const read = await t.get(`customers/${customer.id}`, { token: admin });
      const count = (await t.get(`invoices?customerId=${customer.id}`, { token: admin })).body.meta.total;
      expect(read.body.transactionCount).toBe(count);
    }
  });

  it(`never leaves an invoice in a currency other than its customer's while the currency changes (${ROUNDS} rounds)`, async () => {
    let locked = 0;
    let changed = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const customer = await make.customer({ currency: round % 3 === 0 ? null : 'EUR' });
      const target = round % 2 === 0 ? 'USD' : 'EUR';
      const [change, first, second] = await Promise.all([
        t.request('PATCH', `customers/${customer.id}`, {
          body: { currency: round % 3 === 0 ? 'EUR' : target },
          token: admin,
        }),
        t.post('invoices', { customerId: customer.id, items: [item] }, { token: admin }),
        t.post('invoices', { customerId: customer.id, items: [item] }, { token: admin }),
      ]);
      expect([first.status, second.status]).toEqual([201, 201]);
      expect([200, 409]).toContain(change.status);
      if (change.status === 409) {
        expect(change.body.code).toBe('CUSTOMER_CURRENCY_LOCKED');
        locked++;
      } else changed++;
      const read = await t.get(`customers/${customer.id}`, { token: admin });
      expect(read.body.transactionCount).toBe(2);
      expect(read.body.currency).not.toBeNull();
      expect([first.body.currency, second.body.currency]).toEqual([read.body.currency, read.body.currency]);
      const stored = await t.dataSource.getRepository(Invoice).findBy({ customerId: customer.id });
      expect(stored.map((s) => s.currency)).toEqual([read.body.currency, read.body.currency]);
    }
    // Both orders happen over the rounds; neither ever breaks the rule.
    expect(locked + changed).toBe(ROUNDS);
  });
});
