import { describe, expect, it } from 'vitest';
import {
  bitLength,
  divFloor,
  divMini,
  isqrt,
  saturate,
  shiftFloor,
  shiftRound,
  sigmoid,
  sigmoidTable,
  silu,
  SIGMOID_ENTRIES,
  accumulatorBits,
} from '../../host/spec/ops.ts';
import { dequantize, outputScale, quantize, quantizer, realOutput } from '../../host/spec/bitlinear.ts';
import { toMantissaVector, toMiniFloat } from '../../host/spec/int-model.ts';
import { Prng } from '../../host/common/prng.ts';

const exactSigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

describe('integer primitives', () => {
  it('bitLength is the position of the leading one', () => {
    expect([0, 1, 2, 3, 4, 255, 256, 2 ** 32 - 1, 2 ** 32, 2 ** 45 + 3].map(bitLength)).toEqual([0, 1, 2, 2, 3, 8, 9, 32, 33, 46]);
    expect(() => bitLength(-1)).toThrow(RangeError);
  });

  it('shiftRound rounds half up and shiftFloor floors, both exact for left shifts', () => {
    expect([5, 6, 7, -5, -6, -7].map((v) => shiftRound(v, 2))).toEqual([1, 2, 2, -1, -1, -2]);
    expect(shiftRound(-2, 2)).toBe(0); // -0.5 rounds up to 0
    expect(shiftRound(2, 2)).toBe(1); // +0.5 rounds up to 1
    expect([5, -5, -4].map((v) => shiftFloor(v, 2))).toEqual([1, -2, -1]);
    expect(shiftRound(3, -4)).toBe(48);
    expect(shiftFloor(-3, -4)).toBe(-48);
    expect(shiftRound(2 ** 51, 60)).toBe(0);
    expect(shiftRound(-(2 ** 51), 60)).toBe(0);
  });

  it('saturate clamps to the signed range of the width', () => {
    expect([saturate(200, 8), saturate(-200, 8), saturate(-128, 8), saturate(127, 8)]).toEqual([127, -128, -128, 127]);
  });

  it('divFloor and isqrt are exact (checked with BigInt) up to 2^52', () => {
    const prng = new Prng(11);
    for (let i = 0; i < 3000; i++) {
      const n = Math.floor(prng.float() * 2 ** (1 + (i % 52)));
      const d = 1 + Math.floor(prng.float() * 2 ** (1 + (i % 30)));
      expect(BigInt(divFloor(n, d))).toBe(BigInt(n) / BigInt(d));
      const r = BigInt(isqrt(n));
      expect(r * r <= BigInt(n) && (r + 1n) * (r + 1n) > BigInt(n)).toBe(true);
    }
    // Perfect squares and their neighbours at the top of the range.
    for (const r of [2 ** 26 - 1, 2 ** 26 - 3, 94906265]) {
      expect(isqrt(r * r)).toBe(r);
      expect(isqrt(r * r - 1)).toBe(r - 1);
    }
  });

  it('divMini returns a 17-bit normalized quotient floor(n·2^e/d)', () => {
    const prng = new Prng(12);
    for (let i = 0; i < 2000; i++) {
      const n = 1 + Math.floor(prng.float() * 2 ** (1 + (i % 40)));
      const d = 1 + Math.floor(prng.float() * 2 ** (1 + ((i * 7) % 40)));
      const { mant, exp } = divMini(n, d);
      expect(mant).toBeGreaterThanOrEqual(2 ** 16);
      expect(mant).toBeLessThan(2 ** 17);
      const exact = exp >= 0 ? (BigInt(n) << BigInt(exp)) / BigInt(d) : BigInt(n) / (BigInt(d) << BigInt(-exp));
      expect(BigInt(mant)).toBe(exact);
    }
    expect(divMini(0, 5)).toEqual({ mant: 0, exp: 0 });
  });

  it('accumulatorBits holds 127·cols with its sign', () => {
    for (const cols of [1, 5, 128, 200, 2816, 8192]) {
      const b = accumulatorBits(cols);
      expect(127 * cols).toBeLessThanOrEqual(2 ** (b - 1) - 1);
      expect(127 * cols).toBeGreaterThan(2 ** (b - 2) - 1);
    }
  });
});

describe('sigmoid and SiLU tables', () => {
  it('the table has 1025 entries, none within 1e-6 of a rounding tie, monotone, 0 and 65536 at the ends', () => {
    const t = sigmoidTable();
    expect(t.length).toBe(SIGMOID_ENTRIES);
    expect(SIGMOID_ENTRIES).toBe(1025);
    for (let i = 0; i < t.length; i++) {
      const v = exactSigmoid(-16 + i / 32) * 65536;
      expect(Math.abs(v - Math.floor(v) - 0.5)).toBeGreaterThan(1e-6);
      if (i > 0) expect(t[i]!).toBeGreaterThanOrEqual(t[i - 1]!);
    }
    expect(t[0]).toBe(0);
    expect(t[1024]).toBe(65536);
  });

  it('σ has absolute error ≤ 2.5e-5 over its whole input range, and clamps outside ±16', () => {
    let worst = 0;
    for (let z = -(2 ** 21); z <= 2 ** 21; z += 37) {
      const err = Math.abs(sigmoid(z) / 65536 - exactSigmoid(z / 65536));
      worst = Math.max(worst, err);
    }
    expect(worst).toBeLessThanOrEqual(2.5e-5);
    expect(worst).toBeGreaterThan(1e-6); // the bound is tight enough to mean something
    expect(sigmoid(-(2 ** 26))).toBe(0);
    expect(sigmoid(2 ** 26 - 1)).toBe(65536);
  });

  it('SiLU error is within |z|·2.5e-5 + 2^-16 and exact identity for large positive z', () => {
    for (let z = -(2 ** 23); z <= 2 ** 23; z += 997) {
      const real = z / 65536;
      const err = Math.abs(silu(z) / 65536 - real * exactSigmoid(real));
      expect(err).toBeLessThanOrEqual(Math.abs(real) * 2.5e-5 + 2 ** -16);
    }
    expect(silu(100 * 65536)).toBe(100 * 65536);
    expect(silu(-100 * 65536)).toBe(0);
  });
});

describe('BitLinear scalar path', () => {
  it('quantize matches round(127·p/P) to within rounding of the reciprocal', () => {
    const prng = new Prng(3);
    for (let trial = 0; trial < 200; trial++) {
      const scale = 2 ** (trial % 44);
      const p = Array.from({ length: 64 }, () => Math.round((prng.float() * 2 - 1) * scale));
      const P = Math.max(...p.map(Math.abs));
      if (P === 0) continue;
      const qz = quantizer(P);
      expect(qz.pm).toBeGreaterThanOrEqual(2 ** 16);
      expect(qz.pm).toBeLessThan(2 ** 17);
      for (const v of p) {
        const q = quantize(v, qz);
        expect(Math.abs(q - (127 * v) / P)).toBeLessThanOrEqual(0.5 + 127 * 2 ** -15);
        if (Math.abs(v) === P) expect(Math.abs(q)).toBe(127);
      }
    }
    expect(quantize(0, quantizer(0))).toBe(0);
  });

  it('the output scale equals P/sqrt(Q)·K·2^(-sR) to 17-bit precision', () => {
    const prng = new Prng(4);
    for (let trial = 0; trial < 300; trial++) {
      const P = 1 + Math.floor(prng.float() * 2 ** (10 + (trial % 34)));
      const sumSq = 2 ** 32 + Math.floor(prng.float() * 2 ** (33 + (trial % 14)));
      const sR = (trial % 21) - 10;
      const k = toMiniFloat(prng.float() * 1e-3 + 1e-9);
      const qz = quantizer(P);
      const s = outputScale(qz, k, sumSq, sR);
      const want = ((qz.pm * 2 ** qz.sP) / Math.sqrt(sumSq)) * k.mant * 2 ** (-k.exp - sR);
      expect(Math.abs(realOutput(1, s) / want - 1)).toBeLessThan(2 ** -14);
      expect(s.mant).toBeLessThan(2 ** 17);
    }
    expect(outputScale(quantizer(0), toMiniFloat(1), 5, 0).mant).toBe(0);
  });

  it('dequantize rounds half up and saturates', () => {
    const s = { mant: 3, shift: 20 }; // value = acc · 3 · 2^-20
    expect(dequantize(1, s, { bits: 32, frac: 20 })).toBe(3);
    expect(dequantize(1, s, { bits: 32, frac: 19 })).toBe(2); // 1.5 → 2
    expect(dequantize(-1, s, { bits: 32, frac: 19 })).toBe(-1); // -1.5 → -1
    expect(dequantize(2 ** 20, { mant: 2 ** 16, shift: 0 }, { bits: 27, frac: 16 })).toBe(2 ** 26 - 1);
  });

  it('mantissa vectors use 18-bit mantissas with the maximum in [2^16, 2^17)', () => {
    const v = toMantissaVector([0.001, -3.7, 2, 0]);
    const m = Math.max(...Array.from(v.mant, Math.abs));
    expect(m).toBeGreaterThanOrEqual(2 ** 16);
    expect(m).toBeLessThan(2 ** 17);
    expect(v.mant[1]! * 2 ** -v.exp).toBeCloseTo(-3.7, 4);
    expect(toMantissaVector([0, 0]).mant).toEqual(new Int32Array(2));
  });
});
