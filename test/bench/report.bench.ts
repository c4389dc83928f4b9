/**
 * `npm run bench:report`: the revenue-by-customer-group report over HTTP against the same SQL
 * run directly on mysql2, on a MariaDB/MySQL database seeded with bulk multi-row inserts.
 *
 *   BENCH_DATABASE_URL   default mysql://root@127.0.0.1:3306/crm_bench_reports (loopback only,
 *                        created when missing, reseeded only when its row counts differ)
 *   BENCH_CUSTOMERS      customers (default 100000), in 20 groups, 0–3 groups each
 *   BENCH_INVOICES       invoices (default 1000000) over the last three years, USD/EUR/GBP
 *   BENCH_PAYMENTS       payments (default 1000000)
 *   BENCH_ITERATIONS     timed requests per case (default 10), after BENCH_WARMUPS (2)
 *
 * 1. Builds the server when `dist/src/main.js` is missing or older than the sources.
 * 2. Starts it as `npm start` would (`node dist/src/main.js`, migrations at boot, the first
 *    administrator from ADMIN_EMAIL/ADMIN_PASSWORD) on a loopback port.
 * 3. Seeds the data (rows per second on stderr) unless the database already holds it.
 * 4. Records the statements one report runs (the application in this process, same database),
 *    then times the report over HTTP and those statements replayed on mysql2, concurrently as
 *    the service runs them, for last_12_months, this_year and last_12_months with convertTo.
 *
 * The last line of stdout is one JSON object for last_12_months:
 * `{"payments": N, "reportMs": …, "rawMs": …, "ratio": …}` (medians).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createConnection, createPool, type Connection, type Pool } from 'mysql2/promise';
import { revenueMonthsBackfill } from '../../migrations/1764002100000-revenue-months';
import { Random, benchAppEnv, startBenchApp } from './bench-kit';

const progress = (line: string) => process.stderr.write(`${line}\n`);

function intEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer between ${min} and ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

const DATABASE_URL = process.env.BENCH_DATABASE_URL?.trim() || 'mysql://root@127.0.0.1:3306/crm_bench_reports';
const CUSTOMERS = intEnv('BENCH_CUSTOMERS', 100_000, 10, 10_000_000);
const INVOICES = intEnv('BENCH_INVOICES', 1_000_000, 10, 100_000_000);
const PAYMENTS = intEnv('BENCH_PAYMENTS', 1_000_000, 10, 100_000_000);
const ITERATIONS = intEnv('BENCH_ITERATIONS', 10, 1, 1000);
const WARMUPS = intEnv('BENCH_WARMUPS', 2, 0, 100);
const GROUPS = 20;
const CURRENCIES = ['USD', 'EUR', 'GBP'] as const;
const ROWS_PER_STATEMENT = 2000;
const DAY_MS = 86_400_000;

// ---------------------------------------------------------------- the database

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

function target(url: string): { server: string; name: string } {
  const parsed = new URL(url);
  if (!parsed.protocol.startsWith('mysql')) throw new Error('BENCH_DATABASE_URL must be a mysql:// URL');
  if (!LOOPBACK.has(parsed.hostname))
    throw new Error(`BENCH_DATABASE_URL must point to 127.0.0.1, not ${parsed.hostname}`);
  const name = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]*bench[A-Za-z0-9_]*$/.test(name))
    throw new Error(`the database name must contain "bench": ${name}`);
  parsed.pathname = '/';
  return { server: parsed.toString(), name };
}

async function ensureDatabase(): Promise<void> {
  const { server, name } = target(DATABASE_URL);
  const connection = await createConnection({ uri: server });
  try {
    await connection.query(
      `CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await connection.end();
  }
}

// ---------------------------------------------------------------- the built server

const SERVER_ENTRY = 'dist/src/main.js';

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, entry) => Math.max(newest, newestChange(join(path, entry))), stat.mtimeMs);
}

function ensureBuilt(): void {
  const built = existsSync(SERVER_ENTRY) ? statSync(SERVER_ENTRY).mtimeMs : 0;
  const sources = Math.max(...['src', 'libs', 'migrations', 'i18n'].filter(existsSync).map(newestChange));
  if (built > sources) return;
  progress('bench: building the server (npx nest build)');
  const build = spawnSync('npx', ['nest', 'build'], { stdio: ['ignore', 2, 2] });
  if (build.status !== 0) throw new Error(`nest build failed (${build.status ?? build.signal})`);
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `node dist/src/main.js` as `npm run start:prod` runs it; resolves once its health check answers 200. */
async function startServer(): Promise<{ baseUrl: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--heap-growing-percent=30', '--max-semi-space-size=8', SERVER_ENTRY], {
    env: { PATH: process.env.PATH ?? '', ...benchAppEnv(DATABASE_URL), PORT: String(port) },
    stdio: ['ignore', 2, 2],
  });
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exit;
    clearTimeout(timer);
  };
  process.once('exit', () => child.kill('SIGTERM'));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (exited) throw new Error('the server exited before answering its health check');
    const ok = await fetch(`${baseUrl}/api/v1/health`, { signal: AbortSignal.timeout(2000) })
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) return { baseUrl, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error('the server did not answer its health check in 180 s');
    }
    await sleep(250);
  }
}

async function login(baseUrl: string): Promise<string> {
  const env = benchAppEnv(DATABASE_URL);
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

// ---------------------------------------------------------------- seeding

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const NOW = new Date().toISOString().replace('T', ' ').replace('Z', '');

/** A deterministic UUID-shaped id: kind, then the row number (time-free, so reruns match). */
function idOf(kind: number, n: number): string {
  const hex = pad(n, 12);
  return `0000000${kind}-0000-7000-8000-${hex}`;
}

async function counts(db: Connection): Promise<Record<string, number>> {
  const [rows] = await db.query(
    'SELECT (SELECT COUNT(*) FROM customers) AS customers, (SELECT COUNT(*) FROM invoices) AS invoices, (SELECT COUNT(*) FROM payments) AS payments',
  );
  const row = (rows as Array<Record<string, unknown>>)[0];
  return { customers: Number(row.customers), invoices: Number(row.invoices), payments: Number(row.payments) };
}

async function insertAll(db: Connection, table: string, columns: string[], rows: Iterable<unknown[]>): Promise<void> {
  const started = Date.now();
  const tuple = `(${columns.map(() => '?').join(',')})`;
  const head = `INSERT INTO ${table} (${columns.join(',')}) VALUES `;
  let batch: unknown[][] = [];
  let total = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await db.query(head + batch.map(() => tuple).join(','), batch.flat());
    total += batch.length;
    batch = [];
  };
  await db.query('START TRANSACTION');
  for (const row of rows) {
    batch.push(row);
    if (batch.length === ROWS_PER_STATEMENT) {
      await flush();
      if (total % 100_000 === 0) {
        await db.query('COMMIT');
        await db.query('START TRANSACTION');
      }
    }
  }
  await flush();
  await db.query('COMMIT');
  const seconds = (Date.now() - started) / 1000;
  progress(
    `seed: ${table}: ${total} rows in ${seconds.toFixed(1)} s, ${Math.round(total / Math.max(seconds, 0.001))} rows/s`,
  );
}

async function seed(db: Connection): Promise<void> {
  const random = new Random(20261207);
  await db.query('SET SESSION foreign_key_checks = 0, unique_checks = 0');
  for (const table of [
    'revenue_months',
    'payments',
    'invoices',
    'customer_group_members',
    'customer_groups',
    'exchange_rates',
  ]) {
    await db.query(`DELETE FROM ${table}`);
  }
  await db.query('DELETE FROM customers');
  await db.query(
    "INSERT IGNORE INTO currencies (code, name, symbol, decimals, decimal_separator, thousand_separator, placement, is_default, default_key, in_use, created_at, updated_at) VALUES ('GBP', 'Pound sterling', '£', 2, '.', ',', 'before', 0, NULL, 1, ?, ?)",
    [NOW, NOW],
  );
  await db.query("UPDATE currencies SET in_use = 1 WHERE code IN ('USD', 'EUR', 'GBP')");

  const currencyOf = new Uint8Array(CUSTOMERS);
  await insertAll(
    db,
    'customers',
    [
      'id',
      'company',
      'company_key',
      'has_shipping_address',
      'currency',
      'active',
      'transaction_count',
      'version',
      'created_at',
      'updated_at',
    ],
    (function* () {
      for (let i = 0; i < CUSTOMERS; i++) {
        currencyOf[i] = random.weighted([
          [0, 5],
          [1, 3],
          [2, 2],
        ] as const);
        const company = `Bench customer ${pad(i, 7)}`;
        yield [idOf(1, i), company, company.toLowerCase(), 0, CURRENCIES[currencyOf[i]], 1, 1, 1, NOW, NOW];
      }
    })(),
  );
  await insertAll(
    db,
    'customer_groups',
    ['id', 'name', 'name_key', 'created_at', 'updated_at'],
    Array.from({ length: GROUPS }, (_, g) => [
      idOf(2, g),
      `Segment ${g + 1}, "tier"`,
      `segment ${g + 1} tier`,
      NOW,
      NOW,
    ]),
  );
  await insertAll(
    db,
    'customer_group_members',
    ['customer_id', 'group_id'],
    (function* () {
      for (let i = 0; i < CUSTOMERS; i++) {
        const groups = new Set<number>();
        const wanted = random.int(0, 3);
        while (groups.size < wanted) groups.add(random.int(0, GROUPS - 1));
        for (const g of groups) yield [idOf(1, i), idOf(2, g)];
      }
    })(),
  );

  // Invoices over the last three years; what payments need of each is kept in typed arrays.
  const end = Date.now();
  const start = end - 3 * 365 * DAY_MS;
  const invoiceDay = new Float64Array(INVOICES);
  const invoiceCustomer = new Int32Array(INVOICES);
  const invoiceTotal = new Float64Array(INVOICES);
  const STATUSES = [
    ['paid', 70],
    ['unpaid', 12],
    ['partially_paid', 8],
    ['draft', 5],
    ['cancelled', 5],
  ] as const;
  await insertAll(
    db,
    'invoices',
    [
      'id',
      'number',
      'sequence_number',
      'customer_id',
      'currency',
      'currency_decimals',
      'date',
      'due_date',
      'status',
      'subtotal',
      'tax_total',
      'total',
      'amount_paid',
      'has_shipping_address',
      'version',
      'created_at',
      'updated_at',
    ],
    (function* () {
      for (let i = 0; i < INVOICES; i++) {
        const customer = random.int(0, CUSTOMERS - 1);
        const at = start + Math.floor(random.next() * (end - start));
        const total = random.int(1_000, 500_000);
        invoiceDay[i] = at;
        invoiceCustomer[i] = customer;
        invoiceTotal[i] = total;
        const status = random.weighted(STATUSES);
        yield [
          idOf(3, i),
          status === 'draft' ? null : `INV-${pad(i + 1, 7)}`,
          status === 'draft' ? null : i + 1,
          idOf(1, customer),
          CURRENCIES[currencyOf[customer]],
          2,
          day(at),
          day(at + 30 * DAY_MS),
          status,
          total,
          0,
          total,
          0,
          0,
          1,
          NOW,
          NOW,
        ];
      }
    })(),
  );
  await insertAll(
    db,
    'payments',
    ['id', 'invoice_id', 'customer_id', 'currency', 'currency_decimals', 'amount', 'date', 'mode', 'created_at'],
    (function* () {
      for (let p = 0; p < PAYMENTS; p++) {
        const i = random.int(0, INVOICES - 1);
        const customer = invoiceCustomer[i];
        const at = Math.min(end, invoiceDay[i] + random.int(0, 45) * DAY_MS);
        const amount = Math.max(1, Math.floor(invoiceTotal[i] * random.pick([1, 1, 0.5, 0.25])));
        yield [
          idOf(4, p),
          idOf(3, i),
          idOf(1, customer),
          CURRENCIES[currencyOf[customer]],
          2,
          amount,
          day(at),
          random.pick(['bank', 'card', 'cash']),
          NOW,
        ];
      }
    })(),
  );
  await insertAll(
    db,
    'exchange_rates',
    ['currency_code', 'date', 'rate', 'created_at'],
    (function* () {
      for (let at = start; at <= end; at += 7 * DAY_MS) {
        yield ['EUR', day(at), (1.05 + random.next() * 0.1).toFixed(8), NOW];
        yield ['GBP', day(at), (1.2 + random.next() * 0.1).toFixed(8), NOW];
      }
    })(),
  );
  // Rows inserted in bulk bypass the invoices module: its revenue per month is filled as the migration fills it.
  const filling = Date.now();
  await db.query(revenueMonthsBackfill(false));
  progress(`seed: revenue_months filled in ${((Date.now() - filling) / 1000).toFixed(1)} s`);
  await db.query(
    'ANALYZE TABLE customers, invoices, payments, customer_group_members, customer_groups, exchange_rates, revenue_months',
  );
}

// ---------------------------------------------------------------- timing

const median = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * Median times of `first` and `second`, run alternately (after warm-ups of each), so that a
 * change in the machine's load during the run weighs on both alike.
 */
async function timedPair(first: () => Promise<unknown>, second: () => Promise<unknown>): Promise<[number, number]> {
  for (let i = 0; i < WARMUPS; i++) {
    await first();
    await second();
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    for (const [work, samples] of [
      [first, a],
      [second, b],
    ] as const) {
      const started = performance.now();
      await work();
      samples.push(performance.now() - started);
    }
  }
  return [median(a), median(b)];
}

interface Statement {
  sql: string;
  parameters: unknown[];
}

/** The statements the report runs for `query`, recorded from the application in this process. */
async function recordedStatements(query: string): Promise<Statement[]> {
  const app = await startBenchApp(DATABASE_URL);
  try {
    const token = await login(app.baseUrl);
    let status = 0;
    const statements = await app.recorder.capture(async () => {
      const response = await fetch(`${app.baseUrl}/api/v1/reports/customer-groups?${query}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      status = response.status;
      await response.arrayBuffer();
    });
    if (status !== 200) throw new Error(`recording ${query}: ${status}`);
    return statements;
  } finally {
    await app.close();
  }
}

/**
 * The recorded statements on mysql2, as the service runs them: the staff load first, the
 * settings and currencies together, then the aggregates together (and the rates after them).
 */
async function replay(pool: Pool, statements: Statement[]): Promise<void> {
  const run = (s: Statement) => pool.query(s.sql, s.parameters);
  const aggregate = (s: Statement) => /UNION ALL/i.test(s.sql);
  const [staff, ...rest] = statements;
  await run(staff);
  await Promise.all(rest.filter((s) => !aggregate(s) && !/exchange_rates/i.test(s.sql)).map(run));
  await Promise.all(rest.filter(aggregate).map(run));
  await Promise.all(rest.filter((s) => /exchange_rates/i.test(s.sql)).map(run));
}

async function main(): Promise<void> {
  await ensureDatabase();
  ensureBuilt();
  const server = await startServer();
  const db = await createConnection({ uri: DATABASE_URL, dateStrings: true, timezone: 'Z' });
  const pool = createPool({ uri: DATABASE_URL, connectionLimit: 10, dateStrings: true, timezone: 'Z' });
  try {
    const present = await counts(db);
    if (present.customers !== CUSTOMERS || present.invoices !== INVOICES || present.payments !== PAYMENTS) {
      progress(`seed: the database holds ${JSON.stringify(present)}; seeding ${CUSTOMERS}/${INVOICES}/${PAYMENTS}`);
      await seed(db);
    } else {
      progress(`seed: reusing the seeded database (${JSON.stringify(present)})`);
    }
    const token = await login(server.baseUrl);
    const cases = [
      ['last_12_months', 'period=last_12_months'],
      ['this_year', 'period=this_year'],
      ['last_12_months convertTo=EUR', 'period=last_12_months&convertTo=EUR'],
    ] as const;
    const results: Record<string, { reportMs: number; rawMs: number; ratio: number; statements: number }> = {};
    for (const [name, query] of cases) {
      const statements = await recordedStatements(query);
      const http = async () => {
        const response = await fetch(`${server.baseUrl}/api/v1/reports/customer-groups?${query}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        if (response.status !== 200) throw new Error(`${query}: ${response.status} ${await response.text()}`);
        await response.arrayBuffer();
      };
      const [reportMs, rawMs] = await timedPair(http, () => replay(pool, statements));
      results[name] = { reportMs, rawMs, ratio: reportMs / rawMs, statements: statements.length };
      progress(
        `bench: ${name}: report ${reportMs.toFixed(1)} ms, raw ${rawMs.toFixed(1)} ms, ratio ${(reportMs / rawMs).toFixed(2)}, ${statements.length} statements`,
      );
    }
    for (const [name, r] of Object.entries(results)) {
      process.stdout.write(
        `${name}: reportMs=${r.reportMs.toFixed(1)} rawMs=${r.rawMs.toFixed(1)} ratio=${r.ratio.toFixed(2)}\n`,
      );
    }
    const main = results.last_12_months;
    process.stdout.write(
      `${JSON.stringify({ payments: PAYMENTS, reportMs: round(main.reportMs), rawMs: round(main.rawMs), ratio: round(main.ratio) })}\n`,
    );
  } finally {
    await db.end();
    await pool.end();
    await server.stop();
  }
}

const round = (n: number) => Math.round(n * 100) / 100;

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
