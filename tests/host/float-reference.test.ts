import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCheckpoint } from '../../host/model/checkpoint.ts';
import { modelConfigForShape } from '../../host/model/config.ts';
import { diffTraces, firstDivergence } from '../../host/model/diff.ts';
import { effectiveLowerBounds } from '../../host/model/lower-bounds.ts';
import {
  FloatReference,
  quantizeActivations,
  rmsNorm,
  ternaryMatVec,
} from '../../host/model/float-reference.ts';
import { Prng } from '../../host/common/prng.ts';
import { randomPreparedModel } from '../../host/fixtures/random-model.ts';
import { intermediateNames } from '../../host/model/trace.ts';

const OFFICIAL = join(import.meta.dirname, '../fixtures/official-small-a');

describe('float reference against the public implementation (official-small-a)', () => {
  const official = JSON.parse(readFileSync(join(OFFICIAL, 'official_logits.json'), 'utf8')) as {
    input_ids: number[];
    logits: number[][];
    argmax: number[];
  };
  const { model } = loadCheckpoint(OFFICIAL);
  const ref = new FloatReference(model);
  const logits = ref.run(official.input_ids);

  it('reproduces the logits at every position to 1e-6', () => {
    expect(official.input_ids).toHaveLength(24);
    let worst = 0;
    logits.forEach((lg, p) => {
      const want = official.logits[p]!;
      expect(lg.length).toBe(want.length);
      for (let k = 0; k < lg.length; k++) worst = Math.max(worst, Math.abs(lg[k]! - want[k]!));
    });
    expect(worst).toBeLessThan(1e-6);
  });

  it('has the same argmax at all 24 positions', () => {
    const argmax = logits.map((lg) => lg.indexOf(Math.max(...lg)));
    expect(argmax).toEqual(official.argmax);
  });
});

describe('float reference building blocks', () => {
  it('RMSNorm scales to unit rms times the weight', () => {
    const y = rmsNorm(new Float32Array([3, -4]), new Float32Array([1, 2]), 0);
    const rms = Math.sqrt(12.5);
    expect(y[0]).toBeCloseTo(3 / rms, 6);
    expect(y[1]).toBeCloseTo((-4 / rms) * 2, 6);
  });

  it('quantizes activations to int8 with the absmax at ±127', () => {
    const { q, scale } = quantizeActivations(new Float32Array([0.5, -1, 0.25, 0]));
    expect(scale).toBe(127);
    expect([...q]).toEqual([64, -127, 32, 0]); // 63.5 rounds to even 64, 31.75 → 32
    expect(quantizeActivations(new Float32Array(3)).scale).toBe(Math.fround(127 / 1e-5));
  });

  it('effective lower bounds start at 0, rise with depth and stay below 1', () => {
    const config = modelConfigForShape({ vocabSize: 8, hiddenSize: 4, numLayers: 3 });
    const raw = new Float32Array([0, 1, -1, 2, 0, 1, -1, 2, 0, 1, -1, 2]);
    const lb = effectiveLowerBounds(config, raw);
    for (let c = 0; c < 4; c++) {
      expect(lb[c]).toBe(0);
      expect(lb[4 + c]!).toBeGreaterThan(0);
      expect(lb[8 + c]!).toBeGreaterThan(lb[4 + c]!);
      expect(lb[8 + c]!).toBeLessThan(1);
    }
    // Equal raw values: softmax 1/3 each, so lb = [0, 1/3, 2/3].
    expect(lb[4]).toBeCloseTo(1 / 3, 6);
    expect(lb[8]).toBeCloseTo(2 / 3, 6);
  });
});

describe('float reference on a random model', () => {
  const config = modelConfigForShape({ vocabSize: 48, hiddenSize: 16, numLayers: 2, intermediateSize: 32 });
  const model = randomPreparedModel(config, 11);

  it('records every named intermediate, and its logits equal the untraced run', () => {
    const a = new FloatReference(model);
    const b = new FloatReference(model);
    const traced = a.step(5, { trace: true });
    const plain = b.step(5);
    expect([...traced.trace!.keys()]).toEqual(intermediateNames(2));
    expect(traced.logits).toEqual(plain.logits);
    expect(traced.trace!.get('logits')).toEqual(plain.logits);
    expect(traced.trace!.get('layers.1.glu')!.length).toBe(32);
    expect(traced.trace!.get('lm_head.acc')!.length).toBe(48);
  });

  it('carries state between steps and forgets it on reset', () => {
    const ref = new FloatReference(model);
    const first = ref.step(3).logits;
    const again = ref.step(3).logits;
    expect(again).not.toEqual(first);
    ref.reset();
    expect(ref.step(3).logits).toEqual(first);
  });

  it('depends on the lower bounds and on the norm weights', () => {
    const base = new FloatReference(model).run([1, 2, 3]);
    const noLb = new FloatReference({ ...model, lowerBounds: new Float32Array(model.lowerBounds.length) }).run([1, 2, 3]);
    const layers = model.layers.map((l, i) => (i === 1 ? { ...l, gNorm: new Float32Array(l.gNorm.length).fill(1) } : l));
    const flatNorm = new FloatReference({ ...model, layers }).run([1, 2, 3]);
    expect(noLb[2]).not.toEqual(base[2]);
    expect(flatNorm[2]).not.toEqual(base[2]);
  });

  it('rejects an out-of-vocabulary token', () => {
    expect(() => new FloatReference(model).step(48)).toThrow(/outside the vocabulary/);
  });

  it('diff finds the first intermediate that differs between two models', () => {
    const other = { ...model, layers: [model.layers[0]!, { ...model.layers[1]!, mlpNorm: model.layers[1]!.mlpNorm.map((v) => v * 2) }] };
    const ta = new FloatReference(model).step(7, { trace: true }).trace!;
    const tb = new FloatReference(other).step(7, { trace: true }).trace!;
    const same = diffTraces(ta, ta);
    expect(same.tensors.every((t) => t.maxAbs === 0)).toBe(true);
    const d = diffTraces(ta, tb);
    expect(d.onlyInA).toEqual([]);
    expect(firstDivergence(d, 0)?.name).toBe('layers.1.mlp_norm');
    expect(d.tensors.find((t) => t.name === 'layers.1.x_attn')!.maxAbs).toBe(0);
  });
});

describe('ternaryMatVec', () => {
  it('equals the plain row-by-row sum for row counts around the 4-row blocking', () => {
    const prng = new Prng(17);
    for (const rows of [0, 1, 3, 4, 5, 7, 8, 9]) {
      const cols = 13;
      const trits = new Int8Array(rows * cols).map(() => prng.int(-1, 1));
      const q = new Int32Array(cols).map(() => prng.int(-128, 127));
      const want = Array.from({ length: rows }, (_, r) => q.reduce((a, x, k) => a + trits[r * cols + k]! * x, 0));
      expect([...ternaryMatVec(trits, rows, cols, q)]).toEqual(want);
    }
  });
});
