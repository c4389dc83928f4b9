import { Given, startAsAdmin } from '../factories/given';
import { errorFields, expectProblem } from '../helpers/problems';
import { TestApp } from '../helpers/test-app';

/** Every list takes exactly the parameters it supports: anything else is a 400 that names it. */
describe('list queries', () => {
  let t: TestApp;
  let make: Given;
  let admin: string;
  let customerId: string;

  beforeAll(async () => {
    const start = await startAsAdmin();
    ({ t, make, admin } = start);
    customerId = (await make.customer({ admins: [start.adminId] })).id;
    await t.post(`customers/${customerId}/notes`, { text: 'A note' }, { token: admin });
  });
  afterAll(() => t.close());

  const lists = () => ({
    customers: 'customers',
    'customer groups': 'customer-groups',
    currencies: 'currencies',
    'exchange rates': 'currencies/EUR/rates',
    staff: 'staff',
    roles: 'roles',
    notes: `customers/${customerId}/notes`,
    activity: `customers/${customerId}/activity`,
    'customer admins': `customers/${customerId}/admins`,
    contacts: `customers/${customerId}/contacts`,
  });
  const sorted = ['customers', 'customer groups', 'currencies', 'exchange rates', 'staff', 'roles', 'contacts'];
  const searched = ['customers', 'customer groups', 'currencies', 'staff', 'roles', 'contacts'];
  const names = Object.keys(lists());

  it.each(names)('%s: pages, and refuses an unknown parameter', async (name) => {
    const path = lists()[name as keyof ReturnType<typeof lists>];
    const ok = await t.get(`${path}?page=1&pageSize=5`, { token: admin });
    expect(ok.status).toBe(200);
    expect(ok.body.meta).toMatchObject({ page: 1, pageSize: 5 });

    const bogus = await t.get(`${path}?bogus=1`, { token: admin });
    expectProblem(bogus, 400, 'VALIDATION_FAILED');
    expect(errorFields(bogus)).toEqual(['bogus']);
  });

  it.each(names)('%s: an unknown sort is a 400 naming `sort`', async (name) => {
    const path = lists()[name as keyof ReturnType<typeof lists>];
    const res = await t.get(`${path}?sort=bogus`, { token: admin });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(errorFields(res)).toEqual(['sort']);
  });

  it.each(searched)(
    '%s: searches any text, the last code points and emoji included, without an error',
    async (name) => {
      const path = lists()[name as keyof ReturnType<typeof lists>];
      for (const q of ['\u{10FFFF}', 'a\u{10FFFF}', 'x\uD7FF', '😀 z', '%_!', "'; --"]) {
        const res = await t.get(`${path}?q=${encodeURIComponent(q)}`, { token: admin });
        expect([res.status, q]).toEqual([200, q]);
      }
    },
  );

  it.each(names.filter((n) => !searched.includes(n)))('%s: does not search, so `q` is a 400', async (name) => {
    const path = lists()[name as keyof ReturnType<typeof lists>];
    const res = await t.get(`${path}?q=x`, { token: admin });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(errorFields(res)).toEqual(['q']);
  });

  it.each(['health', 'auth/me', 'permissions', 'languages', 'customers/{customer}', 'currencies/EUR'])(
    'GET %s: reads no query, so any parameter is a 400 naming it',
    async (route) => {
      const res = await t.get(`${route.replace('{customer}', customerId)}?page=1&bogus=x`, { token: admin });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(errorFields(res)).toEqual(['bogus', 'page']);
      expect((await t.get(route.replace('{customer}', customerId), { token: admin })).status).toBe(200);
    },
  );

  it('notes and activity refuse sort and search together, naming both', async () => {
    const res = await t.get(`customers/${customerId}/activity?sort=bogus&q=x`, { token: admin });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(errorFields(res)).toEqual(['q', 'sort']);
  });

  it('every list that sorts documents its sort values, and accepts each of them', async () => {
    const doc = (await t.get('/docs-json')).body;
    const sortValues = (path: string) => {
      const template = `/api/v1/${path.replace(customerId, '{id}').replace('EUR', '{code}')}`;
      const sort = doc.paths[template].get.parameters.find((p: { name: string }) => p.name === 'sort');
      return sort?.schema.enum as string[] | undefined;
    };
    for (const name of names) {
      const path = lists()[name as keyof ReturnType<typeof lists>];
      const values = sortValues(path);
      if (!sorted.includes(name)) {
        expect(`${name}: ${values}`).toBe(`${name}: undefined`);
        continue;
      }
      expect(values?.length).toBeGreaterThan(1);
      for (const sort of values ?? []) {
        const res = await t.get(`${path}?sort=${encodeURIComponent(sort)}`, { token: admin });
        expect(`${name} ${sort}: ${res.status}`).toBe(`${name} ${sort}: 200`);
      }
    }
  });

  it('customer admins: the total counts every admin, and pages walk them in assignment order', async () => {
    const customer = await make.customer();
    const staff = [];
    for (let i = 0; i < 3; i++) {
      const member = await make.staff({ permissions: ['customers.view_own'] });
      const res = await t.post(`customers/${customer.id}/admins`, { staffId: member.staff.id }, { token: admin });
      expect(res.status).toBe(201);
      staff.push(member.staff.id);
    }
    const first = await t.get(`customers/${customer.id}/admins?pageSize=2`, { token: admin });
    expect(first.body.meta).toEqual({ page: 1, pageSize: 2, total: 3 });
    const second = await t.get(`customers/${customer.id}/admins?pageSize=2&page=2`, { token: admin });
    expect(second.body.meta).toEqual({ page: 2, pageSize: 2, total: 3 });
    const seen = [...first.body.data, ...second.body.data].map((a: { staffId: string }) => a.staffId);
    expect(seen).toEqual(staff);
  });
});
