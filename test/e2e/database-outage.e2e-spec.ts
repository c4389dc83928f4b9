import { AddressInfo, Server, Socket, createServer, connect } from 'node:net';
import { given } from '../factories/given';
import { expectProblem } from '../helpers/problems';
import { TestApp, startTestApp } from '../helpers/test-app';
import { onMysql, workerDatabaseUrl } from '../helpers/test-database';

/** A TCP relay to the database that can be cut and restored, as an outage would. */
class Relay {
  private server: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: URL) {}

  async open(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(Number(this.target.port || 3306), this.target.hostname);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async cut(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}

/**
 * While the database cannot be reached, every request that needs it answers 503 problem
 * details with Retry-After (never 401, which signs a front-end's user out), and service
 * comes back by itself when the database does.
 */
describe('the database unreachable', () => {
  let t: TestApp;
  let relay: Relay | undefined;
  let token: string;

  beforeAll(async () => {
    if (onMysql()) {
      const target = new URL(workerDatabaseUrl());
      relay = new Relay(target);
      await relay.open();
      const through = new URL(target.toString());
      through.host = `127.0.0.1:${relay.port}`;
      t = await startTestApp({ DATABASE_URL: through.toString() });
    } else {
      t = await startTestApp();
    }
    token = await (await given(t).admin()).token();
    expect((await t.get('customers', { token })).status).toBe(200);
    if (relay) await relay.cut();
    else await t.dataSource.destroy();
  });
  afterAll(() => t.close().catch(() => undefined));

  const expectUnavailable = (res: Awaited<ReturnType<TestApp['get']>>) => {
    expectProblem(res, 503, 'DATABASE_UNAVAILABLE');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  };

  it('answers 503 with Retry-After to a signed-in request, not 401', async () => {
    expectUnavailable(await t.get('customers', { token }));
    expectUnavailable(await t.post('customer-groups', { name: 'During the outage' }, { token }));
  });

  it('answers 503 to a sign-in, whatever the credentials', async () => {
    expectUnavailable(await t.post('auth/login', { email: 'someone@example.test', password: 'whatever-it-is' }));
  });

  it('reports itself unhealthy', async () => {
    expectUnavailable(await t.get('health'));
  });

  it('serves again once the database is back, without a restart', async () => {
    if (!relay) return;
    await relay.open();
    let status = 0;
    for (let attempt = 0; attempt < 20 && status !== 200; attempt++) {
      status = (await t.get('customers', { token })).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(200);
    expect((await t.get('health')).status).toBe(200);
  });
});
