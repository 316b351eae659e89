/**
 * Reset generator of the board: holds its output high for `cycles` clock cycles after power-up
 * (iCE40 flip-flops start at 0 after configuration), after the user button (active low,
 * through a two-register synchronizer) is released, and after a reset request (a pulse, e.g.
 * the host link's 'R' command). Its own registers have no reset: their power-up value 0 means
 * "in reset".
 */
import { ModuleBuilder } from '../../core/module-builder.ts';
import { bit, bitsForUnsigned, uint } from '../../core/shape.ts';

export function resetGen(cycles: number): ModuleBuilder {
  if (!Number.isInteger(cycles) || cycles < 2) throw new RangeError(`reset generator: ${cycles} cycles must be an integer ≥ 2`);
  const m = new ModuleBuilder(`reset_gen_c${cycles}`);
  const btnN = m.input('btn_n', bit());
  const req = m.input('req', bit());
  const s1 = m.reg('btn_meta', bit());
  const s2 = m.reg('btn_sync', bit());
  s1.set(btnN);
  s2.set(s1);
  const W = bitsForUnsigned(cycles);
  const count = m.reg('count', uint(W));
  const held = m.let('held', count.ne(cycles));
  m.when(s2.not().or(req), () => count.set(0)).elsewhen(held, () => count.set(count.add(1).resize(W)));
  m.output('rst_out', held);
  return m;
}
