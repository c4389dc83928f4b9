/**
 * `npm run bench:latency`: the customers endpoints against a hand-written SQL baseline, on a scratch
 * database seeded with BENCH_CUSTOMERS customers (default 100,000).
 *
 *   BENCH_CUSTOMERS      customers to seed (default 100000)
 *   BENCH_DATABASE_URL   sqlite:<file> (default sqlite:var/bench/bench.sqlite, deleted first) or
 *                        mysql://root@127.0.0.1:3306/crm_bench (dropped and created; loopback only)
 *   BENCH_ITERATIONS     measured requests per endpoint (default 50), after BENCH_WARMUPS (3)
 *   BENCH_SCENARIO_BUDGET_SECONDS  an endpoint's measured loop stops after this long (default 60)
 *   BENCH_KEEP=1         keep the database afterwards (to replay plans by hand)
 *   BENCH_REPORT         where the Markdown goes (default var/bench/customers.md)
 *
 * The Markdown report goes to stdout and to BENCH_REPORT; progress goes to stderr.
 */
import { prefixUpperBound, uuidv7 } from '@app/common';
import { queryWords } from '../../src/customer-contacts/customer-keys';
import {
  BenchApp,
  BenchEnv,
  BenchStaff,
  BaselineStep,
  Scenario,
  benchEnv,
  dropDatabase,
  engineOf,
  freshDatabase,
  insertStaff,
  login,
  renderReport,
  runScenarios,
  startBenchApp,
  writeReport,
} from './bench-kit';
import { SeededCustomers, seedCustomers } from './customers.seed';

const PAGE_SIZE = 25;

/** The tables a full scan of which is a finding. */
export const CUSTOMER_TABLES = new Set([
  'customers',
  'contacts',
  'customer_search_terms',
  'customer_group_members',
  'customer_admins',
]);

const progress = (line: string) => process.stderr.write(`${line}\n`);

interface ListSpec {
  name: string;
  path: string;
  token: () => string;
  /** Conditions on `customers c`, as the service's `filtered()` writes them. */
  where: string[];
  parameters: unknown[];
  sort?: 'company' | '-createdAt';
  page?: number;
}

type Row = Record<string, any>;

function groupsByCustomer(rows: Row[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const row of rows) map.set(row.customer_id, [...(map.get(row.customer_id) ?? []), row.group_id]);
  return map;
}

const apiRow = (c: { id: string; groupIds: string[] }) => `${c.id}:${c.groupIds.join(',')}`;

/** The page's group ids in one statement, as the answer carries them. */
const groupsOfPage: BaselineStep = (previous) => {
  const ids = previous[0].map((row: Row) => String(row.id));
  if (ids.length === 0) return undefined;
  return {
    sql: `SELECT customer_id, group_id FROM customer_group_members WHERE customer_id IN (${ids.map(() => '?').join(', ')}) ORDER BY group_id ASC`,
    parameters: ids,
  };
};

/** A list request and its baseline: the same WHERE, ORDER BY, LIMIT/OFFSET by hand, its COUNT and the page's groups. */
export function listScenario(spec: ListSpec): Scenario {
  const where = spec.where.length ? ` WHERE ${spec.where.join(' AND ')}` : '';
  const order = (spec.sort ?? 'company') === 'company' ? 'c.company_key ASC, c.id ASC' : 'c.created_at DESC, c.id DESC';
  const offset = ((spec.page ?? 1) - 1) * PAGE_SIZE;
  return {
    name: spec.name,
    path: spec.path,
    token: spec.token,
    baseline: [
      {
        sql: `SELECT c.* FROM customers c${where} ORDER BY ${order} LIMIT ${PAGE_SIZE} OFFSET ${offset}`,
        parameters: spec.parameters,
      },
      { sql: `SELECT COUNT(*) AS total FROM customers c${where}`, parameters: spec.parameters },
      groupsOfPage,
    ],
    fromApi: (body: { data: Array<{ id: string; groupIds: string[] }>; meta: { total: number } }) => ({
      ids: body.data.map(apiRow),
      total: body.meta.total,
    }),
    fromBaseline: ([page, count, groups]) => {
      const byCustomer = groupsByCustomer(groups);
      return {
        ids: page.map((row: Row) => `${row.id}:${(byCustomer.get(row.id) ?? []).join(',')}`),
        total: Number(count[0].total),
      };
    },
  };
}

/** `q` as the service applies it: one `IN (terms in [word, next prefix))` per query word. */
function searchConditions(q: string): { where: string[]; parameters: unknown[] } {
  const words = queryWords(q);
  return {
    where: words.map(
      (_, i) =>
        `c.id IN (SELECT st${i}.customer_id FROM customer_search_terms st${i} WHERE st${i}.term >= ? AND st${i}.term < ?)`,
    ),
    parameters: words.flatMap((word) => [word, prefixUpperBound(word)]),
  };
}

export interface CustomerBenchData {
  seeded: SeededCustomers;
  admin: BenchStaff;
  viewOwn: BenchStaff;
  tokens: { admin: string; viewOwn: string };
}

/** Search words from the seeded data: a prefix of the commonest company word, and a word one customer has. */
export function searchWords(seeded: SeededCustomers): { common: string; rare: string } {
  const byCount = [...seeded.companyWordCounts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const commonWord = byCount.find(([w]) => w.length >= 6)?.[0] ?? byCount[0]?.[0] ?? 'logistics';
  const singles = byCount
    .filter(([w, n]) => n === 1 && w.length >= 7 && /^[a-z]+$/.test(w))
    .map(([w]) => w)
    .sort();
  return { common: commonWord.slice(0, 4), rare: singles[Math.floor(singles.length / 2)] ?? commonWord };
}

export function customerScenarios(data: CustomerBenchData): Scenario[] {
  const admin = () => data.tokens.admin;
  const viewOwn = () => data.tokens.viewOwn;
  const active = ['c.active = ?'];
  const { common, rare } = searchWords(data.seeded);
  const groupId = data.seeded.groupIds[3];
  const commonSearch = searchConditions(common);
  const rareSearch = searchConditions(rare);
  const detailId = data.seeded.sampleIds[Math.floor(data.seeded.sampleIds.length / 2)];
  return [
    listScenario({
      name: 'GET customers (default page)',
      path: 'customers',
      token: admin,
      where: active,
      parameters: [1],
    }),
    listScenario({
      name: 'GET customers?sort=-createdAt',
      path: 'customers?sort=-createdAt',
      token: admin,
      where: active,
      parameters: [1],
      sort: '-createdAt',
    }),
    listScenario({
      name: 'GET customers?page=500',
      path: 'customers?page=500',
      token: admin,
      where: active,
      parameters: [1],
      page: 500,
    }),
    listScenario({
      name: `GET customers?q=${common} (common prefix)`,
      path: `customers?q=${encodeURIComponent(common)}`,
      token: admin,
      where: [...active, ...commonSearch.where],
      parameters: [1, ...commonSearch.parameters],
    }),
    listScenario({
      name: `GET customers?q=${rare} (rare word)`,
      path: `customers?q=${encodeURIComponent(rare)}`,
      token: admin,
      where: [...active, ...rareSearch.where],
      parameters: [1, ...rareSearch.parameters],
    }),
    listScenario({
      name: 'GET customers?groupId=…',
      path: `customers?groupId=${groupId}`,
      token: admin,
      where: [...active, 'c.id IN (SELECT gm.customer_id FROM customer_group_members gm WHERE gm.group_id = ?)'],
      parameters: [1, groupId],
    }),
    listScenario({
      name: 'GET customers?country=FR',
      path: 'customers?country=FR',
      token: admin,
      where: [...active, 'c.country = ?'],
      parameters: [1, 'FR'],
    }),
    listScenario({
      name: 'GET customers?currency=EUR',
      path: 'customers?currency=EUR',
      token: admin,
      where: [...active, 'c.currency = ?'],
      parameters: [1, 'EUR'],
    }),
    listScenario({
      name: 'GET customers?active=all',
      path: 'customers?active=all',
      token: admin,
      where: [],
      parameters: [],
    }),
    listScenario({
      name: 'GET customers as view_own staff',
      path: 'customers',
      token: viewOwn,
      where: [...active, 'c.id IN (SELECT a.customer_id FROM customer_admins a WHERE a.staff_id = ?)'],
      parameters: [1, data.viewOwn.id],
    }),
    {
      name: 'GET customers/{id}',
      path: `customers/${detailId}`,
      token: admin,
      baseline: [
        { sql: 'SELECT c.* FROM customers c WHERE c.id = ?', parameters: [detailId] },
        {
          sql: 'SELECT customer_id, group_id FROM customer_group_members WHERE customer_id = ? ORDER BY group_id ASC',
          parameters: [detailId],
        },
      ],
      fromApi: (body: { id: string; groupIds: string[] }) => ({ ids: [apiRow(body)] }),
      fromBaseline: ([rows, groups]) => ({
        ids: rows.map((row: Row) => `${row.id}:${(groupsByCustomer(groups).get(row.id) ?? []).join(',')}`),
      }),
    },
    {
      name: 'GET auth/me (per-request floor)',
      path: 'auth/me',
      token: admin,
      baseline: [{ sql: 'SELECT s.* FROM staff s WHERE s.id = ? AND s.active = ?', parameters: [data.admin.id, 1] }],
      fromApi: (body: { id: string }) => ({ ids: [body.id] }),
      fromBaseline: ([rows]) => ({ ids: rows.map((row: Row) => String(row.id)) }),
    },
  ];
}

/** Staff for the run: an administrator and a `customers.view_own` member (precomputed cheap hash). */
export async function insertBenchStaff(bench: BenchApp): Promise<{ admin: BenchStaff; viewOwn: BenchStaff }> {
  const admin = await insertStaff(bench.dataSource, {
    id: uuidv7(),
    email: 'bench-admin@bench.test',
    firstName: 'Bench',
    lastName: 'Admin',
    isAdmin: true,
    permissions: [],
  });
  const viewOwn = await insertStaff(bench.dataSource, {
    id: uuidv7(),
    email: 'bench-view-own@bench.test',
    firstName: 'Vera',
    lastName: 'Own',
    isAdmin: false,
    permissions: ['customers.view_own'],
  });
  return { admin, viewOwn };
}

async function main(): Promise<void> {
  const env: BenchEnv & { intEnv: (name: string, fallback: number, min: number, max: number) => number } =
    benchEnv('var/bench/bench.sqlite');
  const total = env.intEnv('BENCH_CUSTOMERS', 100000, 1, 2000000);
  const reportFile = process.env.BENCH_REPORT?.trim() || 'var/bench/customers.md';
  const runStarted = performance.now();
  progress(`bench: ${total} customers on ${env.databaseUrl.replace(/\/\/[^@/]*@/, '//***@')}`);

  await freshDatabase(env.databaseUrl);
  let bench: BenchApp | undefined;
  try {
    bench = await startBenchApp(env.databaseUrl);
    progress(`bench: app on ${bench.baseUrl} (${bench.serverVersion}), migrated`);
    const { admin, viewOwn } = await insertBenchStaff(bench);
    const seeded = await seedCustomers(
      bench.dataSource,
      { total, adminId: admin.id, viewOwnStaffId: viewOwn.id },
      progress,
    );
    progress(`bench: seeded in ${seeded.seconds.toFixed(1)} s`);

    const baseUrl = bench.baseUrl;
    const tokens = { admin: await login(baseUrl, admin.email), viewOwn: await login(baseUrl, viewOwn.email) };
    let loggedInAt = performance.now();
    const data: CustomerBenchData = { seeded, admin, viewOwn, tokens };
    const scenarios = customerScenarios(data);
    const words = searchWords(seeded);
    const results = await runScenarios(
      {
        bench,
        env,
        bigTables: CUSTOMER_TABLES,
        refreshTokens: async () => {
          if (performance.now() - loggedInAt < 10 * 60_000) return;
          tokens.admin = await login(baseUrl, admin.email);
          tokens.viewOwn = await login(baseUrl, viewOwn.email);
          loggedInAt = performance.now();
        },
      },
      scenarios,
      progress,
    );

    const markdown = renderReport(
      {
        title: `Customers benchmark — ${engineOf(env.databaseUrl) === 'sqlite' ? 'SQLite' : 'MySQL/MariaDB'}`,
        facts: [
          ['Run', `${new Date().toISOString()}, Node ${process.version}, ${bench.serverVersion}`],
          [
            'Data',
            Object.entries(seeded.counts)
              .map(([table, n]) => `${table} ${n}`)
              .join(', ') + `; ${seeded.groupIds.length} groups (seeded in ${seeded.seconds.toFixed(1)} s)`,
          ],
          ['view_own staff', `assigned to ${seeded.assignedCount} customers`],
          ['Search words', `common prefix "${words.common}", rare word "${words.rare}"`],
          ['Iterations', `${env.iterations} per endpoint after ${env.warmups} warm-ups, page size ${PAGE_SIZE}`],
          ['Total run time', `${((performance.now() - runStarted) / 1000).toFixed(0)} s`],
        ],
      },
      results,
    );
    process.stdout.write(`${markdown}\n`);
    progress(`bench: report written to ${writeReport(reportFile, markdown)}`);
  } finally {
    await bench?.close();
    if (!env.keep) await dropDatabase(env.databaseUrl);
  }
}

if (require.main === module) {
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
