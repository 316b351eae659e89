/**
 * Writes a checkpoint folder in the MMfreeLM release layout with seeded random weights.
 *
 *   npx tsx scripts/make-fixture.ts --out DIR [--preset tiny|small|370m]
 *       [--vocab V --hidden D --layers L --intermediate I] [--seed N]
 *       [--dtype bf16|f16|f32] [--shards N] [--no-tokenizer]
 *
 * Presets: tiny (V 300, d 32, L 2, I 64), small (V 512, d 128, L 3, I derived = 512),
 * 370m (V 32000, d 1024, L 24, I 2816: the released 370M shapes, ~740 MB in bf16, written
 * tensor by tensor). Explicit shape flags override the preset.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { modelConfigForShape } from '../host/model/config.ts';
import { writeFixture } from '../host/fixtures/fixture-writer.ts';
import { ProgressLine } from '../host/common/progress.ts';
import type { FloatDtype } from '../host/model/safetensors.ts';

export class UsageError extends Error {
  override name = 'UsageError';
}

export const PRESETS = {
  tiny: { vocabSize: 300, hiddenSize: 32, numLayers: 2, intermediateSize: 64 },
  small: { vocabSize: 512, hiddenSize: 128, numLayers: 3 },
  '370m': { vocabSize: 32000, hiddenSize: 1024, numLayers: 24, intermediateSize: 2816 },
} as const;
export type PresetName = keyof typeof PRESETS;

function main(argv: string[]): void {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      preset: { type: 'string', default: 'tiny' },
      vocab: { type: 'string' },
      hidden: { type: 'string' },
      layers: { type: 'string' },
      intermediate: { type: 'string' },
      seed: { type: 'string', default: '1' },
      dtype: { type: 'string', default: 'bf16' },
      shards: { type: 'string', default: '1' },
      'no-tokenizer': { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.out === undefined) throw new UsageError('--out DIR is required (the folder to write the checkpoint to)');
  if (!(values.preset in PRESETS)) throw new UsageError(`--preset must be one of ${Object.keys(PRESETS).join(', ')}, got ${values.preset}`);
  const preset: { vocabSize: number; hiddenSize: number; numLayers: number; intermediateSize?: number } = PRESETS[values.preset as PresetName];
  const int = (flag: string, v: string | undefined, fallback: number | undefined): number | undefined => {
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${flag} must be a positive integer, got ${v}`);
    return n;
  };
  const dtype = values.dtype.toUpperCase();
  if (dtype !== 'BF16' && dtype !== 'F16' && dtype !== 'F32') throw new UsageError(`--dtype must be bf16, f16 or f32, got ${values.dtype}`);
  const shape = {
    vocabSize: int('vocab', values.vocab, preset.vocabSize)!,
    hiddenSize: int('hidden', values.hidden, preset.hiddenSize)!,
    numLayers: int('layers', values.layers, preset.numLayers)!,
    intermediateSize: int('intermediate', values.intermediate, preset.intermediateSize),
  };
  const seed = Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed must be a non-negative integer, got ${values.seed}`);
  const config = modelConfigForShape(shape);
  const progress = new ProgressLine();
  const t0 = performance.now();
  const summary = writeFixture(values.out, {
    config,
    seed,
    dtype: dtype as FloatDtype,
    shards: int('shards', values.shards, 1)!,
    tokenizer: values['no-tokenizer'] ? false : undefined,
    onTensor: (name, k, n) => progress.update(`writing ${k}/${n} ${name}`),
  });
  progress.clear();
  console.log(
    `wrote ${summary.dir}: V ${config.vocabSize} d ${config.hiddenSize} L ${config.numLayers} I ${config.intermediateSize}, ` +
      `${dtype}, ${summary.files.length} file(s), ${(summary.bytes / 1e6).toFixed(1)} MB, ` +
      `tokenizer ${summary.tokenizer ? 'yes' : 'no'}, ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError || (e instanceof Error && e.name === 'TypeError' && 'code' in e && String((e as { code: unknown }).code).startsWith('ERR_PARSE_ARGS'))) {
      console.error(`make-fixture: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
}
