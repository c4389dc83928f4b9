import { Contact } from '../../src/contacts/contact.entity';
import { Customer } from '../../src/customers/customer.entity';
import { OutboxEmail } from '../../src/mail/outbox-email.entity';
import { Given, startAsAdmin } from '../factories/given';
import { TestApp } from '../helpers/test-app';

const comparable = (res: { status: number; body: unknown }) => ({ status: res.status, body: res.body });

describe('portal registration', () => {
  let t: TestApp;
  let make: Given;
  let admin: string;

  beforeAll(async () => {
    ({ t, make, admin } = await startAsAdmin({ REGISTRATION_MAX_PER_IP: '1000' }));
  });
  afterAll(() => t.close());

  let n = 0;
  const registration = (overrides: Record<string, unknown> = {}) => {
    n += 1;
    return {
      company: `Registered ${n} GmbH`,
      firstName: 'Rita',
      lastName: `Registrant ${n}`,
      email: `registrant-${n}-${Date.now()}@example.test`,
      password: 'a-good-portal-password',
      ...overrides,
    };
  };
  const register = (body: object) => t.post('portal/auth/register', body);
  const settings = (body: object) => t.request('PATCH', 'settings', { body, token: admin });
  const contactWith = (email: string) =>
    t.dataSource.getRepository(Contact).findOneBy({ emailKey: email.toLowerCase() });
  const emailsTo = (toEmail: string) =>
    t.dataSource.getRepository(OutboxEmail).findBy({ toEmail: toEmail.toLowerCase() });
  const count = async () => ({
    customers: await t.dataSource.getRepository(Customer).count(),
    contacts: await t.dataSource.getRepository(Contact).count(),
    emails: await t.dataSource.getRepository(OutboxEmail).count(),
  });
  const login = (email: string, password = 'a-good-portal-password') =>
    t.post('portal/auth/login', { email, password });

  it('answers 404 while allowRegistration is off, and creates nothing', async () => {
    await settings({ allowRegistration: false });
    const before = await count();
    const res = await register(registration());
    expect(res.status).toBe(404);
    expect(await count()).toEqual(before);
  });

  describe('without approval', () => {
    beforeAll(() =>
      settings({
        allowRegistration: true,
        registrationRequiresApproval: false,
        defaultContactPermissions: ['support'],
      }),
    );

    it('creates an active customer and primary contact with the default permissions, welcomes it, and lets it sign in', async () => {
      const body = registration({ phone: '+49 30 555' });
      const res = await register(body);
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ status: 'received' });
      const contact = await contactWith(body.email);
      expect(contact).toMatchObject({ active: true, isPrimary: true, permissions: ['support'], phone: '+49 30 555' });
      const customer = await t.dataSource.getRepository(Customer).findOneByOrFail({ id: contact!.customerId });
      expect(customer).toMatchObject({ company: body.company, active: true, registration: 'confirmed' });
      expect((await emailsTo(body.email)).map((e) => e.template)).toEqual(['welcome']);
      expect((await login(body.email)).status).toBe(200);
    });
  });

  describe('with approval', () => {
    beforeAll(() => settings({ allowRegistration: true, registrationRequiresApproval: true }));

    it('keeps customer and contact inactive and unconfirmed, tells staff holding customers.edit, and confirming lets the contact in', async () => {
      const editor = await make.staff({ permissions: ['customers.view', 'customers.edit'] });
      const viewer = await make.staff({ permissions: ['customers.view'] });
      const inactiveEditor = await make.staff({ permissions: ['customers.edit'], active: false });
      const body = registration();
      const res = await register(body);
      expect(comparable(res)).toEqual({ status: 202, body: { status: 'received' } });
      const contact = (await contactWith(body.email))!;
      expect(contact.active).toBe(false);
      const customer = await t.dataSource.getRepository(Customer).findOneByOrFail({ id: contact.customerId });
      expect(customer).toMatchObject({ active: false, registration: 'pending' });
      expect(await emailsTo(body.email)).toEqual([]);
      const told = (
        await t.dataSource
          .getRepository(OutboxEmail)
          .findBy({ template: 'registration_received', customerId: customer.id })
      ).map((e) => e.toEmail);
      expect(told).toContain(editor.email);
      expect(told).not.toContain(viewer.email);
      expect(told).not.toContain(inactiveEditor.email);

      const refused = await login(body.email);
      const wrong = await login(body.email, 'not-the-password-1');
      expect(refused.status).toBe(401);
      expect({ ...refused.body, requestId: undefined }).toEqual({ ...wrong.body, requestId: undefined });

      const confirm = (token: string, id = customer.id) =>
        t.post(`customers/${id}/confirm-registration`, {}, { token });
      expect((await confirm(await viewer.token())).status).toBe(403);
      const confirmed = await confirm(await editor.token());
      expect(confirmed.status).toBe(200);
      expect(confirmed.body).toMatchObject({ id: customer.id, active: true });
      expect((await contactWith(body.email))!.active).toBe(true);
      expect((await emailsTo(body.email)).map((e) => e.template)).toEqual(['registration_confirmed']);
      expect((await login(body.email)).status).toBe(200);

      const again = await confirm(await editor.token());
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('REGISTRATION_NOT_PENDING');
      const ordinary = await make.customer({ active: false });
      expect((await confirm(admin, ordinary.id)).status).toBe(409);
    });
  });

  describe('the same answer whatever happens', () => {
    beforeAll(() => settings({ allowRegistration: true, registrationRequiresApproval: false }));

    it('discards a filled honeypot silently: the same 202, nothing stored, nothing sent', async () => {
      const body = registration({ honeypot: 'http://spam.example' });
      const before = await count();
      const res = await register(body);
      expect(comparable(res)).toEqual({ status: 202, body: { status: 'received' } });
      expect(await count()).toEqual(before);
      expect(await contactWith(body.email)).toBeNull();
    });

    it('creates nothing for an email that has a contact, and tells that contact (with a reset link), in its language', async () => {
      const customer = await make.customer({ language: 'fr' });
      const existing = await make.contact({
        customerId: customer.id,
        email: 'Known.Person@example.test',
        withPassword: true,
      });
      const before = await count();
      const res = await register(registration({ email: 'known.person@EXAMPLE.test', company: 'Someone Else Ltd' }));
      expect(comparable(res)).toEqual({ status: 202, body: { status: 'received' } });
      const after = await count();
      expect(after).toEqual({ ...before, emails: before.emails + 1 });
      const [email] = await emailsTo(existing.email);
      expect(email).toMatchObject({
        template: 'registration_attempt',
        contactId: existing.id,
        language: 'fr',
        link: 'reset_password',
      });
      expect((await contactWith(existing.email))!.passwordHash).toBe(existing.passwordHash);
    });

    it('answers the same status and body for off-limits, new, honeypot and known emails alike', async () => {
      const customer = await make.customer();
      const known = await make.contact({ customerId: customer.id });
      const answers = [
        await register(registration()),
        await register(registration({ honeypot: 'x' })),
        await register(registration({ email: known.email })),
      ];
      await settings({ registrationRequiresApproval: true });
      answers.push(await register(registration()));
      for (const answer of answers) expect(comparable(answer)).toEqual(comparable(answers[0]));
    });

    it('creates at most one contact when registrations with one email arrive at the same moment', async () => {
      const email = `race-${Date.now()}@example.test`;
      const answers = await Promise.all(
        Array.from({ length: 6 }, (_v, i) => register(registration({ email, company: `Racer ${i} Ltd` }))),
      );
      for (const answer of answers) expect(comparable(answer)).toEqual({ status: 202, body: { status: 'received' } });
      const contacts = await t.dataSource.getRepository(Contact).findBy({ emailKey: email });
      expect(contacts).toHaveLength(1);
      const racers = await t.dataSource
        .getRepository(Customer)
        .createQueryBuilder('c')
        .where('c.company LIKE :p', { p: 'Racer %' })
        .getCount();
      expect(racers).toBe(1);
      const attempts = (await emailsTo(email)).filter((e) => e.template === 'registration_attempt');
      expect(attempts).toHaveLength(5);
    });
  });
});

describe('portal registration throttling', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    ({ t, admin } = await startAsAdmin({ REGISTRATION_MAX_PER_IP: '2' }));
    await t.request('PATCH', 'settings', { body: { allowRegistration: true }, token: admin });
  });
  afterAll(() => t.close());

  it('counts registrations per client address, honeypots included: past the limit 429 with Retry-After', async () => {
    const body = (i: number, honeypot?: string) => ({
      company: `Throttled ${i}`,
      firstName: 'Tom',
      lastName: 'Throttled',
      email: `throttled-${i}@example.test`,
      password: 'a-good-portal-password',
      ...(honeypot ? { honeypot } : {}),
    });
    expect((await t.post('portal/auth/register', body(1))).status).toBe(202);
    expect((await t.post('portal/auth/register', body(2, 'bot'))).status).toBe(202);
    const blocked = await t.post('portal/auth/register', body(3));
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('TOO_MANY_REGISTRATIONS');
    expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await t.dataSource.getRepository(Contact).findOneBy({ emailKey: 'throttled-3@example.test' })).toBeNull();
  });
});
