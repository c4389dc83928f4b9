import { FACTORY_PASSWORD, Given, line, startAsAdmin } from '../factories/given';
import { StatementLog, WRITE_STATEMENT as WRITE, logStatements } from '../helpers/statements';
import { TestApp } from '../helpers/test-app';

/**
 * The statements a portal request runs, counted at the driver through the real application
 * (the contact's load included), against a budget, as for staff routes.
 */
describe('statements per portal request', () => {
  let t: TestApp;
  let make: Given;
  let log: StatementLog;

  beforeAll(async () => {
    ({ t, make } = await startAsAdmin());
    log = logStatements(t.dataSource);
  });
  afterAll(() => t.close());

  const measure = async (send: () => Promise<{ status: number; body: any }>) => {
    const { result: res, statements } = await log.during(send);
    return { status: res.status, body: res.body, statements };
  };
  const control = (statements: string[]) => statements.filter((s) => /^\s*SET SESSION TRANSACTION\b/i.test(s));

  it('reads portal/me in 3 statements (the contact with its customer, the company, its groups), writing nothing', async () => {
    const { token } = await make.signedInContact();
    const read = await measure(() => t.get('portal/me', { token }));
    expect(read.status).toBe(200);
    expect(read.statements.filter((s) => WRITE.test(s))).toEqual([]);
    expect(read.statements.length).toBeLessThanOrEqual(3);
  });

  it('lists a page of invoices in 5 statements whatever its length (the contact, the time zone, the page, its count, its lines), writing nothing', async () => {
    const { token, customer } = await make.signedInContact({ customer: { currency: 'EUR' } });
    const counts: number[] = [];
    for (const size of [1, 6]) {
      while ((await t.get('portal/invoices', { token })).body.meta.total < size)
        await make.invoice({ customerId: customer.id, items: [line('10.00'), line('5.00')] });
      const read = await measure(() => t.get('portal/invoices?pageSize=100', { token }));
      expect(read.status).toBe(200);
      expect(read.body.data).toHaveLength(size);
      expect(read.statements.filter((s) => WRITE.test(s))).toEqual([]);
      counts.push(read.statements.length);
    }
    expect(counts[1]).toBe(counts[0]);
    expect(counts[0]).toBeLessThanOrEqual(5);
  });

  it('reads an invoice with its payments and credit in 5 statements (the contact, the invoice with its lines, the time zone, payments, credit), writing nothing', async () => {
    const { token, customer } = await make.signedInContact({ customer: { currency: 'EUR' } });
    const invoice = await make.invoice({ customerId: customer.id, items: [line('100.00')] });
    await make.payment({ invoiceId: invoice.id, amount: '10.00' });
    await make.payment({ invoiceId: invoice.id, amount: '5.00' });
    const read = await measure(() => t.get(`portal/invoices/${invoice.id}`, { token }));
    expect(read.status).toBe(200);
    expect(read.statements.filter((s) => WRITE.test(s))).toEqual([]);
    expect(read.statements.length).toBeLessThanOrEqual(5);
  });

  it('reads the contact once per request, by primary key, whether or not its token is remembered', async () => {
    const { token } = await make.signedInContact();
    for (let i = 0; i < 2; i++) {
      const read = await measure(() => t.get('portal/me', { token }));
      const contactReads = read.statements.filter((s) => /FROM "?`?contacts/.test(s));
      expect(contactReads).toHaveLength(1);
      expect(contactReads[0]).toMatch(/"contact"\."id" = \?|`contact`\.`id` = \?/);
    }
  });

  it('signs a contact in with no more statements than a staff sign-in: throttle slots, login time and session written', async () => {
    const customer = await make.customer();
    const contact = await make.contact({ customerId: customer.id, withPassword: true });
    const login = await measure(() =>
      t.post('portal/auth/login', { email: contact.email, password: FACTORY_PASSWORD }),
    );
    expect(login.status).toBe(200);
    // The throttle slots (one transaction), the contact read before and after the session
    // generation, the slots given back, the login time and the session (a transaction each):
    // the statements of a staff sign-in.
    expect(login.statements.length - control(login.statements).length).toBeLessThanOrEqual(23);
    const writes = login.statements
      .filter((s) => WRITE.test(s))
      .map((s) => /^\s*\w+\s+(?:IGNORE\s+)?(?:INTO\s+|FROM\s+)?["`]?(\w+)/i.exec(s)?.[1]);
    expect(new Set(writes)).toEqual(new Set(['throttle_buckets', 'contacts', 'refresh_tokens']));
    const staff = await make.staff();
    const staffLogin = await measure(() => t.post('auth/login', { email: staff.email, password: staff.password }));
    expect(login.statements.length).toBeLessThanOrEqual(staffLogin.statements.length);
  });
});
