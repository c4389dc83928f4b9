import type { Content, StyleDictionary, TDocumentDefinitions } from 'pdfmake/interfaces';
import { FONT } from './fonts';

export interface PdfDocument {
  /** The document's title in its metadata. */
  title: string;
  author?: string | null;
  /** BCP 47 language of the text, recorded in the file for readers and screen readers. */
  language: string;
  content: Content[];
  /**
   * A line at the foot of every page, `{page}` and `{pages}` replaced by the page's number
   * and the page count (plain data: the document goes to a worker thread).
   */
  footer?: string;
}

const STYLES: StyleDictionary = {
  title: { fontSize: 20, bold: true, margin: [0, 0, 0, 4] },
  sender: { fontSize: 12, bold: true, margin: [0, 0, 0, 2] },
  label: { bold: true, color: '#555555' },
  tableHeader: { bold: true, color: '#333333' },
  footer: { fontSize: 8, color: '#777777' },
};

/** The pdfmake definition of a document: A4, the library's styles and fonts. */
export function definitionOf(document: PdfDocument): TDocumentDefinitions {
  const { footer } = document;
  return {
    pageSize: 'A4',
    pageMargins: [40, 40, 40, 48],
    info: { title: document.title, author: document.author ?? undefined },
    language: document.language,
    defaultStyle: { font: FONT, fontSize: 9, lineHeight: 1.2 },
    styles: STYLES,
    content: document.content,
    footer: footer
      ? (page, pages) => ({
          text: footer.replace('{page}', String(page)).replace('{pages}', String(pages)),
          style: 'footer',
          alignment: 'center',
          margin: [40, 16],
        })
      : undefined,
  };
}
