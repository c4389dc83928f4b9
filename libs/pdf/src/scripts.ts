import type { Content } from 'pdfmake/interfaces';
import { SCRIPT_FAMILIES, type Script } from './fonts';

/** A run of text in one script: its font family, or none for the default (Latin, Cyrillic, Greek). */
export interface Run {
  text: string;
  script: Script | null;
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}\u3000-\u303f\uff00-\uffef]/u;
const HANGUL = /\p{Script=Hangul}/u;
const ARABIC = /\p{Script_Extensions=Arabic}/u;
const HEBREW = /\p{Script_Extensions=Hebrew}/u;
/** Pictographs, flags' regional indicators, skin tones, keycaps and the joiners and selectors inside emoji. */
const EMOJI = /\p{Extended_Pictographic}|[\u{1f1e6}-\u{1f1ff}]|[\u{1f3fb}-\u{1f3ff}]|\u20e3/u;
/** Characters that belong to the run they are in: white space (but the zero-width space, a wrap point in the default font), combining marks, joiners and variation selectors. */
const NEUTRAL = /\s|\p{Script=Inherited}|\u200c|\u200d|\ufe0e|\ufe0f/u;
const RIGHT_TO_LEFT: ReadonlySet<Script | null> = new Set<Script | null>(['arabic', 'hebrew']);
/** The longest right-to-left piece kept on one line; a longer run wraps between such pieces. */
const RTL_PIECE = 40;

/** The script a character must be printed in, null for the default font, or undefined when it takes its neighbours'. */
function scriptOf(character: string): Script | null | undefined {
  if (EMOJI.test(character)) return 'emoji';
  if (HANGUL.test(character)) return 'hangul';
  if (CJK.test(character)) return 'cjk';
  if (ARABIC.test(character)) return 'arabic';
  if (HEBREW.test(character)) return 'hebrew';
  return NEUTRAL.test(character) ? undefined : null;
}

/**
 * Text cut where its script changes; white space and marks stay with the run they follow.
 * Digits and punctuation print in the default font. A right-to-left run keeps its words
 * together with no-break spaces, so the font lays the whole run out right to left (pdfmake
 * would otherwise place its words left to right); a long one is cut into pieces of up to
 * RTL_PIECE characters between which lines may wrap.
 */
export function runsOf(text: string): Run[] {
  const runs: Run[] = [];
  for (const character of text) {
    const script = scriptOf(character);
    const last = runs.at(-1);
    if (last && (script === undefined || script === last.script)) last.text += character;
    else runs.push({ text: character, script: script ?? null });
  }
  return runs.flatMap((run) => (RIGHT_TO_LEFT.has(run.script) ? rightToLeft(run) : [run]));
}

/** A right-to-left run as pieces kept whole, its outer white space left to the default font. */
function rightToLeft(run: Run): Run[] {
  const [, before, body, after] = /^(\s*)([\s\S]*?)(\s*)$/u.exec(run.text)!;
  const pieces: string[] = [];
  for (const word of body.split(/\s+/u)) {
    const last = pieces.at(-1);
    if (last !== undefined && [...last].length + 1 + [...word].length <= RTL_PIECE) {
      pieces[pieces.length - 1] = `${last}\u00a0${word}`;
    } else pieces.push(word);
  }
  const parts: Run[] = pieces.flatMap((piece, i) => [
    ...(i > 0 ? [{ text: ' ', script: null }] : []),
    { text: piece, script: run.script },
  ]);
  return [
    ...(before ? [{ text: before, script: null }] : []),
    ...parts,
    ...(after ? [{ text: after, script: null }] : []),
  ];
}

/** A string needs runs only when some character is outside the default font's scripts. */
const NEEDS_RUNS = new RegExp([CJK, HANGUL, ARABIC, HEBREW, EMOJI].map((pattern) => pattern.source).join('|'), 'u');

type Node = Content | string | number | null | undefined | Node[] | { [key: string]: unknown };

/**
 * The content with every text outside the default font's scripts cut into runs, each run in
 * the Noto family of its script (CJK, Hangul, Arabic, Hebrew, emoji); answers the scripts used
 * so that their fonts are loaded. pdfmake has no font fallback of its own.
 */
export function withScriptFonts(content: Content[]): { content: Content[]; scripts: Set<Script> } {
  const scripts = new Set<Script>();
  const inline = (text: string): Node => {
    if (!NEEDS_RUNS.test(text)) return text;
    return runsOf(text).map((run) => {
      if (!run.script) return run.text;
      scripts.add(run.script);
      return { text: run.text, font: SCRIPT_FAMILIES[run.script].name };
    });
  };
  const visit = (node: Node): Node => {
    if (typeof node === 'string') {
      const runs = inline(node);
      return typeof runs === 'string' ? runs : { text: runs };
    }
    if (Array.isArray(node)) return node.map(visit);
    if (!node || typeof node !== 'object') return node;
    const copy: Record<string, unknown> = { ...node };
    if ('text' in copy) {
      const text = copy.text;
      copy.text =
        typeof text === 'string'
          ? inline(text)
          : Array.isArray(text)
            ? text.flatMap((part: Node) => (typeof part === 'string' ? inline(part) : visit(part)))
            : text;
    }
    for (const key of ['stack', 'columns', 'ul', 'ol'] as const) {
      if (Array.isArray(copy[key])) copy[key] = (copy[key] as Node[]).map(visit);
    }
    const table = copy.table as { body?: Node[][] } | undefined;
    if (table?.body) copy.table = { ...table, body: table.body.map((row) => row.map(visit)) };
    return copy;
  };
  return { content: content.map((node) => visit(node as Node) as Content), scripts };
}
