import { fold } from '@app/common';

/** The length of the name key columns, in characters. */
const NAME_KEY_MAX = 100;

/** A name as searched and sorted: folded (case and accents removed), trimmed, cut to its column. */
export function nameKey(name: string): string {
  return [...fold(name.trim())].slice(0, NAME_KEY_MAX).join('');
}
