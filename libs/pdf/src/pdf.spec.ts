import { pdfText } from '../../../test/helpers/pdf-text';
import { addressLines, countryName, facts, letterhead, linesTable, localDay, totals, wrappable } from './blocks';
import { PdfRenderer } from './pdf-renderer';
import { runsOf } from './scripts';

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
    ['Chinese', '请求书 中文发票 北京市'],
    ['Japanese', '請求書 ご利用ありがとうございます'],
    ['Korean', '한국어 청구서 서울특별시'],
    ['Chinese without spaces, wrapped', '中华人民共和国增值税专用发票北京市朝阳区建国路八十八号现代城大厦'],
    ['Arabic, right to left', 'مرحبا بالعالم، كيف حالك؟'],
    ['Hebrew, right to left', 'שלום עולם, חשבונית מס'],
    ['Hebrew amid Latin with digits', 'Order שלום עולם 42 shipped'],
    ['Cyrillic', 'Счёт на оплату, Москва'],
    ['Greek', 'Τιμολόγιο, Αθήνα'],
    ['emoji', 'Thanks 😀👍 🇩🇪 👨‍👩‍👧‍👦 ❤️'],
  ])('prints %s as text that reads back, in a table and a letterhead', async (_name, text) => {
    const pdf = await render([text, text]);
    const read = await pdfText(pdf);
    expect(read).not.toContain('\u0000');
    // Lines may wrap anywhere in a run without spaces: compare without white space.
    const squash = (value: string) => value.replace(/[\s\u200b]+/gu, '');
    expect(squash(read).split(squash(text)).length - 1).toBeGreaterThanOrEqual(2);
  });

  it.each([
    ['combining marks', 'e\u0301 Z̸̢̛̖̗͚̰͍̞̻̈́̀͒͐͑ͅ'],
    ['a lone surrogate and control characters', 'a\ud800b\u0000\u0007'],
    ['a thousand characters without a break', 'x'.repeat(1000)],
    ['a thousand Arabic characters', 'مرحبا بالعالم '.repeat(70)],
    ['a right-to-left override', 'abc \u202e def'],
  ])('renders %s without failing', async (_name, text) => {
    const pdf = await render([text, text]);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await pdfText(pdf)).toContain('Page 1 of');
  });
});

describe('runsOf', () => {
  it('cuts text where its script changes, neutral characters staying with their run', () => {
    expect(runsOf('Invoice 請求書 2026')).toEqual([
      { text: 'Invoice ', script: null },
      { text: '請求書 ', script: 'cjk' },
      { text: '2026', script: null },
    ]);
    expect(runsOf('a 😀👍🏽 b').map((run) => run.script)).toEqual([null, 'emoji', null]);
  });

  it('keeps a right-to-left run together with no-break spaces, its outer spaces apart', () => {
    expect(runsOf('to שלום עולם now')).toEqual([
      { text: 'to ', script: null },
      { text: 'שלום\u00a0עולם', script: 'hebrew' },
      { text: ' ', script: null },
      { text: 'now', script: null },
    ]);
  });

  it('cuts a long right-to-left run into pieces of at most 40 characters', () => {
    const runs = runsOf('مرحبا بالعالم '.repeat(10).trim()).filter((run) => run.script === 'arabic');
    expect(runs.length).toBeGreaterThan(2);
    expect(runs.every((run) => [...run.text].length <= 40)).toBe(true);
  });
});
