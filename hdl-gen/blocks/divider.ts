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
import { type Sig, cat } from '../core/signal.ts';

export interface DividerParams {
  numBits: number;
  denBits: number;
  quoBits?: number;
  /** Quotient bits per cycle (the step is unrolled); must divide quoBits. Default 1. */
  stepsPerCycle?: number;
}

export function dividerName(p: DividerParams): string {
  const q = p.quoBits ?? p.numBits;
  const k = p.stepsPerCycle ?? 1;
  return `divider_n${p.numBits}_d${p.denBits}${q === p.numBits ? '' : `_q${q}`}${k === 1 ? '' : `_s${k}`}`;
}

export function divider(p: DividerParams): ModuleBuilder {
  if (!Number.isInteger(p.numBits) || p.numBits < 2 || !Number.isInteger(p.denBits) || p.denBits < 1) {
    throw new RangeError(`divider: numBits ${p.numBits} must be ≥ 2 and denBits ${p.denBits} ≥ 1`);
  }
  const Q = p.quoBits ?? p.numBits;
  if (!Number.isInteger(Q) || Q < 2 || Q > p.numBits) throw new RangeError(`divider: quoBits ${Q} must be in 2..${p.numBits}`);
  const K = p.stepsPerCycle ?? 1;
  if (!Number.isInteger(K) || K < 1 || Q % K !== 0) throw new RangeError(`divider: stepsPerCycle ${K} must be a positive divisor of quoBits ${Q}`);
  const m = new ModuleBuilder(dividerName(p));
  const start = m.input('start', bit());
  const num = m.input('num', uint(p.numBits));
  const den = m.input('den', uint(p.denBits));
  const busy = m.reg('busy', bit(), { reset: 0, output: true });
  const quo = m.reg('quo', uint(Q), { output: true });
  const rem = m.reg('rem', uint(p.denBits + 1));
  const dreg = m.reg('dreg', uint(p.denBits));
  const count = m.reg('count', uint(bitsForUnsigned(Q / K)), { reset: 0 });
  // One step: shift the next dividend bit (the MSB of quo) into the remainder, subtract when it
  // fits; K steps per cycle.
  let r: Sig = rem;
  let q: Sig = quo;
  for (let i = 0; i < K; i++) {
    const sfx = K === 1 ? '' : String(i);
    const shifted = m.let(`shifted${sfx}`, cat(r.slice(p.denBits - 1, 0), q.msb()));
    const fits = m.let(`fits${sfx}`, shifted.ge(dreg));
    r = m.let(`reduced${sfx}`, fits.mux(shifted.sub(dreg).resize(p.denBits + 1), shifted));
    q = m.let(`quo_next${sfx}`, cat(q.slice(Q - 2, 0), fits));
  }
  m.when(busy, () => {
    rem.set(r);
    quo.set(q);
    count.set(count.sub(1).resize(count.width));
    m.when(count.eq(1), () => busy.set(0));
  }).elsewhen(start, () => {
    rem.set(Q === p.numBits ? m.const(uint(p.denBits + 1), 0) : num.shr(Q).resize(p.denBits + 1));
    quo.set(num.resize(Q));
    dreg.set(den);
    count.set(Q / K);
    busy.set(1);
  });
  return m;
}
