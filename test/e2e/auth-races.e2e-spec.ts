import { Given, GivenStaff, given } from '../factories/given';
import { ApiResponse, TestApp, startTestApp } from '../helpers/test-app';

const PARALLEL = 50;
const ROUNDS = 15;
const SESSIONS_PER_ROUND = 8;

/**
 * Sign-in, refresh and the ending of sessions sent at the same moment, through the real
 * application on this run's engine (SQLite, or MariaDB with TEST_MYSQL_URL).
 */
describe('failed-login limits under parallel attempts', () => {
  const LIMIT = 5;
  let t: TestApp;
  let make: Given;

  afterEach(() => t.close());

  const start = async (env: Record<string, string>) => {
    t = await startTestApp(env);
    make = given(t);
  };
  const attempt = (email: string, password: string) => t.post('auth/login', { email, password });
  const statuses = (answers: ApiResponse[]) => answers.map((a) => a.status);

  const expectThrottled = (answers: ApiResponse[]) => {
    expect(statuses(answers).filter((s) => s === 401)).toHaveLength(LIMIT);
    expect(statuses(answers).filter((s) => s === 429)).toHaveLength(answers.length - LIMIT);
    for (const refused of answers.filter((a) => a.status === 429)) {
      expect(refused.body.code).toBe('TOO_MANY_LOGIN_ATTEMPTS');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
  };

  it.each([
    ['a known email', true],
    ['an unknown email', false],
  ])(
    `lets only the limit of ${PARALLEL} parallel wrong passwords for %s reach the password check`,
    async (_label, known) => {
      await start({ LOGIN_MAX_FAILURES_PER_EMAIL: String(LIMIT), LOGIN_MAX_FAILURES_PER_IP: '1000' });
      const email = known ? (await make.staff()).email : 'nobody-at-all@example.test';
      expectThrottled(await Promise.all(Array.from({ length: PARALLEL }, () => attempt(email, 'wrong-password'))));
    },
  );

  it(`lets only the limit of ${PARALLEL} parallel wrong passwords from one address reach the check`, async () => {
    await start({ LOGIN_MAX_FAILURES_PER_EMAIL: '1000', LOGIN_MAX_FAILURES_PER_IP: String(LIMIT) });
    const members = await Promise.all(Array.from({ length: PARALLEL }, () => make.staff()));
    expectThrottled(await Promise.all(members.map((m) => attempt(m.email, 'wrong-password'))));
  });

  it('signs in with the right password after parallel failures below the limit, and then forgets them', async () => {
    await start({ LOGIN_MAX_FAILURES_PER_EMAIL: String(LIMIT), LOGIN_MAX_FAILURES_PER_IP: '1000' });
    const member = await make.staff();
    const failures = () => Promise.all(Array.from({ length: LIMIT - 1 }, () => attempt(member.email, 'wrong')));
    expect(statuses(await failures())).toEqual(Array(LIMIT - 1).fill(401));
    expect((await attempt(member.email, member.password)).status).toBe(200);
    expect(statuses(await failures())).toEqual(Array(LIMIT - 1).fill(401));
    expect((await attempt(member.email, member.password)).status).toBe(200);
  });

  it('never counts parallel successful logins as failures', async () => {
    await start({ LOGIN_MAX_FAILURES_PER_EMAIL: String(LIMIT), LOGIN_MAX_FAILURES_PER_IP: String(LIMIT) });
    const member = await make.staff();
    for (let round = 0; round < 4; round++) {
      const answers = await Promise.all(Array.from({ length: LIMIT }, () => attempt(member.email, member.password)));
      expect(statuses(answers)).toEqual(Array(LIMIT).fill(200));
    }
    const failures = await Promise.all(Array.from({ length: LIMIT }, () => attempt(member.email, 'wrong')));
    expect(statuses(failures)).toEqual(Array(LIMIT).fill(401));
  });
});

describe('sessions ended while they are refreshed', () => {
  let t: TestApp;
  let make: Given;
  let adminToken: string;

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_FAILURES_PER_EMAIL: '1000', LOGIN_MAX_FAILURES_PER_IP: '100000' });
    make = given(t);
    adminToken = await (await make.admin()).token();
  });
  afterAll(() => t.close());

  const signIn = async (member: GivenStaff, password: string) => {
    const res = await t.post('auth/login', { email: member.email, password });
    expect(res.status).toBe(200);
    return res.body as { accessToken: string; refreshToken: string };
  };
  const refresh = (refreshToken: string) => t.post('auth/refresh', { refreshToken });
  const changePassword = (member: GivenStaff, password: string) =>
    t.request('PATCH', `staff/${member.staff.id}`, { body: { password }, token: adminToken });

  /** The refresh token a refresh handed out, if it did. */
  const handedOutBy = async (refreshToken: string) => {
    const res = await refresh(refreshToken);
    expect([200, 401]).toContain(res.status);
    return res.status === 200 ? [res.body.refreshToken as string] : [];
  };

  /**
   * Every refresh token handed out, tried again: none may work. (Each round has its own
   * staff member: a later round's ending of sessions would end what an earlier one left.)
   */
  const expectAllDead = async (tokens: string[]) => {
    const answers = await Promise.all(tokens.map(refresh));
    expect(answers.filter((a) => a.status !== 401).length).toBe(0);
  };

  it(`leaves no session refreshed during a password change alive (${ROUNDS} rounds)`, async () => {
    const handedOut: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const member = await make.staff();
      const sessions = await Promise.all(
        Array.from({ length: SESSIONS_PER_ROUND }, () => signIn(member, member.password)),
      );
      const [change, ...refreshed] = await Promise.all([
        changePassword(member, 'a-changed-password'),
        ...sessions.map((s) => handedOutBy(s.refreshToken)),
      ]);
      expect(change.status).toBe(200);
      handedOut.push(...(refreshed as string[][]).flat());
    }
    await expectAllDead(handedOut);
  });

  it(`leaves no session refreshed during a sign-out everywhere alive (${ROUNDS} rounds)`, async () => {
    const handedOut: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const member = await make.staff();
      const [caller, ...others] = await Promise.all(
        Array.from({ length: SESSIONS_PER_ROUND + 1 }, () => signIn(member, member.password)),
      );
      const [logout, ...refreshed] = await Promise.all([
        t.post('auth/logout', {}, { token: caller.accessToken }),
        ...others.map((s) => handedOutBy(s.refreshToken)),
      ]);
      expect(logout.status).toBe(204);
      handedOut.push(caller.refreshToken, ...(refreshed as string[][]).flat());
    }
    await expectAllDead(handedOut);
  });

  it(`leaves no session signed out while it is refreshed alive (${ROUNDS} rounds)`, async () => {
    const handedOut: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const member = await make.staff();
      const sessions = await Promise.all(
        Array.from({ length: SESSIONS_PER_ROUND }, () => signIn(member, member.password)),
      );
      const answers = await Promise.all(
        sessions.flatMap((s) => [
          t.post('auth/logout', { refreshToken: s.refreshToken }, { token: s.accessToken }).then((res) => {
            expect(res.status).toBe(204);
            return [];
          }),
          handedOutBy(s.refreshToken),
        ]),
      );
      handedOut.push(...answers.flat());
    }
    await expectAllDead(handedOut);
  });

  it(`leaves no session opened with the old password during its change alive (${ROUNDS} rounds)`, async () => {
    const handedOut: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const member = await make.staff();
      const [change, ...logins] = await Promise.all([
        changePassword(member, 'a-changed-password'),
        ...Array.from({ length: SESSIONS_PER_ROUND }, () =>
          t.post('auth/login', { email: member.email, password: member.password }),
        ),
      ]);
      expect(change.status).toBe(200);
      for (const res of logins) {
        expect([200, 401]).toContain(res.status);
        if (res.status === 200) handedOut.push(res.body.refreshToken);
      }
    }
    await expectAllDead(handedOut);
  });

  it('keeps refreshing a session begun after the password change', async () => {
    const member = await make.staff();
    expect((await changePassword(member, 'a-new-password-here')).status).toBe(200);
    const session = await signIn(member, 'a-new-password-here');
    const first = await refresh(session.refreshToken);
    expect(first.status).toBe(200);
    expect((await refresh(first.body.refreshToken)).status).toBe(200);
  });
});
