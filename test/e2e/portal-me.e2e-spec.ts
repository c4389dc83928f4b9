import { JwtService } from '@nestjs/jwt';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { Contact } from '../../src/contacts/contact.entity';
import { Customer } from '../../src/customers/customer.entity';
import { OutboxEmail } from '../../src/mail/outbox-email.entity';
import { FACTORY_PASSWORD, Given, startAsAdmin } from '../factories/given';
import { TestApp } from '../helpers/test-app';

const jwt = new JwtService();

describe('portal/me and login as client', () => {
  let t: TestApp;
  let make: Given;
  let admin: string;
  let adminId: string;

  beforeAll(async () => {
    ({ t, make, admin, adminId } = await startAsAdmin());
  });
  afterAll(() => t.close());

  const me = (token: string) => t.get('portal/me', { token });
  const patchMe = (token: string, body: object, headers: Record<string, string> = {}) =>
    t.request('PATCH', 'portal/me', { body, token, headers });
  const setSetting = (body: object) => t.request('PATCH', 'settings', { body, token: admin });
  const trailOf = (entityId: string) => t.dataSource.getRepository(AuditEvent).findBy({ entityId });

  describe('reading', () => {
    it('answers the contact, its permissions and its company, not impersonated', async () => {
      const { contact, customer, token } = await make.signedInContact({
        permissions: ['invoices'],
        customer: { company: 'Portal Reader Ltd' },
      });
      const res = await me(token);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: contact.id,
        customerId: customer.id,
        email: contact.email,
        isPrimary: true,
        permissions: ['invoices'],
        lastLoginAt: expect.any(String),
        impersonated: false,
        company: { id: customer.id, company: 'Portal Reader Ltd', language: null },
      });
      expect(res.text).not.toMatch(/password/i);
    });
  });

  describe('changing its own details', () => {
    it('changes name, phone and title, recorded with the contact as actor', async () => {
      const { contact, token } = await make.signedInContact();
      const res = await patchMe(token, {
        firstName: 'Paula',
        lastName: 'Portal',
        phone: '+33 1 23 45 67 89',
        title: 'CFO',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        firstName: 'Paula',
        lastName: 'Portal',
        phone: '+33 1 23 45 67 89',
        title: 'CFO',
      });
      expect((await me(token)).body.firstName).toBe('Paula');
      const trail = await trailOf(contact.id);
      expect(trail.map((e) => [e.actorType, e.actorId])).toContainEqual(['contact', contact.id]);
    });

    it.each([
      ['email', { email: 'elsewhere@example.test' }],
      ['permissions', { permissions: ['invoices', 'estimates', 'support'] }],
      ['isPrimary', { isPrimary: false }],
      ['active', { active: false }],
      ['customerId', { customerId: '01890000-0000-7000-8000-000000000000' }],
      ['password', { password: 'sneaky-new-password' }],
      ['emailNotifications', { emailNotifications: { invoices: false } }],
    ])('refuses to change its own %s (400) and changes nothing', async (field, body) => {
      const { contact, token } = await make.signedInContact({ permissions: ['support'] });
      const res = await patchMe(token, { ...body, title: 'Changed' });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.errors)).toContain(field);
      const stored = await t.dataSource.getRepository(Contact).findOneByOrFail({ id: contact.id });
      expect(stored).toMatchObject({
        email: contact.email,
        permissions: ['support'],
        isPrimary: true,
        active: true,
        title: null,
        passwordHash: contact.passwordHash,
      });
    });

    it("changes its company's language, and is answered in it from then on", async () => {
      const { customer, token } = await make.signedInContact();
      const res = await patchMe(token, { language: 'fr' });
      expect(res.status).toBe(200);
      expect(res.body.company.language).toBe('fr');
      const stored = await t.dataSource.getRepository(Customer).findOneByOrFail({ id: customer.id });
      expect(stored.language).toBe('fr');
      const refused = await patchMe(token, { email: 'x@example.test' }, { 'accept-language': 'en' });
      expect(refused.status).toBe(400);
      expect(refused.headers.get('content-language')).toBe('fr');
    });
    it("lets only the primary contact change its company's language unless contactsMayEditCompany is on", async () => {
      const { customer } = await make.signedInContact();
      const { token } = await make.signedInContact({ customerId: customer.id, isPrimary: false });
      const refused = await patchMe(token, { language: 'fr', phone: '+49 30 1' });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('COMPANY_EDIT_NOT_ALLOWED');
      const unchanged = await t.dataSource.getRepository(Customer).findOneByOrFail({ id: customer.id });
      expect(unchanged.language).toBeNull();
      await setSetting({ contactsMayEditCompany: true });
      try {
        const allowed = await patchMe(token, { language: 'fr' });
        expect(allowed.status).toBe(200);
        expect(allowed.body.company.language).toBe('fr');
      } finally {
        await setSetting({ contactsMayEditCompany: false });
      }
    });
  });

  describe('company details', () => {
    afterEach(() => setSetting({ contactsMayEditCompany: false }));

    it('are refused (403) while contactsMayEditCompany is off, and change when it is on', async () => {
      const { customer, contact, token } = await make.signedInContact({ customer: { company: 'Before Ltd' } });
      const patch = () => t.request('PATCH', 'portal/me/company', { body: { company: 'After Ltd' }, token });
      const refused = await patch();
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('COMPANY_EDIT_NOT_ALLOWED');
      expect((await t.dataSource.getRepository(Customer).findOneByOrFail({ id: customer.id })).company).toBe(
        'Before Ltd',
      );

      expect((await setSetting({ contactsMayEditCompany: true })).status).toBe(200);
      const changed = await patch();
      expect(changed.status).toBe(200);
      expect(changed.body.company.company).toBe('After Ltd');
      const trail = await trailOf(customer.id);
      expect(trail.find((e) => e.entityType === 'customer' && e.action === 'update')).toMatchObject({
        actorType: 'contact',
        actorId: contact.id,
      });
    });

    it('never takes the fields staff keep (active, groups, currency)', async () => {
      await setSetting({ contactsMayEditCompany: true });
      const { token } = await make.signedInContact();
      for (const body of [{ active: false }, { groupIds: [] }, { currency: 'EUR' }, { force: true }]) {
        const res = await t.request('PATCH', 'portal/me/company', { body, token });
        expect(`${JSON.stringify(body)}: ${res.status}`).toBe(`${JSON.stringify(body)}: 400`);
      }
    });
  });

  describe('password', () => {
    const change = (token: string, currentPassword: string, newPassword = 'a-new-portal-password') =>
      t.post('portal/me/password', { currentPassword, newPassword }, { token });

    it('needs the current password (400 otherwise, nothing changes)', async () => {
      const { contact, token } = await make.signedInContact();
      const wrong = await change(token, 'not-the-password-1');
      expect(wrong.status).toBe(400);
      expect(wrong.body.code).toBe('CURRENT_PASSWORD_WRONG');
      expect((await t.dataSource.getRepository(Contact).findOneByOrFail({ id: contact.id })).passwordHash).toBe(
        contact.passwordHash,
      );
      expect((await me(token)).status).toBe(200);
    });

    it('ends every other session, access tokens included, and answers a new pair', async () => {
      const { contact, token, refreshToken } = await make.signedInContact();
      const other = await make.portalLogin(contact.email);
      const res = await change(token, FACTORY_PASSWORD);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ accessToken: expect.any(String), refreshToken: expect.any(String) });
      expect((await me(token)).status).toBe(401);
      expect((await me(other.accessToken)).status).toBe(401);
      expect((await t.post('portal/auth/refresh', { refreshToken })).status).toBe(401);
      expect((await t.post('portal/auth/refresh', { refreshToken: other.refreshToken })).status).toBe(401);
      expect((await me(res.body.accessToken)).status).toBe(200);
      expect((await t.post('portal/auth/login', { email: contact.email, password: FACTORY_PASSWORD })).status).toBe(
        401,
      );
      expect((await make.portalLogin(contact.email, 'a-new-portal-password')).accessToken).toEqual(expect.any(String));
      const emails = await t.dataSource
        .getRepository(OutboxEmail)
        .findBy({ contactId: contact.id, template: 'password_changed' });
      expect(emails).toHaveLength(1);
    });
  });

  describe('a French customer', () => {
    it('gets errors and emails in French, whatever the browser says', async () => {
      const { contact, token } = await make.signedInContact({ customer: { language: 'fr' } });
      const refused = await t.request('PATCH', 'portal/me/company', {
        body: { company: 'Nouveau nom' },
        token,
        headers: { 'accept-language': 'de' },
      });
      expect(refused.status).toBe(403);
      expect(refused.body.detail).toBe('Les contacts ne peuvent pas modifier les coordonnées de leur entreprise.');
      const wrong = await t.post(
        'portal/me/password',
        { currentPassword: 'not-the-password-1', newPassword: 'a-new-portal-password' },
        { token, headers: { 'accept-language': 'en' } },
      );
      expect(wrong.body.detail).toBe('Le mot de passe actuel est incorrect.');
      const changed = await t.post(
        'portal/me/password',
        { currentPassword: FACTORY_PASSWORD, newPassword: 'a-new-portal-password' },
        { token },
      );
      expect(changed.status).toBe(200);
      const [email] = await t.dataSource
        .getRepository(OutboxEmail)
        .findBy({ contactId: contact.id, template: 'password_changed' });
      expect(email.language).toBe('fr');
    });

    it('falls back to the system default language, not the browser’s', async () => {
      const { token } = await make.signedInContact();
      const refused = await t.request('PATCH', 'portal/me/company', {
        body: { company: 'Neuer Name' },
        token,
        headers: { 'accept-language': 'de' },
      });
      expect(refused.headers.get('content-language')).toBe('en');
    });
  });

  describe('login as client', () => {
    const loginAs = (customerId: string, token = admin) =>
      t.post(`customers/${customerId}/login-as-client`, {}, { token });

    it('answers a 15-minute portal token for the primary contact, marked impersonated, and records its start', async () => {
      const customer = await make.customer();
      const primary = await make.contact({ customerId: customer.id, withPassword: true });
      const res = await loginAs(customer.id);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        accessToken: expect.any(String),
        expiresIn: 900,
        tokenType: 'Bearer',
        contactId: primary.id,
        impersonated: true,
      });
      const claims = jwt.decode(res.body.accessToken);
      expect(claims).toMatchObject({ sub: primary.id, aud: 'crm-portal' });
      expect(claims.exp - claims.iat).toBeLessThanOrEqual(900);
      const read = await me(res.body.accessToken);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ id: primary.id, impersonated: true });
      const trail = await trailOf(primary.id);
      expect(trail).toContainEqual(
        expect.objectContaining({ action: 'login_as_client', actorType: 'staff', actorId: adminId }),
      );
      const activity = await t.get(`customers/${customer.id}/activity`, { token: admin });
      expect(activity.body.data[0]).toMatchObject({ action: 'login_as_client', actor: { type: 'staff', id: adminId } });
    });

    it('records every change with the administrator as actor, on behalf of the contact', async () => {
      const customer = await make.customer();
      const primary = await make.contact({ customerId: customer.id, withPassword: true });
      const { accessToken } = (await loginAs(customer.id)).body;
      expect((await patchMe(accessToken, { title: 'Set by support' })).status).toBe(200);
      const update = (await trailOf(primary.id)).find((e) => e.action === 'update');
      expect(update).toMatchObject({ actorType: 'staff', actorId: adminId, onBehalfOf: primary.id });
      const activity = await t.get(`customers/${customer.id}/activity`, { token: admin });
      expect(activity.body.data[0].actor).toEqual({ type: 'staff', id: adminId, onBehalfOf: primary.id });
    });

    it('cannot change the password (403) and leaves it as it was', async () => {
      const customer = await make.customer();
      const primary = await make.contact({ customerId: customer.id, withPassword: true });
      const { accessToken } = (await loginAs(customer.id)).body;
      const res = await t.post(
        'portal/me/password',
        { currentPassword: FACTORY_PASSWORD, newPassword: 'an-admin-chosen-password' },
        { token: accessToken },
      );
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('IMPERSONATION_CANNOT_CHANGE_PASSWORD');
      const stored = await t.dataSource.getRepository(Contact).findOneByOrFail({ id: primary.id });
      expect(stored.passwordHash).toBe(primary.passwordHash);
    });

    it('is for administrators only, refused without an active primary contact, and its token opens no staff route', async () => {
      const customer = await make.customer();
      expect((await loginAs(customer.id)).status).toBe(409);
      expect((await loginAs(customer.id)).body.code).toBe('NO_ACTIVE_PRIMARY_CONTACT');
      await make.contact({ customerId: customer.id, active: false });
      expect((await loginAs(customer.id)).status).toBe(409);

      const withContact = await make.customer();
      await make.contact({ customerId: withContact.id });
      const editor = await make.staff({ permissions: ['customers.view', 'customers.edit'] });
      expect((await loginAs(withContact.id, await editor.token())).status).toBe(403);
      const inactiveCustomer = await make.customer({ active: false });
      await make.contact({ customerId: inactiveCustomer.id });
      expect((await loginAs(inactiveCustomer.id)).status).toBe(409);
      expect((await loginAs('01890000-0000-7000-8000-000000000000')).status).toBe(404);

      const { accessToken } = (await loginAs(withContact.id)).body;
      expect((await t.get('customers', { token: accessToken })).status).toBe(401);
      expect((await t.get('auth/me', { token: accessToken })).status).toBe(401);
    });

    it("ends when the administrator's sessions end", async () => {
      const other = await make.admin();
      const otherToken = await other.token();
      const customer = await make.customer();
      await make.contact({ customerId: customer.id });
      const { accessToken } = (await loginAs(customer.id, otherToken)).body;
      expect((await me(accessToken)).status).toBe(200);
      expect((await t.post('auth/logout', {}, { token: otherToken })).status).toBe(204);
      expect((await me(accessToken)).status).toBe(401);
    });
  });
});
