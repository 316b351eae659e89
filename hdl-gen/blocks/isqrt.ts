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
import { type Sig, cat } from '../core/signal.ts';

export function isqrtName(nBits: number, stepsPerCycle = 1): string {
  return `isqrt_n${nBits}${stepsPerCycle === 1 ? '' : `_s${stepsPerCycle}`}`;
}

/**
 * `stepsPerCycle` result bits per cycle (the step is unrolled); n is zero-extended so that the
 * number of result bits is a multiple of it (leading zero bits of n do not change the root).
 */
export function isqrtUnit(nBits: number, stepsPerCycle = 1): ModuleBuilder {
  if (!Number.isInteger(nBits) || nBits < 2) throw new RangeError(`isqrt: nBits ${nBits} must be an integer ≥ 2`);
  const K = stepsPerCycle;
  if (!Number.isInteger(K) || K < 1) throw new RangeError(`isqrt: stepsPerCycle ${K} must be a positive integer`);
  const rootBits = Math.ceil(Math.ceil(nBits / 2) / K) * K;
  const padded = 2 * rootBits;
  const m = new ModuleBuilder(isqrtName(nBits, K));
  const start = m.input('start', bit());
  const n = m.input('n', uint(nBits));
  const busy = m.reg('busy', bit(), { reset: 0, output: true });
  const root = m.reg('root', uint(rootBits), { output: true });
  const rem = m.reg('rem', uint(rootBits + 2));
  const bits = m.reg('bits', uint(padded));
  const count = m.reg('count', uint(bitsForUnsigned(rootBits / K)), { reset: 0 });
  let r: Sig = rem;
  let rt: Sig = root;
  let b: Sig = bits;
  for (let i = 0; i < K; i++) {
    const sfx = K === 1 ? '' : String(i);
    const brought = m.let(`brought${sfx}`, cat(r.slice(rootBits - 1, 0), b.slice(padded - 1, padded - 2)));
    const trial = m.let(`trial${sfx}`, cat(rt, m.const(uint(2), 1)));
    const fits = m.let(`fits${sfx}`, brought.ge(trial));
    r = m.let(`rem_next${sfx}`, fits.mux(brought.sub(trial).resize(rootBits + 2), brought));
    rt = m.let(`root_next${sfx}`, rootBits > 1 ? cat(rt.slice(rootBits - 2, 0), fits) : fits);
    b = m.let(`bits_next${sfx}`, cat(b.slice(padded - 3, 0), m.const(uint(2), 0)));
  }
  m.when(busy, () => {
    rem.set(r);
    root.set(rt);
    bits.set(b);
    count.set(count.sub(1).resize(count.width));
    m.when(count.eq(1), () => busy.set(0));
  }).elsewhen(start, () => {
    rem.set(0);
    root.set(0);
    bits.set(n.resize(padded));
    count.set(rootBits / K);
    busy.set(1);
  });
  return m;
}
