/**
 * Fidelity of the integer spec against the fp32 float reference, run side by side on one token
 * sequence: top-1 next-token agreement, max and mean absolute logit difference, perplexity of
 * both, and the tokens/s of each.
 *
 *   npx tsx scripts/fidelity.ts [--shape D,L,I,V] [--seed N] [--tokens N]
 *   npx tsx scripts/fidelity.ts --model DIR [--text FILE] [--tokens N]
 *   … [--diff-token T]   also print the per-tensor difference of every intermediate at token T
 *
 * Without --model a seeded random model of the given shape (default 256,4,704,1024, ~4.5M
 * weights) is used on a seeded random token sequence. With --model, the checkpoint is loaded;
 * --text (a UTF-8 text file, or a corpus JSON array of {text} documents) is tokenized with
 * the model's tokenizer and its first N tokens are scored; without --text the sequence is
 * seeded random ids.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadCheckpoint } from '../host/model/checkpoint.ts';
import { modelConfigForShape } from '../host/model/config.ts';
import { diffTraces, formatTraceDiff, type TraceDiff } from '../host/model/diff.ts';
import { FloatReference } from '../host/model/float-reference.ts';
import { IntSpec } from '../host/spec/int-spec.ts';
import type { PreparedModel } from '../host/model/model.ts';
import { Prng } from '../host/common/prng.ts';
import { ProgressLine } from '../host/common/progress.ts';
import { randomPreparedModel } from '../host/fixtures/random-model.ts';
import { TextTokenizer } from '../host/model/tokenizer.ts';

export class FidelityUsageError extends Error {
  override name = 'FidelityUsageError';
}

export interface FidelityReport {
  tokens: number;
  top1Agree: number;
  /** Disagreements where the float reference's own top-2 margin exceeds the max logit difference. */
  top1DisagreeClear: number;
  maxAbsLogitDiff: number;
  meanAbsLogitDiff: number;
  pplFloat: number;
  pplInt: number;
  floatTokensPerSecond: number;
  intTokensPerSecond: number;
  /**
   * The float reference's own sensitivity: top-1 agreement and max logit difference between the
   * float reference and the float reference on embeddings scaled by (1 + 2^-15), the relative
   * precision of the spec's int16 embedding mantissas.
   */
  baselineTop1Agree: number;
  baselineMaxAbsLogitDiff: number;
}

function logSoftmaxAt(logits: ArrayLike<number>, target: number): number {
  let m = -Infinity;
  for (let k = 0; k < logits.length; k++) m = Math.max(m, logits[k]!);
  let z = 0;
  for (let k = 0; k < logits.length; k++) z += Math.exp(logits[k]! - m);
  return logits[target]! - m - Math.log(z);
}

function top2(v: ArrayLike<number>): [number, number] {
  let a = 0;
  let b = -1;
  for (let k = 1; k < v.length; k++) {
    if (v[k]! > v[a]!) {
      b = a;
      a = k;
    } else if (b < 0 || v[k]! > v[b]!) b = k;
  }
  return [a, b];
}

/** Run both models over `tokens` (the logits after token t predict token t+1). */
export function measureFidelity(model: PreparedModel, tokens: readonly number[], progress?: ProgressLine): FidelityReport {
  const ref = new FloatReference(model);
  const spec = new IntSpec(model);
  const perturbed = new FloatReference({
    ...model,
    embeddings: Float32Array.from(model.embeddings, (v) => Math.fround(v * (1 + 2 ** -15))),
  });
  let baseAgree = 0;
  let baseMax = 0;
  let agree = 0;
  let clear = 0;
  let maxAbs = 0;
  let sumAbs = 0;
  let count = 0;
  let nllF = 0;
  let nllI = 0;
  let tF = 0;
  let tI = 0;
  for (let t = 0; t < tokens.length; t++) {
    const t0 = performance.now();
    const a = ref.step(tokens[t]!).logits;
    const t1 = performance.now();
    const b = spec.step(tokens[t]!);
    const t2 = performance.now();
    tF += t1 - t0;
    tI += t2 - t1;
    const [fa, fb] = top2(a);
    const pl = perturbed.step(tokens[t]!).logits;
    if (top2(pl)[0] === fa) baseAgree++;
    for (let v = 0; v < a.length; v++) baseMax = Math.max(baseMax, Math.abs(a[v]! - pl[v]!));
    let stepMax = 0;
    for (let v = 0; v < a.length; v++) {
      const dlt = Math.abs(a[v]! - b.logitsFloat[v]!);
      stepMax = Math.max(stepMax, dlt);
      sumAbs += dlt;
    }
    count += a.length;
    maxAbs = Math.max(maxAbs, stepMax);
    if (fa === b.argmax) agree++;
    else if (a[fa]! - a[fb]! > 2 * stepMax) clear++;
    if (t + 1 < tokens.length) {
      nllF -= logSoftmaxAt(a, tokens[t + 1]!);
      nllI -= logSoftmaxAt(b.logitsFloat, tokens[t + 1]!);
    }
    progress?.update(`fidelity: token ${t + 1}/${tokens.length}`);
  }
  progress?.clear();
  const n = Math.max(1, tokens.length - 1);
  return {
    tokens: tokens.length,
    top1Agree: agree,
    top1DisagreeClear: clear,
    maxAbsLogitDiff: maxAbs,
    meanAbsLogitDiff: sumAbs / Math.max(1, count),
    pplFloat: Math.exp(nllF / n),
    pplInt: Math.exp(nllI / n),
    floatTokensPerSecond: (tokens.length * 1000) / tF,
    intTokensPerSecond: (tokens.length * 1000) / tI,
    baselineTop1Agree: baseAgree,
    baselineMaxAbsLogitDiff: baseMax,
  };
}

export function formatReport(r: FidelityReport): string {
  const pct = (x: number): string => `${((100 * x) / r.tokens).toFixed(2)} %`;
  return [
    `tokens scored:             ${r.tokens}`,
    `top-1 agreement:           ${r.top1Agree}/${r.tokens} (${pct(r.top1Agree)}); clear disagreements ${r.top1DisagreeClear}`,
    `max |logit diff|:          ${r.maxAbsLogitDiff.toExponential(3)}`,
    `mean |logit diff|:         ${r.meanAbsLogitDiff.toExponential(3)}`,
    `perplexity float / int:    ${r.pplFloat.toFixed(4)} / ${r.pplInt.toFixed(4)} (${((100 * (r.pplInt - r.pplFloat)) / r.pplFloat).toFixed(3)} %)`,
    `float vs float on embeddings × (1 + 2^-15): top-1 ${r.baselineTop1Agree}/${r.tokens} (${pct(r.baselineTop1Agree)}), max |logit diff| ${r.baselineMaxAbsLogitDiff.toExponential(3)}`,
    `tokens/s float / int spec: ${r.floatTokensPerSecond.toFixed(1)} / ${r.intTokensPerSecond.toFixed(1)}`,
  ].join('\n');
}

function parseShape(s: string): { hiddenSize: number; numLayers: number; intermediateSize: number; vocabSize: number } {
  const parts = s.split(',').map(Number);
  if (parts.length !== 4 || parts.some((v) => !Number.isInteger(v) || v < 1)) {
    throw new FidelityUsageError(`--shape ${s}: expected four positive integers D,L,I,V (e.g. 256,4,704,1024)`);
  }
  const [hiddenSize, numLayers, intermediateSize, vocabSize] = parts as [number, number, number, number];
  return { hiddenSize, numLayers, intermediateSize, vocabSize };
}

function readText(path: string): string {
  if (!existsSync(path)) throw new FidelityUsageError(`--text ${path}: file does not exist`);
  const raw = readFileSync(path, 'utf8');
  if (path.endsWith('.json')) {
    const docs = JSON.parse(raw) as unknown;
    if (!Array.isArray(docs)) throw new FidelityUsageError(`--text ${path}: a JSON text file must be an array of {text} documents`);
    return docs.map((d) => String((d as { text?: unknown }).text ?? '')).join('\n\n');
  }
  return raw;
}

function main(argv: string[]): void {
  const { values } = parseArgs({
    args: argv,
    options: {
      model: { type: 'string' },
      text: { type: 'string' },
      shape: { type: 'string', default: '256,4,704,1024' },
      seed: { type: 'string', default: '1' },
      tokens: { type: 'string', default: '128' },
      'diff-token': { type: 'string' },
    },
  });
  const seed = Number(values.seed);
  const nTokens = Number(values.tokens);
  if (!Number.isInteger(nTokens) || nTokens < 2) throw new FidelityUsageError(`--tokens ${values.tokens}: need an integer ≥ 2`);
  let model: PreparedModel;
  let tokens: number[];
  let source: string;
  if (values.model !== undefined) {
    model = loadCheckpoint(values.model).model;
    source = `model ${values.model}`;
    if (values.text !== undefined) {
      if (!existsSync(join(values.model, 'tokenizer.json'))) {
        throw new FidelityUsageError(`--text needs ${join(values.model, 'tokenizer.json')}; add the tokenizer to the model folder`);
      }
      const tok = TextTokenizer.fromFolder(values.model, model.config);
      tokens = tok.encode(readText(values.text)).slice(0, nTokens);
      source += `, text ${values.text}`;
    } else {
      const prng = new Prng(seed);
      tokens = Array.from({ length: nTokens }, () => prng.int(0, model.config.vocabSize - 1));
      source += `, seeded random ids (seed ${seed})`;
    }
  } else {
    const shape = parseShape(values.shape);
    model = randomPreparedModel(modelConfigForShape(shape), seed);
    const prng = new Prng(seed + 1);
    tokens = Array.from({ length: nTokens }, () => prng.int(0, shape.vocabSize - 1));
    source = `random model ${values.shape} (D,L,I,V) seed ${seed}, seeded random ids`;
  }
  const c = model.config;
  console.log(`${source}: d=${c.hiddenSize} L=${c.numLayers} I=${c.intermediateSize} V=${c.vocabSize}`);
  console.log(formatReport(measureFidelity(model, tokens, new ProgressLine())));
  if (values['diff-token'] !== undefined) {
    const at = Number(values['diff-token']);
    if (!Number.isInteger(at) || at < 0 || at >= tokens.length) throw new FidelityUsageError(`--diff-token ${values['diff-token']}: need an index in 0..${tokens.length - 1}`);
    console.log(`\nper-tensor difference, float reference vs integer spec, at token ${at}:`);
    console.log(formatTraceDiff(traceDiffAt(model, tokens, at)));
  }
}

/** The per-tensor difference of the two models' traces at position `at` of the sequence. */
export function traceDiffAt(model: PreparedModel, tokens: readonly number[], at: number): TraceDiff {
  const ref = new FloatReference(model);
  const spec = new IntSpec(model);
  for (let t = 0; t < at; t++) {
    ref.step(tokens[t]!);
    spec.step(tokens[t]!);
  }
  const a = ref.step(tokens[at]!, { trace: true }).trace!;
  const b = spec.step(tokens[at]!, { trace: true }).trace!;
  return diffTraces(a, b);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    if (e instanceof Error && e.name !== 'Error' && !(e instanceof TypeError) && !(e instanceof ReferenceError)) {
      console.error(`fidelity: ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
}
