/**
 * Absmean per-tensor ternarization of a BitLinear weight (MODEL.md, BitLinear step 3):
 * s_w = 1 / max(mean(|W|), 1e-5); T = clamp(round(s_w · W), -1, 1).
 *
 * The arithmetic follows the reference in fp32: the mean is rounded to fp32, s_w is the fp32
 * reciprocal, each product s_w · w is rounded to fp32 and then rounded half to even (the
 * behaviour of torch.round).
 */
import type { TernaryMatrix } from './model.ts';

/** The smallest allowed mean(|W|): a zero matrix keeps a finite scale. */
export const WEIGHT_SCALE_FLOOR = 1e-5;

/** Round to the nearest integer, ties to the even one (torch.round, numpy.round). */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

/** mean(|W|) of a tensor, clamped to ≥ 1e-5 and rounded to fp32: the ternary matrix's scale. */
export function absmeanScale(w: ArrayLike<number>): number {
  let sum = 0;
  for (let k = 0; k < w.length; k++) sum += Math.abs(w[k]!);
  const mean = w.length === 0 ? 0 : Math.fround(sum / w.length);
  return Math.fround(Math.max(mean, WEIGHT_SCALE_FLOOR));
}

/**
 * Ternarize a row-major [rows, cols] fp32 matrix. The returned scale is mean(|W|) (clamped),
 * so the dequantized weight is trit · scale; the trits are computed with the fp32
 * reciprocal s_w = fround(1 / scale) exactly as the reference does.
 */
export function ternarize(w: ArrayLike<number>, rows: number, cols: number): TernaryMatrix {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new RangeError(`ternarize: bad shape [${rows}, ${cols}]`);
  }
  if (w.length !== rows * cols) {
    throw new RangeError(`ternarize: ${w.length} values do not fill a [${rows}, ${cols}] matrix`);
  }
  const scale = absmeanScale(w);
  const sw = Math.fround(1 / scale);
  const trits = new Int8Array(w.length);
  // clamp(roundHalfEven(p), -1, 1) is +1 exactly when p > 0.5 and −1 when p < −0.5
  // (p = ±0.5 rounds to the even 0; everything from ±1.5 on clamps to ±1).
  for (let k = 0; k < w.length; k++) {
    const p = Math.fround(w[k]! * sw);
    trits[k] = p > 0.5 ? 1 : p < -0.5 ? -1 : 0;
  }
  return { rows, cols, trits, scale };
}
