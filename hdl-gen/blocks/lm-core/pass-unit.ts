/**
 * Statistics and quantization passes of the LM core (docs/ARITHMETIC.md, BitLinear): E input
 * elements per cycle read from the x or u RAM with their norm weights.
 *
 * - Pass 1 (`run1`): the maxima max|u'·a| (rms) and max|u'·c_p| per projection.
 * - Pass 2 (`run2`): the sum of squares of the normalized rms products and the int8
 *   quantization of every projection's input, E bytes per beat written straight into the
 *   projection's q RAM (one word of `lanes` bytes per lane group at `q_addr`, a write mask
 *   `q_we` of one bit per byte selects the beat's E bytes; `q_word0..2` carry the beat's bytes
 *   repeated across the word), one debug record per beat.
 *
 * `init1` / `init2` clear the pass's accumulators (and `init1` takes the input shift s_u from
 * `src_max`, the largest magnitude of the input vector). The unit counts beats itself: `kb`
 * addresses the element RAMs (the data arrive the next cycle), `last` marks the pass's final
 * beat. Scalars computed between the passes (s_r, s_p, recip) come from the scalar unit.
 */
import { adderTree } from '../adder-tree.ts';
import { ModuleBuilder } from '../../core/module-builder.ts';
import { bit, bitsForUnsigned, sint, uint, vec } from '../../core/shape.ts';
import { type Sig, catLanes, constant } from '../../core/signal.ts';
import { bitLength, clampSigned, magnitude, shiftFloorSigned, shiftRoundConst } from '../fixed-point.ts';
import type { LmCoreLayout } from '../lm-core-layout.ts';
import { DBG_TAG, STAT, U_NORM, X_BITS } from './constants.ts';
import { debugOutputs } from './debug.ts';

export interface PassWidths {
  /** Width of the input elements (max of x and u). */
  SW: number;
  /** Width of the beat counter. */
  kW: number;
  /** Width of a product u'·a (and of the maxima). */
  PW: number;
  idxBits: number;
}

export function passWidths(L: LmCoreLayout, idxBits: number): PassWidths {
  const SW = Math.max(X_BITS, L.uBits);
  const maxCols = Math.max(L.shape.hiddenSize, L.shape.intermediateSize);
  return { SW, kW: bitsForUnsigned(Math.ceil(maxCols / L.passWidth)), PW: U_NORM + STAT, idxBits };
}

export function passUnit(L: LmCoreLayout, name: string, w: PassWidths, debug = true): ModuleBuilder {
  const { lanes } = L.shape;
  const E = L.passWidth;
  const EB = Math.log2(E);
  const QW = L.sumSqBits;
  const { SW, kW, PW } = w;
  const GMAX = Math.max(L.groupsD, L.groupsI);
  const m = new ModuleBuilder(name);
  const run1 = m.input('run1', bit());
  const run2 = m.input('run2', bit());
  const init1 = m.input('init1', bit());
  const init2 = m.input('init2', bit());
  const beats = m.input('beats', uint(kW));
  const srcMax = m.input('src_max', uint(SW));
  const src = m.input('src', vec(E, sint(SW))).lanes;
  const aIn = m.input('a', vec(E, sint(STAT))).lanes;
  const cIn = [0, 1, 2].map((i) => m.input(`c${i}`, vec(E, sint(STAT))).lanes);
  const sR = m.input('s_r', sint(7));
  const sP = [0, 1, 2].map((i) => m.input(`s_p${i}`, sint(7)));
  const recip = [0, 1, 2].map((i) => m.input(`recip${i}`, uint(24)));
  const record = debugOutputs(m, w.idxBits, debug);

  const kb = m.reg('kb', uint(kW), { reset: 0, output: true });
  const kb1 = m.reg('kb1', uint(kW), { reset: 0 });
  const v1 = m.reg('v1', bit(), { reset: 0 });
  const inPass = m.let('in_pass', run1.or(run2));
  const issuing = m.let('issuing', inPass.and(kb.lt(beats)));
  const lastBeat = m.let('last_beat', kb1.eq(beats.sub(1).resize(kW)));
  m.output('last', v1.and(lastBeat));
  const sU = m.reg('s_u', uint(bitsForUnsigned(SW)), { output: true });
  const bl = bitLength(m, 'bl_u', srcMax);

  const rProd: Sig[] = [];
  const pProd: Sig[][] = [[], [], []];
  for (let b = 0; b < E; b++) {
    const uN = m.let(`u_norm${b}`, src[b]!.shrv(sU).resize(U_NORM));
    rProd.push(m.let(`r_prod${b}`, uN.mul(aIn[b]!)));
    cIn.forEach((c, i) => pProd[i]!.push(m.let(`p_prod${i}_${b}`, uN.mul(c[b]!))));
  }
  const maxOf = (nm: string, vals: Sig[]): Sig => {
    let level = vals.map((v) => magnitude(v));
    for (let n = 0; level.length > 1; n++) {
      const next: Sig[] = [];
      for (let j = 0; j < level.length; j += 2) {
        const a = level[j]!;
        const c = level[j + 1];
        next.push(c ? m.let(`${nm}_m${n}_${j / 2}`, a.ge(c).mux(a, c)) : a);
      }
      level = next;
    }
    return m.let(nm, level[0]!);
  };
  const rBeatMax = maxOf('r_beat_max', rProd);
  const pBeatMax = pProd.map((ps, i) => maxOf(`p_beat_max${i}`, ps));
  const rmsMax = m.reg('rms_max', uint(PW), { output: true });
  const absMax = [0, 1, 2].map((i) => m.reg(`abs_max${i}`, uint(PW), { output: true }));
  const sumSq = m.reg('sum_sq', uint(QW), { output: true });
  const slots = lanes / E;
  const slotW = bitsForUnsigned(slots);
  const slot = m.reg('slot', uint(slotW), { reset: 0 });
  const qGroup = m.reg('q_group', uint(bitsForUnsigned(GMAX)), { reset: 0 });

  m.when(inPass, () => {
    m.when(issuing, () => kb.set(kb.add(1).resize(kW)));
    v1.set(issuing);
    kb1.set(kb);
  }).otherwise(() => {
    v1.set(0);
    kb.set(0);
  });
  m.when(init1, () => {
    sU.set(bl.gt(U_NORM - 1).mux(bl.sub(U_NORM - 1).resize(sU.width), constant(uint(sU.width), 0)));
    rmsMax.set(0);
    absMax.forEach((r) => r.set(0));
  });
  // Pass 1: maxima.
  m.when(run1.and(v1), () => {
    m.when(rBeatMax.gt(rmsMax), () => rmsMax.set(rBeatMax));
    pBeatMax.forEach((pmx, i) => m.when(pmx.gt(absMax[i]!), () => absMax[i]!.set(pmx)));
  });
  // Pass 2: squares for the rms, int8 quantization, q words.
  const squares = rProd.map((r, b) => {
    const rN = m.let(`r_norm${b}`, shiftFloorSigned(r, sR, STAT, STAT));
    return rN.mul(rN).asUnsigned().resize(2 * STAT - 1);
  });
  const beatSq = m.let('beat_sq', adderTree(m, squares, { name: 'sq' }));
  const qVals = pProd.map((ps, i) =>
    ps.map((p, b) => {
      const pN = m.let(`p_norm${i}_${b}`, shiftFloorSigned(p, sP[i]!, STAT, STAT));
      const prod = pN.mul(recip[i]!.resize(25).asSigned());
      return m.let(`q_val${i}_${b}`, clampSigned(shiftRoundConst(prod, 33), -127, 127, 8));
    }),
  );
  const qPacked = qVals.map((qs, i) => m.let(`q_packed${i}`, catLanes(qs.map((q) => q.asUnsigned()))));
  const lastSlot = m.let('last_slot', slot.eq(slots - 1).or(lastBeat));
  m.when(init2, () => {
    sumSq.set(0);
    slot.set(0);
    qGroup.set(0);
  });
  m.when(run2.and(v1), () => {
    sumSq.set(sumSq.add(beatSq.resize(QW)).resize(QW));
    m.when(lastSlot, () => {
      slot.set(0);
      qGroup.set(qGroup.add(1).resize(qGroup.width));
    }).otherwise(() => slot.set(slot.add(1).resize(slotW)));
    record(DBG_TAG.q, kb1.resize(w.idxBits).shl(EB).resize(w.idxBits), qPacked);
  });
  const qWrite = m.let('q_write', run2.and(v1));
  m.output('q_we', catLanes(Array.from({ length: slots }, (_, l) => qWrite.and(slot.eq(l)).repeat(E))));
  m.output('q_addr', qGroup);
  qPacked.forEach((q, i) => m.output(`q_word${i}`, q.repeat(slots)));
  return m;
}
