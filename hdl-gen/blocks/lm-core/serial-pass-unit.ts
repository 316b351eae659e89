/**
 * The statistics and quantization passes with one multiplier (pass width 1): the same ports and
 * results as pass-unit.ts, for small cores, where the passes are a few per cent of the cycles and
 * the multipliers most of the area.
 *
 * Every input element takes several steps through one 28×25 multiplier outside the unit
 * (shared-multiplier.ts, shared with the serial post-processor). The unit drives the operands
 * `mul_a`, `mul_b` in a step and takes their product `mul_p_r` from the multiplier's output
 * register in the next step; tag registers say what that product is, so the operand selects and
 * the multiplier, and the unit's use of the product, are in different clock cycles.
 *
 * The A operand is one register, `op_a`, written by the unit's one shifter: u' =
 * shiftFloor(src, s_u) in step 0 of an element (its data arrive from the RAM in that step), r'
 * or p' = shiftFloor(product, s) the step after their product arrives, and u' again in step 4 of
 * pass 2 (the element's data are still on the RAM outputs). The shifter takes the element or the
 * product as a 45-bit value times 2^17 and shifts it right by s_u + 17 or s + 17 (s ≥ −17, so
 * left and right shifts are one right shift); the 27-bit window is the value sign-extended.
 * - pass 1, 5 steps: u', then u'·a, u'·c_0, u'·c_1, u'·c_2. The weight is negated when its
 *   sign differs from u''s, so each product is |u'·w|. The maxima live in a ring of four
 *   registers (rms_max, abs_max0..2) that rotates once per product: one comparator against the
 *   ring's head, the larger value entering at the ring's end; the products of projections the
 *   group does not have leave their entries (zero) as they are. Four rotations per element put
 *   the ring back in place.
 * - pass 2, 5 steps for one projection, 8 for two, 9 for three: u', u'·a, u'·c_0, r'·r',
 *   p'_0·R_0, u'·c_1, u'·c_2, p'_1·R_1, p'_2·R_2. A shifted value is taken the step after its
 *   product arrives and is an operand in the step after that, so two shift products and their
 *   two dependent products interleave in four steps. r'·r' adds to the sum of squares; p'·R_p
 *   gives the int8 value clamp(shiftRound(p'·R_p, 33), ±127) (= ((p'·R_p >> 32) + 1) >> 1,
 *   from bits 42..32 of the product, |p'·R_p| < 2^41), written at once as one byte of the q
 *   RAM: the RAM holds one word of `lanes` bytes per projection and lane group, at p·GMAX +
 *   group, and has a write mask of one bit per byte (`q_we`), so the element's byte is written
 *   alone (the data `q_word0` is the byte repeated in every lane).
 *
 * An element's last product is taken in the next element's step 0, the pass's last one in one
 * more cycle (`last`). The element's RAM address (`kb`, a register) moves on one step before
 * the element's last step, so the next element's data arrive for its step 0. The weights come
 * one per step from the parameter store (param-store.ts): `w_sel` names the array of the next
 * cycle's step (0: a, 1 + p: c_p) and the weight `w` read there arrives with the step. A pass
 * takes 1 (init) + cols · steps + 1 cycles (serialPassSteps()).
 */
import { ModuleBuilder } from '../../core/module-builder.ts';
import { bit, bitsForUnsigned, sint, uint, vec } from '../../core/shape.ts';
import { type Sig, cat, constant } from '../../core/signal.ts';
import { bitLength, clampSigned, mulConst } from '../fixed-point.ts';
import type { LmCoreLayout } from '../lm-core-layout.ts';
import { DBG_TAG, STAT, U_NORM } from './constants.ts';
import { debugOutputs } from './debug.ts';
import type { PassWidths } from './pass-unit.ts';

/** Multiplier operand widths: u' (27 bits) or an 18-bit normalized value, times an 18-bit weight or an unsigned 24-bit reciprocal. */
const MUL_A = U_NORM;
const MUL_B = 25;

/** Steps per element of each pass for `projs` projections (1 to 3), step 0 included. */
export function serialPassSteps(projs: number): { pass1: number; pass2: number } {
  return { pass1: 5, pass2: [5, 8, 9][projs - 1]! };
}

export function serialPassUnit(L: LmCoreLayout, name: string, w: PassWidths, debug = true, mulPBits = MUL_A + MUL_B): ModuleBuilder {
  if (mulPBits < MUL_A + MUL_B) throw new RangeError(`serial pass unit: a ${mulPBits}-bit product port is narrower than ${MUL_A} × ${MUL_B} bits`);
  const { lanes } = L.shape;
  if (L.passWidth !== 1) throw new RangeError(`serial pass unit: pass width ${L.passWidth}; it reads one element at a time (pass width 1)`);
  const QW = L.sumSqBits;
  const { SW, kW, PW } = w;
  const MW = PW - 1;
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
  const mulP = m.input('mul_p_r', sint(mulPBits));
  const record = debugOutputs(m, w.idxBits, debug);

  // Element and step counters.
  const kb = m.reg('k', uint(kW), { reset: 0 });
  const step = m.reg('step', uint(4), { reset: 0 });
  const drain = m.reg('drain', bit(), { reset: 0 });
  const inPass = m.let('in_pass', run1.or(run2));
  const active = m.let('active', inPass.and(drain.not()));
  const n = nProj;
  const lastStep2 = n.select([[1, constant(uint(4), 4)], [2, constant(uint(4), 7)]], constant(uint(4), 8));
  const lastIdx = m.let('last_idx', run1.mux(constant(uint(4), 4), lastStep2));
  const lastStep = m.let('last_step', step.eq(lastIdx));
  const stepNext = m.let('step_next', step.add(1).resize(4));
  // The address moves on one step before the element's last: the RAM data follow a cycle later.
  const lastElem = m.let('last_elem', kb.eq(beats));
  m.output('kb', kb);
  m.output('last', drain);
  m.when(inPass, () => {
    m.when(active, () => {
      m.when(stepNext.eq(lastIdx), () => kb.set(kb.add(1).resize(kW)));
      m.when(lastStep, () => {
        step.set(0);
        m.when(lastElem, () => drain.set(1));
      }).otherwise(() => step.set(stepNext));
    });
  }).otherwise(() => {
    step.set(0);
    kb.set(0);
    drain.set(0);
  });

  // u' of the element, taken in its step 0: s_u = max(0, bitLength(max|src|) − 26) = bitLength(max|src| >> 26).
  const sU = m.reg('shift_u', uint(bitsForUnsigned(SW - (U_NORM - 1))));
  m.output('s_u', sU.resize(bitsForUnsigned(SW)));
  m.when(init1, () => sU.set(bitLength(m, 'bl_u', srcMax.shr(U_NORM - 1))));
  // The A operand: u' from step 0 (and again from step 4 of pass 2), r' or p' in between.
  const opA = m.reg('op_a', sint(U_NORM));

  // The step's operands. Pass 2 steps: 1 u'·a, 2 u'·c0, 3 r'·r', 4 p0'·R0, 5 u'·c1, 6 u'·c2, 7 p1'·R1, 8 p2'·R2.
  const t = opA.resize(STAT);
  const s = (k: number): Sig => step.eq(k);
  const two = n.ge(2);
  const three = n.eq(3);
  const isSq = m.let('is_sq', run2.and(s(3)));
  const isQ = m.let('is_q', run2.and(s(4).or(s(7).and(two)).or(s(8).and(three))));
  const isShift = m.let('is_shift', run2.and(s(1).or(s(2)).or(s(5).and(two)).or(s(6).and(three))));
  const isMax = m.let('is_max', run1.and(step.ne(0)));
  // Index of the step's shift amount (0: s_r, 1 + p: s_p) or reciprocal (p).
  const idx = m.let('idx', step.select([[2, constant(uint(2), 1)], [5, constant(uint(2), 2)], [6, constant(uint(2), 3)], [7, constant(uint(2), 1)], [8, constant(uint(2), 2)]], constant(uint(2), 0)));
  m.output('mul_a', opA);
  const neg = m.let('neg', run1.and(opA.msb().xor(wIn.msb())));
  const wSigned = m.let('w_signed', wIn.resize(STAT + 1).xor(neg.repeat(STAT + 1).asSigned()).add(neg.resize(2).asSigned()).resize(MUL_B));
  const recipSel = m.let('recip_sel', idx.select([[1, recip[1]!], [2, recip[2]!]], recip[0]!));
  m.output('mul_b', isSq.mux(t.resize(MUL_B), isQ.mux(recipSel.resize(MUL_B).asSigned(), wSigned)));
  // The array of the next step's weight: pass 1 step k + 1 reads array k; pass 2 steps 1, 2, 5, 6 read 0 to 3.
  m.output('w_sel', run1.mux(step, step.ge(4).mux(step.sub(2).resize(4), step)).slice(1, 0));

  // What the product arriving in the next step is.
  const tMax = m.reg('tag_max', bit(), { reset: 0 });
  const tShift = m.reg('tag_shift', bit(), { reset: 0 });
  const tSq = m.reg('tag_sq', bit(), { reset: 0 });
  const tQ = m.reg('tag_q', bit(), { reset: 0 });
  const tIdx = m.reg('tag_idx', uint(2));
  const tKeep = m.reg('tag_keep', bit());
  tMax.set(active.and(isMax));
  tShift.set(active.and(isShift));
  tSq.set(active.and(isSq));
  tQ.set(active.and(isQ));
  tIdx.set(idx);
  tKeep.set(step.gt(n.resize(4).add(1).resize(4)));

  // Pass 1: the maxima ring, in place after every element: rms_max, abs_max0, abs_max1, abs_max2.
  const ring = [0, 1, 2, 3].map((i) => m.reg(`max${i}`, uint(MW)));
  ring.forEach((r, i) => m.output(i === 0 ? 'rms_max' : `abs_max${i - 1}`, r.resize(PW)));
  const prodMag = m.let('prod_mag', mulP.resize(MW).asUnsigned());
  const upd = m.let('max_upd', tKeep.not().and(ring[0]!.lt(prodMag)).mux(prodMag, ring[0]!));
  m.when(init1, () => ring.forEach((r) => r.set(0)));
  m.when(tMax, () => {
    ring[0]!.set(ring[1]!);
    ring[1]!.set(ring[2]!);
    ring[2]!.set(ring[3]!);
    ring[3]!.set(upd);
  });

  // The shifter: u' (steps 0, and 4 of pass 2: src >> s_u) and r', p' (the product >> s),
  // each as the 45-bit value times 2^17 shifted right by s_u + 17 or s + 17 ∈ [0, 44].
  const loadU = m.let('load_u', active.and(step.eq(0).or(run2.and(step.eq(4)))));
  const sAmt = m.let('s_amt', tIdx.select([[1, sP[0]!], [2, sP[1]!], [3, sP[2]!]], sR));
  const AW = bitsForUnsigned(PW - 1);
  const shIn = m.let('sh_in', cat(loadU.mux(src.resize(PW), mulP.resize(PW)), constant(uint(STAT - 1), 0)).asSigned());
  const shAmt = m.let('sh_amt', loadU.mux(sU.resize(7).asSigned(), sAmt).add(STAT - 1).resize(AW).asUnsigned());
  const shOut = m.let('sh_out', shIn.shrv(shAmt).resize(U_NORM));
  m.when(loadU.or(tShift), () => opA.set(shOut));
  // Pass 2: r'² into the sum of squares, p'·R into a q byte.
  const sumSq = m.reg('sum_sq', uint(QW), { output: true });
  // shiftRound(v, 33) = (floor(v / 2^32) + 1) >> 1, |p'·R| < 2^41.
  const qHi = m.let('q_hi', mulP.slice(42, 32).asSigned());
  const qv = m.let('q_val', clampSigned(qHi.add(1).shr(1), -127, 127, 8));
  // The lane of the element's byte, one-hot (a ring that turns after an element's last byte),
  // and the write mask, registered from it in the cycle before each byte: a write step is known
  // a cycle ahead (tag_q's next value), and the ring does not turn in that cycle (an element's
  // last byte is at least five steps before the next element's first). Each mask bit is then a
  // register with a synchronous reset, no logic per lane.
  const slot = m.reg('slot', uint(lanes), { reset: 1 });
  const qGroup = m.reg('q_group', uint(bitsForUnsigned(GMAX)), { reset: 0 });
  const lastQ = m.let('last_q', tQ.and(tIdx.eq(n.sub(1).resize(2))));
  const slotLast = slot.bit(lanes - 1);
  m.when(init2, () => sumSq.set(0));
  m.when(tSq, () => sumSq.set(sumSq.add(mulP.resize(2 * STAT - 1).asUnsigned().resize(QW)).resize(QW)));
  // A pass's elements come after its init2 cycle (never with it), so init2 takes precedence as
  // a synchronous reset and the ring turns under a clock enable, no logic per lane.
  m.when(init2, () => {
    slot.set(1);
    qGroup.set(0);
  }).elsewhen(lastQ, () => {
    // After the pass's last element the next pass starts its groups afresh (init2).
    slot.set(lanes === 1 ? slot : cat(slot.slice(lanes - 2, 0), slotLast));
    m.when(slotLast, () => qGroup.set(qGroup.add(1).resize(qGroup.width)));
  });
  const qWe = m.reg('q_we_r', uint(lanes), { reset: 0 });
  qWe.set(active.and(isQ).mux(slot, constant(uint(lanes), 0)));
  if (debug) {
    const qHold = [0, 1].map((i) => m.reg(`q_hold${i}`, uint(8)));
    m.when(tQ, () => qHold.forEach((r, i) => m.when(tIdx.eq(i), () => r.set(qv.asUnsigned()))));
    // An element's debug record comes with its last byte (kb has moved on by then).
    m.when(lastQ, () => record(DBG_TAG.q, kb.sub(1).resize(kW), [0, 1, 2].map((i) => (i < 2 ? tIdx.eq(i).mux(qv.asUnsigned(), qHold[i]!) : qv.asUnsigned()))));
  }
  m.output('q_we', qWe);
  m.output('q_addr', qRamAddr(tIdx, qGroup, GMAX));
  m.output('q_word0', qv.asUnsigned().repeat(lanes));
  return m;
}

/** Address of projection `proj`'s word of lane group `group` in the one q RAM of the serial pass: proj · gmax + group. */
export function qRamAddr(proj: Sig, group: Sig, gmax: number): Sig {
  const w = bitsForUnsigned(3 * gmax - 1);
  return mulConst(proj, gmax, w).add(group.resize(w)).resize(w);
}
