/**
 * Post-processor of the LM core: takes a finished row (the sequencer's row buffer, one row at a time:
 * `row_full`, `row_acc`, `row_idx`, `row_proj`) and does that row's elementwise work in 1 to 3
 * steps while the next rows accumulate: dequantization, σ and SiLU (one sigmoid table), the
 * forget gate with its lower bound, the recurrence h = f·h + (1 − f)·SiLU(i), the GLU, the
 * residual add, and the logits with their argmax.
 *
 * The RAM reads a row needs are issued in the cycle it is taken (`take`), and a row is taken in
 * the cycle the previous one finishes, so a row costs as many cycles as it has steps. The unit
 * owns the i, f and SiLU(gate) buffers and the recurrent state h of every layer (zeroed by the
 * core through `h_clear`, one word a cycle, after reset); it reads the
 * residual stream x (`r_idx` → `x_rd`) and the lower bounds (`r_h_addr` → `lb_rd`) from the
 * core's RAMs, and writes x (`xw_*`) and the o/down inputs u (`uw_*`).
 */
import { ModuleBuilder } from '../../core/module-builder.ts';
import { bit, sint, uint } from '../../core/shape.ts';
import { type Sig, constant } from '../../core/signal.ts';
import { stateEncoding } from '../../core/state-encoding.ts';
import { saturate, shiftRoundSat, sigmoidAddress, sigmoidInterpolate, sigmoidRom, siluFrom } from '../fixed-point.ts';
import type { LmCoreLayout } from '../lm-core-layout.ts';
import { GATE_ONE_Q16, lowerBoundedGate, recurrence } from '../mlgru-arith.ts';
import { CORE_GROUP, DBG_TAG, GATE_ONE, LOGIT_BITS, STAT, V_BITS, X_BITS } from './constants.ts';
import { debugOutputs } from './debug.ts';
import { type PostParams, postInputs, postPorts } from './post-ports.ts';
import { type ModuleCache, RamPort } from './ram.ts';

export type { PostParams } from './post-ports.ts';

export function postProcessor(L: LmCoreLayout, name: string, p: PostParams, cache: ModuleCache): ModuleBuilder {
  const { hiddenSize: d, numLayers: NL, intermediateSize: I } = L.shape;
  const E = L.passWidth;
  const EB = Math.log2(E);
  const ACCW = L.accBits;
  const UW = L.uBits;
  const { rowsW, pW } = p;
  const m = new ModuleBuilder(name);
  const { rowFull, rowAcc, rowIdx, rowProj, grp, dBase, mant, shiftOut, xRdBanks, lbRd, hClear, hClearAddr } = postInputs(m, L, p);
  const record = debugOutputs(m, p.idxBits, p.debug);

  const PS = stateEncoding(['idle', 's1', 's2', 's3']);
  const pst = m.reg('pst', PS.shape, { reset: PS.code.idle });
  const pIs = (n: (typeof PS.names)[number]): Sig => pst.eq(PS.code[n]);
  const pDone = m.wire('p_done', bit());
  pDone.set(0);
  const take = m.output('take', rowFull.and(pIs('idle').or(pDone)));
  m.output('busy', pst.ne(PS.code.idle));
  const pAcc = m.reg('p_acc', sint(ACCW));
  const pIdx = m.reg('p_idx', uint(rowsW));
  const pProj = m.reg('p_proj', uint(2));
  const pV = m.reg('p_v', sint(V_BITS));
  const pFrac = m.reg('p_frac', uint(11));
  const pFl = m.reg('p_fl', uint(17));
  const pH = m.reg('p_h', sint(V_BITS));
  const pI = m.reg('p_i', sint(V_BITS));
  const out = postPorts(m, L, rowsW);
  const bySc3 = (sel: Sig, arr: Sig[]): Sig => sel.select(arr.map((a, i) => [i, a] as const), arr[0]!);
  const pMant = m.let('p_mant', bySc3(pProj, mant));
  const pShift = m.let('p_shift', bySc3(pProj, shiftOut));
  // Reads for the row being taken now (or the current row while it is processed).
  const rIdx = m.let('r_idx', take.mux(rowIdx, pIdx));
  m.output('r_idx_out', rIdx);
  const isUp = m.let('is_up', grp.eq(CORE_GROUP.gateUp).and(pIdx.ge(I)));
  const upIdx = m.let('up_idx', pIdx.sub(I).resize(rowsW));
  const rUpIdx = m.let('r_up_idx', rIdx.sub(I).resize(rowsW));
  const iBuf = new RamPort(m, 'i_buf', d, sint(V_BITS));
  const flBuf = new RamPort(m, 'fl_buf', d, uint(17));
  const hRam = new RamPort(m, 'h_ram', NL * d, sint(V_BITS));
  const sgBuf = new RamPort(m, 'sg_buf', I, sint(V_BITS));
  const iRd = iBuf.read(rIdx, 'i_post');
  const flRd = flBuf.read(rIdx, 'fl_post');
  const hAddr = m.let('h_addr', dBase.add(pIdx.resize(pW)).resize(pW));
  const rHAddr = m.let('r_h_addr', dBase.add(rIdx.resize(pW)).resize(pW));
  m.output('r_h_addr_out', rHAddr);
  const hRd = hRam.read(rHAddr, 'h_post');
  const hWe = m.wire('h_we', bit());
  hWe.set(0);
  const xRdP = m.let('x_post', E === 1 ? xRdBanks[0]! : pIdx.slice(EB - 1, 0).select(xRdBanks.slice(1).map((x, b) => [b + 1, x] as const), xRdBanks[0]!));
  const sgRd = sgBuf.read(rUpIdx, 'sg_post');
  // One sigmoid table port, addressed by the step that needs it.
  const sigRom = sigmoidRom(m, 'sigmoid_rom');
  const sigIn = m.wire('sig_in', sint(V_BITS));
  const sigAddr = sigmoidAddress(m, 'sig', sigIn);
  const sigWord = sigRom.read(sigAddr.index, { name: 'sig_word' });
  const sigma = m.let('sigma', sigmoidInterpolate(sigWord, pFrac));
  pFrac.set(sigAddr.frac);
  // Datapath of the steps. One SiLU multiplier: SiLU(f or gate) and SiLU(i) in step 2, SiLU(h)
  // in step 3. One accumulator multiplier: acc·M (dequantization) in step 1, acc·SiLU(gate) for
  // the up rows in step 1, acc·SiLU(h) in step 3.
  const lbHeld = m.reg('lb_held', sint(STAT));
  const siluZ = m.let('silu_z', pIs('s3').mux(pH, grp.eq(CORE_GROUP.ifg).mux(pI, pV)));
  const siluAny = m.let('silu_any', siluFrom(siluZ, sigma));
  const accB = m.let('acc_b', pIs('s3').mux(siluAny, isUp.mux(sgRd, pMant.resize(18).asSigned().resize(V_BITS))));
  const accProd = m.let('acc_prod', pAcc.mul(accB));
  const dqProd = m.let('dq_prod', accProd.resize(ACCW + 18));
  // One rounding shifter for the three dequantized widths: saturating to 32 bits and then to 27
  // equals saturating to 27 at once (a left shift clamped at 32 instead of 27 saturates alike).
  const dqX = shiftRoundSat(m, 'dq_x', dqProd, pShift, X_BITS);
  const dqV = m.let('dq_v', saturate(dqX, V_BITS));
  sigIn.set(dqV);
  if (GATE_ONE !== GATE_ONE_Q16) throw new RangeError(`post-processor: GATE_ONE ${GATE_ONE} must be 2^16`);
  const hNew = m.let('h_new', recurrence(m, '', pFl, pH, siluAny));
  const uAcc = m.let('u_acc', accProd.resize(UW));
  const xSum = m.let('x_sum', saturate(xRdP.add(dqX), X_BITS));
  const dqL = LOGIT_BITS === X_BITS ? dqX : shiftRoundSat(m, 'dq_l', dqProd, pShift, LOGIT_BITS);
  const flOf = m.let('fl_of', lowerBoundedGate(m, '', lbHeld.asUnsigned().resize(17), sigma));
  const rowDbg = (values: Sig[]): void => record(DBG_TAG.row, pIdx, values, pProj);
  const finish = (): void => {
    pDone.set(1);
    pst.set(PS.code.idle);
  };
  const g = (n: number): Sig => grp.eq(n);
  m.when(pIs('s1'), () => {
    m.when(g(CORE_GROUP.ifg).and(pProj.eq(0)), () => {
      iBuf.write(pIdx, dqV);
      rowDbg([pAcc, dqV]);
      finish();
    })
      .elsewhen(g(CORE_GROUP.head), () => {
        out.logit(pIdx, pAcc, dqL);
        rowDbg([pAcc, dqL]);
        finish();
      })
      .elsewhen(g(CORE_GROUP.ifg).and(pProj.eq(2)), () => {
        // i, fl and h of this row are ready: look up σ(i).
        pI.set(iRd);
        pFl.set(flRd);
        pH.set(hRd);
        sigIn.set(iRd);
        pst.set(PS.code.s2);
      })
      .elsewhen(g(CORE_GROUP.o).or(g(CORE_GROUP.down)), () => {
        out.writeX(pIdx, xSum);
        rowDbg([pAcc, dqX, xSum]);
        finish();
      })
      .elsewhen(isUp, () => {
        out.writeU(upIdx, uAcc);
        rowDbg([pAcc, uAcc]);
        finish();
      })
      .otherwise(() => {
        // f and gate: look up σ of the dequantized value.
        pV.set(dqV);
        lbHeld.set(lbRd);
        pst.set(PS.code.s2);
      });
  });
  m.when(pIs('s2'), () => {
    m.when(g(CORE_GROUP.ifg).and(pProj.eq(1)), () => {
      flBuf.write(pIdx, flOf);
      rowDbg([pAcc, pV, flOf]);
      finish();
    })
      .elsewhen(g(CORE_GROUP.ifg), () => {
        // σ(i) is ready: the recurrence, then look up σ(h).
        hWe.set(1);
        pH.set(hNew);
        sigIn.set(hNew);
        pst.set(PS.code.s3);
      })
      .otherwise(() => {
        sgBuf.write(pIdx, siluAny);
        rowDbg([pAcc, pV, siluAny]);
        finish();
      });
  });
  m.when(pIs('s3'), () => {
    out.writeU(pIdx, uAcc);
    rowDbg([pAcc, pH, uAcc]);
    finish();
  });
  m.when(take, () => {
    pAcc.set(rowAcc);
    pIdx.set(rowIdx);
    pProj.set(rowProj);
    pst.set(PS.code.s1);
  });
  hRam.write(hClear.mux(hClearAddr, hAddr), hClear.mux(constant(sint(V_BITS), 0), hNew), hClear.or(hWe));
  for (const r of [iBuf, flBuf, hRam, sgBuf]) r.finish(cache);
  return m;
}
