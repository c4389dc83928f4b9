/**
 * `npm run seed:bench -- --customers 100000 --invoices 1000000 --groups 20`: fills a database
 * at the size the scale benchmarks run at, with multi-row INSERTs after the migrations.
 *
 *   BENCH_DATABASE_URL (or DATABASE_URL)  sqlite:<file> (default sqlite:var/bench/scale.sqlite) or
 *                                         mysql://root@127.0.0.1:3306/<name with "bench"> (loopback only)
 *
 * What it writes, deterministically (fixed seeds):
 * - the currencies USD and EUR (the migrations' own), marked in use;
 * - 50 staff: the first administrator from ADMIN_EMAIL/ADMIN_PASSWORD (the bench's defaults
 *   when unset), `bench-admin@bench.test`, ten `view_own` members (`bench-view-own@bench.test`,
 *   `bench-view-own-2@bench.test`, …) with 1,000 customers assigned each (fewer when the
 *   customers do not suffice), the rest with every `view` capability;
 * - customers in 0–3 groups with 1–3 contacts each, their search terms and duplicate keys as
 *   the application computes them (see customers.seed.ts);
 * - invoices over the last three years with 1–10 lines, some drafts and cancelled, payments
 *   settling most of them, credit notes applied to some; customers' transaction counts and the
 *   document number series advanced past the seeded numbers.
 *
 * A database that already holds this many customers and invoices (up to a quarter more, which
 * the benchmarks' creates add) is reused as it is (a second run prints so and returns); any other content of a benchmark database is deleted first.
 * Rows per second go to stderr.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { resolveDataSourceOptions } from '@app/database';
import * as argon2 from 'argon2';
import { createConnection } from 'mysql2/promise';
import { DataSource, type QueryRunner } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { loadConfig } from '../../src/config/environment';
import { documentNumber } from '../../src/documents/document-numbers.service';
import { CAPABILITIES, type Capability } from '../../src/permissions/capabilities';
import { Random, benchAppEnv, benchPasswordHash, engineOf, insertRows, sqlDateTime, uuidv7At } from './bench-kit';
import { seedCustomers } from './customers.seed';

export interface ScaleOptions {
  customers: number;
  invoices: number;
  groups: number;
}

export interface ScaleStaff {
  firstAdmin: { id: string; email: string; password: string };
  admin: { id: string; email: string };
  viewOwn: Array<{ id: string; email: string }>;
}

export interface ScaleSeed {
  reused: boolean;
  counts: Record<string, number>;
  seconds: number;
  staff: ScaleStaff;
}

const DAY_MS = 86_400_000;
const STAFF = 50;
const VIEW_OWN = 10;
const ASSIGNED_EACH = 1000;

/** Tables the seed fills, children first (the order they are emptied in). */
const SEEDED_TABLES = [
  'credit_applications',
  'credit_note_items',
  'credit_notes',
  'payments',
  'invoice_items',
  'invoices',
  'estimate_items',
  'estimates',
  'email_outbox',
  'audit_events',
  'customer_notes',
  'customer_admins',
  'customer_search_terms',
  'customer_group_members',
  'customer_groups',
  'contacts',
  'customers',
  'refresh_tokens',
  'session_subjects',
  'staff_guards',
  'staff',
  'document_sequences',
  'idempotency_answer_parts',
  'idempotency_keys',
  'throttle_buckets',
];

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** Only a loopback server and a database named *bench*: the seed deletes what it finds there. */
async function createMysqlDatabase(url: string): Promise<void> {
  const parsed = new URL(url.replace(/^mariadb:/, 'mysql:'));
  if (!LOOPBACK.has(parsed.hostname)) throw new Error(`the database must be on 127.0.0.1, not ${parsed.hostname}`);
  const name = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]*bench[A-Za-z0-9_]*$/.test(name))
    throw new Error(`the seed empties its database: its name must contain "bench" (got ${JSON.stringify(name)})`);
  parsed.pathname = '/';
  const connection = await createConnection({ uri: parsed.toString(), connectTimeout: 10_000 });
  try {
    await connection.query(
      `CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await connection.end();
  }
}

/** The migrated database's DataSource (the application's own options). */
export async function openMigrated(databaseUrl: string): Promise<DataSource> {
  if (engineOf(databaseUrl) === 'sqlite') {
    mkdirSync(dirname(resolve(databaseUrl.slice('sqlite:'.length))), { recursive: true });
  } else {
    await createMysqlDatabase(databaseUrl);
  }
  const config = loadConfig(benchAppEnv(databaseUrl));
  const dataSource = new DataSource(
    await resolveDataSourceOptions({ target: config.database, migrations: MIGRATIONS }),
  );
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}

const count = async (db: DataSource | QueryRunner, table: string) =>
  Number(((await db.query(`SELECT COUNT(*) AS n FROM ${table}`)) as Array<{ n: unknown }>)[0].n);

async function staffOf(db: DataSource): Promise<ScaleStaff> {
  const env = benchAppEnv('');
  const rows = (await db.query('SELECT id, email FROM staff ORDER BY email')) as Array<{ id: string; email: string }>;
  const byEmail = new Map(rows.map((r) => [r.email, r]));
  const need = (email: string) => {
    const row = byEmail.get(email);
    if (!row) throw new Error(`the seeded database has no staff ${email}`);
    return { id: String(row.id), email };
  };
  return {
    firstAdmin: { ...need(process.env.ADMIN_EMAIL?.trim() || env.ADMIN_EMAIL), password: adminPassword() },
    admin: need('bench-admin@bench.test'),
    viewOwn: Array.from({ length: VIEW_OWN }, (_, i) => need(viewOwnEmail(i))),
  };
}

const viewOwnEmail = (i: number) => (i === 0 ? 'bench-view-own@bench.test' : `bench-view-own-${i + 1}@bench.test`);
const adminPassword = () => process.env.ADMIN_PASSWORD || benchAppEnv('').ADMIN_PASSWORD;

/** Whether the database holds exactly the requested data set (then it is reused). */
async function holds(db: DataSource, options: ScaleOptions): Promise<boolean> {
  const [customers, invoices, groups, staff] = await Promise.all([
    count(db, 'customers'),
    count(db, 'invoices'),
    count(db, 'customer_groups'),
    count(db, 'staff'),
  ]);
  // Benchmarks create customers and documents on top of the seeded ones: up to a quarter more still counts.
  const near = (present: number, wanted: number) => present >= wanted && present <= wanted * 1.25;
  return (
    near(customers, options.customers) &&
    near(invoices, options.invoices) &&
    groups === options.groups &&
    staff >= STAFF
  );
}

async function staffRows(db: DataSource): Promise<ScaleStaff> {
  const now = sqlDateTime(new Date());
  const cheap = await benchPasswordHash();
  const firstAdminEmail = process.env.ADMIN_EMAIL?.trim() || benchAppEnv('').ADMIN_EMAIL;
  // The first administrator's hash with the application's production parameters (argon2's defaults are above them).
  const firstHash = await argon2.hash(adminPassword(), { type: argon2.argon2id });
  const views = CAPABILITIES.filter((c) => c.endsWith('.view'));
  const rows: Array<{
    email: string;
    first: string;
    last: string;
    admin: boolean;
    permissions: Capability[];
    hash: string;
  }> = [
    { email: firstAdminEmail, first: 'First', last: 'Administrator', admin: true, permissions: [], hash: firstHash },
    { email: 'bench-admin@bench.test', first: 'Bench', last: 'Admin', admin: true, permissions: [], hash: cheap },
  ];
  for (let i = 0; i < VIEW_OWN; i++) {
    rows.push({
      email: viewOwnEmail(i),
      first: 'Vera',
      last: `Own ${i + 1}`,
      admin: false,
      permissions: ['customers.view_own', 'invoices.view_own', 'payments.view_own'],
      hash: cheap,
    });
  }
  while (rows.length < STAFF) {
    const n = rows.length + 1;
    rows.push({
      email: `staff-${n}@bench.test`,
      first: 'Staff',
      last: `Member ${n}`,
      admin: false,
      permissions: views,
      hash: cheap,
    });
  }
  const values = rows.map((r, i) => [
    uuidv7At(Date.now() - 10 * 365 * DAY_MS + i, i, new Random(i + 1)),
    r.email,
    r.email.toLowerCase(),
    r.first,
    r.last,
    r.hash,
    r.admin ? 1 : 0,
    1,
    null,
    JSON.stringify(r.permissions),
    null,
    null,
    now,
    now,
  ]);
  await db.transaction((m) =>
    insertRows(
      m,
      'staff',
      [
        'id',
        'email',
        'email_key',
        'first_name',
        'last_name',
        'password_hash',
        'is_admin',
        'active',
        'language',
        'permissions',
        'role_id',
        'last_login_at',
        'created_at',
        'updated_at',
      ],
      values,
    ),
  );
  return staffOf(db);
}

const rate = (rows: number, seconds: number) => `${Math.round(rows / Math.max(seconds, 0.001))} rows/s`;

interface CustomerRef {
  id: string;
  currency: string;
  street: string | null;
  city: string | null;
  zip: string | null;
  country: string | null;
}

const INVOICE_COLUMNS = [
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
  'amount_credited',
  'billing_street',
  'billing_city',
  'billing_zip',
  'billing_country',
  'has_shipping_address',
  'version',
  'created_by',
  'created_at',
  'updated_at',
];
const CREDIT_NOTE_COLUMNS = [
  'id',
  'number',
  'sequence_number',
  'customer_id',
  'currency',
  'currency_decimals',
  'date',
  'status',
  'subtotal',
  'tax_total',
  'total',
  'amount_applied',
  'invoice_id',
  'billing_street',
  'billing_city',
  'billing_zip',
  'billing_country',
  'has_shipping_address',
  'version',
  'created_by',
  'created_at',
  'updated_at',
];
const LINE_COLUMNS = ['position', 'description', 'quantity', 'unit_price', 'tax_rate', 'net', 'tax'];
const PAYMENT_COLUMNS = [
  'id',
  'invoice_id',
  'customer_id',
  'currency',
  'currency_decimals',
  'amount',
  'date',
  'mode',
  'note',
  'created_by',
  'created_at',
];
const PRODUCTS = [
  'Consulting hours',
  'Wartung Q1',
  'Licence annuelle',
  'Soporte técnico',
  'Hosting (monthly)',
  'Schulung vor Ort',
  'Implementation',
  'Hardware: Router X2',
  'Travel expenses',
  'Übersetzung',
];
const TAX_RATES = ['0', '7', '19', '20', '21'];

/** Half away from zero, as the application rounds a line's tax. */
const roundHalfUp = (value: number) => Math.sign(value) * Math.round(Math.abs(value));

function lines(random: Random): { rows: unknown[][]; subtotal: number; tax: number } {
  const n = random.weighted([
    [1, 25],
    [2, 20],
    [3, 15],
    [4, 10],
    [5, 8],
    [6, 6],
    [7, 5],
    [8, 4],
    [9, 4],
    [10, 3],
  ] as const);
  const rows: unknown[][] = [];
  let subtotal = 0;
  let tax = 0;
  const rateOf = random.pick(TAX_RATES);
  for (let p = 1; p <= n; p++) {
    const quantity = random.int(1, 20);
    const unitCents = random.int(500, 250_000);
    const net = quantity * unitCents;
    const lineTax = roundHalfUp((net * Number(rateOf)) / 100);
    subtotal += net;
    tax += lineTax;
    rows.push([p, random.pick(PRODUCTS), String(quantity), (unitCents / 100).toFixed(2), rateOf, net, lineTax]);
  }
  return { rows, subtotal, tax };
}

/** Invoices, their lines, payments and credit notes, in chunks of one transaction each. */
export async function seedDocuments(
  db: DataSource,
  options: ScaleOptions,
  adminId: string,
  progress: (line: string) => void,
): Promise<Record<string, number>> {
  const started = performance.now();
  const random = new Random(20261207);
  const customers = (
    (await db.query(
      'SELECT id, currency, street, city, zip, country FROM customers WHERE currency IS NOT NULL ORDER BY id',
    )) as CustomerRef[]
  ).map((c) => ({ ...c, id: String(c.id) }));
  if (customers.length === 0) throw new Error('no customer with a currency to invoice');
  const end = Date.now() - DAY_MS;
  const start = end - 3 * 365 * DAY_MS;
  const counts = {
    invoices: 0,
    invoice_items: 0,
    payments: 0,
    credit_notes: 0,
    credit_note_items: 0,
    credit_applications: 0,
  };
  let invoiceNumber = 0;
  let creditNoteNumber = 0;
  const chunk = 5000;
  // Invoices in date order (their numbers follow their dates), customers drawn with a skew:
  // a few customers hold many invoices, most a handful.
  const weightOf = (i: number) => 1 / (1 + (i % 97)) ** 0.5;
  const cumulative = new Float64Array(customers.length);
  let sum = 0;
  customers.forEach((_, i) => (cumulative[i] = sum += weightOf(i)));
  const pickCustomer = () => {
    const roll = random.next() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < roll) lo = mid + 1;
      else hi = mid;
    }
    return customers[lo];
  };
  for (let first = 0; first < options.invoices; first += chunk) {
    const last = Math.min(options.invoices, first + chunk);
    const invoices: unknown[][] = [];
    const items: unknown[][] = [];
    const payments: unknown[][] = [];
    const creditNotes: unknown[][] = [];
    const creditItems: unknown[][] = [];
    const applications: unknown[][] = [];
    for (let i = first; i < last; i++) {
      const at = start + Math.floor(((i + random.next()) / options.invoices) * (end - start));
      const date = new Date(at).toISOString().slice(0, 10);
      const due = new Date(at + 30 * DAY_MS).toISOString().slice(0, 10);
      const created = sqlDateTime(new Date(at));
      const customer = pickCustomer();
      const id = uuidv7At(at, i, random);
      const { rows, subtotal, tax } = lines(random);
      const total = subtotal + tax;
      const age = (end - at) / DAY_MS;
      const status = random.weighted([
        ['draft', age < 30 ? 30 : 2],
        ['cancelled', 3],
        ['open', 95],
      ] as const);
      let paid = 0;
      let credited = 0;
      let finalStatus: string = status;
      let number: string | null = null;
      let sequence: number | null = null;
      if (status !== 'draft') {
        sequence = ++invoiceNumber;
        number = documentNumber('INV-', sequence);
      }
      if (status === 'open') {
        if (random.chance(0.04)) {
          // A credit note for part of it, applied to it.
          const creditNet = Math.max(1, Math.floor(subtotal * random.pick([0.1, 0.25, 0.5])));
          const creditTax = Math.min(tax, roundHalfUp((creditNet * tax) / Math.max(1, subtotal)));
          credited = creditNet + creditTax;
          const cnAt = Math.min(end, at + random.int(1, 20) * DAY_MS);
          const cnId = uuidv7At(cnAt, i, random);
          const cnSequence = ++creditNoteNumber;
          const cnCreated = sqlDateTime(new Date(cnAt));
          const cnDate = new Date(cnAt).toISOString().slice(0, 10);
          creditNotes.push([
            cnId,
            documentNumber('CN-', cnSequence),
            cnSequence,
            customer.id,
            customer.currency,
            2,
            cnDate,
            'closed',
            creditNet,
            creditTax,
            credited,
            credited,
            id,
            customer.street,
            customer.city,
            customer.zip,
            customer.country,
            0,
            1,
            adminId,
            cnCreated,
            cnCreated,
          ]);
          creditItems.push([
            cnId,
            1,
            'Credit: price reduction',
            '1',
            (creditNet / 100).toFixed(2),
            rows[0][4],
            creditNet,
            creditTax,
          ]);
          applications.push([uuidv7At(cnAt, i, random), cnId, id, credited, cnDate, adminId, cnCreated]);
        }
        const open = total - credited;
        const share =
          age < 45
            ? random.pick([0, 0, 0.5, 1])
            : random.weighted([
                [1, 85],
                [0.5, 8],
                [0, 7],
              ] as const);
        const amount = Math.floor(open * share);
        const parts = amount > 0 && random.chance(0.15) ? 2 : amount > 0 ? 1 : 0;
        for (let p = 0; p < parts; p++) {
          const part = parts === 2 ? (p === 0 ? Math.floor(amount / 2) : amount - Math.floor(amount / 2)) : amount;
          const payAt = Math.min(end, at + random.int(0, 45) * DAY_MS + p * DAY_MS);
          payments.push([
            uuidv7At(payAt, i, random),
            id,
            customer.id,
            customer.currency,
            2,
            part,
            new Date(payAt).toISOString().slice(0, 10),
            random.pick(['bank', 'bank', 'card', 'cash']),
            null,
            adminId,
            sqlDateTime(new Date(payAt)),
          ]);
        }
        paid = amount;
        finalStatus = paid + credited >= total ? 'paid' : paid + credited === 0 ? 'unpaid' : 'partially_paid';
      }
      invoices.push([
        id,
        number,
        sequence,
        customer.id,
        customer.currency,
        2,
        date,
        due,
        finalStatus,
        subtotal,
        tax,
        total,
        paid,
        credited,
        customer.street,
        customer.city,
        customer.zip,
        customer.country,
        0,
        1,
        adminId,
        created,
        created,
      ]);
      for (const row of rows) items.push([id, ...row]);
    }
    await db.transaction(async (m) => {
      await insertRows(m, 'invoices', INVOICE_COLUMNS, invoices, 1000);
      await insertRows(m, 'invoice_items', ['invoice_id', ...LINE_COLUMNS], items, 2000);
      await insertRows(m, 'payments', PAYMENT_COLUMNS, payments, 2000);
      await insertRows(m, 'credit_notes', CREDIT_NOTE_COLUMNS, creditNotes, 1000);
      await insertRows(m, 'credit_note_items', ['credit_note_id', ...LINE_COLUMNS], creditItems, 2000);
      await insertRows(
        m,
        'credit_applications',
        ['id', 'credit_note_id', 'invoice_id', 'amount', 'date', 'created_by', 'created_at'],
        applications,
        2000,
      );
    });
    counts.invoices += invoices.length;
    counts.invoice_items += items.length;
    counts.payments += payments.length;
    counts.credit_notes += creditNotes.length;
    counts.credit_note_items += creditItems.length;
    counts.credit_applications += applications.length;
    if (last === options.invoices || (last / chunk) % 20 === 0) {
      const seconds = (performance.now() - started) / 1000;
      const rows = Object.values(counts).reduce((a, b) => a + b, 0);
      progress(
        `  seeded ${last} / ${options.invoices} invoices, ${rows} document rows (${seconds.toFixed(1)} s, ${rate(rows, seconds)})`,
      );
    }
  }
  // The series continue after the seeded numbers; transaction counts as the application keeps them.
  await db.transaction(async (m) => {
    await m.query('DELETE FROM document_sequences');
    await m.query('INSERT INTO document_sequences (series, last_value) VALUES (?, ?), (?, ?)', [
      'invoice',
      invoiceNumber,
      'credit_note',
      creditNoteNumber,
    ]);
    await m.query(
      'UPDATE customers SET transaction_count = (SELECT COUNT(*) FROM invoices i WHERE i.customer_id = customers.id) + (SELECT COUNT(*) FROM credit_notes n WHERE n.customer_id = customers.id) + (SELECT COUNT(*) FROM payments p WHERE p.customer_id = customers.id)',
    );
    await m.query('UPDATE currencies SET in_use = ? WHERE code IN (?, ?)', [1, 'USD', 'EUR']);
  });
  return counts;
}

/** Seeds `options` into the migrated `db` unless it already holds them. */
export async function seedScale(
  db: DataSource,
  options: ScaleOptions,
  progress: (line: string) => void,
): Promise<ScaleSeed> {
  const started = performance.now();
  if (await holds(db, options)) {
    const counts: Record<string, number> = {};
    for (const table of ['customers', 'contacts', 'invoices', 'invoice_items', 'payments', 'credit_notes']) {
      counts[table] = await count(db, table);
    }
    progress(`seed: reusing the seeded database (${JSON.stringify(counts)})`);
    return { reused: true, counts, seconds: (performance.now() - started) / 1000, staff: await staffOf(db) };
  }
  progress(`seed: ${options.customers} customers, ${options.invoices} invoices, ${options.groups} groups`);
  for (const table of SEEDED_TABLES) await db.query(`DELETE FROM ${table}`);
  const staff = await staffRows(db);
  const customersStarted = performance.now();
  const seeded = await seedCustomers(
    db,
    {
      total: options.customers,
      adminId: staff.admin.id,
      viewOwnStaffId: staff.viewOwn[0].id,
      groups: options.groups,
      maxContacts: 3,
      assignments: {
        staffIds: staff.viewOwn.map((s) => s.id),
        each: Math.min(ASSIGNED_EACH, Math.floor(options.customers / VIEW_OWN)),
      },
    },
    progress,
  );
  const customerRows = Object.values(seeded.counts).reduce((a, b) => a + b, 0);
  const customerSeconds = (performance.now() - customersStarted) / 1000;
  progress(
    `seed: customers: ${customerRows} rows in ${customerSeconds.toFixed(1)} s, ${rate(customerRows, customerSeconds)}`,
  );
  const documentsStarted = performance.now();
  const documents = await seedDocuments(db, options, staff.admin.id, progress);
  const documentRows = Object.values(documents).reduce((a, b) => a + b, 0);
  const documentSeconds = (performance.now() - documentsStarted) / 1000;
  progress(
    `seed: documents: ${documentRows} rows in ${documentSeconds.toFixed(1)} s, ${rate(documentRows, documentSeconds)}`,
  );
  await analyse(db);
  const counts = { staff: STAFF, ...seeded.counts, customer_groups: seeded.groupIds.length, ...documents };
  const seconds = (performance.now() - started) / 1000;
  const rows = Object.values(counts).reduce((a, b) => a + b, 0);
  progress(`seed: ${rows} rows in ${seconds.toFixed(1)} s, ${rate(rows, seconds)}: ${JSON.stringify(counts)}`);
  return { reused: false, counts, seconds, staff };
}

/** Fresh statistics for the optimiser (MySQL/MariaDB `ANALYZE TABLE`, SQLite `ANALYZE`). */
export async function analyse(db: DataSource): Promise<void> {
  if (db.options.type === 'better-sqlite3') {
    await db.query('ANALYZE');
    return;
  }
  const tables = SEEDED_TABLES.filter(
    (t) => !/^(refresh_tokens|session_subjects|staff_guards|throttle_buckets|idempotency)/.test(t),
  );
  await db.query(`ANALYZE TABLE ${tables.join(', ')}`);
}

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const raw = at >= 0 ? process.argv[at + 1] : process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer, got ${raw}`);
  return value;
}

export function scaleDatabaseUrl(): string {
  return process.env.BENCH_DATABASE_URL?.trim() || process.env.DATABASE_URL?.trim() || 'sqlite:var/bench/scale.sqlite';
}

async function main(): Promise<void> {
  const options: ScaleOptions = {
    customers: argument('customers', 100_000),
    invoices: argument('invoices', 1_000_000),
    groups: Math.min(20, argument('groups', 20)),
  };
  const url = scaleDatabaseUrl();
  const progress = (line: string) => process.stderr.write(`${line}\n`);
  progress(`seed: ${url.replace(/\/\/[^@/]*@/, '//***@')}`);
  const db = await openMigrated(url);
  try {
    const result = await seedScale(db, options, progress);
    process.stdout.write(
      `${JSON.stringify({ reused: result.reused, seconds: Math.round(result.seconds), ...result.counts })}\n`,
    );
  } finally {
    await db.destroy();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
