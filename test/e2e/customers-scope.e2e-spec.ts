import { randomBytes } from 'node:crypto';
import { Customer } from '../../src/customers/customer.entity';
import { CustomerAdmin } from '../../src/customers/customer-links.entity';
import { Given, GivenStaff, given } from '../factories/given';
import { ApiResponse, TestApp, startTestApp } from '../helpers/test-app';
import { expectProblem } from '../helpers/problems';

const UNKNOWN_UUID = '0190a8f0-0000-7000-8000-000000000000';
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** A problem body without what legitimately differs per request (its path and request id). */
function problemShape(res: ApiResponse): Record<string, unknown> {
  const { instance: _instance, requestId: _requestId, ...rest } = res.body as Record<string, unknown>;
  return rest;
}

/** "Hidden" must be indistinguishable from "does not exist": same status, code and body. */
function expectSameAsMissing(hidden: ApiResponse, missing: ApiResponse) {
  expectProblem(hidden, 404, 'NOT_FOUND');
  expectProblem(missing, 404, 'NOT_FOUND');
  expect(Object.keys(hidden.body).sort()).toEqual(Object.keys(missing.body).sort());
  expect(problemShape(hidden)).toEqual(problemShape(missing));
}

const idsOf = (res: ApiResponse): string[] => (res.body.data as Array<{ id: string }>).map((c) => c.id).sort();
const orderedIdsOf = (res: ApiResponse): string[] => (res.body.data as Array<{ id: string }>).map((c) => c.id);
const idSet = (...customers: Array<{ id: string }>): string[] => customers.map((c) => c.id).sort();

/** The ids of a CSV export: header line first, then one line per customer, id first. */
function csvIds(res: ApiResponse): { header: string; ids: string[] } {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/csv');
  const lines = res.text.split('\r\n').filter((line) => line !== '');
  expect(lines.length).toBeGreaterThan(0);
  const [header, ...rows] = lines;
  return { header, ids: rows.map((row) => row.split(',')[0]).sort() };
}

const unique = () => randomBytes(4).toString('hex');

describe('customer scope: a customer admin sees exactly their customers', () => {
  let t: TestApp;
  let make: Given;
  let customers: Given;

  let staffA: GivenStaff;
  let staffB: GivenStaff;
  let staffV: GivenStaff;
  let admin: GivenStaff;
  let tokenA: string;
  let tokenB: string;
  let tokenV: string;
  let tokenAdmin: string;

  let north: string;
  let south: string;

  // Assigned to A only.
  let a1: Customer; // active, DE, EUR, north, "Acme", phone +49 30 ...
  let a2: Customer; // active, FR, USD, south, "Acme"
  let a3: Customer; // active, DE, no currency, north + south
  let a4: Customer; // inactive, DE, EUR, north, "Acme"
  let a5: Customer; // inactive, FR
  // Assigned to A and B.
  let ab1: Customer; // active, DE, EUR, north, "Acme"
  let ab2: Customer; // inactive, US, USD
  // Assigned to B only.
  let b1: Customer; // active, DE, EUR, north, "Acme", phone +49 301 ...
  let b2: Customer; // inactive, DE, EUR, north
  // Assigned to nobody.
  let n1: Customer; // active, DE, EUR, north, "Acme", phone +49 30 ...
  let n2: Customer; // inactive, DE, EUR, north, "Acme"
  let n3: Customer; // active, FR, USD, south

  let activeOfA: string[];

  const list = (token: string, query: Record<string, string> = {}) => {
    const search = new URLSearchParams(query).toString();
    return t.get(search ? `customers?${search}` : 'customers', { token });
  };
  const patch = (path: string, body: unknown, token: string) => t.request('PATCH', path, { body, token });
  const del = (path: string, token: string) => t.request('DELETE', path, { token });
  const allCustomerIds = async (where: { active?: boolean } = {}) =>
    (await t.dataSource.getRepository(Customer).find({ where, select: { id: true } })).map((c) => c.id).sort();

  beforeAll(async () => {
    t = await startTestApp();
    make = given(t);
    customers = given(t);

    staffA = await make.staff({
      firstName: 'Alice',
      lastName: 'Owner',
      permissions: ['customers.view_own', 'customers.edit', 'customers.delete', 'customers.create'],
    });
    staffB = await make.staff({ firstName: 'Bruno', lastName: 'Second', permissions: ['customers.view_own'] });
    staffV = await make.staff({ firstName: 'Vera', lastName: 'Viewer', permissions: ['customers.view'] });
    admin = await make.admin();
    [tokenA, tokenB, tokenV, tokenAdmin] = await Promise.all([
      staffA.token(),
      staffB.token(),
      staffV.token(),
      admin.token(),
    ]);

    north = (await customers.group('North')).id;
    south = (await customers.group('South')).id;
    const A = staffA.staff.id;
    const B = staffB.staff.id;

    a1 = await customers.customer({
      company: 'Acme Alpha Trading',
      vat: 'DE111111111',
      phone: '+49 30 1234567',
      country: 'DE',
      currency: 'EUR',
      groupIds: [north],
      admins: [A],
    });
    a2 = await customers.customer({
      company: 'Acme Beta Logistics',
      phone: '+33 1 5550001',
      country: 'FR',
      currency: 'USD',
      groupIds: [south],
      admins: [A],
    });
    a3 = await customers.customer({ company: 'Gamma Widgets', country: 'DE', groupIds: [north, south], admins: [A] });
    a4 = await customers.customer({
      company: 'Acme Dormant',
      country: 'DE',
      currency: 'EUR',
      active: false,
      groupIds: [north],
      admins: [A],
    });
    a5 = await customers.customer({ company: 'Delta Inactive', country: 'FR', active: false, admins: [A] });
    ab1 = await customers.customer({
      company: 'Acme Shared Holdings',
      country: 'DE',
      currency: 'EUR',
      groupIds: [north],
      admins: [A, B],
    });
    ab2 = await customers.customer({
      company: 'Epsilon Shared',
      country: 'US',
      currency: 'USD',
      active: false,
      admins: [B, A],
    });
    b1 = await customers.customer({
      company: 'Acme Bravo',
      phone: '+49 301 111',
      country: 'DE',
      currency: 'EUR',
      groupIds: [north],
      admins: [B],
    });
    b2 = await customers.customer({
      company: 'Zulu Bravo',
      country: 'DE',
      currency: 'EUR',
      active: false,
      groupIds: [north],
      admins: [B],
    });
    n1 = await customers.customer({
      company: 'Acme Orphan',
      vat: 'DE999999999',
      phone: '+49 30 7654321',
      country: 'DE',
      currency: 'EUR',
      groupIds: [north],
    });
    n2 = await customers.customer({
      company: 'Acme Orphan Inactive',
      country: 'DE',
      currency: 'EUR',
      active: false,
      groupIds: [north],
    });
    n3 = await customers.customer({ company: 'Omega Unassigned', country: 'FR', currency: 'USD', groupIds: [south] });

    activeOfA = idSet(a1, a2, a3, ab1);
  });
  afterAll(() => t.close());

  describe('GET customers as a customer admin (view_own)', () => {
    it('lists exactly their active customers, and counts only those', async () => {
      const res = await list(tokenA);

      expect(res.status).toBe(200);
      expect(idsOf(res)).toEqual(activeOfA);
      expect(res.body.meta).toEqual({ page: 1, pageSize: 25, total: 4 });
      // the global total is larger: the count above is A's, not everyone's
      expect((await allCustomerIds({ active: true })).length).toBe(7);
    });

    it('lists exactly the other admin their own (shared ones included)', async () => {
      const res = await list(tokenB, { active: 'all' });

      expect(res.status).toBe(200);
      expect(idsOf(res)).toEqual(idSet(ab1, ab2, b1, b2));
      expect(res.body.meta.total).toBe(4);
    });

    it.each([
      ['groupId=north', () => ({ groupId: north }), () => idSet(a1, a3, ab1)],
      ['groupId=south', () => ({ groupId: south }), () => idSet(a2, a3)],
      ['currency=EUR', () => ({ currency: 'EUR' }), () => idSet(a1, ab1)],
      ['currency=USD', () => ({ currency: 'USD' }), () => idSet(a2)],
      ['country=DE', () => ({ country: 'DE' }), () => idSet(a1, a3, ab1)],
      ['country=FR', () => ({ country: 'FR' }), () => idSet(a2)],
      ['active=false', () => ({ active: 'false' }), () => idSet(a4, a5, ab2)],
      ['active=all', () => ({ active: 'all' }), () => idSet(a1, a2, a3, a4, a5, ab1, ab2)],
      ['active=all&groupId=north', () => ({ active: 'all', groupId: north }), () => idSet(a1, a3, a4, ab1)],
      ['q=acme (also matches foreign customers)', () => ({ q: 'acme' }), () => idSet(a1, a2, ab1)],
      ['q=acme&active=all', () => ({ q: 'acme', active: 'all' }), () => idSet(a1, a2, a4, ab1)],
      ['q=ACME orph (a foreign name only)', () => ({ q: 'ACME orph', active: 'all' }), () => []],
      ['q=bravo (foreign only)', () => ({ q: 'bravo', active: 'all' }), () => []],
      ['q by phone prefix shared with foreign customers', () => ({ q: '+49 30' }), () => idSet(a1)],
      ['q by VAT of a foreign customer', () => ({ q: 'DE999999999', active: 'all' }), () => []],
      ['q by own VAT', () => ({ q: 'de111' }), () => idSet(a1)],
      ['q=acme&country=DE&currency=EUR', () => ({ q: 'acme', country: 'DE', currency: 'EUR' }), () => idSet(a1, ab1)],
      ['assignedToMe=true', () => ({ assignedToMe: 'true' }), () => idSet(a1, a2, a3, ab1)],
      ['assignedToMe=true&active=false', () => ({ assignedToMe: 'true', active: 'false' }), () => idSet(a4, a5, ab2)],
    ])('filters within their own customers: %s', async (_label, query, expected) => {
      const res = await list(tokenA, query());

      expect(res.status).toBe(200);
      expect(idsOf(res)).toEqual(expected());
      expect(res.body.meta.total).toBe(expected().length);
    });

    it('shows the same filters a viewer would, minus foreign customers (the filters do match others)', async () => {
      // Without this, an empty foreign share would make the filter checks above vacuous.
      const cases: Array<[Record<string, string>, string[]]> = [
        [{ groupId: north }, idSet(a1, a3, ab1, b1, n1)],
        [{ currency: 'EUR' }, idSet(a1, ab1, b1, n1)],
        [{ country: 'DE' }, idSet(a1, a3, ab1, b1, n1)],
        [{ active: 'false' }, idSet(a4, a5, ab2, b2, n2)],
        [{ q: 'acme' }, idSet(a1, a2, ab1, b1, n1)],
        [{ q: '+49 30' }, idSet(a1, b1, n1)],
      ];
      for (const [query, expected] of cases) {
        const res = await list(tokenV, query);
        expect(res.status).toBe(200);
        expect(idsOf(res)).toEqual(expected);
      }
    });

    it('sorts only their customers, both ways', async () => {
      const ascending = await list(tokenA, { sort: 'company' });
      const descending = await list(tokenA, { sort: '-company' });

      expect(ascending.status).toBe(200);
      // "Acme Bravo" (B's) and "Acme Orphan" (nobody's) would sort in between if they leaked
      expect(orderedIdsOf(ascending)).toEqual([a1.id, a2.id, ab1.id, a3.id]);
      expect(ascending.body.meta.total).toBe(4);
      expect(descending.status).toBe(200);
      expect(orderedIdsOf(descending)).toEqual([a3.id, ab1.id, a2.id, a1.id]);
      expect(descending.body.meta.total).toBe(4);

      const byCreation = await list(tokenA, { sort: '-createdAt', active: 'all' });
      expect(byCreation.status).toBe(200);
      expect(idsOf(byCreation)).toEqual(idSet(a1, a2, a3, a4, a5, ab1, ab2));
      expect(byCreation.body.meta.total).toBe(7);
    });

    it('pages through their customers only, the total staying theirs', async () => {
      const second = await list(tokenA, { page: '2', pageSize: '1', sort: 'company' });
      expect(second.status).toBe(200);
      expect(orderedIdsOf(second)).toEqual([a2.id]);
      expect(second.body.meta).toEqual({ page: 2, pageSize: 1, total: 4 });

      const seen: string[] = [];
      for (let page = 1; page <= 4; page += 1) {
        const res = await list(tokenA, { page: String(page), pageSize: '1' });
        expect(res.status).toBe(200);
        expect(res.body.data).toHaveLength(1);
        expect(activeOfA).toContain(res.body.data[0].id);
        expect(res.body.meta).toEqual({ page, pageSize: 1, total: 4 });
        seen.push(res.body.data[0].id);
      }
      expect([...seen].sort()).toEqual(activeOfA);

      const beyond = await list(tokenA, { page: '5', pageSize: '1' });
      expect(beyond.status).toBe(200);
      expect(beyond.body.data).toEqual([]);
      expect(beyond.body.meta.total).toBe(4);

      const pairs = await list(tokenA, { page: '2', pageSize: '3', active: 'all', q: 'acme' });
      expect(pairs.status).toBe(200);
      expect(pairs.body.data).toHaveLength(1);
      expect(idSet(a1, a2, a4, ab1)).toContain(pairs.body.data[0].id);
      expect(pairs.body.meta).toEqual({ page: 2, pageSize: 3, total: 4 });
    });

    it.each([
      ['no filter', () => ({}), () => idSet(a1, a2, a3, ab1)],
      ['active=all', () => ({ active: 'all' }), () => idSet(a1, a2, a3, a4, a5, ab1, ab2)],
      ['q=acme', () => ({ q: 'acme' }), () => idSet(a1, a2, ab1)],
      ['groupId=north&currency=EUR', () => ({ groupId: north, currency: 'EUR' }), () => idSet(a1, ab1)],
      ['active=all&country=DE', () => ({ active: 'all', country: 'DE' }), () => idSet(a1, a3, a4, ab1)],
      ['assignedToMe=true&active=false', () => ({ assignedToMe: 'true', active: 'false' }), () => idSet(a4, a5, ab2)],
    ])('exports as CSV exactly their matching customers: %s', async (_label, query, expected) => {
      const res = await list(tokenA, { ...query(), format: 'csv' });

      const { header, ids } = csvIds(res);
      expect(header.split(',').slice(0, 2)).toEqual(['id', 'company']);
      expect(ids).toEqual(expected());
      for (const foreign of [b1, b2, n1, n2, n3]) expect(res.text).not.toContain(foreign.id);
      expect(res.text).not.toContain('Acme Bravo');
      expect(res.text).not.toContain('Acme Orphan');
    });
  });

  describe('GET customers with global view', () => {
    it('shows a viewer and an administrator every customer', async () => {
      for (const token of [tokenV, tokenAdmin]) {
        const everything = await list(token, { active: 'all', pageSize: '100' });
        expect(everything.status).toBe(200);
        expect(idsOf(everything)).toEqual(await allCustomerIds());
        expect(everything.body.meta.total).toBe((await allCustomerIds()).length);

        const active = await list(token, { pageSize: '100' });
        expect(active.status).toBe(200);
        expect(idsOf(active)).toEqual(await allCustomerIds({ active: true }));
        expect(idsOf(active)).toEqual(expect.arrayContaining([b1.id, n1.id, n3.id]));

        const { ids } = csvIds(await list(token, { active: 'all', format: 'csv' }));
        expect(ids).toEqual(await allCustomerIds());
      }
    });

    it('narrows a viewer to their assignments with assignedToMe=true, at once after an assignment', async () => {
      const before = await list(tokenV, { assignedToMe: 'true', active: 'all' });
      expect(before.status).toBe(200);
      expect(before.body.data).toEqual([]);
      expect(before.body.meta.total).toBe(0);

      const assigned = await t.post(`customers/${n3.id}/admins`, { staffId: staffV.staff.id }, { token: tokenAdmin });
      expect(assigned.status).toBe(201);

      const mine = await list(tokenV, { assignedToMe: 'true' });
      expect(mine.status).toBe(200);
      expect(idsOf(mine)).toEqual([n3.id]);
      expect(mine.body.meta.total).toBe(1);
      expect(csvIds(await list(tokenV, { assignedToMe: 'true', format: 'csv' })).ids).toEqual([n3.id]);

      // without the filter, still everything
      const all = await list(tokenV, { assignedToMe: 'false', active: 'all', pageSize: '100' });
      expect(idsOf(all)).toEqual(await allCustomerIds());
    });
  });

  describe('GET customers/{id}', () => {
    it('answers 200 for an assigned customer, active or not', async () => {
      for (const customer of [a1, ab1, a4, ab2]) {
        const res = await t.get(`customers/${customer.id}`, { token: tokenA });
        expect(res.status).toBe(200);
        expect(res.body.id).toBe(customer.id);
        expect(res.body.company).toBe(customer.company);
      }
    });

    it('answers 404 for an unassigned customer, exactly as for one that does not exist', async () => {
      const missing = await t.get(`customers/${UNKNOWN_UUID}`, { token: tokenA });
      for (const hidden of [b1, b2, n1, n2, n3]) {
        const res = await t.get(`customers/${hidden.id}`, { token: tokenA });
        expectSameAsMissing(res, missing);
        expect(res.text).not.toContain(hidden.company);
      }
      // the same customers exist for someone who may see them
      expect((await t.get(`customers/${n1.id}`, { token: tokenV })).status).toBe(200);
      expect((await t.get(`customers/${b1.id}`, { token: tokenB })).status).toBe(200);
    });
  });

  describe('PATCH and DELETE customers/{id}', () => {
    it('refuses to change an unassigned customer with 404, changing nothing', async () => {
      const foreign = await customers.customer({ company: `Foreign Patch ${unique()}`, admins: [staffB.staff.id] });
      const missing = await patch(`customers/${UNKNOWN_UUID}`, { company: 'Hijacked' }, tokenA);

      for (const target of [foreign, n1]) {
        const res = await patch(`customers/${target.id}`, { company: 'Hijacked', active: false }, tokenA);
        expectSameAsMissing(res, missing);

        const after = await t.get(`customers/${target.id}`, { token: tokenAdmin });
        expect(after.status).toBe(200);
        expect(after.body.company).toBe(target.company);
        expect(after.body.active).toBe(true);
        expect(after.body.version).toBe(1);
      }
    });

    it('changes an assigned customer', async () => {
      const own = await customers.customer({ company: `Own Patch ${unique()}`, admins: [staffA.staff.id] });

      const res = await patch(`customers/${own.id}`, { company: 'Renamed By Owner', phone: '+1 555 0100' }, tokenA);

      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: own.id, company: 'Renamed By Owner', phone: '+1 555 0100', version: 2 });
      const after = await t.get(`customers/${own.id}`, { token: tokenAdmin });
      expect(after.body.company).toBe('Renamed By Owner');
    });

    it('refuses to delete an unassigned customer with 404, deleting nothing', async () => {
      const foreign = await customers.customer({ company: `Foreign Delete ${unique()}`, admins: [staffB.staff.id] });
      const orphan = await customers.customer({ company: `Orphan Delete ${unique()}` });
      const missing = await del(`customers/${UNKNOWN_UUID}`, tokenA);

      for (const target of [foreign, orphan]) {
        const res = await del(`customers/${target.id}`, tokenA);
        expectSameAsMissing(res, missing);
        const after = await t.get(`customers/${target.id}`, { token: tokenAdmin });
        expect(after.status).toBe(200);
        expect(after.body.id).toBe(target.id);
      }
      const stillAssigned = await t.dataSource
        .getRepository(CustomerAdmin)
        .countBy({ customerId: foreign.id, staffId: staffB.staff.id });
      expect(stillAssigned).toBe(1);
      expect((await t.get(`customers/${foreign.id}`, { token: tokenB })).status).toBe(200);
    });

    it('deletes an assigned customer', async () => {
      const own = await customers.customer({ company: `Own Delete ${unique()}`, admins: [staffA.staff.id] });

      const res = await del(`customers/${own.id}`, tokenA);

      expect(res.status).toBe(204);
      expectProblem(await t.get(`customers/${own.id}`, { token: tokenAdmin }), 404, 'NOT_FOUND');
      expect(await t.dataSource.getRepository(CustomerAdmin).countBy({ customerId: own.id })).toBe(0);
    });
  });

  describe('customers/{id}/admins', () => {
    it('answers 404 on an unassigned customer for GET, POST and DELETE, changing nothing', async () => {
      const foreign = await customers.customer({ company: `Foreign Admins ${unique()}`, admins: [staffB.staff.id] });
      const missingGet = await t.get(`customers/${UNKNOWN_UUID}/admins`, { token: tokenA });
      const missingPost = await t.post(
        `customers/${UNKNOWN_UUID}/admins`,
        { staffId: staffA.staff.id },
        { token: tokenA },
      );
      const missingDelete = await del(`customers/${UNKNOWN_UUID}/admins/${staffB.staff.id}`, tokenA);

      for (const target of [foreign, n1]) {
        expectSameAsMissing(await t.get(`customers/${target.id}/admins`, { token: tokenA }), missingGet);
        // assigning themselves would be a way in: refused like any other
        expectSameAsMissing(
          await t.post(`customers/${target.id}/admins`, { staffId: staffA.staff.id }, { token: tokenA }),
          missingPost,
        );
        expectProblem(await t.get(`customers/${target.id}`, { token: tokenA }), 404, 'NOT_FOUND');
      }
      expectSameAsMissing(await del(`customers/${foreign.id}/admins/${staffB.staff.id}`, tokenA), missingDelete);

      const admins = await t.get(`customers/${foreign.id}/admins`, { token: tokenAdmin });
      expect(admins.status).toBe(200);
      expect(admins.body.data.map((a: { staffId: string }) => a.staffId)).toEqual([staffB.staff.id]);
      const orphanAdmins = await t.get(`customers/${n1.id}/admins`, { token: tokenAdmin });
      expect(orphanAdmins.body.data).toEqual([]);
      expect((await t.get(`customers/${foreign.id}`, { token: tokenB })).status).toBe(200);
    });

    it('lists, assigns and unassigns on an assigned customer, taking effect at once', async () => {
      const own = await customers.customer({ company: `Own Admins ${unique()}`, admins: [staffA.staff.id] });
      const path = `customers/${own.id}/admins`;

      const listed = await t.get(path, { token: tokenA });
      expect(listed.status).toBe(200);
      expect(listed.body.data).toEqual([
        {
          staffId: staffA.staff.id,
          email: staffA.email,
          firstName: 'Alice',
          lastName: 'Owner',
          assignedAt: expect.stringMatching(ISO_TIMESTAMP),
        },
      ]);

      // B cannot see it yet
      expectProblem(await t.get(`customers/${own.id}`, { token: tokenB }), 404, 'NOT_FOUND');

      const assigned = await t.post(path, { staffId: staffB.staff.id }, { token: tokenA });
      expect(assigned.status).toBe(201);
      expect(assigned.body).toEqual({
        staffId: staffB.staff.id,
        email: staffB.email,
        firstName: 'Bruno',
        lastName: 'Second',
        assignedAt: expect.stringMatching(ISO_TIMESTAMP),
      });

      // the same token of B, no new login: the assignment counts at once
      const seen = await t.get(`customers/${own.id}`, { token: tokenB });
      expect(seen.status).toBe(200);
      expect(seen.body.id).toBe(own.id);
      expect(idsOf(await list(tokenB, { active: 'all' }))).toContain(own.id);

      const again = await t.post(path, { staffId: staffB.staff.id }, { token: tokenA });
      expect(again.status).toBe(200);
      expect(again.body.staffId).toBe(staffB.staff.id);
      expect(again.body.assignedAt).toBe(assigned.body.assignedAt);
      const afterAgain = await t.get(path, { token: tokenA });
      expect(afterAgain.body.data.map((a: { staffId: string }) => a.staffId).sort()).toEqual(
        [staffA.staff.id, staffB.staff.id].sort(),
      );
      expect(
        await t.dataSource.getRepository(CustomerAdmin).countBy({ customerId: own.id, staffId: staffB.staff.id }),
      ).toBe(1);

      const removed = await del(`${path}/${staffB.staff.id}`, tokenA);
      expect(removed.status).toBe(204);
      expectProblem(await t.get(`customers/${own.id}`, { token: tokenB }), 404, 'NOT_FOUND');
      expect(idsOf(await list(tokenB, { active: 'all' }))).not.toContain(own.id);
      expectProblem(await t.get(path, { token: tokenB }), 404, 'NOT_FOUND');

      expectProblem(await del(`${path}/${staffB.staff.id}`, tokenA), 404, 'NOT_FOUND');
      const finalAdmins = await t.get(path, { token: tokenA });
      expect(finalAdmins.body.data.map((a: { staffId: string }) => a.staffId)).toEqual([staffA.staff.id]);
    });

    it('refuses an unknown or inactive staff member: 400 on staffId', async () => {
      const own = await customers.customer({ company: `Own Invalid ${unique()}`, admins: [staffA.staff.id] });
      const inactive = await make.staff({ permissions: ['customers.view_own'], active: false });

      for (const staffId of [UNKNOWN_UUID, inactive.staff.id]) {
        const res = await t.post(`customers/${own.id}/admins`, { staffId }, { token: tokenA });
        expectProblem(res, 400, 'VALIDATION_FAILED');
        expect(res.body.errors[0].field).toBe('staffId');
      }
      const admins = await t.get(`customers/${own.id}/admins`, { token: tokenA });
      expect(admins.body.data.map((a: { staffId: string }) => a.staffId)).toEqual([staffA.staff.id]);
    });

    it('loses access at once when unassigning themselves', async () => {
      const own = await customers.customer({ company: `Own Leave ${unique()}`, admins: [staffA.staff.id] });

      expect((await del(`customers/${own.id}/admins/${staffA.staff.id}`, tokenA)).status).toBe(204);

      expectProblem(await t.get(`customers/${own.id}`, { token: tokenA }), 404, 'NOT_FOUND');
      expect(idsOf(await list(tokenA, { active: 'all', pageSize: '100' }))).not.toContain(own.id);
    });
  });

  describe('creating customers without global view', () => {
    it('assigns a view_own creator automatically; unassigning hides the customer again', async () => {
      const creator = await make.staff({ permissions: ['customers.view_own', 'customers.create'] });
      const token = await creator.token();

      const created = await t.post('customers', { company: `Created By Own ${unique()}` }, { token });
      expect(created.status).toBe(201);
      const quick = await t.post('customers/quick', { company: `Quick By Own ${unique()}` }, { token });
      expect(quick.status).toBe(201);

      const mine = await list(token);
      expect(mine.status).toBe(200);
      expect(idsOf(mine)).toEqual([created.body.id, quick.body.id].sort());
      expect(mine.body.meta.total).toBe(2);
      expect((await t.get(`customers/${created.body.id}`, { token })).status).toBe(200);
      const admins = await t.get(`customers/${created.body.id}/admins`, { token: tokenAdmin });
      expect(admins.body.data.map((a: { staffId: string }) => a.staffId)).toEqual([creator.staff.id]);

      const unassigned = await del(`customers/${created.body.id}/admins/${creator.staff.id}`, tokenAdmin);
      expect(unassigned.status).toBe(204);

      const after = await list(token);
      expect(idsOf(after)).toEqual([quick.body.id]);
      expect(after.body.meta.total).toBe(1);
      expectProblem(await t.get(`customers/${created.body.id}`, { token }), 404, 'NOT_FOUND');
    });

    it('does not assign a creator who has global view', async () => {
      const creator = await make.staff({ permissions: ['customers.view', 'customers.create'] });
      const token = await creator.token();

      const created = await t.post('customers', { company: `Created By Viewer ${unique()}` }, { token });
      expect(created.status).toBe(201);

      const admins = await t.get(`customers/${created.body.id}/admins`, { token: tokenAdmin });
      expect(admins.body.data).toEqual([]);
      const mine = await list(token, { assignedToMe: 'true' });
      expect(mine.body.data).toEqual([]);
    });

    it('never names a hidden customer when a create collides with it', async () => {
      const res = await t.post(
        'customers',
        { company: 'Acme Orphan', vat: 'DE999999999', sendWelcomeEmail: false },
        { token: tokenA },
      );

      expect([201, 409]).toContain(res.status);
      expect(res.text).not.toContain(n1.id);
    });

    it('lets a create-only member create, but not list or read customers: 403', async () => {
      const creator = await make.staff({ permissions: ['customers.create'] });
      const token = await creator.token();

      const created = await t.post('customers', { company: `Created By Create Only ${unique()}` }, { token });
      expect(created.status).toBe(201);
      // assigned, as they lack global view
      const admins = await t.get(`customers/${created.body.id}/admins`, { token: tokenAdmin });
      expect(admins.body.data.map((a: { staffId: string }) => a.staffId)).toEqual([creator.staff.id]);

      expectProblem(await list(token), 403, 'FORBIDDEN');
      expectProblem(await list(token, { format: 'csv' }), 403, 'FORBIDDEN');
      expectProblem(await t.get(`customers/${created.body.id}`, { token }), 403, 'FORBIDDEN');
      expectProblem(await t.get(`customers/${n1.id}`, { token }), 403, 'FORBIDDEN');
      expectProblem(await t.get(`customers/${created.body.id}/admins`, { token }), 403, 'FORBIDDEN');
      // managing admins is open to creators, but without view_own they see no customer at all
      expectProblem(
        await t.post(`customers/${n1.id}/admins`, { staffId: creator.staff.id }, { token }),
        404,
        'NOT_FOUND',
      );
      expect((await t.get(`customers/${n1.id}/admins`, { token: tokenAdmin })).body.data).toEqual([]);
    });
  });

  describe('permission changes', () => {
    it('answers 403 on the very next request once view_own is removed', async () => {
      const member = await make.staff({ permissions: ['customers.view_own', 'customers.edit'] });
      const token = await member.token();
      const own = await customers.customer({ company: `Revoked ${unique()}`, admins: [member.staff.id] });

      const before = await list(token);
      expect(before.status).toBe(200);
      expect(idsOf(before)).toEqual([own.id]);

      const changed = await patch(`staff/${member.staff.id}`, { permissions: ['customers.edit'] }, tokenAdmin);
      expect(changed.status).toBe(200);
      expect(changed.body.permissions).toEqual(['customers.edit']);

      expectProblem(await list(token), 403, 'FORBIDDEN');
      expectProblem(await t.get(`customers/${own.id}`, { token }), 403, 'FORBIDDEN');
      // edit alone reaches no customer: the assignment no longer grants visibility
      expectSameAsMissing(
        await patch(`customers/${own.id}`, { company: 'Edited Blind' }, token),
        await patch(`customers/${UNKNOWN_UUID}`, { company: 'Edited Blind' }, token),
      );
      expect((await t.get(`customers/${own.id}`, { token: tokenAdmin })).body.company).toBe(own.company);
    });

    it('widens at once when customers.view is granted', async () => {
      const member = await make.staff({ permissions: ['customers.view_own'] });
      const token = await member.token();
      expectProblem(await t.get(`customers/${n1.id}`, { token }), 404, 'NOT_FOUND');

      const changed = await patch(`staff/${member.staff.id}`, { permissions: ['customers.view'] }, tokenAdmin);
      expect(changed.status).toBe(200);

      expect((await t.get(`customers/${n1.id}`, { token })).status).toBe(200);
      expect(idsOf(await list(token, { active: 'all', pageSize: '100' }))).toEqual(await allCustomerIds());
    });
  });
});
