/**
 * The fp32 float reference of the MatMul-free LM (MODEL.md, "One token through the model"):
 * one token at a time, each layer keeping its recurrent state h. Non-ternary arithmetic is
 * fp32 (values rounded with Math.fround after each operation; reductions summed in float64
 * and rounded once); the ternary product T·q is exact integer arithmetic, as in hardware.
 *
 * Activation rounding is half to even (torch.round), as in the released reference.
 */
import type { BitLinearWeights, ModelConfig, PreparedModel } from './model.ts';
import { effectiveLowerBounds } from './lower-bounds.ts';
import { roundHalfEven } from './ternarize.ts';
import { bitLinearName, layerName, type LayerBitLinear, type Trace } from './trace.ts';

/** eps of the RMSNorm inside every BitLinear (the fused inference path). */
export const BITLINEAR_NORM_EPS = 1e-6;
/** Floor of max|y| in the activation scale s = 127 / max(max|y|, 1e-5). */
export const ACTIVATION_ABSMAX_FLOOR = 1e-5;

const fr = Math.fround;

/** RMSNorm(u; w, eps) in fp32. */
export function rmsNorm(u: Float32Array, w: Float32Array, eps: number): Float32Array {
  let ss = 0;
  for (let k = 0; k < u.length; k++) ss += u[k]! * u[k]!;
  const rstd = fr(1 / Math.sqrt(fr(fr(ss / u.length) + fr(eps))));
  const out = new Float32Array(u.length);
  for (let k = 0; k < u.length; k++) out[k] = fr(fr(u[k]! * rstd) * w[k]!);
  return out;
}

export function sigmoid(z: number): number {
  return fr(1 / fr(1 + fr(Math.exp(-z))));
}
export function silu(z: number): number {
  return fr(z * sigmoid(z));
}

/** Per-token int8 activation quantization: s = 127 / max(max|y|, 1e-5), q = clamp(round(s·y), -128, 127). */
export function quantizeActivations(y: Float32Array): { q: Int32Array; scale: number } {
  let m = 0;
  for (let k = 0; k < y.length; k++) m = Math.max(m, Math.abs(y[k]!));
  const scale = fr(127 / fr(Math.max(m, ACTIVATION_ABSMAX_FLOOR)));
  const q = new Int32Array(y.length);
  for (let k = 0; k < y.length; k++) {
    const r = roundHalfEven(fr(y[k]! * scale));
    q[k] = r > 127 ? 127 : r < -128 ? -128 : r;
  }
  return { q, scale };
}

/**
 * T·q for a ternary [rows, cols] matrix: integer sums only (|acc| ≤ 128·cols, far inside int32).
 * Four rows at a time share each activation load.
 */
export function ternaryMatVec(trits: Int8Array, rows: number, cols: number, q: Int32Array): Int32Array {
  const acc = new Int32Array(rows);
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    const b0 = r * cols;
    const b1 = b0 + cols;
    const b2 = b1 + cols;
    const b3 = b2 + cols;
    for (let k = 0; k < cols; k++) {
      const x = q[k]!;
      s0 += trits[b0 + k]! * x;
      s1 += trits[b1 + k]! * x;
      s2 += trits[b2 + k]! * x;
      s3 += trits[b3 + k]! * x;
    }
    acc[r] = s0;
    acc[r + 1] = s1;
    acc[r + 2] = s2;
    acc[r + 3] = s3;
  }
  for (; r < rows; r++) {
    let s = 0;
    const b = r * cols;
    for (let k = 0; k < cols; k++) s += trits[b + k]! * q[k]!;
    acc[r] = s;
  }
  return acc;
}


export interface StepResult {
  logits: Float32Array;
  /** Every named intermediate of this step (see host/model/trace.ts), when asked for. */
  trace?: Trace;
}

export class FloatReference {
  readonly config: ModelConfig;
  /** Per layer recurrent state h_l, zero at start. */
  readonly state: Float32Array[];
  readonly lowerBound: Float32Array;
  private position = 0;

  constructor(readonly model: PreparedModel) {
    this.config = model.config;
    this.state = model.layers.map(() => new Float32Array(model.config.hiddenSize));
    this.lowerBound = effectiveLowerBounds(model.config, model.lowerBounds);
  }

  /** Tokens consumed since the last reset. */
  get steps(): number {
    return this.position;
  }

  reset(): void {
    for (const h of this.state) h.fill(0);
    this.position = 0;
  }

  /** One decode step: consume `token`, return the logits for the next token. */
  step(token: number, options: { trace?: boolean } = {}): StepResult {
    const { config, model } = this;
    const d = config.hiddenSize;
    const I = config.intermediateSize;
    if (!Number.isInteger(token) || token < 0 || token >= config.vocabSize) {
      throw new RangeError(`token id ${token} is outside the vocabulary [0, ${config.vocabSize})`);
    }
    const trace: Trace | undefined = options.trace ? new Map() : undefined;
    let x = model.embeddings.slice(token * d, (token + 1) * d);
    trace?.set('embedding', x);
    trace?.set('lower_bound', this.lowerBound);
    const eps = config.rmsNormEps;
    for (let l = 0; l < config.numLayers; l++) {
      const layer = model.layers[l]!;
      const rec = (field: Parameters<typeof layerName>[1], v: Float32Array): void => {
        trace?.set(layerName(l, field), v);
      };
      const bl = (proj: LayerBitLinear, u: Float32Array, w: BitLinearWeights): Float32Array =>
        bitLinear(u, w, trace, (f) => bitLinearName(l, proj, f));
      const r = x;
      rec('x_in', r);
      const a = rmsNorm(x, layer.attnNorm, eps);
      rec('attn_norm', a);
      const iOut = bl('i_proj', a, layer.iProj);
      const fOut = bl('f_proj', a, layer.fProj);
      const gOut = bl('g_proj', a, layer.gProj);
      const f = new Float32Array(d);
      const c = new Float32Array(d);
      const h = this.state[l]!;
      for (let k = 0; k < d; k++) {
        let fk = sigmoid(fOut[k]!);
        if (l > 0 && config.useLowerBound) {
          const lb = this.lowerBound[l * d + k]!;
          fk = fr(lb + fr(fr(1 - lb) * fk));
        }
        f[k] = fk;
        c[k] = fr(silu(iOut[k]!) * fr(1 - fk));
        h[k] = fr(fr(fk * h[k]!) + c[k]!);
      }
      rec('f', f);
      rec('c', c);
      rec('h', h.slice());
      const gn = rmsNorm(gOut, layer.gNorm, eps);
      rec('g_norm', gn);
      const o = new Float32Array(d);
      for (let k = 0; k < d; k++) o[k] = fr(gn[k]! * silu(h[k]!));
      rec('o', o);
      const attnOut = bl('o_proj', o, layer.oProj);
      x = new Float32Array(d);
      for (let k = 0; k < d; k++) x[k] = fr(r[k]! + attnOut[k]!);
      rec('x_attn', x);
      const m = rmsNorm(x, layer.mlpNorm, eps);
      rec('mlp_norm', m);
      const gu = bl('gate_proj', m, layer.gateProj);
      const gate = gu.subarray(0, I);
      const up = gu.subarray(I, 2 * I);
      const glu = new Float32Array(I);
      for (let k = 0; k < I; k++) glu[k] = fr(silu(gate[k]!) * up[k]!);
      rec('gate', gate);
      rec('up', up);
      rec('glu', glu);
      const mlpOut = bl('down_proj', glu, layer.downProj);
      const x2 = new Float32Array(d);
      for (let k = 0; k < d; k++) x2[k] = fr(x[k]! + mlpOut[k]!);
      x = x2;
      rec('x_out', x);
    }
    const fn = rmsNorm(x, model.finalNorm, eps);
    trace?.set('final_norm', fn);
    const logits = bitLinear(fn, model.lmHead, trace, (f) => bitLinearName('lm_head', 'lm_head', f));
    trace?.set('logits', logits);
    this.position++;
    return trace === undefined ? { logits } : { logits, trace };
  }

  /** Consume a whole sequence; logits after each token. */
  run(tokens: readonly number[]): Float32Array[] {
    return tokens.map((t) => this.step(t).logits);
  }
}

/** BitLinear(u; W, n): RMSNorm, int8 activation quantization, ternary product, rescale. */
export function bitLinear(
  u: Float32Array,
  w: BitLinearWeights,
  trace?: Trace,
  name?: (field: 'in' | 'norm' | 'scale' | 'q' | 'acc' | 'out') => string,
): Float32Array {
  const y = rmsNorm(u, w.norm, BITLINEAR_NORM_EPS);
  const { q, scale } = quantizeActivations(y);
  const m = w.weight;
  const acc = ternaryMatVec(m.trits, m.rows, m.cols, q);
  // out = (T q) / (s · s_w), with s_w = fround(1 / mean|W|) as the reference computes it.
  const sw = fr(1 / m.scale);
  const inv = 1 / (scale * sw);
  const out = new Float32Array(m.rows);
  for (let r = 0; r < m.rows; r++) out[r] = fr(acc[r]! * inv);
  if (trace !== undefined && name !== undefined) {
    trace.set(name('in'), u);
    trace.set(name('norm'), y);
    trace.set(name('scale'), [scale]);
    trace.set(name('q'), q);
    trace.set(name('acc'), acc);
    trace.set(name('out'), out);
  }
  return out;
}
