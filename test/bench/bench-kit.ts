/**
 * Shared machinery of the benchmarks (`npm run bench`, `npm run bench:latency`): a scratch database, the real
 * application on a loopback port, staff tokens through the real login, timed HTTP requests
 * against a hand-written SQL baseline run through the same DataSource, query plans with
 * scan detection, the SQL the application itself ran per request, and a Markdown report.
 *
 * A benchmark file seeds its data, describes its scenarios and calls `runScenarios`; later
 * suites (documents, the group report) reuse everything here.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import * as argon2 from 'argon2';
import { createConnection } from 'mysql2/promise';
import type { DataSource, Logger as TypeOrmLogger, QueryRunner } from 'typeorm';
import { DataSource as DataSourceClass } from 'typeorm';
import { loadConfig } from '../../src/config/environment';
import { createApp } from '../../src/create-app';
import type { Capability } from '../../src/permissions/capabilities';

export const BENCH_JWT_SECRET = 'bench-secret-that-is-long-enough-for-hs256-0123456789';
export const BENCH_PASSWORD = 'bench-password-1';

// ---------------------------------------------------------------- environment

export interface BenchEnv {
  databaseUrl: string;
  iterations: number;
  warmups: number;
  /** A scenario stops early once its measured loop has run this long (bounded wall time). */
  scenarioBudgetMs: number;
  keep: boolean;
}

function intEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer between ${min} and ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

export function benchEnv(defaultSqliteFile: string): BenchEnv & { intEnv: typeof intEnv } {
  return {
    databaseUrl: process.env.BENCH_DATABASE_URL?.trim() || `sqlite:${defaultSqliteFile}`,
    iterations: intEnv('BENCH_ITERATIONS', 50, 1, 10000),
    warmups: intEnv('BENCH_WARMUPS', 3, 0, 100),
    scenarioBudgetMs: intEnv('BENCH_SCENARIO_BUDGET_SECONDS', 60, 1, 3600) * 1000,
    keep: process.env.BENCH_KEEP === '1',
    intEnv,
  };
}

// ---------------------------------------------------------------- scratch database

export type Engine = 'sqlite' | 'mysql';

export function engineOf(url: string): Engine {
  return url.startsWith('sqlite:') ? 'sqlite' : 'mysql';
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** The benchmark drops and recreates its database: only a loopback server, only a database named *bench*. */
function mysqlTarget(url: string): { server: string; name: string } {
  const parsed = new URL(url.replace(/^mariadb:/, 'mysql:'));
  if (!LOOPBACK.has(parsed.hostname))
    throw new Error(`BENCH_DATABASE_URL must point to 127.0.0.1, not ${parsed.hostname}`);
  const name = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]*bench[A-Za-z0-9_]*$/.test(name)) {
    throw new Error(`the benchmark drops its database: its name must contain "bench" (got ${JSON.stringify(name)})`);
  }
  parsed.pathname = '/';
  return { server: parsed.toString(), name };
}

async function onMysqlServer(url: string, sql: string): Promise<void> {
  const { server } = mysqlTarget(url);
  const connection = await createConnection({ uri: server, connectTimeout: 10_000 });
  try {
    await connection.query(sql);
  } finally {
    await connection.end();
  }
}

function sqliteFiles(url: string): string[] {
  const file = resolve(url.slice('sqlite:'.length));
  return [file, `${file}-wal`, `${file}-shm`, `${file}-journal`];
}

/** A fresh, empty database for the run (the application migrates it when it boots). */
export async function freshDatabase(url: string): Promise<void> {
  if (engineOf(url) === 'sqlite') {
    for (const file of sqliteFiles(url)) rmSync(file, { force: true });
    mkdirSync(dirname(sqliteFiles(url)[0]), { recursive: true });
    return;
  }
  const { name } = mysqlTarget(url);
  await onMysqlServer(url, `DROP DATABASE IF EXISTS \`${name}\``);
  await onMysqlServer(url, `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
}

export async function dropDatabase(url: string): Promise<void> {
  if (engineOf(url) === 'sqlite') {
    for (const file of sqliteFiles(url)) if (existsSync(file)) rmSync(file, { force: true });
    return;
  }
  await onMysqlServer(url, `DROP DATABASE IF EXISTS \`${mysqlTarget(url).name}\``);
}

// ---------------------------------------------------------------- the application

/** Records the SQL the application runs while `capture` is on (TypeORM's logger hook). */
export class QueryRecorder {
  private recording: Array<{ sql: string; parameters: unknown[] }> | undefined;

  install(dataSource: DataSource): void {
    const inner = dataSource.logger;
    const recorder: TypeOrmLogger = {
      logQuery: (query: string, parameters?: unknown[], runner?: QueryRunner) => {
        this.recording?.push({ sql: query, parameters: [...(parameters ?? [])] });
        return inner.logQuery(query, parameters, runner);
      },
      logQueryError: (...args) => inner.logQueryError(...args),
      logQuerySlow: (...args) => inner.logQuerySlow(...args),
      logSchemaBuild: (...args) => inner.logSchemaBuild(...args),
      logMigration: (...args) => inner.logMigration(...args),
      log: (...args) => inner.log(...args),
    };
    (dataSource as unknown as { logger: TypeOrmLogger }).logger = recorder;
  }

  async capture(work: () => Promise<void>): Promise<Array<{ sql: string; parameters: unknown[] }>> {
    this.recording = [];
    try {
      await work();
      return this.recording;
    } finally {
      this.recording = undefined;
    }
  }
}

export interface BenchApp {
  app: NestFastifyApplication;
  baseUrl: string;
  dataSource: DataSource;
  engine: Engine;
  serverVersion: string;
  recorder: QueryRecorder;
  close(): Promise<void>;
}

/**
 * The environment of the application under benchmark: silent logs, cheap password hashing,
 * a rate limit no load reaches, a first administrator. The in-process app and the built
 * server started as a child process get the same variables.
 */
export function benchAppEnv(databaseUrl: string): Record<string, string> {
  return {
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
    JWT_SECRET: BENCH_JWT_SECRET,
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_TIME_COST: '1',
    RATE_LIMIT_PER_MINUTE: '1000000',
    ADMIN_EMAIL: 'first-admin@bench.test',
    ADMIN_PASSWORD: 'first-admin-password',
    // The outbox worker stays off: it would send the created customers' welcome emails while
    // the next load runs, against the baseline too. The create's outbox row is measured.
    MAIL_POLL_INTERVAL_MS: '0',
  };
}

/** The real application (createApp, which migrates) on 127.0.0.1 and a free port. */
export async function startBenchApp(databaseUrl: string): Promise<BenchApp> {
  const config = loadConfig(benchAppEnv(databaseUrl));
  const app = await createApp(config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as { port: number };
  const dataSource = app.get(DataSourceClass);
  const engine = engineOf(databaseUrl);
  const [row] = await dataSource.query(
    engine === 'sqlite' ? 'SELECT sqlite_version() AS version' : 'SELECT VERSION() AS version',
  );
  const recorder = new QueryRecorder();
  recorder.install(dataSource);
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    dataSource,
    engine,
    serverVersion: `${engine === 'sqlite' ? 'SQLite' : 'MySQL/MariaDB'} ${String(row.version)}`,
    recorder,
    close: () => app.close(),
  };
}

// ---------------------------------------------------------------- staff and tokens

/** 'YYYY-MM-DD HH:MM:SS.mmm' in UTC: what TypeORM stores for datetime(3) on both engines. */
export function sqlDateTime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

let cheapHash: Promise<string> | undefined;

/** One cheap argon2id hash of BENCH_PASSWORD (the staff factory's parameters), computed once. */
export function benchPasswordHash(): Promise<string> {
  cheapHash ??= argon2.hash(BENCH_PASSWORD, { type: argon2.argon2id, memoryCost: 1024, timeCost: 1, parallelism: 1 });
  return cheapHash;
}

export interface BenchStaff {
  id: string;
  email: string;
}

export async function insertStaff(
  dataSource: DataSource,
  staff: {
    id: string;
    email: string;
    firstName: string;
    lastName: string;
    isAdmin: boolean;
    permissions: Capability[];
  },
): Promise<BenchStaff> {
  const now = sqlDateTime(new Date());
  await dataSource.query(
    'INSERT INTO staff (id, email, email_key, first_name, last_name, password_hash, is_admin, active, language, permissions, role_id, last_login_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, NULL, ?, NULL, NULL, ?, ?)',
    [
      staff.id,
      staff.email,
      staff.email.toLowerCase(),
      staff.firstName,
      staff.lastName,
      await benchPasswordHash(),
      staff.isAdmin ? 1 : 0,
      JSON.stringify(staff.permissions),
      now,
      now,
    ],
  );
  return { id: staff.id, email: staff.email };
}

/** An access token from the real login endpoint. */
export async function login(baseUrl: string, email: string, password = BENCH_PASSWORD): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`login of ${email} failed: ${response.status} ${text}`);
  return (JSON.parse(text) as { accessToken: string }).accessToken;
}

// ---------------------------------------------------------------- batched inserts

export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** Multi-row INSERTs of `rows`, `rowsPerStatement` rows per statement (call it inside a transaction). */
export async function insertRows(
  db: Queryable,
  table: string,
  columns: string[],
  rows: unknown[][],
  rowsPerStatement = 500,
): Promise<void> {
  const perStatement = Math.max(1, Math.min(rowsPerStatement, Math.floor(30000 / columns.length)));
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const head = `INSERT INTO ${table} (${columns.join(', ')}) VALUES `;
  for (let i = 0; i < rows.length; i += perStatement) {
    const batch = rows.slice(i, i + perStatement);
    await db.query(head + batch.map(() => tuple).join(', '), batch.flat());
  }
}

// ---------------------------------------------------------------- deterministic randomness

/** A seeded PRNG (mulberry32): the same data on every run and engine. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, maxInclusive: number): number {
    return min + Math.floor(this.next() * (maxInclusive - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Items weighted by their second element. */
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    const total = items.reduce((sum, [, w]) => sum + w, 0);
    let roll = this.next() * total;
    for (const [item, weight] of items) {
      roll -= weight;
      if (roll < 0) return item;
    }
    return items[items.length - 1][0];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  hex(length: number): string {
    let out = '';
    while (out.length < length)
      out += Math.floor(this.next() * 0x100000000)
        .toString(16)
        .padStart(8, '0');
    return out.slice(0, length);
  }
}

/** A UUIDv7 for a given time (seeded, strictly increasing when `ms` and `seq` are). */
export function uuidv7At(ms: number, seq: number, random: Random): string {
  const hex = Math.floor(ms).toString(16).padStart(12, '0') + '7' + (seq & 0xfff).toString(16).padStart(3, '0');
  const variant = ((Math.floor(random.next() * 4) & 0x3) | 0x8).toString(16);
  const tail = variant + random.hex(15);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${tail.slice(0, 4)}-${tail.slice(4)}`;
}

// ---------------------------------------------------------------- query plans

export type PlanFlagLevel = 'FULL SCAN' | 'walk' | 'index scan' | 'sort';

export interface PlanFlag {
  level: PlanFlagLevel;
  table: string;
  detail: string;
}

export interface Plan {
  text: string;
  flags: PlanFlag[];
}

const SQL_KEYWORDS = new Set([
  'where',
  'order',
  'group',
  'limit',
  'inner',
  'left',
  'right',
  'join',
  'on',
  'as',
  'select',
  'union',
  'having',
  'offset',
  'cross',
]);

/** Columns whose index narrows little (a flag, a currency): driving a query by them alone visits most rows. */
export const LOW_SELECTIVITY = new Set(['active', 'is_primary', 'currency', 'is_default']);

/** Alias → table, from every `FROM t [AS] a` and `JOIN t [AS] a` of the statement. */
export function aliasesOf(sql: string): Map<string, string> {
  const map = new Map<string, string>();
  const pattern = /\b(?:FROM|JOIN)\s+[`"]?(\w+)[`"]?(?:\s+(?:AS\s+)?[`"]?(\w+)[`"]?)?/gi;
  for (const match of sql.matchAll(pattern)) {
    const [, table, alias] = match;
    if (SQL_KEYWORDS.has(table.toLowerCase())) continue;
    map.set(table, table);
    if (alias && !SQL_KEYWORDS.has(alias.toLowerCase())) map.set(alias, table);
  }
  return map;
}

/**
 * The plan of one statement (SQLite `EXPLAIN QUERY PLAN`, MySQL/MariaDB `EXPLAIN`) and its
 * flags: a FULL SCAN is a table read row by row without an index (SQLite `SCAN t` without
 * `USING ... INDEX`, MySQL type=ALL) on any of `bigTables`; an index scan reads a whole
 * index (fine for `ORDER BY ... LIMIT` walks and unfiltered counts, suspicious elsewhere); a
 * walk (SQLite) drives by a low-selectivity index and checks a selective IN subquery row by
 * row; a sort orders every match before LIMIT applies.
 */
export async function explain(
  dataSource: DataSource,
  engine: Engine,
  sql: string,
  parameters: unknown[],
  bigTables: ReadonlySet<string>,
): Promise<Plan> {
  const aliases = aliasesOf(sql);
  // Sorting matters where a LIMIT follows it (every match is sorted to return a page); a
  // bounded lookup such as `customer_id IN (25 ids) ORDER BY group_id` sorts a handful.
  const limited = /\bLIMIT\s+\d+/i.test(sql) && !/\bLIMIT\s+1\b/i.test(sql);
  const tableOf = (name: string) => aliases.get(name) ?? name;
  const flags: PlanFlag[] = [];
  const add = (flag: PlanFlag) => {
    if (!flags.some((f) => f.level === flag.level && f.table === flag.table && f.detail === flag.detail)) {
      flags.push(flag);
    }
  };
  if (engine === 'sqlite') {
    const rows = (await dataSource.query(`EXPLAIN QUERY PLAN ${sql}`, parameters)) as Array<{
      id: number;
      parent: number;
      detail: string;
    }>;
    const depth = new Map<number, number>([[0, 0]]);
    const lines = rows.map((row) => {
      const level = (depth.get(row.parent) ?? 0) + 1;
      depth.set(row.id, level);
      return `${'  '.repeat(level - 1)}${row.detail}`;
    });
    const subqueryFilter = rows.some((row) => /^(LIST SUBQUERY|CREATE BLOOM FILTER)/.test(row.detail));
    for (const { detail } of rows) {
      // The selective condition (an IN subquery) only filters rows that a low-selectivity
      // index (`active`, `currency`, ...) yields: every such row is visited.
      const weak = /^SEARCH (\S+) USING (?:COVERING )?INDEX \S+ \(([^)]*)\)/.exec(detail);
      if (weak && subqueryFilter && bigTables.has(tableOf(weak[1]))) {
        const columns = weak[2].split(' AND ').map((c) => c.replace(/[=<>?]+.*$/, '').trim());
        if (columns.every((c) => LOW_SELECTIVITY.has(c))) {
          add({ level: 'walk', table: tableOf(weak[1]), detail: `${detail}; the IN subquery filters row by row` });
        }
      }
      const scan = /^SCAN (\S+)(.*)$/.exec(detail);
      if (scan) {
        const table = tableOf(scan[1]);
        if (!bigTables.has(table)) continue;
        if (!/USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY/.test(scan[2]))
          add({ level: 'FULL SCAN', table, detail });
        else add({ level: 'index scan', table, detail });
      }
      if (limited && /^USE TEMP B-TREE FOR (ORDER BY|DISTINCT)/.test(detail)) add({ level: 'sort', table: '', detail });
    }
    return { text: lines.join('\n'), flags };
  }
  const rows = (await dataSource.query(`EXPLAIN ${sql}`, parameters)) as Array<Record<string, unknown>>;
  const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  const header = ['id', 'select_type', 'table', 'type', 'key', 'key_len', 'ref', 'rows', 'Extra'];
  const text = [header.join(' | '), ...rows.map((row) => header.map((h) => cell(row[h]) || '-').join(' | '))].join(
    '\n',
  );
  for (const row of rows) {
    const table = tableOf(cell(row.table));
    const extra = cell(row.Extra);
    if (bigTables.has(table) && row.type === 'ALL') {
      add({ level: 'FULL SCAN', table, detail: `type=ALL rows=${cell(row.rows)} ${extra}`.trim() });
    } else if (bigTables.has(table) && row.type === 'index') {
      add({
        level: 'index scan',
        table,
        detail: `type=index key=${cell(row.key)} rows=${cell(row.rows)} ${extra}`.trim(),
      });
    }
    if (limited && /Using filesort/.test(extra))
      add({ level: 'sort', table, detail: `filesort on ${cell(row.table)}` });
  }
  return { text, flags };
}

// ---------------------------------------------------------------- measuring

export interface Stats {
  n: number;
  p50: number;
  p95: number;
  mean: number;
}

export function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
  return {
    n: sorted.length,
    p50: rank(0.5),
    p95: rank(0.95),
    mean: sorted.reduce((sum, v) => sum + v, 0) / Math.max(1, sorted.length),
  };
}

export interface BaselineQuery {
  sql: string;
  parameters: unknown[];
}

/** A baseline statement, or one built from the results of the statements before it (e.g. the page's group ids). */
export type BaselineStep = BaselineQuery | ((previous: any[][]) => BaselineQuery | undefined);

export interface Scenario {
  name: string;
  /** Path under /api/v1, with its query string. */
  path: string;
  /** The bearer token at the time of the request (tokens are renewed between scenarios). */
  token: () => string;
  /** The same rows by hand: the page, its count and whatever else the answer carries. */
  baseline: BaselineStep[];
  /** What the API answered, reduced for comparison (ids in order, total). */
  fromApi(body: any): Comparable;
  /** The same from the baseline's result sets (one per baseline query). */
  fromBaseline(results: any[][]): Comparable;
}

export interface Comparable {
  ids: string[];
  total?: number;
}

export interface ScenarioResult {
  scenario: Scenario;
  api: Stats;
  sql: Stats;
  rows: number;
  total?: number;
  match: boolean;
  mismatch?: string;
  baselinePlans: Array<{ sql: string; plan: Plan }>;
  appQueries: Array<{ sql: string; plan?: Plan }>;
  repeated: string[];
  budgetHit: boolean;
}

export interface BenchContext {
  bench: BenchApp;
  env: BenchEnv;
  bigTables: ReadonlySet<string>;
  /** Re-login when a token is close to its 15-minute expiry. */
  refreshTokens?: () => Promise<void>;
}

async function httpGet(baseUrl: string, path: string, token: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${baseUrl}/api/v1/${path}`, {
    headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    signal: AbortSignal.timeout(60_000),
  });
  return { status: response.status, text: await response.text() };
}

async function runBaseline(
  dataSource: DataSource,
  steps: BaselineStep[],
  executed?: BaselineQuery[],
): Promise<any[][]> {
  const results: any[][] = [];
  for (const step of steps) {
    const query = typeof step === 'function' ? step(results) : step;
    if (!query) {
      results.push([]);
      continue;
    }
    executed?.push(query);
    results.push(await dataSource.query(query.sql, query.parameters));
  }
  return results;
}

function compare(api: Comparable, sql: Comparable): string | undefined {
  if (api.total !== sql.total) return `total ${String(api.total)} (API) vs ${String(sql.total)} (SQL)`;
  if (api.ids.length !== sql.ids.length) return `${api.ids.length} rows (API) vs ${sql.ids.length} (SQL)`;
  const at = api.ids.findIndex((id, i) => id !== sql.ids[i]);
  return at < 0 ? undefined : `row ${at + 1}: ${api.ids[at]} (API) vs ${sql.ids[at]} (SQL)`;
}

const normaliseSql = (sql: string) => sql.replace(/\s+/g, ' ').trim();
const isSelect = (sql: string) => /^\s*SELECT\b/i.test(sql);

/**
 * Measures each scenario: warm-ups, then `iterations` rounds of one HTTP request and one
 * baseline run, alternating so that drift hits both alike; sequential, bounded in count
 * and by the scenario's time budget. Then one instrumented request records the SQL the
 * application ran (count, repeats, plans) and the baseline's plans are taken.
 */
export async function runScenarios(
  context: BenchContext,
  scenarios: Scenario[],
  progress: (line: string) => void,
): Promise<ScenarioResult[]> {
  const { bench, env, bigTables } = context;
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    await context.refreshTokens?.();
    const token = scenario.token;
    const first = await httpGet(bench.baseUrl, scenario.path, token());
    if (first.status !== 200)
      throw new Error(`${scenario.name}: GET ${scenario.path} answered ${first.status} ${first.text}`);
    const apiView = scenario.fromApi(JSON.parse(first.text));
    const executed: BaselineQuery[] = [];
    const sqlView = scenario.fromBaseline(await runBaseline(bench.dataSource, scenario.baseline, executed));
    const mismatch = compare(apiView, sqlView);

    for (let i = 0; i < env.warmups; i++) {
      await httpGet(bench.baseUrl, scenario.path, token());
      await runBaseline(bench.dataSource, scenario.baseline);
    }
    const apiSamples: number[] = [];
    const sqlSamples: number[] = [];
    const started = performance.now();
    let budgetHit = false;
    for (let i = 0; i < env.iterations; i++) {
      if (i > 0 && performance.now() - started > env.scenarioBudgetMs) {
        budgetHit = true;
        break;
      }
      let t = performance.now();
      const response = await httpGet(bench.baseUrl, scenario.path, token());
      apiSamples.push(performance.now() - t);
      if (response.status !== 200) throw new Error(`${scenario.name}: answered ${response.status} ${response.text}`);
      t = performance.now();
      await runBaseline(bench.dataSource, scenario.baseline);
      sqlSamples.push(performance.now() - t);
    }

    const captured = await bench.recorder.capture(async () => {
      await httpGet(bench.baseUrl, scenario.path, token());
    });
    const appQueries: ScenarioResult['appQueries'] = [];
    for (const query of captured) {
      appQueries.push({
        sql: normaliseSql(query.sql),
        plan: isSelect(query.sql)
          ? await explain(bench.dataSource, bench.engine, query.sql, query.parameters, bigTables)
          : undefined,
      });
    }
    const seen = new Map<string, number>();
    for (const q of appQueries.filter((q) => isSelect(q.sql))) seen.set(q.sql, (seen.get(q.sql) ?? 0) + 1);
    const repeated = [...seen].filter(([, n]) => n > 1).map(([sql, n]) => `${n}× ${sql}`);

    const baselinePlans: ScenarioResult['baselinePlans'] = [];
    for (const query of executed) {
      baselinePlans.push({
        sql: normaliseSql(query.sql),
        plan: await explain(bench.dataSource, bench.engine, query.sql, query.parameters, bigTables),
      });
    }
    const result: ScenarioResult = {
      scenario,
      api: stats(apiSamples),
      sql: stats(sqlSamples),
      rows: apiView.ids.length,
      total: apiView.total,
      match: mismatch === undefined,
      mismatch,
      baselinePlans,
      appQueries,
      repeated,
      budgetHit,
    };
    results.push(result);
    progress(
      `  ${scenario.name}: API p50 ${ms(result.api.p50)} ms, SQL p50 ${ms(result.sql.p50)} ms, ${flagSummary(result) || 'plans ok'}`,
    );
  }
  return results;
}

// ---------------------------------------------------------------- report

export const ms = (value: number) =>
  value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);

function flagText(flags: PlanFlag[], levels: PlanFlagLevel[]): string[] {
  return flags.filter((f) => levels.includes(f.level)).map((f) => `${f.level}${f.table ? ` ${f.table}` : ''}`);
}

export function flagSummary(result: ScenarioResult): string {
  const all = [
    ...result.baselinePlans.flatMap((p) => p.plan.flags),
    ...result.appQueries.flatMap((q) => q.plan?.flags ?? []),
  ];
  const parts = [...new Set(flagText(all, ['FULL SCAN', 'walk', 'index scan', 'sort']))];
  if (result.repeated.length) parts.push('REPEATED QUERY (N+1?)');
  if (!result.match) parts.push('ROWS DIFFER');
  return parts.join(', ');
}

/** The statement with a long select list elided: the FROM, WHERE and ORDER BY are what matter. */
function shortSql(sql: string): string {
  const from = sql.search(/ FROM /i);
  const short = /^SELECT /i.test(sql) && from > 120 ? `SELECT …${sql.slice(from)}` : sql;
  return short.length > 1200 ? `${short.slice(0, 1200)}…` : short;
}

const cellText = (text: string) => text.replace(/\|/g, '\\|');

export interface ReportHeader {
  title: string;
  facts: Array<[string, string]>;
}

export function renderReport(header: ReportHeader, results: ScenarioResult[]): string {
  const out: string[] = [`# ${header.title}`, ''];
  for (const [key, value] of header.facts) out.push(`- ${key}: ${value}`);
  out.push(
    '',
    'Times in ms over HTTP (sequential, keep-alive, whole body read) and for the raw SQL baseline through the same',
    'DataSource (page + COUNT + the group ids the answer carries). Ratio = API p50 / SQL p50. "App SQL" is the number',
    'of statements the application ran for one request (rate-limit counter, token check and the endpoint itself);',
    'TypeORM skips the COUNT when the first page is not full, the baseline always runs it.',
    'Plan flags, from the baseline and the application statements: FULL SCAN = a big table read without an index',
    '(SQLite `SCAN t`, MySQL type=ALL); walk = driven by a low-selectivity index (e.g. `active`) with the selective',
    'IN-subquery checked row by row (SQLite planner without statistics); index scan = a whole index',
    'read (normal for unfiltered counts and ORDER BY ... LIMIT walks); sort = every match sorted before LIMIT.',
    '',
    '| Endpoint | Rows / total | API p50 | API p95 | API mean | SQL p50 | SQL p95 | SQL mean | Ratio p50 | App SQL | Plan flags |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  );
  for (const r of results) {
    const rows = r.total === undefined ? `${r.rows}` : `${r.rows} / ${r.total}`;
    const n = r.budgetHit ? ` (n=${r.api.n}, budget)` : '';
    out.push(
      `| ${cellText(r.scenario.name)}${n} | ${rows} | ${ms(r.api.p50)} | ${ms(r.api.p95)} | ${ms(r.api.mean)} | ${ms(r.sql.p50)} | ${ms(r.sql.p95)} | ${ms(r.sql.mean)} | ${(r.api.p50 / Math.max(r.sql.p50, 0.001)).toFixed(1)}× | ${r.appQueries.length} | ${cellText(flagSummary(r) || 'ok')} |`,
    );
  }
  const fullScans = results.filter((r) =>
    [...r.baselinePlans.map((p) => p.plan), ...r.appQueries.flatMap((q) => (q.plan ? [q.plan] : []))].some((p) =>
      p.flags.some((f) => f.level === 'FULL SCAN'),
    ),
  );
  out.push('');
  out.push(
    fullScans.length
      ? `**FULL SCANS in: ${fullScans.map((r) => r.scenario.name).join('; ')}** (see the plans below).`
      : 'No full table scan in any baseline or application query plan.',
  );
  const mismatches = results.filter((r) => !r.match);
  if (mismatches.length) {
    out.push('', '**Rows differ between API and baseline:**');
    for (const r of mismatches) out.push(`- ${r.scenario.name}: ${r.mismatch}`);
  }
  const repeats = results.filter((r) => r.repeated.length);
  if (repeats.length) {
    out.push('', '**Repeated statements within one request (possible N+1):**');
    for (const r of repeats) for (const line of r.repeated) out.push(`- ${r.scenario.name}: ${line}`);
  }
  out.push('', '## Query plans', '');
  for (const r of results) {
    out.push(`### ${r.scenario.name}`, '', `\`GET /api/v1/${r.scenario.path}\``, '', 'Baseline:', '');
    for (const { sql, plan } of r.baselinePlans) {
      out.push('```sql', sql, '```', '```', plan.text, '```');
      if (plan.flags.length) out.push(...plan.flags.map((f) => `- **${f.level}** ${f.table}: \`${f.detail}\``));
      out.push('');
    }
    out.push('Application (one request):', '');
    r.appQueries.forEach((q, i) => {
      out.push(`${i + 1}. \`${shortSql(q.sql)}\``);
      if (q.plan?.flags.length) {
        out.push(...q.plan.flags.map((f) => `   - **${f.level}** ${f.table}: \`${f.detail}\``));
      }
    });
    const plansOfApp = r.appQueries.filter((q) => q.plan?.flags.length);
    if (plansOfApp.length) {
      out.push('', 'Plans of the flagged application statements:', '');
      for (const q of plansOfApp) out.push('```', q.plan!.text, '```');
    }
    out.push('');
  }
  return out.join('\n');
}

export function writeReport(file: string, markdown: string): string {
  const path = resolve(file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${markdown}\n`);
  return path;
}
