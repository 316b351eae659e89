/**
 * Bit-serial restoring divider: quo = floor(num / den), one quotient bit per cycle (the
 * integer spec's divFloor). Used once per projection per token (docs/ARITHMETIC.md,
 * "Why a divider and a square root"), so its numBits-cycle latency is negligible.
 *
 * Protocol: in a cycle where `busy` is 0, `start` = 1 loads num and den; `busy` is then 1
 * for exactly numBits cycles, and in the cycle it falls `quo` holds the quotient (it stays
 * until the next start). den = 0 yields all ones (never issued by the core).
 *
 * Widths: the partial remainder is < 2·den, so denBits + 1 bits hold it.
 */
import { ModuleBuilder } from '../core/module-builder.ts';
import { bit, bitsForUnsigned, uint } from '../core/shape.ts';
import { cat } from '../core/signal.ts';

export interface DividerParams {
  numBits: number;
  denBits: number;
}

export function dividerName(p: DividerParams): string {
  return `divider_n${p.numBits}_d${p.denBits}`;
}

export function divider(p: DividerParams): ModuleBuilder {
  if (!Number.isInteger(p.numBits) || p.numBits < 2 || !Number.isInteger(p.denBits) || p.denBits < 1) {
    throw new RangeError(`divider: numBits ${p.numBits} must be ≥ 2 and denBits ${p.denBits} ≥ 1`);
  }
  const m = new ModuleBuilder(dividerName(p));
  const start = m.input('start', bit());
  const num = m.input('num', uint(p.numBits));
  const den = m.input('den', uint(p.denBits));
  const busy = m.reg('busy', bit(), { reset: 0, output: true });
  const quo = m.reg('quo', uint(p.numBits), { output: true });
  const rem = m.reg('rem', uint(p.denBits + 1));
  const dreg = m.reg('dreg', uint(p.denBits));
  const count = m.reg('count', uint(bitsForUnsigned(p.numBits)), { reset: 0 });
  // One step: shift the next dividend bit (the MSB of quo) into the remainder, subtract when it fits.
  const shifted = m.let('shifted', cat(rem.slice(p.denBits - 1, 0), quo.msb()));
  const fits = m.let('fits', shifted.ge(dreg));
  const reduced = m.let('reduced', fits.mux(shifted.sub(dreg).resize(p.denBits + 1), shifted));
  m.when(busy, () => {
    rem.set(reduced);
    quo.set(cat(quo.slice(p.numBits - 2, 0), fits));
    count.set(count.sub(1).resize(count.width));
    m.when(count.eq(1), () => busy.set(0));
  }).elsewhen(start, () => {
    rem.set(0);
    quo.set(num);
    dreg.set(den);
    count.set(p.numBits);
    busy.set(1);
  });
  return m;
}
