import { pdfText } from '../../../test/helpers/pdf-text';
import { addressLines, countryName, facts, letterhead, linesTable, localDay, totals, wrappable } from './blocks';
import { PdfRenderer } from './pdf-renderer';

const NO_ADDRESS = { street: null, city: null, state: null, zip: null, country: null };

describe('PDF blocks', () => {
  it('prints an address line by line, postcode before city, the country by name', () => {
    const address = { street: 'Hauptstraße 1\nHinterhaus', city: 'Berlin', state: null, zip: '10115', country: 'DE' };
    expect(addressLines(address, 'de')).toEqual(['Hauptstraße 1', 'Hinterhaus', '10115 Berlin', 'Deutschland']);
    expect(addressLines(address, 'en').at(-1)).toBe('Germany');
    expect(addressLines(NO_ADDRESS, 'en')).toEqual([]);
  });

  it('falls back to the code of a country the runtime cannot name', () => {
    expect(countryName('AA', 'fr')).toBe('AA');
    expect(countryName('1', 'fr')).toBe('1');
  });

  it('writes calendar days as each language does, whatever the server time zone', () => {
    expect(localDay('2026-01-15', 'de')).toBe('15.01.2026');
    expect(localDay('2026-01-15', 'en')).toBe('Jan 15, 2026');
    expect(localDay('2026-12-31', 'de')).toBe('31.12.2026');
  });
});

describe('wrappable', () => {
  const ZWSP = '\u200b';

  it('leaves words of up to 20 characters alone', () => {
    const text = `Consulting ${'x'.repeat(20)} done`;
    expect(wrappable(text)).toBe(text);
  });

  it('lets a longer run wrap every 20 characters, invisibly', () => {
    expect(wrappable(`IBAN ${'D'.repeat(45)}.`)).toBe(
      `IBAN ${'D'.repeat(20)}${ZWSP}${'D'.repeat(20)}${ZWSP}${'D'.repeat(5)}.`,
    );
    expect(wrappable(`${'a'.repeat(21)}\n${'b'.repeat(3)}`)).toBe(`${'a'.repeat(20)}${ZWSP}a\nbbb`);
  });

  it('never splits an emoji or a letter from its combining marks', () => {
    const family = '👨‍👩‍👧‍👦';
    const accented = 'e\u0301';
    expect(wrappable(family.repeat(25))).toBe(`${family.repeat(20)}${ZWSP}${family.repeat(5)}`);
    expect(wrappable(accented.repeat(21))).toBe(`${accented.repeat(20)}${ZWSP}${accented}`);
  });
});

describe('PdfRenderer', () => {
  const renderer = new PdfRenderer();
  afterAll(() => renderer.onModuleDestroy());
  const render = (texts: string[]) =>
    renderer.render({
      title: 'Probe',
      language: 'en',
      content: [
        letterhead({ name: texts[0], address: NO_ADDRESS, details: [] }, 'Invoice', ['INV-000001'], 'en'),
        facts([['Date', 'Jan 15, 2026']]),
        linesTable(
          [{ header: 'Description' }, { header: 'Net', numeric: true }],
          texts.map((text) => [text, '1.00']),
        ),
        totals([{ label: 'Total', value: '€ 1.00', strong: true }]),
      ],
      footer: 'Page {page} of {pages}',
    });

  it('renders blocks into a PDF whose text reads back', async () => {
    const pdf = await render(['Acme Ltd', 'Consulting, January']);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(pdf);
    for (const expected of ['Acme Ltd', 'Invoice', 'INV-000001', 'Consulting, January', 'Page 1 of 1']) {
      expect(text).toContain(expected);
    }
  });

  it.each([
    ['CJK', '請求書 中文 한국어'],
    ['emoji and flags', '😀👍🏽👨‍👩‍👧‍👦 🇩🇪'],
    ['right-to-left scripts', 'שלום עולם مرحبا بالعالم \u202e'],
    ['combining marks', 'e\u0301 Z̸̢̛̖̗͚̰͍̞̻̈́̀͒͐͑ͅ'],
    ['a lone surrogate and control characters', 'a\ud800b\u0000\u0007'],
    ['a thousand characters without a break', 'x'.repeat(1000)],
  ])('renders %s (glyphs the font lacks print as boxes, never fail)', async (_name, text) => {
    const pdf = await render([text, text]);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await pdfText(pdf)).toContain('Page 1 of');
  });
});
