import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../project-root';

/** A language code: ISO 639-1, with an optional ISO 3166-1 region (`de`, `pt-BR`). */
export const LANGUAGE_CODE_PATTERN = '^[a-z]{2}(-[A-Z]{2})?$';

let cached: readonly string[] | undefined;

/** The languages with translations: one folder under `i18n/` each, read once. */
export function translatedLanguages(): readonly string[] {
  const code = new RegExp(LANGUAGE_CODE_PATTERN);
  cached ??= readdirSync(join(projectRoot(), 'i18n'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && code.test(entry.name))
    .map((entry) => entry.name)
    .sort();
  return cached;
}
