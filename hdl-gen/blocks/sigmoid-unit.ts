/**
 * Sigmoid and SiLU as a stand-alone unit (the same blocks the LM core's post-processor uses):
 * `z` (Q.16, signed) in; one cycle later `sigma` = σ(z) (0 … 65536) and `silu` = SiLU(z) in the
 * width of z. The table read and the held z are the only registers; the integer spec's
 * `sigmoid` and `silu` (host/spec/ops.ts) are the reference.
 */
import { ModuleBuilder } from '../core/module-builder.ts';
import { sint } from '../core/shape.ts';
import { sigmoidAddress, sigmoidInterpolate, sigmoidRom, siluFrom } from './fixed-point.ts';

export function sigmoidUnit(zBits: number): ModuleBuilder {
  if (!Number.isInteger(zBits) || zBits < 22 || zBits > 40) throw new RangeError(`sigmoid unit: zBits ${zBits} must be in 22..40`);
  const m = new ModuleBuilder(`sigmoid_unit_z${zBits}`);
  const z = m.input('z', sint(zBits));
  const rom = sigmoidRom(m, 'sigmoid_rom');
  const addr = sigmoidAddress(m, 'sig', z);
  const word = rom.read(addr.index, { name: 'sig_word' });
  const frac = m.delay('frac_q', addr.frac);
  const zq = m.delay('z_q', z);
  const sigma = m.let('sigma_v', sigmoidInterpolate(word, frac));
  m.output('sigma', sigma);
  m.output('silu', siluFrom(zq, sigma));
  return m;
}
