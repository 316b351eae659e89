/**
 * Ternary accumulator array: `lanes` signed int8 activations against `lanes` ternary
 * weights per cycle, summed by an adder tree into one accumulator register. This is the
 * multiplier-free core of a BitLinear: every product is +x, −x or 0.
 *
 * Weight encoding (2 bits per lane, `w` lane i in bits [2i+1:2i]):
 *   00 → 0,  01 → +1,  11 → −1,  10 → 0 (reserved; decodes as 0).
 * So bit 0 says "non-zero" and bit 1 says "negative".
 *
 * Control, evaluated at each rising clock edge (rst has priority):
 *   rst              → acc = 0
 *   clear & en       → acc = sum          (starts a new dot product with this beat)
 *   clear & !en      → acc = 0
 *   !clear & en      → acc = acc + sum
 *   !clear & !en     → acc holds
 * With a pipelined tree (`pipelineEvery` > 0) clear and en travel with the beat, so the
 * accumulator sees them `latency` cycles later, together with that beat's sum.
 *
 * Width: one term is |±x| ≤ 128 (x = −128 negated), one beat's sum is ≤ 128·lanes, and
 * at most `maxTerms` beats are accumulated between clears, so |acc| ≤ 128·lanes·maxTerms;
 * the accumulator has the fewest signed bits that hold ±128·lanes·maxTerms, so it cannot
 * overflow when no more than maxTerms beats are accumulated between clears.
 */
import { adderTree, adderTreeLatency } from './adder-tree.ts';
import { ModuleBuilder } from '../core/module-builder.ts';
import { bit, bitsForSigned, sint, uint, vec } from '../core/shape.ts';
import type { Sig } from '../core/signal.ts';

/** The 2-bit weight codes. */
export const TRIT_CODE = { zero: 0b00, plus: 0b01, minus: 0b11, reserved: 0b10 } as const;

export interface TernaryAccumulatorParams {
  /** Lanes (activation/weight pairs) per cycle, ≥ 1. */
  lanes: number;
  /** Most beats accumulated between two clears, ≥ 1. */
  maxTerms: number;
  /** Register stage after every this many adder-tree levels; 0 (default): combinational tree. */
  pipelineEvery?: number;
}

/** Activation bits (signed int8). */
export const ACT_BITS = 8;

/** The largest |acc|: 128 · lanes · maxTerms. */
export function ternaryAccumulatorBound(lanes: number, maxTerms: number): bigint {
  return (1n << BigInt(ACT_BITS - 1)) * BigInt(lanes) * BigInt(maxTerms);
}

/** Accumulator width: the fewest signed bits holding ±128·lanes·maxTerms. */
export function ternaryAccumulatorAccBits(lanes: number, maxTerms: number): number {
  const b = ternaryAccumulatorBound(lanes, maxTerms);
  return bitsForSigned(-b, b);
}

/** Cycles from a beat at the inputs to its effect on `acc` beyond the accumulator's own register. */
export function ternaryAccumulatorLatency(p: TernaryAccumulatorParams): number {
  return adderTreeLatency(p.lanes, p.pipelineEvery ?? 0);
}

/** One lane's product: x · trit(w), as sint(9) (−(−128) = 128 needs the ninth bit). */
export function ternaryTerm(x: Sig, w: Sig): Sig {
  const wide = x.resize(ACT_BITS + 1);
  return w.bit(0).mux(w.bit(1).mux(x.neg(), wide), 0);
}

/**
 * One lane's product less its correction, as sint(8): x for +1, ~x = −x − 1 for −1, 0 for 0 (one
 * LUT per bit: x_i, non-zero, negative). The missing +1 of a negative lane is `ternaryCarry`,
 * added on a carry input of the adder tree, so a lane costs its masking LUTs and its share of
 * the tree, without a negation adder. Exact for every int8 x: ~(−128) + 1 = 128 in the tree's
 * wider sums.
 */
export function ternaryTermOnes(x: Sig, w: Sig): Sig {
  return w.bit(0).mux(w.bit(1).mux(x.not(), x), 0);
}

/** The correction of `ternaryTermOnes`: 1 for a −1 weight (code 11), else 0. */
export function ternaryCarry(w: Sig): Sig {
  return w.bit(0).and(w.bit(1));
}

function validate(p: TernaryAccumulatorParams): void {
  for (const [k, v, min] of [['lanes', p.lanes, 1], ['maxTerms', p.maxTerms, 1], ['pipelineEvery', p.pipelineEvery ?? 0, 0]] as const) {
    if (!Number.isInteger(v) || v < min) throw new RangeError(`ternary accumulator: ${k} = ${String(v)} must be an integer ≥ ${min}`);
  }
}

/**
 * The module `ternary_acc_l<lanes>_t<maxTerms>[_p<k>]`. Ports: clk, rst, x (lanes × sint(8),
 * lane 0 in the low bits), w (lanes × 2-bit code), clear, en; output acc (sint(accBits)).
 */
export function ternaryAccumulatorArray(p: TernaryAccumulatorParams): ModuleBuilder {
  validate(p);
  const every = p.pipelineEvery ?? 0;
  const m = new ModuleBuilder(`ternary_acc_l${p.lanes}_t${p.maxTerms}${every > 0 ? `_p${every}` : ''}`);
  const x = m.input('x', vec(p.lanes, sint(ACT_BITS)));
  const w = m.input('w', vec(p.lanes, uint(2)));
  let clear = m.input('clear', bit());
  let en = m.input('en', bit());
  const terms = x.map((xi, i) => m.let(`term_${i}`, ternaryTerm(xi, w.at(i))));
  const sum = adderTree(m, terms, { name: 'tree', pipelineEvery: every });
  const latency = ternaryAccumulatorLatency(p);
  for (let s = 1; s <= latency; s++) {
    clear = m.delay(`clear_d${s}`, clear, { reset: 0 });
    en = m.delay(`en_d${s}`, en, { reset: 0 });
  }
  const accBits = ternaryAccumulatorAccBits(p.lanes, p.maxTerms);
  // |sum| ≤ 128·lanes ≤ the accumulator bound, so widening it is exact.
  const beat = sum.resize(accBits);
  const acc = m.reg('acc', sint(accBits), { reset: 0, output: true });
  m.when(clear, () => {
    acc.set(en.mux(beat, 0));
  }).elsewhen(en, () => {
    // Bound 128·lanes·maxTerms fits accBits, so dropping the add's carry bit loses nothing.
    acc.set(acc.add(beat).resize(accBits));
  });
  return m;
}
