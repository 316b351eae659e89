/**
 * The fused BitLinear of the integer spec: a group of projections that read the same input u
 * and share the rms weight a (i/f/g share x and attn_norm; every other group has one member).
 *
 *   y_p = (u ⊙ c_p) / rms(u ⊙ a)           c_p = a ⊙ n_p, folded on the host
 *   q_p = round(127 · (u ⊙ c_p) / max|u ⊙ c_p|)
 *   out_p = (T_p q_p) · max|u ⊙ c_p| / (127 · rms(u ⊙ a)) · mean|W_p|
 *
 * The outer RMSNorm's 1/rms factor cancels exactly (up to eps) and the input's own scale
 * cancels, so u may be any integer vector. The stages below are the hardware's, in order:
 * normalizing shift, statistics pass, per-token scalars, quantization pass, ternary
 * accumulation, output scale. docs/ARITHMETIC.md, "BitLinear", gives every width and bound.
 */
import { Q_MAX, RECIP_SHIFT, STAT_BITS, U_NORM_BITS } from './formats.ts';
import type { IntProjection, MantissaVector } from './int-model.ts';
import {
  bitLength,
  clamp,
  divFloor,
  divMini,
  isqrt,
  maxAbs,
  saturate,
  shiftFloor,
  shiftRound,
  ternaryMatVec,
  type MiniFloat,
} from './ops.ts';
import type { FixedFormat } from './formats.ts';

/** Normalizing shift of the input: u' = u >> sU keeps |u'| < 2^26 (27-bit signed). */
export function inputShift(uMax: number): number {
  return Math.max(0, bitLength(uMax) - (U_NORM_BITS - 1));
}

/** Shift that brings a maximum into [2^16, 2^17): s = bitLength(m) − 17 (negative: left shift). */
export function statShift(m: number): number {
  return bitLength(m) - (STAT_BITS - 1);
}

export interface StatsResult {
  /** max_k |u'_k · a_k|. */
  rmsMax: number;
  /** per projection max_k |u'_k · c_pk|. */
  absMax: number[];
}

/** Pass 1: one multiply per vector per element, and a running maximum of each magnitude. */
export function statsPass(u: ArrayLike<number>, sU: number, a: MantissaVector, cs: readonly MantissaVector[]): StatsResult {
  let rmsMax = 0;
  const absMax = cs.map(() => 0);
  for (let k = 0; k < u.length; k++) {
    const uk = shiftFloor(u[k]!, sU);
    const r = Math.abs(uk * a.mant[k]!);
    if (r > rmsMax) rmsMax = r;
    for (let p = 0; p < cs.length; p++) {
      const v = Math.abs(uk * cs[p]!.mant[k]!);
      if (v > absMax[p]!) absMax[p] = v;
    }
  }
  return { rmsMax, absMax };
}

/** The quantizer of one projection: P = Pm · 2^sP (Pm in [2^16, 2^17)) and R = floor(127 · 2^33 / Pm). */
export interface Quantizer {
  sP: number;
  pm: number;
  recip: number;
}

export function quantizer(absMax: number): Quantizer {
  if (absMax === 0) return { sP: 0, pm: 0, recip: 0 };
  const sP = statShift(absMax);
  const pm = shiftFloor(absMax, sP);
  return { sP, pm, recip: divFloor(Q_MAX * 2 ** RECIP_SHIFT, pm) };
}

/** q = clamp(round((p >> sP) · R / 2^33), −127, 127). */
export function quantize(p: number, qz: Quantizer): number {
  return clamp(shiftRound(shiftFloor(p, qz.sP) * qz.recip, RECIP_SHIFT), -Q_MAX, Q_MAX);
}

export interface QuantResult {
  /** Σ_k ((u'_k · a_k) >> sR)². */
  sumSq: number;
  q: Int32Array[];
}

/** Pass 2: the int8 vectors of every projection and the sum of squares for the rms. */
export function quantPass(
  u: ArrayLike<number>,
  sU: number,
  a: MantissaVector,
  sR: number,
  cs: readonly MantissaVector[],
  qzs: readonly Quantizer[],
): QuantResult {
  let sumSq = 0;
  const q = cs.map(() => new Int32Array(u.length));
  for (let k = 0; k < u.length; k++) {
    const uk = shiftFloor(u[k]!, sU);
    const r = shiftFloor(uk * a.mant[k]!, sR);
    sumSq += r * r;
    for (let p = 0; p < cs.length; p++) q[p]![k] = quantize(uk * cs[p]!.mant[k]!, qzs[p]!);
  }
  return { sumSq, q };
}

/** A per-token output scale: real output = acc · mant · 2^-shift. mant 0 means the output is zero. */
export interface OutputScale {
  mant: number;
  shift: number;
}

/**
 * out = acc · Pm · K / sqrt(Q) · 2^(sP − sR): rq = isqrt(Q), (M, eM) = divMini(Pm · Km, rq),
 * real = acc · M · 2^-(eM − sP + Ke + sR).
 */
export function outputScale(qz: Quantizer, k: MiniFloat, sumSq: number, sR: number): OutputScale {
  if (qz.pm === 0 || sumSq === 0) return { mant: 0, shift: 0 };
  const rq = isqrt(sumSq);
  const m = divMini(qz.pm * k.mant, rq);
  return { mant: m.mant, shift: m.exp - qz.sP + k.exp + sR };
}

/** Dequantize one accumulator into a fixed format: saturate(round(acc · M · 2^(frac − shift))). */
export function dequantize(acc: number, scale: OutputScale, fmt: FixedFormat): number {
  return saturate(shiftRound(acc * scale.mant, scale.shift - fmt.frac), fmt.bits);
}

/** The float value acc · M · 2^-shift of an accumulator (for traces only; the datapath never forms it). */
export function realOutput(acc: number, scale: OutputScale): number {
  return acc * scale.mant * 2 ** -scale.shift;
}

export interface BitLinearGroupResult {
  sU: number;
  stats: StatsResult;
  sR: number;
  quantizers: Quantizer[];
  sumSq: number;
  q: Int32Array[];
  acc: Float64Array[];
  scales: OutputScale[];
}

/** Run a group of projections over the same input: both passes, the accumulations and the output scales. */
export function bitLinearGroup(u: ArrayLike<number>, a: MantissaVector, projs: readonly IntProjection[]): BitLinearGroupResult {
  const cs = projs.map((p) => p.c);
  const sU = inputShift(maxAbs(u));
  const stats = statsPass(u, sU, a, cs);
  const sR = statShift(stats.rmsMax);
  const quantizers = stats.absMax.map(quantizer);
  const { sumSq, q } = quantPass(u, sU, a, sR, cs, quantizers);
  const acc = projs.map((p, i) => {
    const out = new Float64Array(p.rows);
    ternaryMatVec(p.trits, p.rows, p.cols, q[i]!, out);
    return out;
  });
  const scales = projs.map((p, i) => outputScale(quantizers[i]!, p.k, sumSq, sR));
  return { sU, stats, sR, quantizers, sumSq, q, acc, scales };
}
