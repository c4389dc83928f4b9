import type { Logger } from 'typeorm';
import { given } from '../factories/given';
import { TestApp, startTestApp } from '../helpers/test-app';

const WRITE = /^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i;

/**
 * The statements one request runs, counted at the driver through the real application
 * (signing in, the staff load and transaction control included), against a budget: a read
 * writes nothing, a create is one transaction with only the statements it needs.
 */
describe('statements per request', () => {
  let t: TestApp;
  let token: string;
  let statements: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    token = await (await given(t).admin()).token();
    const counting: Logger = {
      logQuery: (query) => void statements.push(query),
      logQueryError: () => undefined,
      logQuerySlow: () => undefined,
      logSchemaBuild: () => undefined,
      logMigration: () => undefined,
      log: () => undefined,
    };
    Object.assign(t.dataSource, { logger: counting });
  });
  afterAll(() => t.close());

  const measure = async (send: () => Promise<{ status: number }>) => {
    statements = [];
    const res = await send();
    return { status: res.status, statements: [...statements] };
  };

  const group = async () => (await given(t).group()).id;

  it('lists a page of customers in at most 7 statements, writing nothing', async () => {
    const groupId = await group();
    for (let i = 0; i < 3; i++) await given(t).customer({ groupIds: [groupId] });
    const list = await measure(() => t.get('customers?pageSize=2&sort=-createdAt', { token }));
    expect(list.status).toBe(200);
    expect(list.statements.filter((s) => WRITE.test(s))).toEqual([]);
    expect(list.statements.length).toBeLessThanOrEqual(7);
  });

  it('reads one customer in at most 5 statements, writing nothing', async () => {
    const customer = await given(t).customer({ groupIds: [await group()] });
    const detail = await measure(() => t.get(`customers/${customer.id}`, { token }));
    expect(detail.status).toBe(200);
    expect(detail.statements.filter((s) => WRITE.test(s))).toEqual([]);
    expect(detail.statements.length).toBeLessThanOrEqual(5);
  });

  it('creates a customer with its contact and groups in at most 12 statements: one commit, no delete, no re-read', async () => {
    const groupIds = [await group(), await group()];
    const create = await measure(() =>
      t.post(
        'customers',
        {
          company: 'Budget Works Ltd',
          vat: 'GB 999 9999 73',
          currency: 'EUR',
          groupIds,
          primaryContact: { firstName: 'Bea', lastName: 'Budget', email: 'bea@budget-works.example' },
        },
        { token },
      ),
    );
    expect(create.status).toBe(201);
    expect(create.statements.filter((s) => /^\s*COMMIT\b/i.test(s))).toHaveLength(1);
    expect(create.statements.filter((s) => /^\s*DELETE\b/i.test(s))).toEqual([]);
    // MySQL's isolation level is a setting of the pooled connection, not of each transaction.
    expect(create.statements.filter((s) => /^\s*SET TRANSACTION\b/i.test(s))).toEqual([]);
    expect(create.statements.length).toBeLessThanOrEqual(12);
  });

  it('adds a contact in at most 13 statements: one commit, no delete', async () => {
    const customer = await given(t).customer();
    await given(t).contact({ customerId: customer.id });
    const create = await measure(() =>
      t.post(
        `customers/${customer.id}/contacts`,
        { firstName: 'Bo', lastName: 'Budget', email: 'bo@budget-works.example', isPrimary: true },
        { token },
      ),
    );
    expect(create.status).toBe(201);
    expect(create.statements.filter((s) => /^\s*COMMIT\b/i.test(s))).toHaveLength(1);
    expect(create.statements.filter((s) => /^\s*DELETE\b/i.test(s))).toEqual([]);
    expect(create.statements.length).toBeLessThanOrEqual(13);
  });

  it('reads one contact in at most 2 statements, writing nothing', async () => {
    const customer = await given(t).customer();
    const contact = await given(t).contact({ customerId: customer.id });
    const detail = await measure(() => t.get(`contacts/${contact.id}`, { token }));
    expect(detail.status).toBe(200);
    expect(detail.statements.filter((s) => WRITE.test(s))).toEqual([]);
    expect(detail.statements.length).toBeLessThanOrEqual(2);
  });
});
