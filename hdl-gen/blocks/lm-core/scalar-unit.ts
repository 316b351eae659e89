/**
 * Scalar unit of the LM core: the per-group scalars of a BitLinear group (docs/ARITHMETIC.md),
 * computed once per group between and after the passes with one divider, one square root and
 * one normalizer, all three sequential.
 *
 * - `go1` (after pass 1): s_r from max|u'·a|, and per projection p the exponent s_p, the
 *   mantissa P_p of max|u'·c_p| and the quantization reciprocal recip_p = floor(127·2^33 / P_p).
 * - `go2` (after pass 2): R = isqrt(Σ r'²), then per projection the output scale: the K
 *   mantissa and then the exponent are read through one port of the K RAM (`k_addr` → `k_rd`
 *   one cycle later: the mantissa at the even address 2·slot, the exponent at 2·slot + 1),
 *   M = (P_p·K_m·2^e1) / R normalized to 17 bits, and the shift; one debug record for the group
 *   and one per projection.
 *
 * The normalizer is one register that shifts its value left until the leading one reaches the
 * top, up to 2^j − 1 positions a cycle (j = stepsPerCycle, at most enough for the whole width
 * in one cycle), always for the same number of cycles: bitLength is the width less the shifts
 * taken, and the top 17 bits are the mantissa shiftFloor(v, bitLength(v) − 17). It normalizes
 * max|u'·a| (s_r), each max|u'·c_p| (s_p, P_p) and the root R. The divider takes R normalized
 * (leading one at the top of its denominator) and the product P_p·K_m shifted as if it had 33
 * bits (both mantissas lie in [2^16, 2^17), so it has 33 or 34): the quotient is the spec's
 * floor(P_p·K_m·2^e1 / R), or with 34 bits twice that plus at most one, halved in the
 * mantissa's normalization. P_p·K_m takes one 16 × 16 product (a DSP) and an add.
 *
 * `done` is high for one cycle when the requested work is finished; the results are held
 * until the next request. The cycle count does not depend on the data (scalarCycles()).
 */
import { ModuleBuilder } from '../../core/module-builder.ts';
import { bit, bitsForUnsigned, sint, uint } from '../../core/shape.ts';
import { type Sig, cat, constant } from '../../core/signal.ts';
import { stateEncoding } from '../../core/state-encoding.ts';
import { divider } from '../divider.ts';
import { isqrtUnit } from '../isqrt.ts';
import type { LmCoreLayout } from '../lm-core-layout.ts';
import { DBG_TAG, SHIFT_BITS, STAT } from './constants.ts';
import { debugOutputs } from './debug.ts';

export interface ScalarParams {
  /** Width of the maxima (u'·a products). */
  PW: number;
  /** Width of the K RAM address. */
  kAddrBits: number;
  /** Width of s_u (reported in the group record). */
  sUBits: number;
  idxBits: number;
  /** Quotient / root bits per cycle of the divider and the square root; the normalizer shifts up to 2^stepsPerCycle − 1 bits per cycle. */
  stepsPerCycle: number;
  /** Debug record outputs (the verification build). */
  debug: boolean;
}

/** Widths and cycle counts of a scalar unit. */
export function scalarGeometry(sumSqBits: number, PW: number, stepsPerCycle: number) {
  const k = stepsPerCycle;
  const RQW = Math.ceil(sumSqBits / 2);
  const DIVD = Math.max(17, RQW);
  const DIVN = Math.max(40, DIVD + 18);
  const NW = Math.max(PW, RQW);
  const stages = Math.min(k, bitsForUnsigned(NW - 1));
  const normCycles = Math.ceil((NW - 1) / (2 ** stages - 1));
  return { RQW, DIVD, DIVN, NW, stages, normCycles, quoCycles: 24 / k, rootCycles: Math.ceil(RQW / k) };
}

/**
 * Cycles of the scalar unit for one group of `projs` projections, from go1 to its done pulse
 * plus from go2 to its done pulse (no scale zero).
 */
export function scalarCycles(sumSqBits: number, PW: number, stepsPerCycle: number, projs: number): number {
  const g = scalarGeometry(sumSqBits, PW, stepsPerCycle);
  const N = g.normCycles;
  // go1: load and normalize max|u'·a|, its exponent; per projection load, normalize, start the division,
  // divide.
  const sc1 = 1 + N + 1 + projs * (1 + N + 1 + g.quoCycles + 1);
  // go2: start and run the square root, load and normalize the root; per projection read K,
  // start the division, divide.
  const sc2 = 1 + g.rootCycles + 1 + 1 + N + projs * (1 + 1 + g.quoCycles + 1);
  return sc1 + sc2;
}

export function scalarUnit(L: LmCoreLayout, name: string, p: ScalarParams): ModuleBuilder {
  const QW = L.sumSqBits;
  const k = p.stepsPerCycle;
  const { RQW, DIVD, DIVN, NW, stages, normCycles } = scalarGeometry(QW, p.PW, k);
  const { PW } = p;
  const m = new ModuleBuilder(name);
  const go1 = m.input('go1', bit());
  const go2 = m.input('go2', bit());
  const nProj = m.input('n_proj', uint(2));
  const rmsMax = m.input('rms_max', uint(PW));
  const absMax = [0, 1, 2].map((i) => m.input(`abs_max${i}`, uint(PW)));
  const sumSq = m.input('sum_sq', uint(QW));
  const sU = m.input('s_u', uint(p.sUBits));
  const kSlot = m.input('k_slot', uint(p.kAddrBits));
  const kRd = m.input('k_rd', sint(STAT));
  const fracSel = m.input('frac_sel', uint(5));
  const record = debugOutputs(m, p.idxBits, p.debug);

  const S = stateEncoding(['idle', 'load', 'norm', 'sr', 'sc1', 'sc1Div', 'sqrtStart', 'sqrtWait', 'sc2K', 'sc2', 'sc2Div']);
  const st = m.reg('st', S.shape, { reset: S.code.idle });
  const done = m.output('done', bit());
  done.set(0);

  const divStart = m.wire('div_start', bit());
  divStart.set(0);
  // Every quotient is below 2^24 (R < 127·2^17, M' < 2^18), so 24 quotient bits suffice.
  const divP = { numBits: DIVN, denBits: DIVD, quoBits: 24, stepsPerCycle: k };
  // The divider's operands (taken with div_start): in sc1 the constant 127·2^33 over the
  // mantissa P_p, in sc2 the product P_p·K_m over the root normalized (below).
  const divNum = m.wire('div_num', uint(DIVN));
  const divDen = m.wire('div_den', uint(DIVD));
  const div = m.instance('div', divider(divP), { start: divStart, num: divNum, den: divDen });
  const sqrtStart = m.wire('sqrt_start', bit());
  sqrtStart.set(0);
  const sqrt = m.instance('sqrt', isqrtUnit(QW, k), { start: sqrtStart, n: sumSq });

  const sR = m.reg('s_r', sint(7), { output: true });
  const sP = [0, 1, 2].map((i) => m.reg(`s_p${i}`, sint(7), { output: true }));
  const pm = [0, 1, 2].map((i) => m.reg(`pm${i}`, uint(17)));
  const recip = [0, 1, 2].map((i) => m.reg(`recip${i}`, uint(24), { output: true }));
  const mant = [0, 1, 2].map((i) => m.reg(`mant${i}`, uint(17), { output: true }));
  const shiftOut = [0, 1, 2].map((i) => m.reg(`shift${i}`, sint(SHIFT_BITS), { output: true }));
  const sc = m.reg('sc', uint(2), { reset: 0 });
  const bySc = (arr: Sig[]): Sig => sc.select(arr.map((a, i) => [i, a] as const), arr[0]!);
  const setSc = (arr: { set(v: Sig | number): void }[], v: Sig | number): void => {
    arr.forEach((r, i) => m.when(sc.eq(i), () => r.set(v)));
  };
  const lastSc = m.let('last_sc', sc.eq(nProj.sub(1).resize(2)));

  // ---------------------------------------------------------------- normalizer
  // What it holds: max|u'·a| (phase a), max|u'·c_sc| (phase p), the root (phase q).
  const PH = { a: 0, p: 1, q: 2 };
  const phase = m.reg('phase', uint(2), { reset: 0 });
  const nr = m.reg('nr', uint(NW));
  const nc = m.reg('nc', uint(bitsForUnsigned(NW - 1 + 2 ** stages - 1)));
  const ncyc = m.reg('ncyc', uint(bitsForUnsigned(normCycles)), { reset: 0 });
  // The load state's source (the pass unit's maxima are final one cycle after go1).
  const nrSrc = m.let('nr_src', phase.select([[PH.a, rmsMax.resize(NW)], [PH.q, sqrt.out('root').resize(RQW).resize(NW)]], bySc(absMax).resize(NW)));
  // One stage (a bit a cycle): the register shifts where its top bit is clear and holds (its
  // enable) where it is set. More stages: 2^s positions a stage where the top 2^s bits are clear.
  const oneStage = stages === 1;
  let v: Sig = nr;
  const shifted: Sig[] = [];
  for (let s = oneStage ? -1 : stages - 1; s >= 0; s--) {
    const w = 2 ** s;
    const z = m.let(`nz${s}`, v.slice(NW - 1, NW - w).eq(0));
    shifted.push(z);
    v = m.let(`nv${s}`, z.mux(v.shl(w).resize(NW), v));
  }
  const nrNext = v;
  const ncNext = oneStage ? nc : nc.add(shifted.length === 1 ? shifted[0]! : cat(...shifted)).resize(nc.width);
  // bitLength of the value normalized: the width less the shifts taken, 0 for 0.
  const blW = bitsForUnsigned(NW);
  const bl = m.let('n_bl', nr.msb().mux(constant(uint(blW), NW).sub(nc.resize(blW)).resize(blW), constant(uint(blW), 0)));
  const sNew = m.let('n_s', bl.resize(8).asSigned().sub(17).resize(7));
  const top17 = m.let('n_top17', nr.slice(NW - 1, NW - 17));

  // ---------------------------------------------------------------- output scale
  // Mantissa first, then the exponent, through one read port: k_rd is the mantissa in sc2 and
  // the exponent from the first sc2Div cycle on.
  const kAddr = m.let('k_addr_w', cat(kSlot.add(sc.resize(p.kAddrBits)).resize(p.kAddrBits).slice(p.kAddrBits - 2, 0), st.ne(S.code.sc2K)));
  m.output('k_addr', kAddr);
  // P_p·K_m with one 16 × 16 product (a DSP of the iCE40): P_p is 0 (a zero scale, the product
  // unused) or has bit 16 set, so P_p·K_m = p·k + 2^16·(K_m + k16·p) with p, k the low 16 bits
  // of P_p, K_m and k16 the bit 16 of K_m.
  const pmSel = m.let('pm_sel', bySc(pm));
  const kM = kRd.asUnsigned().slice(16, 0);
  const pLow = pmSel.slice(15, 0);
  const kHigh = m.let('k_high', kM.resize(18).add(kM.bit(16).mux(pLow, constant(uint(16), 0)).resize(18)).resize(18));
  const nProd = m.let('n_prod', pLow.mul(kM.slice(15, 0)).resize(34).add(cat(kHigh, constant(uint(16), 0)).resize(34)).resize(34));
  // P_p·K_m·2^(DIVD + 17 − bitLength) over the root normalized to DIVD bits: the quotient of
  // the spec's (P_p·K_m·2^e1) / R with e1 = 17 − bitLength(P_p·K_m) + bitLength(R).
  // The product is always taken as if of 33 bits: with 34 (n_top) the quotient is twice the
  // spec's plus at most one, and floor(floor(2x) / 2) = floor(x) (below).
  const nTopNow = nProd.bit(33);
  const aNum = m.let('a_num', nProd.resize(DIVN).shl(DIVD - 16).resize(DIVN));
  const rqNorm = m.let('rq_norm', DIVD > RQW ? cat(nr.slice(NW - 1, NW - RQW), constant(uint(DIVD - RQW), 0)) : nr.slice(NW - 1, NW - RQW));
  const nTop = m.reg('n_top', bit());
  const divQ = div.out('quo');
  // The spec's quotient is quo >> n_top; at or above 2^17 it is halved once more.
  const mHigh = m.let('m_high', nTop.mux(divQ.ge(2 ** 18), divQ.ge(2 ** 17)));
  const mNew = m.let('m_new', cat(nTop, mHigh).select([[0, divQ.resize(17)], [3, divQ.shr(2).resize(17)]], divQ.shr(1).resize(17)));
  const inSc2 = st.eq(S.code.sc2);
  divNum.set(inSc2.mux(aNum, constant(uint(DIVN), 127n * 2n ** 33n)));
  divDen.set(inSc2.mux(rqNorm, top17.resize(DIVD)));
  // e_M = e1 − [quotient ≥ 2^17] = bitLength(R) − 16 − [product ≥ 2^33] − [quotient ≥ 2^17].
  const sb = (x: Sig): Sig => x.resize(SHIFT_BITS).asSigned();
  const eM = m.let('e_m', sb(bl).sub(16).sub(sb(nTop)).sub(sb(mHigh)).resize(SHIFT_BITS));
  const shiftNew = m.let(
    'shift_new',
    eM.sub(bySc(sP).resize(SHIFT_BITS)).add(kRd.resize(SHIFT_BITS)).add(sR.resize(SHIFT_BITS)).resize(SHIFT_BITS),
  );
  // P_p = 0 (its mantissa's top bit clear) or Σ r'² = 0 (the root 0): a zero scale.
  const zeroScale = m.let('zero_scale', pmSel.msb().not().or(nr.msb().not()));
  const projRecord = (mv: Sig, sh: Sig): void => record(DBG_TAG.proj, sc, [bySc(absMax), bySc(recip), mv, sh], sc);
  const advance = (next: (typeof S.code)[keyof typeof S.code], nextPhase: number): void => {
    m.when(lastSc, () => {
      done.set(1);
      st.set(S.code.idle);
    }).otherwise(() => {
      sc.set(sc.add(1).resize(2));
      phase.set(nextPhase);
      st.set(next);
    });
  };

  m.switch(st, [
    [
      S.code.idle,
      () =>
        m.when(go1, () => {
          sc.set(0);
          phase.set(PH.a);
          st.set(S.code.load);
        }).elsewhen(go2, () => st.set(S.code.sqrtStart)),
    ],
    [
      S.code.norm,
      () => {
        if (oneStage) {
          m.when(nr.msb().not(), () => {
            nr.set(nr.shl(1).resize(NW));
            nc.set(nc.add(1).resize(nc.width));
          });
        } else {
          nr.set(nrNext);
          nc.set(ncNext);
        }
        ncyc.set(ncyc.add(1).resize(ncyc.width));
        m.when(ncyc.eq(normCycles - 1), () => st.set(phase.select([[PH.a, S.code.sr], [PH.q, S.code.sc2K]], S.code.sc1)));
      },
    ],
    [
      S.code.load,
      () => {
        nr.set(nrSrc);
        nc.set(0);
        ncyc.set(0);
        st.set(S.code.norm);
      },
    ],
    [
      // max|u'·a| normalized: its exponent s_r; then the projections' maxima.
      S.code.sr,
      () => {
        sR.set(sNew);
        phase.set(PH.p);
        st.set(S.code.load);
      },
    ],
    [
      S.code.sc1,
      () => {
        setSc(sP, sNew);
        setSc(pm, top17);
        m.when(top17.msb().not(), () => {
          setSc(recip, 0);
          advance(S.code.load, PH.p);
        }).otherwise(() => {
          divStart.set(1);
          st.set(S.code.sc1Div);
        });
      },
    ],
    [
      S.code.sc1Div,
      () =>
        m.when(div.out('busy').not(), () => {
          setSc(recip, divQ.resize(24));
          advance(S.code.load, PH.p);
        }),
    ],
    [
      S.code.sqrtStart,
      () => {
        sqrtStart.set(1);
        st.set(S.code.sqrtWait);
      },
    ],
    [
      S.code.sqrtWait,
      () =>
        m.when(sqrt.out('busy').not(), () => {
          sc.set(0);
          phase.set(PH.q);
          record(DBG_TAG.group, 0, [sU, sR, sumSq, rmsMax]);
          st.set(S.code.load);
        }),
    ],
    [S.code.sc2K, () => st.set(S.code.sc2)],
    [
      S.code.sc2,
      () => {
        nTop.set(nTopNow);
        m.when(zeroScale, () => {
          setSc(mant, 0);
          setSc(shiftOut, 0);
          projRecord(constant(uint(17), 0), constant(sint(SHIFT_BITS), 0));
          advance(S.code.sc2K, PH.q);
        }).otherwise(() => {
          divStart.set(1);
          st.set(S.code.sc2Div);
        });
      },
    ],
    [
      S.code.sc2Div,
      () =>
        m.when(div.out('busy').not(), () => {
          setSc(mant, mNew);
          setSc(shiftOut, shiftNew.sub(fracSel.resize(SHIFT_BITS + 1).asSigned()).resize(SHIFT_BITS));
          projRecord(mNew, shiftNew);
          advance(S.code.sc2K, PH.q);
        }),
    ],
  ]);
  return m;
}
