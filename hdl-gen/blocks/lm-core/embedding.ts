/**
 * The serial embedding shifter of the LM core: the residual-stream value of one embedding
 * mantissa, saturate(shiftRound(mant, t − X_BITS), X_BITS) with the row's shift amount t in
 * [0, X_BITS + 16] (embeddingShiftAmount in core.ts), by a register that shifts left one bit a
 * cycle instead of a barrel shifter.
 *
 * - t < X_BITS (a left shift by X_BITS − t): the mantissa shifted left X_BITS − t times; a step
 *   that would change the sign bit (bits X_BITS − 1 and X_BITS − 2 differ) loads the saturated
 *   value instead, and a saturated value stays so (it is such a value itself).
 * - t ≥ X_BITS (a right shift by r = t − X_BITS ≤ 16): the mantissa shifted left 16 − r times,
 *   that is mant·2^(16 − r) (below 2^30 in magnitude, so no step saturates), whose top half is
 *   floor(mant / 2^r) and whose bit 15 is the rounding bit: the value is the top half plus that
 *   bit (round half up, as shiftRound).
 *
 * A row's shift amount is set with `exp_load` from its exponent field; `start` (while `free`)
 * takes a mantissa, which is done (`done` high, the value on `x`) after X_BITS − t or
 * X_BITS + 16 − t steps; `free` is high from that cycle on, so the next mantissa may start in it.
 */
import { ModuleBuilder } from '../../core/module-builder.ts';
import { bit, bitsForUnsigned, sint, uint } from '../../core/shape.ts';
import { cat, constant } from '../../core/signal.ts';
import { X_BITS } from './constants.ts';

export const EMB_MANT_BITS = 16;

/** Cycles of one mantissa for shift amount t (from its start to its done cycle, which may start the next). */
export function embeddingSteps(t: number): number {
  return 1 + (t < X_BITS ? X_BITS - t : X_BITS + EMB_MANT_BITS - t);
}

export function embeddingShifter(name: string): ModuleBuilder {
  const O = X_BITS;
  const M = EMB_MANT_BITS;
  const tMax = O + M;
  const m = new ModuleBuilder(name);
  const expLoad = m.input('exp_load', bit());
  const t = m.input('t', uint(bitsForUnsigned(tMax)));
  const start = m.input('start', bit());
  const mant = m.input('mant', sint(M));
  const tW = t.width;
  // The row's shift amount; a mantissa's step counter runs from it up to X_BITS (a left shift)
  // or X_BITS + 16.
  const tRow = m.reg('t_row', uint(tW));
  const busy = m.reg('busy', bit(), { reset: 0 });
  const cnt = m.reg('cnt', uint(tW));
  const sh = m.reg('sh', sint(O));
  m.when(expLoad, () => tRow.set(t));
  const left = m.let('left', tRow.lt(O));
  const last = m.let('last', cnt.eq(left.mux(constant(uint(tW), O), constant(uint(tW), tMax))));
  const done = m.let('done_w', busy.and(last));
  const free = m.let('free_w', busy.not().or(done));
  m.output('done', bit()).set(done);
  m.output('free', bit()).set(free);
  const top = sh.msb();
  const saturating = m.let('saturating', top.xor(sh.bit(O - 2)));
  const sat = cat(top, top.not().repeat(O - 1)).asSigned();
  // The register's next value, and the output registered from it (x in a cycle is the value of
  // sh in that cycle, as the row's shift amount then gives it), so that the rounding adder is
  // not between sh and the x RAM.
  const step = m.let('step', busy.and(last.not()));
  const shNext = m.let('sh_next', start.and(free).mux(mant.resize(O), step.mux(saturating.mux(sat, sh.shl(1).resize(O)), sh)));
  sh.set(shNext);
  m.when(start.and(free), () => {
    cnt.set(tRow);
    busy.set(1);
  }).elsewhen(busy, () => {
    m.when(last.not(), () => cnt.set(cnt.add(1).resize(tW))).otherwise(() => busy.set(0));
  });
  // Right shifts: the top half of mant·2^(16 − r) plus its bit 15.
  const leftNext = m.let('left_next', expLoad.mux(t, tRow).lt(O));
  const rounded = m.let('rounded', shNext.slice(O - 1, O - M).asSigned().add(shNext.bit(O - M - 1).resize(M).asSigned()).resize(M));
  const x = m.reg('x_r', sint(O));
  x.set(leftNext.mux(shNext, rounded.resize(O)));
  m.output('x', sint(O)).set(x);
  return m;
}
