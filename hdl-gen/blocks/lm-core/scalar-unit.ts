/**
 * Scalar unit of the LM core: the per-group scalars of a BitLinear group (docs/ARITHMETIC.md),
 * computed once per group between and after the passes with one divider and one square root.
 *
 * - `go1` (after pass 1): s_r from max|u'·a|, and per projection p the exponent s_p, the
 *   mantissa P_p of max|u'·c_p| and the quantization reciprocal recip_p = floor(127·2^33 / P_p).
 * - `go2` (after pass 2): R = isqrt(Σ r'²), then per projection the output scale: the K
 *   mantissa and exponent are read from the K RAM (`k_addr_m`, `k_addr_e` → `k_mant`,
 *   `k_exp` one cycle later), M = (P_p·K_m·2^e1) / R normalized to 17 bits, and the shift;
 *   one debug record for the group and one per projection.
 *
 * `done` is high for one cycle when the requested work is finished; the results are held
 * until the next request.
 */
import { ModuleBuilder } from '../../core/module-builder.ts';
import { bit, sint, uint } from '../../core/shape.ts';
import { type Sig, constant } from '../../core/signal.ts';
import { stateEncoding } from '../../core/state-encoding.ts';
import { divider } from '../divider.ts';
import { bitLength, shiftFloorSigned } from '../fixed-point.ts';
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
  /** Quotient / root bits per cycle of the divider and the square root. */
  stepsPerCycle: number;
  /** Debug record outputs (the verification build). */
  debug: boolean;
}

export function scalarUnit(L: LmCoreLayout, name: string, p: ScalarParams): ModuleBuilder {
  const QW = L.sumSqBits;
  const RQW = Math.ceil(QW / 2);
  const DIVN = Math.max(40, RQW + 18);
  const DIVD = Math.max(17, RQW);
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
  const kRdM = m.input('k_mant', sint(STAT));
  const kRdE = m.input('k_exp', sint(STAT));
  const fracSel = m.input('frac_sel', uint(5));
  const record = debugOutputs(m, p.idxBits, p.debug);

  const S = stateEncoding(['idle', 'sc1', 'sc1Div', 'sqrtStart', 'sqrtWait', 'sc2K', 'sc2', 'sc2Div']);
  const st = m.reg('st', S.shape, { reset: S.code.idle });
  const done = m.output('done', bit());
  done.set(0);

  const divStart = m.wire('div_start', bit());
  const divNum = m.wire('div_num', uint(DIVN));
  const divDen = m.wire('div_den', uint(DIVD));
  divStart.set(0);
  divNum.set(0);
  divDen.set(0);
  // Every quotient is below 2^24 (R < 127·2^17, M' < 2^18), so 24 quotient bits suffice.
  const k = p.stepsPerCycle;
  const divP = { numBits: DIVN, denBits: DIVD, quoBits: 24, stepsPerCycle: k };
  const div = m.instance('div', divider(divP), { start: divStart, num: divNum, den: divDen });
  const sqrtStart = m.wire('sqrt_start', bit());
  sqrtStart.set(0);
  const sqrt = m.instance('sqrt', isqrtUnit(QW, k), { start: sqrtStart, n: sumSq });

  const sR = m.reg('s_r', sint(7), { output: true });
  const sP = [0, 1, 2].map((i) => m.reg(`s_p${i}`, sint(7), { output: true }));
  const pm = [0, 1, 2].map((i) => m.reg(`pm${i}`, uint(17)));
  const recip = [0, 1, 2].map((i) => m.reg(`recip${i}`, uint(24), { output: true }));
  const rq = m.reg('rq', uint(RQW));
  const mant = [0, 1, 2].map((i) => m.reg(`mant${i}`, uint(17), { output: true }));
  const shiftOut = [0, 1, 2].map((i) => m.reg(`shift${i}`, sint(SHIFT_BITS), { output: true }));
  const sc = m.reg('sc', uint(2), { reset: 0 });
  const bySc = (arr: Sig[]): Sig => sc.select(arr.map((a, i) => [i, a] as const), arr[0]!);
  const setSc = (arr: { set(v: Sig | number): void }[], v: Sig | number): void => {
    arr.forEach((r, i) => m.when(sc.eq(i), () => r.set(v)));
  };
  const lastSc = m.let('last_sc', sc.eq(nProj.sub(1).resize(2)));
  const absMaxSc = m.let('abs_max_sc', bySc(absMax));
  const blP = bitLength(m, 'bl_p', absMaxSc);
  const sPNew = m.let('s_p_new', blP.resize(8).asSigned().sub(17).resize(7));
  const pmNew = m.let('pm_new', shiftFloorSigned(absMaxSc.resize(PW + 1).asSigned(), sPNew, STAT, 19).asUnsigned().slice(16, 0));
  const blR = bitLength(m, 'bl_r', rmsMax);
  const kBase = m.let('k_base', kSlot.add(sc.resize(p.kAddrBits)).resize(p.kAddrBits).shl(1).resize(p.kAddrBits));
  m.output('k_addr_m', kBase);
  m.output('k_addr_e', kBase.add(1).resize(p.kAddrBits));
  const nProd = m.let('n_prod', bySc(pm).mul(kRdM.asUnsigned().slice(16, 0)));
  const blN = bitLength(m, 'bl_n', nProd);
  const blQ = bitLength(m, 'bl_rq', rq);
  const e1 = m.let('e1', constant(sint(8), 17).sub(blN.resize(8).asSigned()).add(blQ.resize(8).asSigned()).resize(8));
  const aNum = m.let('a_num', nProd.resize(DIVN).shlv(e1.asUnsigned()));
  const divQ = div.out('quo');
  const mHigh = m.let('m_high', divQ.ge(2 ** 17));
  const mNew = m.let('m_new', mHigh.mux(divQ.shr(1).resize(17), divQ.resize(17)));
  const eM = m.let('e_m', mHigh.mux(e1.sub(1).resize(8), e1));
  const shiftNew = m.let(
    'shift_new',
    eM.resize(SHIFT_BITS).sub(bySc(sP).resize(SHIFT_BITS)).add(kRdE.resize(SHIFT_BITS)).add(sR.resize(SHIFT_BITS)).resize(SHIFT_BITS),
  );
  const zeroScale = m.let('zero_scale', bySc(pm).eq(0).or(sumSq.eq(0)));
  const projRecord = (mv: Sig, sh: Sig): void => record(DBG_TAG.proj, sc, [absMaxSc, bySc(recip), mv, sh], sc);
  const advance2 = (): void => {
    m.when(lastSc, () => {
      done.set(1);
      st.set(S.code.idle);
    }).otherwise(() => {
      sc.set(sc.add(1).resize(2));
      st.set(S.code.sc2K);
    });
  };
  const advance1 = (): void => {
    m.when(lastSc, () => {
      done.set(1);
      st.set(S.code.idle);
    }).otherwise(() => {
      sc.set(sc.add(1).resize(2));
      st.set(S.code.sc1);
    });
  };

  m.switch(st, [
    [
      S.code.idle,
      () =>
        m.when(go1, () => {
          sc.set(0);
          st.set(S.code.sc1);
        }).elsewhen(go2, () => st.set(S.code.sqrtStart)),
    ],
    [
      S.code.sc1,
      () => {
        sR.set(blR.resize(8).asSigned().sub(17).resize(7));
        setSc(sP, sPNew);
        setSc(pm, absMaxSc.eq(0).mux(constant(uint(17), 0), pmNew));
        m.when(absMaxSc.eq(0), () => {
          setSc(recip, 0);
          advance1();
        }).otherwise(() => {
          divStart.set(1);
          divNum.set(constant(uint(DIVN), 127n * 2n ** 33n));
          divDen.set(pmNew.resize(DIVD));
          st.set(S.code.sc1Div);
        });
      },
    ],
    [
      S.code.sc1Div,
      () =>
        m.when(div.out('busy').not(), () => {
          setSc(recip, divQ.resize(24));
          advance1();
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
          rq.set(sqrt.out('root').resize(RQW));
          sc.set(0);
          record(DBG_TAG.group, 0, [sU, sR, sumSq, rmsMax]);
          st.set(S.code.sc2K);
        }),
    ],
    [S.code.sc2K, () => st.set(S.code.sc2)],
    [
      S.code.sc2,
      () =>
        m.when(zeroScale, () => {
          setSc(mant, 0);
          setSc(shiftOut, 0);
          projRecord(constant(uint(17), 0), constant(sint(SHIFT_BITS), 0));
          advance2();
        }).otherwise(() => {
          divStart.set(1);
          divNum.set(aNum);
          divDen.set(rq.resize(DIVD));
          st.set(S.code.sc2Div);
        }),
    ],
    [
      S.code.sc2Div,
      () =>
        m.when(div.out('busy').not(), () => {
          setSc(mant, mNew);
          setSc(shiftOut, shiftNew.sub(fracSel.resize(SHIFT_BITS + 1).asSigned()).resize(SHIFT_BITS));
          projRecord(mNew, shiftNew);
          advance2();
        }),
    ],
  ]);
  return m;
}
