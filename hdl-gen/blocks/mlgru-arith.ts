/**
 * The arithmetic of the MLGRU recurrence as DSL expressions, each the hardware form of one line
 * of the integer spec's `mlgruElement` (host/spec/elementwise.ts, docs/ARITHMETIC.md "The
 * recurrence"). The stand-alone MLGRU unit (mlgru-unit.ts) is built from them; they build
 * logic inside the caller's module and return the result signal (combinational); `prefix`
 * starts the names of the wires they declare (`<prefix>one_minus_lb`, `<prefix>h_mix`). The
 * LM core's post-processor uses them too.
 */
import type { ModuleBuilder } from '../core/module-builder.ts';
import { uint } from '../core/shape.ts';
import { type Sig, constant } from '../core/signal.ts';
import { shiftRoundConst } from './fixed-point.ts';

/** Q0.16 one: gates, the forget gate and the lower bound run 0 … 65536. */
export const GATE_ONE_Q16 = 65536;

/** 65536 − lb for lb in uint(17): the operand of the lower-bounded gate's product (uint(17)). */
export function oneMinusLowerBound(m: ModuleBuilder, prefix: string, lb: Sig): Sig {
  return m.let(`${prefix}one_minus_lb`, constant(uint(17), GATE_ONE_Q16).sub(lb).resize(17));
}

/** fl = lb + shiftRound((65536 − lb) · σ, 16) for lb and σ in uint(17), 0 … 65536; result uint(17), lb … 65536. */
export function lowerBoundedGate(m: ModuleBuilder, prefix: string, lb: Sig, sigma: Sig): Sig {
  return lowerBoundedGateFromProduct(lb, oneMinusLowerBound(m, prefix, lb).mul(sigma));
}

/** fl from lb and the product (65536 − lb) · σ (unsigned, ≤ 2^32: its low 33 bits are used). */
export function lowerBoundedGateFromProduct(lb: Sig, prod: Sig): Sig {
  return lb.add(shiftRoundConst(prod.asUnsigned().resize(33), 16).resize(17)).resize(17);
}

/**
 * h = shiftRound(fl · h_prev + (65536 − fl) · s, 16) for fl in uint(17) (0 … 65536) and signed
 * h_prev, s of one width: the result, a rounded convex combination, fits that width. Computed
 * as fl · (h_prev − s) + 2^16 · s, the same integer with one multiplier.
 */
export function recurrence(m: ModuleBuilder, prefix: string, fl: Sig, hPrev: Sig, s: Sig): Sig {
  return recurrenceFromProduct(m, prefix, fl.resize(18).asSigned().mul(hPrev.sub(s)), s);
}

/** The recurrence from the product fl · (h_prev − s) (signed; s.width + 19 bits suffice) and s: the result has s's width. */
export function recurrenceFromProduct(m: ModuleBuilder, prefix: string, prod: Sig, s: Sig): Sig {
  const mix = m.let(`${prefix}h_mix`, prod.resize(s.width + 19).add(s.shl(16)));
  return shiftRoundConst(mix, 16).resize(s.width);
}
