import { Customer } from '../../src/customers/customer.entity';
import { Given, startAsAdmin } from '../factories/given';
import { TestApp } from '../helpers/test-app';

describe('customer integrity: duplicates and optimistic concurrency', () => {
  let t: TestApp;
  let make: Given;
  let admin: string;

  beforeAll(async () => ({ t, make, admin } = await startAsAdmin()));
  afterAll(() => t.close());

  const count = () => t.dataSource.getRepository(Customer).count();

  describe('duplicates', () => {
    it('catches the same VAT number written differently, and names the existing customer', async () => {
      const existing = await make.customer({ company: 'Vat Holder AG', vat: 'DE 811 907 980' });
      const before = await count();
      const res = await t.post('customers', { company: 'Another Name', vat: 'de811907980' }, { token: admin });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('CUSTOMER_DUPLICATE');
      expect(res.body.matchedOn).toEqual(['vat']);
      expect(res.body.duplicates).toEqual([{ id: existing.id, company: 'Vat Holder AG', matchedOn: ['vat'] }]);
      expect(await count()).toBe(before);
    });

    it('catches company name variants: case, accents, punctuation and spacing', async () => {
      const existing = await make.customer({ company: 'Müller & Söhne GmbH' });
      for (const company of ['müller  &  söhne gmbh', 'MULLER SOHNE GMBH', 'Müller-Söhne, GmbH.']) {
        const res = await t.post('customers', { company }, { token: admin });
        expect(`${company}: ${res.status} ${res.body.code}`).toBe(`${company}: 409 CUSTOMER_DUPLICATE`);
        expect(res.body.duplicates.map((d: { id: string }) => d.id)).toEqual([existing.id]);
      }
      const different = await t.post('customers', { company: 'Müller & Töchter GmbH' }, { token: admin });
      expect(different.status).toBe(201);
    });

    it('catches a new contact whose email exists, case-insensitively', async () => {
      const first = await t.post(
        'customers',
        {
          company: 'Email Owner Ltd',
          primaryContact: { firstName: 'Ann', lastName: 'Lee', email: 'ann.lee@owner.test' },
        },
        { token: admin },
      );
      expect(first.status).toBe(201);
      const res = await t.post(
        'customers',
        {
          company: 'Unrelated Ltd',
          primaryContact: { firstName: 'Ann', lastName: 'Lee', email: 'ANN.LEE@owner.test' },
        },
        { token: admin },
      );
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('CUSTOMER_DUPLICATE');
      expect(res.body.duplicates).toEqual([
        { id: first.body.id, company: 'Email Owner Ltd', matchedOn: ['contactEmail'] },
      ]);
    });

    it('creates despite a duplicate name or VAT with force: true', async () => {
      await make.customer({ company: 'Forced Twin Inc', vat: 'FR123' });
      const before = await count();
      const res = await t.post(
        'customers',
        { company: 'forced twin inc.', vat: 'fr 123', force: true },
        { token: admin },
      );
      expect(res.status).toBe(201);
      expect(await count()).toBe(before + 1);
      const quick = await t.post('customers/quick', { company: 'Forced Twin Inc' }, { token: admin });
      expect(quick.body.code).toBe('CUSTOMER_DUPLICATE');
      expect(
        (await t.post('customers/quick', { company: 'Forced Twin Inc', force: true }, { token: admin })).status,
      ).toBe(201);
    });

    it('names the existing customer only to staff who may see it', async () => {
      const creator = await make.staff({ permissions: ['customers.create', 'customers.view_own'] });
      const token = await creator.token();
      const hidden = await make.customer({ company: 'Hidden Twin SA', vat: 'ES-B123' });
      const mine = await make.customer({ company: 'Mine Twin SA', admins: [creator.staff.id] });

      const onHidden = await t.post('customers', { company: 'Hidden Twin SA' }, { token });
      expect(onHidden.status).toBe(409);
      expect(onHidden.body.code).toBe('CUSTOMER_DUPLICATE');
      expect(onHidden.body.duplicates).toEqual([]);
      expect(onHidden.text).not.toContain(hidden.id);

      const onMine = await t.post('customers', { company: 'Mine Twin SA' }, { token });
      expect(onMine.body.duplicates).toEqual([{ id: mine.id, company: 'Mine Twin SA', matchedOn: ['company'] }]);
    });
  });

  describe('search terms', () => {
    it('follow a renamed company and a changed phone, and stay when other fields change', async () => {
      const customer = await make.customer({ company: 'Oldname Trading', phone: '+44 20 7946 0000' });
      const ids = async (q: string) =>
        (await t.get(`customers?q=${encodeURIComponent(q)}`, { token: admin })).body.data.map(
          (c: { id: string }) => c.id,
        );
      await t.request('PATCH', `customers/${customer.id}`, { body: { website: 'https://example.org' }, token: admin });
      expect(await ids('oldname')).toEqual([customer.id]);
      await t.request('PATCH', `customers/${customer.id}`, {
        body: { company: 'Newname Trading', phone: '+44 20 7946 1111' },
        token: admin,
      });
      expect(await ids('oldname')).toEqual([]);
      expect(await ids('newname')).toEqual([customer.id]);
      expect(await ids('+44 20 7946 1111')).toEqual([customer.id]);
      expect(await ids('+44 20 7946 0000')).toEqual([]);
    });
  });

  describe('retried creates', () => {
    it('create one customer for one Idempotency-Key, answering the retry with the first answer', async () => {
      const before = await count();
      const body = {
        company: 'Retried Create Ltd',
        primaryContact: { firstName: 'Rita', lastName: 'Retry', email: 'rita@retry.test' },
      };
      const headers = { 'idempotency-key': 'create-retried-ltd-1' };
      const first = await t.post('customers', body, { token: admin, headers });
      const retry = await t.post('customers', body, { token: admin, headers });
      expect(first.status).toBe(201);
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.get('idempotency-replayed')).toBe('true');
      expect(await count()).toBe(before + 1);
      const other = await t.post('customers', { ...body, company: 'Other Body Ltd' }, { token: admin, headers });
      expect(other.status).toBe(422);
      expect(await count()).toBe(before + 1);
    });
  });

  describe('optimistic concurrency', () => {
    it('sends the version as ETag and accepts a matching If-Match', async () => {
      const customer = await make.customer({ company: 'Etag Corp' });
      const read = await t.get(`customers/${customer.id}`, { token: admin });
      expect(read.headers.get('etag')).toBe('"1"');
      const res = await t.request('PATCH', `customers/${customer.id}`, {
        body: { phone: '+41 44 000 00 00' },
        token: admin,
        headers: { 'if-match': read.headers.get('etag')! },
      });
      expect(res.status).toBe(200);
      expect(res.body.version).toBe(2);
      expect(res.headers.get('etag')).toBe('"2"');
    });

    it('answers a stale If-Match with 412 and changes nothing', async () => {
      const customer = await make.customer({ company: 'Stale Corp' });
      const first = await t.request('PATCH', `customers/${customer.id}`, {
        body: { website: 'https://first.example' },
        token: admin,
        headers: { 'if-match': '"1"' },
      });
      expect(first.status).toBe(200);
      const stale = await t.request('PATCH', `customers/${customer.id}`, {
        body: { website: 'https://second.example' },
        token: admin,
        headers: { 'if-match': '"1"' },
      });
      expect(stale.status).toBe(412);
      expect(stale.body.code).toBe('STALE_VERSION');
      expect(stale.body.currentVersion).toBe(2);
      const stored = await t.dataSource.getRepository(Customer).findOneByOrFail({ id: customer.id });
      expect({ website: stored.website, version: stored.version }).toEqual({
        website: 'https://first.example',
        version: 2,
      });
    });

    it('applies an update without If-Match', async () => {
      const customer = await make.customer({ company: 'No Precondition Corp' });
      await t.request('PATCH', `customers/${customer.id}`, { body: { vat: 'X1' }, token: admin });
      const res = await t.request('PATCH', `customers/${customer.id}`, { body: { vat: 'X2' }, token: admin });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ vat: 'X2', version: 3 });
    });

    it('lets exactly one of two concurrent updates from the same version win', async () => {
      const customer = await make.customer({ company: 'Race Corp' });
      const update = (website: string) =>
        t.request('PATCH', `customers/${customer.id}`, {
          body: { website },
          token: admin,
          headers: { 'if-match': '"1"' },
        });
      const results = await Promise.all([update('https://a.example'), update('https://b.example')]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
      const winner = results.find((r) => r.status === 200)!;
      const stored = await t.dataSource.getRepository(Customer).findOneByOrFail({ id: customer.id });
      expect({ website: stored.website, version: stored.version }).toEqual({
        website: winner.body.website,
        version: 2,
      });
    });

    it('applies every one of many concurrent updates without If-Match, each answering its own new version', async () => {
      const customer = await make.customer({ company: 'Crowd Corp' });
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          t.request('PATCH', `customers/${customer.id}`, { body: { phone: `+44 20 7946 000${i}` }, token: admin }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
      expect(results.map((r) => r.body.version).sort()).toEqual([2, 3, 4, 5, 6, 7]);
      const stored = await t.dataSource.getRepository(Customer).findOneByOrFail({ id: customer.id });
      const last = results.find((r) => r.body.version === 7)!;
      expect({ phone: stored.phone, version: stored.version }).toEqual({ phone: last.body.phone, version: 7 });
    });

    it('refuses a delete with a stale If-Match, and deletes with the current one', async () => {
      const customer = await make.customer({ company: 'Delete Precondition Corp' });
      await t.request('PATCH', `customers/${customer.id}`, { body: { vat: 'D1' }, token: admin });
      const stale = await t.request('DELETE', `customers/${customer.id}`, {
        token: admin,
        headers: { 'if-match': '"1"' },
      });
      expect(stale.status).toBe(412);
      expect(await t.dataSource.getRepository(Customer).existsBy({ id: customer.id })).toBe(true);
      const current = await t.request('DELETE', `customers/${customer.id}`, {
        token: admin,
        headers: { 'if-match': '"2"' },
      });
      expect(current.status).toBe(204);
    });

    it('answers a malformed If-Match with 400', async () => {
      const customer = await make.customer({ company: 'Malformed Precondition Corp' });
      const res = await t.request('PATCH', `customers/${customer.id}`, {
        body: { vat: 'M1' },
        token: admin,
        headers: { 'if-match': 'yesterday' },
      });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe('If-Match');
    });
  });
});
