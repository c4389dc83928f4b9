import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { resolveDataSourceOptions } from '@app/database';
import { MIGRATIONS } from '../migrations';
import { ConfigurationError, loadConfig } from './config/environment';

/** `npm run migration:run`: applies pending migrations to the configured database and exits. */
async function migrate(): Promise<void> {
  const config = loadConfig(process.env);
  const dataSource = new DataSource(
    await resolveDataSourceOptions({ target: config.database, migrations: MIGRATIONS }),
  );
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    process.stdout.write(
      applied.length ? `applied: ${applied.map((m) => m.name).join(', ')}\n` : 'no pending migrations\n',
    );
  } finally {
    await dataSource.destroy();
  }
}

migrate().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigurationError ? error.message : String(error)}\n`);
  process.exit(1);
});
