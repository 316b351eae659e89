/**
 * Writes a checkpoint folder in the release layout with seeded random weights: config.json,
 * model.safetensors (or N shards plus model.safetensors.index.json) in BF16, F16 or F32, and,
 * when the vocabulary is large enough, a byte-level BPE tokenizer.json + tokenizer_config.json.
 * Tensors are generated and written one at a time, so a 370M-shape fixture never needs more
 * memory than its largest tensor.
 */
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelConfig } from './model.ts';
import { configJson } from './config.ts';
import { INDEX_FILE, SINGLE_FILE } from './checkpoint.ts';
import { buildByteLevelTokenizer, MIN_BYTE_LEVEL_VOCAB } from './fixture-tokenizer.ts';
import { randomCheckpointTensors, type RandomTensorOptions } from './random-model.ts';
import { dtypeBytes, SafetensorsWriter, type FloatDtype } from './safetensors.ts';
import { elementCount, tensorLayout } from './tensor-layout.ts';

export interface FixtureOptions {
  config: ModelConfig;
  seed: number;
  dtype?: FloatDtype;
  /** Number of safetensors shards (1 = a single model.safetensors, no index). */
  shards?: number;
  /** Write tokenizer.json (default: when the vocabulary holds a byte-level tokenizer). */
  tokenizer?: boolean;
  random?: RandomTensorOptions;
  /** Called after each tensor is written (index from 1). */
  onTensor?: (name: string, index: number, total: number) => void;
}

/**
 * Written as fixture.json next to the weights: what generated them, so a cached fixture is
 * reused only when it would be written identically. Bump the generator tag whenever
 * randomCheckpointTensors changes its output.
 */
export const FIXTURE_GENERATOR = 'ternforge random-model 2';
export const FIXTURE_MARKER = 'fixture.json';

export interface FixtureMarker {
  generator: string;
  seed: number;
  dtype: FloatDtype;
  shards: number;
  tokenizer: boolean;
  config: ModelConfig;
}

export function fixtureMarker(options: FixtureOptions): FixtureMarker {
  return {
    generator: FIXTURE_GENERATOR,
    seed: options.seed,
    dtype: options.dtype ?? 'BF16',
    shards: Math.max(1, options.shards ?? 1),
    tokenizer: options.tokenizer ?? options.config.vocabSize >= MIN_BYTE_LEVEL_VOCAB,
    config: options.config,
  };
}

/** True when `dir` holds a complete fixture written with exactly these options. */
export function fixtureIsCurrent(dir: string, options: FixtureOptions): boolean {
  try {
    const marker = JSON.parse(readFileSync(join(dir, FIXTURE_MARKER), 'utf8')) as unknown;
    return JSON.stringify(marker) === JSON.stringify(fixtureMarker(options));
  } catch {
    return false;
  }
}

export interface FixtureSummary {
  dir: string;
  files: string[];
  bytes: number;
  tokenizer: boolean;
}

export function shardFileName(k: number, n: number): string {
  return `model-${String(k + 1).padStart(5, '0')}-of-${String(n).padStart(5, '0')}.safetensors`;
}

export function writeFixture(dir: string, options: FixtureOptions): FixtureSummary {
  const { config, seed } = options;
  const dtype = options.dtype ?? 'BF16';
  const layout = tensorLayout(config);
  const shards = Math.max(1, Math.min(options.shards ?? 1, layout.length));
  const withTokenizer = options.tokenizer ?? config.vocabSize >= MIN_BYTE_LEVEL_VOCAB;
  mkdirSync(dir, { recursive: true });
  // The marker goes last: a fixture interrupted while writing is never taken as current.
  rmSync(join(dir, FIXTURE_MARKER), { force: true });
  writeFileSync(join(dir, 'config.json'), `${JSON.stringify(configJson(config), null, 2)}\n`);
  if (withTokenizer) {
    const { tokenizerJson, tokenizerConfig } = buildByteLevelTokenizer(config.vocabSize);
    writeFileSync(join(dir, 'tokenizer.json'), `${JSON.stringify(tokenizerJson)}\n`);
    writeFileSync(join(dir, 'tokenizer_config.json'), `${JSON.stringify(tokenizerConfig, null, 2)}\n`);
  }

  // Split the canonical order into `shards` contiguous groups of about equal bytes.
  const sizes = layout.map((s) => elementCount(s.shape) * dtypeBytes(dtype));
  const total = sizes.reduce((a, b) => a + b, 0);
  const groupOf: number[] = [];
  let acc = 0;
  let prev = 0;
  sizes.forEach((b, k) => {
    // Advance at most one shard per tensor (no empty shard), and late enough that each of
    // the remaining shards still gets a tensor.
    const byBytes = Math.min(prev + 1, Math.max(prev, Math.floor((acc * shards) / total)));
    const g = Math.min(shards - 1, Math.max(byBytes, shards - (layout.length - k)));
    groupOf.push(g);
    prev = g;
    acc += b;
  });
  const files = shards === 1 ? [SINGLE_FILE] : Array.from({ length: shards }, (_, k) => shardFileName(k, shards));
  const writers = files.map(
    (f, g) =>
      new SafetensorsWriter(
        join(dir, f),
        layout.filter((_, k) => groupOf[k] === g).map((s) => ({ name: s.name, dtype, shape: s.shape })),
      ),
  );
  let k = 0;
  for (const { spec, data } of randomCheckpointTensors(config, seed, options.random)) {
    writers[groupOf[k]!]!.write(spec.name, data);
    k++;
    options.onTensor?.(spec.name, k, layout.length);
  }
  for (const w of writers) w.close();
  if (shards > 1) {
    const weightMap: Record<string, string> = {};
    layout.forEach((s, i) => (weightMap[s.name] = files[groupOf[i]!]!));
    writeFileSync(join(dir, INDEX_FILE), `${JSON.stringify({ metadata: { total_size: total }, weight_map: weightMap }, null, 2)}\n`);
  }
  writeFileSync(join(dir, FIXTURE_MARKER), `${JSON.stringify(fixtureMarker(options), null, 2)}\n`);
  const bytes = files.reduce((a, f) => a + statSync(join(dir, f)).size, 0);
  return { dir, files, bytes, tokenizer: withTokenizer };
}
