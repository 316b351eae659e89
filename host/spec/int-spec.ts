/**
 * The integer spec: one decode step of the MatMul-free LM in the hardware's arithmetic, as the
 * schedule the hardware runs (docs/ARITHMETIC.md, "Schedule"). Each numbered step below is one
 * pass of the datapath over a named vector; the primitives are those of ops.ts and
 * bitlinear.ts, so the RTL implements the same steps and can be checked step by step.
 *
 * Two traces come out of a step on request:
 * - `intTrace`: the exact integers of every named vector (what the hardware's debug port emits);
 * - `trace`: the same vectors dequantized to float under the float reference's names
 *   (host/model/trace.ts), for host/model/diff.ts.
 */
import type { ModelConfig, PreparedModel } from '../model/model.ts';
import type { Trace } from '../model/trace.ts';
import { bitLinearGroup, dequantize, realOutput, type BitLinearGroupResult, type OutputScale } from './bitlinear.ts';
import { GATE_FRAC, LOGIT_FORMAT, V_FORMAT, X_FORMAT } from './formats.ts';
import { toIntModel, type IntModel, type IntProjection } from './int-model.ts';
import { gluElement, mlgruElement } from './elementwise.ts';
import { saturate, shiftRound, silu } from './ops.ts';

/** Integer vectors by name (intermediate names of host/model/trace.ts where one exists). */
export type IntTrace = Map<string, Float64Array>;

export interface IntStepResult {
  /** Logits in LOGIT_FORMAT (Q15.16 integers). */
  logits: Float64Array;
  /** The lm_head accumulators T·q: the argmax runs on these. */
  logitAcc: Float64Array;
  /** argmax of logitAcc, lowest index on ties. */
  argmax: number;
  /** Logits as floats (the exact value acc · scale, not the rounded Q15.16). */
  logitsFloat: Float64Array;
  intTrace?: IntTrace;
  trace?: Trace;
}

/** Thrown for a token id outside the vocabulary. */
export class TokenRangeError extends RangeError {
  /** Exit code of the command line (README, "Exit codes"): 2, a bad command line. */
  readonly exitCode = 2;
  constructor(token: number, vocab: number) {
    super(`token id ${token} is outside the vocabulary [0, ${vocab}); pass an id below ${vocab}`);
    this.name = 'TokenRangeError';
  }
}

/** Residual-stream value of one embedding mantissa: round(mant · 2^(20 − exp)), saturated to 32 bits. */
export function embeddingValue(mant: number, exp: number): number {
  return saturate(shiftRound(mant, exp - X_FORMAT.frac), X_FORMAT.bits);
}

export class IntSpec {
  readonly config: ModelConfig;
  readonly model: IntModel;
  /** Per layer recurrent state h_l in V_FORMAT, zero at start. */
  readonly state: Float64Array[];
  private position = 0;

  constructor(model: PreparedModel | IntModel) {
    this.model = 'embMant' in model ? model : toIntModel(model);
    this.config = this.model.config;
    this.state = this.model.layers.map(() => new Float64Array(this.config.hiddenSize));
  }

  get steps(): number {
    return this.position;
  }

  reset(): void {
    for (const h of this.state) h.fill(0);
    this.position = 0;
  }

  /** A copy of the recurrent state and position, for `restore` (undoing steps taken ahead). */
  snapshot(): { state: Float64Array[]; position: number } {
    return { state: this.state.map((h) => h.slice()), position: this.position };
  }

  restore(s: { state: readonly Float64Array[]; position: number }): void {
    this.state.forEach((h, l) => h.set(s.state[l]!));
    this.position = s.position;
  }

  /**
   * One decode step. `trace` records the integer trace (`intTrace`) and the float view of it
   * (`trace`); `floatTrace: false` skips the float view when only the integers are needed.
   */
  step(token: number, options: { trace?: boolean; floatTrace?: boolean } = {}): IntStepResult {
    const { config, model } = this;
    const d = config.hiddenSize;
    const I = config.intermediateSize;
    if (!Number.isInteger(token) || token < 0 || token >= config.vocabSize) throw new TokenRangeError(token, config.vocabSize);
    const it: IntTrace | undefined = options.trace ? new Map() : undefined;
    const ft: Trace | undefined = options.trace && options.floatTrace !== false ? new Map() : undefined;
    const rec = (name: string, v: Float64Array, unit: number): void => {
      if (it === undefined) return;
      it.set(name, v.slice());
      ft?.set(name, Float64Array.from(v, (e) => e * unit));
    };
    const xUnit = 2 ** -X_FORMAT.frac;
    const vUnit = 2 ** -V_FORMAT.frac;
    const gUnit = 2 ** -GATE_FRAC;

    // 1. Embedding lookup: x_k = round(mant_k · 2^(20 − exp_row)).
    let x = new Float64Array(d);
    const e = model.embExp[token]!;
    for (let k = 0; k < d; k++) x[k] = embeddingValue(model.embMant[token * d + k]!, e);
    rec('embedding', x, xUnit);
    if (ft !== undefined) {
      const lb = new Float64Array(config.numLayers * d);
      model.layers.forEach((layer, l) => lb.set(Float64Array.from(layer.lowerBound, (v) => v * gUnit), l * d));
      ft.set('lower_bound', lb);
    }

    for (let l = 0; l < config.numLayers; l++) {
      const layer = model.layers[l]!;
      const p = `layers.${l}.`;
      rec(`${p}x_in`, x, xUnit);

      // 2. i/f/g BitLinear group over x with rms weight attn_norm.
      const ifg = bitLinearGroup(x, layer.attnA, [layer.i, layer.f, layer.g]);
      this.recordGroup(rec, it, ft, ifg, layer.attnA.exp, [layer.i, layer.f, layer.g], [false, false, true]);
      const [accI, accF, accG] = ifg.acc as [Float64Array, Float64Array, Float64Array];
      const [scI, scF] = ifg.scales as [OutputScale, OutputScale];

      // 3. Recurrence, element by element as the i/f/g outputs stream:
      //    fl = lb + (1 − lb)·σ(f);  h = round(fl·h + (1 − fl)·SiLU(i));  u_o = acc_g · SiLU(h).
      const h = this.state[l]!;
      const iv = new Float64Array(d);
      const fv = new Float64Array(d);
      const flv = new Float64Array(d);
      const cv = new Float64Array(d);
      const uo = new Float64Array(d);
      for (let k = 0; k < d; k++) {
        const ik = dequantize(accI[k]!, scI, V_FORMAT);
        const fk = dequantize(accF[k]!, scF, V_FORMAT);
        iv[k] = ik;
        fv[k] = fk;
        const e = mlgruElement(ik, fk, layer.lowerBound[k]!, h[k]!, accG[k]!);
        flv[k] = e.fl;
        cv[k] = e.c;
        h[k] = e.h;
        uo[k] = e.o;
      }
      rec(`${p}i_proj.out`, iv, vUnit);
      rec(`${p}f_proj.out`, fv, vUnit);
      rec(`${p}f`, flv, gUnit);
      rec(`${p}c`, cv, vUnit * gUnit);
      rec(`${p}h`, h, vUnit);
      it?.set(`${p}o_proj.in`, uo.slice());

      // 4. o_proj over u_o = acc_g ⊙ SiLU(h), rms weight g_norm; residual add.
      const og = bitLinearGroup(uo, layer.oA, [layer.o]);
      this.recordGroup(rec, it, ft, og, layer.oA.exp, [layer.o], [false]);
      const xa = new Float64Array(d);
      const oOut = new Float64Array(d);
      for (let k = 0; k < d; k++) {
        oOut[k] = dequantize(og.acc[0]![k]!, og.scales[0]!, X_FORMAT);
        xa[k] = saturate(x[k]! + oOut[k]!, X_FORMAT.bits);
      }
      rec(`${p}o_proj.out`, oOut, xUnit);
      rec(`${p}x_attn`, xa, xUnit);
      x = xa;

      // 5. gate/up BitLinear over x with rms weight mlp_norm; GLU u_d = SiLU(gate) · acc_up.
      const gu = bitLinearGroup(x, layer.mlpA, [layer.gateUp]);
      this.recordGroup(rec, it, ft, gu, layer.mlpA.exp, [layer.gateUp], [true]);
      const accGU = gu.acc[0]!;
      const scGU = gu.scales[0]!;
      const gate = new Float64Array(I);
      const ud = new Float64Array(I);
      for (let k = 0; k < I; k++) {
        gate[k] = dequantize(accGU[k]!, scGU, V_FORMAT);
        ud[k] = gluElement(gate[k]!, accGU[I + k]!);
      }
      rec(`${p}gate`, gate, vUnit);
      it?.set(`${p}gate_silu`, Float64Array.from(gate, (v) => silu(v)));
      it?.set(`${p}down_proj.in`, ud.slice());
      if (ft !== undefined) {
        const up = Float64Array.from(accGU.subarray(I), (a) => realOutput(a, scGU));
        ft.set(`${p}up`, up);
        ft.set(`${p}glu`, Float64Array.from(up, (v, k) => v * silu(gate[k]!) * vUnit));
      }

      // 6. down_proj over u_d (rms weight all ones); residual add.
      const dn = bitLinearGroup(ud, layer.downA, [layer.down]);
      this.recordGroup(rec, it, ft, dn, layer.downA.exp, [layer.down], [false]);
      const xo = new Float64Array(d);
      const dOut = new Float64Array(d);
      for (let k = 0; k < d; k++) {
        dOut[k] = dequantize(dn.acc[0]![k]!, dn.scales[0]!, X_FORMAT);
        xo[k] = saturate(x[k]! + dOut[k]!, X_FORMAT.bits);
      }
      rec(`${p}down_proj.out`, dOut, xUnit);
      rec(`${p}x_out`, xo, xUnit);
      x = xo;
    }

    // 7. Final norm folded into lm_head (rms weight = final norm); argmax on the accumulators.
    const head = bitLinearGroup(x, model.finalA, [model.lmHead]);
    this.recordGroup(rec, it, ft, head, model.finalA.exp, [model.lmHead], [false]);
    const logitAcc = head.acc[0]!;
    const sc = head.scales[0]!;
    const logits = Float64Array.from(logitAcc, (a) => dequantize(a, sc, LOGIT_FORMAT));
    let argmax = 0;
    for (let v = 1; v < logitAcc.length; v++) if (logitAcc[v]! > logitAcc[argmax]!) argmax = v;
    const logitsFloat = Float64Array.from(logitAcc, (a) => realOutput(a, sc));
    rec('logits', logits, 2 ** -LOGIT_FORMAT.frac);
    this.position++;
    const result: IntStepResult = { logits, logitAcc, argmax, logitsFloat };
    if (it !== undefined) result.intTrace = it;
    if (ft !== undefined) result.trace = ft;
    return result;
  }

  /**
   * Record q and acc (exact), the activation scale s = 127 / max|y| reconstructed from the
   * integer statistics, and, where the datapath keeps only the accumulator (g, gate/up), the
   * float output acc · scale.
   */
  private recordGroup(
    rec: (name: string, v: Float64Array, unit: number) => void,
    it: IntTrace | undefined,
    ft: Trace | undefined,
    g: BitLinearGroupResult,
    aExp: number,
    projs: readonly IntProjection[],
    floatOut: readonly boolean[],
  ): void {
    // The group's scalars as the hardware's debug port reports them (exact integers).
    it?.set(`${projs[0]!.name}.group`, Float64Array.of(g.sU, g.sR, g.sumSq, g.stats.rmsMax));
    projs.forEach((proj, i) => {
      const qz = g.quantizers[i]!;
      it?.set(`${proj.name}.scalars`, Float64Array.of(g.stats.absMax[i]!, qz.recip, g.scales[i]!.mant, g.scales[i]!.shift));
      rec(`${proj.name}.q`, Float64Array.from(g.q[i]!), 1);
      rec(`${proj.name}.acc`, g.acc[i]!, 1);
      if (ft === undefined) return;
      const s = g.scales[i]!;
      // max|y| = P / sqrt(Q) · sqrt(n) · 2^(e_a − e_c − s_R)
      const absmaxY = ((qz.pm * 2 ** qz.sP) / Math.sqrt(g.sumSq)) * Math.sqrt(proj.cols) * 2 ** (aExp - proj.c.exp - g.sR);
      ft.set(`${proj.name}.scale`, [absmaxY > 0 ? 127 / absmaxY : 0]);
      if (floatOut[i]) ft.set(`${proj.name}.out`, Float64Array.from(g.acc[i]!, (a) => realOutput(a, s)));
    });
  }
}
