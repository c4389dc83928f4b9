import { MailTransport } from '../../src/mail/mail-transport';
import { OutboxWorker } from '../../src/mail/outbox-worker';
import { given } from '../factories/given';
import { TestSmtpServer, eventually, freePort } from '../helpers/smtp';
import { TestApp, startTestApp } from '../helpers/test-app';

const FAST_WORKER = { MAIL_POLL_INTERVAL_MS: '10', MAIL_RETRY_BASE_MS: '50' };
const EMAILS = 24;

const statuses = async (t: TestApp) =>
  (await t.dataSource.query('SELECT status, COUNT(*) AS n FROM email_outbox GROUP BY status')) as Array<{
    status: string;
    n: number | string;
  }>;

/**
 * Two application instances on one database, each with its own outbox worker polling fast,
 * sending to one SMTP server: the lease claim lets exactly one of them send each email.
 */
describe('outbox workers on several instances', () => {
  let first: TestApp;
  let second: TestApp;
  let smtp: TestSmtpServer;

  beforeAll(async () => {
    smtp = new TestSmtpServer(await freePort());
    await smtp.start();
    first = await startTestApp({ ...FAST_WORKER, SMTP_URL: smtp.url });
    second = await startTestApp({ ...FAST_WORKER, SMTP_URL: smtp.url }, { keepData: true });
  });
  afterAll(async () => {
    await second.close();
    await first.close();
    await smtp.stop();
  });

  it('delivers every email exactly once, whichever instance sends it', async () => {
    const token = await (await given(first).admin()).token();
    const sends = [first, second].map((t) => jest.spyOn(t.app.get(MailTransport), 'send'));
    const created = await Promise.all(
      Array.from({ length: EMAILS }, (_, i) =>
        (i % 2 ? first : second).post(
          'customers',
          {
            company: `Many Workers ${i}`,
            primaryContact: { firstName: 'Mo', lastName: `Worker ${i}`, email: `worker-${i}@outbox.example` },
          },
          { token },
        ),
      ),
    );
    expect(created.map((r) => r.status)).toEqual(Array(EMAILS).fill(201));

    await eventually(
      async () => {
        const counts = await statuses(first);
        return counts.length === 1 && counts[0].status === 'sent' && Number(counts[0].n) === EMAILS;
      },
      20_000,
      'every email sent',
    );
    // A duplicate would arrive after its row was marked sent: give it the time to show.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const recipients = smtp.received.flatMap((m) => m.to).sort();
    expect(recipients).toEqual(Array.from({ length: EMAILS }, (_, i) => `worker-${i}@outbox.example`).sort());
    // No email was even handed to a transport twice, by one instance or by both.
    expect(sends.reduce((total, send) => total + send.mock.calls.length, 0)).toBe(EMAILS);
    const sentIds = sends.flatMap((send) => send.mock.calls.map(([email]) => email.id));
    expect(new Set(sentIds).size).toBe(EMAILS);

    const rows: Array<{ attempts: number | string; claimed_by: string | null; message_id: string }> =
      await first.dataSource.query('SELECT attempts, claimed_by, message_id FROM email_outbox');
    expect(rows.every((r) => Number(r.attempts) === 1 && r.claimed_by === null && r.message_id)).toBe(true);
  });

  it('sends once, through a live instance, an email whose claim expired with its instance', async () => {
    // An instance claimed both and died; the lease of one has run out, the other's still holds.
    const claimed = { status: 'sending' as const, attempts: 1 };
    const orphan = await given(first).email({
      ...claimed,
      toEmail: 'orphan@outbox.example',
      claim: { by: 'dead-instance', until: new Date(Date.now() - 1_000) },
    });
    const held = await given(first).email({
      ...claimed,
      toEmail: 'held@outbox.example',
      claim: { by: 'live-instance', until: new Date(Date.now() + 60_000) },
    });

    await eventually(() => smtp.received.find((m) => m.to.includes('orphan@outbox.example')), 10_000, 'the orphan');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smtp.received.filter((m) => m.to.includes('orphan@outbox.example'))).toHaveLength(1);
    expect(smtp.received.filter((m) => m.to.includes('held@outbox.example'))).toHaveLength(0);

    const [row] = await first.dataSource.query('SELECT status, attempts, claimed_by FROM email_outbox WHERE id = ?', [
      orphan.id,
    ]);
    expect(row).toMatchObject({ status: 'sent', claimed_by: null });
    expect(Number(row.attempts)).toBe(2);
    const [still] = await first.dataSource.query('SELECT status, claimed_by FROM email_outbox WHERE id = ?', [held.id]);
    expect(still).toEqual({ status: 'sending', claimed_by: 'live-instance' });
  });
});

describe('outbox worker on shutdown', () => {
  let smtp: TestSmtpServer;

  beforeAll(async () => {
    smtp = new TestSmtpServer(await freePort());
    await smtp.start();
  });
  afterAll(() => smtp.stop());

  const sendingOne = async (t: TestApp) => {
    const token = await (await given(t).admin()).token();
    const created = await t.post(
      'customers',
      {
        company: `Shutdown ${Date.now()}`,
        primaryContact: { firstName: 'Sid', lastName: 'Shutdown', email: `sid-${Date.now()}@outbox.example` },
      },
      { token },
    );
    expect(created.status).toBe(201);
    await eventually(async () => {
      const [row] = await t.dataSource.query('SELECT status FROM email_outbox');
      return row?.status === 'sending';
    });
  };

  it('lets a send in flight finish before the instance stops', async () => {
    smtp.delayMs = 300;
    const t = await startTestApp({ ...FAST_WORKER, SMTP_URL: smtp.url });
    await sendingOne(t);
    await t.close();
    // Closed: read through a fresh instance on the same database.
    const reader = await startTestApp({}, { keepData: true });
    const [row] = await reader.dataSource.query('SELECT status, claimed_by, message_id FROM email_outbox');
    await reader.close();
    expect(row).toMatchObject({ status: 'sent', claimed_by: null });
    expect(row.message_id).toBeTruthy();
  });

  it('gives the email back when the send outlasts the grace period', async () => {
    smtp.delayMs = 1_500;
    const t = await startTestApp({ ...FAST_WORKER, SMTP_URL: smtp.url });
    t.app.get(OutboxWorker).shutdownGraceMs = 100;
    await sendingOne(t);
    await t.close();
    const reader = await startTestApp({}, { keepData: true });
    const [row] = await reader.dataSource.query('SELECT status, claimed_by, lease_until FROM email_outbox');
    await reader.close();
    expect(row).toMatchObject({ status: 'queued', claimed_by: null, lease_until: null });
    await new Promise((resolve) => setTimeout(resolve, 1_600));
  });
});
