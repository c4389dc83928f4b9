import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { SEED_CURRENCIES } from '../../migrations/1764000200000-customers';
import { AppConfig, loadConfig } from '../../src/config/environment';
import { Currency } from '../../src/currencies/currency.entity';
import { OutboxWorker } from '../../src/mail/outbox-worker';
import { CreateAppOptions, createApp } from '../../src/create-app';
import { ensureWorkerDatabase, workerDatabaseUrl } from './test-database';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  body?: unknown;
  /** Sent as is, for malformed or oversize bodies. */
  rawBody?: string;
  headers?: Record<string, string>;
  token?: string;
}

export interface TestApp {
  app: NestFastifyApplication;
  baseUrl: string;
  dataSource: DataSource;
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  get<T = any>(path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  post<T = any>(path: string, body?: unknown, options?: RequestOptions): Promise<ApiResponse<T>>;
  close(): Promise<void>;
}

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

/** Deletes every row of every table but the migrations log (worker databases are reused across files). */
export async function emptyTables(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  const mysql = dataSource.options.type !== 'better-sqlite3';
  try {
    await runner.query(mysql ? 'SET FOREIGN_KEY_CHECKS = 0' : 'PRAGMA foreign_keys = OFF');
    for (const { tableName } of dataSource.entityMetadatas) {
      await runner.query(`DELETE FROM ${runner.connection.driver.escape(tableName)}`);
    }
  } finally {
    await runner.query(mysql ? 'SET FOREIGN_KEY_CHECKS = 1' : 'PRAGMA foreign_keys = ON');
    await runner.release();
  }
  await restoreSeedCurrencies(dataSource);
}

/** The currencies the migrations seed, as a fresh installation has them. */
async function restoreSeedCurrencies(dataSource: DataSource): Promise<void> {
  const now = new Date();
  await dataSource.getRepository(Currency).insert(
    SEED_CURRENCIES.map(
      ([code, name, symbol, decimals, decimalSeparator, thousandSeparator, placement, isDefault]) => ({
        code,
        name,
        symbol,
        decimals,
        decimalSeparator,
        thousandSeparator,
        placement,
        isDefault: isDefault === 1,
        defaultKey: isDefault === 1 ? ('Y' as const) : null,
        createdAt: now,
        updatedAt: now,
      }),
    ),
  );
}

/**
 * Boots the real application on this worker's database (migrations applied, tables
 * emptied) and serves it over HTTP on a free local port.
 */
export interface TestAppOptions extends CreateAppOptions {
  /** Keep the rows other files left (a second instance on the same database). */
  keepData?: boolean;
}

/** The environment every test instance of the application runs with (on this worker's database). */
export function testEnv(): Record<string, string> {
  return {
    LOG_LEVEL: 'silent',
    DATABASE_URL: workerDatabaseUrl(),
    JWT_SECRET: TEST_JWT_SECRET,
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_TIME_COST: '1',
    RATE_LIMIT_PER_MINUTE: '1000000',
    ADMIN_EMAIL: 'first-admin@example.test',
    ADMIN_PASSWORD: 'first-admin-password',
    // The outbox worker stays off unless a test turns it on; nothing is written under var/.
    MAIL_POLL_INTERVAL_MS: '0',
    MAIL_DIR: join(tmpdir(), `crm-test-mail-${process.pid}`),
  };
}

export async function startTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  await ensureWorkerDatabase();
  const config = loadConfig({ ...testEnv(), ...env });
  // The outbox worker starts only once the tables are emptied: a worker started at boot
  // could claim an email another file left behind before it is deleted.
  const startsWorkerLater = !options.keepData && config.mail.pollIntervalMs > 0;
  const bootConfig = startsWorkerLater
    ? Object.assign(new AppConfig(), config, { mail: { ...config.mail, pollIntervalMs: 0 } })
    : config;
  const app = await createApp(bootConfig, options);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const dataSource = app.get(DataSource);
  if (!options.keepData) await emptyTables(dataSource);
  if (startsWorkerLater) app.get(OutboxWorker).start(config.mail.pollIntervalMs);

  const request = async <T>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> => {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    let payload: string | undefined = options.rawBody;
    if (options.body !== undefined) payload = JSON.stringify(options.body);
    if (payload !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['content-type'] = 'application/json';
    }
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const url = path.startsWith('/') ? `${baseUrl}${path}` : `${baseUrl}/api/v1/${path}`;
    const response = await fetchOnce(url, { method, headers, body: payload });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    const body = type.includes('json') && text ? JSON.parse(text) : text;
    return { status: response.status, headers: response.headers, body: body as T, text };
  };

  return {
    app,
    baseUrl,
    dataSource,
    request,
    get: (path, options) => request('GET', path, options),
    post: (path, body, options) => request('POST', path, { ...options, body }),
    close: () => app.close(),
  };
}

/**
 * `fetch`, sent again once when a GET or HEAD finds its pooled keep-alive connection closed
 * by the server just before it was reused (the client sees ECONNRESET before any answer).
 * Reads only: a write is never sent twice.
 */
async function fetchOnce(url: string, init: { method: string; headers: Record<string, string>; body?: string }) {
  try {
    return await fetch(url, init);
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    if (!['GET', 'HEAD'].includes(init.method.toUpperCase()) || cause?.code !== 'ECONNRESET') throw error;
    return fetch(url, init);
  }
}
