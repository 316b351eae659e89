/**
 * Throughput and memory of the golden models on real-shaped checkpoints.
 *
 *   npx tsx scripts/bench-reference.ts [--model DIR] [--tokens N] [--tokens-370m N]
 *       [--fixture-370m DIR] [--no-370m] [--engine NAME]...
 *
 * Prints, for a given model folder (--model) and for a fixture with the released 370M shapes
 * (V 32000, d 1024, L 24, I 2816, bf16; generated once into --fixture-370m, default
 * $TMPDIR/ternforge-fixture-370m, and reused while current):
 * - load time (read + validate + ternarize) and peak RSS of load plus one decode step, measured
 *   in a fresh child process so nothing else counts towards the peak;
 * - decode tokens/s of every engine in ENGINES (or only the --engine ones), side by side on
 *   the same model and tokens.
 *
 * Hook for other golden models: push a DecodeEngine onto ENGINES (or call benchmarkEngines).
 */
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { CheckpointError, loadCheckpoint } from '../host/model/checkpoint.ts';
import { modelConfigForShape } from '../host/model/config.ts';
import { fixtureIsCurrent, writeFixture, type FixtureOptions } from '../host/fixtures/fixture-writer.ts';
import { IntSpec } from '../host/spec/int-spec.ts';
import { FloatReference } from '../host/model/float-reference.ts';
import type { PreparedModel } from '../host/model/model.ts';
import { ProgressLine } from '../host/common/progress.ts';
import { Prng } from '../host/common/prng.ts';

/** A model that consumes one token per call (its state kept inside the session). */
export interface DecodeEngine {
  name: string;
  start(model: PreparedModel): { step(token: number): unknown };
}

export const floatReferenceEngine: DecodeEngine = {
  name: 'float-reference',
  start: (model) => new FloatReference(model),
};

export const integerSpecEngine: DecodeEngine = {
  name: 'integer-spec',
  start: (model) => new IntSpec(model),
};

/** The engines the script measures, in order. Add other golden models here. */
export const ENGINES: DecodeEngine[] = [floatReferenceEngine, integerSpecEngine];

export interface ThroughputResult {
  engine: string;
  tokens: number;
  seconds: number;
  tokensPerSecond: number;
}

/** Decode `tokens` seeded random token ids with `engine`, after one untimed warm-up step. */
export function measureThroughput(engine: DecodeEngine, model: PreparedModel, tokens: number, seed = 1): ThroughputResult {
  const prng = new Prng(seed);
  const ids = Array.from({ length: tokens }, () => prng.int(0, model.config.vocabSize - 1));
  const session = engine.start(model);
  session.step(model.config.bosTokenId);
  const t0 = performance.now();
  for (const id of ids) session.step(id);
  const seconds = (performance.now() - t0) / 1000;
  return { engine: engine.name, tokens, seconds, tokensPerSecond: tokens / seconds };
}

export function benchmarkEngines(engines: readonly DecodeEngine[], model: PreparedModel, tokens: number): ThroughputResult[] {
  return engines.map((e) => measureThroughput(e, model, tokens));
}

export interface LoadMeasurement {
  loadSeconds: number;
  firstStepSeconds: number;
  /** Peak resident set of the measuring process (load + one decode step), bytes. */
  peakRssBytes: number;
  /** Largest RSS seen by sampling after each tensor and after the step, bytes. */
  sampledPeakRssBytes: number;
  /** Resident set after load and one step, bytes. */
  finalRssBytes: number;
}

/** Load `dir` and run one step in this process, sampling RSS. Call in a fresh process for a clean peak. */
export function measureLoad(dir: string): LoadMeasurement {
  let sampled = process.memoryUsage().rss;
  const t0 = performance.now();
  const { model } = loadCheckpoint(dir, {
    onTensor: () => {
      sampled = Math.max(sampled, process.memoryUsage().rss);
    },
  });
  const loadSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  new FloatReference(model).step(model.config.bosTokenId);
  const firstStepSeconds = (performance.now() - t1) / 1000;
  const finalRssBytes = process.memoryUsage().rss;
  sampled = Math.max(sampled, finalRssBytes);
  return {
    loadSeconds,
    firstStepSeconds,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    sampledPeakRssBytes: sampled,
    finalRssBytes,
  };
}

/** measureLoad in a child process (this script with --measure-load). */
export function measureLoadIsolated(dir: string): LoadMeasurement {
  const script = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, [...process.execArgv, script, '--measure-load', dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`load measurement failed: ${r.stderr.trim().split('\n').slice(-1)[0] ?? r.status}`);
  return JSON.parse(r.stdout) as LoadMeasurement;
}

export const SHAPE_370M = { vocabSize: 32000, hiddenSize: 1024, numLayers: 24, intermediateSize: 2816 } as const;

export function fixture370mOptions(): FixtureOptions {
  return { config: modelConfigForShape(SHAPE_370M), seed: 1, dtype: 'BF16' };
}

/** The 370M-shape fixture folder, written (about a minute) unless a current one is there. */
export function ensure370mFixture(dir: string): string {
  const options = fixture370mOptions();
  if (fixtureIsCurrent(dir, options)) return dir;
  const progress = new ProgressLine();
  console.log(`writing the 370M-shape fixture to ${dir} ...`);
  writeFixture(dir, { ...options, onTensor: (name, k, n) => progress.update(`writing ${k}/${n} ${name}`) });
  progress.clear();
  return dir;
}

const mb = (b: number): string => `${(b / 1e6).toFixed(0)} MB`;

function report(label: string, dir: string, tokens: number, engines: readonly DecodeEngine[]): void {
  const load = measureLoadIsolated(dir);
  console.log(`${label}: ${dir}`);
  console.log(`  load ${load.loadSeconds.toFixed(2)} s, first step ${load.firstStepSeconds.toFixed(3)} s`);
  console.log(`  peak RSS (load + 1 step) ${mb(load.peakRssBytes)} (maxRSS), ${mb(load.sampledPeakRssBytes)} (sampled), after ${mb(load.finalRssBytes)}`);
  const { model } = loadCheckpoint(dir);
  for (const r of benchmarkEngines(engines, model, tokens)) {
    console.log(`  ${r.engine}: ${r.tokensPerSecond.toFixed(2)} tokens/s (${r.tokens} tokens in ${r.seconds.toFixed(2)} s)`);
  }
}

class UsageError extends Error {
  override name = 'UsageError';
}

function main(argv: string[]): void {
  const { values } = parseArgs({
    args: argv,
    options: {
      model: { type: 'string' },
      tokens: { type: 'string', default: '32' },
      'tokens-370m': { type: 'string', default: '4' },
      'fixture-370m': { type: 'string', default: join(tmpdir(), 'ternforge-fixture-370m') },
      'no-370m': { type: 'boolean', default: false },
      engine: { type: 'string', multiple: true },
      'measure-load': { type: 'string' },
    },
    strict: true,
  });
  if (values['measure-load'] !== undefined) {
    process.stdout.write(JSON.stringify(measureLoad(values['measure-load'])));
    return;
  }
  const count = (flag: string, v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${flag} must be a positive integer, got ${v}`);
    return n;
  };
  let engines = ENGINES;
  if (values.engine !== undefined) {
    const wanted = values.engine;
    const unknown = wanted.filter((w) => !ENGINES.some((e) => e.name === w));
    if (unknown.length > 0) throw new UsageError(`--engine ${unknown[0]} is unknown; choose from ${ENGINES.map((e) => e.name).join(', ')}`);
    engines = ENGINES.filter((e) => wanted.includes(e.name));
  }
  if (values.model !== undefined) report('model', values.model, count('tokens', values.tokens), engines);
  if (!values['no-370m']) {
    const dir = ensure370mFixture(values['fixture-370m']);
    report('370M shape (V 32000, d 1024, L 24, I 2816, bf16)', dir, count('tokens-370m', values['tokens-370m']), engines);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError || e instanceof CheckpointError) {
      console.error(`bench-reference: ${e.message}`);
      process.exit(2);
    }
    if (e instanceof TypeError && 'code' in e && String((e as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
      console.error(`bench-reference: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
}
