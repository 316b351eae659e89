/**
 * The MLGRU unit: one channel of the MatMul-free LM's token mixer per cycle, as a stand-alone
 * block (the LM core's post-processor does the same arithmetic with its own scheduling). It is
 * bit-exact with the integer spec's `mlgruElement` (host/spec/elementwise.ts):
 *
 *   fl = lb + shiftRound((65536 − lb) · σ(f), 16)          forget gate with lower bound, Q0.16
 *   h  = shiftRound(fl · h_prev + (65536 − fl) · SiLU(i), 16)   recurrence, Q10.16
 *   o  = g · SiLU(h)                                        output gate (o_proj's input), exact
 *
 * σ and SiLU are the spec's table sigmoid (1024-word ROM, linear interpolation), read through
 * two copies of the ROM: one with two synchronous read ports (σ(f) and σ(i) in stage 1), one
 * with one (σ(h) in stage 3).
 *
 * Ports (clk and rst, active-high synchronous, come with the module):
 *
 *   in_valid   in   1                an element is on the inputs
 *   in_ready   out  1                the unit takes it (= out_ready: the pipeline advances)
 *   i          in   sint(27)         i projection, dequantized, Q10.16 (V_FORMAT)
 *   f          in   sint(27)         f projection, dequantized, Q10.16
 *   lb         in   uint(17)         the channel's lower bound, Q0.16 in 0 … 65536 (0 in layer 0)
 *   h_prev     in   sint(27)         the channel's state before this token, Q10.16
 *   g          in   sint(accBits)    g projection's accumulator T·q (its scale is o_proj's)
 *   out_valid  out  1                h and o hold a result
 *   out_ready  in   1                the consumer takes it; 0 stalls the whole pipeline
 *   h          out  sint(27)         the new state (write it back for the next token)
 *   o          out  sint(accBits+26) the gated output g · SiLU(h)
 *
 * Protocol: valid/ready. An element moves in when in_valid and in_ready are 1 at a rising
 * edge; the pipeline has MLGRU_LATENCY stages and advances exactly when out_ready is 1, so an
 * element taken in cycle n is on h/o with out_valid in cycle n + 5 when out_ready stays 1
 * (each cycle with out_ready 0 adds one). One element per cycle. in_ready is out_ready, a
 * combinational path from the consumer to the producer; no state is kept between elements
 * (the caller owns the state memory).
 *
 * The serial form (`form: 'serial'`, below) has the same ports and results with one shared
 * multiplier, one element every 8 cycles; in_ready is then 1 only while it is idle.
 *
 * Widths: |SiLU(h)| < 2^26, so g · SiLU(h) fits accBits + 26 bits; h stays in 27 bits because
 * it is a rounded convex combination of h_prev and SiLU(i).
 */
import { ModuleBuilder } from '../core/module-builder.ts';
import { bit, sint, uint } from '../core/shape.ts';
import { type Sig, constant } from '../core/signal.ts';
import { stateEncoding } from '../core/state-encoding.ts';
import { shiftRoundConst, sigmoidAddress, sigmoidInterpolate, sigmoidRom, siluFrom } from './fixed-point.ts';
import { lowerBoundedGate, recurrence } from './mlgru-arith.ts';

/** Width of i, f, h (the spec's V_FORMAT). */
export const MLGRU_V_BITS = 27;
/** Pipeline stages: an element taken in cycle n is on the outputs in cycle n + 5 (no stalls). */
export const MLGRU_LATENCY = 5;

/** The serial form takes one element every this many cycles (and has this latency). */
export const MLGRU_SERIAL_INTERVAL = 8;

/** The two forms: `pipelined`, one element per cycle; `serial`, one multiplier shared by all products. */
export type MlgruForm = 'pipelined' | 'serial';

export interface MlgruUnitParams {
  /** Width of the g accumulator (accumulatorBits(d) for hidden size d), 2 … 40 (serial form: 2 … 18). */
  accBits: number;
  /** Default `pipelined`. */
  form?: MlgruForm;
}

export function mlgruUnit(p: MlgruUnitParams): ModuleBuilder {
  const { accBits } = p;
  const form = p.form ?? 'pipelined';
  if (form !== 'pipelined' && form !== 'serial') throw new RangeError(`mlgru unit: form ${String(form)} must be pipelined or serial`);
  if (!Number.isInteger(accBits) || accBits < 2 || accBits > 40) throw new RangeError(`mlgru unit: accBits ${accBits} must be an integer in 2..40`);
  if (form === 'serial') return mlgruSerial(accBits);
  const V = MLGRU_V_BITS;
  const m = new ModuleBuilder(`mlgru_unit_a${accBits}`);
  const inValid = m.input('in_valid', bit());
  const i = m.input('i', sint(V));
  const f = m.input('f', sint(V));
  const lb = m.input('lb', uint(17));
  const hPrev = m.input('h_prev', sint(V));
  const g = m.input('g', sint(accBits));
  const outReady = m.input('out_ready', bit());
  const adv = m.let('adv', outReady);
  m.output('in_ready', adv);
  const stage = (name: string, v: Sig): Sig => m.delay(name, v, { enable: adv });
  const valid = (name: string, v: Sig): Sig => m.delay(name, v, { enable: adv, reset: 0 });
  // Two copies of the table: two read ports (σ(f), σ(i)) and one (σ(h)), the forms a dual-port
  // block RAM holds (Yosys maps a ROM of three read ports to logic on Xilinx).
  const romFi = sigmoidRom(m, 'sigmoid_rom_fi');
  const romH = sigmoidRom(m, 'sigmoid_rom_h');

  // Stage 1: table words of σ(f) and σ(i).
  const addrF = sigmoidAddress(m, 'sf', f);
  const addrI = sigmoidAddress(m, 'si', i);
  const wordF = romFi.read(addrF.index, { enable: adv, name: 'word_f' });
  const wordI = romFi.read(addrI.index, { enable: adv, name: 'word_i' });
  const v1 = valid('v1', inValid);
  const fracF1 = stage('frac_f1', addrF.frac);
  const fracI1 = stage('frac_i1', addrI.frac);
  const i1 = stage('i1', i);
  const lb1 = stage('lb1', lb);
  const h1 = stage('h1', hPrev);
  const g1 = stage('g1', g);

  // Stage 2: the forget gate with its lower bound and SiLU(i).
  const sigmaF = m.let('sigma_f', sigmoidInterpolate(wordF, fracF1));
  const sigmaI = m.let('sigma_i', sigmoidInterpolate(wordI, fracI1));
  const fl = m.let('fl', lowerBoundedGate(m, '', lb1, sigmaF));
  const v2 = valid('v2', v1);
  const fl2 = stage('fl2', fl);
  const si2 = stage('si2', m.let('silu_i', siluFrom(i1, sigmaI)));
  const h2 = stage('h2', h1);
  const g2 = stage('g2', g1);

  // Stage 3: the recurrence; table word of σ(h).
  const hNew = m.let('h_new', recurrence(m, '', fl2, h2, si2));
  const addrH = sigmoidAddress(m, 'sh', hNew);
  const wordH = romH.read(addrH.index, { enable: adv, name: 'word_h' });
  const v3 = valid('v3', v2);
  const fracH3 = stage('frac_h3', addrH.frac);
  const h3 = stage('h3', hNew);
  const g3 = stage('g3', g2);

  // Stage 4: SiLU(h).
  const sigmaH = m.let('sigma_h', sigmoidInterpolate(wordH, fracH3));
  const v4 = valid('v4', v3);
  const siluH4 = stage('silu_h4', m.let('silu_h', siluFrom(h3, sigmaH)));
  const h4 = stage('h4', h3);
  const g4 = stage('g4', g3);

  // Stage 5: the output gate.
  m.delay('out_valid', v4, { enable: adv, reset: 0, output: true });
  m.delay('h', h4, { enable: adv, output: true });
  m.delay('o', g4.mul(siluH4).resize(accBits + 26), { enable: adv, output: true });
  return m;
}

/**
 * The serial form: the same ports and results, one element every MLGRU_SERIAL_INTERVAL cycles
 * through one 27 × 18 multiplier, one σ interpolation and one table read port. in_ready is 1
 * in the idle state only; an element taken in cycle n is on the outputs in cycle n + 8, and the
 * next one is taken in that cycle. A result not yet taken (out_valid and not out_ready) holds
 * the unit in its last step until the consumer takes it.
 *
 * Steps (the multiplier's operands): s1 (65536 − lb) · σ(f) → fl; s2 i · σ(i) → SiLU(i);
 * s3 fl · h_prev; s4 (65536 − fl) · SiLU(i), the sum → h; s5 the σ(h) table read; s6
 * h · σ(h) → SiLU(h); s7 g · SiLU(h) → o.
 */
function mlgruSerial(accBits: number): ModuleBuilder {
  if (accBits > 18) throw new RangeError(`mlgru unit: accBits ${accBits} must be at most 18 in the serial form (g is the multiplier's 18-bit operand)`);
  const V = MLGRU_V_BITS;
  const m = new ModuleBuilder(`mlgru_unit_a${accBits}_serial`);
  const inValid = m.input('in_valid', bit());
  const i = m.input('i', sint(V));
  const f = m.input('f', sint(V));
  const lb = m.input('lb', uint(17));
  const hPrev = m.input('h_prev', sint(V));
  const g = m.input('g', sint(accBits));
  const outReady = m.input('out_ready', bit());
  const S = stateEncoding(['idle', 's1', 's2', 's3', 's4', 's5', 's6', 's7']);
  const st = m.reg('st', S.shape, { reset: S.code.idle });
  const is = (n: (typeof S.names)[number]): Sig => st.eq(S.code[n]);
  const take = m.let('take', inValid.and(is('idle')));
  m.output('in_ready', is('idle'));
  const outValid = m.reg('out_valid', bit(), { reset: 0, output: true });
  const hOut = m.reg('h', sint(V), { output: true });
  const oOut = m.reg('o', sint(accBits + 26), { output: true });
  const rI = m.reg('r_i', sint(V));
  const rLb = m.reg('r_lb', uint(17));
  const rH = m.reg('r_h', sint(V));
  const rG = m.reg('r_g', sint(accBits));
  const rFl = m.reg('r_fl', uint(17));
  const rS = m.reg('r_s', sint(V));
  const rAcc = m.reg('r_acc', sint(45));
  const rFrac = m.reg('r_frac', uint(11));

  // One table read port: f when an element is taken, i in s1, h in s5.
  const rom = sigmoidRom(m, 'sigmoid_rom');
  const tableIn = m.let('table_in', take.mux(f, is('s1').mux(rI, rH)));
  const addr = sigmoidAddress(m, 'tb', tableIn);
  const word = rom.read(addr.index, { name: 'word' });
  rFrac.set(addr.frac);
  const sigma = m.let('sigma', sigmoidInterpolate(word, rFrac));
  const sigmaS = sigma.resize(18).asSigned();

  // The multiplier: a 27-bit signed operand times an 18-bit signed one.
  const flS = rFl.resize(18).asSigned();
  const oneMinusFl = m.let('one_minus_fl', constant(sint(18), 65536).sub(flS).resize(18));
  const oneMinusLb = m.let('one_minus_lb', constant(uint(17), 65536).sub(rLb).resize(17));
  const n = (x: (typeof S.names)[number]): number => S.names.indexOf(x);
  const mulA = m.let('mul_a', st.select([[n('s1'), oneMinusLb.resize(18).asSigned().resize(V)], [n('s2'), rI], [n('s4'), rS], [n('s6'), rH], [n('s7'), rS]], rH));
  const mulB = m.let('mul_b', st.select([[n('s3'), flS], [n('s4'), oneMinusFl], [n('s7'), rG.resize(18)]], sigmaS));
  const prod = m.let('prod', mulA.mul(mulB));
  const rounded = m.let('rounded', shiftRoundConst(prod, 16).resize(V));
  const flNew = m.let('fl_new', rLb.add(shiftRoundConst(prod, 16).resize(17).asUnsigned()).resize(17));
  const hSum = m.let('h_sum', shiftRoundConst(rAcc.add(prod), 16).resize(V));

  m.when(outValid.and(outReady), () => outValid.set(0));
  m.when(take, () => {
    rI.set(i);
    rLb.set(lb);
    rH.set(hPrev);
    rG.set(g);
    st.set(S.code.s1);
  });
  m.when(is('s1'), () => {
    rFl.set(flNew);
    st.set(S.code.s2);
  });
  m.when(is('s2'), () => {
    rS.set(rounded);
    st.set(S.code.s3);
  });
  m.when(is('s3'), () => {
    rAcc.set(prod);
    st.set(S.code.s4);
  });
  m.when(is('s4'), () => {
    rH.set(hSum);
    st.set(S.code.s5);
  });
  m.when(is('s5'), () => st.set(S.code.s6));
  m.when(is('s6'), () => {
    rS.set(rounded);
    st.set(S.code.s7);
  });
  m.when(is('s7').and(outValid.not().or(outReady)), () => {
    outValid.set(1);
    hOut.set(rH);
    oOut.set(prod.resize(accBits + 26));
    st.set(S.code.idle);
  });
  return m;
}
