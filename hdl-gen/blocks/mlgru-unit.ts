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
 * one ROM with three synchronous read ports (σ(f) and σ(i) in stage 1, σ(h) in stage 3).
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
 * Widths: |SiLU(h)| < 2^26, so g · SiLU(h) fits accBits + 26 bits; h stays in 27 bits because
 * it is a rounded convex combination of h_prev and SiLU(i).
 */
import { ModuleBuilder } from '../core/module-builder.ts';
import { bit, sint, uint } from '../core/shape.ts';
import type { Sig } from '../core/signal.ts';
import { sigmoidAddress, sigmoidInterpolate, siluFrom } from './fixed-point.ts';
import { lowerBoundedGate, recurrence } from './mlgru-arith.ts';
import { sigmoidRomWords } from './sigmoid-table.ts';

/** Width of i, f, h (the spec's V_FORMAT). */
export const MLGRU_V_BITS = 27;
/** Pipeline stages: an element taken in cycle n is on the outputs in cycle n + 5 (no stalls). */
export const MLGRU_LATENCY = 5;

export interface MlgruUnitParams {
  /** Width of the g accumulator (accumulatorBits(d) for hidden size d), 2 … 40. */
  accBits: number;
}

export function mlgruUnit(p: MlgruUnitParams): ModuleBuilder {
  const { accBits } = p;
  if (!Number.isInteger(accBits) || accBits < 2 || accBits > 40) throw new RangeError(`mlgru unit: accBits ${accBits} must be an integer in 2..40`);
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
  const rom = m.rom('sigmoid_rom', { shape: uint(27), contents: sigmoidRomWords() });

  // Stage 1: table words of σ(f) and σ(i).
  const addrF = sigmoidAddress(m, 'sf', f);
  const addrI = sigmoidAddress(m, 'si', i);
  const wordF = rom.read(addrF.index, { enable: adv, name: 'word_f' });
  const wordI = rom.read(addrI.index, { enable: adv, name: 'word_i' });
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
  const wordH = rom.read(addrH.index, { enable: adv, name: 'word_h' });
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
