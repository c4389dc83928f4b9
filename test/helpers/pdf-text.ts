import { dirname, join } from 'node:path';
import { PDFParse } from 'pdf-parse';

/**
 * pdf.js runs its worker on the main thread in Node, loading it with a dynamic import()
 * that Jest's CommonJS runtime refuses; handed over already loaded, it is used as is.
 */
async function loadWorker(): Promise<void> {
  const holder = globalThis as { pdfjsWorker?: unknown };
  holder.pdfjsWorker ??= await import(join(dirname(require.resolve('pdf-parse')), 'pdf.worker.mjs'));
}

/** The text of every page of a PDF, as a reader's copy and paste would give it. */
export async function pdfText(pdf: Uint8Array): Promise<string> {
  await loadWorker();
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}
