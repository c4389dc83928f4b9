/**
 * `npm run bench:throughput`: requests per second of the customers endpoints under
 * concurrent load, beside a bare baseline in the same process: a plain Fastify server on
 * another loopback port that answers the same requests by hand with the same SQL the
 * application runs (no Nest, no TypeORM, no validation pipes, no token check).
 *
 *   BENCH_CUSTOMERS      customers to seed (default 20000, in 5 groups)
 *   BENCH_DATABASE_URL   sqlite:<file> (default sqlite:var/bench/throughput.sqlite, deleted first) or
 *                        mysql://root@127.0.0.1:3306/crm_bench_tp (dropped and created; loopback only)
 *   BENCH_SECONDS        measured load per scenario and server (default 10)
 *   BENCH_WARMUP_SECONDS unmeasured load before each measured one (default 1)
 *   BENCH_CONNECTIONS    concurrent connections (default 32)
 *   BENCH_KEEP=1         keep the database afterwards
 *   BENCH_REPORT         where the Markdown goes (default var/bench/throughput.md)
 *
 * The load generator (autocannon) runs in a forked child process, so that it does not share
 * the event loop of the servers; both servers live in this process, one after the other
 * under load. The Markdown report goes to stdout and to BENCH_REPORT; progress to stderr.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { caseKey, uuidv7 } from '@app/common';
import Fastify, { type FastifyInstance } from 'fastify';
import { createPool, type Pool, type PoolConnection } from 'mysql2/promise';
import { diff } from '../../src/audit/diff';
import { nameKey } from '../../src/contacts/contact-keys';
import { notificationsFor } from '../../src/contacts/email-notifications';
import { audited } from '../../src/customers/customers.service';
import type { CustomerAddressDto, CustomerDto } from '../../src/customers/dto/customer.dto';
import { companyKey, searchTerms, vatKey } from '../../src/customers/normalise';
import { PORTAL_PERMISSIONS } from '../../src/permissions/portal-permissions';
import {
  BenchApp,
  benchEnv,
  dropDatabase,
  engineOf,
  login,
  sqlDateTime,
  startBenchApp,
  writeReport,
  freshDatabase,
} from './bench-kit';
import { insertBenchStaff } from './customers.bench';
import { CONTACT_COLUMNS, CUSTOMER_COLUMNS, seedCustomers } from './customers.seed';

const PAGE_SIZE = 50;
const GROUPS = 5;

const progress = (line: string) => process.stderr.write(`${line}\n`);

type Row = Record<string, any>;
type Kind = 'list' | 'detail' | 'create';
const KINDS: Kind[] = ['list', 'detail', 'create'];

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
}

interface LoadResult {
  rps: number;
  total: number;
  p50: number;
  p99: number;
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
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
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
  if (job.warmupSeconds > 0) await autocannon(options('w', job.warmupSeconds));
  send({ type: 'warm' });
  await go;
  const r = await autocannon(options('m', job.seconds));
  const result: LoadResult = {
    rps: r.requests.average,
    total: r.requests.total,
    p50: r.latency.p50,
    p99: r.latency.p99,
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

interface Measured {
  result: LoadResult;
  rssBefore: number;
  rssAfter: number;
}

/** One warm-up and one measured load of `job` from a forked load generator; RSS of this process around the measured part. */
function measure(job: LoadJob): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = fork(__filename, ['--load'], { execArgv: process.execArgv, stdio: 'inherit' });
    let rssBefore = 0;
    let done = false;
    child.on('message', (message: { type: string; result?: LoadResult; error?: string }) => {
      if (message.type === 'warm') {
        rssBefore = process.memoryUsage().rss;
        child.send({ type: 'go' });
      } else if (message.type === 'result') {
        done = true;
        resolve({ result: message.result!, rssBefore, rssAfter: process.memoryUsage().rss });
      } else if (message.type === 'error') {
        done = true;
        reject(new Error(`load generator: ${message.error}`));
      }
    });
    child.on('exit', (code) => {
      if (!done) reject(new Error(`load generator exited with ${code} before its result`));
    });
    child.send({ type: 'job', job });
  });
}

// ---------------------------------------------------------------- the baseline server

interface Db {
  query(sql: string, parameters?: unknown[]): Promise<Row[]>;
  transaction<T>(work: (query: (sql: string, parameters?: unknown[]) => Promise<Row[]>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
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
  const query = (sql: string, parameters: unknown[] = []): Promise<Row[]> => {
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
        db.exec('BEGIN');
        try {
          const result = await work(query);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          db.exec('ROLLBACK');
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
  const on =
    (runner: Pool | PoolConnection) =>
    async (sql: string, parameters: unknown[] = []) =>
      (await runner.query(sql, parameters))[0] as Row[];
  return {
    query: on(pool),
    transaction: async (work) => {
      const connection = await pool.getConnection();
      try {
        await connection.beginTransaction();
        const result = await work(on(connection));
        await connection.commit();
        return result;
      } catch (error) {
        await connection.rollback();
        throw error;
      } finally {
        connection.release();
      }
    },
    close: () => pool.end(),
  };
}

const ADDRESS = ['street', 'city', 'state', 'zip', 'country'] as const;
const SELECT_CUSTOMER = `SELECT ${CUSTOMER_COLUMNS.join(', ')} FROM customers`;
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
async function startBaseline(db: Db, staffId: string): Promise<{ server: FastifyInstance; baseUrl: string }> {
  const server = Fastify({ logger: false });
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
    const [keys, count] = await Promise.all([
      db.query(
        `SELECT id FROM customers WHERE active = ? ORDER BY company_key ASC, id ASC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
        [1],
      ),
      db.query('SELECT COUNT(1) AS cnt FROM customers WHERE active = ?', [1]),
    ]);
    const ids = keys.map((k) => String(k.id));
    if (ids.length === 0) return { data: [], meta: { page, pageSize, total: Number(count[0].cnt) } };
    const rows = await db.query(`${SELECT_CUSTOMER} WHERE id IN (${marks(ids.length)})`, ids);
    const groups = groupsByCustomer(
      await db.query(
        `SELECT customer_id, group_id FROM customer_group_members WHERE customer_id IN (${marks(ids.length)}) ORDER BY group_id ASC`,
        ids,
      ),
    );
    const byId = new Map(rows.map((row) => [String(row.id), row]));
    return {
      data: ids.flatMap((id) => {
        const row = byId.get(id);
        return row ? [customerJson(row, groups.get(id) ?? [])] : [];
      }),
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
      if (vat) for (const r of await q('SELECT id FROM customers WHERE vat_key = ? LIMIT 10', [vat])) matches.add(r.id);
      for (const r of await q('SELECT id FROM customers WHERE company_key = ? LIMIT 10', [companyKey(company)]))
        matches.add(r.id);
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

// ---------------------------------------------------------------- report

interface ScenarioRow {
  kind: Kind;
  ours: Measured;
  baseline: Measured;
}

const SCENARIO_NAMES: Record<Kind, string> = {
  list: `GET customers?page=N&pageSize=${PAGE_SIZE} (all pages in turn)`,
  detail: 'GET customers/{id} (random seeded id)',
  create: 'POST customers (unique company, VAT, contact email)',
};
const mb = (bytes: number) => `${Math.round(bytes / 1048576)}`;
const failures = (r: LoadResult) => `${r.errors + r.timeouts} / ${r.non2xx}`;

function renderTable(rows: ScenarioRow[]): string[] {
  const out = [
    '| Scenario | Ours req/s | Baseline req/s | Ours / baseline | Ours p50 / p99 ms | Baseline p50 / p99 ms | Ours errors / non-2xx | Baseline errors / non-2xx | RSS MB ours (before → after) | RSS MB baseline (before → after) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const { kind, ours, baseline } of rows) {
    const o = ours.result;
    const b = baseline.result;
    out.push(
      `| ${SCENARIO_NAMES[kind]} | ${o.rps.toFixed(0)} | ${b.rps.toFixed(0)} | ${(o.rps / Math.max(b.rps, 0.001)).toFixed(2)} | ${o.p50} / ${o.p99} | ${b.p50} / ${b.p99} | ${failures(o)} | ${failures(b)} | ${mb(ours.rssBefore)} → ${mb(ours.rssAfter)} | ${mb(baseline.rssBefore)} → ${mb(baseline.rssAfter)} |`,
    );
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
  const total = env.intEnv('BENCH_CUSTOMERS', 20000, 1, 2000000);
  const seconds = env.intEnv('BENCH_SECONDS', 10, 1, 3600);
  const warmupSeconds = env.intEnv('BENCH_WARMUP_SECONDS', 1, 0, 600);
  const connections = env.intEnv('BENCH_CONNECTIONS', 32, 1, 1024);
  const reportFile = process.env.BENCH_REPORT?.trim() || 'var/bench/throughput.md';
  const engine = engineOf(env.databaseUrl);
  const runStarted = performance.now();
  progress(`bench: ${total} customers on ${env.databaseUrl.replace(/\/\/[^@/]*@/, '//***@')}`);

  await freshDatabase(env.databaseUrl);
  let bench: BenchApp | undefined;
  let db: Db | undefined;
  let baseline: FastifyInstance | undefined;
  try {
    bench = await startBenchApp(env.databaseUrl);
    progress(`bench: app on ${bench.baseUrl} (${bench.serverVersion}), migrated`);
    const { admin, viewOwn } = await insertBenchStaff(bench);
    const seeded = await seedCustomers(
      bench.dataSource,
      { total, adminId: admin.id, viewOwnStaffId: viewOwn.id, groups: GROUPS },
      progress,
    );
    progress(`bench: seeded in ${seeded.seconds.toFixed(1)} s`);
    const ids = ((await bench.dataSource.query('SELECT id FROM customers')) as Row[]).map((r) => String(r.id));
    const [{ n: activeCount }] = (await bench.dataSource.query(
      'SELECT COUNT(*) AS n FROM customers WHERE active = 1',
    )) as Row[];
    const pages = Math.max(1, Math.ceil(Number(activeCount) / PAGE_SIZE));

    db = engine === 'sqlite' ? sqliteDb(env.databaseUrl.slice('sqlite:'.length)) : mysqlDb(env.databaseUrl);
    const started = await startBaseline(db, admin.id);
    baseline = started.server;
    progress(`bench: baseline on ${started.baseUrl}`);

    const checkToken = await login(bench.baseUrl, admin.email);
    for (const path of [`customers?page=2&pageSize=${PAGE_SIZE}`, `customers/${ids[Math.floor(ids.length / 2)]}`]) {
      await parity(bench.baseUrl, started.baseUrl, checkToken, path);
    }
    progress('bench: baseline answers a list page and a detail exactly as the app does');

    const rows: ScenarioRow[] = [];
    const runStamp = Date.now().toString(36);
    for (const kind of KINDS) {
      // A fresh token per scenario: the longest run stays far inside its lifetime.
      const token = await login(bench.baseUrl, admin.email);
      const job = (url: string, tag: string): LoadJob => ({
        url,
        kind,
        token,
        seconds,
        warmupSeconds,
        connections,
        pages,
        ids,
        groupIds: seeded.groupIds,
        tag: `${runStamp}${tag}`,
      });
      progress(`bench: ${kind}: ours`);
      const ours = await measure(job(bench.baseUrl, 'a'));
      progress(`bench: ${kind}: baseline`);
      const base = await measure(job(started.baseUrl, 'b'));
      rows.push({ kind, ours, baseline: base });
      progress(`bench: ${kind}: ${ours.result.rps.toFixed(0)} vs ${base.result.rps.toFixed(0)} req/s`);
    }

    const markdown = [
      `# Customers throughput — ${engine === 'sqlite' ? 'SQLite' : 'MySQL/MariaDB'}`,
      '',
      `- Run: ${new Date().toISOString()}, Node ${process.version}, ${bench.serverVersion}`,
      `- Data: ${total} customers (${activeCount} active, ${pages} pages of ${PAGE_SIZE}) in ${seeded.groupIds.length} groups, seeded in ${seeded.seconds.toFixed(1)} s`,
      `- Load: autocannon, ${connections} connections, ${seconds} s per scenario and server after ${warmupSeconds} s of warm-up, on loopback, from a forked child process`,
      `- Total run time: ${((performance.now() - runStarted) / 1000).toFixed(0)} s`,
      '',
      'Ours = the application (Nest on Fastify, guards, validation, TypeORM). Baseline = a bare Fastify server with',
      `${engine === 'sqlite' ? 'better-sqlite3 on the same file' : 'a mysql2 pool of 10 connections, as the application'}, answering the same requests with the same statements`,
      '(one staff lookup by id, then page of ids + COUNT + rows by id + group ids; the customer and its groups; the',
      'duplicate checks and the inserts of customer, memberships, contact, search terms and audit rows in one',
      'transaction), without token verification, validation or the rate limit. Latencies are autocannon percentiles',
      'in ms; errors are connection errors and timeouts. Before the load, a list page and a detail were checked to',
      'come back identical (same JSON) from both servers.',
      '',
      ...renderTable(rows),
      '',
      'RSS is `process.memoryUsage().rss` of the one process that holds both servers (the load generator is a',
      'separate process), taken after the warm-up and after the measured load: the baseline rows include whatever',
      'the application left allocated, so they show the growth during a run, not the footprint of either server.',
    ].join('\n');
    process.stdout.write(`${markdown}\n`);
    progress(`bench: report written to ${writeReport(reportFile, markdown)}`);
  } finally {
    await baseline?.close();
    await db?.close();
    await bench?.close();
    if (!env.keep) await dropDatabase(env.databaseUrl);
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
