/**
 * The GLU unit: the elementwise part of the MatMul-free LM's channel mixer, one channel per
 * cycle, as a stand-alone block (the LM core's post-processor does the same arithmetic with its
 * own scheduling). It is bit-exact with the integer spec's `gluElement`
 * (host/spec/elementwise.ts):
 *
 *   u = SiLU(gate) · up      SiLU(gate) = shiftRound(gate · σ(gate), 16), the product exact
 *
 * with σ the spec's table sigmoid (1024-word ROM, linear interpolation).
 *
 * Ports (clk and rst, active-high synchronous, come with the module):
 *
 *   in_valid   in   1                an element is on the inputs
 *   in_ready   out  1                the unit takes it (= out_ready: the pipeline advances)
 *   gate       in   sint(27)         the gate half of gate_proj, dequantized, Q10.16 (V_FORMAT)
 *   up         in   sint(accBits)    the up half's accumulator T·q (its scale is down_proj's)
 *   out_valid  out  1                u holds a result
 *   out_ready  in   1                the consumer takes it; 0 stalls the whole pipeline
 *   u          out  sint(accBits+26) SiLU(gate) · up (down_proj's input)
 *
 * Protocol: valid/ready as the MLGRU unit's (hdl-gen/blocks/mlgru-unit.ts): the pipeline has
 * GLU_LATENCY stages and advances when out_ready is 1; an element taken in cycle n is on u in
 * cycle n + 3 when out_ready stays 1. One element per cycle; in_ready is out_ready.
 *
 * Width: |SiLU(gate)| < 2^26, so the product fits accBits + 26 bits.
 */
import { ModuleBuilder } from '../core/module-builder.ts';
import { bit, sint } from '../core/shape.ts';
import type { Sig } from '../core/signal.ts';
import { sigmoidAddress, sigmoidInterpolate, sigmoidRom, siluFrom } from './fixed-point.ts';

/** Width of gate (the spec's V_FORMAT). */
export const GLU_V_BITS = 27;
/** Pipeline stages: an element taken in cycle n is on the output in cycle n + 3 (no stalls). */
export const GLU_LATENCY = 3;

export interface GluUnitParams {
  /** Width of the up accumulator (accumulatorBits(d) for hidden size d), 2 … 40. */
  accBits: number;
}

export function gluUnit(p: GluUnitParams): ModuleBuilder {
  const { accBits } = p;
  if (!Number.isInteger(accBits) || accBits < 2 || accBits > 40) throw new RangeError(`glu unit: accBits ${accBits} must be an integer in 2..40`);
  const m = new ModuleBuilder(`glu_unit_a${accBits}`);
  const inValid = m.input('in_valid', bit());
  const gate = m.input('gate', sint(GLU_V_BITS));
  const up = m.input('up', sint(accBits));
  const outReady = m.input('out_ready', bit());
  const adv = m.let('adv', outReady);
  m.output('in_ready', adv);
  const stage = (name: string, v: Sig): Sig => m.delay(name, v, { enable: adv });
  const rom = sigmoidRom(m, 'sigmoid_rom');

  // Stage 1: the table word of σ(gate).
  const addr = sigmoidAddress(m, 'sg', gate);
  const word = rom.read(addr.index, { enable: adv, name: 'word_g' });
  const v1 = m.delay('v1', inValid, { enable: adv, reset: 0 });
  const frac1 = stage('frac1', addr.frac);
  const gate1 = stage('gate1', gate);
  const up1 = stage('up1', up);

  // Stage 2: SiLU(gate).
  const sigma = m.let('sigma', sigmoidInterpolate(word, frac1));
  const v2 = m.delay('v2', v1, { enable: adv, reset: 0 });
  const silu2 = stage('silu2', m.let('silu_gate', siluFrom(gate1, sigma)));
  const up2 = stage('up2', up1);

  // Stage 3: the product.
  m.delay('out_valid', v2, { enable: adv, reset: 0, output: true });
  m.delay('u', up2.mul(silu2).resize(accBits + 26), { enable: adv, output: true });
  return m;
}
