import { randomBytes } from 'node:crypto';
import { Contact } from '../../src/contacts/contact.entity';
import { Given, startAsAdmin } from '../factories/given';
import { ApiResponse, TestApp } from '../helpers/test-app';
import { errorFields, expectProblem } from '../helpers/problems';

const unique = () => randomBytes(4).toString('hex');
const ALL_ON = { invoices: true, creditNotes: true, estimates: true, tickets: true };

describe('contacts of a customer', () => {
  let t: TestApp;
  let make: Given;
  let admin: string;

  beforeAll(async () => ({ t, make, admin } = await startAsAdmin()));
  afterAll(() => t.close());

  const person = (overrides: Record<string, unknown> = {}) => ({
    firstName: 'Clara',
    lastName: `Kontakt ${unique()}`,
    email: `clara-${unique()}@example.test`,
    ...overrides,
  });
  const add = (customerId: string, body: object, token = admin, headers: Record<string, string> = {}) =>
    t.post(`customers/${customerId}/contacts`, body, { token, headers });
  const added = async (customerId: string, body: object = {}) => {
    const res = await add(customerId, person(body as Record<string, unknown>));
    expect(res.status).toBe(201);
    return res.body;
  };
  const patch = (id: string, body: object, token = admin, headers: Record<string, string> = {}) =>
    t.request('PATCH', `contacts/${id}`, { body, token, headers });
  const remove = (id: string, token = admin, headers: Record<string, string> = {}) =>
    t.request('DELETE', `contacts/${id}`, { token, headers });
  const show = (id: string, token = admin) => t.get(`contacts/${id}`, { token });
  const listOf = async (customerId: string, query = ''): Promise<any[]> => {
    const res = await t.get(`customers/${customerId}/contacts?pageSize=100${query}`, { token: admin });
    expect(res.status).toBe(200);
    return res.body.data;
  };
  const primaries = async (customerId: string) =>
    (await listOf(customerId)).filter((c) => c.isPrimary).map((c) => c.id);
  const stored = (id: string) => t.dataSource.getRepository(Contact).findOneBy({ id });

  describe('the customer access rule', () => {
    it('lets view_own staff reach contacts of assigned customers only: 404 otherwise, and nothing listed', async () => {
      const own = await make.staff({
        permissions: ['customers.view_own', 'customers.edit', 'customers.create', 'customers.delete'],
      });
      const token = await own.token();
      const mine = await make.customer({ admins: [own.staff.id] });
      const theirs = await make.customer();
      const mineContact = await make.contact({ customerId: mine.id });
      const theirContact = await make.contact({ customerId: theirs.id });

      expect((await show(mineContact.id, token)).status).toBe(200);
      const listed = await t.get(`customers/${mine.id}/contacts`, { token });
      expect(listed.body.data.map((c: any) => c.id)).toEqual([mineContact.id]);
      expect((await patch(mineContact.id, { title: 'Mine' }, token)).status).toBe(200);

      expectProblem(await show(theirContact.id, token), 404, 'NOT_FOUND');
      expectProblem(await t.get(`customers/${theirs.id}/contacts`, { token }), 404, 'NOT_FOUND');
      expectProblem(await add(theirs.id, person(), token), 404, 'NOT_FOUND');
      expectProblem(await patch(theirContact.id, { title: 'Hijacked' }, token), 404, 'NOT_FOUND');
      expectProblem(await remove(theirContact.id, token), 404, 'NOT_FOUND');
      expect((await show(theirContact.id)).body).toMatchObject({ title: null, version: 1 });
    });

    it('needs customers.edit to update, customers.delete to delete, create or edit to add', async () => {
      const viewer = await (await make.staff({ permissions: ['customers.view'] })).token();
      const creator = await (await make.staff({ permissions: ['customers.view', 'customers.create'] })).token();
      const customer = await make.customer();
      const contact = await make.contact({ customerId: customer.id });
      expect((await show(contact.id, viewer)).status).toBe(200);
      expectProblem(await add(customer.id, person(), viewer), 403, 'FORBIDDEN');
      expectProblem(await patch(contact.id, { title: 'x' }, viewer), 403, 'FORBIDDEN');
      expectProblem(await remove(contact.id, creator), 403, 'FORBIDDEN');
      expect((await add(customer.id, person(), creator)).status).toBe(201);
    });
  });

  describe('create and read', () => {
    it('answers the contact shape with an ETag, the first contact primary, permissions and notifications by default', async () => {
      const customer = await make.customer();
      const res = await add(customer.id, person({ phone: '+49 30 1234567', title: 'Buyer' }));
      expect(res.status).toBe(201);
      expect(res.headers.get('etag')).toBe('"1"');
      expect(res.body).toEqual({
        id: expect.any(String),
        customerId: customer.id,
        firstName: 'Clara',
        lastName: expect.stringMatching(/^Kontakt /),
        email: expect.stringMatching(/@example\.test$/),
        phone: '+49 30 1234567',
        title: 'Buyer',
        isPrimary: true,
        active: true,
        permissions: ['invoices', 'estimates', 'support'],
        emailNotifications: { ...ALL_ON, contracts: false, projects: false, tasks: false },
        passwordSet: false,
        lastLoginAt: null,
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const read = await show(res.body.id);
      expect(read.status).toBe(200);
      expect(read.headers.get('etag')).toBe('"1"');
      expect(read.body).toEqual(res.body);
    });

    it('keeps the password out of every answer, hashed with argon2id, and says passwordSet', async () => {
      const customer = await make.customer();
      const res = await add(customer.id, person({ password: 'a-secret-portal-password' }));
      expect(res.status).toBe(201);
      expect(res.body.passwordSet).toBe(true);
      const answers = [
        res,
        await show(res.body.id),
        await t.get(`customers/${customer.id}/contacts`, { token: admin }),
      ];
      answers.push(await patch(res.body.id, { title: 'CFO' }));
      for (const answer of answers) {
        expect(answer.text).not.toMatch(/a-secret-portal-password|argon2|passwordHash|"password"/);
      }
      expect((await stored(res.body.id))!.passwordHash).toMatch(/^\$argon2id\$/);

      const cleared = await patch(res.body.id, { password: null });
      expect(cleared.status).toBe(200);
      expect(cleared.body.passwordSet).toBe(false);
      expect((await stored(res.body.id))!.passwordHash).toBeNull();
    });

    it('refuses a password shorter than a staff password', async () => {
      const customer = await make.customer();
      const res = await add(customer.id, person({ password: 'short' }));
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(errorFields(res)).toEqual(['password']);
    });

    it('answers 404 for a contact or customer that does not exist', async () => {
      expectProblem(await show('0190f5f2-7c1e-7a3b-9d4e-5f6a7b8c9d0e'), 404, 'NOT_FOUND');
      expectProblem(await add('0190f5f2-7c1e-7a3b-9d4e-5f6a7b8c9d0e', person()), 404, 'NOT_FOUND');
      expectProblem(
        await t.get('customers/0190f5f2-7c1e-7a3b-9d4e-5f6a7b8c9d0e/contacts', { token: admin }),
        404,
        'NOT_FOUND',
      );
    });
  });

  describe('emails are unique across all contacts, whatever the case', () => {
    it('refuses a case variant of another customer’s contact email with 409, storing nothing', async () => {
      const one = await make.customer();
      const other = await make.customer();
      const email = `Mixed.Case-${unique()}@Example.test`;
      await added(one.id, { email });
      const before = await t.dataSource.getRepository(Contact).count();
      for (const variant of [email.toLowerCase(), email.toUpperCase(), ` ${email} `.trim()]) {
        expectProblem(await add(other.id, person({ email: variant })), 409, 'CONTACT_EMAIL_TAKEN');
      }
      expect(await t.dataSource.getRepository(Contact).count()).toBe(before);
    });

    it('counts the primary contact created with its customer, and guards a changed email too', async () => {
      const email = `primary-${unique()}@example.test`;
      const created = await t.post(
        'customers',
        { company: `Primary Holder ${unique()}`, primaryContact: { firstName: 'Pia', lastName: 'Primary', email } },
        { token: admin },
      );
      expect(created.status).toBe(201);
      const other = await make.customer();
      expectProblem(await add(other.id, person({ email: email.toUpperCase() })), 409, 'CONTACT_EMAIL_TAKEN');
      const mine = await added(other.id);
      const res = await patch(mine.id, { email: email.replace('primary', 'PRIMARY') });
      expectProblem(res, 409, 'CONTACT_EMAIL_TAKEN');
      expect((await show(mine.id)).body).toMatchObject({ email: mine.email, version: 1 });
    });
  });

  describe('exactly one primary contact per customer', () => {
    it('moves the flag when another contact is made primary, on create and on update', async () => {
      const customer = await make.customer();
      const first = await added(customer.id);
      const second = await added(customer.id, { isPrimary: false });
      expect(second.isPrimary).toBe(false);
      expect(await primaries(customer.id)).toEqual([first.id]);

      const made = await patch(second.id, { isPrimary: true });
      expect(made.status).toBe(200);
      expect(made.body.isPrimary).toBe(true);
      expect(await primaries(customer.id)).toEqual([second.id]);
      expect((await show(first.id)).body).toMatchObject({ isPrimary: false, version: 2 });

      const third = await added(customer.id, { isPrimary: true });
      expect(await primaries(customer.id)).toEqual([third.id]);
    });

    it('refuses to unset the primary flag directly, or to deactivate the primary contact', async () => {
      const customer = await make.customer();
      const primary = await added(customer.id);
      await added(customer.id);
      expectProblem(await patch(primary.id, { isPrimary: false }), 409, 'PRIMARY_CONTACT_REQUIRED');
      expectProblem(await patch(primary.id, { active: false }), 409, 'PRIMARY_CONTACT_REQUIRED');
      expect((await show(primary.id)).body).toMatchObject({ isPrimary: true, active: true, version: 1 });
    });

    it('refuses to make an inactive contact primary, unless the same change activates it', async () => {
      const customer = await make.customer();
      await added(customer.id);
      const idle = await added(customer.id, { active: false });
      expectProblem(await patch(idle.id, { isPrimary: true }), 409, 'CONTACT_INACTIVE');
      expectProblem(await add(customer.id, person({ isPrimary: true, active: false })), 409, 'CONTACT_INACTIVE');
      const res = await patch(idle.id, { isPrimary: true, active: true });
      expect(res.status).toBe(200);
      expect(await primaries(customer.id)).toEqual([idle.id]);
    });

    it('hands the flag to the oldest active other contact when the primary is deleted', async () => {
      const customer = await make.customer();
      const primary = await make.contact({ customerId: customer.id, createdAt: new Date('2026-01-01T00:00:00Z') });
      await make.contact({
        customerId: customer.id,
        isPrimary: false,
        active: false,
        createdAt: new Date('2026-01-02T00:00:00Z'),
      });
      const oldestActive = await make.contact({
        customerId: customer.id,
        isPrimary: false,
        createdAt: new Date('2026-01-03T00:00:00Z'),
      });
      await make.contact({ customerId: customer.id, isPrimary: false, createdAt: new Date('2026-01-04T00:00:00Z') });
      expect((await remove(primary.id)).status).toBe(204);
      expect(await primaries(customer.id)).toEqual([oldestActive.id]);
      expect((await show(primary.id)).status).toBe(404);
    });

    it('refuses to delete the primary when only inactive contacts would remain, and lets the only contact go', async () => {
      const customer = await make.customer();
      const primary = await added(customer.id);
      const idle = await added(customer.id, { active: false });
      expectProblem(await remove(primary.id), 409, 'PRIMARY_CONTACT_REQUIRED');
      expect(await primaries(customer.id)).toEqual([primary.id]);

      expect((await remove(idle.id)).status).toBe(204);
      expect((await remove(primary.id)).status).toBe(204);
      expect(await listOf(customer.id)).toEqual([]);
      const next = await added(customer.id, { isPrimary: false });
      expect(next.isPrimary).toBe(true);
    });
  });

  describe('an inactive customer', () => {
    it('gets inactive contacts by default, and refuses active: true on create and on update', async () => {
      const customer = await make.customer({ active: false });
      const res = await add(customer.id, person());
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ active: false, isPrimary: true });
      expectProblem(await add(customer.id, person({ active: true })), 409, 'CUSTOMER_INACTIVE');
      expectProblem(await patch(res.body.id, { active: true }), 409, 'CUSTOMER_INACTIVE');
      expect((await show(res.body.id)).body).toMatchObject({ active: false, version: 1 });
      expect(await listOf(customer.id)).toHaveLength(1);
    });

    it('lets its primary contact be deactivated, and hands the flag of a deleted primary to the oldest other contact', async () => {
      const customer = await make.customer();
      const primary = await added(customer.id);
      const deactivated = await t.request('PATCH', `customers/${customer.id}`, {
        body: { active: false },
        token: admin,
      });
      expect(deactivated.status).toBe(200);
      const idle = await added(customer.id);
      expect(idle.active).toBe(false);
      const res = await patch(primary.id, { active: false });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ isPrimary: true, active: false });
      expect((await remove(primary.id)).status).toBe(204);
      expect(await primaries(customer.id)).toEqual([idle.id]);
    });

    it('lets its contacts be activated once it is active again', async () => {
      const customer = await make.customer({ active: false });
      const contact = await added(customer.id);
      const activated = await t.request('PATCH', `customers/${customer.id}`, { body: { active: true }, token: admin });
      expect(activated.status).toBe(200);
      const res = await patch(contact.id, { active: true });
      expect(res.status).toBe(200);
      expect(res.body.active).toBe(true);
    });
  });

  describe('portal permissions and email notifications', () => {
    it('starts the notifications from the permissions, and keeps those without their permission off', async () => {
      const customer = await make.customer();
      const res = await add(
        customer.id,
        person({ permissions: ['support'], emailNotifications: { invoices: true, contracts: true } }),
      );
      expect(res.status).toBe(201);
      expect(res.body.permissions).toEqual(['support']);
      expect(res.body.emailNotifications).toEqual({
        invoices: false,
        creditNotes: false,
        estimates: false,
        tickets: true,
        contracts: true,
        projects: false,
        tasks: false,
      });
    });

    it('switches off the emails of a removed permission, lets the others be edited, and switches on a granted one', async () => {
      const customer = await make.customer();
      const contact = await added(customer.id);
      const quieter = await patch(contact.id, { emailNotifications: { estimates: false } });
      expect(quieter.body.emailNotifications).toMatchObject({ ...ALL_ON, estimates: false });

      const removed = await patch(contact.id, { permissions: ['estimates', 'support'] });
      expect(removed.status).toBe(200);
      expect(removed.body.emailNotifications).toMatchObject({
        invoices: false,
        creditNotes: false,
        estimates: false,
        tickets: true,
      });
      const refused = await patch(contact.id, { emailNotifications: { invoices: true } });
      expect(refused.body.emailNotifications.invoices).toBe(false);

      const granted = await patch(contact.id, { permissions: ['invoices', 'estimates', 'support'] });
      expect(granted.body.emailNotifications).toMatchObject({ invoices: true, creditNotes: true, estimates: false });
    });

    it('applies a permission change to the very next read, stored on the row', async () => {
      const customer = await make.customer();
      const contact = await added(customer.id);
      await patch(contact.id, { permissions: ['invoices'] });
      expect((await show(contact.id)).body.permissions).toEqual(['invoices']);
      expect((await stored(contact.id))!.permissions).toEqual(['invoices']);
    });

    it('lists the portal catalogue next to the staff capabilities', async () => {
      const res = await t.get('permissions', { token: admin });
      expect(res.status).toBe(200);
      expect(res.body.portal).toEqual(['invoices', 'estimates', 'support']);
      expect(res.body.capabilities).toContain('customers.view');
    });
  });

  describe('versions', () => {
    it('answers 412 for a stale If-Match on PATCH and DELETE and changes nothing', async () => {
      const customer = await make.customer();
      const contact = await added(customer.id);
      const first = await patch(contact.id, { title: 'Head of purchasing' }, admin, { 'if-match': '"1"' });
      expect(first.status).toBe(200);
      expect(first.headers.get('etag')).toBe('"2"');
      const stale = await patch(contact.id, { title: 'Overwritten' }, admin, { 'if-match': '"1"' });
      expectProblem(stale, 412, 'STALE_VERSION');
      expectProblem(await remove(contact.id, admin, { 'if-match': '"1"' }), 412, 'STALE_VERSION');
      expect((await show(contact.id)).body).toMatchObject({ title: 'Head of purchasing', version: 2 });
      expect((await remove(contact.id, admin, { 'if-match': '"2"' })).status).toBe(204);
    });
  });

  describe('activity', () => {
    it('records create, update (with passwordSet, never the password) and delete in the customer’s activity', async () => {
      const customer = await make.customer();
      const primary = await added(customer.id);
      const contact = await added(customer.id, { password: 'first-portal-password' });
      await patch(contact.id, { lastName: 'Renamed', password: 'second-portal-password' });
      await patch(contact.id, { password: null });
      await patch(contact.id, { isPrimary: true });
      expect((await remove(primary.id)).status).toBe(204);
      const res = await t.get(`customers/${customer.id}/activity?pageSize=100`, { token: admin });
      expect(res.status).toBe(200);
      const events = res.body.data.filter((e: any) => e.entityType === 'contact');
      const of = (id: string) => events.filter((e: any) => e.entityId === id).reverse();
      expect(of(contact.id).map((e: any) => e.action)).toEqual(['create', 'update', 'update', 'update']);
      const [created, renamed, cleared, promoted] = of(contact.id);
      expect(created.changes).toEqual(expect.arrayContaining([{ field: 'passwordSet', before: null, after: true }]));
      expect(renamed.changes).toEqual(
        expect.arrayContaining([
          { field: 'lastName', before: contact.lastName, after: 'Renamed' },
          { field: 'passwordChanged', before: null, after: true },
        ]),
      );
      expect(cleared.changes).toEqual([{ field: 'passwordSet', before: true, after: false }]);
      expect(promoted.changes).toEqual([{ field: 'isPrimary', before: false, after: true }]);
      expect(of(primary.id).map((e: any) => e.action)).toEqual(['create', 'update', 'delete']);
      expect(res.text).not.toMatch(/portal-password|argon2|passwordHash/);
    });
  });

  describe('search, sort and filters', () => {
    it('finds contacts by the start of a name or email, folded, and sorts them', async () => {
      const customer = await make.customer();
      await added(customer.id, { firstName: 'Jürgen', lastName: 'Zimmer', email: `jz-${unique()}@zimmer.test` });
      await added(customer.id, { firstName: 'Anna', lastName: 'Berg', email: `info-${unique()}@berg.test` });
      await added(customer.id, { firstName: 'Émile', lastName: 'Arnaud', email: `emile-${unique()}@arnaud.test` });
      const names = (rows: any[]) => rows.map((c) => c.lastName);
      expect(names(await listOf(customer.id))).toEqual(['Arnaud', 'Berg', 'Zimmer']);
      expect(names(await listOf(customer.id, '&sort=-firstName'))).toEqual(['Zimmer', 'Arnaud', 'Berg']);
      expect(names(await listOf(customer.id, '&q=jurg'))).toEqual(['Zimmer']);
      expect(names(await listOf(customer.id, '&q=EMI'))).toEqual(['Arnaud']);
      expect(names(await listOf(customer.id, '&q=info-'))).toEqual(['Berg']);
      expect(names(await listOf(customer.id, '&q=anna%20be'))).toEqual(['Berg']);
      expect(names(await listOf(customer.id, '&q=erg'))).toEqual([]);
    });

    it('filters by active, pages with the real total, and refuses parameters it does not declare', async () => {
      const customer = await make.customer();
      await added(customer.id);
      await added(customer.id, { active: false });
      await added(customer.id);
      expect(await listOf(customer.id, '&active=false')).toHaveLength(1);
      expect(await listOf(customer.id, '&active=true')).toHaveLength(2);
      const paged = await t.get(`customers/${customer.id}/contacts?pageSize=2&page=2`, { token: admin });
      expect(paged.body.meta).toEqual({ page: 2, pageSize: 2, total: 3 });
      expect(paged.body.data).toHaveLength(1);
      for (const query of ['sort=password', 'groupId=x', 'active=yes', 'pageSize=101']) {
        const res = await t.get(`customers/${customer.id}/contacts?${query}`, { token: admin });
        expectProblem(res, 400, 'VALIDATION_FAILED');
      }
    });

    it('keeps the customer search right as contacts are added, renamed and deleted', async () => {
      const customer = await make.customer({ company: `Searchable ${unique()}` });
      const find = async (q: string) =>
        (await t.get(`customers?q=${encodeURIComponent(q)}`, { token: admin })).body.data.map((c: any) => c.id);
      const contact = await added(customer.id, { lastName: 'Quastenflosser', email: `qf-${unique()}@deep.test` });
      expect(await find('quastenfl')).toEqual([customer.id]);
      await patch(contact.id, { lastName: 'Nautilus', email: `nt-${unique()}@deep.test` });
      expect(await find('quastenfl')).toEqual([]);
      expect(await find('nautil')).toEqual([customer.id]);
      expect(await find('Searchable')).toContain(customer.id);
      expect((await remove(contact.id)).status).toBe(204);
      expect(await find('nautil')).toEqual([]);
      expect(await find('Searchable')).toContain(customer.id);
    });
  });

  describe('bad input', () => {
    const cases: Array<[string, Record<string, unknown>, string[]]> = [
      ['a number for a name', { firstName: 12 }, ['firstName']],
      ['an unknown property', { nickname: 'Cl' }, ['nickname']],
      ['a name too long', { lastName: 'x'.repeat(101) }, ['lastName']],
      ['a broken email', { email: 'not-an-email' }, ['email']],
      ['a permission outside the catalogue', { permissions: ['invoices', 'payroll'] }, ['permissions']],
      ['a string for a flag', { isPrimary: 'yes' }, ['isPrimary']],
      ['a string for a notification', { emailNotifications: { invoices: 'on' } }, ['emailNotifications.invoices']],
      ['an unknown notification', { emailNotifications: { sms: true } }, ['emailNotifications.sms']],
    ];

    it.each(cases)('refuses %s on create with 400 naming the field', async (_name, body, fields) => {
      const customer = await make.customer();
      const res = await add(customer.id, { ...person(), ...body });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(errorFields(res)).toEqual(fields);
      expect(await listOf(customer.id)).toEqual([]);
    });

    it.each(cases)('refuses %s on update with 400 naming the field', async (_name, body, fields) => {
      const customer = await make.customer();
      const contact = await added(customer.id);
      const res = await patch(contact.id, body);
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(errorFields(res)).toEqual(fields);
      expect((await show(contact.id)).body.version).toBe(1);
    });

    it('refuses null for a required field on update, and a malformed id', async () => {
      const customer = await make.customer();
      const contact = await added(customer.id);
      const res = await patch(contact.id, { firstName: null, active: null });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(errorFields(res)).toEqual(['active', 'firstName']);
      expectProblem(await show('42'), 400, 'VALIDATION_FAILED');
    });
  });

  describe('Idempotency-Key', () => {
    it('answers a retried create with the first answer and creates one contact', async () => {
      const customer = await make.customer();
      const body = person();
      const key = `contact-${unique()}`;
      const first: ApiResponse = await add(customer.id, body, admin, { 'idempotency-key': key });
      const retry: ApiResponse = await add(customer.id, body, admin, { 'idempotency-key': key });
      expect(first.status).toBe(201);
      expect(retry.status).toBe(201);
      expect(retry.headers.get('idempotency-replayed')).toBe('true');
      expect(retry.body).toEqual(first.body);
      expect(await listOf(customer.id)).toHaveLength(1);
    });
  });
});
