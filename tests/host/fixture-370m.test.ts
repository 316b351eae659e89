/**
 * The released 370M shapes end to end: a bf16 fixture written tensor by tensor, loaded,
 * validated, ternarized and decoded for one step. Slow (about a minute or more): runs only
 * with TERNFORGE_SLOW=1. scripts/bench-reference.ts prints the timing and memory figures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCheckpoint } from '../../host/model/checkpoint.ts';
import { modelConfigForShape } from '../../host/model/config.ts';
import { writeFixture } from '../../host/fixtures/fixture-writer.ts';
import { FloatReference } from '../../host/model/float-reference.ts';
import { bitsPerWeight, pack, unpack } from '../../host/image/pack.ts';
import { TextTokenizer } from '../../host/model/tokenizer.ts';

const slow = process.env.TERNFORGE_SLOW === '1';
if (!slow) console.warn('skipping the 370M-shape fixture tests (a 750 MB checkpoint, minutes): set TERNFORGE_SLOW=1 to run them');

describe.skipIf(!slow)('370M-shape fixture', () => {
  const root = mkdtempSync(join(tmpdir(), 'tf-370m-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const config = modelConfigForShape({ vocabSize: 32000, hiddenSize: 1024, numLayers: 24 });

  it('is written in 4 bf16 shards, loads with the right shapes and decodes a step', { timeout: 900_000 }, () => {
    expect(config.intermediateSize).toBe(2816);
    const summary = writeFixture(root, { config, seed: 1, dtype: 'BF16', shards: 4 });
    expect(summary.bytes).toBeGreaterThan(740e6);
    const { model, dtypes } = loadCheckpoint(root);
    expect(dtypes).toEqual({ BF16: 3 + 24 * 15 + 2 });
    expect(model.layers).toHaveLength(24);
    expect(model.layers[23]!.gateProj.weight.rows).toBe(2 * 2816);
    expect(model.lmHead.weight.trits.length).toBe(32000 * 1024);
    const tok = TextTokenizer.fromFolder(root, config);
    const ids = tok.encode('hello world');
    const ref = new FloatReference(model);
    let logits: Float32Array = new Float32Array(0);
    for (const id of ids) logits = ref.step(id).logits;
    expect(logits.length).toBe(32000);
    expect(logits.every((v) => Number.isFinite(v))).toBe(true);
    const down = model.layers[0]!.downProj.weight;
    for (const [format, lanes] of [['base3', 20], ['2bit', 64]] as const) {
      const p = pack(down, format, lanes);
      expect(unpack(p)).toEqual(down);
      expect(bitsPerWeight(p)).toBeCloseTo(format === '2bit' ? 2 : (8 * 4 * 141) / 2816, 9);
    }
  });
});
