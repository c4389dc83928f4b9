import { Estimate } from '../../src/estimates/estimate.entity';
import { Invoice } from '../../src/invoices/invoice.entity';
import { Given, startAsAdmin } from '../factories/given';
import { TestApp } from '../helpers/test-app';

const PARALLEL = 20;
const ROUNDS = 8;
const item = { description: 'Race line', quantity: '1', unitPrice: '10.00', taxRate: '0' };
const values = (numbers: string[], prefix: string) =>
  numbers.map((n) => Number(n.slice(prefix.length))).sort((a, b) => a - b);
const consecutive = (sorted: number[]) => Array.from({ length: sorted.length }, (_, i) => sorted[0] + i);

/**
 * Estimates under concurrent requests, through the real application on this run's engine
 * (SQLite, or MariaDB with TEST_MYSQL_URL): their numbers stay a gapless series without
 * duplicates, and an estimate becomes one invoice however many conversions race.
 */
describe('estimates under concurrent requests', () => {
  let t: TestApp;
  let make: Given;
  let admin: string;

  beforeAll(async () => ({ t, make, admin } = await startAsAdmin()));
  afterAll(() => t.close());

  it(`numbers ${PARALLEL} estimates created at once, and drafts sent at once, without a gap or a duplicate`, async () => {
    const customers = await Promise.all([0, 1, 2, 3].map(() => make.customer({ currency: 'EUR' })));
    const created = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        t.post('estimates', { customerId: customers[i % 4].id, items: [item] }, { token: admin }),
      ),
    );
    expect(created.map((r) => r.status)).toEqual(Array(PARALLEL).fill(201));
    const drafts = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        t.post('estimates', { customerId: customers[i % 4].id, status: 'draft', items: [item] }, { token: admin }),
      ),
    );
    const sent = await Promise.all(
      drafts.map((d) => t.request('PATCH', `estimates/${d.body.id}`, { body: { status: 'sent' }, token: admin })),
    );
    expect(sent.map((r) => r.status)).toEqual(Array(5).fill(200));
    const numbers = values(
      [...created, ...sent].map((r) => r.body.number as string),
      'EST-',
    );
    expect(numbers).toEqual(consecutive(numbers));
    const stored = await t.dataSource.getRepository(Estimate).find({ select: { number: true } });
    const all = values(stored.map((s) => s.number!).filter(Boolean), 'EST-');
    expect(all).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
  });

  it(`converts an estimate once while conversions and a decline race (${ROUNDS} rounds)`, async () => {
    const customer = await make.customer({ currency: 'EUR' });
    const invoicesBefore = await t.dataSource.getRepository(Invoice).count();
    for (let round = 0; round < ROUNDS; round++) {
      const { id } = await make.estimate({ customerId: customer.id, items: [item] });
      const [decline, ...conversions] = await Promise.all([
        t.request('PATCH', `estimates/${id}`, { body: { status: 'declined' }, token: admin }),
        ...[0, 1, 2].map(() => t.post(`estimates/${id}/convert`, {}, { token: admin })),
      ]);
      const made = conversions.filter((r) => r.status === 201);
      const stored = await t.dataSource.getRepository(Estimate).findOneByOrFail({ id });
      if (decline.status === 200 && made.length === 0) {
        // The decline came first: every conversion was refused.
        expect(conversions.map((r) => r.body.code)).toEqual(Array(3).fill('ESTIMATE_STATUS_CONFLICT'));
        expect(stored).toMatchObject({ status: 'declined', invoiceId: null });
      } else {
        expect(made).toHaveLength(1);
        expect(decline.body.code).toBe('ESTIMATE_NOT_EDITABLE');
        const refused = conversions.filter((r) => r.status !== 201).map((r) => r.body.code);
        expect(refused).toEqual(Array(2).fill('ESTIMATE_ALREADY_CONVERTED'));
        expect(stored).toMatchObject({ status: 'accepted', invoiceId: made[0].body.id });
      }
    }
    const invoices = await t.dataSource.getRepository(Invoice).find({ where: { customerId: customer.id } });
    const converted = await t.dataSource
      .getRepository(Estimate)
      .count({ where: { customerId: customer.id, status: 'accepted' } });
    expect(invoices).toHaveLength(converted);
    expect(await t.dataSource.getRepository(Invoice).count()).toBe(invoicesBefore + converted);
    const all = values(
      (await t.dataSource.getRepository(Invoice).find({ select: { number: true } }))
        .map((i) => i.number!)
        .filter(Boolean),
      'INV-',
    );
    expect(all).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
    const count = (await t.get(`customers/${customer.id}`, { token: admin })).body.transactionCount;
    expect(count).toBe(ROUNDS + converted);
  });
});
