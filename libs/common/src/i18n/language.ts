/**
 * Picks the best supported language from an `Accept-Language` header (RFC 9110 weights;
 * `de-CH` matches `de`), or undefined when none is acceptable.
 */
export function negotiateLanguage(header: string | undefined, supported: readonly string[]): string | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim().toLowerCase(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((entry) => entry.tag && entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { tag } of ranked) {
    const base = tag.split('-')[0];
    const match = supported.find((lang) => lang === tag || lang === base);
    if (match) return match;
  }
  return undefined;
}
