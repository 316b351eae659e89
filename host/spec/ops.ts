/**
 * The primitive operations of the integer spec, each with exact integer semantics that the RTL
 * implements literally (docs/ARITHMETIC.md states each one, its widths and why it cannot
 * overflow). Every value is a JS integer; every intermediate product stays below 2^53.
 *
 * Rounding rule, everywhere a result is narrowed: round half up, i.e. add 2^(s-1) and shift
 * right arithmetically by s (`shiftRound`). Pre-normalization shifts that only select bits
 * before a multiply use a plain arithmetic shift (floor, `shiftFloor`).
 */

/** A primitive was handed a value outside the range the spec defines for it (a bug upstream). */
export class IntSpecRangeError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'IntSpecRangeError';
  }
}

/** Number of bits of a non-negative integer: 0 → 0, 1 → 1, 2..3 → 2, 2^k..2^(k+1)-1 → k+1 (a priority encoder). */
export function bitLength(v: number): number {
  if (v < 0) throw new IntSpecRangeError(`bitLength of negative value ${v}`);
  if (v === 0) return 0;
  if (v < 4294967296) return 32 - Math.clz32(v);
  return 32 + bitLength(Math.floor(v / 4294967296));
}

/** Arithmetic shift: floor(v / 2^s) for s ≥ 0, exact v · 2^-s for s < 0. */
export function shiftFloor(v: number, s: number): number {
  if (s <= 0) return v * 2 ** -s;
  return Math.floor(v / 2 ** s);
}

/**
 * Shift with rounding half up: floor((v + 2^(s-1)) / 2^s) for s > 0, exact v · 2^-s for s ≤ 0.
 * For |v| < 2^52 a shift s ≥ 54 always yields 0, so shifts are clamped there (same result, and
 * the addition stays exact).
 */
export function shiftRound(v: number, s: number): number {
  if (s <= 0) return v * 2 ** -s;
  if (s >= 54) return 0;
  return Math.floor((v + 2 ** (s - 1)) / 2 ** s);
}

/** Saturate v to a signed `bits`-wide two's-complement range. */
export function saturate(v: number, bits: number): number {
  const hi = 2 ** (bits - 1) - 1;
  const lo = -(2 ** (bits - 1));
  return v > hi ? hi : v < lo ? lo : v;
}

/** Clamp v to [lo, hi]. */
export function clamp(v: number, lo: number, hi: number): number {
  return v > hi ? hi : v < lo ? lo : v;
}

/** Exact floor(n / d) for 0 ≤ n < 2^53, 0 < d < 2^53 (a restoring divider). */
export function divFloor(n: number, d: number): number {
  if (!(n >= 0 && d > 0)) throw new IntSpecRangeError(`divFloor(${n}, ${d}) outside n ≥ 0, d > 0`);
  let q = Math.floor(n / d);
  // The float quotient may round up across an integer; correct by one step either way.
  while (q * d > n) q--;
  while ((q + 1) * d <= n) q++;
  return q;
}

/** Exact floor(sqrt(n)) for 0 ≤ n < 2^53 (a bit-serial integer square root). */
export function isqrt(n: number): number {
  if (!(n >= 0)) throw new IntSpecRangeError(`isqrt of negative value ${n}`);
  let r = Math.floor(Math.sqrt(n));
  while (r * r > n) r--;
  while ((r + 1) * (r + 1) <= n) r++;
  return r;
}

/** Width of the normalized mantissas (scale factors, norm weights): values in [2^16, 2^17). */
export const MANT_BITS = 17;

/** A positive scale as mantissa · 2^-exp, mantissa in [2^16, 2^17) (or 0 for a zero scale). */
export interface MiniFloat {
  mant: number;
  exp: number;
}

/**
 * Normalized quotient: for n > 0, d > 0 returns (m, e) with m = floor(n · 2^e / d) in
 * [2^16, 2^17). The divider aligns the leading ones of n and d, then a restoring division
 * yields 17 quotient bits. n and d below 2^48.
 */
export function divMini(n: number, d: number): MiniFloat {
  if (n === 0) return { mant: 0, exp: 0 };
  if (!(n > 0 && d > 0)) throw new IntSpecRangeError(`divMini(${n}, ${d}) outside n > 0, d > 0`);
  let e = MANT_BITS - 1 - (bitLength(n) - bitLength(d));
  // n·2^e / d lies in (2^15, 2^17): one more bit when it is below 2^16.
  let m = quotientShifted(n, d, e);
  if (m < 2 ** (MANT_BITS - 1)) {
    e++;
    m = quotientShifted(n, d, e);
  }
  return { mant: m, exp: e };
}

/** floor(n · 2^e / d) for integers; exact for e < 0 as floor(floor(n / 2^-e) / d). */
function quotientShifted(n: number, d: number, e: number): number {
  return e >= 0 ? divFloor(n * 2 ** e, d) : divFloor(Math.floor(n / 2 ** -e), d);
}

// ---------------------------------------------------------------------------------------------
// Sigmoid and SiLU: a 1025-entry table on [-16, 16] at steps of 1/32 with linear interpolation.

/** Fraction bits of the sigmoid's input and of its output (σ ∈ [0, 1] as 0..65536). */
export const SIGMOID_FRAC = 16;
/** log2 of the table step in input units: 2^11 / 2^16 = 1/32. */
export const SIGMOID_STEP_SHIFT = 11;
/** Input clamp: |z| ≤ 16 (2^20 in Q.16). */
export const SIGMOID_RANGE = 16 * 2 ** SIGMOID_FRAC;
/** Table entries: 2·16·32 intervals + 1 endpoint. */
export const SIGMOID_ENTRIES = (2 * SIGMOID_RANGE) / 2 ** SIGMOID_STEP_SHIFT + 1;

let sigmoidTableCache: Int32Array | null = null;

/**
 * The table: T[i] = round(σ(z_i) · 2^16), z_i = -16 + i/32, i = 0..1024. Every entry is
 * computed in float64 far from a rounding tie (checked by the tests), so the contents are the
 * same on every platform.
 */
export function sigmoidTable(): Int32Array {
  if (sigmoidTableCache !== null) return sigmoidTableCache;
  const t = new Int32Array(SIGMOID_ENTRIES);
  const step = 2 ** SIGMOID_STEP_SHIFT / 2 ** SIGMOID_FRAC;
  for (let i = 0; i < SIGMOID_ENTRIES; i++) {
    const z = -16 + i * step;
    t[i] = Math.round((1 / (1 + Math.exp(-z))) * 2 ** SIGMOID_FRAC);
  }
  sigmoidTableCache = t;
  return t;
}

/**
 * σ(z) for z in Q.16 (any width): clamp to [-2^20, 2^20 - 1], index = top bits of the offset
 * value, linear interpolation with the low 11 bits, rounded half up. Result in [0, 65536].
 */
export function sigmoid(z: number): number {
  const t = sigmoidTable();
  const zc = clamp(z, -SIGMOID_RANGE, SIGMOID_RANGE - 1);
  const off = zc + SIGMOID_RANGE;
  const idx = off >>> SIGMOID_STEP_SHIFT;
  const fr = off & (2 ** SIGMOID_STEP_SHIFT - 1);
  const lo = t[idx]!;
  return lo + shiftRound((t[idx + 1]! - lo) * fr, SIGMOID_STEP_SHIFT);
}

/** SiLU(z) = z · σ(z) for z in Q.16, result in Q.16: shiftRound(z · σ(z), 16). */
export function silu(z: number): number {
  return shiftRound(z * sigmoid(z), SIGMOID_FRAC);
}

// ---------------------------------------------------------------------------------------------
// Vector primitives.

/** max_k |v_k| (a comparator on the write port of the vector's RAM). */
export function maxAbs(v: ArrayLike<number>): number {
  let m = 0;
  for (let k = 0; k < v.length; k++) {
    const a = Math.abs(v[k]!);
    if (a > m) m = a;
  }
  return m;
}

/**
 * Ternary matrix-vector product acc_j = Σ_k T_jk q_k, exact: |acc_j| ≤ 127 · cols, so
 * bitLength(127 · cols) + 1 bits hold it.
 */
export function ternaryMatVec(trits: Int8Array, rows: number, cols: number, q: Int32Array, out: Float64Array): void {
  for (let j = 0; j < rows; j++) {
    let acc = 0;
    const base = j * cols;
    for (let k = 0; k < cols; k++) acc += trits[base + k]! * q[k]!;
    out[j] = acc;
  }
}

/** Width in bits (sign included) of an accumulator summing `cols` products of a trit and an int8 in [-127, 127]. */
export function accumulatorBits(cols: number): number {
  return bitLength(127 * cols) + 1;
}
