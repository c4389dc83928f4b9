/**
 * `npm run bench`: requests per second of the customers endpoints under
 * concurrent load, for the built server and, in the same run, a bare baseline: a plain
 * Fastify server that answers the same requests by hand with the same SQL the application
 * runs (no Nest, no TypeORM, no validation pipes, no token check).
 *
 *   BENCH_CUSTOMERS        customers (default 100000, in 20 groups)
 *   BENCH_INVOICES         invoices (default 1000000)
 *   BENCH_DATABASE_URL     sqlite:<file> (default sqlite:var/bench/throughput.sqlite) or
 *                          mysql://root@127.0.0.1:3306/crm_bench_tp (created when missing; loopback only).
 *                          Seeded by the generator of `npm run seed:bench` unless it already holds that
 *                          data set, and left in place (BENCH_DROP=1 drops it at the end)
 *   BENCH_SECONDS          measured load per scenario and server (default 10)
 *   BENCH_WARMUP_SECONDS   unmeasured load before each measured one (default 1)
 *   BENCH_CONNECTIONS      concurrent connections (default 32)
 *   BENCH_RECORD_REQUESTS  requests of each kind whose SQL is recorded one by one (default 5)
 *   BENCH_REPORT           where the Markdown goes (default var/bench/throughput.md)
 *
 * The run:
 * 1. `npx nest build` when `dist/src/main.js` is missing or older than any file under src/,
 *    libs/ or migrations/ (or the build configuration); otherwise the existing build is used.
 * 2. The application in this process (`createApp`) migrates the fresh database; the bench staff
 *    and the customers are inserted through its DataSource. A few requests of each kind are then
 *    sent to it one by one while its SQL is recorded (TypeORM's logger hook): the exact
 *    statements of one request, on either engine. Then it is closed.
 * 3. The built server, `node dist/src/main.js` with the Node flags of `npm run start:prod`, starts as a child process with the same
 *    environment and PORT set to a free port (it binds all interfaces, as in production; the load
 *    goes to 127.0.0.1); the run waits for `GET /api/v1/health` to answer 200 and stops it with
 *    SIGTERM at the end (also when the run fails).
 * 4. The baseline server listens in this process, on the same database.
 * 5. For each scenario, each server in turn: warm-up, then the measured load, from a forked
 *    autocannon process so that the load generator shares no event loop with either server.
 *    Around the measured load (after a pause as long as the slowest request, for requests still in
 *    flight): the server process's RSS (VmRSS of /proc/<pid>/status); on MySQL/MariaDB the global
 *    statement counters (SHOW GLOBAL STATUS), divided by the requests sent, and the same counters
 *    across an idle second before the load (other clients of that server); the statements the
 *    baseline ran, counted in its own query function.
 *
 * The Markdown report goes to stdout and to BENCH_REPORT; progress (and the server's own
 * output) to stderr.
 */
import { execFileSync, fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { caseKey, projectRoot, uuidv7 } from '@app/common';
import Fastify, { type FastifyInstance } from 'fastify';
import type { DataSource } from 'typeorm';
import { createConnection, createPool, type Connection, type Pool, type PoolConnection } from 'mysql2/promise';
import { diff } from '../../src/audit/diff';
import { nameKey } from '../../src/contacts/contact-keys';
import { notificationsFor } from '../../src/contacts/email-notifications';
import { welcomeEmail } from '../../src/mail/contact-emails';
import { audited } from '../../src/customers/customers.service';
import type { CustomerAddressDto } from '@app/common';
import type { CustomerDto } from '../../src/customers/dto/customer.dto';
import { companyKey, searchTerms, vatKey } from '../../src/customer-contacts/customer-keys';
import { PORTAL_PERMISSIONS } from '../../src/permissions/portal-permissions';
import {
  BenchApp,
  benchAppEnv,
  benchEnv,
  dropDatabase,
  engineOf,
  login,
  sqlDateTime,
  startBenchApp,
  writeReport,
} from './bench-kit';
import { CONTACT_COLUMNS, CUSTOMER_COLUMNS } from './customers.seed';
import { openMigrated, seedScale, type ScaleOptions, type ScaleSeed } from './scale.seed';

const PAGE_SIZE = 50;
const GROUPS = 20;
const loadAverage = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

const progress = (line: string) => process.stderr.write(`${line}\n`);

type Row = Record<string, any>;
/**
 * Replayed kinds: a fixed set of request paths, cycled through; the baseline runs, for each
 * path, exactly the statements the application ran for it (recorded with their parameters).
 */
const REPLAY_KINDS = [
  'page1',
  'deep',
  'search',
  'group',
  'viewOwn',
  'invoicesByCustomer',
  'invoice',
  'contact',
] as const;
type ReplayKind = (typeof REPLAY_KINDS)[number];
type Kind = 'list' | 'detail' | 'create' | ReplayKind;
const KINDS: Kind[] = [
  'page1',
  'deep',
  'search',
  'group',
  'viewOwn',
  'list',
  'detail',
  'create',
  'invoicesByCustomer',
  'invoice',
  'contact',
];
const isReplay = (kind: Kind): kind is ReplayKind => (REPLAY_KINDS as readonly string[]).includes(kind);
/** The page the deep-page scenario reads (page 1,500 of 50 at 100,000 customers). */
const DEEP_PAGE = 1500;

// ---------------------------------------------------------------- load generator (child process)

interface LoadJob {
  url: string;
  kind: Kind;
  token: string;
  seconds: number;
  warmupSeconds: number;
  connections: number;
  pages: number;
  ids: string[];
  groupIds: string[];
  /** Makes company, VAT and contact email of created customers unique across runs. */
  tag: string;
  /** Replayed kinds: the request paths, cycled through. */
  paths?: string[];
}

interface LoadResult {
  rps: number;
  /** Requests answered within the measured time. */
  total: number;
  /** Requests sent, including those still in flight when the time ran out (the server ran them too). */
  sent: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

interface AutocannonRequest {
  method?: string;
  path?: string;
  body?: string;
  setupRequest?: (request: AutocannonRequest) => AutocannonRequest;
}

interface AutocannonResult {
  requests: { average: number; total: number; sent: number };
  latency: { p50: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}

type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  headers: Record<string, string>;
  requests: AutocannonRequest[];
}) => Promise<AutocannonResult>;

function requestsOf(job: LoadJob, phase: string): AutocannonRequest[] {
  let n = 0;
  if (job.paths) {
    const paths = job.paths;
    return [{ method: 'GET', setupRequest: (r) => ({ ...r, path: paths[n++ % paths.length] }) }];
  }
  if (job.kind === 'list') {
    return [
      {
        method: 'GET',
        setupRequest: (r) => ({ ...r, path: `/api/v1/customers?page=${(n++ % job.pages) + 1}&pageSize=${PAGE_SIZE}` }),
      },
    ];
  }
  if (job.kind === 'detail') {
    return [
      {
        method: 'GET',
        setupRequest: (r) => ({
          ...r,
          path: `/api/v1/customers/${job.ids[Math.floor(Math.random() * job.ids.length)]}`,
        }),
      },
    ];
  }
  return [
    {
      method: 'POST',
      path: '/api/v1/customers',
      setupRequest: (r) => {
        const i = n++;
        const key = `${job.tag}${phase}${i}`;
        return {
          ...r,
          body: JSON.stringify({
            company: `Loadtest ${key} GmbH`,
            vat: `ZZ ${key}`,
            phone: '+49 30 1234567',
            groupIds: [job.groupIds[i % job.groupIds.length], job.groupIds[(i + 1) % job.groupIds.length]],
            primaryContact: { firstName: 'Lena', lastName: `Last ${key}`, email: `lena.${key}@load.example` },
          }),
        };
      },
    },
  ];
}

async function runLoad(job: LoadJob, send: (message: unknown) => void, go: Promise<void>): Promise<void> {
  // autocannon ships no type declarations.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const autocannon = require('autocannon') as Autocannon;
  const options = (phase: string, seconds: number) => ({
    url: job.url,
    connections: job.connections,
    duration: seconds,
    headers: { authorization: `Bearer ${job.token}`, 'content-type': 'application/json' },
    requests: requestsOf(job, phase),
  });
  const warm = job.warmupSeconds > 0 ? await autocannon(options('w', job.warmupSeconds)) : undefined;
  send({ type: 'warm', maxLatency: warm?.latency.max ?? 0 });
  await go;
  const r = await autocannon(options('m', job.seconds));
  const result: LoadResult = {
    rps: r.requests.average,
    total: r.requests.total,
    sent: r.requests.sent,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
  };
  send({ type: 'result', result });
}

function childMain(): void {
  let release: () => void = () => undefined;
  const go = new Promise<void>((resolve) => (release = resolve));
  const send = (message: unknown) => process.send!(message);
  process.on('message', (message: { type: string; job?: LoadJob }) => {
    if (message.type === 'go') release();
    if (message.type === 'job') {
      runLoad(message.job!, send, go).then(
        () => process.disconnect(),
        (error: unknown) => {
          send({ type: 'error', error: String(error instanceof Error ? error.stack : error) });
          process.disconnect();
        },
      );
    }
  });
}

/** What a probe reads around a measured load. */
interface Snapshot {
  /** RSS of the process that serves, in bytes. */
  rss: number;
  /** The database server's global statement counters (MySQL/MariaDB only). */
  server?: StatementCounts;
  /** Statements counted by the server itself (the baseline's query function). */
  counted?: StatementCounts;
  /** The server counters over an idle second right before the load: other clients' statements. */
  idle?: StatementCounts;
}

interface Measured {
  result: LoadResult;
  before: Snapshot;
  after: Snapshot;
  /** Time between the two probes, ms. */
  windowMs: number;
}

/**
 * Requests still in flight when autocannon stops are finished by the server: before a probe,
 * wait for them as long as the slowest request of that load took, plus a margin (at most 15 s).
 */
const SETTLE_MS = 300;
const settle = (maxLatencyMs: number) =>
  new Promise((resolve) => setTimeout(resolve, SETTLE_MS + Math.min(Math.ceil(maxLatencyMs), 15_000)));

interface Probes {
  before(): Promise<Snapshot>;
  after(): Promise<Snapshot>;
}

/** One warm-up and one measured load of `job` from a forked load generator; the probes read right before and after the measured part. */
function measure(job: LoadJob, probes: Probes): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = fork(__filename, ['--load'], { execArgv: process.execArgv, stdio: 'inherit' });
    let before: Snapshot | undefined;
    let beforeAt = 0;
    let done = false;
    const fail = (error: unknown) => {
      done = true;
      child.kill();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    child.on('message', (message: { type: string; result?: LoadResult; maxLatency?: number; error?: string }) => {
      if (message.type === 'warm') {
        settle(message.maxLatency ?? 0)
          .then(probes.before)
          .then((snapshot) => {
            before = snapshot;
            beforeAt = performance.now();
            child.send({ type: 'go' });
          }, fail);
      } else if (message.type === 'result') {
        done = true;
        const result = message.result!;
        settle(result.max)
          .then(probes.after)
          .then((after) => resolve({ result, before: before!, after, windowMs: performance.now() - beforeAt }), reject);
      } else if (message.type === 'error') {
        fail(new Error(`load generator: ${message.error}`));
      }
    });
    child.on('exit', (code) => {
      if (!done) reject(new Error(`load generator exited with ${code} before its result`));
    });
    child.send({ type: 'job', job });
  });
}

// ---------------------------------------------------------------- statement counts

interface StatementCounts {
  statements: number;
  /** INSERT, UPDATE, DELETE, REPLACE. */
  writes: number;
  /** BEGIN / START TRANSACTION, COMMIT, ROLLBACK, savepoints. */
  transactions: number;
  /** ROLLBACK alone (also among the transactions): a failed or retried transaction. */
  rollbacks: number;
}

const WRITE = /^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i;
const TRANSACTION = /^\s*(BEGIN|START\s+TRANSACTION|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b/i;

const noStatements = (): StatementCounts => ({ statements: 0, writes: 0, transactions: 0, rollbacks: 0 });

function countStatement(counts: StatementCounts, sql: string): void {
  counts.statements++;
  if (WRITE.test(sql)) counts.writes++;
  else if (TRANSACTION.test(sql)) {
    counts.transactions++;
    if (/^\s*ROLLBACK\b/i.test(sql)) counts.rollbacks++;
  }
}

function minus(a: StatementCounts, b: StatementCounts): StatementCounts {
  return {
    statements: a.statements - b.statements,
    writes: a.writes - b.writes,
    transactions: a.transactions - b.transactions,
    rollbacks: a.rollbacks - b.rollbacks,
  };
}

const WRITE_COUNTERS = [
  'Com_insert',
  'Com_insert_select',
  'Com_update',
  'Com_update_multi',
  'Com_delete',
  'Com_delete_multi',
  'Com_replace',
  'Com_replace_select',
];
const TRANSACTION_COUNTERS = ['Com_begin', 'Com_commit', 'Com_rollback', 'Com_savepoint', 'Com_release_savepoint'];

/**
 * The server-wide counters of MySQL/MariaDB: `Questions` (every statement a client sent) and
 * the write and transaction `Com_*` counters. Each read is itself one statement, counted in
 * the `Questions` it returns; a difference of two reads is corrected for it by `serverDelta`.
 */
async function serverCounters(connection: Connection): Promise<StatementCounts> {
  const names = ['Questions', ...WRITE_COUNTERS, ...TRANSACTION_COUNTERS];
  const [rows] = await connection.query(
    `SHOW GLOBAL STATUS WHERE Variable_name IN (${names.map(() => '?').join(', ')})`,
    names,
  );
  const value = new Map((rows as Row[]).map((r) => [String(r.Variable_name), Number(r.Value)]));
  const sum = (list: string[]) => list.reduce((total, name) => total + (value.get(name) ?? 0), 0);
  return {
    statements: value.get('Questions') ?? 0,
    writes: sum(WRITE_COUNTERS),
    transactions: sum(TRANSACTION_COUNTERS),
    rollbacks: value.get('Com_rollback') ?? 0,
  };
}

/** Statements between two reads of the counters, less the second read itself. */
const serverDelta = (after: StatementCounts, before: StatementCounts): StatementCounts => {
  const delta = minus(after, before);
  return { ...delta, statements: delta.statements - 1 };
};

// ---------------------------------------------------------------- the baseline server

interface Db {
  query(sql: string, parameters?: unknown[]): Promise<Row[]>;
  transaction<T>(work: (query: (sql: string, parameters?: unknown[]) => Promise<Row[]>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** Every statement this Db sent, transaction control included. */
  counts: StatementCounts;
}

interface SqliteStatement {
  reader: boolean;
  all(...parameters: unknown[]): Row[];
  run(...parameters: unknown[]): unknown;
}

interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  pragma(source: string): unknown;
  exec(sql: string): unknown;
  close(): void;
}

/** better-sqlite3 on the application's file (WAL, busy timeout as the app), statements cached. */
function sqliteDb(file: string): Db {
  // better-sqlite3 ships no type declarations.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Database = require('better-sqlite3') as new (file: string, options: { timeout: number }) => SqliteDatabase;
  const db = new Database(file, { timeout: 10_000 });
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  const statements = new Map<string, SqliteStatement>();
  const counts = noStatements();
  const exec = (sql: string) => {
    countStatement(counts, sql);
    db.exec(sql);
  };
  const query = (sql: string, parameters: unknown[] = []): Promise<Row[]> => {
    countStatement(counts, sql);
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql)));
    if (statement.reader) return Promise.resolve(statement.all(...parameters));
    statement.run(...parameters);
    return Promise.resolve([]);
  };
  // One connection: transactions take turns, so no other request's write lands inside one.
  let turn = Promise.resolve();
  return {
    query,
    transaction: <T>(work: (q: typeof query) => Promise<T>): Promise<T> => {
      const run = turn.then(async () => {
        exec('BEGIN');
        try {
          const result = await work(query);
          exec('COMMIT');
          return result;
        } catch (error) {
          exec('ROLLBACK');
          throw error;
        }
      });
      turn = run.then(
        () => undefined,
        () => undefined,
      );
      return run;
    },
    close: async () => db.close(),
    counts,
  };
}

/** A mysql2 pool with the application's connection options (10 connections, UTC, utf8mb4). */
function mysqlDb(url: string): Db {
  const pool: Pool = createPool({
    uri: url.replace(/^mariadb:/, 'mysql:'),
    connectionLimit: 10,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    dateStrings: ['DATE'],
    supportBigNumbers: true,
    bigNumberStrings: true,
  });
  const counts = noStatements();
  const on =
    (runner: Pool | PoolConnection) =>
    async (sql: string, parameters: unknown[] = []) => {
      countStatement(counts, sql);
      return (await runner.query(sql, parameters))[0] as Row[];
    };
  return {
    query: on(pool),
    transaction: async (work) => {
      const connection = await pool.getConnection();
      try {
        countStatement(counts, 'START TRANSACTION');
        await connection.beginTransaction();
        const result = await work(on(connection));
        countStatement(counts, 'COMMIT');
        await connection.commit();
        return result;
      } catch (error) {
        countStatement(counts, 'ROLLBACK');
        await connection.rollback();
        throw error;
      } finally {
        connection.release();
      }
    },
    close: () => pool.end(),
    counts,
  };
}

const ADDRESS = ['street', 'city', 'state', 'zip', 'country'] as const;
const SELECT_CUSTOMER = `SELECT ${CUSTOMER_COLUMNS.join(', ')} FROM customers`;
const OUTBOX_COLUMNS = [
  'id',
  'template',
  'language',
  'to_email',
  'to_name',
  'customer_id',
  'contact_id',
  'context',
  'link',
  'status',
  'attempts',
  'next_attempt_at',
  'claimed_by',
  'lease_until',
  'last_error',
  'message_id',
  'created_at',
  'sent_at',
];
const AUDIT_COLUMNS = [
  'id',
  'customer_id',
  'entity_type',
  'entity_id',
  'action',
  'actor_type',
  'actor_id',
  'changes',
  'created_at',
];
const insertSql = (table: string, columns: string[], rows = 1) =>
  `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array.from({ length: rows }, () => `(${columns.map(() => '?').join(', ')})`).join(', ')}`;
const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');

const iso = (value: unknown) =>
  value instanceof Date ? value.toISOString() : new Date(`${String(value).replace(' ', 'T')}Z`).toISOString();

function address(row: Row, prefix = ''): CustomerAddressDto {
  const [street, city, state, zip, country] = ADDRESS.map((c) => row[`${prefix}${c}`] ?? null);
  return { street, city, state, zip, country };
}

/** The customer as the API answers it. */
function customerJson(row: Row, groupIds: string[]): CustomerDto {
  return {
    id: row.id,
    company: row.company,
    vat: row.vat,
    phone: row.phone,
    website: row.website,
    address: address(row),
    billingAddress: address(row, 'billing_'),
    shippingAddress: Number(row.has_shipping_address) ? address(row, 'shipping_') : null,
    currency: row.currency,
    language: row.language,
    groupIds,
    active: Boolean(Number(row.active)),
    version: Number(row.version),
    transactionCount: Number(row.transaction_count),
    createdAt: iso(row.created_at),
    createdBy: row.created_by,
    updatedAt: iso(row.updated_at),
  };
}

function groupsByCustomer(rows: Row[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const row of rows) {
    const list = map.get(row.customer_id);
    if (list) list.push(row.group_id);
    else map.set(row.customer_id, [row.group_id]);
  }
  return map;
}

/**
 * The same requests answered by hand: one staff lookup by id (as the app's per-request staff
 * load), then the statements the application runs for the endpoint, in the same order.
 * The pure helpers (keys, search terms, audit diff) are the application's own.
 */
async function startBaseline(
  db: Db,
  staffId: string,
  replays: Map<Kind, RecordedStatement[][]>,
  engine: 'sqlite' | 'mysql',
): Promise<{ server: FastifyInstance; baseUrl: string }> {
  const server = Fastify({ logger: false });
  // better-sqlite3 binds numbers, strings, bigints and buffers only.
  const bindable = (value: unknown) =>
    engine === 'sqlite' && typeof value === 'boolean'
      ? Number(value)
      : value instanceof Date
        ? sqlDateTime(value)
        : value;
  const prepared = new Map(
    [...replays].map(([kind, paths]) => [
      kind,
      paths.map((statements) => statements.map((s) => ({ ...s, parameters: s.parameters.map(bindable) }))),
    ]),
  );

  // A replayed request: the statements the application ran for that path, each sent once those
  // the application had seen answered before sending it are answered (so statements it ran
  // side by side run side by side), and their rows as the answer.
  server.get('/replay/:kind/:i', async (request, reply) => {
    const { kind, i } = request.params as { kind: Kind; i: string };
    const statements = prepared.get(kind)?.[Number(i)];
    if (!statements) return reply.code(404).send({ code: 'NOT_RECORDED' });
    const sent: Array<Promise<Row[]>> = [];
    for (const [at, statement] of statements.entries()) {
      const before = statements.slice(0, at).flatMap((s, j) => (s.end <= statement.start ? [sent[j]] : []));
      await Promise.all(before);
      sent.push(db.query(statement.sql, statement.parameters));
    }
    return { results: await Promise.all(sent) };
  });
  const staff = async () => {
    const [row] = await db.query('SELECT * FROM staff WHERE id = ? AND active = ? LIMIT 1', [staffId, 1]);
    if (!row) throw new Error('bench staff missing');
    return row;
  };

  server.get('/api/v1/customers', async (request) => {
    await staff();
    const query = request.query as { page?: string; pageSize?: string };
    const page = Math.max(1, Number(query.page ?? 1) || 1);
    const pageSize = Math.min(100, Math.max(1, Number(query.pageSize ?? 25) || 25));
    // As the application: the page's keys in a derived table joined to their rows, beside the total.
    const [rows, count] = await Promise.all([
      db.query(
        `${SELECT_CUSTOMER} INNER JOIN (SELECT id AS page_key FROM customers WHERE active = ? ORDER BY company_key ASC, id ASC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}) page_keys ON page_keys.page_key = customers.id ORDER BY customers.company_key ASC, customers.id ASC`,
        [1],
      ),
      db.query('SELECT COUNT(1) AS cnt FROM customers WHERE active = ?', [1]),
    ]);
    const ids = rows.map((row) => String(row.id));
    if (ids.length === 0) return { data: [], meta: { page, pageSize, total: Number(count[0].cnt) } };
    const groups = groupsByCustomer(
      await db.query(
        `SELECT customer_id, group_id FROM customer_group_members WHERE customer_id IN (${marks(ids.length)}) ORDER BY group_id ASC`,
        ids,
      ),
    );
    return {
      data: rows.map((row) => customerJson(row, groups.get(String(row.id)) ?? [])),
      meta: { page, pageSize, total: Number(count[0].cnt) },
    };
  });

  server.get('/api/v1/customers/:id', async (request, reply) => {
    await staff();
    const { id } = request.params as { id: string };
    const [row] = await db.query(`${SELECT_CUSTOMER} WHERE id = ? LIMIT 1`, [id]);
    if (!row) return reply.code(404).send({ code: 'CUSTOMER_NOT_FOUND' });
    const groups = await db.query(
      'SELECT customer_id, group_id FROM customer_group_members WHERE customer_id IN (?) ORDER BY group_id ASC',
      [id],
    );
    return customerJson(
      row,
      groups.map((g) => String(g.group_id)),
    );
  });

  server.post('/api/v1/customers', async (request, reply) => {
    const actor = await staff();
    const dto = request.body as {
      company?: string;
      vat?: string | null;
      phone?: string | null;
      groupIds?: string[];
      primaryContact?: { firstName: string; lastName: string; email: string };
    };
    if (typeof dto?.company !== 'string' || !dto.company.trim()) {
      return reply.code(400).send({ code: 'VALIDATION_FAILED' });
    }
    const company = dto.company;
    const contactDto = dto.primaryContact;
    return db.transaction(async (q) => {
      const matches = new Set<string>();
      const vat = vatKey(dto.vat);
      // One query for both keys, as the service: the same VAT or the same folded name.
      const sameKeys = vat
        ? await q('SELECT id, vat_key, company_key FROM customers WHERE vat_key = ? OR company_key = ? LIMIT 20', [
            vat,
            companyKey(company),
          ])
        : await q('SELECT id, vat_key, company_key FROM customers WHERE company_key = ? LIMIT 20', [
            companyKey(company),
          ]);
      for (const r of sameKeys) matches.add(r.id);
      if (contactDto) {
        const [owner] = await q('SELECT customer_id, id FROM contacts WHERE email_key = ? LIMIT 1', [
          caseKey(contactDto.email),
        ]);
        if (owner) matches.add(owner.customer_id);
      }
      if (matches.size) {
        const named = await q(`SELECT id, company FROM customers WHERE id IN (${marks(matches.size)})`, [...matches]);
        return reply.code(409).send({ code: 'CUSTOMER_DUPLICATE', customers: named });
      }
      const now = new Date();
      const at = sqlDateTime(now);
      const id = uuidv7();
      const row: Row = {
        id,
        company: company.trim(),
        company_key: companyKey(company),
        vat: dto.vat?.trim() || null,
        vat_key: vat,
        phone: dto.phone?.trim() || null,
        website: null,
        has_shipping_address: 0,
        currency: null,
        language: null,
        active: 1,
        transaction_count: 0,
        version: 1,
        created_by: String(actor.id),
        created_at: at,
        updated_at: at,
      };
      await q(
        insertSql('customers', CUSTOMER_COLUMNS),
        CUSTOMER_COLUMNS.map((c) => row[c] ?? null),
      );
      const groupIds = [...new Set(dto.groupIds ?? [])];
      if (groupIds.length) {
        await q(
          insertSql('customer_group_members', ['customer_id', 'group_id'], groupIds.length),
          groupIds.flatMap((g) => [id, g]),
        );
      }
      const permissions = [...PORTAL_PERMISSIONS];
      const contact = contactDto
        ? {
            id: uuidv7(),
            firstName: contactDto.firstName.trim(),
            lastName: contactDto.lastName.trim(),
            email: contactDto.email.trim(),
          }
        : null;
      if (contact) {
        await q(insertSql('contacts', CONTACT_COLUMNS), [
          contact.id,
          id,
          contact.firstName,
          nameKey(contact.firstName),
          contact.lastName,
          nameKey(contact.lastName),
          contact.email,
          caseKey(contact.email),
          null,
          null,
          null,
          1,
          1,
          JSON.stringify(permissions),
          JSON.stringify(notificationsFor(permissions)),
          null,
          1,
          at,
          at,
        ]);
      }
      const terms = searchTerms({
        company: row.company,
        vat: row.vat,
        phone: row.phone,
        contacts: contact ? [contact] : [],
      });
      if (terms.length) {
        await q(
          insertSql('customer_search_terms', ['customer_id', 'term'], terms.length),
          terms.flatMap((t) => [id, t]),
        );
      }
      const created = customerJson(row, groupIds);
      const fields = audited(created);
      const trail: unknown[][] = [
        [uuidv7(), id, 'customer', id, 'create', 'staff', actor.id, JSON.stringify(diff(null, fields)), at],
      ];
      if (contact) {
        const after = { firstName: contact.firstName, lastName: contact.lastName, email: contact.email, permissions };
        trail.push([
          uuidv7(),
          id,
          'contact',
          contact.id,
          'create',
          'staff',
          actor.id,
          JSON.stringify(diff(null, after)),
          at,
        ]);
      }
      await q(insertSql('audit_events', AUDIT_COLUMNS, trail.length), trail.flat());
      if (contact && (dto as { sendWelcomeEmail?: boolean }).sendWelcomeEmail !== false) {
        // The welcome email's outbox row, as the application writes it in the same transaction.
        const email = welcomeEmail(
          { ...contact, customerId: id, passwordHash: null },
          { company: String(row.company), language: null },
        );
        await q(insertSql('email_outbox', OUTBOX_COLUMNS), [
          uuidv7(),
          email.template,
          email.language,
          email.to.email.toLowerCase(),
          email.to.name,
          id,
          contact.id,
          JSON.stringify(email.context),
          email.link,
          'queued',
          0,
          at,
          null,
          null,
          null,
          null,
          at,
          null,
        ]);
      }
      return reply.code(201).send({
        ...created,
        primaryContact: contact ? { id: contact.id, email: contact.email, permissions } : null,
      });
    });
  });

  await server.listen({ port: 0, host: '127.0.0.1' });
  const { port } = server.server.address() as AddressInfo;
  return { server, baseUrl: `http://127.0.0.1:${port}` };
}

// ---------------------------------------------------------------- the built server (child process)

const SERVER_ENTRY = 'dist/src/main.js';
/** What the build reads: when any of it is newer than the entry point, the build is stale. */
const BUILD_INPUTS = [
  'src',
  'libs',
  'migrations',
  'package.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'nest-cli.json',
];

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, entry)));
  return newest;
}

/** `npx nest build` unless `dist/src/main.js` is newer than every source; says which. */
function ensureBuilt(): string {
  const built = existsSync(SERVER_ENTRY) ? statSync(SERVER_ENTRY).mtimeMs : 0;
  const sources = Math.max(...BUILD_INPUTS.filter((path) => existsSync(path)).map(newestChange));
  if (built > sources) return `existing ${SERVER_ENTRY} (newer than the sources)`;
  progress(`bench: ${built ? `${SERVER_ENTRY} is older than the sources` : `no ${SERVER_ENTRY}`}: npx nest build`);
  const build = spawnSync('npx', ['nest', 'build'], { stdio: ['ignore', 2, 2] });
  if (build.status !== 0) throw new Error(`nest build failed (${build.status ?? build.signal ?? build.error})`);
  return `${SERVER_ENTRY} built by this run (npx nest build)`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface Memory {
  /** Resident set size now, bytes. */
  rss: number;
  /** Highest RSS so far (VmHWM), bytes; not available from ps. */
  peak?: number;
}

/** RSS of a process: VmRSS and VmHWM of /proc/<pid>/status, else `ps -o rss=`. */
function memoryOf(pid: number): Memory {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const bytes = (name: string) => {
      const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
      return match ? Number(match[1]) * 1024 : undefined;
    };
    const rss = bytes('VmRSS');
    if (rss !== undefined) return { rss, peak: bytes('VmHWM') };
  } catch {
    // No /proc (not Linux): ps below.
  }
  const kib = Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim());
  if (!Number.isFinite(kib) || kib <= 0) throw new Error(`no RSS for process ${pid}`);
  return { rss: kib * 1024 };
}

interface ServerProcess {
  pid: number;
  baseUrl: string;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const IDLE_MS = 1000;

/** The Node flags of `npm run start:prod` (its heap settings), so the server runs as in production. */
function productionNodeFlags(): string[] {
  const { scripts } = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const [command, ...words] = scripts['start:prod'].split(/\s+/);
  if (command !== 'node' || words[words.length - 1] !== SERVER_ENTRY) {
    throw new Error(`start:prod is not "node [flags] ${SERVER_ENTRY}": ${scripts['start:prod']}`);
  }
  return words.slice(0, -1);
}

/**
 * `node dist/src/main.js` with the bench environment on a free port, its output on our
 * stderr; resolves once `GET /api/v1/health` answers 200. `stop` sends SIGTERM (SIGKILL after
 * 10 s); the server is also sent SIGTERM if this process exits without stopping it.
 */
async function startServer(databaseUrl: string): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [...productionNodeFlags(), SERVER_ENTRY], {
    env: { PATH: process.env.PATH ?? '', ...benchAppEnv(databaseUrl), PORT: String(port) },
    stdio: ['ignore', 2, 2],
  });
  let exited: string | undefined;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = String(code ?? signal);
      resolve();
    }),
  );
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (exited !== undefined) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exit;
    clearTimeout(timer);
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  let last = 'no answer';
  try {
    for (;;) {
      if (exited !== undefined) throw new Error(`the server exited (${exited}) before its health check answered 200`);
      try {
        const response = await fetch(`${baseUrl}/api/v1/health`, { signal: AbortSignal.timeout(2_000) });
        last = `${response.status} ${await response.text()}`;
        if (response.status === 200) break;
      } catch (error) {
        last = String(error instanceof Error ? (error.cause ?? error.message) : error);
      }
      if (Date.now() > deadline) throw new Error(`the server did not answer its health check in 120 s (last: ${last})`);
      await sleep(200);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { pid: child.pid!, baseUrl, stop };
}

// ---------------------------------------------------------------- recorded statements

interface Recorded {
  requests: number;
  counts: StatementCounts;
  /** Statements of each recorded request, in order. */
  each: number[];
  /** The statements of the first recorded request, shortened. */
  first: string[];
  /** Replayed kinds: every statement of each path, with its parameters (in the order of `job.paths`). */
  replay?: RecordedStatement[][];
}

interface RecordedStatement {
  sql: string;
  parameters: unknown[];
  /** When the application sent it and when its answer came back (ms, performance.now()). */
  start: number;
  end: number;
}

/**
 * Times every statement of the application in this process (start and end), through its query
 * runners' `query`: statements the application runs side by side (a page and its total)
 * overlap, and the baseline replays them side by side too.
 */
class StatementTimer {
  private taken: RecordedStatement[] | undefined;

  constructor(dataSource: DataSource) {
    const runner = dataSource.createQueryRunner();
    const prototype = Object.getPrototypeOf(runner) as { query: (...args: unknown[]) => Promise<unknown> };
    void runner.release();
    const original = prototype.query;
    const taken = () => this.taken;
    prototype.query = async function (this: unknown, ...args: unknown[]) {
      const list = taken();
      const entry = list && {
        sql: String(args[0]),
        parameters: [...((args[1] as unknown[] | undefined) ?? [])],
        start: performance.now(),
        end: Number.POSITIVE_INFINITY,
      };
      if (entry) list.push(entry);
      try {
        return await original.apply(this, args);
      } finally {
        if (entry) entry.end = performance.now();
      }
    };
  }

  async during(work: () => Promise<void>): Promise<RecordedStatement[]> {
    const taken: RecordedStatement[] = [];
    this.taken = taken;
    try {
      await work();
      return taken;
    } finally {
      this.taken = undefined;
    }
  }
}

function shortSql(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  const from = flat.search(/ FROM /i);
  const short = /^SELECT /i.test(flat) && from > 60 ? `SELECT …${flat.slice(from)}` : flat;
  return short.length > 160 ? `${short.slice(0, 160)}…` : short;
}

/**
 * Requests of one kind (the same ones the load sends), one at a time, to the in-process
 * application with its SQL recorded: the exact statements per request, whatever the engine.
 */
async function recordStatements(
  bench: BenchApp,
  timer: StatementTimer,
  job: LoadJob,
  requests: number,
): Promise<Recorded> {
  const [template] = requestsOf(job, 'r');
  const counts = noStatements();
  const each: number[] = [];
  let first: string[] = [];
  const replay: RecordedStatement[][] = [];
  for (let i = 0; i < requests; i++) {
    const request = template.setupRequest ? template.setupRequest({ ...template }) : template;
    let status = 0;
    let text = '';
    let timed: RecordedStatement[] = [];
    const captured = await bench.recorder.capture(async () => {
      timed = await timer.during(async () => {
        const response = await fetch(`${job.url}${request.path}`, {
          method: request.method,
          headers: { authorization: `Bearer ${job.token}`, 'content-type': 'application/json' },
          body: request.body,
          signal: AbortSignal.timeout(30_000),
        });
        status = response.status;
        text = await response.text();
      });
    });
    if (status !== (job.kind === 'create' ? 201 : 200)) {
      throw new Error(`${job.kind}: ${request.method} ${request.path} answered ${status} ${text.slice(0, 300)}`);
    }
    for (const { sql } of captured) countStatement(counts, sql);
    each.push(captured.length);
    if (i === 0) first = captured.map(({ sql }) => shortSql(sql));
    if (job.paths) replay.push(timed);
  }
  return { requests, counts, each, first, replay: job.paths ? replay : undefined };
}

// ---------------------------------------------------------------- report

interface ScenarioRow {
  kind: Kind;
  ours: Measured;
  baseline: Measured;
  recorded: Recorded;
}

/** Words of the seeded company and contact names, searched in turn. */
const SEARCH_WORDS = ['Müller', 'Logistik', 'Nordic', 'Bäckerei', 'Software', 'Zürich', 'García', 'Pharma'];

const SCENARIO_NAMES: Record<Kind, string> = {
  page1: `GET customers?page=1&pageSize=${PAGE_SIZE}`,
  deep: `GET customers?page=${DEEP_PAGE}&pageSize=${PAGE_SIZE}`,
  search: `GET customers?q= (${SEARCH_WORDS.length} words in turn)`,
  group: 'GET customers?groupId= (every group in turn)',
  viewOwn: 'GET customers?page=1 as a view_own member',
  list: `GET customers?page=N&pageSize=${PAGE_SIZE} (all pages in turn)`,
  detail: 'GET customers/{id} (random seeded id)',
  create: 'POST customers (unique company, VAT, contact email)',
  invoicesByCustomer: 'GET invoices?customerId= (20 customers in turn)',
  invoice: 'GET invoices/{id} (20 invoices in turn)',
  contact: 'GET contacts/{id} (20 contacts in turn)',
};
/** The keys of the last line's JSON: method and path. */
const SCENARIO_KEYS: Record<Kind, string> = {
  page1: 'GET customers?page=1',
  deep: `GET customers?page=${DEEP_PAGE}`,
  search: 'GET customers?q=',
  group: 'GET customers?groupId=',
  viewOwn: 'GET customers?page=1 (view_own)',
  list: 'GET customers?page=N',
  detail: 'GET customers/{id}',
  create: 'POST customers',
  invoicesByCustomer: 'GET invoices?customerId=',
  invoice: 'GET invoices/{id}',
  contact: 'GET contacts/{id}',
};
const mib = (bytes: number) => (bytes / 1048576).toFixed(0);
const failures = (r: LoadResult) => `${r.errors + r.timeouts} / ${r.non2xx}`;
const RSS_LIMIT_MIB = 200;

function perRequest(counts: StatementCounts, requests: number): StatementCounts {
  const n = Math.max(requests, 1);
  return {
    statements: counts.statements / n,
    writes: counts.writes / n,
    transactions: counts.transactions / n,
    rollbacks: counts.rollbacks / n,
  };
}

const num = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(2));
const triple = (c: StatementCounts) => `${num(c.statements)} / ${num(c.writes)} / ${num(c.transactions)}`;

interface PerRequestCounts {
  recorded: StatementCounts;
  counted: StatementCounts;
  oursLoad?: StatementCounts;
  baselineLoad?: StatementCounts;
  /** Other clients' statements and writes per second, from the idle second before each load. */
  oursIdle?: StatementCounts;
  baselineIdle?: StatementCounts;
}

function countsOf(row: ScenarioRow): PerRequestCounts {
  const { ours, baseline, recorded } = row;
  const load = (m: Measured) =>
    m.before.server && m.after.server
      ? perRequest(serverDelta(m.after.server, m.before.server), m.result.sent)
      : undefined;
  const idle = (m: Measured) => (m.before.idle ? perRequest(m.before.idle, IDLE_MS / 1000) : undefined);
  return {
    recorded: perRequest(recorded.counts, recorded.requests),
    counted: perRequest(minus(baseline.after.counted!, baseline.before.counted!), baseline.result.sent),
    oursLoad: load(ours),
    baselineLoad: load(baseline),
    oursIdle: idle(ours),
    baselineIdle: idle(baseline),
  };
}

/** Other clients' statements per request of a load, had they kept the rate of the idle second before it. */
function backgroundPerRequest(m: Measured, idlePerSecond: StatementCounts): number {
  return (idlePerSecond.statements * (m.windowMs / 1000)) / Math.max(m.result.sent, 1);
}

/** Server-wide counters and an exact count disagree by more than rounding. */
const disagree = (load: StatementCounts, exact: StatementCounts) =>
  Math.abs(load.statements - exact.statements) > Math.max(0.2, exact.statements * 0.05) ||
  Math.abs(load.writes - exact.writes) > 0.05;

const wrote = (c: StatementCounts | undefined) => c !== undefined && c.writes > 0.005;

/** A GET's writes: in the exact counts (recorded, counted), or only in the server-wide counters. */
function writeOnGet(c: PerRequestCounts): { exact: boolean; text: string } {
  const exact: string[] = [];
  if (c.recorded.writes > 0) exact.push(`ours recorded ${num(c.recorded.writes)}`);
  if (c.counted.writes > 0) exact.push(`baseline counted ${num(c.counted.writes)}`);
  if (exact.length) return { exact: true, text: `**YES** (${exact.join(', ')})` };
  const counters: string[] = [];
  if (wrote(c.oursLoad)) counters.push(`ours ${c.oursLoad!.writes.toFixed(2)}`);
  if (wrote(c.baselineLoad)) counters.push(`baseline ${c.baselineLoad!.writes.toFixed(2)}`);
  if (!counters.length) return { exact: false, text: 'no' };
  return { exact: false, text: `no in the exact counts; server counters: ${counters.join(', ')}` };
}

function renderTables(rows: ScenarioRow[], engine: 'sqlite' | 'mysql'): string[] {
  const out = [
    '## Throughput',
    '',
    '| Scenario | Ours req/s | Baseline req/s | Ours / baseline | Ours p50 / p99 ms | Baseline p50 / p99 ms | Ours requests sent | Baseline requests sent | Ours errors / non-2xx | Baseline errors / non-2xx |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const { kind, ours, baseline } of rows) {
    const o = ours.result;
    const b = baseline.result;
    out.push(
      `| ${SCENARIO_NAMES[kind]} | ${o.rps.toFixed(0)} | ${b.rps.toFixed(0)} | ${(o.rps / Math.max(b.rps, 0.001)).toFixed(2)} | ${o.p50} / ${o.p99} | ${b.p50} / ${b.p99} | ${o.sent} | ${b.sent} | ${failures(o)} | ${failures(b)} |`,
    );
  }
  const mysql = engine === 'mysql';
  out.push(
    '',
    '## Statements per request',
    '',
    'Each cell: statements / writes (INSERT, UPDATE, DELETE, REPLACE) / transaction control (BEGIN, COMMIT, ROLLBACK).',
    ...(mysql
      ? [
          '"Other clients" = what the server ran per second, writes included, in an idle second right before the load',
          '(ours / baseline): the server counters include such statements, the recorded and counted figures do not.',
        ]
      : []),
    '',
    mysql
      ? '| Scenario | Ours, recorded | Ours under load, server counters | Baseline under load, counted | Baseline under load, server counters | Other clients, statements (writes) per s | Write on a GET |'
      : '| Scenario | Ours, recorded | Baseline under load, counted | Write on a GET |',
    mysql ? '| --- | ---: | ---: | ---: | ---: | ---: | --- |' : '| --- | ---: | ---: | --- |',
  );
  for (const row of rows) {
    const c = countsOf(row);
    const flag = row.kind === 'create' ? '(not a GET)' : writeOnGet(c).text;
    const others = (idle?: StatementCounts) => (idle ? `${num(idle.statements)} (${num(idle.writes)})` : '?');
    out.push(
      mysql
        ? `| ${SCENARIO_NAMES[row.kind]} | ${triple(c.recorded)} | ${triple(c.oursLoad!)} | ${triple(c.counted)} | ${triple(c.baselineLoad!)} | ${others(c.oursIdle)} / ${others(c.baselineIdle)} | ${flag} |`
        : `| ${SCENARIO_NAMES[row.kind]} | ${triple(c.recorded)} | ${triple(c.counted)} | ${flag} |`,
    );
  }
  out.push(
    '',
    '## Memory',
    '',
    '| Scenario | Ours: server process RSS MiB (before → after load) | Baseline: bench process RSS MiB (before → after load) |',
    '| --- | ---: | ---: |',
  );
  for (const { kind, ours, baseline } of rows) {
    out.push(
      `| ${SCENARIO_NAMES[kind]} | ${mib(ours.before.rss)} → ${mib(ours.after.rss)} | ${mib(baseline.before.rss)} → ${mib(baseline.after.rss)} |`,
    );
  }
  return out;
}

function notes(rows: ScenarioRow[]): string[] {
  const out: string[] = [];
  const gets = rows.filter((r) => r.kind !== 'create');
  const exact = gets.filter((r) => writeOnGet(countsOf(r)).exact);
  const countersOnly = gets.filter((r) => !writeOnGet(countsOf(r)).exact && writeOnGet(countsOf(r)).text !== 'no');
  out.push(
    exact.length
      ? `- **Write statements on a GET: ${exact.map((r) => r.kind).join(', ')}** (see the statements table).`
      : '- No write statement on any GET in the exact counts (recorded for ours, counted for the baseline).',
  );
  for (const row of countersOnly) {
    const c = countsOf(row);
    const idle = [c.oursIdle, c.baselineIdle].filter((i) => i !== undefined);
    out.push(
      `- ${row.kind}: the server-wide counters show writes during the load (${writeOnGet(c).text.replace(/^.*server counters: /, '')} per request) that the exact counts do not; other clients wrote ${idle.map((i) => num(i.writes)).join(' and ')} statements per second in the idle seconds before. Rerun on a quiet server to tell them apart.`,
    );
  }
  const transactional = gets.filter((r) => countsOf(r).recorded.transactions > 0);
  if (transactional.length) {
    out.push(`- Transaction control on a GET: ${transactional.map((r) => r.kind).join(', ')}.`);
  }
  for (const row of rows) {
    const c = countsOf(row);
    const side = (
      name: string,
      m: Measured,
      load?: StatementCounts,
      exactCounts?: StatementCounts,
      idle?: StatementCounts,
    ) => {
      if (!load || !exactCounts || !disagree(load, exactCounts)) return;
      const background = idle ? backgroundPerRequest(m, idle) : undefined;
      out.push(
        `- ${row.kind}, ${name}: the server counters give ${triple(load)} per request, the exact count ${triple(exactCounts)}` +
          (background === undefined
            ? '.'
            : `; at the rate of the idle second before, other clients would add about ${background.toFixed(2)} statements per request.`) +
          (load.rollbacks > 0.005 ? ` ROLLBACK per request in the counters: ${load.rollbacks.toFixed(2)}.` : ''),
      );
    };
    side('ours', row.ours, c.oursLoad, c.recorded, c.oursIdle);
    side('baseline', row.baseline, c.baselineLoad, c.counted, c.baselineIdle);
  }
  return out;
}

/** Before any load: the two servers answer a list page and a detail with the same customers and groups. */
async function parity(oursUrl: string, baselineUrl: string, token: string, path: string): Promise<void> {
  const shape = async (baseUrl: string) => {
    const response = await fetch(`${baseUrl}/api/v1/${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (response.status !== 200) throw new Error(`${baseUrl} ${path}: ${response.status}`);
    const body = (await response.json()) as Row;
    const customers = (body.data ?? [body]) as Row[];
    return JSON.stringify({ total: body.meta?.total, customers });
  };
  const [a, b] = await Promise.all([shape(oursUrl), shape(baselineUrl)]);
  if (a !== b)
    throw new Error(`baseline answers ${path} differently:\n ours ${a.slice(0, 400)}\n base ${b.slice(0, 400)}`);
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const env = benchEnv('var/bench/throughput.sqlite');
  const scale: ScaleOptions = {
    customers: env.intEnv('BENCH_CUSTOMERS', 100_000, 1000, 2_000_000),
    invoices: env.intEnv('BENCH_INVOICES', 1_000_000, 1000, 20_000_000),
    groups: GROUPS,
  };
  const seconds = env.intEnv('BENCH_SECONDS', 10, 1, 3600);
  const warmupSeconds = env.intEnv('BENCH_WARMUP_SECONDS', 1, 0, 600);
  const connections = env.intEnv('BENCH_CONNECTIONS', 32, 1, 1024);
  const recordRequests = env.intEnv('BENCH_RECORD_REQUESTS', 5, 1, 1000);
  const reportFile = process.env.BENCH_REPORT?.trim() || 'var/bench/throughput.md';
  const engine = engineOf(env.databaseUrl);
  const runStarted = performance.now();
  const loadAtStart = loadAverage();

  const build = ensureBuilt();
  progress(`bench: server: ${build}`);
  progress(
    `bench: ${scale.customers} customers, ${scale.invoices} invoices on ${env.databaseUrl.replace(/\/\/[^@/]*@/, '//***@')}`,
  );

  // The data set: seeded once, reused by later runs (and left in place).
  const seedDb = await openMigrated(env.databaseUrl);
  let seed: ScaleSeed;
  try {
    seed = await seedScale(seedDb, scale, progress);
  } finally {
    await seedDb.destroy();
  }
  let bench: BenchApp | undefined;
  let server: ServerProcess | undefined;
  let db: Db | undefined;
  let baseline: FastifyInstance | undefined;
  let status: Connection | undefined;
  try {
    // Migrations, staff, customers and the recorded requests: the application in this process.
    bench = await startBenchApp(env.databaseUrl);
    const serverVersion = bench.serverVersion;
    progress(`bench: in-process app on ${bench.baseUrl} (${serverVersion}), migrated`);
    const { admin } = seed.staff;
    const viewOwn = seed.staff.viewOwn[0];
    const column = async (sql: string) => ((await bench!.dataSource.query(sql)) as Row[]).map((r) => String(r.id));
    const total = Number(((await bench.dataSource.query('SELECT COUNT(*) AS n FROM customers')) as Row[])[0].n);
    const invoiceCount = Number(((await bench.dataSource.query('SELECT COUNT(*) AS n FROM invoices')) as Row[])[0].n);
    const ids = await column('SELECT id FROM customers');
    const groupIds = await column('SELECT id FROM customer_groups ORDER BY name_key');
    const sampled = (table: string, rows: number) =>
      column(`SELECT id FROM ${table} ORDER BY id LIMIT 20 OFFSET ${Math.floor(rows / 2)}`);
    const invoiceIds = await sampled('invoices', invoiceCount);
    const invoiceCustomers = await column(
      `SELECT DISTINCT customer_id AS id FROM invoices WHERE id IN (${invoiceIds.map((id) => `'${id}'`).join(', ')})`,
    );
    const contactIds = await sampled('contacts', total);
    const paths: Record<ReplayKind, string[]> = {
      page1: [`/api/v1/customers?page=1&pageSize=${PAGE_SIZE}`],
      deep: [`/api/v1/customers?page=${DEEP_PAGE}&pageSize=${PAGE_SIZE}`],
      search: SEARCH_WORDS.map((w) => `/api/v1/customers?q=${encodeURIComponent(w)}&pageSize=${PAGE_SIZE}`),
      group: groupIds.map((g) => `/api/v1/customers?groupId=${g}&pageSize=${PAGE_SIZE}`),
      viewOwn: [`/api/v1/customers?page=1&pageSize=${PAGE_SIZE}`],
      invoicesByCustomer: invoiceCustomers.map((c) => `/api/v1/invoices?customerId=${c}`),
      invoice: invoiceIds.map((id) => `/api/v1/invoices/${id}`),
      contact: contactIds.map((id) => `/api/v1/contacts/${id}`),
    };
    const activeCount = async () =>
      Number(((await bench!.dataSource.query('SELECT COUNT(*) AS n FROM customers WHERE active = 1')) as Row[])[0].n);

    const runStamp = Date.now().toString(36);
    const job = (url: string, kind: Kind, token: string, pages: number, tag: string, baseline = false): LoadJob => ({
      url,
      kind,
      token,
      seconds,
      warmupSeconds,
      connections,
      pages,
      ids,
      groupIds,
      tag: `${runStamp}${tag}`,
      paths: isReplay(kind) ? (baseline ? paths[kind].map((_, i) => `/replay/${kind}/${i}`) : paths[kind]) : undefined,
    });
    const recorded = new Map<Kind, Recorded>();
    const timer = new StatementTimer(bench.dataSource);
    const staffOf = (kind: Kind) => (kind === 'viewOwn' ? viewOwn : admin);
    const recordPages = Math.max(1, Math.ceil((await activeCount()) / PAGE_SIZE));
    for (const kind of KINDS) {
      const recordToken = await login(bench.baseUrl, staffOf(kind).email);
      recorded.set(
        kind,
        await recordStatements(
          bench,
          timer,
          job(bench.baseUrl, kind, recordToken, recordPages, 'r'),
          isReplay(kind) ? paths[kind].length : recordRequests,
        ),
      );
    }
    progress(`bench: SQL of ${recordRequests} requests of each kind recorded`);
    const active = await activeCount();
    const pages = Math.max(1, Math.ceil(active / PAGE_SIZE));
    await bench.close();
    bench = undefined;

    server = await startServer(env.databaseUrl);
    const idle = memoryOf(server.pid);
    progress(`bench: built server (pid ${server.pid}) on ${server.baseUrl}, ${mib(idle.rss)} MiB RSS idle`);

    db = engine === 'sqlite' ? sqliteDb(env.databaseUrl.slice('sqlite:'.length)) : mysqlDb(env.databaseUrl);
    const replays = new Map<Kind, RecordedStatement[][]>();
    for (const [kind, r] of recorded) if (r.replay) replays.set(kind, r.replay);
    const started = await startBaseline(db, admin.id, replays, engine);
    baseline = started.server;
    progress(`bench: baseline on ${started.baseUrl}`);

    const checkToken = await login(server.baseUrl, admin.email);
    for (const path of [`customers?page=2&pageSize=${PAGE_SIZE}`, `customers/${ids[Math.floor(ids.length / 2)]}`]) {
      await parity(server.baseUrl, started.baseUrl, checkToken, path);
    }
    progress('bench: baseline answers a list page and a detail exactly as the built server does');

    if (engine === 'mysql') {
      status = await createConnection({ uri: env.databaseUrl.replace(/^mariadb:/, 'mysql:') });
    }
    const counters = async () => (status ? await serverCounters(status) : undefined);
    const serverPid = server.pid;
    const baselineDb = db;
    // Before a load, on MySQL/MariaDB: one idle second between two reads of the counters
    // shows what other clients of the same server run meanwhile.
    const idleThenCounters = async (): Promise<Pick<Snapshot, 'server' | 'idle'>> => {
      if (!status) return {};
      const start = await serverCounters(status);
      await sleep(IDLE_MS);
      const server = await serverCounters(status);
      return { server, idle: serverDelta(server, start) };
    };
    const probeOurs: Probes = {
      before: async () => ({ ...(await idleThenCounters()), rss: memoryOf(serverPid).rss }),
      after: async () => ({ rss: memoryOf(serverPid).rss, server: await counters() }),
    };
    const probeBaseline: Probes = {
      before: async () => ({
        ...(await idleThenCounters()),
        rss: process.memoryUsage().rss,
        counted: { ...baselineDb.counts },
      }),
      after: async () => ({
        rss: process.memoryUsage().rss,
        server: await counters(),
        counted: { ...baselineDb.counts },
      }),
    };

    const rows: ScenarioRow[] = [];
    for (const kind of KINDS) {
      // A fresh token per scenario: the longest run stays far inside its lifetime.
      const token = await login(server.baseUrl, staffOf(kind).email);
      progress(`bench: ${kind}: ours`);
      const ours = await measure(job(server.baseUrl, kind, token, pages, 'a'), probeOurs);
      progress(`bench: ${kind}: baseline`);
      const base = await measure(job(started.baseUrl, kind, token, pages, 'b', true), probeBaseline);
      rows.push({ kind, ours, baseline: base, recorded: recorded.get(kind)! });
      progress(`bench: ${kind}: ${ours.result.rps.toFixed(0)} vs ${base.result.rps.toFixed(0)} req/s`);
    }
    const peak = memoryOf(server.pid).peak;
    await server.stop();
    server = undefined;

    const afterLoad = Math.max(...rows.map((r) => r.ours.after.rss));
    const holds = afterLoad <= RSS_LIMIT_MIB * 1048576;
    const markdown = [
      `# Customers throughput — ${engine === 'sqlite' ? 'SQLite' : 'MySQL/MariaDB'}`,
      '',
      `- Run: ${new Date().toISOString()}, Node ${process.version}, ${serverVersion}`,
      `- Server: ${build}, started as a child process with \`node ${[...productionNodeFlags(), SERVER_ENTRY].join(' ')}\` (the command of \`npm run start:prod\`; it binds all interfaces on a free port, the load goes to 127.0.0.1)`,
      `- Data: ${total} customers (${active} active, ${pages} pages of ${PAGE_SIZE}) in ${groupIds.length} groups, ${invoiceCount} invoices; ${seed.reused ? 'the seeded database reused' : `seeded in ${seed.seconds.toFixed(1)} s`} (\`npm run seed:bench\`)`,
      `- Load average at the start and end of the run: ${loadAtStart} → ${loadAverage()} (${cpus().length} CPUs)`,
      `- Load: autocannon, ${connections} connections, ${seconds} s per scenario and server after ${warmupSeconds} s of warm-up, on loopback, from a forked child process`,
      `- Total run time: ${((performance.now() - runStarted) / 1000).toFixed(0)} s`,
      '',
      'Ours = the built application (`node dist/src/main.js`: Nest on Fastify, guards, validation, TypeORM) in its own',
      'process. Baseline = a bare Fastify server in the bench process with',
      `${engine === 'sqlite' ? 'better-sqlite3 on the same file' : 'a mysql2 pool of 10 connections, as the application'}, answering the same requests with the same statements`,
      '(one staff lookup by id, then the page rows joined to their keys + COUNT + group ids; the customer and its groups; the',
      'duplicate checks and the inserts of customer, memberships, contact, search terms, audit rows and the outbox row of the welcome email in one',
      'transaction), without token verification, validation or the rate limit. Latencies are autocannon percentiles',
      'in ms; errors are connection errors and timeouts. Before the load, a list page and a detail were checked to',
      'come back identical (same JSON) from both servers.',
      `The scenarios ${REPLAY_KINDS.map((k) => `"${SCENARIO_KEYS[k]}"`).join(', ')} are replayed: for each of their request`,
      'paths the application in the bench process answered once with its SQL recorded (parameters included, and when',
      'each statement was sent and answered), and the baseline runs exactly those statements for that path, each once',
      'the statements answered before it in the recording are answered (side by side where the application overlapped',
      'them, such as a page and its total), and answers their rows as JSON.',
      '',
      ...renderTables(rows, engine),
      '',
      `- Ours, idle after boot (one health check, before any load): ${mib(idle.rss)} MiB; peak over the run (VmHWM): ${peak === undefined ? 'not available' : `${mib(peak)} MiB`}.`,
      `- RSS after load ≤ ${RSS_LIMIT_MIB} MiB: **${holds ? 'holds' : 'does not hold'}** (highest RSS of the server after a measured load: ${mib(afterLoad)} MiB).`,
      '',
      '## Notes',
      '',
      ...notes(rows),
      '',
      'How the statements were counted:',
      '',
      `- Ours, recorded: before the built server started, ${recordRequests} requests of each kind (the same requests the`,
      '  load sends) went one at a time to the application running in the bench process (same sources as the build,',
      "  same environment), and every statement it ran was recorded through TypeORM's logger hook; per request on",
      '  average. The statements of the first of them are listed below.',
      ...(rows.some((r) => r.recorded.first.some((sql) => /^SET SESSION TRANSACTION/i.test(sql)))
        ? [
            '  The first transaction on each pooled MySQL connection also sets the session to READ COMMITTED (one',
            '  statement, once per connection): recorded creates differ by one, and so does the first of each connection',
            '  under load.',
          ]
        : []),
      '- Baseline, counted: every statement the baseline sent during the measured load (transaction control included),',
      '  counted in its query function, divided by the requests autocannon sent (including those still in flight when',
      '  the time ran out: they are read after a pause as long as the slowest request of the load plus',
      `  ${SETTLE_MS} ms, so the server has finished them).`,
      ...(engine === 'mysql'
        ? [
            '- Under load, server counters: `SHOW GLOBAL STATUS` right before and after each measured load (after a',
            `  pause as long as the slowest request of the load plus ${SETTLE_MS} ms, for requests still in flight);`,
            "  `Questions` less the bench's own read, and the",
            '  `Com_insert`/`Com_update`/`Com_delete`/`Com_replace` (writes) and `Com_begin`/`Com_commit`/`Com_rollback`',
            '  counters, divided by the requests autocannon sent. These counters are server-wide: statements of any other',
            '  client of the same server in that window are included. To size that, the counters are also read across',
            `  an idle second (${IDLE_MS} ms, nothing of the bench running) right before each measured load.`,
          ]
        : ['- SQLite has no server counters: the load itself is not counted for ours.']),
      '',
      'RSS of ours is the VmRSS of the server process (/proc/<pid>/status) after the warm-up and after the measured',
      "load. The baseline's RSS is that of the bench process, which besides the baseline server holds the load",
      'orchestration, the seeding and the modules of the closed in-process application: it shows growth during the',
      "load, not the baseline's own footprint.",
      '',
      '## Statements of one request (ours, recorded)',
      '',
      ...rows.flatMap((r) => [
        `${SCENARIO_NAMES[r.kind]} (statements of each recorded request: ${r.recorded.each.join(', ')}):`,
        '',
        ...r.recorded.first.map((sql, i) => `${i + 1}. \`${sql.replace(/`/g, '')}\``),
        '',
      ]),
    ].join('\n');
    process.stdout.write(`${markdown}\n`);
    progress(`bench: report written to ${writeReport(reportFile, markdown)}`);
    // No ratio where a side answered nothing in time (both timing out is not parity).
    const ratio = (a: number, b: number) => (a > 0 && b > 0 ? Math.round((a / b) * 100) / 100 : null);
    const summary = {
      customers: total,
      invoices: invoiceCount,
      ratios: Object.fromEntries(
        rows.map((r) => [SCENARIO_KEYS[r.kind], ratio(r.ours.result.rps, r.baseline.result.rps)]),
      ),
      p99Ratios: Object.fromEntries(
        rows.map((r) => [SCENARIO_KEYS[r.kind], ratio(r.ours.result.p99, r.baseline.result.p99)]),
      ),
      rssAfterLoadMiB: Math.round(afterLoad / 1048576),
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    await status?.end();
    await server?.stop();
    await baseline?.close();
    await db?.close();
    await bench?.close();
    if (process.env.BENCH_DROP === '1') await dropDatabase(env.databaseUrl);
  }
}

if (process.argv.includes('--load')) {
  childMain();
} else if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(
        `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
