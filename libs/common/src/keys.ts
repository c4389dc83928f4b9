/**
 * The key a case-insensitive unique value is stored and looked up by (emails, role and
 * group names): trimmed and lower-cased, never longer than the value itself, so it fits
 * the value's column. A character whose lower case takes more characters (U+0130 "İ"
 * becomes "i" and a combining dot) keeps its own case. Key columns compare byte for byte
 * on every engine.
 */
export const caseKey = (value: string): string =>
  Array.from(value.trim(), (c) => {
    const lower = c.toLowerCase();
    return lower.length === c.length ? lower : c;
  }).join('');
