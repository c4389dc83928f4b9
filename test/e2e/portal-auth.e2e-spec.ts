import { JwtService } from '@nestjs/jwt';
import { TransactionalConnection } from '@app/database';
import { OneTimeLinks } from '../../src/one-time-links/one-time-links.service';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { Contact } from '../../src/contacts/contact.entity';
import { FACTORY_PASSWORD, Given, startAsAdmin } from '../factories/given';
import { TestApp } from '../helpers/test-app';

const jwt = new JwtService();
/** A problem's body without what differs between any two answers (the request id). */
const comparable = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });

describe('portal sign-in', () => {
  let t: TestApp;
  let make: Given;
  let admin: string;

  beforeAll(async () => {
    ({ t, make, admin } = await startAsAdmin({
      LOGIN_MAX_FAILURES_PER_EMAIL: '3',
      LOGIN_MAX_FAILURES_PER_IP: '500',
    }));
  });
  afterAll(() => t.close());

  const me = (token: string) => t.get('portal/me', { token });
  const logout = (token: string, body: object = {}) => t.post('portal/auth/logout', body, { token });

  describe('login', () => {
    it("answers a pair of the portal's own audience and records the login", async () => {
      const customer = await make.customer();
      const contact = await make.contact({
        customerId: customer.id,
        withPassword: true,
        email: 'Pia.Portal@Example.test',
      });
      const res = await t.post('portal/auth/login', { email: 'pia.portal@example.TEST', password: FACTORY_PASSWORD });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        refreshToken: expect.stringMatching(/^[\w-]{40,}$/),
        expiresIn: 900,
        tokenType: 'Bearer',
      });
      expect(jwt.decode(res.body.accessToken)).toMatchObject({ sub: contact.id, aud: 'crm-portal' });
      const stored = await t.dataSource.getRepository(Contact).findOneByOrFail({ id: contact.id });
      expect(stored.lastLoginAt).toBeInstanceOf(Date);
    });

    it('answers the same 401 and body for every way of failing', async () => {
      const customer = await make.customer();
      const inactiveCustomer = await make.customer({ active: false });
      const right = await make.contact({ customerId: customer.id, withPassword: true });
      const noPassword = await make.contact({ customerId: customer.id, isPrimary: false });
      const inactive = await make.contact({
        customerId: customer.id,
        withPassword: true,
        active: false,
        isPrimary: false,
      });
      const ofInactive = await make.contact({ customerId: inactiveCustomer.id, withPassword: true, active: false });
      const staff = await make.staff();
      const attempts = [
        { email: 'nobody-at-all@example.test', password: FACTORY_PASSWORD },
        { email: right.email, password: 'not-the-password-1' },
        { email: noPassword.email, password: FACTORY_PASSWORD },
        { email: inactive.email, password: FACTORY_PASSWORD },
        { email: ofInactive.email, password: FACTORY_PASSWORD },
        { email: staff.email, password: staff.password },
      ];
      const answers = [];
      for (const attempt of attempts) answers.push(await t.post('portal/auth/login', attempt));
      for (const answer of answers) {
        expect(answer.status).toBe(401);
        expect(answer.body.code).toBe('INVALID_CREDENTIALS');
        expect(comparable(answer.body)).toEqual(comparable(answers[0].body));
      }
    });

    it('is throttled per email like staff sign-in: past the limit even the right password waits', async () => {
      const customer = await make.customer();
      const contact = await make.contact({ customerId: customer.id, withPassword: true });
      const wrong = { email: contact.email, password: 'not-the-password-1' };
      for (let i = 0; i < 3; i++) expect((await t.post('portal/auth/login', wrong)).status).toBe(401);
      const blocked = await t.post('portal/auth/login', { email: contact.email, password: FACTORY_PASSWORD });
      expect(blocked.status).toBe(429);
      expect(blocked.body.code).toBe('TOO_MANY_LOGIN_ATTEMPTS');
      expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/);
    });
  });

  describe('token audiences', () => {
    it('refuses a portal token on every staff route and a staff token on portal routes', async () => {
      const { token } = await make.signedInContact();
      expect((await me(token)).status).toBe(200);
      for (const path of ['auth/me', 'customers', 'settings']) {
        const res = await t.get(path, { token });
        expect(`${path}: ${res.status}`).toBe(`${path}: 401`);
      }
      expect((await me(admin)).status).toBe(401);
      expect((await logout(admin)).status).toBe(401);
    });

    it("refuses a contact's refresh token at staff refresh and a staff refresh token at portal refresh", async () => {
      const { refreshToken } = await make.signedInContact();
      expect((await t.post('auth/refresh', { refreshToken })).status).toBe(401);
      const staff = await make.staff();
      const staffPair = await t.post('auth/login', { email: staff.email, password: staff.password });
      expect((await t.post('portal/auth/refresh', { refreshToken: staffPair.body.refreshToken })).status).toBe(401);
    });
  });

  describe('OpenAPI', () => {
    it('documents a second bearer scheme, used by every portal route and by no staff route', async () => {
      const doc = (await t.get('/docs-json')).body;
      expect(doc.components.securitySchemes.portalBearer).toMatchObject({
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
      });
      const operations = Object.entries<Record<string, any>>(doc.paths).flatMap(([path, item]) =>
        Object.entries<any>(item).map(([method, op]) => ({ route: `${method} ${path}`, security: op.security })),
      );
      const schemes = (security: Array<Record<string, unknown>>) => security.flatMap((s) => Object.keys(s));
      for (const { route, security } of operations) {
        if (schemes(security).length === 0) continue; // public
        const portalRoute = /\/api\/v1\/portal\//.test(route);
        expect(`${route}: ${schemes(security).join(',')}`).toBe(`${route}: ${portalRoute ? 'portalBearer' : 'bearer'}`);
      }
      expect(operations.find((o) => o.route === 'get /api/v1/portal/me')?.security).toEqual([{ portalBearer: [] }]);
    });
  });

  describe('refresh', () => {
    it('rotates, and a refresh token used twice ends its session', async () => {
      const { refreshToken } = await make.signedInContact();
      const first = await t.post('portal/auth/refresh', { refreshToken });
      expect(first.status).toBe(200);
      expect(jwt.decode(first.body.accessToken)).toMatchObject({ aud: 'crm-portal' });
      const reused = await t.post('portal/auth/refresh', { refreshToken });
      expect(reused.status).toBe(401);
      expect(reused.body.code).toBe('INVALID_REFRESH_TOKEN');
      expect((await t.post('portal/auth/refresh', { refreshToken: first.body.refreshToken })).status).toBe(401);
    });
  });

  describe('sessions end at once', () => {
    it('logout with all: true ends the access token in use (remembered or not) and every refresh token', async () => {
      const { contact, token, refreshToken } = await make.signedInContact();
      const other = await make.portalLogin(contact.email);
      expect((await me(token)).status).toBe(200);
      expect((await me(other.accessToken)).status).toBe(200);
      expect((await logout(token, { all: true })).status).toBe(204);
      expect((await me(token)).status).toBe(401);
      expect((await me(other.accessToken)).status).toBe(401);
      expect((await t.post('portal/auth/refresh', { refreshToken })).status).toBe(401);
      expect((await t.post('portal/auth/refresh', { refreshToken: other.refreshToken })).status).toBe(401);
      // signing in again works at once
      expect((await me((await make.portalLogin(contact.email)).accessToken)).status).toBe(200);
    });

    it('logout with a refresh token ends that session only', async () => {
      const { contact, token, refreshToken } = await make.signedInContact();
      const other = await make.portalLogin(contact.email);
      expect((await logout(token, { refreshToken })).status).toBe(204);
      expect((await t.post('portal/auth/refresh', { refreshToken })).status).toBe(401);
      expect((await t.post('portal/auth/refresh', { refreshToken: other.refreshToken })).status).toBe(200);
    });

    it('a password set by staff ends the contact’s tokens', async () => {
      const { contact, token } = await make.signedInContact();
      expect((await me(token)).status).toBe(200);
      const changed = await t.request('PATCH', `contacts/${contact.id}`, {
        body: { password: 'a-brand-new-password' },
        token: admin,
      });
      expect(changed.status).toBe(200);
      expect((await me(token)).status).toBe(401);
      expect((await me((await make.portalLogin(contact.email, 'a-brand-new-password')).accessToken)).status).toBe(200);
    });

    it('deactivating the contact ends its tokens, and reactivating it does not bring them back', async () => {
      const { contact, token } = await make.signedInContact({ isPrimary: false });
      await make.contact({ customerId: contact.customerId, isPrimary: true });
      expect((await me(token)).status).toBe(200);
      const patch = (active: boolean) =>
        t.request('PATCH', `contacts/${contact.id}`, { body: { active }, token: admin });
      expect((await patch(false)).status).toBe(200);
      expect((await me(token)).status).toBe(401);
      expect((await patch(true)).status).toBe(200);
      expect((await me(token)).status).toBe(401);
    });

    it('deactivating the customer ends its contacts’ tokens, also after it is active again', async () => {
      const { customer, token } = await make.signedInContact();
      expect((await me(token)).status).toBe(200);
      const patch = (active: boolean) =>
        t.request('PATCH', `customers/${customer.id}`, { body: { active }, token: admin });
      expect((await patch(false)).status).toBe(200);
      expect((await me(token)).status).toBe(401);
      expect((await patch(true)).status).toBe(200);
      expect((await me(token)).status).toBe(401);
    });

    it('deleting the contact ends its tokens', async () => {
      const { contact, token } = await make.signedInContact({ isPrimary: false });
      await make.contact({ customerId: contact.customerId, isPrimary: true });
      expect((await t.request('DELETE', `contacts/${contact.id}`, { token: admin })).status).toBe(204);
      expect((await me(token)).status).toBe(401);
    });

    it('a password set through a one-time link ends the contact’s tokens', async () => {
      const { contact, token } = await make.signedInContact();
      expect((await me(token)).status).toBe(200);
      const links = t.app.get(OneTimeLinks);
      const linkToken = await t.app
        .get(TransactionalConnection)
        .transaction(() => links.issue('reset_password', contact.id, contact.emailKey));
      const reset = await t.post('portal/auth/reset-password', {
        token: linkToken,
        password: 'reset-by-link-password',
      });
      expect(reset.status).toBe(204);
      expect((await me(token)).status).toBe(401);
      expect((await make.portalLogin(contact.email, 'reset-by-link-password')).accessToken).toEqual(expect.any(String));
    });

    it("a staff member's logout everywhere, password change and deactivation end their access tokens at once", async () => {
      const staff = await make.staff();
      const token = await staff.token();
      expect((await t.get('auth/me', { token })).status).toBe(200);
      expect((await t.post('auth/logout', {}, { token })).status).toBe(204);
      expect((await t.get('auth/me', { token })).status).toBe(401);

      const second = await staff.token();
      const patch = (body: object) => t.request('PATCH', `staff/${staff.staff.id}`, { body, token: admin });
      expect((await patch({ active: false })).status).toBe(200);
      expect((await patch({ active: true })).status).toBe(200);
      expect((await t.get('auth/me', { token: second })).status).toBe(401);

      const third = await staff.token();
      expect((await patch({ password: 'another-password-1' })).status).toBe(200);
      expect((await t.get('auth/me', { token: third })).status).toBe(401);
    });
  });

  it('records what a contact changes with the contact as actor', async () => {
    const { contact, token } = await make.signedInContact();
    const changed = await t.request('PATCH', 'portal/me', { body: { title: 'Buyer' }, token });
    expect(changed.status).toBe(200);
    const events = await t.dataSource.getRepository(AuditEvent).findBy({ entityId: contact.id });
    expect(events.map((e) => [e.actorType, e.actorId, e.onBehalfOf])).toContainEqual(['contact', contact.id, null]);
  });
});
