import { randomBytes } from 'node:crypto';
import { Contact } from '../../src/contacts/contact.entity';
import { Customer } from '../../src/customers/customer.entity';
import { companyKey, vatKey } from '../../src/customer-contacts/customer-keys';
import { Given, startAsAdmin } from '../factories/given';
import { ApiResponse, TestApp } from '../helpers/test-app';

const unique = () => randomBytes(4).toString('hex');
const PAIRS = 40;
const ASSIGN_ROUNDS = 10;
const ASSIGN_PARALLEL = 4;

/** One pair after another, the two requests of each pair sent at the same moment. */
async function pairs(count: number, send: (i: number) => [Promise<ApiResponse>, Promise<ApiResponse>]) {
  const answers: ApiResponse[][] = [];
  for (let i = 0; i < count; i++) answers.push(await Promise.all(send(i)));
  return answers;
}

/**
 * Customer creates and admin assignments sent at the same moment, through the real
 * application on this run's engine (SQLite, or MariaDB with TEST_MYSQL_URL): the duplicate
 * rule and the audit trail hold whatever interleaves.
 */
describe('customers under concurrent creates and assignments', () => {
  let t: TestApp;
  let make: Given;
  let admin: string;

  beforeAll(async () => ({ t, make, admin } = await startAsAdmin()));
  afterAll(() => t.close());

  const customers = () => t.dataSource.getRepository(Customer);
  const create = (body: Record<string, unknown>, token = admin) => t.post('customers', body, { token });

  /** What went wrong in each pair that did not answer one 201 and one 409 CUSTOMER_DUPLICATE naming the winner only. */
  const misplayed = (answers: ApiResponse[][]) =>
    answers.flatMap((pair, i) => {
      const created = pair.filter((a) => a.status === 201);
      const refused = pair.filter((a) => a.status === 409 && a.body.code === 'CUSTOMER_DUPLICATE');
      const named = refused[0]?.body.duplicates?.map((d: { id: string }) => d.id);
      return created.length === 1 && refused.length === 1 && `${named}` === created[0].body.id
        ? []
        : [`pair ${i}: ${pair.map((a) => `${a.status} ${a.body.code ?? ''}`).join(', ')}`];
    });

  describe('duplicates', () => {
    it(`creates one of two same-named companies sent at once (${PAIRS} pairs)`, async () => {
      const tag = unique();
      const name = (i: number) => `Twin Traders ${tag} ${i}`;
      const answers = await pairs(PAIRS, (i) => [
        create({ company: name(i) }),
        create({ company: `  TWIN-TRADERS ${tag.toUpperCase()} ${i}.` }),
      ]);
      expect(misplayed(answers)).toEqual([]);
      for (let i = 0; i < PAIRS; i++) {
        expect(await customers().countBy({ companyKey: companyKey(name(i)) })).toBe(1);
      }
    });

    it(`creates one of two companies with the same VAT number sent at once (${PAIRS} pairs)`, async () => {
      const tag = unique();
      const vat = (i: number) => `EU ${tag} ${i}`;
      const answers = await pairs(PAIRS, (i) => [
        create({ company: `Vat First ${tag} ${i}`, vat: vat(i) }),
        create({ company: `Vat Second ${tag} ${i}`, vat: vat(i).toLowerCase().replace(/ /g, '.') }),
      ]);
      expect(misplayed(answers)).toEqual([]);
      for (let i = 0; i < PAIRS; i++) {
        expect(await customers().countBy({ vatKey: vatKey(vat(i))! })).toBe(1);
      }
    });

    it(`creates one of two companies whose new contacts share an email sent at once (${PAIRS} pairs)`, async () => {
      const tag = unique();
      const email = (i: number) => `shared-${tag}-${i}@example.test`;
      const contact = (address: string) => ({ firstName: 'Sam', lastName: 'Shared', email: address });
      const answers = await pairs(PAIRS, (i) => [
        create({ company: `Mail First ${tag} ${i}`, primaryContact: contact(email(i)) }),
        create({ company: `Mail Second ${tag} ${i}`, primaryContact: contact(email(i).toUpperCase()) }),
      ]);
      expect(misplayed(answers)).toEqual([]);
      const refused = answers.map((pair) => pair.find((a) => a.status === 409)!.body.matchedOn);
      expect(refused).toEqual(answers.map(() => ['contactEmail']));
      for (let i = 0; i < PAIRS; i++) {
        expect(await t.dataSource.getRepository(Contact).countBy({ emailKey: email(i) })).toBe(1);
      }
    });

    it('applies the same rule to quick creates racing full creates', async () => {
      const tag = unique();
      const answers = await pairs(PAIRS / 2, (i) => [
        t.post('customers/quick', { company: `Quick Twin ${tag} ${i}` }, { token: admin }),
        create({ company: `quick twin ${tag} ${i}` }),
      ]);
      expect(misplayed(answers)).toEqual([]);
    });

    it('still creates a duplicate on purpose with force: true, alone or at once', async () => {
      const tag = unique();
      const company = `Forced Twin ${tag}`;
      expect((await create({ company, vat: `FT ${tag}` })).status).toBe(201);
      const forced = await Promise.all(
        [0, 1, 2].map(() => create({ company: company.toUpperCase(), vat: `ft${tag}`, force: true })),
      );
      expect(forced.map((a) => a.status)).toEqual([201, 201, 201]);
      expect(await customers().countBy({ companyKey: companyKey(company) })).toBe(4);
      const refused = await create({ company });
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('CUSTOMER_DUPLICATE');
      expect(refused.body.duplicates).toHaveLength(4);
    });

    it('frees a name and a VAT number when their customer is renamed or given another VAT number', async () => {
      const tag = unique();
      const first = await create({ company: `Renamed Away ${tag}`, vat: `RA ${tag}` });
      expect(first.status).toBe(201);
      const patched = await t.request('PATCH', `customers/${first.body.id}`, {
        body: { company: `Renamed Elsewhere ${tag}`, vat: `RE ${tag}` },
        token: admin,
      });
      expect(patched.status).toBe(200);
      const again = await create({ company: `Renamed Away ${tag}`, vat: `RA ${tag}` });
      expect(again.status).toBe(201);
      // A rename onto a name (or VAT number) that a new customer now holds stays allowed.
      const back = await t.request('PATCH', `customers/${first.body.id}`, {
        body: { company: `Renamed Away ${tag}`, vat: `RA ${tag}` },
        token: admin,
      });
      expect(back.status).toBe(200);
      // Both hold the name now: new creates of it are refused, naming both.
      const third = await create({ company: `Renamed Away ${tag}` });
      expect(third.status).toBe(409);
      expect(third.body.duplicates.map((d: { id: string }) => d.id).sort()).toEqual(
        [first.body.id, again.body.id].sort(),
      );
    });

    it('frees a name when its customer is deleted, alone or in bulk', async () => {
      const tag = unique();
      const names = [0, 1, 2].map((i) => `Deleted Holder ${tag} ${i}`);
      const created = await Promise.all(names.map((company, i) => create({ company, vat: `DH ${tag} ${i}` })));
      expect(created.map((a) => a.status)).toEqual([201, 201, 201]);
      expect((await t.request('DELETE', `customers/${created[0].body.id}`, { token: admin })).status).toBe(204);
      const bulk = await t.post(
        'customers/bulk',
        { action: 'delete', customerIds: [created[1].body.id, created[2].body.id] },
        { token: admin },
      );
      expect(bulk.status).toBe(200);
      expect(bulk.body.succeeded).toBe(2);
      const again = await Promise.all(names.map((company, i) => create({ company, vat: `DH ${tag} ${i}` })));
      expect(again.map((a) => a.status)).toEqual([201, 201, 201]);
    });
  });

  describe('group additions', () => {
    it(`records one change when the same group is added to the same customers ${ASSIGN_PARALLEL} times at once (${ASSIGN_ROUNDS} rounds)`, async () => {
      const outcomes: string[] = [];
      for (let round = 0; round < ASSIGN_ROUNDS; round++) {
        const group = await make.group();
        const members = await Promise.all([make.customer(), make.customer()]);
        const customerIds = members.map((c) => c.id);
        const answers = await Promise.all(
          Array.from({ length: ASSIGN_PARALLEL }, () =>
            t.post(
              'customers/bulk',
              { action: 'assignGroups', mode: 'add', groupIds: [group.id], customerIds },
              { token: admin },
            ),
          ),
        );
        for (const customerId of customerIds) {
          const activity = await t.get(`customers/${customerId}/activity?pageSize=100`, { token: admin });
          const changes = activity.body.data.filter((e: { entityType: string }) => e.entityType === 'customer');
          const stored = await customers().findOneByOrFail({ id: customerId });
          outcomes.push(
            `${answers.map((a) => a.status).join(',')} changes=${changes.length} version=${stored.version}`,
          );
        }
      }
      const expected = `${Array(ASSIGN_PARALLEL).fill(200).join(',')} changes=1 version=2`;
      expect(outcomes).toEqual(outcomes.map(() => expected));
    });
  });

  describe('admin assignments', () => {
    it(`assigns a staff member sent ${ASSIGN_PARALLEL} times at once once, with one audit entry (${ASSIGN_ROUNDS} rounds)`, async () => {
      const member = await make.staff({ permissions: ['customers.view_own'] });
      const outcomes: string[] = [];
      for (let round = 0; round < ASSIGN_ROUNDS; round++) {
        const customer = await make.customer();
        const answers = await Promise.all(
          Array.from({ length: ASSIGN_PARALLEL }, () =>
            t.post(`customers/${customer.id}/admins`, { staffId: member.staff.id }, { token: admin }),
          ),
        );
        const activity = await t.get(`customers/${customer.id}/activity?pageSize=100`, { token: admin });
        const assigned = activity.body.data.filter(
          (e: { entityType: string; action: string }) => e.entityType === 'customer_admin' && e.action === 'assign',
        );
        const admins = await t.get(`customers/${customer.id}/admins`, { token: admin });
        const statuses = answers.map((a) => a.status).sort();
        const assignedAt = new Set(answers.map((a) => a.body.assignedAt));
        outcomes.push(
          `${statuses.join(',')} audit=${assigned.length} admins=${admins.body.meta.total} assignedAt=${assignedAt.size}`,
        );
      }
      const expected = `${Array(ASSIGN_PARALLEL - 1)
        .fill(200)
        .join(',')},201 audit=1 admins=1 assignedAt=1`;
      expect(outcomes).toEqual(outcomes.map(() => expected));
    });

    it(`answers an assignment racing the customer's delete with 201 or 404, never an error (${ASSIGN_ROUNDS * 2} rounds)`, async () => {
      const member = await make.staff({ permissions: ['customers.view_own'] });
      const outcomes = new Set<string>();
      for (let round = 0; round < ASSIGN_ROUNDS * 2; round++) {
        const customer = await make.customer();
        const [assigned, deleted] = await Promise.all([
          t.post(`customers/${customer.id}/admins`, { staffId: member.staff.id }, { token: admin }),
          t.request('DELETE', `customers/${customer.id}`, { token: admin }),
        ]);
        outcomes.add(`${assigned.status} ${assigned.body.code ?? ''} / ${deleted.status}`);
      }
      expect([...outcomes].filter((o) => !['201  / 204', '404 NOT_FOUND / 204'].includes(o))).toEqual([]);
    });
  });
});
