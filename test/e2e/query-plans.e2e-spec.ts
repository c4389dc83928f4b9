import { given, startAsAdmin } from '../factories/given';
import { recordQueries, type RecordedQuery } from '../helpers/statements';
import type { TestApp } from '../helpers/test-app';
import { seedCustomers } from '../bench/customers.seed';
import { analyse, seedDocuments } from '../bench/scale.seed';

/**
 * The query plans of every list, search, scope, report and document read, on MariaDB/MySQL at
 * the shape of a large installation: the SQL the application runs for a set of requests is
 * recorded and explained on a generated data set (thousands of customers, contacts, invoices,
 * lines and payments, statistics analysed), so the optimiser chooses as it would at 100,000
 * customers. A statement fails when it reads more than a page of rows of a large table without
 * an index (type ALL), or, serving a page (a LIMIT), sorts more rows than a page with a
 * filesort. On MariaDB the rows are those the statement actually read (`ANALYZE`, `r_rows`);
 * on MySQL the optimiser's estimate (`EXPLAIN`). Aggregates without a LIMIT (the report's
 * totals) group every row of their period: their sorts are not a page's.
 *
 * `KNOWN` lists what this test found and was left as it is, each with its reason; anything
 * else fails.
 *
 * On SQLite only the judge of a plan is tested: its planner has no statistics unless ANALYZE
 * ran and its plans are another shape (`EXPLAIN QUERY PLAN`); the benchmark reports those.
 */
const onMysql = Boolean(process.env.TEST_MYSQL_URL);

const CUSTOMERS = 4000;
const INVOICES = 16000;
/** The largest page a list serves: a filesort of at most this many rows sorts one page. */
const PAGE = 100;
/** Tables that grow with the business (the rest, such as currencies or groups, stay small). */
const LARGE = new Set([
  'customers',
  'contacts',
  'customer_search_terms',
  'customer_group_members',
  'customer_admins',
  'invoices',
  'invoice_items',
  'payments',
  'credit_notes',
  'credit_note_items',
  'credit_applications',
  'estimates',
  'estimate_items',
  'audit_events',
  'customer_notes',
  'email_outbox',
]);

interface PlanRow {
  table: string | null;
  type: string | null;
  key: string | null;
  rows: string | number | null;
  r_rows?: string | number | null;
  Extra: string | null;
}

/** Findings left as they are: the request's name, the problem's start, and why. */
const KNOWN: Array<{ request: RegExp; problem: RegExp; why: string }> = [
  {
    request: /^customers, search by (a common word|two words)$/,
    problem: /^filesort of \d+ rows of <subquery\d+>$/,
    why: "A search answers sorted by company: the customers holding a word are sorted. Walking the company index instead reads 1/selectivity rows per page; the optimiser chooses by the word's statistics.",
  },
  {
    request: /^customers, in a group$/,
    problem: /^filesort of \d+ rows of customer_group_members$/,
    why: "A group's members are sorted by company. Serving the page from an index needs the company key on the membership row (group_id, company_key, customer_id), kept in step with renames: not done yet.",
  },
  {
    request: /^(customers, (view_own scope|view_own scope and search|assigned to me)|invoices, view_own scope)$/,
    problem: /^filesort of \d+ rows of customer_admins$/,
    why: "A view_own member's customers (1,000 at most by design) are sorted; walking every customer's index to probe the assignments would read about a hundred rows per match instead.",
  },
  {
    request: /^a group's customers in the report$/,
    problem: /^(full scan of customers|filesort of \d+ rows of (customers|payments|invoices))/,
    why: 'The drill-down pages customers sorted by their aggregated activity in the period: every customer of the group with activity is aggregated before the page (reports module).',
  },
];
const known = (request: string, problem: string) =>
  KNOWN.some((k) => k.request.test(request) && k.problem.test(problem));

/** The table of a plan row: aliases resolved through the statement's FROM and JOIN clauses. */
function tablesByAlias(sql: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const [, table, alias] of sql.matchAll(/\b(?:FROM|JOIN)\s+`?(\w+)`?(?:\s+(?:AS\s+)?`?(\w+)`?)?/gi)) {
    map.set(table, table);
    if (alias) map.set(alias, table);
  }
  return map;
}

async function problemsOf(t: TestApp, mariadb: boolean, query: RecordedQuery): Promise<string[]> {
  const plan = (await t.dataSource.query(
    `${mariadb ? 'ANALYZE' : 'EXPLAIN'} ${query.sql}`,
    query.parameters,
  )) as PlanRow[];
  return judgePlan(plan, query.sql, mariadb);
}

/** What is wrong with a plan of `sql`: full scans of large tables, and sorts beyond a page in a paged query. */
function judgePlan(plan: readonly PlanRow[], sql: string, mariadb: boolean): string[] {
  const aliases = tablesByAlias(sql);
  const paged = /\bLIMIT\b/i.test(sql);
  const problems: string[] = [];
  for (const row of plan) {
    const table = aliases.get(String(row.table)) ?? String(row.table);
    const rows = Math.round(Number((mariadb ? row.r_rows : row.rows) ?? 0));
    if (LARGE.has(table) && row.type === 'ALL' && rows > PAGE) {
      problems.push(`full scan of ${table} (${rows} rows)`);
    }
    if (paged && /Using filesort/.test(row.Extra ?? '') && rows > PAGE) {
      problems.push(`filesort of ${rows} rows of ${table}`);
    }
  }
  return problems;
}

describe('the judge of a query plan', () => {
  const row = (over: Partial<PlanRow>): PlanRow => ({
    table: 'c',
    type: 'ref',
    key: 'ix',
    rows: 1,
    r_rows: 1,
    Extra: null,
    ...over,
  });
  const sql = 'SELECT c.id FROM customers c WHERE c.active = 1 ORDER BY c.company_key LIMIT 50';

  it('flags a full scan of a large table beyond a page, by its alias', () => {
    expect(judgePlan([row({ type: 'ALL', r_rows: 4000 })], sql, true)).toEqual(['full scan of customers (4000 rows)']);
    expect(judgePlan([row({ type: 'ALL', rows: 4000, r_rows: 3 })], sql, false)).toEqual([
      'full scan of customers (4000 rows)',
    ]);
  });

  it('flags a sort of more than a page in a paged query only', () => {
    const sorted = row({ r_rows: 500, Extra: 'Using where; Using filesort' });
    expect(judgePlan([sorted], sql, true)).toEqual(['filesort of 500 rows of customers']);
    expect(judgePlan([sorted], sql.replace(' LIMIT 50', ''), true)).toEqual([]);
  });

  it('lets index reads, small tables and page-sized sorts pass', () => {
    expect(judgePlan([row({ r_rows: 4000 })], sql, true)).toEqual([]);
    expect(judgePlan([row({ table: 'currencies', type: 'ALL', r_rows: 4000 })], sql, true)).toEqual([]);
    expect(judgePlan([row({ r_rows: PAGE, Extra: 'Using filesort' })], sql, true)).toEqual([]);
  });
});

/*
 * The plans themselves are read on MariaDB/MySQL only (TEST_MYSQL_URL, as `npm run test:mysql`
 * and CI run it): SQLite's planner has no comparable statistics.
 */
if (onMysql)
  describe('query plans at scale (MariaDB/MySQL)', () => {
    let t: TestApp;
    let admin: string;
    let viewOwn: string;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      let adminId: string;
      ({ t, admin, adminId } = await startAsAdmin());
      const own = await given(t).staff({
        permissions: ['customers.view_own', 'invoices.view_own', 'payments.view_own', 'credit_notes.view_own'],
      });
      viewOwn = await own.token();
      const seeded = await seedCustomers(
        t.dataSource,
        {
          total: CUSTOMERS,
          adminId,
          viewOwnStaffId: own.staff.id,
          groups: 20,
          maxContacts: 3,
          assignments: { staffIds: [own.staff.id], each: 200 },
        },
        () => undefined,
      );
      await seedDocuments(
        t.dataSource,
        { customers: CUSTOMERS, invoices: INVOICES, groups: 20 },
        adminId,
        () => undefined,
      );
      await analyse(t.dataSource);
      const one = async (sql: string) => String(((await t.dataSource.query(sql)) as Array<{ id: string }>)[0].id);
      ids.group = seeded.groupIds[0];
      ids.customer = await one('SELECT customer_id AS id FROM invoices ORDER BY id LIMIT 1 OFFSET 100');
      ids.contact = await one('SELECT id FROM contacts ORDER BY id LIMIT 1 OFFSET 500');
      ids.invoice = await one("SELECT id FROM invoices WHERE status = 'paid' ORDER BY id LIMIT 1 OFFSET 100");
      ids.creditNote = await one('SELECT id FROM credit_notes ORDER BY id LIMIT 1');
      ids.payment = await one('SELECT id FROM payments ORDER BY id LIMIT 1 OFFSET 100');
    }, 600_000);
    afterAll(() => t?.close());

    const requests = (): Array<[string, string, 'admin' | 'viewOwn']> => [
      ['customers, first page', 'customers?pageSize=50', 'admin'],
      ['customers, a deep page', 'customers?page=60&pageSize=50', 'admin'],
      ['customers, newest first', 'customers?sort=-createdAt&pageSize=50', 'admin'],
      ['customers, by company descending', 'customers?sort=-company&pageSize=50', 'admin'],
      ['customers, search by a common word', 'customers?q=logistik&pageSize=50', 'admin'],
      ['customers, search by a name prefix', 'customers?q=m%C3%BCl&pageSize=50', 'admin'],
      ['customers, search by two words', 'customers?q=nordic%20software&pageSize=50', 'admin'],
      ['customers, in a group', `customers?groupId=${ids.group}&pageSize=50`, 'admin'],
      ['customers, inactive', 'customers?active=false&pageSize=50', 'admin'],
      ['customers, all', 'customers?active=all&pageSize=50', 'admin'],
      ['customers, by currency', 'customers?currency=EUR&pageSize=50', 'admin'],
      ['customers, by country', 'customers?country=DE&pageSize=50', 'admin'],
      ['customers, assigned to me', 'customers?assignedToMe=true&pageSize=50', 'viewOwn'],
      ['customers, view_own scope', 'customers?pageSize=50', 'viewOwn'],
      ['customers, view_own scope and search', 'customers?q=gmbh&pageSize=50', 'viewOwn'],
      ['a customer', `customers/${ids.customer}`, 'admin'],
      ["a customer's contacts", `customers/${ids.customer}/contacts`, 'admin'],
      ["a customer's activity", `customers/${ids.customer}/activity`, 'admin'],
      ["a customer's notes", `customers/${ids.customer}/notes`, 'admin'],
      ['a contact', `contacts/${ids.contact}`, 'admin'],
      ['invoices, newest first', 'invoices?pageSize=50', 'admin'],
      ['invoices, by number', 'invoices?sort=-number&pageSize=50', 'admin'],
      ["a customer's invoices", `invoices?customerId=${ids.customer}`, 'admin'],
      ['invoices in a date range', 'invoices?dateFrom=2025-01-01&dateTo=2025-03-31&pageSize=50', 'admin'],
      ['invoices by currency', 'invoices?currency=EUR&pageSize=50', 'admin'],
      ['invoices, view_own scope', 'invoices?pageSize=50', 'viewOwn'],
      ['an invoice', `invoices/${ids.invoice}`, 'admin'],
      ["an invoice's PDF", `invoices/${ids.invoice}/pdf`, 'admin'],
      ['payments, newest first', 'payments?pageSize=50', 'admin'],
      ["a customer's payments", `payments?customerId=${ids.customer}`, 'admin'],
      ["an invoice's payments", `payments?invoiceId=${ids.invoice}`, 'admin'],
      ['a payment', `payments/${ids.payment}`, 'admin'],
      ['credit notes, newest first', 'credit-notes?pageSize=50', 'admin'],
      ["a customer's credit notes", `credit-notes?customerId=${ids.customer}`, 'admin'],
      ['a credit note', `credit-notes/${ids.creditNote}`, 'admin'],
      ['estimates, newest first', 'estimates?pageSize=50', 'admin'],
      ['the revenue report', 'reports/customer-groups?period=last_12_months', 'admin'],
      [
        "a group's customers in the report",
        `reports/customer-groups/${ids.group}/customers?period=last_12_months`,
        'admin',
      ],
    ];

    it('runs every list, search, scope, report and document read without a full scan or a sort beyond a page', async () => {
      const [{ version }] = (await t.dataSource.query('SELECT VERSION() AS version')) as Array<{ version: string }>;
      const mariadb = /mariadb/i.test(version);
      const record = recordQueries(t.dataSource);
      const failures: string[] = [];
      const left: string[] = [];
      let explained = 0;
      for (const [name, path, who] of requests()) {
        let status = 0;
        const queries = await record.during(async () => {
          status = (await t.get(path, { token: who === 'admin' ? admin : viewOwn })).status;
        });
        expect({ name, status }).toEqual({ name, status: 200 });
        for (const query of queries.filter((q) => /^\s*(SELECT|WITH)\b/i.test(q.sql))) {
          explained++;
          for (const problem of await problemsOf(t, mariadb, query)) {
            if (known(name, problem)) {
              left.push(`${name}: ${problem}`);
              continue;
            }
            failures.push(`${name} (GET ${path}): ${problem}\n    ${query.sql.replace(/\s+/g, ' ').slice(0, 400)}`);
          }
        }
      }
      expect(explained).toBeGreaterThan(requests().length);
      if (left.length) process.stderr.write(`query plans left as they are (see KNOWN):\n  ${left.join('\n  ')}\n`);
      expect(failures).toEqual([]);
    }, 300_000);
  });
