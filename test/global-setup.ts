import { rmSync } from 'node:fs';
import { dropWorkerDatabases } from './helpers/test-database';

/** Fresh databases for every run: each worker migrates its own from scratch. */
export default async function globalSetup(): Promise<void> {
  rmSync('var/test', { recursive: true, force: true });
  await dropWorkerDatabases();
}
