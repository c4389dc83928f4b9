import pdfmake from 'pdfmake';
import { installFonts } from './fonts';
import { type PdfDocument, definitionOf } from './pdf-definition';

installFonts();

/** Renders one document in a worker thread of the renderer's pool; the bytes go back to the caller. */
export default async function render(document: PdfDocument): Promise<Uint8Array> {
  return pdfmake.createPdf(definitionOf(document)).getBuffer();
}
