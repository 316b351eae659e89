/**
 * The one multiplier of a serial core: a signed `aBits` × `bBits` product, shared by the serial
 * pass unit (the core's pass states) and the serial post-processor (accumulation and its drain),
 * which never multiply in the same cycle; the core selects the operands by the pass's run
 * signals. A plain signed product, so that synthesis maps it to DSP tiles (iCE40: SB_MAC16,
 * 16 × 16 each; 28 × 25 takes four). `p` is the product of this cycle's operands (combinational);
 * with `registered`, `p_r` is the same product one cycle later, registered after the partial-product adders, for
 * units that take the product in the step after the one that drives the operands (the clock then
 * no longer has to cover the operand select, the multiplier and the unit's use of the product).
 */
import { ModuleBuilder } from '../../core/module-builder.ts';
import { sint } from '../../core/shape.ts';

/** Operand widths: A holds u' (27 bits) of the pass and h − s (28 bits) of the recurrence; B the pass's 25-bit weights and reciprocals and the post-processor's accumulators. */
export const SHARED_MUL_A = 28;
export const SHARED_MUL_B = 25;

export function sharedMultiplier(name: string, bBits = SHARED_MUL_B, opts: { registered?: boolean } = {}): ModuleBuilder {
  const m = new ModuleBuilder(name);
  const a = m.input('a', sint(SHARED_MUL_A));
  const b = m.input('b', sint(bBits));
  const p = m.output('p', a.mul(b));
  if (opts.registered) m.reg('p_r', p.shape, { output: true }).set(p);
  return m;
}
