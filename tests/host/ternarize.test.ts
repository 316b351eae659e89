import { describe, expect, it } from 'vitest';
import { absmeanScale, roundHalfEven, ternarize } from '../../host/model/ternarize.ts';
import { Prng } from '../../host/common/prng.ts';

describe('roundHalfEven', () => {
  it('rounds ties to the even neighbour like torch.round', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4999, -2.5001].map(roundHalfEven)).toEqual([0, 2, 2, 0, -2, -2, 2, -3]);
    expect(roundHalfEven(0.49999997)).toBe(0);
    expect(roundHalfEven(1.0000001)).toBe(1);
  });
});

describe('ternarize', () => {
  it('uses scale = mean|W| and thresholds at half of it', () => {
    // mean|W| = (0.1+0.2+0.3+0.4+0+0.6)/6 = 0.2666…; s_w·w: 0.375, -0.75, 1.125, -1.5, 0, 2.25
    const w = new Float32Array([0.1, -0.2, 0.3, -0.4, 0, 0.6]);
    const t = ternarize(w, 2, 3);
    expect([...t.trits]).toEqual([0, -1, 1, -1, 0, 1]);
    expect(t.scale).toBeCloseTo(1.6 / 6, 7);
    expect(t.rows).toBe(2);
    expect(t.cols).toBe(3);
  });

  it('rounds an exact half to even (s_w·w = ±0.5 → 0, ±1.5 → ±1 after clamp)', () => {
    // mean|W| = 1 → s_w = 1
    const w = new Float32Array([0.5, -0.5, 1.5, -1.5, 1, 1]);
    expect(absmeanScale(w)).toBe(1);
    expect([...ternarize(w, 1, 6).trits]).toEqual([0, 0, 1, -1, 1, 1]);
  });

  it('clamps the scale of a zero matrix to 1e-5', () => {
    const t = ternarize(new Float32Array(8), 2, 4);
    expect(t.scale).toBe(Math.fround(1e-5));
    expect([...t.trits]).toEqual(new Array(8).fill(0));
  });

  it('matches a direct float64 statement of the rule on random data', () => {
    const prng = new Prng(7);
    const w = new Float32Array(4096).map(() => prng.normal() * 0.03);
    const t = ternarize(w, 64, 64);
    let sum = 0;
    for (const v of w) sum += Math.abs(v);
    const mean = sum / w.length;
    let agree = 0;
    for (let k = 0; k < w.length; k++) {
      const expected = Math.max(-1, Math.min(1, Math.round(w[k]! / mean)));
      if (expected === t.trits[k]) agree++;
    }
    expect(agree).toBe(w.length);
    const nonzero = t.trits.reduce((a, b) => a + (b !== 0 ? 1 : 0), 0);
    expect(nonzero / w.length).toBeGreaterThan(0.6);
    expect(nonzero / w.length).toBeLessThan(0.75);
  });

  it('rejects a shape that the data does not fill', () => {
    expect(() => ternarize(new Float32Array(5), 2, 3)).toThrow(/do not fill/);
  });
});
