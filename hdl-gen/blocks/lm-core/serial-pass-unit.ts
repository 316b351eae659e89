/**
 * The statistics and quantization passes with one multiplier (pass width 1): the same ports and
 * results as pass-unit.ts, for small cores, where the passes are a few per cent of the cycles and
 * the multipliers most of the area.
 *
 * Every input element takes several cycles, one product each, through one 27×25 multiplier and
 * one shifter. The multiplier is outside the unit (shared-multiplier.ts, shared with the serial
 * post-processor): the unit drives its operands `mul_a`, `mul_b` and takes the product `mul_p`
 * back in the same cycle.
 *
 * - pass 1, 1 + n_proj steps: u'·a (its magnitude updates max|u'·a|), then u'·c_p per projection
 *   (updating max|u'·c_p|);
 * - pass 2, 2 + 2·n_proj steps: r' = shiftFloor(u'·a, s_r), then r'·r' into the sum of squares;
 *   per projection p' = shiftFloor(u'·c_p, s_p), then the int8 value
 *   clamp(shiftRound(p'·recip_p, 33), ±127), written at once as one byte of the q RAM: the
 *   RAM holds one word of `lanes` bytes per projection and lane group, at p·GMAX + group, and
 *   has a write mask of one bit per byte (`q_we`), so the element's byte is written alone (the
 *   data `q_word` is the byte repeated in every lane).
 *
 * The element's RAM address (`kb`) is held while its steps run, so its data stay on the RAM
 * outputs; in the last step the address moves on to the next element, whose data arrive the
 * next cycle, so there are no bubbles between elements. The weights come one per step from the
 * parameter store (param-store.ts): `w_sel` names the array of the next cycle's step (0: a,
 * 1 + p: c_p) and the weight `w` read there arrives with the step.
 */
import { ModuleBuilder } from '../../core/module-builder.ts';
import { bit, bitsForUnsigned, sint, uint, vec } from '../../core/shape.ts';
import { type Sig, catLanes, constant } from '../../core/signal.ts';
import { bitLength, clampSigned, magnitude, mulConst, shiftFloorSigned, shiftRoundConst } from '../fixed-point.ts';
import type { LmCoreLayout } from '../lm-core-layout.ts';
import { DBG_TAG, STAT, U_NORM } from './constants.ts';
import { debugOutputs } from './debug.ts';
import type { PassWidths } from './pass-unit.ts';

/** Multiplier operand widths: u' (27 bits) or an 18-bit normalized value, times an 18-bit weight or an unsigned 24-bit reciprocal. */
const MUL_A = U_NORM;
const MUL_B = 25;

export function serialPassUnit(L: LmCoreLayout, name: string, w: PassWidths, debug = true, mulPBits = MUL_A + MUL_B): ModuleBuilder {
  if (mulPBits < MUL_A + MUL_B) throw new RangeError(`serial pass unit: a ${mulPBits}-bit product port is narrower than ${MUL_A} × ${MUL_B} bits`);
  const { lanes } = L.shape;
  if (L.passWidth !== 1) throw new RangeError(`serial pass unit: pass width ${L.passWidth}; it reads one element at a time (pass width 1)`);
  const QW = L.sumSqBits;
  const { SW, kW, PW } = w;
  const GMAX = Math.max(L.groupsD, L.groupsI);
  const m = new ModuleBuilder(name);
  const run1 = m.input('run1', bit());
  const run2 = m.input('run2', bit());
  const init1 = m.input('init1', bit());
  const init2 = m.input('init2', bit());
  const beats = m.input('beats', uint(kW));
  const nProj = m.input('n_proj', uint(2));
  const srcMax = m.input('src_max', uint(SW));
  const src = m.input('src', vec(1, sint(SW))).lanes[0]!;
  const wIn = m.input('w', sint(STAT));
  const sR = m.input('s_r', sint(7));
  const sP = [0, 1, 2].map((i) => m.input(`s_p${i}`, sint(7)));
  const recip = [0, 1, 2].map((i) => m.input(`recip${i}`, uint(24)));
  const mulP = m.input('mul_p', sint(mulPBits));
  const record = debugOutputs(m, w.idxBits, debug);

  const kb = m.reg('k', uint(kW), { reset: 0 });
  const valid = m.reg('valid', bit(), { reset: 0 });
  const step = m.reg('step', uint(3), { reset: 0 });
  const inPass = m.let('in_pass', run1.or(run2));
  const lastStep = m.let('last_step', run1.mux(step.eq(nProj.resize(3)), step.eq(nProj.resize(3).shl(1).add(1).resize(3))));
  const elemDone = m.let('elem_done', valid.and(lastStep));
  const lastElem = m.let('last_elem', kb.eq(beats.sub(1).resize(kW)));
  m.output('kb', elemDone.mux(kb.add(1).resize(kW), kb));
  m.output('last', elemDone.and(lastElem));
  const sU = m.reg('s_u', uint(bitsForUnsigned(SW)), { output: true });
  const bl = bitLength(m, 'bl_u', srcMax);
  const uN = m.let('u_norm', src.shrv(sU).resize(U_NORM));

  // Step decoding: which operands, which projection.
  const t = m.reg('t', sint(STAT));
  const odd = step.bit(0);
  // Pass 1: step s ≥ 1 is projection s − 1; pass 2: steps 2 + 2p and 3 + 2p are projection p.
  const projOf = (st: Sig): Sig => run1.mux(st.sub(1).resize(2), st.shr(1).sub(1).resize(2));
  const firstOf = (st: Sig): Sig => run1.mux(st.eq(0), st.lt(2));
  const proj = m.let('proj', projOf(step));
  const first = m.let('first', firstOf(step));
  const sel3 = (arr: Sig[]): Sig => proj.select([[1, arr[1]!], [2, arr[2]!]], arr[0]!);
  // The step of the next cycle and the array of its weight.
  const nextStep = m.let('next_step', inPass.and(valid).and(lastStep.not()).mux(step.add(1).resize(3), constant(uint(3), 0)));
  m.output('w_sel', firstOf(nextStep).mux(constant(uint(2), 0), projOf(nextStep).add(1).resize(2)));
  const recipSel = m.let('recip_sel', sel3(recip));
  const useT = m.let('use_t', run2.and(odd));
  m.output('mul_a', useT.mux(t.resize(MUL_A), uN));
  m.output('mul_b', useT.mux(first.mux(t.resize(MUL_B), recipSel.resize(MUL_B).asSigned()), wIn.resize(MUL_B)));
  const prod = m.let('prod', mulP.resize(MUL_A + MUL_B));
  const prodN = m.let('prod_n', prod.resize(PW));
  const sAmt = m.let('s_amt', first.mux(sR, sel3(sP)));
  const normed = m.let('normed', shiftFloorSigned(prodN, sAmt, STAT, STAT));
  const square = m.let('square', prod.asUnsigned().resize(2 * STAT - 1));
  const qv = m.let('q_val', clampSigned(shiftRoundConst(prod, 33), -127, 127, 8));
  const mag = m.let('mag', magnitude(prodN));

  const rmsMax = m.reg('rms_max', uint(PW), { output: true });
  const absMax = [0, 1, 2].map((i) => m.reg(`abs_max${i}`, uint(PW), { output: true }));
  const sumSq = m.reg('sum_sq', uint(QW), { output: true });
  const qHold = [0, 1, 2].map((i) => m.reg(`q_hold${i}`, uint(8)));
  const slotW = bitsForUnsigned(lanes);
  const slot = m.reg('slot', uint(slotW), { reset: 0 });
  const qGroup = m.reg('q_group', uint(bitsForUnsigned(GMAX)), { reset: 0 });
  const lastSlot = m.let('last_slot', slot.eq(lanes - 1).or(lastElem));
  const qStep = m.let('q_step', run2.and(valid).and(odd).and(first.not()));

  m.when(inPass, () => {
    m.when(valid.not(), () => {
      valid.set(1);
      step.set(0);
    }).elsewhen(lastStep, () => {
      step.set(0);
      kb.set(kb.add(1).resize(kW));
      m.when(lastElem, () => valid.set(0));
    }).otherwise(() => step.set(step.add(1).resize(3)));
  }).otherwise(() => {
    valid.set(0);
    step.set(0);
    kb.set(0);
  });
  m.when(init1, () => {
    sU.set(bl.gt(U_NORM - 1).mux(bl.sub(U_NORM - 1).resize(sU.width), constant(uint(sU.width), 0)));
    rmsMax.set(0);
    absMax.forEach((r) => r.set(0));
  });
  m.when(init2, () => {
    sumSq.set(0);
    slot.set(0);
    qGroup.set(0);
  });
  // Pass 1: maxima, one comparator against the maximum this step updates.
  const newMax = m.let('new_max', mag.gt(first.mux(rmsMax, sel3(absMax))));
  m.when(run1.and(valid).and(newMax), () => {
    m.when(first, () => rmsMax.set(mag)).otherwise(() => absMax.forEach((r, i) => m.when(proj.eq(i), () => r.set(mag))));
  });
  // Pass 2: r' and its square, p' and its int8 value.
  m.when(run2.and(valid), () => {
    m.when(odd.not(), () => t.set(normed))
      .elsewhen(first, () => sumSq.set(sumSq.add(square.resize(QW)).resize(QW)))
      .otherwise(() => {
        qHold.forEach((r, i) => m.when(proj.eq(i), () => r.set(qv.asUnsigned())));
      });
    m.when(lastStep, () => {
      m.when(lastSlot, () => {
        slot.set(0);
        qGroup.set(qGroup.add(1).resize(qGroup.width));
      }).otherwise(() => slot.set(slot.add(1).resize(slotW)));
      record(
        DBG_TAG.q,
        kb,
        qHold.map((h, i) => proj.eq(i).mux(qv.asUnsigned(), h)),
      );
    });
  });
  m.output('q_we', catLanes(Array.from({ length: lanes }, (_, l) => qStep.and(slot.eq(l)))));
  m.output('q_addr', qRamAddr(proj, qGroup, GMAX));
  m.output('q_word0', qv.asUnsigned().repeat(lanes));
  return m;
}

/** Address of projection `proj`'s word of lane group `group` in the one q RAM of the serial pass: proj · gmax + group. */
export function qRamAddr(proj: Sig, group: Sig, gmax: number): Sig {
  const w = bitsForUnsigned(3 * gmax - 1);
  return mulConst(proj, gmax, w).add(group.resize(w)).resize(w);
}
