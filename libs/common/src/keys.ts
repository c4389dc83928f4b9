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

const MAX_CODE_POINT = 0x10ffff;
const SURROGATES = { first: 0xd800, after: 0xe000 };

/**
 * The smallest text above every text that starts with `prefix` ("abc" → "abd"), in code
 * point order (byte order of UTF-8, as binary collations compare), or null when no text is
 * (the prefix is U+10FFFF only): a word prefix as a range over an index.
 */
export function prefixUpperBound(prefix: string): string | null {
  const chars = [...prefix];
  while (chars.length > 0) {
    const last = chars.pop()!.codePointAt(0)!;
    if (last >= MAX_CODE_POINT) continue;
    const next = last + 1 === SURROGATES.first ? SURROGATES.after : last + 1;
    return chars.join('') + String.fromCodePoint(next);
  }
  return null;
}

/** Case and accents removed (ß → ss), e.g. "Müller" → "muller". */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .replace(/œ/g, 'oe')
    .replace(/ł/g, 'l');
}
