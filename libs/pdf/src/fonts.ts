import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pdfmake from 'pdfmake';

/** The family of text in Latin, Cyrillic and Greek script: pdfmake's bundled Roboto. */
export const FONT = 'Roboto';

/** The scripts that Roboto lacks, each printed in a Noto family from the package registry. */
export type Script = 'cjk' | 'hangul' | 'arabic' | 'hebrew' | 'emoji';

interface Family {
  /** How to find the package's folder of font files from its resolved entry point. */
  files: (entry: string) => string;
  package: string;
  regular: string;
  bold: string;
}

const ROBOTO = {
  normal: 'Roboto-Regular.ttf',
  bold: 'Roboto-Medium.ttf',
  italics: 'Roboto-Italic.ttf',
  bolditalics: 'Roboto-MediumItalic.ttf',
} as const;

const EMBEDPDF = (entry: string) => join(dirname(entry), '..', 'fonts');

/** The Noto families (OFL-1.1), regular and bold; italics print upright. */
export const SCRIPT_FAMILIES: Record<Script, Family & { name: string }> = {
  cjk: {
    name: 'NotoSansSC',
    package: '@embedpdf/fonts-sc',
    files: EMBEDPDF,
    regular: 'NotoSansHans-Regular.otf',
    bold: 'NotoSansHans-Bold.otf',
  },
  hangul: {
    name: 'NotoSansKR',
    package: '@embedpdf/fonts-kr',
    files: EMBEDPDF,
    regular: 'NotoSansKR-Regular.otf',
    bold: 'NotoSansKR-Bold.otf',
  },
  arabic: {
    name: 'NotoNaskhArabic',
    package: '@embedpdf/fonts-arabic',
    files: EMBEDPDF,
    regular: 'NotoNaskhArabic-Regular.ttf',
    bold: 'NotoNaskhArabic-Bold.ttf',
  },
  hebrew: {
    name: 'NotoSansHebrew',
    package: '@embedpdf/fonts-hebrew',
    files: EMBEDPDF,
    regular: 'NotoSansHebrew-Regular.ttf',
    bold: 'NotoSansHebrew-Bold.ttf',
  },
  emoji: {
    name: 'NotoEmoji',
    package: '@expo-google-fonts/noto-emoji',
    files: (entry) => dirname(entry),
    regular: '400Regular/NotoEmoji_400Regular.ttf',
    bold: '700Bold/NotoEmoji_700Bold.ttf',
  },
};

/** pdfmake's in-memory file system, present in its Node build though its types declare it for browsers only. */
interface VirtualFiles {
  writeFileSync(name: string, content: Buffer): void;
}

const virtualFiles = () => (pdfmake as unknown as { virtualfs: VirtualFiles }).virtualfs;

let installed = false;
const loaded = new Set<Script>();

/**
 * Reads Roboto into pdfmake's memory once per thread, declares every family (their files are
 * read the first time a document uses their script, see `loadScripts`) and shuts every other
 * door: a document may name no URL (pdfmake 0.3 would fetch it) and no local file, so text a
 * client stored can never make the server read or fetch anything.
 */
export function installFonts(): void {
  if (installed) return;
  const folder = join(dirname(require.resolve('pdfmake/package.json')), 'fonts', FONT);
  for (const file of Object.values(ROBOTO)) virtualFiles().writeFileSync(file, readFileSync(join(folder, file)));
  const scripts = Object.fromEntries(
    Object.values(SCRIPT_FAMILIES).map((family) => [
      family.name,
      { normal: family.regular, bold: family.bold, italics: family.regular, bolditalics: family.bold },
    ]),
  );
  pdfmake.setFonts({ [FONT]: { ...ROBOTO }, ...scripts });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  installed = true;
}

/** Reads the files of these scripts' families into pdfmake's memory, once per thread. */
export function loadScripts(scripts: Iterable<Script>): void {
  for (const script of scripts) {
    if (loaded.has(script)) continue;
    const family = SCRIPT_FAMILIES[script];
    const folder = family.files(require.resolve(family.package));
    for (const file of [family.regular, family.bold]) {
      virtualFiles().writeFileSync(file, readFileSync(join(folder, file)));
    }
    loaded.add(script);
  }
}
