/**
 * The BitLinear output scale as a stand-alone unit (the LM core's post-processor uses the same
 * blocks): out = saturate(shiftRound(acc · M, shift), outBits) with acc signed, M a 17-bit
 * mantissa and shift a signed amount (negative: left shift) — the integer spec's `dequantize`
 * with shift = scale shift − fraction bits. Combinational.
 */
import { ModuleBuilder } from '../core/module-builder.ts';
import { sint, uint } from '../core/shape.ts';
import { shiftRoundSat } from './fixed-point.ts';

export interface DequantizerParams {
  accBits: number;
  shiftBits: number;
  outBits: number;
}

export function dequantizer(p: DequantizerParams): ModuleBuilder {
  const m = new ModuleBuilder(`dequantizer_a${p.accBits}_s${p.shiftBits}_o${p.outBits}`);
  const acc = m.input('acc', sint(p.accBits));
  const mant = m.input('mant', uint(17));
  const shift = m.input('shift', sint(p.shiftBits));
  const prod = m.let('prod', acc.mul(mant.resize(18).asSigned()));
  m.output('out', shiftRoundSat(m, 'dq', prod, shift, p.outBits));
  return m;
}
