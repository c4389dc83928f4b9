import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createConnection } from 'mysql2/promise';
import type { DataSourceOptions, MixedList } from 'typeorm';
import { SnakeNamingStrategy } from './naming.strategy';

export type DatabaseTarget = { type: 'sqlite'; file: string } | { type: 'mysql'; url: string };

export interface DatabaseOptions {
  target: DatabaseTarget;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: MixedList<Function>;
}

/**
 * One set of options for both engines: MySQL/MariaDB through mysql2 with a pool, or an
 * embedded SQLite file (WAL, foreign keys on). Migrations are applied explicitly, never
 * by `synchronize`.
 */
export function dataSourceOptions(
  { target, migrations, entities = [] }: DatabaseOptions,
  flavour: 'mysql' | 'mariadb' = 'mysql',
): DataSourceOptions {
  const common = {
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    migrations,
    entities,
    migrationsTableName: 'migrations',
    logging: false,
  } as const;
  if (target.type === 'sqlite') {
    const file = resolve(target.file);
    mkdirSync(dirname(file), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database: file,
      enableWAL: true,
      timeout: 10_000,
      // Gathers table statistics so the planner picks the selective index for IN-subquery filters.
      prepareDatabase: (db: { pragma(source: string): unknown }) => {
        db.pragma('optimize=0x10002');
      },
      migrationsTransactionMode: 'each',
    };
  }
  return {
    ...common,
    type: flavour,
    url: target.url,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    dateStrings: ['DATE'],
    supportBigNumbers: true,
    bigNumberStrings: true,
    // No call-site stack captured for every query: errors keep the driver's own stack.
    trace: false,
    extra: { connectionLimit: 10 },
    migrationsTransactionMode: 'each',
  };
}

/**
 * Asks the MySQL-compatible server what it is, and makes utf8mb4 the database's default
 * character set, so every table the migrations create stores any Unicode text (a database
 * created with another default would refuse an emoji with a 500). MariaDB reports some
 * column metadata differently from MySQL (e.g. `NULL` defaults), and TypeORM only allows
 * for it when told the server is MariaDB; `mysql://` URLs serve both.
 */
export async function prepareMysqlDatabase(url: string): Promise<'mysql' | 'mariadb'> {
  const connection = await createConnection({ uri: url, connectTimeout: 10_000 });
  try {
    const [versions] = await connection.query('SELECT VERSION() AS version');
    const [schemas] = await connection.query(
      'SELECT SCHEMA_NAME AS name, DEFAULT_CHARACTER_SET_NAME AS charset FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()',
    );
    const schema = (schemas as Array<{ name: string; charset: string }>)[0];
    if (schema && schema.charset !== 'utf8mb4') {
      await connection.query(
        `ALTER DATABASE ${connection.escapeId(schema.name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
      );
    }
    return /mariadb/i.test(String((versions as Array<{ version: string }>)[0]?.version)) ? 'mariadb' : 'mysql';
  } finally {
    await connection.end();
  }
}

/** The data source options, with the MySQL-compatible server's flavour detected and its database made utf8mb4. */
export async function resolveDataSourceOptions(options: DatabaseOptions): Promise<DataSourceOptions> {
  const flavour = options.target.type === 'mysql' ? await prepareMysqlDatabase(options.target.url) : 'mysql';
  return dataSourceOptions(options, flavour);
}
