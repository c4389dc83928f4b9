import { InitialSchema1764000000000 } from './1764000000000-initial-schema';

/** Every migration, oldest first; the same list runs on MySQL and SQLite. */
export const MIGRATIONS = [InitialSchema1764000000000];
