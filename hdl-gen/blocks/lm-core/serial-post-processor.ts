/**
 * The post-processor with one multiplier, for small cores: the same ports, results and debug
 * records (in the same order) as post-processor.ts, but every product of a row goes through
 * the operand ports `mul_a`, `mul_b` and comes back as `mul_p` in the same cycle (the core's
 * shared multiplier, shared-multiplier.ts, which the serial pass unit uses in the pass states;
 * the post-processor is busy only during accumulation and its drain). On a small core a row
 * arrives only every ⌈cols / lanes⌉ cycles, so one product per cycle keeps up.
 *
 * Steps of a row (one product each, except the first of an i/f → h row):
 *
 * | row | steps |
 * |---|---|
 * | i, o, down, head | acc · M (dequantization; residual add, logit and argmax as in the parallel unit) |
 * | up | acc · SiLU(gate) |
 * | f | acc · M, then delta · frac (σ), then (1 − lb) · σ (the lower-bounded gate) |
 * | gate | acc · M, then delta · frac (σ), then v · σ (SiLU) |
 * | h (i, f → h) | reads, delta · frac (σ(i)), i · σ (SiLU(i)), fl · (h − s) (recurrence), delta · frac (σ(h)), h · σ (SiLU(h)), acc · SiLU(h) |
 *
 * A row costs as many cycles as it has steps (1, 3 or 7); the next row is taken in the cycle the
 * previous one finishes. One rounding shifter serves every dequantized width, one sigmoid table
 * read port every σ. *
 * With `hSpram` (a device with SPRAM, iCE40 UP5K) h is kept in a single-port memory of 16-bit
 * words marked ram_style "huge" (one SB_SPRAM256KA of 16K × 16) instead of block RAM: element e
 * is words 2e (bits 15..0) and 2e + 1 (the bits above, zero-extended). An h row reads the low word in
 * the cycle it is taken and the high word in s1, and writes the low word in rec and the high
 * word in sigH; the port is otherwise free in those steps, so a row takes no extra cycle. The
 * core's clear after reset (`h_clear`) then counts words, not elements.
 */
import { ModuleBuilder } from '../../core/module-builder.ts';
import { bit, bitsForUnsigned, sint, uint } from '../../core/shape.ts';
import { type Sig, cat, constant } from '../../core/signal.ts';
import { stateEncoding } from '../../core/state-encoding.ts';
import { saturate, shiftRoundSat, sigmoidAddress, sigmoidFromProduct, sigmoidRom, siluFromProduct } from '../fixed-point.ts';
import type { LmCoreLayout } from '../lm-core-layout.ts';
import { GATE_ONE_Q16, lowerBoundedGateFromProduct, oneMinusLowerBound, recurrenceFromProduct } from '../mlgru-arith.ts';
import { CORE_GROUP, DBG_TAG, GATE_ONE, LOGIT_BITS, V_BITS, X_BITS } from './constants.ts';
import { debugOutputs } from './debug.ts';
import { type PostParams, postInputs, postPorts } from './post-ports.ts';
import { type ModuleCache, RamPort } from './ram.ts';
import { SHARED_MUL_A } from './shared-multiplier.ts';

/** Steps after which the serial post-processor has finished a row, by row kind (the schedule's estimate uses them). */
export const SERIAL_POST_STEPS = { plain: 1, gate: 3, recurrent: 7 } as const;
/** Words of one h element in the SPRAM form (`hSpram`). */
export const H_SPRAM_WORDS = 2;
const H_WORD_BITS = 16;

export function serialPostProcessor(L: LmCoreLayout, name: string, p: PostParams & { mulBBits: number; hSpram?: boolean }, cache: ModuleCache): ModuleBuilder {
  const { hiddenSize: d, numLayers: NL, intermediateSize: I } = L.shape;
  const E = L.passWidth;
  const EB = Math.log2(E);
  const ACCW = L.accBits;
  const UW = L.uBits;
  const { rowsW, pW, mulBBits: MB } = p;
  const MA = SHARED_MUL_A;
  if (ACCW > MB) throw new RangeError(`serial post-processor: ${ACCW}-bit accumulators do not fit the ${MB}-bit multiplier operand`);
  if (V_BITS + 1 > MA) throw new RangeError(`serial post-processor: h − s needs ${V_BITS + 1} bits, the multiplier operand has ${MA}`);
  if (GATE_ONE !== GATE_ONE_Q16) throw new RangeError(`post-processor: GATE_ONE ${GATE_ONE} must be 2^16`);
  const m = new ModuleBuilder(name);
  const { rowFull, rowAcc, rowIdx, rowProj, grp, dBase, mant, shiftOut, xRdBanks, lbRd, hClear, hClearAddr } = postInputs(m, L, p);
  const mulP = m.input('mul_p', sint(MA + MB));
  const record = debugOutputs(m, p.idxBits, p.debug);

  // s1: the first step of every row; sig: σ of the value looked up in the step before; use: the
  // product with σ (the gate or a SiLU); rec: the recurrence; sigH, useH: σ(h) and SiLU(h); out:
  // acc · SiLU(h).
  const PS = stateEncoding(['idle', 's1', 'sig', 'use', 'rec', 'sigH', 'useH', 'out']);
  const pst = m.reg('pst', PS.shape, { reset: PS.code.idle });
  const pIs = (n: (typeof PS.names)[number]): Sig => pst.eq(PS.code[n]);
  const pDone = m.wire('p_done', bit());
  pDone.set(0);
  const take = m.output('take', rowFull.and(pIs('idle').or(pDone)));
  m.output('busy', pst.ne(PS.code.idle));
  const pAcc = m.reg('p_acc', sint(ACCW));
  const pIdx = m.reg('p_idx', uint(rowsW));
  const pProj = m.reg('p_proj', uint(2));
  // The value whose SiLU or gate a row computes (dequantized f or gate, or i), h, σ and SiLU.
  const pV = m.reg('p_v', sint(V_BITS));
  const pH = m.reg('p_h', sint(V_BITS));
  const pSig = m.reg('p_sig', uint(17));
  const pS = m.reg('p_s', sint(V_BITS));
  const pFrac = m.reg('p_frac', uint(11));
  const out = postPorts(m, L, rowsW);
  const bySc3 = (sel: Sig, arr: Sig[]): Sig => sel.select(arr.map((a, i) => [i, a] as const), arr[0]!);
  const pMant = m.let('p_mant', bySc3(pProj, mant));
  const pShift = m.let('p_shift', bySc3(pProj, shiftOut));
  // Reads for the row being taken now (or the current row while it is processed): the addresses
  // hold while the row is processed, so the read data do too.
  const rIdx = m.let('r_idx', take.mux(rowIdx, pIdx));
  m.output('r_idx_out', rIdx);
  const g = (n: number): Sig => grp.eq(n);
  const isUp = m.let('is_up', g(CORE_GROUP.gateUp).and(pIdx.ge(I)));
  const isRec = m.let('is_rec', g(CORE_GROUP.ifg).and(pProj.eq(2)));
  const isF = m.let('is_f', g(CORE_GROUP.ifg).and(pProj.eq(1)));
  const upIdx = m.let('up_idx', pIdx.sub(I).resize(rowsW));
  const rUpIdx = m.let('r_up_idx', rIdx.sub(I).resize(rowsW));
  const iBuf = new RamPort(m, 'i_buf', d, sint(V_BITS));
  const flBuf = new RamPort(m, 'fl_buf', d, uint(17));
  const hSpram = p.hSpram ?? false;
  if (hSpram && bitsForUnsigned(H_SPRAM_WORDS * NL * d - 1) > pW) throw new RangeError(`serial post-processor: ${H_SPRAM_WORDS * NL * d} h words need more than ${pW} address bits`);
  if (hSpram && V_BITS > 2 * H_WORD_BITS) throw new RangeError(`serial post-processor: a ${V_BITS}-bit h does not fit two ${H_WORD_BITS}-bit words`);
  const hRam = hSpram ? new RamPort(m, 'h_ram', H_SPRAM_WORDS * NL * d, uint(H_WORD_BITS), true, true) : new RamPort(m, 'h_ram', NL * d, sint(V_BITS));
  const sgBuf = new RamPort(m, 'sg_buf', I, sint(V_BITS));
  const iRd = iBuf.read(rIdx, 'i_post');
  const flRd = flBuf.read(rIdx, 'fl_post');
  const hAddr = m.let('h_addr', dBase.add(pIdx.resize(pW)).resize(pW));
  const rHAddr = m.let('r_h_addr', dBase.add(rIdx.resize(pW)).resize(pW));
  m.output('r_h_addr_out', rHAddr);
  // The SPRAM form reads the high word in s1 (of an h row: it does not take a row there).
  const hHiRd = m.let('h_hi_rd', pIs('s1').and(take.not()));
  const hRd = hRam.read(hSpram ? cat(rHAddr, hHiRd) : rHAddr, 'h_post');
  const hWe = m.wire('h_we', bit());
  hWe.set(0);
  const xRdP = m.let('x_post', E === 1 ? xRdBanks[0]! : pIdx.slice(EB - 1, 0).select(xRdBanks.slice(1).map((x, b) => [b + 1, x] as const), xRdBanks[0]!));
  const sgRd = sgBuf.read(rUpIdx, 'sg_post');
  // One sigmoid table port: the address of the value looked up in this step, the entry and the
  // fraction in the next.
  const sigIn = m.wire('sig_in', sint(V_BITS));
  const sigAddr = sigmoidAddress(m, 'sig', sigIn);
  const sigEntry = sigmoidRom(m, 'sigmoid_rom').read(sigAddr.index, { name: 'sig_word' });
  pFrac.set(sigAddr.frac);

  // The multiplier's operands, by step (A: 28 bits, B: the accumulator width or more).
  const A = (v: Sig): Sig => (v.signed ? v : v.resize(v.width + 1).asSigned()).resize(MA);
  const B = (v: Sig): Sig => (v.signed ? v : v.resize(v.width + 1).asSigned()).resize(MB);
  const oneMinusLb = oneMinusLowerBound(m, '', lbRd.asUnsigned().resize(17));
  const inSig = m.let('in_sig', pIs('sig').or(pIs('sigH')));
  const mulA = m.output('mul_a', sint(MA));
  const mulB = m.output('mul_b', sint(MB));
  mulA.set(pIs('s1').mux(isUp.mux(A(sgRd), A(pMant)), inSig.mux(A(pFrac), pIs('use').mux(isF.mux(A(oneMinusLb), A(pV)), pIs('useH').mux(A(pH), pIs('rec').mux(A(pH.sub(pS)), A(pS)))))));
  mulB.set(inSig.mux(B(sigEntry.delta), pIs('use').or(pIs('useH')).mux(B(pSig), pIs('rec').mux(B(flRd), B(pAcc)))));

  // Results of the product of this step.
  const dqProd = m.let('dq_prod', mulP.resize(ACCW + 18));
  // One rounding shifter for the three dequantized widths: saturating to 32 bits and then to 27
  // equals saturating to 27 at once (a left shift clamped at 32 instead of 27 saturates alike).
  const dqX = shiftRoundSat(m, 'dq_x', dqProd, pShift, X_BITS);
  const dqV = m.let('dq_v', saturate(dqX, V_BITS));
  const dqL = LOGIT_BITS === X_BITS ? dqX : shiftRoundSat(m, 'dq_l', dqProd, pShift, LOGIT_BITS);
  const uAcc = m.let('u_acc', mulP.resize(UW));
  const sigma = m.let('sigma', sigmoidFromProduct(sigEntry.t, mulP.asUnsigned().resize(21)));
  const silu = m.let('silu', siluFromProduct(mulP, V_BITS));
  const flOf = m.let('fl_of', lowerBoundedGateFromProduct(lbRd.asUnsigned().resize(17), mulP));
  const hNew = m.let('h_new', recurrenceFromProduct(m, '', mulP, pS));
  const xSum = m.let('x_sum', saturate(xRdP.add(dqX), X_BITS));
  sigIn.set(dqV);

  const rowDbg = (values: Sig[]): void => record(DBG_TAG.row, pIdx, values, pProj);
  const finish = (): void => {
    pDone.set(1);
    pst.set(PS.code.idle);
  };
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
      .elsewhen(isRec, () => {
        // i and h of this row are ready (fl stays on the RAM's output): look up σ(i).
        pV.set(iRd);
        pH.set(hSpram ? hRd.resize(V_BITS).asSigned() : hRd);
        sigIn.set(iRd);
        pst.set(PS.code.sig);
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
        pst.set(PS.code.sig);
      });
  });
  m.when(pIs('sig'), () => {
    // The SPRAM form: the high word of h (read in s1).
    if (hSpram) m.when(isRec, () => pH.set(cat(hRd.slice(V_BITS - H_WORD_BITS - 1, 0), pH.slice(H_WORD_BITS - 1, 0)).asSigned()));
    pSig.set(sigma);
    pst.set(PS.code.use);
  });
  m.when(pIs('use'), () => {
    m.when(isF, () => {
      flBuf.write(pIdx, flOf);
      rowDbg([pAcc, pV, flOf]);
      finish();
    })
      .elsewhen(isRec, () => {
        pS.set(silu);
        pst.set(PS.code.rec);
      })
      .otherwise(() => {
        sgBuf.write(pIdx, silu);
        rowDbg([pAcc, pV, silu]);
        finish();
      });
  });
  m.when(pIs('rec'), () => {
    // The recurrence, then look up σ(h).
    hWe.set(1);
    pH.set(hNew);
    sigIn.set(hNew);
    pst.set(PS.code.sigH);
  });
  m.when(pIs('sigH'), () => {
    // The SPRAM form writes the high word of h here.
    if (hSpram) hWe.set(1);
    pSig.set(sigma);
    pst.set(PS.code.useH);
  });
  m.when(pIs('useH'), () => {
    pS.set(silu);
    pst.set(PS.code.out);
  });
  m.when(pIs('out'), () => {
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
  if (hSpram) {
    const hHiWr = m.let('h_hi_wr', pIs('sigH'));
    const hWord = m.let('h_word', hHiWr.mux(pH.asUnsigned().shr(H_WORD_BITS).resize(H_WORD_BITS), hNew.asUnsigned().resize(H_WORD_BITS)));
    hRam.write(hClear.mux(hClearAddr.resize(pW + 1), cat(hAddr, hHiWr)), hClear.mux(constant(uint(H_WORD_BITS), 0), hWord), hClear.or(hWe));
  } else hRam.write(hClear.mux(hClearAddr, hAddr), hClear.mux(constant(sint(V_BITS), 0), hNew), hClear.or(hWe));
  for (const r of [iBuf, flBuf, hRam, sgBuf]) r.finish(cache);
  return m;
}
