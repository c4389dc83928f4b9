import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pdfmake from 'pdfmake';

/** The one font family documents use: pdfmake's bundled Roboto. */
export const FONT = 'Roboto';

const FILES = {
  normal: 'Roboto-Regular.ttf',
  bold: 'Roboto-Medium.ttf',
  italics: 'Roboto-Italic.ttf',
  bolditalics: 'Roboto-MediumItalic.ttf',
} as const;

/** pdfmake's in-memory file system, present in its Node build though its types declare it for browsers only. */
interface VirtualFiles {
  writeFileSync(name: string, content: Buffer): void;
}

let installed = false;

/**
 * Reads the fonts into pdfmake's memory once per process and shuts every other door: a
 * document may name no URL (pdfmake 0.3 would fetch it) and no local file, so text a
 * client stored can never make the server read or fetch anything.
 */
export function installFonts(): void {
  if (installed) return;
  const folder = join(dirname(require.resolve('pdfmake/package.json')), 'fonts', FONT);
  const files = (pdfmake as unknown as { virtualfs: VirtualFiles }).virtualfs;
  for (const file of Object.values(FILES)) files.writeFileSync(file, readFileSync(join(folder, file)));
  pdfmake.setFonts({ [FONT]: { ...FILES } });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  installed = true;
}
