/**
 * Bit-serial integer square root: root = floor(sqrt(n)), one result bit per cycle (the
 * integer spec's isqrt), by the digit-by-digit method: bring down two bits of n, try
 * (root·4 + 1), keep the difference when it fits.
 *
 * Protocol as the divider: `start` while not `busy` loads n; `busy` stays 1 for rootBits =
 * ceil(nBits / 2) cycles; `root` is valid from the cycle `busy` falls.
 *
 * Widths: the remainder is ≤ 2·root, so rootBits + 2 bits hold it.
 */
import { ModuleBuilder } from '../core/module-builder.ts';
import { bit, bitsForUnsigned, uint } from '../core/shape.ts';
import { cat } from '../core/signal.ts';

export function isqrtName(nBits: number): string {
  return `isqrt_n${nBits}`;
}

export function isqrtUnit(nBits: number): ModuleBuilder {
  if (!Number.isInteger(nBits) || nBits < 2) throw new RangeError(`isqrt: nBits ${nBits} must be an integer ≥ 2`);
  const rootBits = Math.ceil(nBits / 2);
  const padded = 2 * rootBits;
  const m = new ModuleBuilder(isqrtName(nBits));
  const start = m.input('start', bit());
  const n = m.input('n', uint(nBits));
  const busy = m.reg('busy', bit(), { reset: 0, output: true });
  const root = m.reg('root', uint(rootBits), { output: true });
  const rem = m.reg('rem', uint(rootBits + 2));
  const bits = m.reg('bits', uint(padded));
  const count = m.reg('count', uint(bitsForUnsigned(rootBits)), { reset: 0 });
  const brought = m.let('brought', cat(rem.slice(rootBits - 1, 0), bits.slice(padded - 1, padded - 2)));
  const trial = m.let('trial', cat(root, m.const(uint(2), 1)));
  const fits = m.let('fits', brought.ge(trial));
  m.when(busy, () => {
    rem.set(fits.mux(brought.sub(trial).resize(rootBits + 2), brought));
    root.set(rootBits > 1 ? cat(root.slice(rootBits - 2, 0), fits) : fits);
    bits.set(cat(bits.slice(padded - 3, 0), m.const(uint(2), 0)));
    count.set(count.sub(1).resize(count.width));
    m.when(count.eq(1), () => busy.set(0));
  }).elsewhen(start, () => {
    rem.set(0);
    root.set(0);
    bits.set(n.resize(padded));
    count.set(rootBits);
    busy.set(1);
  });
  return m;
}
