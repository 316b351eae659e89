import { describe, expect, it } from 'vitest';
import { IntSpec, TokenRangeError } from '../../host/spec/int-spec.ts';
import { FloatReference } from '../../host/model/float-reference.ts';
import { randomPreparedModel } from '../../host/fixtures/random-model.ts';
import { diffTraces } from '../../host/model/diff.ts';
import type { ModelConfig } from '../../host/model/model.ts';
import { Prng } from '../../host/common/prng.ts';

function config(d: number, L: number, I: number, V: number): ModelConfig {
  return { vocabSize: V, hiddenSize: d, numLayers: L, intermediateSize: I, rmsNormEps: 1e-6, useLowerBound: true, bosTokenId: 1, eosTokenId: 2, tieWordEmbeddings: false };
}

function argmax(v: ArrayLike<number>): number {
  let a = 0;
  for (let k = 1; k < v.length; k++) if (v[k]! > v[a]!) a = k;
  return a;
}

describe('integer spec vs float reference', () => {
  for (const [d, L, I, V, seed] of [
    [64, 2, 176, 256, 1],
    [96, 3, 256, 300, 2],
    [72, 2, 200, 131, 3],
  ] as const) {
    it(`agrees on the next token and tracks every intermediate (d=${d}, L=${L}, I=${I}, V=${V})`, () => {
      const model = randomPreparedModel(config(d, L, I, V), seed);
      const ref = new FloatReference(model);
      const spec = new IntSpec(model);
      const prng = new Prng(seed + 100);
      let agree = 0;
      const steps = 24;
      for (let t = 0; t < steps; t++) {
        const tok = prng.int(0, V - 1);
        const a = ref.step(tok, { trace: t === 0 });
        const b = spec.step(tok, { trace: t === 0 });
        const fa = argmax(a.logits);
        if (fa === b.argmax) agree++;
        // A different choice is only acceptable among near-ties: the float logits of both
        // choices must be closer than the spec's logit error.
        // The argmax over the Q15.16 logits and over the accumulators agree up to rounding ties.
        expect(b.logits[b.argmax]).toBe(Math.max(...b.logits));
        let worst = 0;
        for (let v = 0; v < V; v++) worst = Math.max(worst, Math.abs(a.logits[v]! - b.logitsFloat[v]!));
        expect(worst).toBeLessThan(0.05);
        expect(a.logits[fa]! - a.logits[b.argmax]!).toBeLessThanOrEqual(2 * worst);
        if (t === 0) {
          const diff = diffTraces(a.trace!, b.trace!);
          // Layer 0 of the first token: the int8 vectors of i/f/g are identical, the outputs close.
          const byName = new Map(diff.tensors.map((x) => [x.name, x]));
          for (const p of ['i_proj', 'f_proj', 'g_proj', 'gate_proj']) {
            expect(byName.get(`layers.0.${p}.q`)!.maxAbs).toBeLessThanOrEqual(1);
          }
          expect(byName.get('layers.0.i_proj.q')!.meanAbs).toBeLessThan(0.02);
          expect(byName.get('layers.0.h')!.maxAbs).toBeLessThan(1e-4);
          expect(byName.get('layers.0.x_attn')!.maxAbs).toBeLessThan(2e-3);
          expect(byName.get('logits')!.maxAbs).toBeLessThan(0.05);
          expect(diff.tensors.length).toBeGreaterThan(20 * L);
        }
      }
      expect(agree).toBeGreaterThanOrEqual(steps - 3);
    });
  }
});

describe('integer spec behaviour', () => {
  it('is deterministic and reset restores the initial state', () => {
    const model = randomPreparedModel(config(64, 2, 176, 200), 9);
    const a = new IntSpec(model);
    const b = new IntSpec(model);
    const toks = [1, 5, 9, 77, 3, 3, 150];
    const ra = toks.map((t) => a.step(t).logits);
    const rb = toks.map((t) => b.step(t).logits);
    expect(ra).toEqual(rb);
    a.reset();
    expect(a.steps).toBe(0);
    expect(toks.map((t) => a.step(t).logits)).toEqual(ra);
  });

  it('carries state across tokens: the same token gives different logits at a later step', () => {
    const spec = new IntSpec(randomPreparedModel(config(64, 2, 176, 200), 10));
    const first = spec.step(7).logits;
    spec.step(8);
    expect(spec.step(7).logits).not.toEqual(first);
  });

  it('intermediate traces are integers and every accumulator fits its derived width', () => {
    const spec = new IntSpec(randomPreparedModel(config(64, 2, 176, 200), 11));
    const r = spec.step(4, { trace: true });
    for (const [name, v] of r.intTrace!) {
      for (const e of v) expect(Number.isInteger(e), name).toBe(true);
      if (name.endsWith('.acc')) for (const e of v) expect(Math.abs(e)).toBeLessThanOrEqual(127 * 176);
      if (name.endsWith('.q')) for (const e of v) expect(Math.abs(e)).toBeLessThanOrEqual(127);
    }
  });

  it('a model of zeros yields zero logits without dividing by zero', () => {
    const model = randomPreparedModel(config(32, 1, 96, 50), 12, { embeddingStd: 0 });
    const r = new IntSpec(model).step(3);
    expect(Array.from(r.logits).every((v) => v === 0)).toBe(true);
    expect(r.argmax).toBe(0);
  });

  it('saturates instead of wrapping on a residual far outside its range', () => {
    const model = randomPreparedModel(config(32, 1, 96, 50), 13, { embeddingStd: 1e4 });
    const r = new IntSpec(model).step(3, { trace: true });
    const x = r.intTrace!.get('embedding')!;
    expect(Math.max(...x)).toBe(2 ** 31 - 1);
    expect(Math.min(...x)).toBe(-(2 ** 31));
    expect(r.logits.every((v) => Number.isFinite(v))).toBe(true);
  });

  it('rejects a token outside the vocabulary with a typed error', () => {
    const spec = new IntSpec(randomPreparedModel(config(32, 1, 96, 50), 14));
    expect(() => spec.step(50)).toThrow(TokenRangeError);
  });
});
