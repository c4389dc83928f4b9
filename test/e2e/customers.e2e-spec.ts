import { randomBytes } from 'node:crypto';
import { Contact } from '../../src/contacts/contact.entity';
import { CustomerAdmin, CustomerSearchTerm } from '../../src/customers/customer-links.entity';
import { CustomerGroupMember } from '../../src/groups/customer-group-member.entity';
import { Customer } from '../../src/customers/customer.entity';
import { CustomerGroup } from '../../src/groups/customer-group.entity';
import { Given, GivenStaff, startAsAdmin } from '../factories/given';
import { ApiResponse, TestApp } from '../helpers/test-app';
import { errorFields, expectProblem } from '../helpers/problems';

const UNKNOWN_UUID = '0190a8f0-0000-7000-8000-000000000000';
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const NO_ADDRESS = { street: null, city: null, state: null, zip: null, country: null };

const CUSTOMER_KEYS = [
  'active',
  'address',
  'billingAddress',
  'company',
  'createdAt',
  'createdBy',
  'currency',
  'groupIds',
  'id',
  'language',
  'phone',
  'shippingAddress',
  'transactionCount',
  'updatedAt',
  'vat',
  'version',
  'website',
];

/**
 * Random, ending in a letter whose successor is a letter too: a tag used as a search word
 * must not end in "9" or "z", whose prefix search is checked on its own below.
 */
const unique = () => `${randomBytes(4).toString('hex')}k`;
/** Distinct well-formed UUIDs that name nothing. */
const manyUuid = (i: number) => `0190a8f0-0000-7000-8000-${String(i).padStart(12, '0')}`;
const sorted = (values: string[]) => [...values].sort();
const idsOf = (res: ApiResponse): string[] => sorted((res.body.data as Array<{ id: string }>).map((c) => c.id));
const orderedIdsOf = (res: ApiResponse): string[] => (res.body.data as Array<{ id: string }>).map((c) => c.id);

/** One RFC 4180 record (no embedded line breaks: company names cannot hold control characters). */
function parseCsvRecord(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
    } else {
      field += ch;
    }
  }
  fields.push(field);
  return fields;
}

function csvOf(res: ApiResponse): { header: string[]; lines: string[]; rows: string[][] } {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/csv');
  const all = res.text.split('\r\n');
  expect(all[all.length - 1]).toBe(''); // every record ends with CRLF
  const [header, ...lines] = all.slice(0, -1);
  return { header: parseCsvRecord(header), lines, rows: lines.map(parseCsvRecord) };
}

describe('customers', () => {
  let t: TestApp;
  let make: Given;
  let adminToken: string;
  let adminId: string;

  beforeAll(async () => ({ t, make, admin: adminToken, adminId } = await startAsAdmin()));
  afterAll(() => t.close());

  const customerRows = () => t.dataSource.getRepository(Customer);
  const contactRows = () => t.dataSource.getRepository(Contact);
  const memberRows = () => t.dataSource.getRepository(CustomerGroupMember);
  const adminRows = () => t.dataSource.getRepository(CustomerAdmin);
  const termRows = () => t.dataSource.getRepository(CustomerSearchTerm);
  const patch = (path: string, body: unknown, token: string) => t.request('PATCH', path, { body, token });
  const del = (path: string, token: string) => t.request('DELETE', path, { token });

  /** Row counts of every table a customer create writes to. */
  const snapshot = async () => ({
    customers: await customerRows().count(),
    contacts: await contactRows().count(),
    groupMembers: await memberRows().count(),
    admins: await adminRows().count(),
    searchTerms: await termRows().count(),
  });

  const contact = (overrides: Record<string, unknown> = {}) => ({
    firstName: 'Petra',
    lastName: 'Primary',
    email: `contact-${unique()}@example.test`,
    ...overrides,
  });

  describe('POST customers', () => {
    let creator: GivenStaff;
    let creatorToken: string;

    beforeAll(async () => {
      creator = await make.staff({ permissions: ['customers.create', 'customers.view'] });
      creatorToken = await creator.token();
    });

    it('creates a customer with every field and its primary contact, in the Customer shape', async () => {
      const [g1, g2] = [await make.group(), await make.group()];
      const password = 'correct-horse-battery-staple';
      const body = {
        company: 'Vollständig Gesellschaft',
        vat: 'DE 987 654 321',
        phone: '+49 89 7654321',
        website: 'https://voll.example.test',
        address: { street: 'Hauptstraße 1', city: 'München', state: 'Bayern', zip: '80331', country: 'DE' },
        billingAddress: { street: 'Postfach 12', city: 'München', state: 'Bayern', zip: '80300', country: 'DE' },
        shippingAddress: { street: 'Lagerweg 5', city: 'Wien', state: 'Wien', zip: '1010', country: 'AT' },
        currency: 'EUR',
        language: 'de',
        groupIds: [g1.id, g2.id],
        active: true,
        primaryContact: {
          firstName: 'Frieda',
          lastName: 'Vollmer',
          email: 'frieda.vollmer@example.test',
          phone: '+49 89 111222',
          title: 'Geschäftsführerin',
          password,
        },
        portalPermissions: ['invoices', 'support'],
      };

      const res = await t.post('customers', body, { token: creatorToken });

      expect(res.status).toBe(201);
      expect(Object.keys(res.body).sort()).toEqual(sorted([...CUSTOMER_KEYS, 'primaryContact']));
      expect(res.body).toEqual({
        id: expect.stringMatching(UUID_V7),
        company: body.company,
        vat: body.vat,
        phone: body.phone,
        website: body.website,
        address: body.address,
        billingAddress: body.billingAddress,
        shippingAddress: body.shippingAddress,
        currency: 'EUR',
        language: 'de',
        groupIds: expect.any(Array),
        active: true,
        version: 1,
        transactionCount: 0,
        createdAt: expect.stringMatching(ISO_TIMESTAMP),
        createdBy: creator.staff.id,
        updatedAt: expect.stringMatching(ISO_TIMESTAMP),
        primaryContact: {
          id: expect.stringMatching(UUID_V7),
          email: 'frieda.vollmer@example.test',
          permissions: ['invoices', 'support'],
        },
      });
      expect(sorted(res.body.groupIds)).toEqual(sorted([g1.id, g2.id]));
      expect(res.text).not.toContain(password);
      expect(res.text).not.toMatch(/password/i);

      const id: string = res.body.id;
      const row = await customerRows().findOneBy({ id });
      expect(row).toMatchObject({
        company: body.company,
        currency: 'EUR',
        language: 'de',
        createdBy: creator.staff.id,
      });
      expect(sorted((await memberRows().findBy({ customerId: id })).map((m) => m.groupId))).toEqual(
        sorted([g1.id, g2.id]),
      );

      const contacts = await contactRows().findBy({ customerId: id });
      expect(contacts).toHaveLength(1);
      const [stored] = contacts;
      expect(stored).toMatchObject({
        id: res.body.primaryContact.id,
        firstName: 'Frieda',
        lastName: 'Vollmer',
        email: 'frieda.vollmer@example.test',
        phone: '+49 89 111222',
        title: 'Geschäftsführerin',
        isPrimary: true,
        active: true,
        permissions: ['invoices', 'support'],
        emailNotifications: {
          invoices: true,
          creditNotes: true,
          estimates: false,
          tickets: true,
          contracts: false,
          projects: false,
          tasks: false,
        },
      });
      expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
      expect(stored.passwordHash).not.toContain(password);

      const fetched = await t.get(`customers/${id}`, { token: creatorToken });
      expect(fetched.status).toBe(200);
      expect(Object.keys(fetched.body).sort()).toEqual(CUSTOMER_KEYS);
      const { primaryContact: _contact, groupIds: createdGroups, ...createdRest } = res.body;
      const { groupIds: fetchedGroups, ...fetchedRest } = fetched.body;
      expect(fetchedRest).toEqual(createdRest);
      expect(sorted(fetchedGroups)).toEqual(sorted(createdGroups));
      expect(fetched.text).not.toContain(password);
      expect(fetched.text).not.toMatch(/password/i);
    });

    it('gives the primary contact every portal permission when none are sent', async () => {
      const body = { company: `All Permissions ${unique()}`, primaryContact: contact() };

      const res = await t.post('customers', body, { token: creatorToken });

      expect(res.status).toBe(201);
      expect(res.body.primaryContact.permissions).toEqual(['invoices', 'estimates', 'support']);
      const [stored] = await contactRows().findBy({ customerId: res.body.id });
      expect(stored.permissions).toEqual(['invoices', 'estimates', 'support']);
      expect(stored.isPrimary).toBe(true);
      expect(stored.passwordHash).toBeNull();
      expect(stored.emailNotifications).toEqual({
        invoices: true,
        creditNotes: true,
        estimates: true,
        tickets: true,
        contracts: false,
        projects: false,
        tasks: false,
      });
    });

    it('stores no contact without primaryContact, and defaults the optional fields', async () => {
      const res = await t.post('customers', { company: `Bare ${unique()}` }, { token: creatorToken });

      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        vat: null,
        phone: null,
        website: null,
        address: NO_ADDRESS,
        billingAddress: NO_ADDRESS,
        shippingAddress: null,
        currency: null,
        language: null,
        groupIds: [],
        active: true,
        version: 1,
        transactionCount: 0,
        primaryContact: null,
      });
      expect(await contactRows().countBy({ customerId: res.body.id })).toBe(0);
      expect(await customerRows().findOneBy({ id: res.body.id })).toMatchObject({ currency: null, language: null });
    });

    it('answers shippingAddress null when it is omitted or sent as null', async () => {
      const address = { street: 'Ring 1', city: 'Köln', zip: '50667', country: 'DE' };
      for (const shipping of [{}, { shippingAddress: null }]) {
        const res = await t.post(
          'customers',
          { company: `No Shipping ${unique()}`, address, billingAddress: address, ...shipping },
          { token: creatorToken },
        );
        expect(res.status).toBe(201);
        expect(res.body.shippingAddress).toBeNull();
        expect(res.body.billingAddress).toEqual({ ...address, state: null });
        expect((await customerRows().findOneBy({ id: res.body.id }))?.hasShippingAddress).toBe(false);
        expect((await t.get(`customers/${res.body.id}`, { token: creatorToken })).body.shippingAddress).toBeNull();
      }
    });

    it('copies the address into billing, billing into shipping, and both in a chain', async () => {
      const address = { street: 'Via Roma 3', city: 'Milano', state: 'MI', zip: '20121', country: 'IT' };
      const billing = { street: 'Casella 9', city: 'Torino', state: 'TO', zip: '10121', country: 'IT' };

      const billingCopy = await t.post(
        'customers',
        { company: `Copy Billing ${unique()}`, address, copyBillingFromAddress: true },
        { token: creatorToken },
      );
      expect(billingCopy.status).toBe(201);
      expect(billingCopy.body.address).toEqual(address);
      expect(billingCopy.body.billingAddress).toEqual(address);
      expect(billingCopy.body.shippingAddress).toBeNull();
      expect((await customerRows().findOneBy({ id: billingCopy.body.id }))?.billing).toEqual(address);

      const shippingCopy = await t.post(
        'customers',
        { company: `Copy Shipping ${unique()}`, address, billingAddress: billing, copyShippingFromBilling: true },
        { token: creatorToken },
      );
      expect(shippingCopy.status).toBe(201);
      expect(shippingCopy.body.address).toEqual(address);
      expect(shippingCopy.body.billingAddress).toEqual(billing);
      expect(shippingCopy.body.shippingAddress).toEqual(billing);
      const shippingRow = await customerRows().findOneBy({ id: shippingCopy.body.id });
      expect(shippingRow?.shipping).toEqual(billing);
      expect(shippingRow?.hasShippingAddress).toBe(true);

      const chain = await t.post(
        'customers',
        { company: `Copy Chain ${unique()}`, address, copyBillingFromAddress: true, copyShippingFromBilling: true },
        { token: creatorToken },
      );
      expect(chain.status).toBe(201);
      expect(chain.body.billingAddress).toEqual(address);
      expect(chain.body.shippingAddress).toEqual(address);
    });

    it('stores empty and blank address fields as null', async () => {
      const res = await t.post(
        'customers',
        {
          company: `Blank Fields ${unique()}`,
          address: { street: '', city: '   ', state: '', zip: '', country: 'FR' },
          billingAddress: { street: 'Rue 1', city: '', state: '', zip: '75001', country: null },
          shippingAddress: { street: '', city: 'Lyon', state: ' ', zip: '' },
        },
        { token: creatorToken },
      );

      expect(res.status).toBe(201);
      expect(res.body.address).toEqual({ ...NO_ADDRESS, country: 'FR' });
      expect(res.body.billingAddress).toEqual({ ...NO_ADDRESS, street: 'Rue 1', zip: '75001' });
      expect(res.body.shippingAddress).toEqual({ ...NO_ADDRESS, city: 'Lyon' });
      const row = await customerRows().findOneBy({ id: res.body.id });
      expect(row?.address).toEqual({ ...NO_ADDRESS, country: 'FR' });
      expect(row?.billing).toEqual({ ...NO_ADDRESS, street: 'Rue 1', zip: '75001' });
      expect(row?.shipping).toEqual({ ...NO_ADDRESS, city: 'Lyon' });
    });

    it('accepts an empty country as no country', async () => {
      const res = await t.post(
        'customers',
        { company: `Empty Country ${unique()}`, address: { street: 'Somewhere 1', country: '' } },
        { token: creatorToken },
      );

      expect(res.status).toBe(201);
      expect(res.body.address).toEqual({ ...NO_ADDRESS, street: 'Somewhere 1' });
    });

    it('refuses currencies that are not configured or not upper-case ISO codes, storing nothing', async () => {
      const before = await snapshot();

      const jpy = await t.post(
        'customers',
        { company: `Yen ${unique()}`, currency: 'JPY', primaryContact: contact() },
        { token: creatorToken },
      );
      expectProblem(jpy, 400, 'VALIDATION_FAILED');
      expect(jpy.body.errors).toEqual([expect.objectContaining({ field: 'currency', code: 'unknownReference' })]);

      const lower = await t.post(
        'customers',
        { company: `Lower ${unique()}`, currency: 'eur', primaryContact: contact() },
        { token: creatorToken },
      );
      expectProblem(lower, 400, 'VALIDATION_FAILED');
      expect(errorFields(lower)).toEqual(['currency']);

      expect(await snapshot()).toEqual(before);

      const usd = await t.post(
        'customers',
        { company: `Dollar ${unique()}`, currency: 'USD' },
        { token: creatorToken },
      );
      expect(usd.status).toBe(201);
      expect(usd.body.currency).toBe('USD');
    });

    it('refuses an unknown group id with 400 naming groupIds, storing nothing', async () => {
      const group = await make.group();
      const before = await snapshot();

      const res = await t.post(
        'customers',
        { company: `Lost Group ${unique()}`, groupIds: [group.id, UNKNOWN_UUID], primaryContact: contact() },
        { token: creatorToken },
      );

      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'groupIds', code: 'unknownReference' })]);
      expect(await snapshot()).toEqual(before);
    });

    it('answers 409 CONTACT_EMAIL_TAKEN for an email differing only in case, and stores nothing of that create', async () => {
      const group = await make.group();
      const tag = unique();
      const first = await t.post(
        'customers',
        { company: `First Owner ${tag}`, primaryContact: contact({ email: `Dup.Contact-${tag}@Example.test` }) },
        { token: creatorToken },
      );
      expect(first.status).toBe(201);
      const before = await snapshot();

      const claim = (force?: boolean) =>
        t.post(
          'customers',
          {
            company: `Second Claimant ${tag}`,
            groupIds: [group.id],
            primaryContact: contact({ email: `dup.contact-${tag}@example.TEST`, firstName: 'Second' }),
            ...(force === undefined ? {} : { force }),
          },
          { token: creatorToken },
        );

      // Without force the same contact email is a duplicate warning naming the owner...
      const warned = await claim();
      expectProblem(warned, 409, 'CUSTOMER_DUPLICATE');
      expect(warned.body.matchedOn).toEqual(['contactEmail']);
      expect(warned.body.duplicates).toEqual([
        { id: first.body.id, company: `First Owner ${tag}`, matchedOn: ['contactEmail'] },
      ]);
      // ...and with force contact emails stay unique all the same.
      const second = await claim(true);
      expectProblem(second, 409, 'CONTACT_EMAIL_TAKEN');
      expect(await snapshot()).toEqual(before);
      expect(await customerRows().findOneBy({ company: `Second Claimant ${tag}` })).toBeNull();
      expect(await memberRows().countBy({ groupId: group.id })).toBe(0);
      const owners = await contactRows().findBy({ emailKey: `dup.contact-${tag}@example.test` });
      expect(owners.map((c) => c.customerId)).toEqual([first.body.id]);
    });

    describe('bad input', () => {
      const base = () => ({ company: `Valid Base ${unique()}`, primaryContact: contact() });
      const badCases: Array<[string, Record<string, unknown>, string]> = [
        ['company missing', { company: undefined }, 'company'],
        ['company empty', { company: '' }, 'company'],
        ['company of white space only', { company: '   ' }, 'company'],
        ['company of 192 characters', { company: 'x'.repeat(192) }, 'company'],
        ['company a number', { company: 12 }, 'company'],
        ['company with a control character', { company: 'Bell\u0007 Corp' }, 'company'],
        ['company with a line break', { company: 'Line\nBreak Corp' }, 'company'],
        ['an unknown top-level property', { nickname: 'Acme' }, 'nickname'],
        ['an unknown property inside address', { address: { street: 'Main 1', fax: '123' } }, 'address.fax'],
        ['country as a name', { address: { country: 'Germany' } }, 'address.country'],
        ['country XX', { address: { country: 'XX' } }, 'address.country'],
        ['a website that is not a URL', { website: 'not a url' }, 'website'],
        ['a phone with letters', { phone: '+49 30 CALL-ME' }, 'phone'],
        ['a VAT number over 50 characters', { vat: 'D'.repeat(51) }, 'vat'],
        ['an invalid contact email', { primaryContact: contact({ email: 'not-an-email' }) }, 'primaryContact.email'],
        ['a short password', { primaryContact: contact({ password: 'short' }) }, 'primaryContact.password'],
        ['an unknown portal permission', { portalPermissions: ['invoices', 'billing'] }, 'portalPermissions'],
        ['51 group ids', { groupIds: Array.from({ length: 51 }, (_, i) => manyUuid(i)) }, 'groupIds'],
        ['an unsupported language', { language: 'it' }, 'language'],
      ];

      it.each(badCases)('answers 400 VALIDATION_FAILED for %s and stores nothing', async (_name, override, field) => {
        const before = await snapshot();
        const body = { ...base(), ...override };

        const res = await t.post('customers', body, { token: adminToken });

        expectProblem(res, 400, 'VALIDATION_FAILED');
        expect(errorFields(res)).toEqual([field]);
        expect(await snapshot()).toEqual(before);
      });

      it('answers 400 MALFORMED_JSON for a body that is not JSON, storing nothing', async () => {
        const before = await snapshot();

        const res = await t.request('POST', 'customers', {
          rawBody: '{"company": "Broken JSON Ltd", ',
          token: adminToken,
        });

        expectProblem(res, 400, 'MALFORMED_JSON');
        expect(await snapshot()).toEqual(before);
      });

      it('names every failing field at once', async () => {
        const res = await t.post(
          'customers',
          { company: '', website: 'nope', language: 'it', address: { country: 'XX' } },
          { token: adminToken },
        );
        expectProblem(res, 400, 'VALIDATION_FAILED');
        expect(errorFields(res)).toEqual(['address.country', 'company', 'language', 'website']);
      });
    });

    describe('permissions', () => {
      it('answers 403 without customers.create and stores nothing', async () => {
        const viewer = await make.staff({ permissions: ['customers.view', 'customers.edit', 'customers.delete'] });
        const before = await snapshot();

        const res = await t.post(
          'customers',
          { company: `Forbidden ${unique()}`, primaryContact: contact() },
          { token: await viewer.token() },
        );

        expectProblem(res, 403, 'FORBIDDEN');
        expect(await snapshot()).toEqual(before);
        expectProblem(await t.post('customers', { company: `Anonymous ${unique()}` }), 401, 'UNAUTHORIZED');
        expect(await snapshot()).toEqual(before);
      });

      it('assigns a creator without customers.view as the admin of the new customer', async () => {
        const owner = await make.staff({ permissions: ['customers.create', 'customers.view_own'] });
        const ownerToken = await owner.token();

        const res = await t.post('customers', { company: `Owned ${unique()}` }, { token: ownerToken });

        expect(res.status).toBe(201);
        const id: string = res.body.id;
        const admins = await t.get(`customers/${id}/admins`, { token: ownerToken });
        expect(admins.status).toBe(200);
        expect(admins.body.data).toEqual([
          expect.objectContaining({
            staffId: owner.staff.id,
            email: owner.email,
            assignedAt: expect.stringMatching(ISO_TIMESTAMP),
          }),
        ]);
        expect(admins.body.meta.total).toBe(1);

        const fetched = await t.get(`customers/${id}`, { token: ownerToken });
        expect(fetched.status).toBe(200);
        expect(fetched.body.id).toBe(id);
        expect(idsOf(await t.get('customers?pageSize=100', { token: ownerToken }))).toEqual([id]);
      });

      it('does not assign a creator holding customers.view', async () => {
        const res = await t.post('customers', { company: `Unassigned ${unique()}` }, { token: creatorToken });

        expect(res.status).toBe(201);
        expect(await adminRows().countBy({ customerId: res.body.id })).toBe(0);
        const admins = await t.get(`customers/${res.body.id}/admins`, { token: adminToken });
        expect(admins.status).toBe(200);
        expect(admins.body.data).toEqual([]);
        expect(admins.body.meta.total).toBe(0);
      });
    });
  });

  describe('POST customers/quick', () => {
    it('creates a customer from a company name alone', async () => {
      const company = `Quick Solo ${unique()}`;
      const res = await t.post('customers/quick', { company }, { token: adminToken });

      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        id: expect.stringMatching(UUID_V7),
        company,
        version: 1,
        shippingAddress: null,
        currency: null,
        primaryContact: null,
        createdBy: adminId,
      });
      expect(await customerRows().findOneBy({ id: res.body.id })).toMatchObject({ company });
      expect(await contactRows().countBy({ customerId: res.body.id })).toBe(0);
    });

    it('creates a customer with its primary contact', async () => {
      const password = 'a-long-enough-password';
      const primaryContact = contact({ password });
      const res = await t.post(
        'customers/quick',
        { company: `Quick Duo ${unique()}`, primaryContact },
        { token: adminToken },
      );

      expect(res.status).toBe(201);
      expect(res.body.primaryContact).toEqual({
        id: expect.stringMatching(UUID_V7),
        email: primaryContact.email,
        permissions: ['invoices', 'estimates', 'support'],
      });
      const [stored] = await contactRows().findBy({ customerId: res.body.id });
      expect(stored).toMatchObject({ id: res.body.primaryContact.id, isPrimary: true, email: primaryContact.email });
      expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
      expect(res.text).not.toContain(password);
    });

    it('rejects any field beyond company and primaryContact, storing nothing', async () => {
      const before = await snapshot();
      for (const [extra, field] of [
        [{ vat: 'DE123' }, 'vat'],
        [{ portalPermissions: ['invoices'] }, 'portalPermissions'],
        [{ currency: 'EUR' }, 'currency'],
      ] as Array<[Record<string, unknown>, string]>) {
        const res = await t.post(
          'customers/quick',
          { company: `Quick Extra ${unique()}`, ...extra },
          { token: adminToken },
        );
        expectProblem(res, 400, 'VALIDATION_FAILED');
        expect(res.body.errors).toEqual([expect.objectContaining({ field, code: 'unknownProperty' })]);
      }
      const empty = await t.post('customers/quick', { company: '' }, { token: adminToken });
      expectProblem(empty, 400, 'VALIDATION_FAILED');
      expect(errorFields(empty)).toEqual(['company']);
      expect(await snapshot()).toEqual(before);
    });

    it('answers 403 without customers.create', async () => {
      const viewer = await make.staff({ permissions: ['customers.view', 'customers.edit'] });
      const before = await snapshot();
      const res = await t.post('customers/quick', { company: `Quick No ${unique()}` }, { token: await viewer.token() });
      expectProblem(res, 403, 'FORBIDDEN');
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('PATCH customers/{id}', () => {
    let editor: GivenStaff;
    let editorToken: string;

    beforeAll(async () => {
      editor = await make.staff({ permissions: ['customers.view', 'customers.edit'] });
      editorToken = await editor.token();
    });

    const create = async (body: Record<string, unknown>) => {
      const res = await t.post('customers', body, { token: adminToken });
      expect(res.status).toBe(201);
      return res.body as { id: string } & Record<string, any>;
    };

    it('changes fields, bumps the version and replaces the groups ([] clears them)', async () => {
      const [g1, g2, g3] = [await make.group(), await make.group(), await make.group()];
      const created = await create({
        company: `Before Edit ${unique()}`,
        phone: '+33 1 23',
        address: { city: 'Paris', country: 'FR' },
        groupIds: [g1.id, g2.id],
      });
      const company = `After Edit ${unique()}`;

      const res = await patch(
        `customers/${created.id}`,
        {
          company,
          vat: 'FR 12 345',
          phone: '+33 9 87',
          website: 'https://after.example.test',
          language: 'fr',
          address: { street: 'Rue Neuve 2', city: 'Lyon', country: 'FR' },
          groupIds: [g2.id, g3.id],
        },
        editorToken,
      );

      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: created.id,
        company,
        vat: 'FR 12 345',
        phone: '+33 9 87',
        website: 'https://after.example.test',
        language: 'fr',
        address: { ...NO_ADDRESS, street: 'Rue Neuve 2', city: 'Lyon', country: 'FR' },
        version: 2,
        createdAt: created.createdAt,
        createdBy: adminId,
      });
      expect(sorted(res.body.groupIds)).toEqual(sorted([g2.id, g3.id]));
      expect(await customerRows().findOneBy({ id: created.id })).toMatchObject({
        company,
        vat: 'FR 12 345',
        language: 'fr',
        version: 2,
      });
      expect(sorted((await memberRows().findBy({ customerId: created.id })).map((m) => m.groupId))).toEqual(
        sorted([g2.id, g3.id]),
      );
      const fetched = await t.get(`customers/${created.id}`, { token: editorToken });
      expect(fetched.body).toMatchObject({ company, version: 2 });
      expect(sorted(fetched.body.groupIds)).toEqual(sorted([g2.id, g3.id]));

      const cleared = await patch(`customers/${created.id}`, { groupIds: [] }, editorToken);
      expect(cleared.status).toBe(200);
      expect(cleared.body.groupIds).toEqual([]);
      expect(cleared.body.version).toBe(3);
      expect(cleared.body.company).toBe(company);
      expect(await memberRows().countBy({ customerId: created.id })).toBe(0);

      // search follows the new name
      const found = await t.get(`customers?q=${encodeURIComponent(company)}`, { token: adminToken });
      expect(idsOf(found)).toEqual([created.id]);
    });

    it('hides a deactivated customer from the default list, shown with active=all', async () => {
      const tag = `deact${unique()}`;
      const created = await create({ company: `Sleeping ${tag}` });
      expect(idsOf(await t.get(`customers?q=${tag}`, { token: adminToken }))).toEqual([created.id]);

      const res = await patch(`customers/${created.id}`, { active: false }, editorToken);

      expect(res.status).toBe(200);
      expect(res.body.active).toBe(false);
      expect((await customerRows().findOneBy({ id: created.id }))?.active).toBe(false);
      const hidden = await t.get(`customers?q=${tag}`, { token: adminToken });
      expect(hidden.status).toBe(200);
      expect(hidden.body.data).toEqual([]);
      expect(hidden.body.meta.total).toBe(0);
      expect(idsOf(await t.get(`customers?q=${tag}&active=all`, { token: adminToken }))).toEqual([created.id]);
      expect(idsOf(await t.get(`customers?q=${tag}&active=false`, { token: adminToken }))).toEqual([created.id]);
    });

    it('removes the shipping address with shippingAddress: null', async () => {
      const shipping = { street: 'Dock 4', city: 'Hamburg', state: null, zip: '20457', country: 'DE' };
      const created = await create({ company: `Shipper ${unique()}`, shippingAddress: shipping });
      expect(created.shippingAddress).toEqual(shipping);

      const res = await patch(`customers/${created.id}`, { shippingAddress: null }, editorToken);

      expect(res.status).toBe(200);
      expect(res.body.shippingAddress).toBeNull();
      expect((await customerRows().findOneBy({ id: created.id }))?.hasShippingAddress).toBe(false);
      expect((await t.get(`customers/${created.id}`, { token: editorToken })).body.shippingAddress).toBeNull();
    });

    it('changes the currency while the customer has no transactions', async () => {
      const customer = await make.customer({ company: `Free Currency ${unique()}`, currency: 'USD' });

      const res = await patch(`customers/${customer.id}`, { currency: 'EUR' }, editorToken);

      expect(res.status).toBe(200);
      expect(res.body.currency).toBe('EUR');
      expect((await customerRows().findOneBy({ id: customer.id }))?.currency).toBe('EUR');
    });

    it('answers 409 CUSTOMER_CURRENCY_LOCKED once the customer has transactions, changing nothing', async () => {
      const company = `Locked Currency ${unique()}`;
      const customer = await make.customer({ company, currency: 'USD', transactionCount: 2 });

      const res = await patch(
        `customers/${customer.id}`,
        { currency: 'EUR', company: `${company} Renamed` },
        editorToken,
      );

      expectProblem(res, 409, 'CUSTOMER_CURRENCY_LOCKED');
      expect(await customerRows().findOneBy({ id: customer.id })).toMatchObject({
        currency: 'USD',
        company,
        version: 1,
      });

      const toDefault = await patch(`customers/${customer.id}`, { currency: null }, editorToken);
      expectProblem(toDefault, 409, 'CUSTOMER_CURRENCY_LOCKED');
      expect((await customerRows().findOneBy({ id: customer.id }))?.currency).toBe('USD');

      // other fields stay editable
      const other = await patch(`customers/${customer.id}`, { phone: '+1 555 0199' }, editorToken);
      expect(other.status).toBe(200);
      expect(other.body).toMatchObject({ currency: 'USD', phone: '+1 555 0199', transactionCount: 2 });
    });

    it('validates the body like create: 400 and nothing changed', async () => {
      const company = `Validated Edit ${unique()}`;
      const customer = await make.customer({ company, currency: 'USD' });
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ company: '' }, 'company'],
        [{ company: null }, 'company'],
        [{ active: null }, 'active'],
        [{ currency: 'JPY' }, 'currency'],
        [{ groupIds: [UNKNOWN_UUID] }, 'groupIds'],
        [{ nickname: 'x' }, 'nickname'],
        [{ address: { country: 'Germany' } }, 'address.country'],
      ];
      const answers = [];
      for (const [body] of cases) {
        const res = await patch(`customers/${customer.id}`, body, editorToken);
        answers.push({
          body,
          status: res.status,
          code: res.body?.code,
          fields: res.body?.errors ? errorFields(res) : [],
        });
      }
      expect(answers).toEqual(
        cases.map(([body, field]) => ({ body, status: 400, code: 'VALIDATION_FAILED', fields: [field] })),
      );
      expect(await customerRows().findOneBy({ id: customer.id })).toMatchObject({
        company,
        currency: 'USD',
        active: true,
        version: 1,
      });
    });

    it('answers 403 without customers.edit, changing nothing', async () => {
      const company = `Not Editable ${unique()}`;
      const customer = await make.customer({ company });
      const viewer = await make.staff({ permissions: ['customers.view', 'customers.create', 'customers.delete'] });

      const res = await patch(`customers/${customer.id}`, { company: 'Hijacked' }, await viewer.token());

      expectProblem(res, 403, 'FORBIDDEN');
      expect(await customerRows().findOneBy({ id: customer.id })).toMatchObject({ company, version: 1 });
    });

    it('answers 404 for an unknown id and 400 for a non-UUID id', async () => {
      expectProblem(await patch(`customers/${UNKNOWN_UUID}`, { company: 'Ghost' }, editorToken), 404, 'NOT_FOUND');
      const bad = await patch('customers/42', { company: 'Ghost' }, editorToken);
      expectProblem(bad, 400, 'VALIDATION_FAILED');
      expect(errorFields(bad)).toEqual(['id']);
    });
  });

  describe('DELETE customers/{id}', () => {
    it('deletes a customer with its contacts, group memberships, admin assignments and search terms', async () => {
      const owner = await make.staff({ permissions: ['customers.create', 'customers.view_own'] });
      const [g1, g2] = [await make.group(), await make.group()];
      const primaryContact = contact();
      const created = await t.post(
        'customers',
        { company: `Doomed ${unique()}`, groupIds: [g1.id, g2.id], primaryContact },
        { token: await owner.token() },
      );
      expect(created.status).toBe(201);
      const id: string = created.body.id;
      expect(await contactRows().countBy({ customerId: id })).toBe(1);
      expect(await memberRows().countBy({ customerId: id })).toBe(2);
      expect(await adminRows().countBy({ customerId: id })).toBe(1);
      expect(await termRows().countBy({ customerId: id })).toBeGreaterThan(0);

      const res = await del(`customers/${id}`, adminToken);

      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expect(await customerRows().findOneBy({ id })).toBeNull();
      expect(await contactRows().countBy({ customerId: id })).toBe(0);
      expect(await memberRows().countBy({ customerId: id })).toBe(0);
      expect(await adminRows().countBy({ customerId: id })).toBe(0);
      expect(await termRows().countBy({ customerId: id })).toBe(0);
      // the groups themselves stay
      expect(await t.dataSource.getRepository(CustomerGroup).countBy({ id: g1.id })).toBe(1);
      expectProblem(await t.get(`customers/${id}`, { token: adminToken }), 404, 'NOT_FOUND');

      // the contact's email is free again
      const reuse = await t.post('customers', { company: `Reborn ${unique()}`, primaryContact }, { token: adminToken });
      expect(reuse.status).toBe(201);
    });

    it('refuses a customer with transactions: 409 CUSTOMER_HAS_TRANSACTIONS, customer kept', async () => {
      const group = await make.group();
      const customer = await make.customer({
        company: `Busy ${unique()}`,
        transactionCount: 2,
        groupIds: [group.id],
        admins: [adminId],
      });

      const res = await del(`customers/${customer.id}`, adminToken);

      expectProblem(res, 409, 'CUSTOMER_HAS_TRANSACTIONS');
      expect(await customerRows().findOneBy({ id: customer.id })).toMatchObject({
        id: customer.id,
        transactionCount: 2,
      });
      expect(await memberRows().countBy({ customerId: customer.id })).toBe(1);
      expect(await adminRows().countBy({ customerId: customer.id })).toBe(1);
      expect((await t.get(`customers/${customer.id}`, { token: adminToken })).status).toBe(200);
    });

    it('answers 404 for an unknown id and 400 for a non-UUID id', async () => {
      const before = await snapshot();
      expectProblem(await del(`customers/${UNKNOWN_UUID}`, adminToken), 404, 'NOT_FOUND');
      const bad = await del('customers/not-a-uuid', adminToken);
      expectProblem(bad, 400, 'VALIDATION_FAILED');
      expect(errorFields(bad)).toEqual(['id']);
      expect(await snapshot()).toEqual(before);
    });

    it('answers 403 without customers.delete', async () => {
      const customer = await make.customer({ company: `Survivor ${unique()}` });
      const editor = await make.staff({ permissions: ['customers.view', 'customers.edit', 'customers.create'] });

      expectProblem(await del(`customers/${customer.id}`, await editor.token()), 403, 'FORBIDDEN');
      expect(await customerRows().countBy({ id: customer.id })).toBe(1);
    });
  });

  describe('GET customers', () => {
    const tag = `lst${unique()}`;
    let gA: CustomerGroup;
    let gB: CustomerGroup;
    let alpha: Customer;
    let bravo: Customer;
    let charlie: Customer;
    let delta: Customer;
    let echo: Customer;

    beforeAll(async () => {
      gA = await make.group();
      gB = await make.group();
      // created in an order that differs from the alphabetical one
      charlie = await make.customer({ company: `charlie ${tag}`, country: 'DE' });
      alpha = await make.customer({ company: `Alpha ${tag}`, country: 'DE', currency: 'EUR', groupIds: [gA.id] });
      echo = await make.customer({ company: `Echo ${tag}`, country: 'US', currency: 'EUR', groupIds: [gB.id] });
      bravo = await make.customer({
        company: `Bravo ${tag}`,
        country: 'FR',
        currency: 'USD',
        groupIds: [gA.id, gB.id],
      });
      delta = await make.customer({ company: `Delta ${tag}`, country: 'DE', currency: 'EUR', active: false });
    });

    it('answers a page of active customers with data and meta', async () => {
      const res = await t.get('customers', { token: adminToken });

      expect(res.status).toBe(200);
      const total = await customerRows().countBy({ active: true });
      expect(res.body.meta).toEqual({ page: 1, pageSize: 25, total });
      expect(res.body.data).toHaveLength(Math.min(total, 25));
      expect(Object.keys(res.body.data[0]).sort()).toEqual(CUSTOMER_KEYS);
      expect(res.body.data.every((c: { active: boolean }) => c.active === true)).toBe(true);
    });

    it('pages with pageSize and page, sorted by company', async () => {
      const first = await t.get(`customers?q=${tag}&pageSize=2&sort=company`, { token: adminToken });
      expect(first.status).toBe(200);
      expect(first.body.meta).toEqual({ page: 1, pageSize: 2, total: 4 });
      expect(orderedIdsOf(first)).toEqual([alpha.id, bravo.id]);

      const second = await t.get(`customers?q=${tag}&pageSize=2&page=2&sort=company`, { token: adminToken });
      expect(second.body.meta).toEqual({ page: 2, pageSize: 2, total: 4 });
      // sorted case-insensitively: "charlie" between Bravo and Echo
      expect(orderedIdsOf(second)).toEqual([charlie.id, echo.id]);

      const third = await t.get(`customers?q=${tag}&pageSize=2&page=3&sort=company`, { token: adminToken });
      expect(third.body.meta).toEqual({ page: 3, pageSize: 2, total: 4 });
      expect(third.body.data).toEqual([]);
    });

    it('sorts by -createdAt and -company', async () => {
      const newest = await t.get(`customers?q=${tag}&sort=-createdAt`, { token: adminToken });
      expect(newest.status).toBe(200);
      expect(orderedIdsOf(newest)).toEqual([bravo.id, echo.id, alpha.id, charlie.id]);

      const byCompanyDesc = await t.get(`customers?q=${tag}&sort=-company`, { token: adminToken });
      expect(orderedIdsOf(byCompanyDesc)).toEqual([echo.id, charlie.id, bravo.id, alpha.id]);

      const byCompany = await t.get(`customers?q=${tag}&sort=company`, { token: adminToken });
      expect(orderedIdsOf(byCompany)).toEqual([alpha.id, bravo.id, charlie.id, echo.id]);
    });

    it('rejects an unknown sort field and a pageSize over 100 with 400', async () => {
      const sort = await t.get('customers?sort=vatKey', { token: adminToken });
      expectProblem(sort, 400, 'VALIDATION_FAILED');
      expect(errorFields(sort)).toEqual(['sort']);

      const size = await t.get('customers?pageSize=101', { token: adminToken });
      expectProblem(size, 400, 'VALIDATION_FAILED');
      expect(errorFields(size)).toEqual(['pageSize']);

      expect((await t.get('customers?pageSize=100', { token: adminToken })).status).toBe(200);

      for (const [query, field] of [
        ['active=maybe', 'active'],
        ['groupId=42', 'groupId'],
        ['currency=eur', 'currency'],
        ['country=Germany', 'country'],
        ['format=xml', 'format'],
      ]) {
        const res = await t.get(`customers?${query}`, { token: adminToken });
        expectProblem(res, 400, 'VALIDATION_FAILED');
        expect(errorFields(res)).toEqual([field]);
      }
    });

    it('filters by group, currency, country and active', async () => {
      const byGroup = await t.get(`customers?groupId=${gA.id}`, { token: adminToken });
      expect(byGroup.status).toBe(200);
      expect(idsOf(byGroup)).toEqual(sorted([alpha.id, bravo.id]));
      expect(byGroup.body.meta.total).toBe(2);
      expect(idsOf(await t.get(`customers?groupId=${gB.id}`, { token: adminToken }))).toEqual(
        sorted([bravo.id, echo.id]),
      );

      const eur = await t.get(`customers?q=${tag}&currency=EUR`, { token: adminToken });
      expect(idsOf(eur)).toEqual(sorted([alpha.id, echo.id]));
      expect(eur.body.meta.total).toBe(2);
      const eurAll = await t.get(`customers?q=${tag}&currency=EUR&active=all`, { token: adminToken });
      expect(idsOf(eurAll)).toEqual(sorted([alpha.id, delta.id, echo.id]));

      const de = await t.get(`customers?q=${tag}&country=DE`, { token: adminToken });
      expect(idsOf(de)).toEqual(sorted([alpha.id, charlie.id]));
      const fr = await t.get(`customers?q=${tag}&country=FR`, { token: adminToken });
      expect(idsOf(fr)).toEqual([bravo.id]);

      const inactive = await t.get(`customers?q=${tag}&active=false`, { token: adminToken });
      expect(idsOf(inactive)).toEqual([delta.id]);
      expect(inactive.body.meta.total).toBe(1);

      const all = await t.get(`customers?q=${tag}&active=all`, { token: adminToken });
      expect(idsOf(all)).toEqual(sorted([alpha.id, bravo.id, charlie.id, delta.id, echo.id]));
      expect(all.body.meta.total).toBe(5);

      const active = await t.get(`customers?q=${tag}&active=true`, { token: adminToken });
      expect(idsOf(active)).toEqual(sorted([alpha.id, bravo.id, charlie.id, echo.id]));

      const everyInactive = await t.get('customers?active=false&pageSize=100', { token: adminToken });
      expect(everyInactive.body.meta.total).toBe(await customerRows().countBy({ active: false }));
      expect(everyInactive.body.data.every((c: { active: boolean }) => c.active === false)).toBe(true);
    });

    it('answers the groups of every customer in the page', async () => {
      const res = await t.get('customers?active=all&pageSize=100', { token: adminToken });
      expect(res.status).toBe(200);
      const page = res.body.data as Array<{ id: string; groupIds: string[] }>;
      expect(page.map((c) => c.id)).toEqual(expect.arrayContaining([alpha.id, bravo.id, echo.id]));
      const members = await memberRows().find();
      for (const customer of page) {
        const expected = sorted(members.filter((m) => m.customerId === customer.id).map((m) => m.groupId));
        expect({ id: customer.id, groupIds: sorted(customer.groupIds) }).toEqual({
          id: customer.id,
          groupIds: expected,
        });
      }
      expect(sorted(page.find((c) => c.id === bravo.id)!.groupIds)).toEqual(sorted([gA.id, gB.id]));
      expect(page.find((c) => c.id === charlie.id)!.groupIds).toEqual([]);
    });

    describe('search', () => {
      let mueller: Customer;
      let phoneCustomer: Customer;
      let vatCustomer: Customer;
      let nordlicht: string;

      beforeAll(async () => {
        mueller = await make.customer({ company: 'Müller & Söhne GmbH' });
        phoneCustomer = await make.customer({ company: `Telefonbau ${tag}`, phone: '+49 30 1234567' });
        vatCustomer = await make.customer({ company: `Steuerfall ${tag}`, vat: 'ATU 9876 5432' });
        const res = await t.post(
          'customers',
          {
            company: 'Nordlicht Handel KG',
            primaryContact: { firstName: 'Anna', lastName: 'Bergström', email: 'anna.berg@example.test' },
          },
          { token: adminToken },
        );
        expect(res.status).toBe(201);
        nordlicht = res.body.id;
      });

      const search = async (q: string) => {
        const res = await t.get(`customers?q=${encodeURIComponent(q)}&pageSize=100`, { token: adminToken });
        expect(res.status).toBe(200);
        expect(res.body.meta.total).toBe(res.body.data.length);
        return idsOf(res);
      };

      it('matches company words by prefix, ignoring case and accents', async () => {
        for (const q of ['müller', 'MULLER', 'SÖHNE', 'söh', 'gmbh', 'Müller & Söhne GmbH']) {
          expect({ q, ids: await search(q) }).toEqual({ q, ids: [mueller.id] });
        }
        for (const q of ['ller', 'hne', 'mbh']) {
          expect({ q, ids: await search(q) }).toEqual({ q, ids: [] });
        }
      });

      it('matches VAT numbers and phone digits', async () => {
        expect(await search('ATU98765432')).toEqual([vatCustomer.id]);
        expect(await search('atu9876')).toEqual([vatCustomer.id]);
        expect(await search('4930')).toEqual([phoneCustomer.id]);
        expect(await search('+49 30 123')).toEqual([phoneCustomer.id]);
        expect(await search('30123')).toEqual([]);
      });

      it("matches the primary contact's names and email", async () => {
        expect(await search('anna')).toEqual([nordlicht]);
        expect(await search('BERGSTRÖM')).toEqual([nordlicht]);
        expect(await search('bergstrom')).toEqual([nordlicht]);
        expect(await search('anna.berg@example.test')).toEqual([nordlicht]);
        expect(await search('Anna.Berg@Example')).toEqual([nordlicht]);
        expect(await search('anna.berg@')).toEqual([nordlicht]);
      });

      it('finds words and digits ending in "z" or "9" on every engine', async () => {
        const schulz = await make.customer({ company: 'Schulz Bau', phone: '+49 221 999' });
        const queries = ['schul', 'schulz', 'SCHULZ bau', '4922199', '49221999'];
        const answers = [];
        for (const q of queries) answers.push({ q, ids: await search(q) });
        expect(answers).toEqual(queries.map((q) => ({ q, ids: [schulz.id] })));
      });

      it('ANDs several words, across fields', async () => {
        expect(await search('müller gmbh')).toEqual([mueller.id]);
        expect(await search('nordlicht anna')).toEqual([nordlicht]);
        expect(await search(`alpha ${tag}`)).toEqual([alpha.id]);
        expect(await search('müller nordlicht')).toEqual([]);
        expect(await search('müller anna')).toEqual([]);
      });

      it('treats SQL and LIKE characters as text: 200 and no false matches', async () => {
        const queries = ['%', '_', '%%', '\\', "' OR 1=1 --", "'; DROP TABLE customers; --"];
        const answers = [];
        for (const q of queries) {
          const res = await t.get(`customers?q=${encodeURIComponent(q)}&active=all`, { token: adminToken });
          answers.push({ q, status: res.status, total: res.body.meta?.total, returned: res.body.data?.length });
        }
        expect(answers).toEqual(queries.map((q) => ({ q, status: 200, total: 0, returned: 0 })));
        expect(await customerRows().count()).toBeGreaterThan(0);
      });
    });
  });

  describe('GET customers?format=csv', () => {
    const tag = `csv${unique()}`;
    let comma: Customer;
    let formula: Customer;
    let plain: Customer;
    let sleeper: Customer;

    beforeAll(async () => {
      comma = await make.customer({ company: `Comma, "Quoted" ${tag} Ltd`, country: 'GB' });
      formula = await make.customer({ company: `=1+2 ${tag}`, vat: '@SUM(A1)' });
      plain = await make.customer({ company: `Plain ${tag}`, currency: 'EUR' });
      sleeper = await make.customer({ company: `Sleeper ${tag}`, active: false });
    });

    it('streams a header then one line per matching active customer, escaped and neutralised', async () => {
      const res = await t.get(`customers?format=csv&q=${tag}`, { token: adminToken });

      const { header, lines, rows } = csvOf(res);
      expect(header.slice(0, 2)).toEqual(['id', 'company']);
      expect(header).toEqual(expect.arrayContaining(['vat', 'currency', 'groupIds', 'active']));
      expect(rows).toHaveLength(3);
      rows.forEach((row) => expect(row).toHaveLength(header.length));
      const companyOf = new Map(rows.map((row) => [row[0], row[header.indexOf('company')]]));
      expect(sorted([...companyOf.keys()])).toEqual(sorted([comma.id, formula.id, plain.id]));

      expect(companyOf.get(comma.id)).toBe(`Comma, "Quoted" ${tag} Ltd`);
      expect(lines.find((line) => line.startsWith(comma.id))).toContain(`,"Comma, ""Quoted"" ${tag} Ltd",`);

      expect(companyOf.get(formula.id)).toBe(`'=1+2 ${tag}`);
      const formulaRow = rows.find((row) => row[0] === formula.id)!;
      expect(formulaRow[header.indexOf('vat')]).toBe(`'@SUM(A1)`);
      for (const row of rows) {
        for (const field of row) expect(field).not.toMatch(/^[=+\-@]/);
      }

      const plainRow = rows.find((row) => row[0] === plain.id)!;
      expect(plainRow[header.indexOf('company')]).toBe(`Plain ${tag}`);
      expect(plainRow[header.indexOf('currency')]).toBe('EUR');
    });

    it('applies the active filter', async () => {
      const all = csvOf(await t.get(`customers?format=csv&q=${tag}&active=all`, { token: adminToken }));
      expect(sorted(all.rows.map((row) => row[0]))).toEqual(sorted([comma.id, formula.id, plain.id, sleeper.id]));

      const inactive = csvOf(await t.get(`customers?format=csv&q=${tag}&active=false`, { token: adminToken }));
      expect(inactive.rows.map((row) => row[0])).toEqual([sleeper.id]);

      const none = csvOf(await t.get(`customers?format=csv&q=${tag}&currency=USD`, { token: adminToken }));
      expect(none.rows).toEqual([]);
      expect(none.header.slice(0, 2)).toEqual(['id', 'company']);
    });
  });

  describe('translation', () => {
    it('answers validation errors in German with Accept-Language: de', async () => {
      const body = { company: 'x'.repeat(192), website: 'not a url' };
      const en = await t.request('POST', 'customers', {
        body,
        token: adminToken,
        headers: { 'accept-language': 'en' },
      });
      const de = await t.request('POST', 'customers', {
        body,
        token: adminToken,
        headers: { 'accept-language': 'de-DE,de;q=0.9,en;q=0.5' },
      });

      expectProblem(en, 400, 'VALIDATION_FAILED');
      expectProblem(de, 400, 'VALIDATION_FAILED');
      expect(de.headers.get('content-language')).toBe('de');
      expect(de.body.detail).toContain('Die Anfrage ist ungültig');
      const message = (res: ApiResponse, field: string) =>
        (res.body.errors as Array<{ field: string; message: string }>).find((e) => e.field === field)?.message;
      expect(message(de, 'company')).toBe('company darf höchstens 191 Zeichen lang sein');
      expect(message(de, 'website')).toBe('website hat ein ungültiges Format');
      expect(message(en, 'company')).not.toBe(message(de, 'company'));
      expect(en.body.detail).not.toBe(de.body.detail);
    });
  });
});
