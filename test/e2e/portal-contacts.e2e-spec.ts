import { AuditEvent } from '../../src/audit/audit-event.entity';
import { Contact } from '../../src/contacts/contact.entity';
import { Given, startAsAdmin } from '../factories/given';
import { TestApp } from '../helpers/test-app';

describe('portal/contacts: the primary contact manages its colleagues', () => {
  let t: TestApp;
  let make: Given;
  let admin: string;
  let adminId: string;

  beforeAll(async () => {
    ({ t, make, admin, adminId } = await startAsAdmin());
  });
  afterAll(() => t.close());

  const setManages = (on: boolean) =>
    t.request('PATCH', 'settings', { body: { primaryContactManagesContacts: on }, token: admin });
  const list = (token: string) => t.get('portal/contacts', { token });
  const add = (token: string, body: object) => t.post('portal/contacts', body, { token });
  const patch = (token: string, id: string, body: object) =>
    t.request('PATCH', `portal/contacts/${id}`, { body, token });

  /** A company with its primary contact (every permission unless given) and a colleague, both signed in. */
  const company = async (permissions?: Array<'invoices' | 'estimates' | 'support'>) => {
    const primary = await make.signedInContact({ permissions });
    const colleague = await make.signedInContact({ customerId: primary.customer.id, isPrimary: false });
    return { primary, colleague };
  };

  it('is refused (403) while the setting is off, and to every contact but the primary one', async () => {
    const { primary, colleague } = await company();
    await setManages(false);
    expect((await list(primary.token)).status).toBe(403);
    await setManages(true);
    expect((await list(colleague.token)).status).toBe(403);
    expect((await add(colleague.token, { firstName: 'A', lastName: 'B', email: 'nope@example.test' })).status).toBe(
      403,
    );
    expect((await patch(colleague.token, primary.contact.id, { title: 'Boss' })).status).toBe(403);
  });

  describe('with primaryContactManagesContacts on', () => {
    beforeAll(() => setManages(true));

    it('lists the contacts of its own company only', async () => {
      const { primary, colleague } = await company();
      await company();
      const res = await list(primary.token);
      expect(res.status).toBe(200);
      expect(res.body.data.map((c: { id: string }) => c.id).sort()).toEqual(
        [primary.contact.id, colleague.contact.id].sort(),
      );
    });

    it('adds a contact with its own permissions by default, never primary, recorded with the contact as actor', async () => {
      const { primary } = await company(['invoices', 'support']);
      const res = await add(primary.token, { firstName: 'Nina', lastName: 'New', email: 'nina.new@example.test' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        customerId: primary.customer.id,
        isPrimary: false,
        permissions: ['invoices', 'support'],
        passwordSet: false,
      });
      const trail = await t.dataSource.getRepository(AuditEvent).findBy({ entityId: res.body.id });
      expect(trail[0]).toMatchObject({ action: 'create', actorType: 'contact', actorId: primary.contact.id });
      for (const body of [{ isPrimary: true }, { password: 'a-chosen-password' }]) {
        const refused = await add(primary.token, {
          firstName: 'X',
          lastName: 'Y',
          email: `x-${Object.keys(body)[0]}@example.test`,
          ...body,
        });
        expect(refused.status).toBe(400);
      }
    });

    it('never grants a permission it lacks (403 PERMISSION_ESCALATION), on add or change', async () => {
      const { primary, colleague } = await company(['invoices']);
      const added = await add(primary.token, {
        firstName: 'Esc',
        lastName: 'Alation',
        email: 'esc.alation@example.test',
        permissions: ['invoices', 'estimates'],
      });
      expect(added.status).toBe(403);
      expect(added.body).toMatchObject({ code: 'PERMISSION_ESCALATION', permissions: ['estimates'] });
      // the colleague already holds support: it keeps it, and may lose it
      const kept = await patch(primary.token, colleague.contact.id, { permissions: ['invoices', 'support'] });
      expect(kept.status).toBe(200);
      const removed = await patch(primary.token, colleague.contact.id, { permissions: ['invoices'] });
      expect(removed.status).toBe(200);
      expect((await patch(primary.token, colleague.contact.id, { permissions: ['support'] })).status).toBe(403);
    });

    it('changes and deactivates a colleague, whose sessions end; never itself, never another company’s contact', async () => {
      const { primary, colleague } = await company();
      expect((await t.get('portal/me', { token: colleague.token })).status).toBe(200);
      const changed = await patch(primary.token, colleague.contact.id, { title: 'Accounts', permissions: ['support'] });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ title: 'Accounts', permissions: ['support'] });
      const deactivated = await patch(primary.token, colleague.contact.id, { active: false });
      expect(deactivated.status).toBe(200);
      expect((await t.get('portal/me', { token: colleague.token })).status).toBe(401);

      expect((await patch(primary.token, primary.contact.id, { title: 'Self' })).status).toBe(403);
      expect((await patch(primary.token, primary.contact.id, { permissions: [] })).status).toBe(403);
      const stranger = await company();
      expect((await patch(primary.token, stranger.colleague.contact.id, { title: 'Hijack' })).status).toBe(404);
      for (const body of [{ isPrimary: true }, { password: 'a-chosen-password' }]) {
        expect((await patch(primary.token, colleague.contact.id, body)).status).toBe(400);
      }
      const stored = await t.dataSource.getRepository(Contact).findOneByOrFail({ id: stranger.colleague.contact.id });
      expect(stored.title).toBeNull();
    });

    it('in a login as client, records the administrator as actor on behalf of the primary contact', async () => {
      const { primary, colleague } = await company();
      const session = await t.post(`customers/${primary.customer.id}/login-as-client`, {}, { token: admin });
      const res = await patch(session.body.accessToken, colleague.contact.id, { title: 'Set by support' });
      expect(res.status).toBe(200);
      const trail = await t.dataSource.getRepository(AuditEvent).findBy({ entityId: colleague.contact.id });
      expect(trail.find((e) => e.action === 'update')).toMatchObject({
        actorType: 'staff',
        actorId: adminId,
        onBehalfOf: primary.contact.id,
      });
    });
  });
});
