/**
 * The elementwise work of the integer spec between the projections, one channel at a time:
 * the MLGRU step (forget gate with its lower bound, candidate, recurrence, the output gate's
 * product) and the GLU product. IntSpec.step runs these on every channel; the stand-alone
 * hardware units (hdl-gen/blocks/mlgru-unit.ts, glu-unit.ts) are checked against them.
 * docs/ARITHMETIC.md gives the formats: i, f, h, gate in V_FORMAT (Q10.16, 27 bits); lb and
 * the forget gate in Q0.16 (0 … 65536); g and up are the raw BitLinear accumulators (their
 * scale is folded into the next projection's norm).
 */
import { GATE_FRAC, GATE_ONE } from './formats.ts';
import { shiftRound, sigmoid, silu } from './ops.ts';

/** One channel of the MLGRU step. */
export interface MlgruElement {
  /** Forget gate with lower bound: lb + shiftRound((1 − lb) · σ(f), 16), Q0.16 in [lb, 65536]. */
  fl: number;
  /** SiLU(i), V_FORMAT. */
  si: number;
  /** The candidate term SiLU(i) · (1 − fl), exact (V_FORMAT · Q0.16). */
  c: number;
  /** New state h = shiftRound(fl · h + (1 − fl) · SiLU(i), 16), V_FORMAT. */
  h: number;
  /** Gated output (o_proj's input) u_o = g · SiLU(h), exact. */
  o: number;
}

/**
 * The MLGRU step of one channel: i and f the dequantized i/f projections (V_FORMAT), lb the
 * channel's lower bound (Q0.16), hPrev the state, accG the g projection's accumulator.
 */
export function mlgruElement(i: number, f: number, lb: number, hPrev: number, accG: number): MlgruElement {
  const fl = lb + shiftRound((GATE_ONE - lb) * sigmoid(f), GATE_FRAC);
  const si = silu(i);
  const h = shiftRound(fl * hPrev + (GATE_ONE - fl) * si, GATE_FRAC);
  return { fl, si, c: si * (GATE_ONE - fl), h, o: accG * silu(h) };
}

/** The GLU product of one channel (down_proj's input): SiLU(gate) · up, gate in V_FORMAT, up the accumulator. */
export function gluElement(gate: number, accUp: number): number {
  return silu(gate) * accUp;
}
