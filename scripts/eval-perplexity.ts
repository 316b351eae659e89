/**
 * Perplexity and greedy generation of a shipped model by the TypeScript float reference,
 * on the same evaluation set and windowing as scripts/train/train.py.
 *
 *   npx tsx scripts/build-corpus.ts                  # once: .train/brown/valid.json
 *   npx tsx scripts/eval-perplexity.ts [--model models/brown-ternary-5m] [--corpus .train/brown]
 *       [--windows 8] [--window 512] [--gen-tokens 40] [--json FILE]
 *
 * Evaluation set: the validation stream (each validation document, in file-name order, framed
 * as <s> text </s>, tokenized with the model's tokenizer.json), tokens [0, windows*window) cut
 * into `windows` windows; each window starts from a zero recurrent state and positions
 * 1..window-1 are scored. Perplexity = exp(mean negative log-likelihood).
 * Prints the figure next to the training script's (eval.json in the model folder) and the
 * greedy continuations of three fixed prompts next to the training script's (samples.json).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CheckpointError, loadCheckpoint } from '../host/checkpoint.ts';
import { FloatReference } from '../host/float-reference.ts';
import type { PreparedModel } from '../host/model.ts';
import { argmax } from '../host/sampling.ts';
import { TextTokenizer, TokenizerError } from '../host/tokenizer.ts';

export class EvalError extends Error {
  override name = 'EvalError';
}

/** The prompts whose greedy continuations the model card and this script show. */
export const GENERATION_PROMPTS = ['The jury said', 'It was a dark night, and', 'The President of the United States'];

/** <s> doc </s> for each document, concatenated. */
export function validationStream(tokenizer: TextTokenizer, docs: readonly { text: string }[]): number[] {
  const out: number[] = [];
  for (const d of docs) {
    out.push(...tokenizer.encode(d.text, { addBos: true }), tokenizer.eosId);
  }
  return out;
}

/** log p(target) from logits, in float64. */
export function logProb(logits: Float32Array, target: number): number {
  let max = -Infinity;
  for (let k = 0; k < logits.length; k++) if (logits[k]! > max) max = logits[k]!;
  let sum = 0;
  for (let k = 0; k < logits.length; k++) sum += Math.exp(logits[k]! - max);
  return logits[target]! - max - Math.log(sum);
}

export interface PerplexityResult {
  windows: number;
  window: number;
  scoredTokens: number;
  loss: number;
  perplexity: number;
}

/** Windowed perplexity with the float reference: zero state per window, positions 1..W-1 scored. */
export function windowedPerplexity(
  model: PreparedModel,
  stream: readonly number[],
  windows: number,
  window: number,
  onWindow?: (k: number) => void,
): PerplexityResult {
  if (windows * window > stream.length) {
    throw new EvalError(`the validation stream has ${stream.length} tokens, fewer than ${windows} windows of ${window}; lower --windows or --window`);
  }
  const ref = new FloatReference(model);
  let nll = 0;
  let scored = 0;
  for (let w = 0; w < windows; w++) {
    ref.reset();
    const ids = stream.slice(w * window, (w + 1) * window);
    for (let t = 0; t < window - 1; t++) {
      const { logits } = ref.step(ids[t]!);
      nll -= logProb(logits, ids[t + 1]!);
      scored++;
    }
    onWindow?.(w + 1);
  }
  const loss = nll / scored;
  return { windows, window, scoredTokens: scored, loss, perplexity: Math.exp(loss) };
}

/** Greedy continuation (lowest id wins a tie), stopping after maxNew tokens or at EOS. */
export function greedyContinuation(model: PreparedModel, promptIds: readonly number[], maxNew: number): number[] {
  if (promptIds.length === 0) throw new EvalError('the prompt encodes to no tokens');
  const ref = new FloatReference(model);
  let logits: Float32Array = new Float32Array(0);
  for (const id of promptIds) logits = ref.step(id).logits;
  const out: number[] = [];
  while (out.length < maxNew) {
    const next = argmax(logits);
    out.push(next);
    if (next === model.config.eosTokenId || out.length === maxNew) break;
    logits = ref.step(next).logits;
  }
  return out;
}

interface PythonEval {
  eval_set?: { perplexity?: number; loss?: number; scored_tokens?: number };
  args?: { eval_windows?: number; eval_window?: number; gen_tokens?: number };
}
interface PythonSamples {
  samples?: { prompt: string; ids: number[]; text: string }[];
}

function readJsonIfPresent<T>(path: string): T | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : undefined;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      model: { type: 'string', default: 'models/brown-ternary-5m' },
      corpus: { type: 'string', default: '.train/brown' },
      windows: { type: 'string' },
      window: { type: 'string' },
      'gen-tokens': { type: 'string' },
      json: { type: 'string' },
    },
  });
  const dir = resolve(values.model!);
  const py = readJsonIfPresent<PythonEval>(join(dir, 'eval.json'));
  const pySamples = readJsonIfPresent<PythonSamples>(join(dir, 'samples.json'));
  const num = (v: string | undefined, fallback: number, flag: string): number => {
    const n = v === undefined ? fallback : Number(v);
    if (!Number.isInteger(n) || n < 1) throw new EvalError(`--${flag} must be a positive integer (got ${v})`);
    return n;
  };
  const windows = num(values.windows, py?.args?.eval_windows ?? 8, 'windows');
  const window = num(values.window, py?.args?.eval_window ?? 512, 'window');
  const genTokens = num(values['gen-tokens'], py?.args?.gen_tokens ?? 40, 'gen-tokens');
  const validPath = resolve(values.corpus!, 'valid.json');
  if (!existsSync(validPath)) {
    throw new EvalError(`${validPath} not found; run \`npx tsx scripts/build-corpus.ts\` first`);
  }
  const docs = JSON.parse(readFileSync(validPath, 'utf8')) as { id: string; text: string }[];

  const t0 = performance.now();
  const { model } = loadCheckpoint(dir);
  const tokenizer = TextTokenizer.fromFolder(dir, model.config);
  const stream = validationStream(tokenizer, docs);
  console.log(`model ${dir}: d ${model.config.hiddenSize}, ${model.config.numLayers} layers, vocab ${model.config.vocabSize}; validation stream ${stream.length} tokens`);
  const t1 = performance.now();
  const ppl = windowedPerplexity(model, stream, windows, window, (k) => {
    process.stderr.write(`\r  window ${k}/${windows}`);
  });
  process.stderr.write('\n');
  const seconds = (performance.now() - t1) / 1000;
  console.log(
    `TypeScript float reference: ${ppl.scoredTokens} tokens (${windows} windows of ${window}), loss ${ppl.loss.toFixed(5)}, ` +
      `perplexity ${ppl.perplexity.toFixed(4)} (${seconds.toFixed(1)} s, ${(ppl.scoredTokens / seconds).toFixed(0)} tokens/s)`,
  );
  const pyPpl = py?.eval_set?.perplexity;
  let relDiff: number | undefined;
  if (pyPpl !== undefined && py?.args?.eval_windows === windows && py.args.eval_window === window) {
    relDiff = ppl.perplexity / pyPpl - 1;
    console.log(`training script (PyTorch, same weights and set): perplexity ${pyPpl.toFixed(4)}; difference ${(relDiff * 100).toFixed(3)} %`);
  }

  const generations = GENERATION_PROMPTS.map((prompt) => {
    const ids = tokenizer.encode(prompt);
    const out = greedyContinuation(model, ids, genTokens);
    const text = tokenizer.decode(out, { skipSpecial: false });
    const pyIds = pySamples?.samples?.find((s) => s.prompt === prompt)?.ids;
    const same = pyIds === undefined ? undefined : pyIds.length === out.length && pyIds.every((v, k) => v === out[k]);
    console.log(`greedy ${JSON.stringify(prompt)} -> ${JSON.stringify(text)}` + (same === undefined ? '' : same ? '  [same ids as PyTorch]' : '  [differs from PyTorch]'));
    return { prompt, ids: out, text, samePyTorch: same };
  });
  if (values.json !== undefined) {
    const result = {
      model: values.model,
      evalSet: { ...ppl, definition: `validation stream tokens [0, ${windows}*${window}), zero state per window, positions 1..${window - 1} scored` },
      pythonPerplexity: pyPpl ?? null,
      relativeDifference: relDiff ?? null,
      seconds: Number(seconds.toFixed(1)),
      generations,
    };
    writeFileSync(values.json, JSON.stringify(result, null, 2) + '\n');
  }
  console.log(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (e) {
    if (e instanceof EvalError || e instanceof CheckpointError || e instanceof TokenizerError) {
      console.error(`eval-perplexity: ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
}
