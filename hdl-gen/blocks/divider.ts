/**
 * Bit-serial restoring divider: quo = floor(num / den), one quotient bit per cycle (the
 * integer spec's divFloor). Used once per projection per token (docs/ARITHMETIC.md,
 * "Why a divider and a square root"), so its latency hardly matters.
 *
 * The quotient has quoBits bits (default numBits): the divider requires num < den · 2^quoBits,
 * loads the partial remainder with num >> quoBits (then < den) and brings down the low
 * quoBits bits one per cycle, so it takes quoBits cycles instead of numBits.
 *
 * Protocol: in a cycle where `busy` is 0, `start` = 1 loads num and den; `busy` is then 1
 * for exactly quoBits cycles, and in the cycle it falls `quo` holds the quotient (it stays
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
  quoBits?: number;
}

export function dividerName(p: DividerParams): string {
  const q = p.quoBits ?? p.numBits;
  return `divider_n${p.numBits}_d${p.denBits}${q === p.numBits ? '' : `_q${q}`}`;
}

export function divider(p: DividerParams): ModuleBuilder {
  if (!Number.isInteger(p.numBits) || p.numBits < 2 || !Number.isInteger(p.denBits) || p.denBits < 1) {
    throw new RangeError(`divider: numBits ${p.numBits} must be ≥ 2 and denBits ${p.denBits} ≥ 1`);
  }
  const Q = p.quoBits ?? p.numBits;
  if (!Number.isInteger(Q) || Q < 2 || Q > p.numBits) throw new RangeError(`divider: quoBits ${Q} must be in 2..${p.numBits}`);
  const m = new ModuleBuilder(dividerName(p));
  const start = m.input('start', bit());
  const num = m.input('num', uint(p.numBits));
  const den = m.input('den', uint(p.denBits));
  const busy = m.reg('busy', bit(), { reset: 0, output: true });
  const quo = m.reg('quo', uint(Q), { output: true });
  const rem = m.reg('rem', uint(p.denBits + 1));
  const dreg = m.reg('dreg', uint(p.denBits));
  const count = m.reg('count', uint(bitsForUnsigned(Q)), { reset: 0 });
  // One step: shift the next dividend bit (the MSB of quo) into the remainder, subtract when it fits.
  const shifted = m.let('shifted', cat(rem.slice(p.denBits - 1, 0), quo.msb()));
  const fits = m.let('fits', shifted.ge(dreg));
  const reduced = m.let('reduced', fits.mux(shifted.sub(dreg).resize(p.denBits + 1), shifted));
  m.when(busy, () => {
    rem.set(reduced);
    quo.set(cat(quo.slice(Q - 2, 0), fits));
    count.set(count.sub(1).resize(count.width));
    m.when(count.eq(1), () => busy.set(0));
  }).elsewhen(start, () => {
    rem.set(Q === p.numBits ? m.const(uint(p.denBits + 1), 0) : num.shr(Q).resize(p.denBits + 1));
    quo.set(num.resize(Q));
    dreg.set(den);
    count.set(Q);
    busy.set(1);
  });
  return m;
}
