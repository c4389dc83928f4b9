import { In } from 'typeorm';
import { DomainError, uuidv7 } from '@app/common';
import { CustomerGroupMember } from '../../src/groups/customer-group-member.entity';
import { Customer } from '../../src/customers/customer.entity';
import { CustomerGroup } from '../../src/groups/customer-group.entity';
import { GroupsService } from '../../src/groups/groups.service';
import type { Capability } from '../../src/permissions/capabilities';
import { given } from '../factories/given';
import { ApiResponse, TestApp, startTestApp } from '../helpers/test-app';
import { errorFields, expectProblem } from '../helpers/problems';

const UNKNOWN_UUID = '0190a8f0-0000-7000-8000-000000000000';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NO_ADDRESS = { street: null, city: null, state: null, zip: null, country: null };

const namesOf = (res: ApiResponse): string[] => (res.body.data as Array<{ name: string }>).map((g) => g.name);

describe('customer groups', () => {
  let t: TestApp;
  let editor: string;
  let viewer: string;

  beforeAll(async () => {
    t = await startTestApp();
    editor = await (await given(t).staff({ permissions: ['customers.view', 'customers.edit'] })).token();
    viewer = await (await given(t).staff({ permissions: ['customers.view'] })).token();
  });
  afterAll(() => t.close());

  const groups = () => t.dataSource.getRepository(CustomerGroup);
  const members = () => t.dataSource.getRepository(CustomerGroupMember);
  const patch = (id: string, body: unknown, token = editor) =>
    t.request('PATCH', `customer-groups/${id}`, { body, token });
  const del = (id: string, token: string) => t.request('DELETE', `customer-groups/${id}`, { token });
  const search = (q: string) => t.get(`customer-groups?q=${encodeURIComponent(q)}&pageSize=100`, { token: viewer });

  async function createGroup(name: string): Promise<{ id: string; name: string }> {
    const res = await t.post('customer-groups', { name }, { token: editor });
    expect(res.status).toBe(201);
    return res.body;
  }

  /** A customer row with every NOT NULL column filled, in the given groups. */
  async function customerIn(...groupIds: string[]): Promise<string> {
    const id = uuidv7();
    const now = new Date();
    await t.dataSource.getRepository(Customer).insert({
      id,
      company: `Member ${id}`,
      companyKey: `member ${id}`,
      vat: null,
      vatKey: null,
      phone: null,
      website: null,
      address: { ...NO_ADDRESS },
      billing: { ...NO_ADDRESS },
      hasShippingAddress: false,
      shipping: { ...NO_ADDRESS },
      currency: null,
      language: null,
      active: true,
      transactionCount: 0,
      version: 1,
      createdBy: null,
      createdAt: now,
      updatedAt: now,
    });
    for (const groupId of groupIds) await members().insert({ customerId: id, groupId });
    return id;
  }

  describe('names', () => {
    const awkward = [
      'Retail, EU',
      'He said "hi", she said \'no\'',
      '🚀 Rockets & Friends 👩‍👩‍👧',
      'Müller; Söhne <b>&amp;</b> 100% _real_',
      'back\\slash / forward',
      '中文客户',
    ];

    it('round-trip exactly, whatever characters they hold', async () => {
      for (const name of awkward) {
        const created = await createGroup(name);
        expect(created).toEqual({ id: expect.stringMatching(UUID), name });

        const fetched = await t.get(`customer-groups/${created.id}`, { token: viewer });
        expect(fetched.status).toBe(200);
        expect(fetched.body).toEqual({ id: created.id, name });
        expect(await groups().findOneBy({ id: created.id })).toMatchObject({ name, nameKey: name.toLowerCase() });
      }
      const listed = await t.get('customer-groups?pageSize=100', { token: viewer });
      expect(namesOf(listed)).toEqual(expect.arrayContaining(awkward));
    });

    it('are searchable by prefix, case-insensitively, with LIKE wildcards taken literally', async () => {
      expect(namesOf(await search('retail, e'))).toEqual(['Retail, EU']);
      expect(namesOf(await search('RETAIL,'))).toEqual(['Retail, EU']);
      expect(namesOf(await search('he said "hi"'))).toEqual(['He said "hi", she said \'no\'']);
      expect(namesOf(await search('🚀 rock'))).toEqual(['🚀 Rockets & Friends 👩‍👩‍👧']);
      expect(namesOf(await search('müller; söhne <b>&amp;</b> 100%'))).toEqual([
        'Müller; Söhne <b>&amp;</b> 100% _real_',
      ]);
      expect(namesOf(await search('back\\'))).toEqual(['back\\slash / forward']);
      expect(namesOf(await search('中文'))).toEqual(['中文客户']);
      expect(namesOf(await search('%'))).toEqual([]);
      expect(namesOf(await search('_'))).toEqual([]);
      expect(namesOf(await search('EU'))).toEqual([]);
    });

    it('are trimmed (white space only: a tab is a control character the document refuses)', async () => {
      const tabbed = await t.post('customer-groups', { name: 'Tabbed group\t' }, { token: editor });
      expect(tabbed.status).toBe(400);
      const created = await createGroup('   Padded group   ');
      expect(created.name).toBe('Padded group');
      expect(await groups().findOneBy({ id: created.id })).toMatchObject({
        name: 'Padded group',
        nameKey: 'padded group',
      });
    });

    it('accept 191 characters, counted as characters (emoji included)', async () => {
      const latin = 'L'.repeat(191);
      const emoji = '😀'.repeat(191);
      expect((await createGroup(latin)).name).toBe(latin);
      expect((await createGroup(emoji)).name).toBe(emoji);
      expect(await groups().findOneBy({ nameKey: emoji })).toMatchObject({ name: emoji });
    });

    it('are unique case-insensitively: 409 GROUP_NAME_TAKEN, on create and on rename', async () => {
      const wholesale = await createGroup('Wholesale');
      const before = await groups().count();

      for (const name of ['Wholesale', 'WHOLESALE', '  wholesale  ', 'retail, eu']) {
        expectProblem(await t.post('customer-groups', { name }, { token: editor }), 409, 'GROUP_NAME_TAKEN');
      }
      expect(await groups().count()).toBe(before);

      const other = await createGroup('Partners');
      expectProblem(await patch(other.id, { name: 'wholeSALE' }), 409, 'GROUP_NAME_TAKEN');
      expect(await groups().findOneBy({ id: other.id })).toMatchObject({ name: 'Partners' });

      const recased = await patch(wholesale.id, { name: 'WholeSale' });
      expect(recased.status).toBe(200);
      expect(recased.body).toEqual({ id: wholesale.id, name: 'WholeSale' });
      expect(await groups().findOneBy({ id: wholesale.id })).toMatchObject({ name: 'WholeSale', nameKey: 'wholesale' });
    });

    it('tell apart names that differ only in accents or emoji, on every engine', async () => {
      for (const name of ['Crème Brûlée Club', 'Creme Brulee Club', '🛸 Crew', '🛰 Crew']) {
        const res = await t.post('customer-groups', { name }, { token: editor });
        expect(`${name}: ${res.status}`).toBe(`${name}: 201`);
      }
      const ufos = await t.get(`customer-groups?q=${encodeURIComponent('🛸')}`, { token: editor });
      expect(namesOf(ufos)).toEqual(['🛸 Crew']);
    });

    it('keep exactly one of many creates racing for the same name', async () => {
      // Straight to the service: the HTTP layer's rate-limit bookkeeping would space the requests out.
      const service = t.app.get(GroupsService);
      for (let round = 1; round <= 5; round++) {
        const names = Array.from({ length: 8 }, (_, i) => (i % 2 ? `Racing ${round}` : `RACING ${round}`));
        const outcomes = await Promise.allSettled(names.map((name) => service.create({ name })));

        expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
        const refusals = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
        expect(refusals.map((error) => (error as DomainError).code)).toEqual(
          names.slice(1).map(() => 'GROUP_NAME_TAKEN'),
        );
        expect(await groups().countBy({ nameKey: `racing ${round}` })).toBe(1);
      }
    });

    it('reject empty, oversize, control characters, wrong types and unknown properties: 400, storing nothing', async () => {
      const before = await groups().count();
      const cases: Array<[Record<string, unknown>, string]> = [
        [{}, 'name'],
        [{ name: '' }, 'name'],
        [{ name: '   ' }, 'name'],
        [{ name: 'x'.repeat(192) }, 'name'],
        [{ name: '😀'.repeat(192) }, 'name'],
        // 100 hearts with variation selectors are 200 characters to the database
        [{ name: '❤️'.repeat(100) }, 'name'],
        [{ name: 'Bell\u0007group' }, 'name'],
        [{ name: 'Line\nbreak' }, 'name'],
        [{ name: 'Nul\u0000byte' }, 'name'],
        [{ name: 'Del\u007fete' }, 'name'],
        [{ name: 'Lone \ud800 surrogate' }, 'name'],
        [{ name: 12 }, 'name'],
        [{ name: null }, 'name'],
        [{ name: ['Retail'] }, 'name'],
        [{ name: 'Valid', colour: 'red' }, 'colour'],
      ];
      for (const [body, field] of cases) {
        const res = await t.post('customer-groups', body, { token: editor });
        expectProblem(res, 400, 'VALIDATION_FAILED');
        expect(errorFields(res)).toEqual([field]);
      }
      const target = await groups().findOneByOrFail({ nameKey: 'partners' });
      for (const [body, field] of cases) {
        const res = await patch(target.id, body);
        expectProblem(res, 400, 'VALIDATION_FAILED');
        expect(errorFields(res)).toEqual([field]);
      }
      expect(await groups().count()).toBe(before);
      expect(await groups().findOneBy({ id: target.id })).toEqual(target);
      expect(await groups().existsBy({ nameKey: 'valid' })).toBe(false);
    });
  });

  describe('GET customer-groups', () => {
    let token: string;

    beforeAll(async () => {
      token = viewer;
      for (const name of ['list-b', 'List-A', 'list-c']) await createGroup(name);
    });

    it('answers a page with data and meta, sorted by name case-insensitively', async () => {
      const res = await t.get('customer-groups?q=list-', { token });

      expect(res.status).toBe(200);
      expect(res.body.meta).toEqual({ page: 1, pageSize: 25, total: 3 });
      expect(Object.keys(res.body.data[0]).sort()).toEqual(['id', 'name']);
      expect(namesOf(res)).toEqual(['List-A', 'list-b', 'list-c']);
    });

    it('sorts by -name, createdAt and -createdAt, and pages', async () => {
      expect(namesOf(await t.get('customer-groups?q=list-&sort=-name', { token }))).toEqual([
        'list-c',
        'list-b',
        'List-A',
      ]);
      expect(namesOf(await t.get('customer-groups?q=list-&sort=createdAt', { token }))).toEqual([
        'list-b',
        'List-A',
        'list-c',
      ]);
      expect(namesOf(await t.get('customer-groups?q=list-&sort=-createdAt', { token }))).toEqual([
        'list-c',
        'List-A',
        'list-b',
      ]);
      const second = await t.get('customer-groups?q=list-&pageSize=2&page=2', { token });
      expect(namesOf(second)).toEqual(['list-c']);
      expect(second.body.meta).toEqual({ page: 2, pageSize: 2, total: 3 });
    });

    it('rejects an unknown sort field, a pageSize over 100 and unknown parameters with 400', async () => {
      const sort = await t.get('customer-groups?sort=nameKey', { token });
      expectProblem(sort, 400, 'VALIDATION_FAILED');
      expect(errorFields(sort)).toEqual(['sort']);
      const size = await t.get('customer-groups?pageSize=101', { token });
      expectProblem(size, 400, 'VALIDATION_FAILED');
      expect(errorFields(size)).toEqual(['pageSize']);
      const unknown = await t.get('customer-groups?colour=red', { token });
      expectProblem(unknown, 400, 'VALIDATION_FAILED');
      expect(errorFields(unknown)).toEqual(['colour']);
    });

    it('is open to customers.view, view_own, create or edit, and to nobody else', async () => {
      const group = await groups().findOneByOrFail({ nameKey: 'list-a' });
      const allowed: Capability[] = ['customers.view', 'customers.view_own', 'customers.create', 'customers.edit'];
      for (const capability of allowed) {
        const staffToken = await (await given(t).staff({ permissions: [capability] })).token();
        expect((await t.get('customer-groups', { token: staffToken })).status).toBe(200);
        expect((await t.get(`customer-groups/${group.id}`, { token: staffToken })).status).toBe(200);
      }
      const outsider = await (
        await given(t).staff({ permissions: ['customers.delete', 'invoices.view', 'settings.edit'] })
      ).token();
      expectProblem(await t.get('customer-groups', { token: outsider }), 403, 'FORBIDDEN');
      expectProblem(await t.get(`customer-groups/${group.id}`, { token: outsider }), 403, 'FORBIDDEN');
      expectProblem(await t.get('customer-groups'), 401, 'UNAUTHORIZED');
      expectProblem(await t.get(`customer-groups/${group.id}`), 401, 'UNAUTHORIZED');
    });
  });

  describe('GET customer-groups/{id}', () => {
    it('answers 404 NOT_FOUND for an unknown id and 400 for a non-UUID', async () => {
      expectProblem(await t.get(`customer-groups/${UNKNOWN_UUID}`, { token: viewer }), 404, 'NOT_FOUND');
      const bad = await t.get('customer-groups/retail', { token: viewer });
      expectProblem(bad, 400, 'VALIDATION_FAILED');
      expect(errorFields(bad)).toEqual(['id']);
    });
  });

  describe('POST and PATCH customer-groups', () => {
    it('need customers.create or customers.edit', async () => {
      const creator = await (await given(t).staff({ permissions: ['customers.create'] })).token();
      const created = await t.post('customer-groups', { name: 'By a creator' }, { token: creator });
      expect(created.status).toBe(201);
      const renamed = await patch(created.body.id, { name: 'Renamed by a creator' }, creator);
      expect(renamed.status).toBe(200);

      const refused = await t.post('customer-groups', { name: 'By a viewer' }, { token: viewer });
      expectProblem(refused, 403, 'FORBIDDEN');
      expectProblem(await patch(created.body.id, { name: 'By a viewer' }, viewer), 403, 'FORBIDDEN');
      expectProblem(await t.post('customer-groups', { name: 'Anonymous' }), 401, 'UNAUTHORIZED');
      expectProblem(
        await t.request('PATCH', `customer-groups/${created.body.id}`, { body: { name: 'Anonymous' } }),
        401,
        'UNAUTHORIZED',
      );
      expect(await groups().existsBy({ nameKey: In(['by a viewer', 'anonymous']) })).toBe(false);
      expect(await groups().findOneBy({ id: created.body.id })).toMatchObject({ name: 'Renamed by a creator' });
    });

    it('PATCH answers 404 for an unknown group, 400 for a non-UUID', async () => {
      expectProblem(await patch(UNKNOWN_UUID, { name: 'Ghost' }), 404, 'NOT_FOUND');
      const bad = await patch('not-a-uuid', { name: 'Ghost' });
      expectProblem(bad, 400, 'VALIDATION_FAILED');
      expect(errorFields(bad)).toEqual(['id']);
      expect(await groups().existsBy({ nameKey: 'ghost' })).toBe(false);
    });
  });

  describe('DELETE customer-groups/{id}', () => {
    it('removes the group and its memberships, keeping the customers and their other groups', async () => {
      const doomed = await createGroup('Doomed');
      const kept = await createGroup('Kept');
      const both = await customerIn(doomed.id, kept.id);
      const onlyDoomed = await customerIn(doomed.id);
      const deleter = await (await given(t).staff({ permissions: ['customers.delete'] })).token();

      const res = await del(doomed.id, deleter);

      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expectProblem(await t.get(`customer-groups/${doomed.id}`, { token: viewer }), 404, 'NOT_FOUND');
      expect(await members().countBy({ groupId: doomed.id })).toBe(0);
      expect(await members().findBy({ customerId: In([both, onlyDoomed]) })).toEqual([
        { customerId: both, groupId: kept.id },
      ]);
      const customers = await t.dataSource.getRepository(Customer).findBy({ id: In([both, onlyDoomed]) });
      expect(customers.map((c) => c.id).sort()).toEqual([both, onlyDoomed].sort());
      expect(await groups().existsBy({ id: kept.id })).toBe(true);

      expectProblem(await del(doomed.id, deleter), 404, 'NOT_FOUND');
    });

    it('needs customers.delete', async () => {
      const group = await createGroup('Protected');
      await customerIn(group.id);

      expectProblem(await del(group.id, editor), 403, 'FORBIDDEN');
      expectProblem(await t.request('DELETE', `customer-groups/${group.id}`), 401, 'UNAUTHORIZED');

      expect(await groups().existsBy({ id: group.id })).toBe(true);
      expect(await members().countBy({ groupId: group.id })).toBe(1);
    });

    it('answers 404 for an unknown group and 400 for a non-UUID', async () => {
      const deleter = await (await given(t).staff({ permissions: ['customers.delete'] })).token();
      expectProblem(await del(UNKNOWN_UUID, deleter), 404, 'NOT_FOUND');
      const bad = await del('1', deleter);
      expectProblem(bad, 400, 'VALIDATION_FAILED');
      expect(errorFields(bad)).toEqual(['id']);
    });
  });
});
