/**
 * The one multiplier of a serial core: a signed `aBits` × `bBits` product, shared by the serial
 * pass unit (the core's pass states) and the serial post-processor (accumulation and its drain),
 * which never multiply in the same cycle; the core selects the operands by the pass's run
 * signals. A plain signed product, so that synthesis maps it to DSP tiles (iCE40: SB_MAC16,
 * 16 × 16 each; 28 × 25 takes four).
 */
import { ModuleBuilder } from '../../core/module-builder.ts';
import { sint } from '../../core/shape.ts';

/** Operand widths: A holds u' (27 bits) of the pass and h − s (28 bits) of the recurrence; B the pass's 25-bit weights and reciprocals and the post-processor's accumulators. */
export const SHARED_MUL_A = 28;
export const SHARED_MUL_B = 25;

export function sharedMultiplier(name: string, bBits = SHARED_MUL_B): ModuleBuilder {
  const m = new ModuleBuilder(name);
  const a = m.input('a', sint(SHARED_MUL_A));
  const b = m.input('b', sint(bBits));
  m.output('p', a.mul(b));
  return m;
}
