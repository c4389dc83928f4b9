import { AuditEvent } from '../../src/audit/audit-event.entity';
import { CustomerNote } from '../../src/notes/customer-note.entity';
import { Given, startAsAdmin } from '../factories/given';
import { TestApp } from '../helpers/test-app';

type Activity = {
  entityType: string;
  action: string;
  actor: { type: string; id: string };
  changes: Array<{ field: string; before: unknown; after: unknown }>;
};

describe('customer activity (audit trail) and notes', () => {
  let t: TestApp;
  let make: Given;
  let admin: string;
  let adminId: string;

  beforeAll(async () => ({ t, make, admin, adminId } = await startAsAdmin()));
  afterAll(() => t.close());

  const activity = async (customerId: string, token = admin): Promise<Activity[]> => {
    const res = await t.get(`customers/${customerId}/activity?pageSize=100`, { token });
    expect(res.status).toBe(200);
    return res.body.data;
  };

  it('records a create with its fields, its contact (never the password) and the automatic assignment', async () => {
    const creator = await make.staff({ permissions: ['customers.create', 'customers.view_own'] });
    const token = await creator.token();
    const res = await t.post(
      'customers',
      {
        company: 'Audited Create GmbH',
        billingAddress: { city: 'Köln', country: 'DE' },
        primaryContact: {
          firstName: 'Eva',
          lastName: 'Audit',
          email: 'eva@audited.test',
          password: 'secret-password-1',
        },
      },
      { token },
    );
    expect(res.status).toBe(201);
    const events = await activity(res.body.id, token);
    expect(events.map((e) => `${e.entityType}:${e.action}`).sort()).toEqual([
      'contact:create',
      'customer:create',
      'customer_admin:assign',
    ]);
    const created = events.find((e) => e.entityType === 'customer')!;
    expect(created.actor).toEqual({ type: 'staff', id: creator.staff.id });
    expect(created.changes).toEqual(
      expect.arrayContaining([
        { field: 'company', before: null, after: 'Audited Create GmbH' },
        { field: 'billingAddress.city', before: null, after: 'Köln' },
      ]),
    );
    expect(JSON.stringify(events)).not.toMatch(/secret-password|passwordHash|argon2/);
  });

  it('records field-level changes of an update, newest first, and nothing for an update that changes nothing', async () => {
    const group = await make.group('Audit Group');
    const created = await t.post(
      'customers',
      { company: 'Audited Update AG', billingAddress: { city: 'Bern' } },
      { token: admin },
    );
    const id = created.body.id;
    const patch = (body: object, headers: Record<string, string> = {}) =>
      t.request('PATCH', `customers/${id}`, { body, token: admin, headers });
    expect(
      (await patch({ company: 'Audited Update AG (new)', billingAddress: { city: 'Basel' }, groupIds: [group.id] }))
        .status,
    ).toBe(200);
    expect((await patch({ company: 'Audited Update AG (new)' })).status).toBe(200);
    expect((await patch({ company: 'Never Stored' }, { 'if-match': '"1"' })).status).toBe(412);

    const events = await activity(id);
    expect(events.map((e) => `${e.entityType}:${e.action}`)).toEqual(['customer:update', 'customer:create']);
    expect(events[0].actor).toEqual({ type: 'staff', id: adminId });
    expect(events[0].changes).toEqual([
      { field: 'billingAddress.city', before: 'Bern', after: 'Basel' },
      { field: 'company', before: 'Audited Update AG', after: 'Audited Update AG (new)' },
      { field: 'groupIds', before: [], after: [group.id] },
    ]);
  });

  it('records admin assignments and group memberships lost when a group is deleted', async () => {
    const group = await make.group('Doomed Group');
    const customer = await make.customer({ groupIds: [group.id] });
    const helper = await make.staff({ permissions: ['customers.view_own'] });
    expect(
      (await t.post(`customers/${customer.id}/admins`, { staffId: helper.staff.id }, { token: admin })).status,
    ).toBe(201);
    expect(
      (await t.request('DELETE', `customers/${customer.id}/admins/${helper.staff.id}`, { token: admin })).status,
    ).toBe(204);
    expect((await t.request('DELETE', `customer-groups/${group.id}`, { token: admin })).status).toBe(204);
    const events = await activity(customer.id);
    expect(events.map((e) => `${e.entityType}:${e.action}`)).toEqual([
      'group_membership:delete',
      'customer_admin:unassign',
      'customer_admin:assign',
    ]);
    expect(events[0].changes).toEqual(
      expect.arrayContaining([{ field: 'groupName', before: 'Doomed Group', after: null }]),
    );
  });

  it('keeps the trail of a deleted customer, whose notes go with it', async () => {
    const created = await t.post('customers', { company: 'Gone But Audited' }, { token: admin });
    expect((await t.post(`customers/${created.body.id}/notes`, { text: 'Last words' }, { token: admin })).status).toBe(
      201,
    );
    expect((await t.request('DELETE', `customers/${created.body.id}`, { token: admin })).status).toBe(204);
    expect(await t.dataSource.getRepository(CustomerNote).countBy({ customerId: created.body.id })).toBe(0);
    const rows = await t.dataSource
      .getRepository(AuditEvent)
      .find({ where: { customerId: created.body.id }, order: { id: 'ASC' } });
    expect(rows.map((r) => `${r.entityType}:${r.action}`)).toEqual([
      'customer:create',
      'note:create',
      'customer:delete',
    ]);
    expect(rows[2].changes).toEqual(
      expect.arrayContaining([{ field: 'company', before: 'Gone But Audited', after: null }]),
    );
  });

  it('pages the activity', async () => {
    const created = await t.post('customers', { company: 'Busy Customer' }, { token: admin });
    for (let i = 1; i <= 3; i++)
      await t.request('PATCH', `customers/${created.body.id}`, { body: { vat: `V${i}` }, token: admin });
    const page = await t.get(`customers/${created.body.id}/activity?pageSize=2&page=2`, { token: admin });
    expect(page.body.meta).toEqual({ page: 2, pageSize: 2, total: 4 });
    expect(page.body.data.map((e: Activity) => e.action)).toEqual(['update', 'create']);
    expect(page.body.data[0].changes).toEqual([{ field: 'vat', before: null, after: 'V1' }]);
  });

  describe('notes', () => {
    it('are written by staff who see the customer, listed newest first, with author and contact date', async () => {
      const owner = await make.staff({ permissions: ['customers.view_own'] });
      const token = await owner.token();
      const customer = await make.customer({ admins: [owner.staff.id] });
      const first = await t.post(
        `customers/${customer.id}/notes`,
        { text: 'First call', contactedAt: '2026-11-20T10:00:00Z' },
        { token },
      );
      const second = await t.post(`customers/${customer.id}/notes`, { text: 'Second call' }, { token });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({
        text: 'First call',
        contactedAt: '2026-11-20T10:00:00.000Z',
        authorId: owner.staff.id,
      });
      const list = await t.get(`customers/${customer.id}/notes`, { token });
      expect(list.body.data.map((n: { id: string }) => n.id)).toEqual([second.body.id, first.body.id]);
      expect(list.body.meta.total).toBe(2);
      const events = await activity(customer.id);
      expect(events.filter((e) => e.entityType === 'note').map((e) => e.action)).toEqual(['create', 'create']);
    });

    it('are changed only by their author or staff with customers.edit, and audited', async () => {
      const author = await make.staff({ permissions: ['customers.view'] });
      const colleague = await make.staff({ permissions: ['customers.view'] });
      const editor = await make.staff({ permissions: ['customers.view', 'customers.edit'] });
      const customer = await make.customer();
      const note = await t.post(`customers/${customer.id}/notes`, { text: 'Draft' }, { token: await author.token() });
      const path = `customers/${customer.id}/notes/${note.body.id}`;
      const refused = await t.request('PATCH', path, { body: { text: 'Hijacked' }, token: await colleague.token() });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('NOTE_NOT_YOURS');
      expect((await t.request('PATCH', path, { body: { text: 'Final' }, token: await author.token() })).status).toBe(
        200,
      );
      expect((await t.request('DELETE', path, { token: await editor.token() })).status).toBe(204);
      const events = (await activity(customer.id)).filter((e) => e.entityType === 'note');
      expect(events.map((e) => e.action)).toEqual(['delete', 'update', 'create']);
      expect(events[1].changes).toEqual([{ field: 'text', before: 'Draft', after: 'Final' }]);
    });

    it('keep their whole text, while the trail keeps the first 1,000 characters of a long one', async () => {
      const customer = await make.customer();
      const text = '😀'.repeat(1200);
      const note = await t.post(`customers/${customer.id}/notes`, { text }, { token: admin });
      expect(note.status).toBe(201);
      expect(note.body.text).toBe(text);
      const [created] = (await activity(customer.id)).filter((e) => e.entityType === 'note');
      const recorded = created.changes.find((c: { field: string }) => c.field === 'text');
      expect(recorded?.after).toBe(`${'😀'.repeat(1000)}…`);
    });

    it('reject bad input and stay hidden with their customer', async () => {
      const customer = await make.customer();
      for (const body of [
        {},
        { text: '' },
        { text: ' \n\t ' },
        { text: 'x'.repeat(10001) },
        { text: 'ok', contactedAt: 'yesterday' },
        { text: 'ok', pinned: true },
      ]) {
        expect((await t.post(`customers/${customer.id}/notes`, body, { token: admin })).status).toBe(400);
      }
      const outsider = await make.staff({ permissions: ['customers.view_own'] });
      const token = await outsider.token();
      expect((await t.get(`customers/${customer.id}/notes`, { token })).status).toBe(404);
      expect((await t.get(`customers/${customer.id}/activity`, { token })).status).toBe(404);
      expect((await t.post(`customers/${customer.id}/notes`, { text: 'Sneaky' }, { token })).status).toBe(404);
    });
  });
});
