import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { OutboxWorker } from '../../src/mail/outbox-worker';
import { given } from '../factories/given';
import { TestSmtpServer, eventually, freePort } from '../helpers/smtp';
import { TestApp, startTestApp, testEnv } from '../helpers/test-app';

const LEASE_MS = 1500;

/** An SMTP server that reads a message and never answers it: its sender hangs mid-send. */
async function stallingSmtp(port: number, onMessage: () => void): Promise<SMTPServer> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData: (stream) => {
      stream.on('data', () => undefined);
      stream.on('end', onMessage);
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  return server;
}

/** Another instance of the application, in a process of its own, on the same database. */
function startInstance(env: Record<string, string>): Promise<ChildProcess> {
  const child = fork(join(__dirname, '..', 'helpers', 'app-process.ts'), {
    execArgv: ['-r', '@swc-node/register'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (message) => (message === 'ready' ? resolve(child) : reject(new Error(String(message)))));
    child.once('exit', (code) => reject(new Error(`instance exited with ${code}`)));
  });
}

/**
 * An instance dies while it sends an email (killed, no shutdown): its claim runs out and a
 * live instance sends the email, once.
 */
describe('outbox: an instance killed mid-send', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let stalling: SMTPServer;
  let stalled = false;
  let instance: ChildProcess | undefined;

  beforeAll(async () => {
    smtp = new TestSmtpServer(await freePort());
    await smtp.start();
    const stallPort = await freePort();
    stalling = await stallingSmtp(stallPort, () => (stalled = true));
    // This instance's worker starts only once the other one holds the email.
    t = await startTestApp({ SMTP_URL: smtp.url, MAIL_LEASE_MS: String(LEASE_MS) });
    instance = await startInstance({
      ...testEnv(),
      SMTP_URL: `smtp://127.0.0.1:${stallPort}`,
      MAIL_POLL_INTERVAL_MS: '20',
      MAIL_LEASE_MS: String(LEASE_MS),
    });
  }, 60_000);
  afterAll(async () => {
    instance?.kill('SIGKILL');
    await t.close();
    await smtp.stop();
    await new Promise<void>((resolve) => stalling.close(() => resolve()));
  });

  it('sends the email once, through the live instance, after the dead one’s claim ran out', async () => {
    const token = await (await given(t).admin()).token();
    const created = await t.post(
      'customers',
      {
        company: 'Crash Test Ltd',
        primaryContact: { firstName: 'Ida', lastName: 'Crash', email: 'ida@crash.example' },
      },
      { token },
    );
    expect(created.status).toBe(201);

    // The other instance claimed it and is stuck in the middle of sending it.
    await eventually(() => stalled, 20_000, 'the other instance sending');
    const [claimed] = await t.dataSource.query('SELECT status, claimed_by, lease_until FROM email_outbox');
    expect(claimed.status).toBe('sending');
    expect(claimed.claimed_by).not.toBe(t.app.get(OutboxWorker).instanceId);

    instance!.kill('SIGKILL');
    await new Promise((resolve) => instance!.once('exit', resolve));
    t.app.get(OutboxWorker).start(20);

    const sent = await eventually(async () => {
      const [row] = await t.dataSource.query('SELECT status, attempts, claimed_by, sent_at FROM email_outbox');
      return row.status === 'sent' ? row : undefined;
    }, 20_000);
    expect(Number(sent.attempts)).toBe(2);
    expect(sent.claimed_by).toBeNull();
    // Not before the dead instance's claim ran out.
    expect(new Date(sent.sent_at).getTime()).toBeGreaterThanOrEqual(new Date(claimed.lease_until).getTime());
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smtp.received.filter((m) => m.to.includes('ida@crash.example'))).toHaveLength(1);
  });
});
