import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { Controller, Header, Module, Post, StreamableFile } from '@nestjs/common';
import { Like } from 'typeorm';
import { uuidv7 } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { CustomerGroup } from '../../src/groups/customer-group.entity';
import { IdempotencyKey } from '../../src/idempotency/idempotency-key.entity';
import { IdempotencyStore } from '../../src/idempotency/idempotency.store';
import { Invoice } from '../../src/invoices/invoice.entity';
import { Authenticated } from '../../src/permissions/authenticated.decorator';
import { Role } from '../../src/staff/role.entity';
import { given } from '../factories/given';
import { TestApp, startTestApp } from '../helpers/test-app';
import { expectProblem } from '../helpers/problems';

const REPLAYED = 'idempotency-replayed';

const unique = () => randomBytes(6).toString('hex');

/** Signed-in POSTs whose answers the product's routes cannot give on demand. */
const probeCalls = { flaky: 0, located: 0, stream: 0, rolledBack: 0, committedThenFailed: 0, held: 0, large: 0 };

function signal(): { promise: Promise<void>; fire: () => void } {
  let fire!: () => void;
  const promise = new Promise<void>((resolve) => (fire = resolve));
  return { promise, fire };
}
/** The first call of `held` says when it has begun, then waits to be let go before it writes. */
const heldCall = { begun: signal(), letGo: signal() };

/** Longer than any in-progress lease, far shorter than the replay window. */
const PAST_ANY_LEASE_MS = 10 * 60 * 1000;

@Controller('_idempotency-probe')
class IdempotencyProbeController {
  constructor(private readonly connection: TransactionalConnection) {}

  /** Writes a group, then fails inside the same transaction: nothing is left of it. */
  @Post('rolled-back')
  @Authenticated()
  async rolledBack(): Promise<{ call: number }> {
    const call = ++probeCalls.rolledBack;
    if (call === 1) {
      await this.connection.transaction(async () => {
        await this.connection.manager.insert(CustomerGroup, probeGroup(`Rolled back ${call}`));
        throw new Error('failure before the commit');
      });
    }
    return { call };
  }

  /** About 2.4 MB of JSON: more parts than one statement writes. */
  @Post('large')
  @Authenticated()
  large(): { call: number; text: string } {
    return { call: ++probeCalls.large, text: 'a€😀ü'.repeat(250_000) };
  }

  @Post('held')
  @Authenticated()
  async held(): Promise<{ call: number }> {
    const call = ++probeCalls.held;
    if (call === 1) {
      heldCall.begun.fire();
      await heldCall.letGo.promise;
    }
    await this.connection.transaction(() =>
      this.connection.manager.insert(CustomerGroup, probeGroup(`Held ${unique()}`)),
    );
    return { call };
  }

  /** Commits a group, then fails: the change stays although the answer is a 500. */
  @Post('committed-then-failed')
  @Authenticated()
  async committedThenFailed(): Promise<never> {
    const call = ++probeCalls.committedThenFailed;
    await this.connection.transaction(() =>
      this.connection.manager.insert(CustomerGroup, probeGroup(`Committed ${unique()}`)),
    );
    throw new Error(`failure after the commit of call ${call}`);
  }
  @Post('flaky')
  @Authenticated()
  flaky(): { call: number } {
    probeCalls.flaky++;
    if (probeCalls.flaky === 1) throw new Error('transient failure');
    return { call: probeCalls.flaky };
  }

  @Post('located')
  @Authenticated()
  @Header('Location', '/api/v1/_idempotency-probe/located/1')
  located(): { call: number } {
    return { call: ++probeCalls.located };
  }

  @Post('stream')
  @Authenticated()
  stream(): StreamableFile {
    probeCalls.stream++;
    return new StreamableFile(Readable.from([`call ${probeCalls.stream}`]), { type: 'text/plain' });
  }
}

function probeGroup(name: string): CustomerGroup {
  const now = new Date();
  return Object.assign(new CustomerGroup(), {
    id: uuidv7(),
    name,
    nameKey: name.toLowerCase(),
    createdAt: now,
    updatedAt: now,
  });
}

@Module({ controllers: [IdempotencyProbeController] })
class IdempotencyProbeModule {}

describe('Idempotency-Key on POST', () => {
  let t: TestApp;
  let editor: string;
  let otherEditor: string;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp({}, { extraImports: [IdempotencyProbeModule] });
    editor = await (await given(t).staff({ permissions: ['customers.view', 'customers.edit'] })).token();
    otherEditor = await (await given(t).staff({ permissions: ['customers.create'] })).token();
    admin = await (await given(t).admin()).token();
  });
  afterAll(() => t.close());

  const keys = () => t.dataSource.getRepository(IdempotencyKey);
  const groupsNamed = (name: string) => t.dataSource.getRepository(CustomerGroup).countBy({ name });
  const post = (path: string, body: unknown, token: string, key?: string) =>
    t.post(path, body, { token, headers: key === undefined ? {} : { 'idempotency-key': key } });
  const createGroup = (name: string, key?: string, token = editor) => post('customer-groups', { name }, token, key);

  it('answers a retry with the first answer, marked replayed, and creates one record', async () => {
    const name = `Retry ${unique()}`;
    const key = unique();
    const first = await createGroup(name, key);
    expect(first.status).toBe(201);
    expect(first.headers.get(REPLAYED)).toBeNull();

    const retry = await createGroup(name, key);
    expect(retry.status).toBe(201);
    expect(retry.headers.get(REPLAYED)).toBe('true');
    expect(retry.headers.get('content-type')).toBe(first.headers.get('content-type'));
    expect(retry.text).toBe(first.text);
    expect(retry.body).toEqual({ id: first.body.id, name });
    expect(await groupsNamed(name)).toBe(1);
  });

  const invoicesOf = (customerId: string) => t.dataSource.getRepository(Invoice).countBy({ customerId });
  /** Time passes for the key: every moment it records lies that much further back. */
  const letTimePass = async (key: string, ms: number) => {
    for (const row of await keys().findBy({ idempotencyKey: key })) {
      const moved = Object.entries(row)
        .filter((entry): entry is [string, Date] => entry[1] instanceof Date)
        .map(([name, at]) => [name, new Date(at.getTime() - ms)]);
      await keys().update({ actorId: row.actorId, idempotencyKey: key }, Object.fromEntries(moved));
    }
  };
  /** Descriptions of 1000 code points, with two-, three- and four-byte characters. */
  const longLines = (count: number) =>
    Array.from({ length: count }, (_, i) => ({
      description: Array.from(`${i}: Prüfung 😀 Lieferung €, `.repeat(50)).slice(0, 999).join('').concat('.'),
      quantity: '1',
      unitPrice: '1.00',
      taxRate: '0',
    }));

  it('replays an answer over 64 KiB (an invoice of 100 long lines) and creates one invoice', async () => {
    const customer = await given(t).customer({ currency: 'EUR' });
    const body = { customerId: customer.id, items: longLines(100) };
    const key = unique();
    const first = await post('invoices', body, admin, key);
    expect(first.status).toBe(201);
    expect(Buffer.byteLength(first.text)).toBeGreaterThan(64 * 1024);

    const retry = await post('invoices', body, admin, key);
    expect(retry.status).toBe(201);
    expect(retry.headers.get(REPLAYED)).toBe('true');
    expect(retry.text).toBe(first.text);
    expect(retry.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(await invoicesOf(customer.id)).toBe(1);
  });

  it('replays an answer of megabytes, stored by several statements, byte for byte', async () => {
    const key = unique();
    const first = await post('_idempotency-probe/large', {}, editor, key);
    expect(first.status).toBe(201);
    expect(Buffer.byteLength(first.text)).toBeGreaterThan(2_000_000);
    const retry = await post('_idempotency-probe/large', {}, editor, key);
    expect(retry.headers.get(REPLAYED)).toBe('true');
    expect(retry.text).toBe(first.text);
    expect(probeCalls.large).toBe(1);
  });

  it('never runs a request again whose change committed but whose answer was not stored', async () => {
    const customer = await given(t).customer({ currency: 'EUR' });
    const body = {
      customerId: customer.id,
      items: [{ description: 'Work', quantity: '1', unitPrice: '10.00', taxRate: '0' }],
    };
    const key = unique();
    // The process dies after the handler's commit, before the answer is stored.
    const crash = jest.spyOn(t.app.get(IdempotencyStore), 'complete').mockRejectedValueOnce(new Error('process died'));
    const first = await post('invoices', body, admin, key);
    crash.mockRestore();
    expect(first.status).toBe(201);
    expect(await invoicesOf(customer.id)).toBe(1);

    expectProblem(await post('invoices', body, admin, key), 409, 'IDEMPOTENCY_KEY_IN_PROGRESS');
    await letTimePass(key, PAST_ANY_LEASE_MS);
    const retry = await post('invoices', body, admin, key);
    expectProblem(retry, 409, 'IDEMPOTENCY_KEY_ANSWER_LOST');
    expect(Date.parse(retry.body.committedAt)).toBeLessThanOrEqual(Date.now() - PAST_ANY_LEASE_MS);
    expect(retry.headers.get(REPLAYED)).toBeNull();
    expect(await invoicesOf(customer.id)).toBe(1);
  });

  it('keeps the key of a request that failed after its change committed: a retry does not run it again', async () => {
    const key = unique();
    const failed = await post('_idempotency-probe/committed-then-failed', {}, editor, key);
    expectProblem(failed, 500, 'INTERNAL_ERROR');
    const retry = await post('_idempotency-probe/committed-then-failed', {}, editor, key);
    expectProblem(retry, 409, 'IDEMPOTENCY_KEY_ANSWER_LOST');
    expect(probeCalls.committedThenFailed).toBe(1);
  });

  it('frees the key of a request whose transaction rolled back, so the retry runs', async () => {
    const key = unique();
    expectProblem(await post('_idempotency-probe/rolled-back', {}, editor, key), 500, 'INTERNAL_ERROR');
    expect(await keys().countBy({ idempotencyKey: key })).toBe(0);
    expect(await t.dataSource.getRepository(CustomerGroup).countBy({ name: 'Rolled back 1' })).toBe(0);

    const retry = await post('_idempotency-probe/rolled-back', {}, editor, key);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual({ call: 2 });
  });

  it('refuses the commit of a request whose claim was taken over once its lease ended: one change per key', async () => {
    const key = unique();
    const first = post('_idempotency-probe/held', {}, editor, key);
    await heldCall.begun.promise;
    await letTimePass(key, PAST_ANY_LEASE_MS);
    const takeover = await post('_idempotency-probe/held', {}, editor, key);
    expect(takeover.status).toBe(201);
    expect(takeover.body).toEqual({ call: 2 });

    heldCall.letGo.fire();
    expectProblem(await first, 409, 'IDEMPOTENCY_KEY_IN_PROGRESS');
    expect(await t.dataSource.getRepository(CustomerGroup).countBy({ name: Like('Held %') })).toBe(1);
    const retry = await post('_idempotency-probe/held', {}, editor, key);
    expect(retry.headers.get(REPLAYED)).toBe('true');
    expect(retry.body).toEqual({ call: 2 });
  });

  it('treats the same body with its keys in another order as the same request', async () => {
    const name = `Role ${unique()}`;
    const key = unique();
    const first = await post('roles', { name, permissions: [] }, admin, key);
    expect(first.status).toBe(201);
    const retry = await post('roles', { permissions: [], name }, admin, key);
    expect(retry.status).toBe(201);
    expect(retry.headers.get(REPLAYED)).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await t.dataSource.getRepository(Role).countBy({ name })).toBe(1);
  });

  it('refuses the same key with another body or on another route with 422, creating nothing', async () => {
    const key = unique();
    const name = `Original ${unique()}`;
    expect((await createGroup(name, key)).status).toBe(201);

    const other = `Other ${unique()}`;
    const changed = await createGroup(other, key);
    expectProblem(changed, 422, 'IDEMPOTENCY_KEY_MISMATCH');
    expect(changed.body.detail).toContain('Idempotency-Key');
    expect(await groupsNamed(other)).toBe(0);

    const calls = probeCalls.located;
    const elsewhere = await post('_idempotency-probe/located', { name }, editor, key);
    expectProblem(elsewhere, 422, 'IDEMPOTENCY_KEY_MISMATCH');
    expect(probeCalls.located).toBe(calls);
  });

  it('keeps the keys of different staff members apart', async () => {
    const key = unique();
    const mine = await createGroup(`Mine ${unique()}`, key);
    const theirs = await createGroup(`Theirs ${unique()}`, key, otherEditor);
    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);
    expect(theirs.headers.get(REPLAYED)).toBeNull();
    expect(theirs.body.id).not.toBe(mine.body.id);
  });

  it('keeps nothing for a request refused as invalid: the corrected one with the same key creates', async () => {
    const key = unique();
    const invalid = await post('customer-groups', { name: '' }, editor, key);
    expectProblem(invalid, 400, 'VALIDATION_FAILED');
    const name = `Corrected ${unique()}`;
    const corrected = await createGroup(name, key);
    expect(corrected.status).toBe(201);
    expect(corrected.headers.get(REPLAYED)).toBeNull();
    const retry = await createGroup(name, key);
    expect(retry.headers.get(REPLAYED)).toBe('true');
    expect(retry.body).toEqual(corrected.body);
    expect(await groupsNamed(name)).toBe(1);
  });

  it('replays a 409 first answer even once the conflict is gone', async () => {
    const name = `Taken ${unique()}`;
    const existing = await createGroup(name);
    expect(existing.status).toBe(201);
    const key = unique();
    const first = await createGroup(name, key);
    expectProblem(first, 409, 'GROUP_NAME_TAKEN');

    await t.dataSource.getRepository(CustomerGroup).delete({ id: existing.body.id });
    const retry = await createGroup(name, key);
    expectProblem(retry, 409, 'GROUP_NAME_TAKEN');
    expect(retry.headers.get(REPLAYED)).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await groupsNamed(name)).toBe(0);
  });

  it('lets concurrent requests with one key create exactly one record', async () => {
    const name = `Concurrent ${unique()}`;
    const key = unique();
    const answers = await Promise.all(Array.from({ length: 5 }, () => createGroup(name, key)));

    expect(await groupsNamed(name)).toBe(1);
    const created = answers.filter((res) => res.status === 201);
    const busy = answers.filter((res) => res.status === 409);
    expect(created.length + busy.length).toBe(5);
    expect(created.filter((res) => res.headers.get(REPLAYED) === null)).toHaveLength(1);
    expect(new Set(created.map((res) => res.text)).size).toBe(1);
    for (const res of busy) {
      expectProblem(res, 409, 'IDEMPOTENCY_KEY_IN_PROGRESS');
      expect(res.headers.get('retry-after')).toBe('1');
    }
    const retry = await createGroup(name, key);
    expect(retry.status).toBe(201);
    expect(retry.headers.get(REPLAYED)).toBe('true');
  });

  it.each([
    ['empty', '', 'isNotEmpty'],
    ['201 characters', 'k'.repeat(201), 'maxLength'],
    ['non-ASCII', 'clé-1', 'matches'],
    ['with a space', 'two words', 'matches'],
  ])('refuses a malformed key (%s) with 400 naming the header', async (_case, key, code) => {
    const name = `Malformed ${unique()}`;
    const res = await createGroup(name, key);
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key', code })]);
    expect(await groupsNamed(name)).toBe(0);
  });

  it('accepts a key of 200 visible ASCII characters', async () => {
    const key = `${unique()}!~`.padEnd(200, 'x');
    const first = await createGroup(`Long key ${unique()}`, key);
    expect(first.status).toBe(201);
    expect((await createGroup(first.body.name, key)).headers.get(REPLAYED)).toBe('true');
  });

  it('runs the handler for every POST without the header', async () => {
    const first = await post('_idempotency-probe/located', {}, editor);
    const second = await post('_idempotency-probe/located', {}, editor);
    expect(second.body.call).toBe(first.body.call + 1);
    expect(second.headers.get(REPLAYED)).toBeNull();

    const name = `Twice ${unique()}`;
    expect((await post('roles', { name, permissions: [] }, admin)).status).toBe(201);
    expectProblem(await post('roles', { name, permissions: [] }, admin), 409, 'ROLE_NAME_TAKEN');
  });

  it('runs the handler again once the key has expired', async () => {
    const name = `Expiring ${unique()}`;
    const key = unique();
    expect((await createGroup(name, key)).status).toBe(201);
    await keys().update({ idempotencyKey: key }, { expiresAt: new Date(Date.now() - 1000) });

    const again = await createGroup(name, key);
    expectProblem(again, 409, 'GROUP_NAME_TAKEN');
    expect(again.headers.get(REPLAYED)).toBeNull();
    expect(await groupsNamed(name)).toBe(1);
    const row = await keys().findOneByOrFail({ idempotencyKey: key });
    expect(row.statusCode).toBe(409);
    expect(row.expiresAt.getTime()).toBeGreaterThan(Date.now() + 23 * 3600 * 1000);
  });

  it('lets a retry take over an expired claim whose request neither committed a change nor answered', async () => {
    const name = `Abandoned ${unique()}`;
    const key = unique();
    const abandoned = await createGroup(`Seed ${unique()}`, key);
    expect(abandoned.status).toBe(201);
    await keys().update(
      { idempotencyKey: key },
      {
        statusCode: null,
        responseBody: null,
        responseHeaders: null,
        committedAt: null,
        expiresAt: new Date(Date.now() - 1000),
      },
    );

    const res = await createGroup(name, key);
    expect(res.status).toBe(201);
    expect(res.headers.get(REPLAYED)).toBeNull();
    expect(await groupsNamed(name)).toBe(1);
  });

  it('answers 409 in progress while the first request with the key runs', async () => {
    const key = unique();
    const name = `Running ${unique()}`;
    const first = await createGroup(name, key);
    await keys().update(
      { idempotencyKey: key },
      { statusCode: null, responseBody: null, responseHeaders: null, committedAt: null },
    );

    const res = await createGroup(name, key);
    expectProblem(res, 409, 'IDEMPOTENCY_KEY_IN_PROGRESS');
    expect(res.headers.get('retry-after')).toBe('1');
    expect(first.status).toBe(201);
  });

  it('frees the key after a server error, so the retry runs', async () => {
    const key = unique();
    const failed = await post('_idempotency-probe/flaky', {}, editor, key);
    expectProblem(failed, 500, 'INTERNAL_ERROR');
    expect(await keys().countBy({ idempotencyKey: key })).toBe(0);

    const retry = await post('_idempotency-probe/flaky', {}, editor, key);
    expect(retry.status).toBe(201);
    expect(retry.headers.get(REPLAYED)).toBeNull();
    const replay = await post('_idempotency-probe/flaky', {}, editor, key);
    expect(replay.body).toEqual(retry.body);
    expect(probeCalls.flaky).toBe(2);
  });

  it('replays the Location header of the first answer', async () => {
    const key = unique();
    const first = await post('_idempotency-probe/located', {}, editor, key);
    const retry = await post('_idempotency-probe/located', {}, editor, key);
    expect(retry.headers.get(REPLAYED)).toBe('true');
    expect(retry.headers.get('location')).toBe('/api/v1/_idempotency-probe/located/1');
    expect(retry.body).toEqual(first.body);
  });

  it('never stores a streamed answer: the key is freed and a retry runs again', async () => {
    const key = unique();
    const first = await post('_idempotency-probe/stream', {}, editor, key);
    expect(first.text).toBe(`call ${probeCalls.stream}`);
    expect(await keys().countBy({ idempotencyKey: key })).toBe(0);
    const retry = await post('_idempotency-probe/stream', {}, editor, key);
    expect(retry.headers.get(REPLAYED)).toBeNull();
    expect(retry.text).toBe(`call ${probeCalls.stream}`);
  });

  it('ignores the header on anonymous public POSTs such as auth/login', async () => {
    const member = await given(t).staff();
    const key = unique();
    const login = () =>
      t.post('auth/login', { email: member.email, password: member.password }, { headers: { 'idempotency-key': key } });
    const first = await login();
    const second = await login();
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.headers.get(REPLAYED)).toBeNull();
    expect(second.body.refreshToken).not.toBe(first.body.refreshToken);
    expect(await keys().countBy({ idempotencyKey: key })).toBe(0);

    const ignored = await t.post(
      'auth/login',
      { email: member.email, password: member.password },
      { headers: { 'idempotency-key': '' } },
    );
    expect(ignored.status).toBe(200);
  });

  it('sweeps expired keys a batch at a time, keeping live ones', async () => {
    const actorId = `sweep-${unique()}`;
    const row = (key: string, expiresAt: Date): IdempotencyKey => ({
      actorId,
      idempotencyKey: key,
      method: 'POST',
      path: '/api/v1/customer-groups',
      requestHash: '0'.repeat(64),
      statusCode: 201,
      responseBody: '{}',
      responseBodyParts: 0,
      responseHeaders: '{}',
      committedAt: null,
      answerLost: false,
      createdAt: new Date(),
      expiresAt,
    });
    const past = new Date(Date.now() - 60_000);
    await keys().insert([row('old-1', past), row('old-2', past), row('live', new Date(Date.now() + 60_000))]);

    expect(await t.app.get(IdempotencyStore).sweepExpired()).toBeGreaterThanOrEqual(2);
    expect((await keys().findBy({ actorId })).map((r) => r.idempotencyKey)).toEqual(['live']);
  });

  it('documents the header and its answers on signed-in POST operations only', async () => {
    const doc = (await t.get('/docs-json')).body;
    const parameter = { $ref: '#/components/parameters/IdempotencyKey' };
    const createGroupOp = doc.paths['/api/v1/customer-groups'].post;
    expect(createGroupOp.parameters).toContainEqual(parameter);
    expect(createGroupOp.responses['422'].description).toContain('IDEMPOTENCY_KEY_MISMATCH');
    expect(createGroupOp.responses['409'].description).toContain('IDEMPOTENCY_KEY_IN_PROGRESS');
    expect(createGroupOp.responses['201'].headers['Idempotency-Replayed']).toBeDefined();
    expect(doc.components.parameters.IdempotencyKey).toMatchObject({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      schema: { type: 'string', maxLength: 200, pattern: '^[\\x21-\\x7E]{1,200}$' },
    });
    expect(doc.paths['/api/v1/auth/login'].post.parameters ?? []).not.toContainEqual(parameter);
    expect(doc.paths['/api/v1/customer-groups'].get.parameters).not.toContainEqual(parameter);
  });
});
