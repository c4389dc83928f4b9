import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: string | undefined;

/**
 * The folder holding the project's package.json, found from this file whether it runs
 * from sources or from the compiled `dist/`. Translations and templates live there.
 */
export function projectRoot(): string {
  if (cached) return cached;
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'i18n'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('project root not found above ' + __dirname);
    dir = parent;
  }
  cached = dir;
  return dir;
}
