import pdfmake from 'pdfmake';
import { installFonts, loadScripts } from './fonts';
import { type PdfDocument, definitionOf } from './pdf-definition';
import { withScriptFonts } from './scripts';

installFonts();

/** Renders one document in a worker thread of the renderer's pool, each script in its font; the bytes go back to the caller. */
export default async function render(document: PdfDocument): Promise<Uint8Array> {
  const { content, scripts } = withScriptFonts(document.content);
  loadScripts(scripts);
  return pdfmake.createPdf(definitionOf({ ...document, content })).getBuffer();
}
