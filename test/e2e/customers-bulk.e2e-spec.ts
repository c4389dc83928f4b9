import { AuditEvent } from '../../src/audit/audit-event.entity';
import { CustomerGroupMember } from '../../src/groups/customer-group-member.entity';
import { Customer } from '../../src/customers/customer.entity';
import { Given, startAsAdmin } from '../factories/given';
import { TestApp } from '../helpers/test-app';
import { In } from 'typeorm';

describe('customer bulk actions', () => {
  let t: TestApp;
  let make: Given;
  let admin: string;

  beforeAll(async () => ({ t, make, admin } = await startAsAdmin()));
  afterAll(() => t.close());

  const groupsOf = async (customerId: string) =>
    (await t.dataSource.getRepository(CustomerGroupMember).findBy({ customerId })).map((m) => m.groupId).sort();
  const bulk = (body: object, token = admin) => t.post('customers/bulk', body, { token });

  it('adds groups, or replaces them, customer by customer', async () => {
    const [g1, g2, g3] = [await make.group(), await make.group(), await make.group()];
    const a = await make.customer({ groupIds: [g1.id] });
    const b = await make.customer();
    const added = await bulk({ action: 'assignGroups', customerIds: [a.id, b.id], groupIds: [g2.id] });
    expect(added.status).toBe(200);
    expect(added.body).toEqual({
      results: [
        { id: a.id, status: 200 },
        { id: b.id, status: 200 },
      ],
      succeeded: 2,
      failed: 0,
    });
    expect(await groupsOf(a.id)).toEqual([g1.id, g2.id].sort());
    expect(await groupsOf(b.id)).toEqual([g2.id]);

    const replaced = await bulk({ action: 'assignGroups', mode: 'replace', customerIds: [a.id], groupIds: [g3.id] });
    expect(replaced.body.succeeded).toBe(1);
    expect(await groupsOf(a.id)).toEqual([g3.id]);
    const trail = await t.dataSource.getRepository(AuditEvent).findBy({ customerId: a.id, action: 'update' });
    expect(trail).toHaveLength(2);
  });

  it('keeps every group when additions to the same customers run at once', async () => {
    const groups = await Promise.all(Array.from({ length: 6 }, () => make.group()));
    const targets = await Promise.all(Array.from({ length: 4 }, () => make.customer()));
    const ids = targets.map((c) => c.id);

    const answers = await Promise.all(
      groups.map((g) => bulk({ action: 'assignGroups', customerIds: ids, groupIds: [g.id] })),
    );

    expect(answers.map((res) => [res.status, res.body.succeeded])).toEqual(groups.map(() => [200, ids.length]));
    const all = groups.map((g) => g.id).sort();
    for (const id of ids) expect(await groupsOf(id)).toEqual(all);
    const versions = await t.dataSource.getRepository(Customer).findBy({ id: In(ids) });
    expect(versions.map((c) => c.version)).toEqual(ids.map(() => 1 + groups.length));
  });

  it('adds nothing twice and leaves customers that already had the group untouched', async () => {
    const g = await make.group();
    const member = await make.customer({ groupIds: [g.id] });
    const res = await bulk({ action: 'assignGroups', customerIds: [member.id], groupIds: [g.id] });
    expect(res.body.results).toEqual([{ id: member.id, status: 200 }]);
    expect(await groupsOf(member.id)).toEqual([g.id]);
    expect((await t.dataSource.getRepository(Customer).findOneByOrFail({ id: member.id })).version).toBe(1);
    expect(await t.dataSource.getRepository(AuditEvent).countBy({ customerId: member.id })).toBe(0);
  });

  it('reports each item: allowed ones change, refused ones say why, nothing else changes', async () => {
    const keeper = await make.customer({ transactionCount: 3 });
    const free = await make.customer();
    const missing = '0190a8f0-0000-7000-8000-000000000001';
    const res = await bulk({ action: 'delete', customerIds: [free.id, keeper.id, missing] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      results: [
        { id: free.id, status: 204 },
        { id: keeper.id, status: 409, code: 'CUSTOMER_HAS_TRANSACTIONS' },
        { id: missing, status: 404, code: 'NOT_FOUND' },
      ],
      succeeded: 1,
      failed: 2,
    });
    const repo = t.dataSource.getRepository(Customer);
    expect(await repo.existsBy({ id: free.id })).toBe(false);
    expect(await repo.existsBy({ id: keeper.id })).toBe(true);
  });

  it('applies the customer scope per item: customers a view_own member cannot see answer 404', async () => {
    const member = await make.staff({ permissions: ['customers.view_own', 'customers.edit'] });
    const mine = await make.customer({ admins: [member.staff.id] });
    const theirs = await make.customer();
    const res = await bulk({ action: 'deactivate', customerIds: [mine.id, theirs.id] }, await member.token());
    expect(res.body.results).toEqual([
      { id: mine.id, status: 200 },
      { id: theirs.id, status: 404, code: 'NOT_FOUND' },
    ]);
    const repo = t.dataSource.getRepository(Customer);
    expect((await repo.findOneByOrFail({ id: mine.id })).active).toBe(false);
    expect((await repo.findOneByOrFail({ id: theirs.id })).active).toBe(true);
  });

  it('needs the capability of the action', async () => {
    const editor = await make.staff({ permissions: ['customers.view', 'customers.edit'] });
    const customer = await make.customer();
    const res = await bulk({ action: 'delete', customerIds: [customer.id] }, await editor.token());
    expect(res.status).toBe(403);
    expect(await t.dataSource.getRepository(Customer).existsBy({ id: customer.id })).toBe(true);
  });

  it('rejects bad requests whole: unknown action, no ids, too many, duplicates, unknown groups', async () => {
    const customer = await make.customer();
    const cases: object[] = [
      { action: 'merge', customerIds: [customer.id] },
      { action: 'deactivate', customerIds: [] },
      {
        action: 'deactivate',
        customerIds: Array.from({ length: 501 }, (_, i) => `0190a8f0-0000-7000-8000-${String(i).padStart(12, '0')}`),
      },
      { action: 'deactivate', customerIds: [customer.id, customer.id] },
      { action: 'assignGroups', customerIds: [customer.id] },
      { action: 'assignGroups', customerIds: [customer.id], groupIds: ['0190a8f0-0000-7000-8000-00000000dead'] },
    ];
    for (const body of cases) expect((await bulk(body)).status).toBe(400);
    expect((await t.dataSource.getRepository(Customer).findOneByOrFail({ id: customer.id })).active).toBe(true);
  });
});
