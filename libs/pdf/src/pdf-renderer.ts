import { Injectable } from '@nestjs/common';
import pdfmake from 'pdfmake';
import type { Content, StyleDictionary } from 'pdfmake/interfaces';
import { FONT, installFonts } from './fonts';

export interface PdfDocument {
  /** The document's title in its metadata. */
  title: string;
  author?: string | null;
  /** BCP 47 language of the text, recorded in the file for readers and screen readers. */
  language: string;
  content: Content[];
  /** A line at the foot of every page, given its number and the page count. */
  footer?: (page: number, pages: number) => string;
}

const STYLES: StyleDictionary = {
  title: { fontSize: 20, bold: true, margin: [0, 0, 0, 4] },
  sender: { fontSize: 12, bold: true, margin: [0, 0, 0, 2] },
  label: { bold: true, color: '#555555' },
  tableHeader: { bold: true, color: '#333333' },
  footer: { fontSize: 8, color: '#777777' },
};

/** Renders documents laid out with the blocks of this library, in A4 with the bundled fonts. */
@Injectable()
export class PdfRenderer {
  constructor() {
    installFonts();
  }

  render(document: PdfDocument): Promise<Buffer> {
    const { footer } = document;
    return pdfmake
      .createPdf({
        pageSize: 'A4',
        pageMargins: [40, 40, 40, 48],
        info: { title: document.title, author: document.author ?? undefined },
        language: document.language,
        defaultStyle: { font: FONT, fontSize: 9, lineHeight: 1.2 },
        styles: STYLES,
        content: document.content,
        footer: footer
          ? (page, pages) => ({ text: footer(page, pages), style: 'footer', alignment: 'center', margin: [40, 16] })
          : undefined,
      })
      .getBuffer();
  }
}
