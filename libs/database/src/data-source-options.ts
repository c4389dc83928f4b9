import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
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
export function dataSourceOptions({ target, migrations, entities = [] }: DatabaseOptions): DataSourceOptions {
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
      migrationsTransactionMode: 'each',
    };
  }
  return {
    ...common,
    type: 'mysql',
    url: target.url,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    dateStrings: ['DATE'],
    supportBigNumbers: true,
    bigNumberStrings: true,
    extra: { connectionLimit: 10 },
    migrationsTransactionMode: 'each',
  };
}
