import { randomBytes } from 'node:crypto';
import { Role } from '../../src/staff/role.entity';
import { Staff } from '../../src/staff/staff.entity';
import { given } from '../factories/given';
import { ApiResponse, TestApp, emptyTables, startTestApp } from '../helpers/test-app';
import { expectProblem } from '../helpers/problems';

const UNKNOWN_UUID = '0190a8f0-0000-7000-8000-000000000000';

function errorFields(res: ApiResponse): string[] {
  return (res.body.errors as Array<{ field: string }>).map((e) => e.field).sort();
}

const unique = () => randomBytes(4).toString('hex');

/** A valid create body with a fresh email; override what the test is about. */
function newStaff(overrides: Record<string, unknown> = {}) {
  return {
    email: `new-${unique()}@example.test`,
    firstName: 'Nora',
    lastName: 'Newcomer',
    password: 'a-long-enough-password',
    ...overrides,
  };
}

const STAFF_KEYS = [
  'active',
  'createdAt',
  'email',
  'firstName',
  'id',
  'isAdmin',
  'language',
  'lastLoginAt',
  'lastName',
  'permissions',
  'roleId',
  'updatedAt',
];

describe('staff and roles', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const staffRows = () => t.dataSource.getRepository(Staff);
  const findStaff = (email: string) => staffRows().findOneBy({ emailKey: email.toLowerCase() });
  const patch = (path: string, body: unknown, token: string) => t.request('PATCH', path, { body, token });
  const del = (path: string, token: string) => t.request('DELETE', path, { token });

  describe('POST staff', () => {
    it('answers 403 FORBIDDEN without staff.create and stores nothing', async () => {
      const viewer = await given(t).staff({ permissions: ['staff.view', 'staff.edit', 'customers.view'] });
      const body = newStaff();
      const before = await staffRows().count();

      const res = await t.post('staff', body, { token: await viewer.token() });

      expectProblem(res, 403, 'FORBIDDEN');
      expect(await findStaff(body.email)).toBeNull();
      expect(await staffRows().count()).toBe(before);
    });

    it('creates a member with the Staff shape, never exposing the password', async () => {
      const creator = await given(t).staff({ permissions: ['staff.create', 'customers.view', 'invoices.view'] });
      const body = newStaff({ permissions: ['invoices.view', 'customers.view'], language: 'de' });

      const res = await t.post('staff', body, { token: await creator.token() });

      expect(res.status).toBe(201);
      expect(Object.keys(res.body).sort()).toEqual(STAFF_KEYS);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
        email: body.email,
        firstName: 'Nora',
        lastName: 'Newcomer',
        isAdmin: false,
        active: true,
        // catalogue order, whatever order was sent
        permissions: ['customers.view', 'invoices.view'],
        language: 'de',
        roleId: null,
        lastLoginAt: null,
        createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/),
        updatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/),
      });
      expect(res.text).not.toContain(body.password);
      expect(res.text.toLowerCase()).not.toContain('password');

      const row = await findStaff(body.email);
      expect(row?.id).toBe(res.body.id);
      expect(row?.passwordHash).toMatch(/^\$argon2id\$/);
      expect(row?.passwordHash).not.toContain(body.password);

      const fetched = await t.get(`staff/${res.body.id}`, {
        token: await given(t).login(creator.email, creator.password),
      });
      expect(fetched.status).toBe(403); // the creator lacks staff.view
    });

    it('lets the created member log in and see their own permissions', async () => {
      const admin = await given(t).admin();
      const body = newStaff({ permissions: ['customers.view_own', 'reports.view'] });
      const created = await t.post('staff', body, { token: await admin.token() });
      expect(created.status).toBe(201);

      const login = await t.post('auth/login', { email: body.email, password: body.password });
      expect(login.status).toBe(200);
      expect(typeof login.body.accessToken).toBe('string');
      expect(typeof login.body.refreshToken).toBe('string');

      const me = await t.get('auth/me', { token: login.body.accessToken });
      expect(me.status).toBe(200);
      expect(me.body.id).toBe(created.body.id);
      expect(me.body.email).toBe(body.email);
      expect(me.body.permissions).toEqual(['customers.view_own', 'reports.view']);
      expect(me.body).not.toHaveProperty('password');
      expect(me.body).not.toHaveProperty('passwordHash');
      expect(me.body.lastLoginAt).not.toBeNull();

      const wrong = await t.post('auth/login', { email: body.email, password: 'not-the-password' });
      expect(wrong.status).toBe(401);
    });

    it('refuses to grant capabilities the creator does not hold: 403 PERMISSION_ESCALATION', async () => {
      const creator = await given(t).staff({ permissions: ['staff.create', 'customers.view'] });
      const body = newStaff({ permissions: ['customers.view', 'settings.edit', 'staff.delete'] });

      const res = await t.post('staff', body, { token: await creator.token() });

      expectProblem(res, 403, 'PERMISSION_ESCALATION');
      // names exactly the capabilities beyond the creator's own
      expect(res.body.permissions).toEqual(['settings.edit', 'staff.delete']);
      expect(await findStaff(body.email)).toBeNull();
    });

    it('refuses a non-admin creating an administrator: 403 ADMIN_REQUIRED', async () => {
      const creator = await given(t).staff({ permissions: ['staff.create'] });
      const body = newStaff({ isAdmin: true });

      const res = await t.post('staff', body, { token: await creator.token() });

      expectProblem(res, 403, 'ADMIN_REQUIRED');
      expect(await findStaff(body.email)).toBeNull();
    });

    it('lets an administrator grant any capability and create administrators', async () => {
      const admin = await given(t).admin();
      const token = await admin.token();

      const powerful = newStaff({ permissions: ['settings.edit', 'staff.delete'] });
      const res1 = await t.post('staff', powerful, { token });
      expect(res1.status).toBe(201);
      expect(res1.body.permissions).toEqual(['settings.edit', 'staff.delete']);

      const otherAdmin = newStaff({ isAdmin: true });
      const res2 = await t.post('staff', otherAdmin, { token });
      expect(res2.status).toBe(201);
      expect(res2.body.isAdmin).toBe(true);
      expect((await findStaff(otherAdmin.email))?.isAdmin).toBe(true);
    });

    it('answers 409 STAFF_EMAIL_TAKEN for an email that differs only in case', async () => {
      const admin = await given(t).admin();
      const token = await admin.token();
      const tag = unique();
      const first = await t.post('staff', newStaff({ email: `sam-${tag}@example.test`, firstName: 'First' }), {
        token,
      });
      expect(first.status).toBe(201);

      const res = await t.post('staff', newStaff({ email: `Sam-${tag}@Example.test`, firstName: 'Second' }), {
        token,
      });

      expectProblem(res, 409, 'STAFF_EMAIL_TAKEN');
      const rows = await staffRows().findBy({ emailKey: `sam-${tag}@example.test` });
      expect(rows.map((r) => r.firstName)).toEqual(['First']);
    });

    it('rejects invalid bodies with 400 VALIDATION_FAILED naming each field, storing nothing', async () => {
      const admin = await given(t).admin();
      const token = await admin.token();
      const before = await staffRows().count();

      const cases: Array<[Record<string, unknown>, string]> = [
        [{ nickname: 'Sammy' }, 'nickname'],
        [{ email: 'not-an-email' }, 'email'],
        [{ password: 'short' }, 'password'],
        [{ permissions: ['customers.view', 'customers.fly'] }, 'permissions'],
        [{ language: 'xx' }, 'language'],
      ];
      for (const [override, field] of cases) {
        const res = await t.post('staff', newStaff(override), { token });
        expectProblem(res, 400, 'VALIDATION_FAILED');
        expect(errorFields(res)).toEqual([field]);
      }

      const all = await t.post(
        'staff',
        newStaff({ nickname: 'x', email: 'nope', password: 'short', permissions: ['nope.view'], language: 'xx' }),
        { token },
      );
      expectProblem(all, 400, 'VALIDATION_FAILED');
      expect(errorFields(all)).toEqual(['email', 'language', 'nickname', 'password', 'permissions']);

      expect(await staffRows().count()).toBe(before);
    });
  });

  describe('GET staff', () => {
    const tag = `lst${unique()}`;
    let token: string;

    beforeAll(async () => {
      const admin = await given(t).admin({ firstName: 'Zed', lastName: 'Admin' });
      token = await admin.token();
      await given(t).staff({ email: `${tag}-b@example.test`, firstName: 'Bea', lastName: `${tag}Alpha` });
      await given(t).staff({ email: `${tag}-a@example.test`, firstName: 'Cal', lastName: `${tag}Beta` });
      await given(t).staff({
        email: `${tag}-c@example.test`,
        firstName: `${tag}Dora`,
        lastName: 'Gamma',
        active: false,
      });
    });

    it('answers a page with data and meta', async () => {
      const res = await t.get('staff', { token });
      expect(res.status).toBe(200);
      const total = await staffRows().count();
      expect(res.body.meta).toEqual({ page: 1, pageSize: 25, total });
      expect(res.body.data).toHaveLength(Math.min(total, 25));
      expect(Object.keys(res.body.data[0]).sort()).toEqual(STAFF_KEYS);
      expect(res.text).not.toMatch(/password/i);
    });

    it('pages with pageSize and page', async () => {
      const first = await t.get(`staff?q=${tag}&pageSize=1&sort=email`, { token });
      expect(first.status).toBe(200);
      expect(first.body.meta).toEqual({ page: 1, pageSize: 1, total: 3 });
      expect(first.body.data.map((s: Staff) => s.email)).toEqual([`${tag}-a@example.test`]);

      const second = await t.get(`staff?q=${tag}&pageSize=1&page=2&sort=email`, { token });
      expect(second.body.meta).toEqual({ page: 2, pageSize: 1, total: 3 });
      expect(second.body.data.map((s: Staff) => s.email)).toEqual([`${tag}-b@example.test`]);
    });

    it('searches by prefix of email, first name or last name', async () => {
      const all = await t.get(`staff?q=${tag}&sort=email`, { token });
      expect(all.status).toBe(200);
      expect(all.body.data.map((s: Staff) => s.email)).toEqual([
        `${tag}-a@example.test`,
        `${tag}-b@example.test`,
        `${tag}-c@example.test`,
      ]);

      const byLastName = await t.get(`staff?q=${tag.toUpperCase()}ALP`, { token });
      expect(byLastName.body.data.map((s: Staff) => s.email)).toEqual([`${tag}-b@example.test`]);

      const byFirstName = await t.get(`staff?q=${tag}dora`, { token });
      expect(byFirstName.body.data.map((s: Staff) => s.email)).toEqual([`${tag}-c@example.test`]);

      // a prefix, not a substring
      const infix = await t.get(`staff?q=${tag.slice(2)}`, { token });
      expect(infix.body.meta.total).toBe(0);
      expect(infix.body.data).toEqual([]);

      // LIKE wildcards and quotes in a search are plain characters, never patterns or SQL
      for (const q of ['%', '_', `${tag.slice(0, 2)}%`, "' OR 1=1 --", '!']) {
        const res = await t.get(`staff?q=${encodeURIComponent(q)}`, { token });
        expect({ q, status: res.status, total: res.body.meta.total }).toEqual({ q, status: 200, total: 0 });
      }
    });

    it('sorts descending with -field', async () => {
      const res = await t.get(`staff?q=${tag}&sort=-email`, { token });
      expect(res.status).toBe(200);
      expect(res.body.data.map((s: Staff) => s.email)).toEqual([
        `${tag}-c@example.test`,
        `${tag}-b@example.test`,
        `${tag}-a@example.test`,
      ]);
    });

    it('filters by active', async () => {
      const inactive = await t.get(`staff?q=${tag}&active=false`, { token });
      expect(inactive.status).toBe(200);
      expect(inactive.body.data.map((s: Staff) => s.email)).toEqual([`${tag}-c@example.test`]);
      expect(inactive.body.meta.total).toBe(1);

      const active = await t.get(`staff?q=${tag}&active=true&sort=email`, { token });
      expect(active.body.data.map((s: Staff) => s.email)).toEqual([`${tag}-a@example.test`, `${tag}-b@example.test`]);

      const everyInactive = await t.get('staff?active=false&pageSize=100', { token });
      expect(everyInactive.body.data.length).toBeGreaterThan(0);
      expect(everyInactive.body.data.every((s: Staff) => s.active === false)).toBe(true);
      expect(everyInactive.body.meta.total).toBe(await staffRows().countBy({ active: false }));
    });

    it('rejects an unknown sort field, a pageSize over 100 and a bad active filter with 400', async () => {
      const sort = await t.get('staff?sort=passwordHash', { token });
      expectProblem(sort, 400, 'VALIDATION_FAILED');
      expect(errorFields(sort)).toEqual(['sort']);

      const size = await t.get('staff?pageSize=101', { token });
      expectProblem(size, 400, 'VALIDATION_FAILED');
      expect(errorFields(size)).toEqual(['pageSize']);

      const max = await t.get('staff?pageSize=100', { token });
      expect(max.status).toBe(200);

      const active = await t.get('staff?active=maybe', { token });
      expectProblem(active, 400, 'VALIDATION_FAILED');
      expect(errorFields(active)).toEqual(['active']);
    });

    it('needs staff.view', async () => {
      const outsider = await given(t).staff({ permissions: ['staff.create', 'customers.view'] });
      const res = await t.get('staff', { token: await outsider.token() });
      expectProblem(res, 403, 'FORBIDDEN');

      const anonymous = await t.get('staff');
      expectProblem(anonymous, 401, 'UNAUTHORIZED');
    });
  });

  describe('GET staff/{id}', () => {
    it('answers one member, 400 for a non-UUID id and 404 NOT_FOUND for an unknown one', async () => {
      const viewer = await given(t).staff({ permissions: ['staff.view'] });
      const token = await viewer.token();
      const other = await given(t).staff({ permissions: ['customers.view'], language: 'fr' });

      const res = await t.get(`staff/${other.staff.id}`, { token });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: other.staff.id,
        email: other.email,
        permissions: ['customers.view'],
        language: 'fr',
      });

      const bad = await t.get('staff/123', { token });
      expectProblem(bad, 400, 'VALIDATION_FAILED');
      expect(errorFields(bad)).toEqual(['id']);

      const missing = await t.get(`staff/${UNKNOWN_UUID}`, { token });
      expectProblem(missing, 404, 'NOT_FOUND');
    });
  });

  describe('PATCH staff/{id}', () => {
    it('applies a removed capability on the very next request of that member', async () => {
      const admin = await given(t).admin();
      const member = await given(t).staff({ permissions: ['staff.view', 'customers.view'] });
      const memberToken = await member.token();
      expect((await t.get('staff', { token: memberToken })).status).toBe(200);

      const res = await patch(`staff/${member.staff.id}`, { permissions: ['customers.view'] }, await admin.token());
      expect(res.status).toBe(200);
      expect(res.body.permissions).toEqual(['customers.view']);

      const me = await t.get('auth/me', { token: memberToken });
      expect(me.status).toBe(200);
      expect(me.body.permissions).toEqual(['customers.view']);
      expectProblem(await t.get('staff', { token: memberToken }), 403, 'FORBIDDEN');
    });

    it('applies an added capability at once too', async () => {
      const admin = await given(t).admin();
      const member = await given(t).staff({ permissions: [] });
      const memberToken = await member.token();
      expectProblem(await t.get('staff', { token: memberToken }), 403, 'FORBIDDEN');

      const res = await patch(`staff/${member.staff.id}`, { permissions: ['staff.view'] }, await admin.token());
      expect(res.status).toBe(200);
      expect((await t.get('staff', { token: memberToken })).status).toBe(200);
    });

    it('ends the sessions of a deactivated member at once', async () => {
      const admin = await given(t).admin();
      const member = await given(t).staff({ permissions: ['staff.view'] });
      const signIn = () => t.post('auth/login', { email: member.email, password: member.password });
      const first = await signIn();
      const second = await signIn(); // a second session, e.g. another device
      expect(first.status).toBe(200);
      expect(second.status).toBe(200);
      const { accessToken, refreshToken } = first.body;
      expect((await t.get('auth/me', { token: accessToken })).status).toBe(200);

      const res = await patch(`staff/${member.staff.id}`, { active: false }, await admin.token());
      expect(res.status).toBe(200);
      expect(res.body.active).toBe(false);

      expectProblem(await t.get('auth/me', { token: accessToken }), 401, 'UNAUTHORIZED');
      expectProblem(await t.get('staff', { token: accessToken }), 401, 'UNAUTHORIZED');
      expect((await t.post('auth/refresh', { refreshToken })).status).toBe(401);
      expect((await signIn()).status).toBe(401);

      // the sessions were ended, not just suspended: reactivated, the other session's refresh token stays dead
      const back = await patch(`staff/${member.staff.id}`, { active: true }, await admin.token());
      expect(back.status).toBe(200);
      expect((await t.post('auth/refresh', { refreshToken: second.body.refreshToken })).status).toBe(401);
      expect((await signIn()).status).toBe(200);
    });

    it('answers 403 ADMIN_REQUIRED when a non-admin edits an administrator, changing nothing', async () => {
      const editor = await given(t).staff({ permissions: ['staff.view', 'staff.edit'] });
      const admin = await given(t).admin({ firstName: 'Ada' });

      const res = await patch(`staff/${admin.staff.id}`, { firstName: 'Hacked' }, await editor.token());

      expectProblem(res, 403, 'ADMIN_REQUIRED');
      expect((await staffRows().findOneByOrFail({ id: admin.staff.id })).firstName).toBe('Ada');
    });

    it('answers 403 PERMISSION_ESCALATION when a non-admin grants what they lack, changing nothing', async () => {
      const editor = await given(t).staff({ permissions: ['staff.view', 'staff.edit', 'customers.view'] });
      const member = await given(t).staff({ permissions: ['customers.view'] });
      const token = await editor.token();

      const up = await patch(`staff/${member.staff.id}`, { permissions: ['customers.view', 'settings.edit'] }, token);
      expectProblem(up, 403, 'PERMISSION_ESCALATION');
      const admin = await patch(`staff/${member.staff.id}`, { isAdmin: true }, token);
      expectProblem(admin, 403, 'ADMIN_REQUIRED');

      const row = await staffRows().findOneByOrFail({ id: member.staff.id });
      expect(row.permissions).toEqual(['customers.view']);
      expect(row.isAdmin).toBe(false);

      const fine = await patch(`staff/${member.staff.id}`, { lastName: 'Renamed' }, token);
      expect(fine.status).toBe(200);
      expect(fine.body.lastName).toBe('Renamed');
    });

    it('keeps the last active administrator: 409 LAST_ADMINISTRATOR, allowed with a second one', async () => {
      await emptyTables(t.dataSource);
      const only = await given(t).admin();
      const token = await only.token();

      expectProblem(await patch(`staff/${only.staff.id}`, { isAdmin: false }, token), 409, 'LAST_ADMINISTRATOR');
      expectProblem(await patch(`staff/${only.staff.id}`, { active: false }, token), 409, 'LAST_ADMINISTRATOR');
      const row = await staffRows().findOneByOrFail({ id: only.staff.id });
      expect(row.isAdmin).toBe(true);
      expect(row.active).toBe(true);

      // an inactive administrator does not count
      await given(t).admin({ active: false });
      expectProblem(await patch(`staff/${only.staff.id}`, { isAdmin: false }, token), 409, 'LAST_ADMINISTRATOR');
      expect((await staffRows().findOneByOrFail({ id: only.staff.id })).isAdmin).toBe(true);

      const second = await given(t).admin();
      const demoted = await patch(`staff/${only.staff.id}`, { isAdmin: false }, token);
      expect(demoted.status).toBe(200);
      expect(demoted.body.isAdmin).toBe(false);

      // now the second is the last one
      const secondToken = await second.token();
      expectProblem(await patch(`staff/${second.staff.id}`, { active: false }, secondToken), 409, 'LAST_ADMINISTRATOR');
      const third = await given(t).admin();
      const deactivated = await patch(`staff/${second.staff.id}`, { active: false }, secondToken);
      expect(deactivated.status).toBe(200);
      expect(deactivated.body.active).toBe(false);
      expect((await staffRows().findOneByOrFail({ id: third.staff.id })).isAdmin).toBe(true);
    });

    it('answers 409 STAFF_EMAIL_TAKEN when renaming onto another email, any case', async () => {
      const admin = await given(t).admin();
      const a = await given(t).staff();
      const b = await given(t).staff();

      const res = await patch(`staff/${b.staff.id}`, { email: a.email.toUpperCase() }, await admin.token());

      expectProblem(res, 409, 'STAFF_EMAIL_TAKEN');
      expect((await staffRows().findOneByOrFail({ id: b.staff.id })).email).toBe(b.email);
    });

    it('answers 404 for an unknown member and 400 for unknown properties', async () => {
      const admin = await given(t).admin();
      const token = await admin.token();
      const member = await given(t).staff({ lastName: 'Before' });

      expectProblem(await patch(`staff/${UNKNOWN_UUID}`, { firstName: 'X' }, token), 404, 'NOT_FOUND');
      const res = await patch(`staff/${member.staff.id}`, { lastName: 'After', passwordHash: 'x' }, token);
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(errorFields(res)).toEqual(['passwordHash']);
      expect((await staffRows().findOneByOrFail({ id: member.staff.id })).lastName).toBe('Before');
    });
  });

  describe('DELETE staff/{id}', () => {
    it('refuses deleting yourself: 409 CANNOT_DELETE_SELF', async () => {
      const admin = await given(t).admin();
      await given(t).admin(); // not the last administrator either
      const res = await del(`staff/${admin.staff.id}`, await admin.token());
      expectProblem(res, 409, 'CANNOT_DELETE_SELF');
      expect(await staffRows().existsBy({ id: admin.staff.id })).toBe(true);
    });

    it('deletes another member: 204, then 404, and their sessions end', async () => {
      const admin = await given(t).admin();
      const token = await admin.token();
      const member = await given(t).staff({ permissions: ['staff.view'] });
      const login = await t.post('auth/login', { email: member.email, password: member.password });

      const res = await del(`staff/${member.staff.id}`, token);
      expect(res.status).toBe(204);
      expect(res.text).toBe('');

      expectProblem(await t.get(`staff/${member.staff.id}`, { token }), 404, 'NOT_FOUND');
      expect(await staffRows().existsBy({ id: member.staff.id })).toBe(false);
      expectProblem(await t.get('auth/me', { token: login.body.accessToken }), 401, 'UNAUTHORIZED');
      expect((await t.post('auth/refresh', { refreshToken: login.body.refreshToken })).status).toBe(401);

      expectProblem(await del(`staff/${member.staff.id}`, token), 404, 'NOT_FOUND');
    });

    it('needs staff.delete', async () => {
      const editor = await given(t).staff({ permissions: ['staff.view', 'staff.create', 'staff.edit'] });
      const member = await given(t).staff();

      const res = await del(`staff/${member.staff.id}`, await editor.token());

      expectProblem(res, 403, 'FORBIDDEN');
      expect(await staffRows().existsBy({ id: member.staff.id })).toBe(true);
    });

    it('lets a non-admin with staff.delete delete members but not administrators', async () => {
      const deleter = await given(t).staff({ permissions: ['staff.delete'] });
      const token = await deleter.token();
      const admin = await given(t).admin();
      const member = await given(t).staff();

      expectProblem(await del(`staff/${admin.staff.id}`, token), 403, 'ADMIN_REQUIRED');
      expect(await staffRows().existsBy({ id: admin.staff.id })).toBe(true);
      expect((await del(`staff/${member.staff.id}`, token)).status).toBe(204);
      expect(await staffRows().existsBy({ id: member.staff.id })).toBe(false);
    });
  });

  describe('roles', () => {
    let admin: string;

    beforeEach(async () => {
      admin = await (await given(t).admin()).token();
    });

    const createRole = async (permissions: string[], name = `Role ${unique()}`) => {
      const res = await t.post('roles', { name, permissions }, { token: admin });
      expect(res.status).toBe(201);
      return res.body as { id: string; name: string; permissions: string[] };
    };

    it('creates a role: 201 with id, name and permissions', async () => {
      const name = `Sales ${unique()}`;
      const res = await t.post('roles', { name, permissions: ['invoices.view', 'customers.view'] }, { token: admin });

      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name,
        permissions: ['customers.view', 'invoices.view'],
      });
      const fetched = await t.get(`roles/${res.body.id}`, { token: admin });
      expect(fetched.status).toBe(200);
      expect(fetched.body).toEqual(res.body);
      const list = await t.get(`roles?q=${encodeURIComponent(name.toLowerCase())}`, { token: admin });
      expect(list.status).toBe(200);
      expect(list.body).toEqual({ data: [res.body], meta: { page: 1, pageSize: 25, total: 1 } });
    });

    it('answers 409 ROLE_NAME_TAKEN for a name differing only in case', async () => {
      const tag = unique();
      await createRole(['customers.view'], `Support ${tag}`);

      const res = await t.post('roles', { name: `SUPPORT ${tag}`, permissions: [] }, { token: admin });

      expectProblem(res, 409, 'ROLE_NAME_TAKEN');
      expect(await t.dataSource.getRepository(Role).countBy({ nameKey: `support ${tag}` })).toBe(1);
    });

    it('refuses a role with capabilities the creator lacks, and unknown capabilities', async () => {
      const creator = await given(t).staff({ permissions: ['staff.create', 'customers.view'] });
      const name = `Escalate ${unique()}`;
      const res = await t.post(
        'roles',
        { name, permissions: ['customers.view', 'settings.edit'] },
        { token: await creator.token() },
      );
      expectProblem(res, 403, 'PERMISSION_ESCALATION');

      const unknown = await t.post('roles', { name, permissions: ['customers.fly'] }, { token: admin });
      expectProblem(unknown, 400, 'VALIDATION_FAILED');
      expect(errorFields(unknown)).toEqual(['permissions']);
      expect(await t.dataSource.getRepository(Role).countBy({ nameKey: name.toLowerCase() })).toBe(0);
    });

    it("gives a member created with a role and no permissions the role's permissions", async () => {
      const role = await createRole(['customers.view', 'estimates.create', 'reports.view']);
      const body = newStaff({ roleId: role.id });

      const res = await t.post('staff', body, { token: admin });

      expect(res.status).toBe(201);
      expect(res.body.roleId).toBe(role.id);
      expect(res.body.permissions).toEqual(['customers.view', 'estimates.create', 'reports.view']);
      const row = await findStaff(body.email);
      expect(row?.roleId).toBe(role.id);
      expect(row?.permissions).toEqual(['customers.view', 'estimates.create', 'reports.view']);
    });

    it("refuses a non-admin creating a member with a role beyond the creator's own capabilities", async () => {
      const role = await createRole(['customers.view', 'settings.edit']);
      const creator = await given(t).staff({ permissions: ['staff.create', 'customers.view'] });
      const body = newStaff({ roleId: role.id });

      const res = await t.post('staff', body, { token: await creator.token() });

      expectProblem(res, 403, 'PERMISSION_ESCALATION');
      expect(await findStaff(body.email)).toBeNull();
    });

    it('answers 400 naming roleId for an unknown role, storing nothing', async () => {
      const body = newStaff({ roleId: UNKNOWN_UUID });

      const res = await t.post('staff', body, { token: admin });

      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.errors[0].field).toBe('roleId');
      expect(await findStaff(body.email)).toBeNull();

      const withPermissions = await t.post('staff', newStaff({ roleId: UNKNOWN_UUID, permissions: [] }), {
        token: admin,
      });
      expectProblem(withPermissions, 400, 'VALIDATION_FAILED');
      expect(withPermissions.body.errors[0].field).toBe('roleId');
    });

    it("replaces its members' permissions on PATCH with applyToStaff, and only then", async () => {
      const role = await createRole(['customers.view']);
      const a = await t.post('staff', newStaff({ roleId: role.id }), { token: admin });
      const b = await t.post('staff', newStaff({ roleId: role.id }), { token: admin });
      const outsider = await given(t).staff({ permissions: ['customers.view'] });
      const memberToken = await given(t).login(a.body.email, 'a-long-enough-password');

      const plain = await patch(`roles/${role.id}`, { permissions: ['customers.view', 'invoices.view'] }, admin);
      expect(plain.status).toBe(200);
      expect(plain.body.permissions).toEqual(['customers.view', 'invoices.view']);
      expect((await staffRows().findOneByOrFail({ id: a.body.id })).permissions).toEqual(['customers.view']);

      const applied = await patch(
        `roles/${role.id}`,
        { permissions: ['staff.view', 'invoices.view'], applyToStaff: true },
        admin,
      );
      expect(applied.status).toBe(200);
      for (const id of [a.body.id, b.body.id]) {
        const member = await t.get(`staff/${id}`, { token: admin });
        expect(member.body.permissions).toEqual(['invoices.view', 'staff.view']);
        expect(member.body.roleId).toBe(role.id);
      }
      expect((await staffRows().findOneByOrFail({ id: outsider.staff.id })).permissions).toEqual(['customers.view']);
      // and it takes effect on the members' existing tokens
      expect((await t.get('staff', { token: memberToken })).status).toBe(200);
    });

    it('answers 409 ROLE_NAME_TAKEN when renaming onto another role, 404 for an unknown role', async () => {
      const one = await createRole([]);
      const two = await createRole([]);

      expectProblem(await patch(`roles/${two.id}`, { name: one.name.toUpperCase() }, admin), 409, 'ROLE_NAME_TAKEN');
      expect((await t.get(`roles/${two.id}`, { token: admin })).body.name).toBe(two.name);
      expectProblem(await patch(`roles/${UNKNOWN_UUID}`, { name: 'x' }, admin), 404, 'NOT_FOUND');
      expectProblem(await t.get(`roles/${UNKNOWN_UUID}`, { token: admin }), 404, 'NOT_FOUND');
    });

    it('deletes a role: 204, its members keep their permissions and lose the role', async () => {
      const role = await createRole(['customers.view', 'payments.view']);
      const member = await t.post('staff', newStaff({ roleId: role.id }), { token: admin });
      expect(member.status).toBe(201);

      const res = await del(`roles/${role.id}`, admin);
      expect(res.status).toBe(204);

      expectProblem(await t.get(`roles/${role.id}`, { token: admin }), 404, 'NOT_FOUND');
      const after = await t.get(`staff/${member.body.id}`, { token: admin });
      expect(after.status).toBe(200);
      expect(after.body.roleId).toBeNull();
      expect(after.body.permissions).toEqual(['customers.view', 'payments.view']);
      expect((await staffRows().findOneByOrFail({ id: member.body.id })).roleId).toBeNull();

      expectProblem(await del(`roles/${role.id}`, admin), 404, 'NOT_FOUND');
    });

    it('needs staff.create to create and staff.delete to delete roles', async () => {
      const role = await createRole([]);
      const viewer = await given(t).staff({ permissions: ['staff.view', 'staff.edit'] });
      const token = await viewer.token();
      const name = `Nope ${unique()}`;

      expectProblem(await t.post('roles', { name, permissions: [] }, { token }), 403, 'FORBIDDEN');
      expect(await t.dataSource.getRepository(Role).countBy({ nameKey: name.toLowerCase() })).toBe(0);
      expectProblem(await del(`roles/${role.id}`, token), 403, 'FORBIDDEN');
      expect((await t.get(`roles/${role.id}`, { token })).status).toBe(200);
    });
  });

  describe('GET permissions', () => {
    it('shows the capability catalogue to any signed-in staff member', async () => {
      const nobody = await given(t).staff({ permissions: [] });

      const res = await t.get('permissions', { token: await nobody.token() });

      expect(res.status).toBe(200);
      expect(res.body.capabilities).toEqual(expect.arrayContaining(['customers.view_own', 'staff.create']));
      expect(res.body.capabilities).not.toContain('staff.view_own');
      const staffFeature = res.body.features.find((f: { feature: string }) => f.feature === 'staff');
      expect(staffFeature.capabilities).toEqual(['view', 'create', 'edit', 'delete']);

      expectProblem(await t.get('permissions'), 401, 'UNAUTHORIZED');
    });
  });
});
