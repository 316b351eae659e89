/**
 * The integer model: every constant the hardware reads, computed once on the host from a
 * PreparedModel (float work happens here, never per token). Norm weights become 18-bit
 * mantissas with one exponent per vector; pairs of norms that multiply the same input are
 * folded into one vector; each projection's float scale folds into one mini-float K; the lower
 * bounds become Q0.16 constants; the embedding table becomes int16 mantissas with one exponent
 * per row. docs/ARITHMETIC.md, "Folded constants", derives each.
 */
import type { BitLinearWeights, ModelConfig, PreparedModel } from '../model/model.ts';
import { effectiveLowerBounds } from '../model/lower-bounds.ts';
import { EMBEDDING_MANT_BITS, GATE_ONE, NORM_MANT_BITS, Q_MAX } from './formats.ts';
import { MANT_BITS, type MiniFloat } from './ops.ts';

/** A vector of 18-bit signed mantissas sharing one exponent: value_k = mant_k · 2^-exp. */
export interface MantissaVector {
  mant: Int32Array;
  exp: number;
}

/** One projection as the hardware sees it. */
export interface IntProjection {
  name: string;
  rows: number;
  cols: number;
  /** Row-major trits. */
  trits: Int8Array;
  /** c = (rms weight) ⊙ (projection norm weight): the vector the input is multiplied by before quantization. */
  c: MantissaVector;
  /** K = sqrt(cols) · mean|W| / 127 · 2^(e_a − e_c) as mant · 2^-exp (the output scale's constant part). */
  k: MiniFloat;
}

export interface IntLayer {
  /** rms weight of the i/f/g group: attn_norm. */
  attnA: MantissaVector;
  i: IntProjection;
  f: IntProjection;
  g: IntProjection;
  /** rms weight of o_proj's input: g_norm. */
  oA: MantissaVector;
  o: IntProjection;
  /** rms weight of gate_proj's input: mlp_norm. */
  mlpA: MantissaVector;
  gateUp: IntProjection;
  /** rms weight of down_proj's input: all ones. */
  downA: MantissaVector;
  down: IntProjection;
  /** Effective lower bound per channel, Q0.16 in [0, 65536] (all zero in layer 0). */
  lowerBound: Int32Array;
}

export interface IntModel {
  config: ModelConfig;
  /** [V, d] int16 mantissas. */
  embMant: Int16Array;
  /** [V] row exponents: value = mant · 2^-exp. */
  embExp: Int32Array;
  layers: IntLayer[];
  finalA: MantissaVector;
  lmHead: IntProjection;
}

/**
 * Mantissas with one shared exponent: the largest exp such that every round(v · 2^exp) has
 * magnitude below 2^(bits-1); an all-zero vector gets exponent 0.
 */
export function toMantissaVector(v: ArrayLike<number>, bits: number = NORM_MANT_BITS): MantissaVector {
  let m = 0;
  for (let k = 0; k < v.length; k++) m = Math.max(m, Math.abs(v[k]!));
  const mant = new Int32Array(v.length);
  if (m === 0) return { mant, exp: 0 };
  const limit = 2 ** (bits - 1) - 1;
  let exp = bits - 2 - Math.floor(Math.log2(m));
  while (roundHalfUp(m * 2 ** exp) > limit) exp--;
  while (roundHalfUp(m * 2 ** (exp + 1)) <= limit) exp++;
  for (let k = 0; k < v.length; k++) mant[k] = roundHalfUp(v[k]! * 2 ** exp);
  return { mant, exp };
}

/** A positive float as a mini-float mant · 2^-exp with mant in [2^16, 2^17). */
export function toMiniFloat(x: number): MiniFloat {
  if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`toMiniFloat needs a positive finite value, got ${x}`);
  let exp = MANT_BITS - 1 - Math.floor(Math.log2(x));
  while (roundHalfUp(x * 2 ** exp) >= 2 ** MANT_BITS) exp--;
  while (roundHalfUp(x * 2 ** exp) < 2 ** (MANT_BITS - 1)) exp++;
  return { mant: roundHalfUp(x * 2 ** exp), exp };
}

function roundHalfUp(x: number): number {
  return Math.floor(x + 0.5);
}

function product(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const out = new Float64Array(a.length);
  for (let k = 0; k < a.length; k++) out[k] = a[k]! * b[k]!;
  return out;
}

function projection(name: string, w: BitLinearWeights, rmsWeight: ArrayLike<number>, a: MantissaVector): IntProjection {
  const c = toMantissaVector(product(rmsWeight, w.norm));
  const m = w.weight;
  // out = acc · P/sqrt(Q) · sqrt(n) · mean|W| / 127 · 2^(e_a − e_c) · 2^(−s_R)  (ARITHMETIC.md)
  const k = toMiniFloat((Math.sqrt(m.cols) * m.scale * 2 ** (a.exp - c.exp)) / Q_MAX);
  return { name, rows: m.rows, cols: m.cols, trits: m.trits, c, k };
}

/** Convert a PreparedModel into the integer model (all constants of the hardware). */
export function toIntModel(model: PreparedModel): IntModel {
  const { config } = model;
  const d = config.hiddenSize;
  const I = config.intermediateSize;
  const V = config.vocabSize;
  const embMant = new Int16Array(V * d);
  const embExp = new Int32Array(V);
  for (let t = 0; t < V; t++) {
    const row = toMantissaVector(model.embeddings.subarray(t * d, (t + 1) * d), EMBEDDING_MANT_BITS);
    embMant.set(row.mant, t * d);
    embExp[t] = row.exp;
  }
  const lb = effectiveLowerBounds(config, model.lowerBounds);
  const ones = new Float64Array(I).fill(1);
  const layers = model.layers.map((layer, l): IntLayer => {
    const attnA = toMantissaVector(layer.attnNorm);
    const oA = toMantissaVector(layer.gNorm);
    const mlpA = toMantissaVector(layer.mlpNorm);
    const downA = toMantissaVector(ones);
    const lowerBound = new Int32Array(d);
    if (l > 0 && config.useLowerBound) {
      for (let k = 0; k < d; k++) lowerBound[k] = Math.min(GATE_ONE, roundHalfUp(lb[l * d + k]! * GATE_ONE));
    }
    return {
      attnA,
      i: projection(`layers.${l}.i_proj`, layer.iProj, layer.attnNorm, attnA),
      f: projection(`layers.${l}.f_proj`, layer.fProj, layer.attnNorm, attnA),
      g: projection(`layers.${l}.g_proj`, layer.gProj, layer.attnNorm, attnA),
      oA,
      o: projection(`layers.${l}.o_proj`, layer.oProj, layer.gNorm, oA),
      mlpA,
      gateUp: projection(`layers.${l}.gate_proj`, layer.gateProj, layer.mlpNorm, mlpA),
      downA,
      down: projection(`layers.${l}.down_proj`, layer.downProj, ones, downA),
      lowerBound,
    };
  });
  const finalA = toMantissaVector(model.finalNorm);
  const lmHead = projection('lm_head', model.lmHead, model.finalNorm, finalA);
  return { config, embMant, embExp, layers, finalA, lmHead };
}
