import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TransactionalConnection } from '@app/database';
import { MailService } from '../../src/mail/mail.service';
import { given, startAsAdmin } from '../factories/given';
import { TestSmtpServer, eventually, freePort } from '../helpers/smtp';
import { TestApp, startTestApp } from '../helpers/test-app';

interface OutboxRow {
  id: string;
  template: string;
  language: string | null;
  to_email: string;
  customer_id: string | null;
  contact_id: string | null;
  status: string;
  attempts: number;
  last_error: string | null;
  message_id: string | null;
}

const outbox = (t: TestApp): Promise<OutboxRow[]> =>
  t.dataSource
    .query('SELECT * FROM email_outbox ORDER BY id')
    .then((rows: OutboxRow[]) => rows.map((r) => ({ ...r, attempts: Number(r.attempts) })));

/** The worker quick and retries quicker still, so a test waits milliseconds, not minutes. */
const FAST_WORKER = { MAIL_POLL_INTERVAL_MS: '25', MAIL_RETRY_BASE_MS: '50', MAIL_MAX_ATTEMPTS: '50' };

const customerBody = (email: string, extra: Record<string, unknown> = {}) => ({
  company: `Welcome ${email}`,
  primaryContact: { firstName: 'Hanna', lastName: 'Lindqvist', email },
  ...extra,
});

describe('welcome email through the outbox (SMTP)', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let token: string;

  beforeAll(async () => {
    smtp = new TestSmtpServer(await freePort());
    await smtp.start();
    ({ t, admin: token } = await startAsAdmin({ ...FAST_WORKER, SMTP_URL: smtp.url }));
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  const deliveredTo = (address: string) =>
    eventually(() => smtp.received.find((m) => m.to.includes(address)), 10_000, `an email to ${address}`);

  it('sends a German customer the German welcome email, to the primary contact', async () => {
    await t.request('PATCH', 'settings', { body: { portalUrl: 'https://portal.example.test' }, token });
    const res = await t.post('customers', customerBody('hanna@lindqvist.example', { language: 'de' }), { token });
    expect(res.status).toBe(201);

    const email = await deliveredTo('hanna@lindqvist.example');
    expect(email.to).toEqual(['hanna@lindqvist.example']);
    expect(email.subject).toBe('Willkommen bei CRM, Hanna');
    expect(email.text).toContain('Hallo Hanna Lindqvist,');
    expect(email.text).toContain('https://portal.example.test');
    expect(email.text).toContain('Mit freundlichen Grüßen');

    const [row] = await eventually(async () => {
      const rows = await outbox(t);
      return rows[0]?.status === 'sent' ? rows : undefined;
    });
    expect(row).toMatchObject({
      template: 'welcome',
      language: 'de',
      to_email: 'hanna@lindqvist.example',
      customer_id: res.body.id,
      contact_id: res.body.primaryContact.id,
      attempts: 1,
      last_error: null,
    });
    expect(row.message_id).toBe(`<${row.id}@localhost>`);
  });

  it('sends a customer without a language the system default language, English at first', async () => {
    const res = await t.post('customers/quick', customerBody('quick@welcome.example'), { token });
    expect(res.status).toBe(201);
    const email = await deliveredTo('quick@welcome.example');
    expect(email.subject).toBe('Welcome to CRM, Hanna');
    expect(email.text).toContain('Hello Hanna Lindqvist,');
  });

  it('sends nothing when the create opts out, or when there is no primary contact', async () => {
    const before = (await outbox(t)).length;
    const optOut = await t.post('customers', customerBody('quiet@welcome.example', { sendWelcomeEmail: false }), {
      token,
    });
    expect(optOut.status).toBe(201);
    const quick = await t.post(
      'customers/quick',
      { ...customerBody('quiet-quick@welcome.example'), sendWelcomeEmail: false },
      { token },
    );
    expect(quick.status).toBe(201);
    expect((await t.post('customers', { company: 'No Contact Ltd' }, { token })).status).toBe(201);
    expect(await outbox(t)).toHaveLength(before);
    expect(smtp.received.filter((m) => m.to.some((to) => to.startsWith('quiet')))).toEqual([]);
  });

  it('leaves no email behind when the create fails', async () => {
    const first = await t.post('customers', customerBody('taken@welcome.example'), { token });
    expect(first.status).toBe(201);
    const before = (await outbox(t)).length;

    const duplicate = await t.post('customers', customerBody('taken@welcome.example'), { token });
    expect(duplicate.status).toBe(409);
    const invalid = await t.post('customers', customerBody('invalid@welcome.example', { currency: 'ZZZ' }), { token });
    expect(invalid.status).toBe(400);
    expect(await outbox(t)).toHaveLength(before);
  });

  it('sends the welcome email again on request, in the customer language; not to an inactive contact', async () => {
    const res = await t.post(
      'customers',
      customerBody('again@welcome.example', { language: 'de', sendWelcomeEmail: false }),
      { token },
    );
    const contactId = res.body.primaryContact.id;
    const resent = await t.post(`contacts/${contactId}/welcome-email`, undefined, { token });
    expect(resent.status).toBe(202);
    expect(resent.body).toEqual({ id: expect.any(String), status: 'queued' });
    const email = await deliveredTo('again@welcome.example');
    expect(email.subject).toBe('Willkommen bei CRM, Hanna');

    const listed = await t.get(`emails?customerId=${res.body.id}`, { token });
    expect(listed.body.data).toEqual([
      expect.objectContaining({ id: resent.body.id, contactId, recipientEmail: 'again@welcome.example' }),
    ]);

    const other = await t.post('customers', customerBody('second@welcome.example', { sendWelcomeEmail: false }), {
      token,
    });
    const inactive = await t.post(
      `customers/${other.body.id}/contacts`,
      { firstName: 'Ina', lastName: 'Inactive', email: 'inactive@welcome.example', active: false },
      { token },
    );
    expect(inactive.status).toBe(201);
    const refused = await t.post(`contacts/${inactive.body.id}/welcome-email`, undefined, { token });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CONTACT_INACTIVE');
  });

  it('writes the outbox row in the caller transaction: a rollback after the enqueue leaves none', async () => {
    const before = (await outbox(t)).length;
    const connection = t.app.get(TransactionalConnection);
    const mail = t.app.get(MailService);
    await expect(
      connection.transaction(async () => {
        await mail.enqueue({
          template: 'welcome',
          language: 'en',
          to: { email: 'rolled-back@welcome.example', name: null },
          context: { firstName: 'R', lastName: 'B', customerCompany: 'Rolled Back' },
        });
        throw new Error('the change failed after its email was queued');
      }),
    ).rejects.toThrow('the change failed');
    expect(await outbox(t)).toHaveLength(before);
  });
});

describe('welcome email while the SMTP server is down', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;

  beforeAll(async () => {
    smtp = new TestSmtpServer(await freePort());
    t = await startTestApp({ ...FAST_WORKER, SMTP_URL: smtp.url });
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  it('creates at once, records the failed attempts, and delivers once the server is back', async () => {
    const token = await (await given(t).admin()).token();
    const started = Date.now();
    const res = await t.post('customers', customerBody('patient@welcome.example', { language: 'fr' }), { token });
    expect(res.status).toBe(201);
    expect(Date.now() - started).toBeLessThan(5_000);

    const [failing] = await eventually(async () => {
      const rows = await outbox(t);
      return rows[0]?.attempts >= 2 && rows[0].status === 'queued' ? rows : undefined;
    });
    expect(failing.last_error).toMatch(/ECONNREFUSED|connect/i);
    expect(failing.message_id).toBeNull();

    await smtp.start();
    const email = await eventually(() => smtp.received[0], 10_000, 'delivery after the SMTP server came up');
    expect(email.subject).toBe('Bienvenue chez CRM, Hanna');
    const [sent] = await eventually(async () => {
      const rows = await outbox(t);
      return rows[0]?.status === 'sent' ? rows : undefined;
    });
    expect(sent.attempts).toBeGreaterThanOrEqual(2);
    expect(sent.message_id).toBeTruthy();
    expect(smtp.received).toHaveLength(1);
  });
});

describe('welcome email without SMTP_URL (the embedded default)', () => {
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crm-mail-'));
    t = await startTestApp({ ...FAST_WORKER, MAIL_DIR: dir });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes one .eml file per email, complete, named after the outbox row', async () => {
    const token = await (await given(t).admin()).token();
    const res = await t.post('customers', customerBody('files@welcome.example', { language: 'es' }), { token });
    expect(res.status).toBe(201);
    const [row] = await eventually(async () => {
      const rows = await outbox(t);
      return rows[0]?.status === 'sent' ? rows : undefined;
    });
    const file = join(dir, `${row.id}.eml`);
    expect(existsSync(file)).toBe(true);
    expect(readdirSync(dir)).toEqual([`${row.id}.eml`]);
    const eml = readFileSync(file, 'utf8');
    expect(eml).toMatch(/^To: Hanna Lindqvist <files@welcome\.example>$/m);
    expect(eml).toMatch(/^Subject: Bienvenido a CRM, Hanna$/m);
    expect(eml).toContain(`Message-ID: <${row.id}@localhost>`);
  });
});
