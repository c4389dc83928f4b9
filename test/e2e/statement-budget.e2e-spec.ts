import { given, startAsAdmin } from '../factories/given';
import { StatementLog, WRITE_STATEMENT as WRITE, logStatements } from '../helpers/statements';
import { TestApp } from '../helpers/test-app';

/**
 * The statements one request runs, counted at the driver through the real application
 * (signing in, the staff load and transaction control included), against a budget: a read
 * writes nothing, a create is one transaction with only the statements it needs.
 */
describe('statements per request', () => {
  let t: TestApp;
  let token: string;
  let log: StatementLog;

  beforeAll(async () => {
    ({ t, admin: token } = await startAsAdmin());
    log = logStatements(t.dataSource);
  });
  afterAll(() => t.close());

  const measure = async (send: () => Promise<{ status: number; body: any }>) => {
    const { result: res, statements } = await log.during(send);
    return { status: res.status, body: res.body, statements };
  };

  const group = async () => (await given(t).group()).id;

  it('lists a page of customers in 4 statements (staff, page rows, total, groups), writing nothing', async () => {
    const groupId = await group();
    for (let i = 0; i < 3; i++) await given(t).customer({ groupIds: [groupId] });
    const list = await measure(() => t.get('customers?pageSize=2&sort=-createdAt', { token }));
    expect(list.status).toBe(200);
    expect(list.statements.filter((s) => WRITE.test(s))).toEqual([]);
    expect(list.statements.length).toBeLessThanOrEqual(4);
  });

  it('reads one customer in 3 statements (staff, customer, groups), writing nothing', async () => {
    const customer = await given(t).customer({ groupIds: [await group()] });
    const detail = await measure(() => t.get(`customers/${customer.id}`, { token }));
    expect(detail.status).toBe(200);
    expect(detail.statements.filter((s) => WRITE.test(s))).toEqual([]);
    expect(detail.statements.length).toBeLessThanOrEqual(3);
  });

  it('reads the settings in at most 3 statements (the staff load, the stored keys, the default currency), writing nothing', async () => {
    const read = await measure(() => t.get('settings', { token }));
    expect(read.status).toBe(200);
    expect(read.statements.filter((s) => WRITE.test(s))).toEqual([]);
    expect(read.statements.length).toBeLessThanOrEqual(3);
  });

  it('creates a customer with its contact, groups and welcome email in 11 statements: one commit, no delete, no re-read', async () => {
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
    // Staff, BEGIN, the two duplicate checks, six inserts, COMMIT; a pooled MySQL connection's
    // first transaction also sets its isolation level, once for the life of the connection.
    // The sixth insert is the welcome email's outbox row (11 statements, 10 before the outbox):
    // it is rendered when sent, so the create reads no settings or templates.
    const perConnection = create.statements.filter((s) => /^\s*SET SESSION TRANSACTION\b/i.test(s));
    expect(perConnection.length).toBeLessThanOrEqual(1);
    expect(create.statements.length - perConnection.length).toBeLessThanOrEqual(11);
    expect(create.statements.filter((s) => /^\s*INSERT INTO [`"]email_outbox[`"]/i.test(s))).toHaveLength(1);
  });

  const withoutPerConnection = (statements: string[]) =>
    statements.filter((s) => !/^\s*SET SESSION TRANSACTION\b/i.test(s));
  const reads = (statements: string[], table: string) =>
    statements.filter((s) => new RegExp(`^\\s*SELECT\\b[\\s\\S]*\\bFROM [\`"]${table}[\`"]`, 'i').test(s));

  it('updates a customer without reading back what it wrote: 7 statements, 10 when its search terms change', async () => {
    const customer = await given(t).customer({ groupIds: [await group()] });
    const website = await measure(() =>
      t.request('PATCH', `customers/${customer.id}`, { body: { website: 'https://budget.example' }, token }),
    );
    expect(website.status).toBe(200);
    expect(website.statements.filter((s) => /^\s*DELETE\b/i.test(s))).toEqual([]);
    expect(reads(website.statements, 'customers')).toHaveLength(1);
    expect(withoutPerConnection(website.statements).length).toBeLessThanOrEqual(7);

    const renamed = await measure(() =>
      t.request('PATCH', `customers/${customer.id}`, { body: { company: 'Budget Renamed Ltd' }, token }),
    );
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ company: 'Budget Renamed Ltd', version: 3 });
    expect(reads(renamed.statements, 'customers')).toHaveLength(1);
    expect(reads(renamed.statements, 'customer_group_members')).toHaveLength(1);
    expect(renamed.statements.filter((s) => /^\s*COMMIT\b/i.test(s))).toHaveLength(1);
    expect(withoutPerConnection(renamed.statements).length).toBeLessThanOrEqual(10);
  });

  it('writes a note in 6 statements and answers auth/me from the one staff read', async () => {
    const customer = await given(t).customer();
    const note = await measure(() =>
      t.post(`customers/${customer.id}/notes`, { text: 'Called about the renewal' }, { token }),
    );
    expect(note.status).toBe(201);
    expect(withoutPerConnection(note.statements).length).toBeLessThanOrEqual(6);

    const me = await measure(() => t.get('auth/me', { token }));
    expect(me.status).toBe(200);
    expect(me.body.email).toEqual(expect.any(String));
    expect(me.statements).toHaveLength(1);
  });

  it('adds a contact in at most 12 statements: one commit, no delete, no read-back', async () => {
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
    expect(create.statements.length).toBeLessThanOrEqual(12);
  });

  it('reads one contact in at most 2 statements, writing nothing', async () => {
    const customer = await given(t).customer();
    const contact = await given(t).contact({ customerId: customer.id });
    const detail = await measure(() => t.get(`contacts/${contact.id}`, { token }));
    expect(detail.status).toBe(200);
    expect(detail.statements.filter((s) => WRITE.test(s))).toEqual([]);
    expect(detail.statements.length).toBeLessThanOrEqual(2);
  });

  const invoiceBody = (customerId: string) => ({
    customerId,
    items: [
      { description: 'Budget line', quantity: '2', unitPrice: '12.50', taxRate: '19' },
      { description: 'Second line', quantity: '1', unitPrice: '3.99', taxRate: '7' },
    ],
  });

  it('creates an invoice in 13 statements: one commit, nothing deleted or read back, the lines in one insert', async () => {
    const customer = await given(t).customer({ currency: 'EUR' });
    // The series' first number starts its counter row: measured from the second invoice on.
    expect((await t.post('invoices', invoiceBody(customer.id), { token })).status).toBe(201);
    const create = await measure(() => t.post('invoices', invoiceBody(customer.id), { token }));
    expect(create.status).toBe(201);
    expect(create.statements.filter((s) => /^\s*COMMIT\b/i.test(s))).toHaveLength(1);
    expect(create.statements.filter((s) => /^\s*DELETE\b/i.test(s))).toEqual([]);
    expect(create.statements.filter((s) => /^\s*INSERT INTO [`"]invoice_items[`"]/i.test(s))).toHaveLength(1);
    expect(reads(create.statements, 'invoices')).toEqual([]);
    // Staff, the settings it needs (one read by key), BEGIN, the customer counted (update) and
    // read, the currency's decimals, the series advanced and read, the invoice, its lines, the
    // customer's revenue of the month (one upsert), the activity, COMMIT.
    expect(withoutPerConnection(create.statements).length).toBeLessThanOrEqual(13);
    expect(create.statements.filter((s) => /^\s*INSERT INTO [`"]?revenue_months\b/i.test(s))).toHaveLength(1);
  });

  it('creates an invoice with an Idempotency-Key in 20 statements, marking the key in its own transaction, and replays it in 5', async () => {
    const customer = await given(t).customer({ currency: 'EUR' });
    const keyed = (key: string) =>
      t.post('invoices', invoiceBody(customer.id), { token, headers: { 'idempotency-key': key } });
    // The first keyed request of a minute also sweeps expired keys: measured after it.
    expect((await keyed(`warm-up-${customer.id}`)).status).toBe(201);
    const key = `budget-${customer.id}`;
    const create = await measure(() => keyed(key));
    expect(create.status).toBe(201);
    const statements = withoutPerConnection(create.statements);
    // The invoice's own 13; the claim (BEGIN, INSERT, COMMIT); the key marked as committed, as
    // the last statement of the invoice's transaction; the answer stored (BEGIN, UPDATE, COMMIT).
    const marked = statements.findIndex((s) => /^\s*UPDATE [`"]idempotency_keys[`"] SET [`"]committed_at[`"]/i.test(s));
    expect(marked).toBeGreaterThan(statements.findIndex((s) => /^\s*INSERT INTO [`"]invoice_items[`"]/i.test(s)));
    expect(statements.slice(marked + 1).findIndex((s) => /^\s*COMMIT\b/i.test(s))).toBe(
      statements.slice(marked + 1).findIndex((s) => /^\s*(COMMIT|BEGIN|START TRANSACTION)\b/i.test(s)),
    );
    expect(statements.filter((s) => /^\s*COMMIT\b/i.test(s))).toHaveLength(3);
    expect(statements.length).toBeLessThanOrEqual(20);

    const replay = await measure(() => keyed(key));
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(create.body);
    // Staff, the claim refused by the key (BEGIN, INSERT, ROLLBACK), the stored answer.
    expect(withoutPerConnection(replay.statements).length).toBeLessThanOrEqual(5);
  });

  it("creates a customer's first invoice, which fixes its currency, in at most 16 statements", async () => {
    // The default currency is in use already (see the next test for the first document in a currency).
    const other = await given(t).customer({ currency: 'USD' });
    expect((await t.post('invoices', invoiceBody(other.id), { token })).status).toBe(201);
    const customer = await given(t).customer({ currency: null });
    const create = await measure(() => t.post('invoices', invoiceBody(customer.id), { token }));
    expect(create.status).toBe(201);
    expect(create.body.currency).toBe('USD');
    expect(withoutPerConnection(create.statements).length).toBeLessThanOrEqual(16);
  });

  it('marks a currency in use with its first document only: two statements more, once', async () => {
    const first = await given(t).customer({ currency: 'EUR' });
    const second = await given(t).customer({ currency: 'EUR' });
    expect((await t.post('invoices', invoiceBody(first.id), { token })).status).toBe(201);
    await t.dataSource.query('UPDATE currencies SET in_use = ? WHERE code = ?', [false, 'EUR']);

    const marking = await measure(() => t.post('invoices', invoiceBody(second.id), { token }));
    expect(marking.status).toBe(201);
    // The currency's row read, marked in use, and read again (its decimals are final from then on).
    expect(reads(marking.statements, 'currencies')).toHaveLength(2);
    expect(marking.statements.filter((s) => /^\s*UPDATE [`"]currencies[`"]/i.test(s))).toHaveLength(1);
    expect(withoutPerConnection(marking.statements).length).toBeLessThanOrEqual(15);

    const next = await measure(() => t.post('invoices', invoiceBody(second.id), { token }));
    expect(reads(next.statements, 'currencies')).toHaveLength(1);
    expect(next.statements.filter((s) => /^\s*UPDATE [`"]currencies[`"]/i.test(s))).toEqual([]);
  });

  it('reads one invoice with its lines in 3 statements and a page of invoices in 5, writing nothing', async () => {
    const customer = await given(t).customer({ currency: 'EUR' });
    const created: Array<{ id: string }> = [];
    for (let i = 0; i < 3; i++) created.push((await t.post('invoices', invoiceBody(customer.id), { token })).body);
    const detail = await measure(() => t.get(`invoices/${created[0].id}`, { token }));
    expect(detail.status).toBe(200);
    expect(detail.body.items).toHaveLength(2);
    expect(detail.statements.filter((s) => WRITE.test(s))).toEqual([]);
    expect(detail.statements.length).toBeLessThanOrEqual(3);

    const list = await measure(() => t.get(`invoices?customerId=${customer.id}&pageSize=2`, { token }));
    expect(list.status).toBe(200);
    expect(list.body.data.map((i: any) => i.items.length)).toEqual([2, 2]);
    expect(list.statements.filter((s) => WRITE.test(s))).toEqual([]);
    // Staff, the page's rows, the total, their lines, the time zone (for isOverdue).
    expect(list.statements.length).toBeLessThanOrEqual(5);
  });

  it('creates an estimate in 12 statements, reads one in 3 and a page in 5, writing nothing on a read', async () => {
    const customer = await given(t).customer({ currency: 'EUR' });
    expect((await t.post('estimates', invoiceBody(customer.id), { token })).status).toBe(201);
    const create = await measure(() => t.post('estimates', invoiceBody(customer.id), { token }));
    expect(create.status).toBe(201);
    expect(create.statements.filter((s) => /^\s*COMMIT\b/i.test(s))).toHaveLength(1);
    expect(create.statements.filter((s) => /^\s*INSERT INTO [`"]estimate_items[`"]/i.test(s))).toHaveLength(1);
    expect(reads(create.statements, 'estimates')).toEqual([]);
    // As an invoice: staff, settings, BEGIN, the customer counted and read, decimals, the series, the estimate, its lines, the activity, COMMIT.
    expect(withoutPerConnection(create.statements).length).toBeLessThanOrEqual(12);

    const detail = await measure(() => t.get(`estimates/${create.body.id}`, { token }));
    expect(detail.status).toBe(200);
    expect(detail.statements.filter((s) => WRITE.test(s))).toEqual([]);
    expect(detail.statements.length).toBeLessThanOrEqual(3);
    const list = await measure(() => t.get(`estimates?customerId=${customer.id}&pageSize=2`, { token }));
    expect(list.body.data.map((e: any) => e.items.length)).toEqual([2, 2]);
    expect(list.statements.filter((s) => WRITE.test(s))).toEqual([]);
    // Staff, the time zone (a sent estimate past its expiry date lists as expired), the page's rows, the total, their lines.
    expect(list.statements.length).toBeLessThanOrEqual(5);
  });

  it('converts an estimate to an invoice in one transaction of at most 17 statements', async () => {
    const customer = await given(t).customer({ currency: 'EUR' });
    const estimate = (await t.post('estimates', invoiceBody(customer.id), { token })).body;
    // Measured once the invoice series has its counter row.
    expect((await t.post('invoices', invoiceBody(customer.id), { token })).status).toBe(201);
    const convert = await measure(() => t.post(`estimates/${estimate.id}/convert`, {}, { token }));
    expect(convert.status).toBe(201);
    expect(convert.statements.filter((s) => /^\s*COMMIT\b/i.test(s))).toHaveLength(1);
    expect(reads(convert.statements, 'invoices')).toEqual([]);
    // Staff, settings, BEGIN, the estimate with its lines, the invoice settings, the customer
    // counted and read, decimals, the series, the invoice, its lines, its activity, the estimate
    // updated, its activity, COMMIT.
    expect(withoutPerConnection(convert.statements).length).toBeLessThanOrEqual(17);
  });

  it('creates a credit note in 12 statements and applies its credit to an invoice in one transaction of at most 14', async () => {
    const customer = await given(t).customer({ currency: 'EUR' });
    expect((await t.post('credit-notes', invoiceBody(customer.id), { token })).status).toBe(201);
    const create = await measure(() => t.post('credit-notes', invoiceBody(customer.id), { token }));
    expect(create.status).toBe(201);
    expect(create.statements.filter((s) => /^\s*COMMIT\b/i.test(s))).toHaveLength(1);
    expect(reads(create.statements, 'credit_notes')).toEqual([]);
    expect(withoutPerConnection(create.statements).length).toBeLessThanOrEqual(12);

    const invoice = (await t.post('invoices', invoiceBody(customer.id), { token })).body;
    const apply = await measure(() =>
      t.post(`credit-notes/${create.body.id}/applications`, { invoiceId: invoice.id, amount: '10.00' }, { token }),
    );
    expect(apply.status).toBe(201);
    expect(apply.statements.filter((s) => /^\s*COMMIT\b/i.test(s))).toHaveLength(1);
    // Staff, the time zone, BEGIN, the note, the invoice, the note credited and maybe closed, the
    // invoice credited and its status, the application, the activity, the answer (the note with
    // its lines, its applications), COMMIT.
    expect(withoutPerConnection(apply.statements).length).toBeLessThanOrEqual(14);
  });
});
