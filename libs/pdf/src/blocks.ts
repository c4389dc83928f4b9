import type { Content, TableCell } from 'pdfmake/interfaces';

/**
 * Small layout blocks for business documents. The caller decides what a document says and
 * hands over its text translated and formatted; the blocks decide only where it sits.
 */

/** A postal address as documents carry it; the country is an ISO 3166-1 alpha-2 code. */
export interface PostalAddress {
  street: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  country: string | null;
}

/** Who sends the document: a name, its address and lines such as a VAT number. */
export interface Sender {
  name: string | null;
  address: PostalAddress;
  details: string[];
}

export interface TableColumn {
  header: string;
  /** Numbers and amounts: right-aligned, never wrapped. */
  numeric?: boolean;
}

export interface TotalRow {
  label: string;
  value: string;
  strong?: boolean;
}

/** The most characters (grapheme clusters) printed without a place to wrap: fits the narrowest column. */
const LONGEST_UNBROKEN = 20;
const LONG_RUN = new RegExp(`\\S{${LONGEST_UNBROKEN + 1},}`, 'gu');
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Text a client typed, able to wrap inside any run of more than LONGEST_UNBROKEN characters
 * without a space (an IBAN, a URL, a thousand letters): pdfmake never breaks a word, so one
 * word wider than its column would push the table off the page. A zero-width space between
 * two grapheme clusters is invisible, and never splits an emoji or a letter from its marks.
 */
export function wrappable(text: string): string {
  return text.replace(LONG_RUN, (run) => {
    const clusters = Array.from(graphemes.segment(run), (part) => part.segment);
    const pieces: string[] = [];
    for (let i = 0; i < clusters.length; i += LONGEST_UNBROKEN) {
      pieces.push(clusters.slice(i, i + LONGEST_UNBROKEN).join(''));
    }
    return pieces.join('\u200b');
  });
}

/** A country's name in `language`, or its code when the runtime has no name for it. */
export function countryName(code: string, language: string): string {
  try {
    return new Intl.DisplayNames([language], { type: 'region', fallback: 'code' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** A `YYYY-MM-DD` day as people of `language` write it (`15.01.2026`, `Jan 15, 2026`). */
export function localDay(day: string, language: string): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, month - 1, date)),
  );
}

/** The printed lines of an address: the street (its own lines kept), postcode and city, state, country. */
export function addressLines(address: PostalAddress, language: string): string[] {
  const place = [address.zip, address.city].filter(Boolean).join(' ');
  return [
    ...(address.street?.split(/\r?\n/) ?? []),
    place,
    address.state ?? '',
    address.country ? countryName(address.country, language) : '',
  ]
    .filter((line) => line.trim() !== '')
    .map(wrappable);
}

/** The top of the first page: the sender on the left, the document's title and its key lines on the right. */
export function letterhead(sender: Sender, title: string, lines: string[], language: string): Content {
  return {
    columns: [
      {
        width: '*',
        stack: [
          ...(sender.name ? [{ text: wrappable(sender.name), style: 'sender' }] : []),
          ...addressLines(sender.address, language),
          ...sender.details.map(wrappable),
        ],
      },
      { width: 'auto', alignment: 'right', stack: [{ text: title, style: 'title' }, ...lines] },
    ],
    columnGap: 24,
    margin: [0, 0, 0, 24],
  };
}

/** An address under its label (Bill to, Ship to). */
export function addressBlock(label: string, address: PostalAddress, language: string): Content {
  return { stack: [{ text: label, style: 'label' }, ...addressLines(address, language)] };
}

/** Blocks next to each other, as wide as each other. */
export function sideBySide(blocks: Content[]): Content {
  return { columns: blocks.map((block) => ({ width: '*', stack: [block] })), columnGap: 24, margin: [0, 0, 0, 16] };
}

/** Labelled values, one pair a row, without rules (a document's dates and status). */
export function facts(rows: Array<[string, string]>): Content {
  return {
    table: {
      widths: ['auto', '*'],
      body: rows.map(([label, value]) => [{ text: label, style: 'label' }, wrappable(value)]),
    },
    layout: 'noBorders',
    margin: [0, 0, 0, 16],
  };
}

/** The lines of a document under a header row that repeats on every page. */
export function linesTable(columns: TableColumn[], rows: string[][]): Content {
  const cell = (text: string, column: TableColumn): TableCell =>
    column.numeric ? { text, alignment: 'right', noWrap: true } : { text: wrappable(text) };
  return {
    table: {
      headerRows: 1,
      widths: columns.map((column) => (column.numeric ? 'auto' : '*')),
      body: [
        columns.map((column) => ({
          text: column.header,
          style: 'tableHeader',
          alignment: column.numeric ? 'right' : 'left',
          noWrap: column.numeric,
        })),
        ...rows.map((row) => row.map((text, i) => cell(text, columns[i]))),
      ],
    },
    layout: 'lightHorizontalLines',
    margin: [0, 0, 0, 12],
  };
}

/** Totals at the right edge, the strong ones in bold. */
export function totals(rows: TotalRow[]): Content {
  return {
    columns: [
      { width: '*', text: '' },
      {
        width: 'auto',
        table: {
          body: rows.map(({ label, value, strong }) => [
            { text: label, bold: strong },
            { text: value, bold: strong, alignment: 'right', noWrap: true },
          ]),
        },
        layout: 'noBorders',
      },
    ],
    // Totals move to the next page whole rather than split from their last line.
    unbreakable: true,
  };
}
