import { describe, expect, it } from 'vitest';
import {
  formatOf,
  formatRange,
  headroomBits,
  numericsProfile,
  signedWidth,
  tensorKind,
} from '../../host/spec/numerics-profile.ts';
import { IntSpec } from '../../host/spec/int-spec.ts';
import { randomPreparedModel } from '../../host/fixtures/random-model.ts';
import type { ModelConfig } from '../../host/model/model.ts';

function config(d: number, L: number, I: number, V: number): ModelConfig {
  return { vocabSize: V, hiddenSize: d, numLayers: L, intermediateSize: I, rmsNormEps: 1e-6, useLowerBound: true, bosTokenId: 1, eosTokenId: 2, tieWordEmbeddings: false };
}

const TOKENS = [3, 17, 0, 42, 5, 63, 8, 21];

describe('headroom', () => {
  it('counts the bits a value range leaves unused at the top of a format', () => {
    const int8 = { bits: 8, frac: 0, signed: true };
    expect(signedWidth(0)).toBe(1);
    expect(signedWidth(1)).toBe(2);
    expect(signedWidth(-1)).toBe(1);
    expect(signedWidth(127)).toBe(8);
    expect(signedWidth(-128)).toBe(8);
    expect(signedWidth(-129)).toBe(9);
    expect(headroomBits(int8, -128, 127)).toBe(0);
    expect(headroomBits(int8, -64, 63)).toBe(1);
    expect(headroomBits(int8, -65, 10)).toBe(0);
    expect(headroomBits(int8, -1, 1)).toBe(6);
    expect(headroomBits(int8, 0, 0)).toBe(7);
    expect(headroomBits(int8, 0, 128)).toBe(-1);
    const gate = { bits: 17, frac: 16, signed: false };
    expect(headroomBits(gate, 0, 65536)).toBe(0);
    expect(headroomBits(gate, 0, 63707)).toBe(1);
    expect(headroomBits(gate, -1, 5)).toBe(-Infinity);
    expect(formatRange(gate)).toEqual([0, 131071]);
    expect(formatRange(int8)).toEqual([-128, 127]);
  });

  it('maps trace names to layers and tensor kinds', () => {
    expect(tensorKind('layers.12.i_proj.acc')).toEqual({ layer: 12, kind: 'i_proj.acc' });
    expect(tensorKind('lm_head.q')).toEqual({ layer: null, kind: 'lm_head.q' });
  });

  it('derives accumulator widths from the projection input length', () => {
    const c = config(64, 2, 200, 100);
    expect(formatOf('i_proj.acc', c).format).toEqual({ bits: 14, frac: 0, signed: true }); // 127·64 = 8128: 13 bits + sign
    expect(formatOf('down_proj.acc', c).format).toEqual({ bits: 16, frac: 0, signed: true }); // 127·200 = 25400 → 15 bits + sign
    expect(formatOf('x_out', c).format).toEqual({ bits: 32, frac: 20, signed: true });
    expect(formatOf('layers.0.h', c).format).toBeNull(); // a full name is not a kind
    expect(formatOf('some_new_vector', c).source).toMatch(/not determined/);
  });
});

describe('numerics profile of the integer spec', () => {
  const cfg = config(32, 2, 96, 64);
  const model = randomPreparedModel(cfg, 7);
  const profile = numericsProfile(model, TOKENS);

  it('covers every integer vector of the spec, per layer and over layers', () => {
    const spec = new IntSpec(model);
    const names = [...spec.step(TOKENS[0]!, { trace: true }).intTrace!.keys()];
    const kinds = new Set(profile.kinds.map((e) => e.tensor));
    for (const name of names) {
      const { kind } = tensorKind(name);
      const covered = kinds.has(kind) || [...kinds].some((k) => k.startsWith(`${kind}.`));
      expect(covered, name).toBe(true);
    }
    const layerKinds = profile.kinds.filter((e) => profile.perLayer.some((p) => p.tensor === e.tensor));
    expect(profile.perLayer.length).toBe(layerKinds.length * cfg.numLayers);
    for (const agg of layerKinds) {
      const rows = profile.perLayer.filter((p) => p.tensor === agg.tensor);
      expect(rows.map((r) => r.layer)).toEqual([0, 1]);
      expect(rows.reduce((a, r) => a + r.count, 0)).toBe(agg.count);
      expect(Math.min(...rows.map((r) => r.intMin))).toBe(agg.intMin);
      expect(Math.max(...rows.map((r) => r.intMax))).toBe(agg.intMax);
    }
    expect(profile.kinds.find((e) => e.tensor === 'x_attn')!.count).toBe(TOKENS.length * cfg.numLayers * cfg.hiddenSize);
    expect(profile.kinds.find((e) => e.tensor === 'logits')!.count).toBe(TOKENS.length * cfg.vocabSize);
  });

  it('every profiled range lies inside its format', () => {
    for (const e of [...profile.kinds, ...profile.perLayer]) {
      if (e.format === null) continue;
      expect(e.inside, e.tensor).toBe(true);
      expect(e.headroomBits!, e.tensor).toBeGreaterThanOrEqual(0);
      expect(e.intMin).toBeGreaterThanOrEqual(e.formatMin!);
      expect(e.intMax).toBeLessThanOrEqual(e.formatMax!);
    }
  });

  it('names the values whose format the spec does not determine, and only those', () => {
    const undetermined = new Set(profile.undetermined.map((u) => u.tensor.replace(/^[a-z_]+\./, '')));
    expect([...undetermined].sort()).toEqual(['group.sR', 'group.sU', 'scalars.shift']);
    for (const u of profile.undetermined) expect(u.reason).toMatch(/^not determined: /);
    for (const e of profile.kinds) expect(e.format === null).toBe(profile.undetermined.some((u) => u.tensor === e.tensor));
  });

  it('real ranges agree with the spec’s own dequantized trace', () => {
    const spec = new IntSpec(model);
    const lo = new Map<string, number>();
    const hi = new Map<string, number>();
    for (const t of TOKENS) {
      const { trace } = spec.step(t, { trace: true });
      for (const kind of ['x_attn', 'h', 'f', 'gate', 'i_proj.out', 'logits']) {
        for (const [name, v] of trace!) {
          if (tensorKind(name).kind !== kind) continue;
          lo.set(kind, Math.min(lo.get(kind) ?? Infinity, ...Array.from(v)));
          hi.set(kind, Math.max(hi.get(kind) ?? -Infinity, ...Array.from(v)));
        }
      }
    }
    for (const [kind, min] of lo) {
      const e = profile.kinds.find((k) => k.tensor === kind)!;
      expect(e.realMin, kind).toBeCloseTo(min, 12);
      expect(e.realMax, kind).toBeCloseTo(hi.get(kind)!, 12);
    }
  });

  it('absmax quantization uses every bit of int8 and sits at the clamp once per vector', () => {
    const q = profile.kinds.find((e) => e.tensor === 'i_proj.q')!;
    expect(q.headroomBits).toBe(0);
    expect(q.narrowing).toBe('clamp');
    expect(q.saturated).toBeGreaterThanOrEqual(TOKENS.length * cfg.numLayers);
  });
});

describe('numerics profile on hand-made embeddings', () => {
  const cfg = config(16, 1, 48, 8);

  it('gives headroom 9 for a largest embedding value of 3 in Q11.20', () => {
    const model = randomPreparedModel(cfg, 3);
    for (let t = 0; t < cfg.vocabSize; t++) {
      const row = model.embeddings.subarray(t * 16, (t + 1) * 16);
      row.fill(0.25);
      if (t === 2) row[5] = 3; // 3 · 2^20 needs 22 magnitude bits + sign = 23 of 32
      if (t === 4) row[0] = -0.5;
    }
    const p = numericsProfile(model, [2, 4, 1]);
    const emb = p.kinds.find((e) => e.tensor === 'embedding')!;
    expect(emb.intMax).toBe(3 * 2 ** 20);
    expect(emb.intMin).toBe(-(2 ** 19));
    expect(emb.realMax).toBe(3);
    expect(emb.realMin).toBe(-0.5);
    expect(emb.headroomBits).toBe(9);
    expect(emb.saturated).toBe(0);
    expect(emb.saturatedShare).toBe(0);
  });

  it('counts values saturated at the edge of Q11.20', () => {
    const model = randomPreparedModel(cfg, 3);
    const row = model.embeddings.subarray(0, 16);
    row.fill(1);
    row[0] = 4096; // beyond ±2048: saturates to 2^31 − 1
    row[1] = -4096; // saturates to −2^31
    const p = numericsProfile(model, [0, 0]);
    const emb = p.kinds.find((e) => e.tensor === 'embedding')!;
    expect(emb.intMax).toBe(2 ** 31 - 1);
    expect(emb.intMin).toBe(-(2 ** 31));
    expect(emb.headroomBits).toBe(0);
    expect(emb.saturated).toBe(4);
    expect(emb.saturatedShare).toBe(4 / 32);
  });
});
