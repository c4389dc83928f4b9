import { createConnection } from 'mysql2/promise';

/** Set by `npm run test:mysql`: the end-to-end suite then runs on MariaDB/MySQL instead of SQLite. */
export const MYSQL_BASE_URL = process.env.TEST_MYSQL_URL;

export const onMysql = (): boolean => Boolean(MYSQL_BASE_URL);

function workerId(): string {
  return process.env.JEST_WORKER_ID ?? '1';
}

function mysqlDatabaseName(base: URL, worker: string): string {
  return `${base.pathname.replace(/^\//, '') || 'crm_test'}_w${worker}`;
}

/** One database per Jest worker: an SQLite file, or a MySQL database `<name>_w<worker>`. */
export function workerDatabaseUrl(): string {
  if (!MYSQL_BASE_URL) return `sqlite:var/test/worker-${workerId()}.sqlite`;
  const url = new URL(MYSQL_BASE_URL);
  url.pathname = `/${mysqlDatabaseName(url, workerId())}`;
  return url.toString();
}

async function withServer<T>(work: (run: (sql: string) => Promise<unknown>) => Promise<T>): Promise<T> {
  const url = new URL(MYSQL_BASE_URL!);
  url.pathname = '/';
  const connection = await createConnection({ uri: url.toString(), multipleStatements: false });
  try {
    return await work(async (sql) => (await connection.query(sql))[0]);
  } finally {
    await connection.end();
  }
}

export async function ensureWorkerDatabase(): Promise<void> {
  if (!MYSQL_BASE_URL) return;
  const name = mysqlDatabaseName(new URL(MYSQL_BASE_URL), workerId());
  await withServer((run) =>
    run(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`),
  );
}

/** Drops every worker database of a previous run, so each run migrates from scratch. */
export async function dropWorkerDatabases(): Promise<void> {
  if (!MYSQL_BASE_URL) return;
  const prefix = mysqlDatabaseName(new URL(MYSQL_BASE_URL), '');
  await withServer(async (run) => {
    const rows = (await run('SHOW DATABASES')) as Array<{ Database: string }>;
    for (const { Database } of rows) {
      if (Database.startsWith(prefix)) await run(`DROP DATABASE \`${Database}\``);
    }
  });
}
