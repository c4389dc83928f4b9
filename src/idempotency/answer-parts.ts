/**
 * Cuts `text` into pieces of at most `maxBytes` bytes of UTF-8 each, never inside a
 * character, so that each piece fits a text column that counts bytes (MySQL's TEXT holds
 * 65,535). Joined in order, the pieces give `text` back.
 */
export function splitUtf8(text: string, maxBytes: number): string[] {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return [text];
  const parts: string[] = [];
  for (let start = 0; start < bytes.length;) {
    let end = Math.min(start + maxBytes, bytes.length);
    while (end < bytes.length && isContinuationByte(bytes[end])) end--;
    parts.push(bytes.toString('utf8', start, end));
    start = end;
  }
  return parts;
}

const isContinuationByte = (byte: number) => (byte & 0xc0) === 0x80;
