import { splitUtf8 } from './answer-parts';

describe('splitUtf8', () => {
  const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

  it('keeps a text that fits whole', () => {
    expect(splitUtf8('{"id":1}', 8)).toEqual(['{"id":1}']);
    expect(splitUtf8('', 8)).toEqual(['']);
  });

  it('cuts at the byte limit between characters, never inside one', () => {
    const text = 'ab€😀cdé'.repeat(7);
    for (const limit of [4, 5, 6, 7, 10, 13]) {
      const parts = splitUtf8(text, limit);
      expect(parts.join('')).toBe(text);
      for (const part of parts) {
        expect(bytes(part)).toBeLessThanOrEqual(limit);
        expect(part).not.toContain('\uFFFD');
        expect(part.length).toBeGreaterThan(0);
      }
    }
  });

  it('fills each part but the last up to the limit when the characters allow it', () => {
    expect(splitUtf8('abcdefg', 3)).toEqual(['abc', 'def', 'g']);
    expect(splitUtf8('a😀b', 4)).toEqual(['a', '😀', 'b']);
  });
});
