/**
 * The post-processor with one multiplier, for small cores: the same ports, results and debug
 * records (in the same order) as post-processor.ts, but every product of a row goes through
 * the operand ports `mul_a`, `mul_b` of the core's shared multiplier (shared-multiplier.ts, which
 * the serial pass unit uses in the pass states; the post-processor is busy only during
 * accumulation and its drain) and comes back REGISTERED as `mul_p`, one cycle later (the
 * multiplier's `p_r`). A step that drives operands is followed by the step that uses their
 * product, so no path runs from the operands through the multiplier into the row's results.
 * On a small core a row arrives only every ⌈cols / lanes⌉ cycles (52 at the up5k preset), so a
 * row may take many short steps.
 *
 * Steps of a row:
 *
 * | row | steps |
 * |---|---|
 * | i, o, down, head | s1 (acc · M·2^j), ld, sh × (n + 2): n shifts, the clamp registered, the dequantized result (o, down: then xw, the x write) |
 * | up | s1 (read SiLU(gate)), [hi], ua (acc · SiLU(gate)), ub (u write) |
 * | f | as i, then σ (sigA, sigB, sigC), fa ((1 − lb) · σ), fb (fl write) |
 * | gate | as i, then σ, SiLU (siluA, siluB), [gLo, gHi] (SiLU(gate) write) |
 * | h (i, f → h) | s1 (reads), [hi], σ(i), SiLU(i), recD (h − s), recA, recB (h), σ(h), SiLU(h), ua, ub |
 *
 * (in brackets: only with `hSpram`.) The next row is taken in the cycle a row finishes.
 *
 * Dequantization, saturate(shiftRound(acc · M, s), bits), without a barrel shifter: the
 * product is taken into a shift register R of `H` guard bits below it (R = acc · M · 2^(j+H)),
 * which shifts right `k` bits a cycle (`dqStep`, by default 1 up to 8 lanes and 4 above) n
 * times, t = n·k = s + j + H in all; the
 * multiplier takes the rest of the shift, j = (−(s + H)) mod k < k, as M · 2^j (built when the
 * row is taken). The last bit shifted out is the rounding bit (shiftRound(v, t) =
 * floor(v / 2^t) + bit t − 1 of v), added with carry-in by the one adder that also does the
 * residual add: x + clamp32(R) + round, then one saturation to 32 bits (x, logits) or 27 (gate
 * values), equal to the spec's saturate(x + saturate(shiftRound(·), 32), 32) because the
 * clamped value plus the rounding bit never leaves the 32-bit range (the bit is dropped where
 * R is at the maximum or clamped). Left shifts up to H bits are exact; a left shift of more than
 * H bits saturates every nonzero product (M is 0 or in [2^16, 2^17), the scalar unit's
 * normalized mantissa, so |acc · M| ≥ 2^16 and |acc · M · 2^(H+1)| ≥ 2^33), which R = acc · M ·
 * 2^H unshifted does too. Right shifts beyond R's width give 0, as in the spec.
 *
 * One sigmoid table read port serves every σ; its address comes from the register p_v. SiLU,
 * the recurrence and the forget gate's bound share one narrow rounding adder on the product.
 *
 * Paths: every product is used from the register p_r; the dequantization's result goes from
 * the registered clamp of the shift register (dq_rc, dq_cin) and the row kind taken with the row
 * through one 33-bit adder and a saturation into a register, the i buffer
 * or the logit registers (the x write follows a cycle later from p_xs); the sigmoid address
 * starts at p_v.
 *
 * With `hSpram` (a device with SPRAM, iCE40 UP5K) h and SiLU(gate) are kept in one single-port
 * memory of 16-bit words marked ram_style "huge" (one SB_SPRAM256KA of 16K × 16) instead of
 * block RAM: element e is words 2e (bits 15..0) and 2e + 1 (the bits above, zero-extended); h
 * of every layer is elements 0 … NL·d − 1, SiLU(gate) elements NL·d … NL·d + I − 1. The unit
 * makes every access: an h or up row reads its low word in the cycle it is taken and the high
 * word in s1; h is written in sigA, sigB of σ(h), SiLU(gate) in gLo, gHi (after which the unit
 * goes idle without taking a row, so that the next row's read does not meet the write). The
 * core's clear after reset (`h_clear`) counts words of h.
 */
import { ModuleBuilder } from '../../core/module-builder.ts';
import { bit, bitsForUnsigned, sint, uint } from '../../core/shape.ts';
import { type Assignable, type Sig, cat, constant } from '../../core/signal.ts';
import { stateEncoding } from '../../core/state-encoding.ts';
import { sigmoidAddressBits, sigmoidRom } from '../fixed-point.ts';
import type { LmCoreLayout } from '../lm-core-layout.ts';
import { GATE_ONE_Q16, oneMinusLowerBound } from '../mlgru-arith.ts';
import { CORE_GROUP, DBG_TAG, GATE_ONE, LOGIT_BITS, V_BITS, X_BITS } from './constants.ts';
import { debugOutputs } from './debug.ts';
import { type PostParams, postInputs, postPorts } from './post-ports.ts';
import { type ModuleCache, RamPort } from './ram.ts';
import { SHARED_MUL_A } from './shared-multiplier.ts';

/**
 * Bits the dequantization shift register moves per cycle by default: 1 up to 8 lanes (a row
 * arrives every ⌈cols / lanes⌉ ≥ 32 cycles of the shipped shape, so a shift of one bit a cycle
 * keeps up, and the multiplier's operand needs no M · 2^j), 4 above.
 */
export function defaultDqStep(lanes: number): number {
  return lanes <= 8 ? 1 : 4;
}
/** Guard bits below the product in the dequantization shift register: left shifts up to this many bits are exact. */
export const DQ_GUARD = 16;
/** Words of one h (or SiLU(gate)) element in the SPRAM form (`hSpram`). */
export const H_SPRAM_WORDS = 2;
const H_WORD_BITS = 16;

/** Shift-register cycles n of a dequantization by s (the spec's shift − frac): t0 = s + H, n = ⌈t0 / k⌉ for 0 ≤ t0 ≤ cap, 0 below, the cap's count above. */
export function dqShiftCycles(s: number, k: number, accBits: number): number {
  const RW = dqRegBits(k, accBits);
  const t0 = s + DQ_GUARD;
  if (t0 < 0) return 0;
  if (t0 > RW) return Math.ceil(RW / k);
  return Math.ceil(t0 / k);
}

function dqRegBits(k: number, accBits: number): number {
  // acc · M · 2^j: accBits + 17 + (k − 1) bits and a sign; H guard bits below.
  return accBits + 18 + (k - 1) + DQ_GUARD;
}

/**
 * Cycles the serial post-processor spends on a row of each kind, for a dequantization of n
 * shift-register cycles (the row is taken in the cycle the previous one finishes, so these are
 * the cycles between takes): plain (i, head; o and down take one more: `residual`), up, gate
 * (f; the GLU gate rows take `glu`), recurrent (h rows).
 */
export function serialPostSteps(n: number, hSpram: boolean): { plain: number; residual: number; up: number; gate: number; glu: number; recurrent: number } {
  const hi = hSpram ? 1 : 0;
  // Rows that go through the shift register spend n shifting cycles and one more in which the
  // clamped register and its rounding bit are registered (dq_rc, dq_cin).
  return { plain: 4 + n, residual: 5 + n, up: 3 + hi, gate: 9 + n, glu: hSpram ? 12 + n : 9 + n, recurrent: 16 + hi };
}

export function serialPostProcessor(L: LmCoreLayout, name: string, p: PostParams & { mulBBits: number; hSpram?: boolean; dqStep?: number }, cache: ModuleCache): ModuleBuilder {
  const { hiddenSize: d, numLayers: NL, intermediateSize: I } = L.shape;
  const E = L.passWidth;
  const EB = Math.log2(E);
  const ACCW = L.accBits;
  const UW = L.uBits;
  const { rowsW, pW, mulBBits: MB } = p;
  const MA = SHARED_MUL_A;
  const K = p.dqStep ?? defaultDqStep(L.shape.lanes);
  const KB = Math.log2(K);
  if (!Number.isInteger(KB) || K < 1 || 17 + K - 1 > MA - 1) throw new RangeError(`serial post-processor: dequantization step ${K} must be a power of two with M·2^(k−1) in the ${MA}-bit operand`);
  if (ACCW > MB) throw new RangeError(`serial post-processor: ${ACCW}-bit accumulators do not fit the ${MB}-bit multiplier operand`);
  if (V_BITS + 1 > MA) throw new RangeError(`serial post-processor: h − s needs ${V_BITS + 1} bits, the multiplier operand has ${MA}`);
  if (GATE_ONE !== GATE_ONE_Q16) throw new RangeError(`post-processor: GATE_ONE ${GATE_ONE} must be 2^16`);
  if (LOGIT_BITS !== X_BITS) throw new RangeError(`serial post-processor: logits (${LOGIT_BITS} bits) and x (${X_BITS}) share one saturation`);
  const m = new ModuleBuilder(name);
  const { rowFull, rowAcc, rowIdx, rowProj, grp, dBase, mant, shiftOut, xRdBanks, lbRd, hClear, hClearAddr } = postInputs(m, L, p);
  const mulP = m.input('mul_p', sint(MA + MB));
  const record = debugOutputs(m, p.idxBits, p.debug);
  const hSpram = p.hSpram ?? false;

  // hi, gLo and gHi: the SPRAM form's second words.
  const STATES = ['idle', 's1', 'hi', 'ld', 'sh', 'xw', 'sigA', 'sigB', 'sigC', 'fa', 'fb', 'siluA', 'siluB', 'gLo', 'gHi', 'recD', 'recA', 'recB', 'ua', 'ub'] as const;
  const PS = stateEncoding(STATES.filter((n) => hSpram || !['hi', 'gLo', 'gHi'].includes(n)));
  const pst = m.reg('pst', PS.shape, { reset: PS.code.idle });
  const pIs = (n: (typeof PS.names)[number]): Sig => pst.eq(PS.code[n]);
  const pDone = m.wire('p_done', bit());
  pDone.set(0);
  const take = m.output('take', rowFull.and(pIs('idle').or(pDone)));
  m.output('busy', pst.ne(PS.code.idle));
  const pAcc = m.reg('p_acc', sint(ACCW));
  const pIdx = m.reg('p_idx', uint(rowsW));
  const pProj = m.reg('p_proj', uint(2));
  // p_v: the value whose σ is looked up (dequantized f or gate, i, h), then SiLU(h); p_h: h
  // (then h − SiLU(i), then the new h), SiLU(gate) read for an up row or computed by a gate row;
  // p_s: SiLU(i); p_second: σ(h) (the second σ of an h row).
  const pV = m.reg('p_v', sint(V_BITS));
  const pH = m.reg('p_h', sint(V_BITS + 1));
  const pS = m.reg('p_s', sint(V_BITS));
  const pSig = m.reg('p_sig', uint(17));
  const pSecond = m.reg('p_second', bit());
  // The residual sum (x is written in the step after it is formed) and the u value of the
  // product: the x and u write data in every cycle.
  const pXs = m.reg('p_xs', sint(X_BITS));
  const g = (n: number): Sig => grp.eq(n);
  const uAcc = m.let('u_acc', mulP.resize(UW));
  const uwIdx = m.let('uw_idx_steady', g(CORE_GROUP.ifg).mux(pIdx, pIdx.sub(I).resize(rowsW)));
  const out = postPorts(m, L, rowsW, { x: pXs, u: uAcc, xIdx: pIdx, uIdx: uwIdx });
  // An up row (of the gate/up group: index I and above), registered when the row is taken.
  const rowUp = m.let('row_up', rowIdx.ge(I));
  const pUp = m.reg('p_up', bit());
  const isUp = m.let('is_up', g(CORE_GROUP.gateUp).and(pUp));
  const isRec = m.let('is_rec', g(CORE_GROUP.ifg).and(pProj.eq(2)));
  const isF = m.let('is_f', g(CORE_GROUP.ifg).and(pProj.eq(1)));
  const isRes = m.let('is_res', g(CORE_GROUP.o).or(g(CORE_GROUP.down)));
  const isHead = g(CORE_GROUP.head);
  // Rows whose dequantized value is a 27-bit gate value (i, f, gate), else 32 bits (x, logits).
  const isV = m.let('is_v', isRes.or(isHead).not());
  // Reads for the row being taken now (or the current row while it is processed): the addresses
  // hold while the row is processed, so the read data do too.
  const rIdx = m.let('r_idx', take.mux(rowIdx, pIdx));
  m.output('r_idx_out', rIdx);
  const rHAddr = m.let('r_h_addr', dBase.add(rIdx.resize(pW)).resize(pW));
  m.output('r_h_addr_out', rHAddr);
  const iBuf = new RamPort(m, 'i_buf', d, sint(V_BITS));
  const flBuf = new RamPort(m, 'fl_buf', d, uint(17));
  const iRd = iBuf.read(rIdx, 'i_post');
  const flRd = flBuf.read(rIdx, 'fl_post');
  const iWe = m.wire('i_we', bit());
  const flWe = m.wire('fl_we', bit());
  iWe.set(0);
  flWe.set(0);
  const xRdP = m.let('x_post', E === 1 ? xRdBanks[0]! : pIdx.slice(EB - 1, 0).select(xRdBanks.slice(1).map((x, b) => [b + 1, x] as const), xRdBanks[0]!));

  // h and SiLU(gate): one SPRAM of 16-bit words, or two block RAMs.
  let hLoRd: Sig; // h or SiLU(gate) of the row, read in the take cycle (the low word in the SPRAM form)
  let hHiRd: Sig | undefined; // the SPRAM form: the high word, read in s1
  let finishRams: () => void;
  // The SPRAM form: write the low or the high word of p_h; the block-RAM form: write h (recB),
  // SiLU(gate) (siluB).
  const flag = (n: string): Assignable => {
    const w = m.wire(n, bit());
    w.set(0);
    return w;
  };
  const hWrLo = hSpram ? flag('h_wr_lo') : undefined;
  const hWrHi = hSpram ? flag('h_wr_hi') : undefined;
  const hWe = hSpram ? undefined : flag('h_we');
  const sgWe = hSpram ? undefined : flag('sg_we');
  const hNewW = m.wire('h_new', sint(V_BITS));
  const siluW = m.wire('silu', sint(V_BITS));
  if (hSpram) {
    const elems = NL * d + I;
    const words = H_SPRAM_WORDS * elems;
    const EW = bitsForUnsigned(elems - 1);
    const AW = Math.max(EW, pW);
    if (words > 16384) throw new RangeError(`serial post-processor: h and SiLU(gate) need ${words} 16-bit words, one SPRAM holds 16384`);
    if (bitsForUnsigned(H_SPRAM_WORDS * NL * d - 1) > pW) throw new RangeError(`serial post-processor: ${H_SPRAM_WORDS * NL * d} h words need more than ${pW} address bits`);
    if (V_BITS > 2 * H_WORD_BITS) throw new RangeError(`serial post-processor: a ${V_BITS}-bit h does not fit two ${H_WORD_BITS}-bit words`);
    const ram = new RamPort(m, 'h_ram', words, uint(H_WORD_BITS), true, true);
    // The element of this row: h at d_base + idx; SiLU(gate) of gate row g (written) and of up
    // row I + g (read) at NL·d + g. Writes happen only while a row is processed (r_idx = p_idx).
    // The taken row's element is formed from the core's row before the take and registered with
    // it, so that only a multiplexer follows take.
    const sgBase = (c: number): Sig => constant(uint(AW), ((c % 2 ** AW) + 2 ** AW) % 2 ** AW);
    const base = m.let('e_base', g(CORE_GROUP.gateUp).mux(rowUp.mux(sgBase(NL * d - I), sgBase(NL * d)), dBase.resize(AW)));
    const eAddrRow = m.let('e_addr_row', base.add(rowIdx.resize(AW)).resize(EW));
    const eAddrHeld = m.reg('e_addr_p', uint(EW));
    m.when(take, () => eAddrHeld.set(eAddrRow));
    const eAddr = m.let('e_addr', take.mux(eAddrRow, eAddrHeld));
    // The low word in the take cycle and in the low-word writes, else the high word.
    const hiWord = m.let('hi_word', take.or(hWrLo!).not());
    const rd = ram.read(cat(eAddr, hiWord), 'h_post');
    hLoRd = rd;
    hHiRd = rd;
    // The words written come from p_v (the new h, SiLU(gate)); 0 while the core clears h.
    const word = m.let('h_word', hClear.mux(constant(uint(H_WORD_BITS), 0), hWrHi!.mux(pV.asUnsigned().slice(V_BITS - 1, H_WORD_BITS).resize(H_WORD_BITS), pV.asUnsigned().slice(H_WORD_BITS - 1, 0))));
    ram.write(hClear.mux(hClearAddr.resize(ram.addrShape.width), cat(eAddr, hiWord).resize(ram.addrShape.width)), word, hClear.or(hWrLo!).or(hWrHi!));
    finishRams = () => ram.finish(cache);
  } else {
    const hRam = new RamPort(m, 'h_ram', NL * d, sint(V_BITS));
    const sgBuf = new RamPort(m, 'sg_buf', I, sint(V_BITS));
    const hAddr = m.let('h_addr', dBase.add(pIdx.resize(pW)).resize(pW));
    const rUpIdx = m.let('r_up_idx', rIdx.sub(I).resize(rowsW));
    const hRd = hRam.read(rHAddr, 'h_post');
    const sgRd = sgBuf.read(rUpIdx, 'sg_post');
    hLoRd = g(CORE_GROUP.gateUp).mux(sgRd, hRd);
    hRam.write(hClear.mux(hClearAddr, hAddr), hClear.mux(constant(sint(V_BITS), 0), hNewW), hClear.or(hWe!));
    sgBuf.write(pIdx, siluW, sgWe!);
    finishRams = () => {
      hRam.finish(cache);
      sgBuf.finish(cache);
    };
  }

  // One sigmoid table port, addressed from p_v: the entry is read in the cycle after the
  // address (sigB) and holds while p_v does.
  const sigAddr = sigmoidAddressBits(m, 'sig', pV);
  const sigEntry = sigmoidRom(m, 'sigmoid_rom').read(sigAddr.index, { name: 'sig_word' });

  // ---- dequantization: M · 2^j and the shift-register cycles n, when a row is taken
  const mantSel = m.let('mant_sel', rowProj.select(mant.map((a, i) => [i, a] as const), mant[0]!));
  const shiftSel = m.let('shift_sel', rowProj.select(shiftOut.map((a, i) => [i, a] as const), shiftOut[0]!));
  const RW = dqRegBits(K, ACCW);
  const PW = RW - DQ_GUARD;
  const NMAX = Math.ceil(RW / K);
  const NB = bitsForUnsigned(NMAX);
  const TB = shiftSel.width + 1;
  const t0 = m.let('dq_t0', shiftSel.resize(TB).add(DQ_GUARD).resize(TB));
  const t0Neg = t0.msb();
  const t0Big = m.let('dq_t0_big', t0.gt(RW));
  const TW = bitsForUnsigned(RW) + 1;
  const nRaw = K === 1 ? t0.asUnsigned().resize(NB) : t0.asUnsigned().resize(TW).add(K - 1).resize(TW).shr(KB).resize(NB);
  const nNew = m.let('dq_n_new', t0Neg.mux(constant(uint(NB), 0), t0Big.mux(constant(uint(NB), NMAX), nRaw)));
  const MJW = 17 + K - 1;
  let mj = mantSel;
  if (K > 1) {
    const j = m.let('dq_j', t0Neg.or(t0Big).mux(constant(uint(KB), 0), t0.asUnsigned().slice(KB - 1, 0).not().add(1).resize(KB)));
    mj = mantSel.resize(MJW).shlv(j);
  }
  const pMj = m.reg('p_mj', uint(MJW));
  const pN = m.reg('p_n', uint(NB));

  // ---- the multiplier's operands, by step (A: 28 bits, B: the accumulator width or more)
  const A = (v: Sig): Sig => (v.signed ? v : v.resize(v.width + 1).asSigned()).resize(MA);
  const B = (v: Sig): Sig => (v.signed ? v : v.resize(v.width + 1).asSigned()).resize(MB);
  const oneMinusLb = oneMinusLowerBound(m, '', lbRd.asUnsigned().resize(17));
  const mulA = m.output('mul_a', sint(MA));
  const mulB = m.output('mul_b', sint(MB));
  // A: p_v (σ's and SiLU's z, SiLU(h)), p_h (h − s, SiLU(gate) of an up row), else p_mj, which
  // holds M · 2^j (s1), σ's fraction (sigB) and 65536 − lb (fa) in turn.
  const aFromV = m.let('a_from_v', pIs('siluA').or(pIs('ua').and(isRec)));
  const aFromH = m.let('a_from_h', pIs('recA').or(pIs('ua').and(isRec.not())));
  mulA.set(aFromV.mux(A(pV), aFromH.mux(A(pH), A(pMj))));
  mulB.set(pIs('sigB').mux(B(sigEntry.delta), pIs('fa').or(pIs('siluA')).mux(B(pSig), pIs('recA').mux(B(flRd), B(pAcc)))));

  // ---- results of the product driven in the step before
  // Each a rounding shift by 16 (11 for σ) plus an addend c, as one narrow adder:
  // shiftRound(P, 16) + c = (floor(P / 2^15) + 2c + 1) >> 1. SiLU (c = 0), the recurrence's
  // h = shiftRound(fl · (h − s), 16) + s (c = s: the spec's shiftRound(fl · (h − s) + 2^16 · s,
  // 16)) and the gate fl = lb + shiftRound((65536 − lb) · σ, 16) (c = lb) share one, on bits
  // 42..15 of the product (their results fit 27 bits); σ = T + shiftRound(delta · frac, 11).
  const lb17 = lbRd.asUnsigned().resize(17);
  const rndC = m.let('rnd_c', pIs('recB').mux(cat(pS, constant(bit(), 1)), pIs('fb').mux(cat(lb17.resize(V_BITS), constant(bit(), 1)), constant(uint(V_BITS + 1), 1))));
  const rndSum = m.let('rnd_sum', mulP.asUnsigned().slice(V_BITS + 15, 15).add(rndC).resize(V_BITS + 1));
  const rnd = m.let('rnd', rndSum.slice(V_BITS, 1).asSigned());
  siluW.set(rnd);
  hNewW.set(rnd);
  const flOf = m.let('fl_of', rnd.asUnsigned().slice(16, 0));
  const sigma = m.let('sigma', mulP.asUnsigned().slice(20, 10).add(cat(sigEntry.t, constant(bit(), 1))).resize(18).slice(17, 1));

  // ---- the dequantization shift register and the one saturating adder
  const R = m.reg('dq_r', sint(RW));
  const cnt = m.reg('dq_cnt', uint(NB));
  const rbit = m.reg('dq_rbit', bit());
  const shifting = m.let('dq_shifting', cnt.ne(0));
  const rTop = R.asUnsigned().slice(RW - 1, X_BITS - 1);
  const fits = m.let('dq_fits', rTop.andR().or(rTop.orR().not()));
  const rNeg = R.msb();
  const satX = (neg: Sig, bits: number): Sig => neg.mux(constant(sint(X_BITS), -(2n ** BigInt(bits - 1))), constant(sint(X_BITS), 2n ** BigInt(bits - 1) - 1n));
  const rLow = R.resize(X_BITS);
  const rMax = m.let('dq_r_max', rLow.asUnsigned().slice(X_BITS - 2, 0).andR().and(rLow.msb().not()));
  // The register clamped to 32 bits and the rounding bit, registered: the adder and the
  // saturation below start from registers.
  const rc = m.reg('dq_rc', sint(X_BITS));
  const cin = m.reg('dq_cin', bit());
  const dqReady = m.reg('dq_ready', bit(), { reset: 0 });
  rc.set(fits.mux(rLow, satX(rNeg, X_BITS)));
  cin.set(rbit.and(fits).and(rMax.not()));
  dqReady.set(pIs('sh').and(shifting.not()));
  // The row's kind for the adder and the saturation, registered when the row is taken (the
  // group holds while a row is processed), so that they start from registers.
  const dqRes = m.reg('dq_res', bit());
  const dqIsV = m.reg('dq_is_v', bit());
  m.when(take, () => {
    dqRes.set(isRes);
    dqIsV.set(isV);
  });
  // x (residual rows) + clamp32(R) + the rounding bit, exact in 33 bits.
  const xg = m.let('dq_xg', dqRes.mux(xRdP, constant(sint(X_BITS), 0)));
  const cinS = cin.resize(2).asSigned();
  const sum = m.let('dq_sum', xg.resize(X_BITS + 1).add(rc.resize(X_BITS + 1)).add(cinS).resize(X_BITS + 1));
  const sTopX = sum.asUnsigned().slice(X_BITS, X_BITS - 1);
  const sTopV = sum.asUnsigned().slice(X_BITS, V_BITS - 1);
  const ovf = m.let('dq_ovf', dqIsV.mux(sTopV.andR().or(sTopV.orR().not()).not(), sTopX.andR().or(sTopX.orR().not()).not()));
  const dq = m.let('dq', ovf.mux(dqIsV.mux(satX(sum.msb(), V_BITS), satX(sum.msb(), X_BITS)), sum.resize(X_BITS)));
  const dqV = m.let('dq_v', dq.resize(V_BITS));
  // The dequantized value of a residual row and the new h of an h row (debug build: their records).
  const pDq = p.debug ? m.reg('p_dq', sint(X_BITS)) : undefined;
  const pHn = p.debug ? m.reg('p_h_new', sint(V_BITS)) : undefined;

  const rowDbg = (values: Sig[]): void => record(DBG_TAG.row, pIdx, values, pProj);
  const finish = (): void => {
    pDone.set(1);
    pst.set(PS.code.idle);
  };
  const afterReads = (next: 'sigA' | 'ua'): void => pst.set(hSpram ? PS.code.hi : PS.code[next]);
  m.when(pIs('s1'), () => {
    pSecond.set(0);
    m.when(isRec, () => {
      // i and h (the low word in the SPRAM form) of this row are ready; fl stays on the RAM's output.
      pV.set(iRd);
      pH.set(hSpram ? hLoRd.resize(V_BITS + 1).asSigned() : hLoRd.resize(V_BITS + 1));
      afterReads('sigA');
    })
      .elsewhen(isUp, () => {
        pH.set(hSpram ? hLoRd.resize(V_BITS + 1).asSigned() : hLoRd.resize(V_BITS + 1));
        afterReads('ua');
      })
      // The other rows: acc · M · 2^j (the operands' default), into the shift register next.
      .otherwise(() => pst.set(PS.code.ld));
  });
  if (hHiRd) {
    const hi = hHiRd;
    m.when(pIs('hi'), () => {
      pH.set(cat(hi.slice(V_BITS - H_WORD_BITS - 1, 0), pH.slice(H_WORD_BITS - 1, 0)).asSigned().resize(V_BITS + 1));
      pst.set(isRec.mux(PS.code.sigA, PS.code.ua));
    });
  }
  m.when(pIs('ld'), () => {
    R.set(cat(mulP.resize(PW), constant(uint(DQ_GUARD), 0)).asSigned());
    cnt.set(pN);
    rbit.set(0);
    pst.set(PS.code.sh);
  });
  m.when(pIs('sh'), () => {
    m.when(shifting, () => {
      R.set(cat(rNeg.repeat(K), R.asUnsigned().slice(RW - 1, K)).asSigned());
      rbit.set(R.bit(K - 1));
      cnt.set(cnt.sub(1).resize(NB));
    })
      // R is final: dq_rc and dq_cin take it in the first cycle without shifting, the row
      // finishes in the next (dq_ready).
      .elsewhen(dqReady, () => {
        m.when(g(CORE_GROUP.ifg).and(pProj.eq(0)), () => {
          iWe.set(1);
          rowDbg([pAcc, dqV]);
          finish();
        })
          .elsewhen(isHead, () => {
            out.logit(pIdx, pAcc, dq);
            rowDbg([pAcc, dq]);
            finish();
          })
          .elsewhen(isRes, () => {
            pXs.set(dq);
            if (pDq) pDq.set(rc.add(cinS).resize(X_BITS));
            pst.set(PS.code.xw);
          })
          .otherwise(() => {
            // f and gate: look up σ of the dequantized value.
            pV.set(dqV);
            pst.set(PS.code.sigA);
          });
      });
  });
  m.when(pIs('xw'), () => {
    out.writeX(pIdx, pXs);
    rowDbg([pAcc, pDq ?? pXs, pXs]);
    finish();
  });
  m.when(pIs('sigA'), () => {
    pMj.set(sigAddr.frac.resize(MJW));
    // The SPRAM form writes the new h here (low word) and in sigB (high word).
    hWrLo?.set(isRec.and(pSecond));
    pst.set(PS.code.sigB);
  });
  m.when(pIs('sigB'), () => {
    hWrHi?.set(isRec.and(pSecond));
    pst.set(PS.code.sigC);
  });
  m.when(pIs('sigC'), () => {
    pSig.set(sigma);
    pMj.set(oneMinusLb.resize(MJW));
    pst.set(isF.mux(PS.code.fa, PS.code.siluA));
  });
  m.when(pIs('fa'), () => pst.set(PS.code.fb));
  m.when(pIs('fb'), () => {
    flWe.set(1);
    rowDbg([pAcc, pV, flOf]);
    finish();
  });
  m.when(pIs('siluA'), () => pst.set(PS.code.siluB));
  m.when(pIs('siluB'), () => {
    m.when(isRec.and(pSecond), () => {
      pV.set(siluW);
      pst.set(PS.code.ua);
    })
      .elsewhen(isRec, () => {
        pS.set(siluW);
        pst.set(PS.code.recD);
      })
      .otherwise(() => {
        rowDbg([pAcc, pV, siluW]);
        if (hSpram) {
          pV.set(siluW);
          pst.set(PS.code.gLo);
        } else {
          sgWe!.set(1);
          finish();
        }
      });
  });
  if (hSpram) {
    m.when(pIs('gLo'), () => {
      hWrLo!.set(1);
      pst.set(PS.code.gHi);
    });
    m.when(pIs('gHi'), () => {
      // Idle without taking a row: the next row's read would meet this write.
      hWrHi!.set(1);
      pst.set(PS.code.idle);
    });
  }
  m.when(pIs('recD'), () => {
    pH.set(pH.sub(pS).resize(V_BITS + 1));
    pst.set(PS.code.recA);
  });
  m.when(pIs('recA'), () => pst.set(PS.code.recB));
  m.when(pIs('recB'), () => {
    hWe?.set(1);
    pHn?.set(hNewW);
    pV.set(hNewW);
    pSecond.set(1);
    pst.set(PS.code.sigA);
  });
  m.when(pIs('ua'), () => pst.set(PS.code.ub));
  m.when(pIs('ub'), () => {
    m.when(isRec, () => {
      rowDbg([pAcc, pHn ?? pV, uAcc]);
    }).otherwise(() => rowDbg([pAcc, uAcc]));
    // u[idx] (h rows) or u[idx − I] (up rows).
    out.writeU(uwIdx, uAcc);
    finish();
  });
  m.when(take, () => {
    pAcc.set(rowAcc);
    pIdx.set(rowIdx);
    pUp.set(rowUp);
    pProj.set(rowProj);
    pMj.set(mj.resize(MJW));
    pN.set(nNew);
    pst.set(PS.code.s1);
  });
  iBuf.write(pIdx, dqV, iWe);
  flBuf.write(pIdx, flOf, flWe);
  for (const r of [iBuf, flBuf]) r.finish(cache);
  finishRams();
  return m;
}
