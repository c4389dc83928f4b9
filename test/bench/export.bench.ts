/**
 * `npm run bench:export`: a customer with BENCH_INVOICES invoices (default 2,000) of 10 lines
 * each exported as one ZIP of PDFs, while health requests run every BENCH_HEALTH_INTERVAL_MS
 * (default 20). Prints the export's time and size, the process's peak RSS and its growth over
 * the RSS before the export (worker threads included), and the health latency percentiles.
 * Targets: RSS growth under 100 MB, health p99 under 50 ms.
 *
 *   BENCH_DATABASE_URL   sqlite:<file> (default sqlite:var/bench/export.sqlite, deleted first) or
 *                        mysql://root@127.0.0.1:3306/crm_bench (dropped and created; loopback only)
 *   BENCH_INVOICES       invoices to export (default 2000)
 *   BENCH_HEALTH_INTERVAL_MS  pause between health requests (default 20)
 *   PDF_WORKERS          threads rendering PDFs (the application's default when unset)
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import { uuidv7 } from '@app/common';
import { Customer } from '../../src/customers/customer.entity';
import { Invoice, InvoiceItem } from '../../src/invoices/invoice.entity';
import { benchEnv, dropDatabase, freshDatabase, login, startBenchApp } from './bench-kit';

const LINES = 10;
const progress = (line: string) => process.stderr.write(`${line}\n`);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const NO_ADDRESS = { street: null, city: null, state: null, zip: null, country: null };

async function main(): Promise<void> {
  const env = benchEnv('var/bench/export.sqlite');
  const count = env.intEnv('BENCH_INVOICES', 2000, 1, 1_000_000);
  const pause = env.intEnv('BENCH_HEALTH_INTERVAL_MS', 20, 1, 10_000);
  await freshDatabase(env.databaseUrl);
  const bench = await startBenchApp(env.databaseUrl);
  try {
    const token = await login(bench.baseUrl, 'first-admin@bench.test', 'first-admin-password');
    const customerId = await seed(bench.dataSource, count);
    progress(`seeded ${count} invoices of ${LINES} lines on ${bench.serverVersion}`);

    // Warm the renderer threads and the fonts, then let the heap settle before the baseline.
    await exportZip(bench.baseUrl, token, customerId, '&from=2026-01-01&to=2026-01-01');
    global.gc?.();
    await sleep(500);
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);

    let exporting = true;
    const latencies: number[] = [];
    const health = (async () => {
      while (exporting) {
        const started = performance.now();
        const res = await fetch(`${bench.baseUrl}/api/v1/health`);
        await res.arrayBuffer();
        latencies.push(performance.now() - started);
        await sleep(pause);
      }
    })();

    const started = performance.now();
    const bytes = await exportZip(bench.baseUrl, token, customerId, '');
    const seconds = (performance.now() - started) / 1000;
    exporting = false;
    await health;
    clearInterval(sampler);

    const latency = percentiles(latencies);
    const report = [
      `# Export benchmark (${bench.serverVersion})`,
      '',
      `- documents: ${count} invoices of ${LINES} lines, one PDF each`,
      `- time: ${seconds.toFixed(1)} s (${(count / seconds).toFixed(1)} documents/s), ZIP ${mb(bytes)}`,
      `- RSS: before ${mb(baseline)}, peak ${mb(peak)}, growth ${mb(peak - baseline)} (target < 100 MB)`,
      `- health during the export: ${latencies.length} requests, p50 ${latency.p50.toFixed(1)} ms, p95 ${latency.p95.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms, max ${latency.max.toFixed(1)} ms (target p99 < 50 ms)`,
    ].join('\n');
    process.stdout.write(`${report}\n`);
  } finally {
    await bench.close();
    if (!env.keep) await dropDatabase(env.databaseUrl);
  }
}

/** The median, p95, p99 and largest of the samples. */
function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
  return { p50: rank(0.5), p95: rank(0.95), p99: rank(0.99), max: sorted.at(-1) ?? 0 };
}

/** The ZIP of the customer's invoices, read to its end; answers its size. */
async function exportZip(baseUrl: string, token: string, customerId: string, filter: string): Promise<number> {
  const res = await fetch(`${baseUrl}/api/v1/customers/${customerId}/exports?type=invoices${filter}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (res.status !== 200) throw new Error(`export answered ${res.status}: ${await res.text()}`);
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) size += chunk.byteLength;
  return size;
}

/** A customer with `count` unpaid invoices of LINES lines each, written straight into the tables. */
async function seed(dataSource: DataSource, count: number): Promise<string> {
  const now = new Date();
  const customer = Object.assign(new Customer(), {
    id: uuidv7(),
    company: 'Export Bench GmbH',
    companyKey: 'export bench gmbh',
    vat: null,
    vatKey: null,
    phone: null,
    website: null,
    address: { ...NO_ADDRESS },
    billing: { ...NO_ADDRESS, street: 'Hauptstraße 1', city: 'Berlin', zip: '10115', country: 'DE' },
    hasShippingAddress: false,
    shipping: { ...NO_ADDRESS },
    currency: 'EUR',
    language: null,
    active: true,
    transactionCount: count,
    version: 1,
    createdBy: null,
    createdAt: now,
    updatedAt: now,
  });
  await dataSource.getRepository(Customer).insert(customer);
  const batch = 200;
  for (let start = 0; start < count; start += batch) {
    const invoices: Invoice[] = [];
    const items: InvoiceItem[] = [];
    for (let n = start; n < Math.min(count, start + batch); n++) {
      const id = uuidv7();
      const day = `2026-${String((n % 12) + 1).padStart(2, '0')}-${String((n % 28) + 1).padStart(2, '0')}`;
      for (let position = 1; position <= LINES; position++) {
        items.push(
          Object.assign(new InvoiceItem(), {
            invoiceId: id,
            position,
            description: `Consulting, work package ${position} of invoice ${n + 1}: analysis, design and delivery`,
            quantity: '2',
            unitPrice: '50',
            taxRate: '19',
            net: 10000n,
            tax: 1900n,
          }),
        );
      }
      invoices.push(
        Object.assign(new Invoice(), {
          id,
          number: `INV-${String(n + 1).padStart(6, '0')}`,
          sequenceNumber: n + 1,
          customerId: customer.id,
          currency: 'EUR',
          currencyDecimals: 2,
          date: day,
          dueDate: day,
          status: 'unpaid',
          subtotal: 100000n,
          taxTotal: 19000n,
          total: 119000n,
          billing: customer.billing,
          hasShippingAddress: false,
          shipping: { ...NO_ADDRESS },
          amountPaid: 0n,
          amountCredited: 0n,
          version: 1,
          createdBy: null,
          createdAt: now,
          updatedAt: now,
        }),
      );
    }
    await dataSource.getRepository(Invoice).insert(invoices);
    await dataSource.getRepository(InvoiceItem).insert(items);
  }
  return customer.id;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
