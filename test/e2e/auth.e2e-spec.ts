import { JwtService } from '@nestjs/jwt';
import { TransactionalConnection } from '@app/database';
import { PasswordHasher } from '../../src/passwords/password-hasher';
import { AppConfig } from '../../src/config/environment';
import { StaffService } from '../../src/staff/staff.service';
import { FirstAdministrator } from '../../src/staff/first-administrator';
import { Staff } from '../../src/staff/staff.entity';
import { SystemSetting } from '../../src/system/system-setting.entity';
import Redis from 'ioredis';
import { ThrottleBucket } from '../../src/throttling/throttle-bucket.entity';
import { Given, given } from '../factories/given';
import { TEST_JWT_SECRET, TestApp, startTestApp } from '../helpers/test-app';

const jwt = new JwtService();
const withoutRequestId = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });

function signed(
  sub: string,
  overrides: { secret?: string; audience?: string; issuer?: string; expiresIn?: number; iat?: number } = {},
) {
  const now = Math.floor(Date.now() / 1000);
  return jwt.sign(
    { sub, typ: 'access', iat: overrides.iat ?? now },
    {
      secret: overrides.secret ?? TEST_JWT_SECRET,
      algorithm: 'HS256',
      audience: overrides.audience ?? 'crm-admin',
      issuer: overrides.issuer ?? 'crm-customers',
      expiresIn: overrides.expiresIn ?? 900,
    },
  );
}

describe('staff sign-in', () => {
  let t: TestApp;
  let make: Given;

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_FAILURES_PER_EMAIL: '50', LOGIN_MAX_FAILURES_PER_IP: '500' });
    make = given(t);
  });
  afterAll(() => t.close());

  describe('login', () => {
    it('answers a token pair and records the login', async () => {
      const member = await make.staff({ email: 'Login.Case@Example.test' });
      const res = await t.post('auth/login', { email: 'login.case@example.TEST', password: member.password });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        refreshToken: expect.stringMatching(/^[\w-]{40,}$/),
        expiresIn: 900,
        tokenType: 'Bearer',
      });
      const header = JSON.parse(Buffer.from(res.body.accessToken.split('.')[0], 'base64url').toString());
      expect(header.alg).toBe('HS256');
      const claims = jwt.decode(res.body.accessToken);
      expect(claims).toMatchObject({ sub: member.staff.id, iss: 'crm-customers', aud: 'crm-admin' });
      expect(claims.exp - claims.iat).toBe(900);
      const stored = await t.dataSource.getRepository(Staff).findOneByOrFail({ id: member.staff.id });
      expect(stored.lastLoginAt).toBeInstanceOf(Date);
    });

    it('answers the same 401 for an unknown email, a wrong password and an inactive account', async () => {
      const member = await make.staff();
      const inactive = await make.staff({ active: false });
      const unknown = await t.post('auth/login', { email: 'nobody@example.test', password: 'whatever-password' });
      const wrong = await t.post('auth/login', { email: member.email, password: 'wrong-password' });
      const disabled = await t.post('auth/login', { email: inactive.email, password: inactive.password });
      for (const res of [unknown, wrong, disabled]) {
        expect(res.status).toBe(401);
        expect(res.body.code).toBe('INVALID_CREDENTIALS');
      }
      expect(withoutRequestId(wrong.body)).toEqual(withoutRequestId(unknown.body));
      expect(withoutRequestId(disabled.body)).toEqual(withoutRequestId(unknown.body));
    });

    it('rejects a malformed login body with 400 and the fields', async () => {
      const res = await t.post('auth/login', { email: 5, extra: true });
      expect(res.status).toBe(400);
      const fields = new Set(res.body.errors.map((e: { field: string }) => e.field));
      expect(fields).toEqual(new Set(['email', 'extra', 'password']));
    });
  });

  describe('access tokens', () => {
    it('opens auth/me with the Staff shape', async () => {
      const member = await make.staff({ permissions: ['customers.view', 'staff.view'], language: 'fr' });
      const res = await t.get('auth/me', { token: await member.token() });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        id: member.staff.id,
        email: member.email,
        firstName: member.staff.firstName,
        lastName: member.staff.lastName,
        isAdmin: false,
        active: true,
        permissions: ['customers.view', 'staff.view'],
        language: 'fr',
        roleId: null,
        lastLoginAt: expect.any(String),
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(res.body).not.toHaveProperty('passwordHash');
    });

    it('accepts a token signed exactly as the server signs them (control)', async () => {
      const member = await make.staff();
      expect((await t.get('auth/me', { token: signed(member.staff.id) })).status).toBe(200);
    });

    it.each([
      ['expired', { expiresIn: -10 }],
      ['signed with another secret', { secret: 'another-secret-that-is-long-enough-0123456789' }],
      ['for another audience', { audience: 'crm-portal' }],
      ['from another issuer', { issuer: 'someone-else' }],
      ['older than 15 minutes', { iat: Math.floor(Date.now() / 1000) - 3600, expiresIn: 7200 }],
    ])('refuses a token %s with 401', async (_label, overrides) => {
      const member = await make.staff();
      const res = await t.get('auth/me', { token: signed(member.staff.id, overrides) });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHORIZED');
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
    });

    it('refuses an unsigned token (alg none) and garbage', async () => {
      const member = await make.staff();
      const encode = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: member.staff.id, typ: 'access', iss: 'crm-customers', aud: 'crm-admin', iat: now, exp: now + 600 })}.`;
      expect((await t.get('auth/me', { token: unsigned })).status).toBe(401);
      expect((await t.get('auth/me', { token: 'not-a-token' })).status).toBe(401);
      expect((await t.get('auth/me', { headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } })).status).toBe(401);
    });

    it('refuses a deactivated staff member at once, even with a valid token', async () => {
      const member = await make.staff();
      const token = await member.token();
      expect((await t.get('auth/me', { token })).status).toBe(200);
      await t.dataSource.getRepository(Staff).update({ id: member.staff.id }, { active: false });
      expect((await t.get('auth/me', { token })).status).toBe(401);
    });

    it('applies a removed capability on the next request', async () => {
      const member = await make.staff({ permissions: ['staff.view'] });
      const token = await member.token();
      expect((await t.get('staff', { token })).status).toBe(200);
      await t.dataSource.getRepository(Staff).update({ id: member.staff.id }, { permissions: [] });
      const res = await t.get('staff', { token });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    });

    it("answers in the staff member's language, else by Accept-Language", async () => {
      const german = await make.staff({ language: 'de' });
      const neutral = await make.staff({ language: null });
      const headers = { 'accept-language': 'es' };
      expect((await t.get('staff', { token: await german.token(), headers })).body.title).toBe('Verboten');
      expect((await t.get('staff', { token: await neutral.token(), headers })).body.title).toBe('Prohibido');
    });
  });

  describe('refresh tokens', () => {
    const login = async () => {
      const member = await make.staff();
      return { member, pair: (await t.post('auth/login', { email: member.email, password: member.password })).body };
    };

    it('rotates: a refresh token gives a new working pair', async () => {
      const { member, pair } = await login();
      const res = await t.post('auth/refresh', { refreshToken: pair.refreshToken });
      expect(res.status).toBe(200);
      expect(res.body.refreshToken).not.toBe(pair.refreshToken);
      const me = await t.get('auth/me', { token: res.body.accessToken });
      expect(me.body.id).toBe(member.staff.id);
      expect((await t.post('auth/refresh', { refreshToken: res.body.refreshToken })).status).toBe(200);
    });

    it('revokes the whole family when a used refresh token comes back', async () => {
      const { pair } = await login();
      const rotated = (await t.post('auth/refresh', { refreshToken: pair.refreshToken })).body;
      const reuse = await t.post('auth/refresh', { refreshToken: pair.refreshToken });
      expect(reuse.status).toBe(401);
      expect(reuse.body.code).toBe('INVALID_REFRESH_TOKEN');
      expect((await t.post('auth/refresh', { refreshToken: rotated.refreshToken })).status).toBe(401);
    });

    it('lets exactly one of two concurrent uses of one refresh token win', async () => {
      const { pair } = await login();
      const results = await Promise.all([1, 2].map(() => t.post('auth/refresh', { refreshToken: pair.refreshToken })));
      expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
    });

    it('refuses unknown tokens and refresh tokens of deactivated staff', async () => {
      expect((await t.post('auth/refresh', { refreshToken: 'x'.repeat(43) })).status).toBe(401);
      const { member, pair } = await login();
      await t.dataSource.getRepository(Staff).update({ id: member.staff.id }, { active: false });
      expect((await t.post('auth/refresh', { refreshToken: pair.refreshToken })).status).toBe(401);
    });

    it('ends one session on logout with its refresh token, every session without one', async () => {
      const member = await make.staff();
      const signIn = async () => (await t.post('auth/login', { email: member.email, password: member.password })).body;
      const [a, b, c] = [await signIn(), await signIn(), await signIn()];
      expect((await t.post('auth/logout', { refreshToken: a.refreshToken }, { token: a.accessToken })).status).toBe(
        204,
      );
      expect((await t.post('auth/refresh', { refreshToken: a.refreshToken })).status).toBe(401);
      expect((await t.post('auth/refresh', { refreshToken: b.refreshToken })).status).toBe(200);
      expect((await t.post('auth/logout', {}, { token: c.accessToken })).status).toBe(204);
      expect((await t.post('auth/refresh', { refreshToken: c.refreshToken })).status).toBe(401);
    });

    it("cannot end another staff member's session", async () => {
      const victim = await login();
      const attacker = await make.staff();
      const res = await t.post(
        'auth/logout',
        { refreshToken: victim.pair.refreshToken },
        { token: await attacker.token() },
      );
      expect(res.status).toBe(204);
      expect((await t.post('auth/refresh', { refreshToken: victim.pair.refreshToken })).status).toBe(200);
    });
  });
});

describe('first administrator', () => {
  let withCredentials: TestApp;
  beforeAll(async () => {
    withCredentials = await startTestApp({ ADMIN_EMAIL: 'Boss@Example.test', ADMIN_PASSWORD: 'boss-password-123' });
  });
  afterAll(() => withCredentials.close());

  it('is created from ADMIN_EMAIL/ADMIN_PASSWORD when there is no staff, once', async () => {
    const bootstrap = withCredentials.app.get(FirstAdministrator);
    await bootstrap.onApplicationBootstrap();
    await bootstrap.onApplicationBootstrap();
    const staff = await withCredentials.dataSource.getRepository(Staff).find();
    expect(staff).toHaveLength(1);
    expect(staff[0]).toMatchObject({ emailKey: 'boss@example.test', isAdmin: true, active: true, language: null });
    const res = await withCredentials.post('auth/login', { email: 'boss@example.test', password: 'boss-password-123' });
    expect(res.status).toBe(200);
  });

  it('is created with a generated password, printed once, when none is configured', async () => {
    await withCredentials.dataSource.createQueryBuilder().delete().from(Staff).execute();
    const printed: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
      printed.push(String(chunk));
      return true;
    });
    try {
      const app = withCredentials.app;
      const unconfigured = Object.assign(new AppConfig(), app.get(AppConfig), {
        adminEmail: undefined,
        adminPassword: undefined,
      });
      await new FirstAdministrator(
        unconfigured,
        app.get(StaffService),
        app.get(PasswordHasher),
        app.get(TransactionalConnection),
      ).onApplicationBootstrap();
    } finally {
      write.mockRestore();
    }
    const match = printed.join('').match(/First administrator created: (\S+) \/ (\S+)/);
    expect(match).not.toBeNull();
    const res = await withCredentials.post('auth/login', { email: match![1], password: match![2] });
    expect(res.status).toBe(200);
  });
});

describe('failed-login throttling', () => {
  let t: TestApp;
  let make: Given;

  beforeAll(async () => {
    t = await startTestApp({
      LOGIN_MAX_FAILURES_PER_EMAIL: '3',
      LOGIN_MAX_FAILURES_PER_IP: '6',
      LOGIN_FAILURE_WINDOW_SECONDS: '2',
    });
    make = given(t);
  });
  beforeEach(() => t.dataSource.getRepository(ThrottleBucket).clear());
  afterAll(() => t.close());

  const attempt = (email: string, password: string) => t.post('auth/login', { email, password });

  it('answers 429 with Retry-After once an email has too many failures, even for the right password, until the window ends', async () => {
    const member = await make.staff();
    for (let i = 0; i < 3; i++) expect((await attempt(member.email, 'wrong-password')).status).toBe(401);
    const blocked = await attempt(member.email, member.password);
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('TOO_MANY_LOGIN_ATTEMPTS');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(blocked.headers.get('retry-after'))).toBeLessThanOrEqual(2);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await attempt(member.email, member.password)).status).toBe(200);
  });

  it('counts per email case-insensitively', async () => {
    const member = await make.staff({ email: 'mixed@example.test' });
    for (const email of ['MIXED@example.test', 'Mixed@Example.test', 'mixed@EXAMPLE.test']) {
      expect((await attempt(email, 'wrong-password')).status).toBe(401);
    }
    expect((await attempt(member.email, member.password)).status).toBe(429);
  });

  it('resets the email count on a successful login', async () => {
    const member = await make.staff();
    for (let i = 0; i < 2; i++) await attempt(member.email, 'wrong-password');
    expect((await attempt(member.email, member.password)).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await attempt(member.email, 'wrong-password')).status).toBe(401);
    expect((await attempt(member.email, member.password)).status).toBe(200);
  });

  it('limits failures per client address across emails', async () => {
    for (let i = 0; i < 6; i++) expect((await attempt(`probe-${i}@example.test`, 'wrong-password')).status).toBe(401);
    const member = await make.staff();
    expect((await attempt(member.email, member.password)).status).toBe(429);
  });

  it('never counts successful logins', async () => {
    const member = await make.staff();
    for (let i = 0; i < 8; i++) expect((await attempt(member.email, member.password)).status).toBe(200);
  });
});

describe('request rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(() => t.close());

  it('sends RateLimit headers and answers 429 with Retry-After past the limit; health stays open', async () => {
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await t.get('auth/me'));
    expect(answers.slice(0, 3).map((r) => r.status)).toEqual([401, 401, 401]);
    expect(answers.slice(0, 3).map((r) => r.headers.get('ratelimit-remaining'))).toEqual(['2', '1', '0']);
    expect(answers[0].headers.get('ratelimit-limit')).toBe('3');
    expect(Number(answers[0].headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    expect(answers[3].status).toBe(429);
    expect(answers[3].body.code).toBe('TOO_MANY_REQUESTS');
    expect(Number(answers[3].headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await t.get('health')).status).toBe(200);
  });

  it('counts requests without writing to the database', async () => {
    expect(await t.dataSource.getRepository(ThrottleBucket).count()).toBe(0);
  });
});

/** With REDIS_URL every instance counts against one shared limit; without Redis, requests go on. */
describe('request rate limit shared through Redis', () => {
  const redisUrl = process.env.TEST_REDIS_URL;

  (redisUrl ? it : it.skip)(
    'makes two instances share one limit, and lets requests through while Redis is down',
    async () => {
      const redis = new Redis(redisUrl!);
      await redis.flushdb();
      await redis.quit();
      const first = await startTestApp({ RATE_LIMIT_PER_MINUTE: '3', REDIS_URL: redisUrl! });
      const second = await startTestApp({ RATE_LIMIT_PER_MINUTE: '3', REDIS_URL: redisUrl! }, { keepData: true });
      const statuses = [
        (await first.get('auth/me')).status,
        (await second.get('auth/me')).status,
        (await first.get('auth/me')).status,
        (await second.get('auth/me')).status,
      ];
      expect(statuses).toEqual([401, 401, 401, 429]);
      await Promise.all([first.close(), second.close()]);

      const unreachable = await startTestApp({ RATE_LIMIT_PER_MINUTE: '3', REDIS_URL: 'redis://127.0.0.1:9' });
      const started = Date.now();
      const answers = [];
      for (let i = 0; i < 5; i++) answers.push((await unreachable.get('auth/me')).status);
      expect(answers).toEqual([401, 401, 401, 401, 401]);
      expect(Date.now() - started).toBeLessThan(3_000);
      await unreachable.close();
    },
  );
});

// Passport keeps strategies in one process-wide registry, so the instances here run one
// after the other, each on the database the previous one left.
describe('JWT secret without JWT_SECRET', () => {
  it('is generated once, stored, and used by the next instance on the database', async () => {
    const first = await startTestApp({ JWT_SECRET: '' }, { keepData: true });
    const stored = await first.dataSource.getRepository(SystemSetting).findOneBy({ key: 'auth.jwt_secret' });
    expect(stored?.value.length).toBeGreaterThanOrEqual(48);
    const token = await (await given(first).staff()).token();
    await first.close();

    const second = await startTestApp({ JWT_SECRET: '' }, { keepData: true });
    const again = await second.dataSource.getRepository(SystemSetting).findOneBy({ key: 'auth.jwt_secret' });
    expect(again?.value).toBe(stored?.value);
    expect((await second.get('auth/me', { token })).status).toBe(200);
    await second.close();

    const other = await startTestApp(
      { JWT_SECRET: 'a-different-explicit-secret-0123456789abcdef' },
      { keepData: true },
    );
    expect((await other.get('auth/me', { token })).status).toBe(401);
    await other.close();
  });
});
