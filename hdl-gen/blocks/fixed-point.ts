/**
 * Fixed-point building blocks of the LM core, each the hardware form of one primitive of the
 * integer spec (docs/ARITHMETIC.md): priority encoder (bitLength), magnitude, saturation,
 * arithmetic shifts by a signed amount (shiftFloor), rounding shifts (shiftRound, round half
 * up) with saturation, and the sigmoid interpolation. They build logic inside the caller's
 * module and return the result signal.
 */
import type { ModuleBuilder } from '../core/module-builder.ts';
import { bit, bitsForUnsigned, sint, uint } from '../core/shape.ts';
import { type Sig, cat, constant } from '../core/signal.ts';
import { sigmoidHalfRomWords } from './sigmoid-table.ts';

/** bitLength(x) of an unsigned x: 0 for 0, else the position of the leading one plus one. */
export function bitLength(m: ModuleBuilder, name: string, x: Sig): Sig {
  const w = bitsForUnsigned(x.width);
  let r: Sig = constant(uint(w), 0);
  for (let i = 0; i < x.width; i++) r = x.bit(i).mux(constant(uint(w), i + 1), r);
  return m.let(name, r);
}

/** |v| of a signed v as uint(v.width) (|−2^(w−1)| = 2^(w−1) still fits). */
export function magnitude(v: Sig): Sig {
  const w = v.width;
  return v.msb().mux(v.neg(), v.resize(w + 1)).slice(w - 1, 0);
}

/** Saturate a signed value to sint(bits). */
export function saturate(v: Sig, bits: number): Sig {
  if (v.width <= bits) return v.resize(bits);
  const hi = 2n ** BigInt(bits - 1) - 1n;
  const lo = -(2n ** BigInt(bits - 1));
  return v.gt(hi).mux(constant(sint(bits), hi), v.lt(lo).mux(constant(sint(bits), lo), v.resize(bits)));
}

/** Clamp a signed value to [lo, hi], result sint(bits). */
export function clampSigned(v: Sig, lo: number, hi: number, bits: number): Sig {
  return v.gt(hi).mux(constant(sint(bits), hi), v.lt(lo).mux(constant(sint(bits), lo), v.resize(bits)));
}

/**
 * shiftFloor(v, s) for a signed v and a signed amount s: arithmetic right shift for s ≥ 0,
 * exact left shift for s < 0 (the caller guarantees the result fits `outBits`; left shifts are
 * taken in a domain `maxLeft` bits wider than v).
 */
export function shiftFloorSigned(v: Sig, s: Sig, maxLeft: number, outBits: number): Sig {
  const wide = v.width + maxLeft;
  const right = v.resize(wide).shrv(s.asUnsigned());
  const left = v.resize(wide).shlv(s.neg().asUnsigned());
  return s.msb().mux(left, right).resize(outBits);
}

/** shiftRound(v, k) for a constant k ≥ 1: (v + 2^(k−1)) >> k, arithmetic. */
export function shiftRoundConst(v: Sig, k: number): Sig {
  const sum = v.add(constant(v.signed ? sint(k + 1) : uint(k), 2 ** (k - 1)));
  return sum.shr(k);
}

/**
 * saturate(shiftRound(v, s), outBits) for a signed v and a signed amount s. Right shifts are
 * clamped at v.width (the result is 0 from there on, as in the spec), left shifts at outBits
 * (the result saturates from there on unless v = 0).
 */
export function shiftRoundSat(m: ModuleBuilder, name: string, v: Sig, s: Sig, outBits: number): Sig {
  const w = v.width;
  const amtBits = bitsForUnsigned(Math.max(w, outBits));
  const positive = m.let(`${name}_pos`, s.msb().not().and(s.ne(0)));
  // Right: clamp s to w, add 2^(s−1), arithmetic shift.
  const sAbs = s.msb().mux(s.neg(), s.resize(s.width + 1)).asUnsigned();
  const rAmt = m.let(`${name}_ramt`, sAbs.gt(w).mux(constant(uint(amtBits), w), sAbs.resize(amtBits)));
  const half = constant(sint(w + 2), 1).shlv(rAmt.sub(1).resize(amtBits));
  const right = m.let(`${name}_right`, v.resize(w + 2).add(half).resize(w + 2).shrv(rAmt));
  // Left: clamp −s to outBits.
  const lAmt = m.let(`${name}_lamt`, sAbs.gt(outBits).mux(constant(uint(amtBits), outBits), sAbs.resize(amtBits)));
  const left = m.let(`${name}_left`, v.resize(w + outBits + 1).shlv(lAmt));
  const both = positive.mux(right.resize(w + outBits + 2), left.resize(w + outBits + 2));
  return m.let(name, saturate(both, outBits));
}

/**
 * saturate(shiftRound(v, t − outBits), outBits) of a signed v for an unsigned amount t in
 * [0, outBits + v.width]: one right shift of v·2^outBits by t, the rounding half added to v only
 * where the shift reaches into v (t > outBits), and the overflow of a left shift (t < outBits)
 * found by a mask of the bits of v that must repeat its sign. Cheaper than shiftRoundSat where
 * the amount is known as t (a row's constant: the embedding).
 */
export function shiftRoundSatOffset(m: ModuleBuilder, name: string, v: Sig, t: Sig, outBits: number): Sig {
  const w = v.width;
  const O = outBits;
  // Half an output step, 2^(t − O − 1), when t > O.
  const half = m.let(`${name}_half`, t.gt(O).mux(constant(uint(w), 1).shlv(t.sub(O + 1).resize(t.width)).resize(w), constant(uint(w), 0)));
  const vh = m.let(`${name}_vh`, v.resize(w + 1).add(half.resize(w + 1).asSigned()).resize(w + 1));
  const shifted = m.let(`${name}_shifted`, cat(vh, constant(uint(O), 0)).asSigned().shrv(t).slice(O - 1, 0));
  // vh·2^(O − t) fits O bits iff the bits of vh from t − 1 up repeat its sign (t = 0: iff vh = 0).
  const sign = vh.msb();
  const mag = vh.asUnsigned().xor(sign.repeat(w + 1));
  const mask = cat(...Array.from({ length: w + 1 }, (_, i) => t.le(i + 1)).reverse());
  const ovf = m.let(`${name}_ovf`, mag.and(mask).ne(0).or(t.eq(0).and(sign)));
  const sat = sign.mux(constant(uint(O), 2n ** BigInt(O - 1)), constant(uint(O), 2n ** BigInt(O - 1) - 1n));
  return m.let(name, ovf.mux(sat, shifted).asSigned());
}

/** The sigmoid table address of a Q.16 input: clamp to [−2^20, 2^20 − 1], offset by 2^20; index = bits 20..11, fraction = bits 10..0. */
export function sigmoidAddress(m: ModuleBuilder, name: string, z: Sig): { index: Sig; frac: Sig } {
  const zc = clampSigned(z, -(2 ** 20), 2 ** 20 - 1, 22);
  const off = m.let(`${name}_off`, zc.add(constant(sint(22), 2 ** 20)).resize(22).asUnsigned().slice(20, 0));
  return { index: m.let(`${name}_idx`, off.slice(20, 11)), frac: m.let(`${name}_frac`, off.slice(10, 0)) };
}

/**
 * sigmoidAddress without comparators or adder: a Q.16 z in [−2^20, 2^20) is its 21 low bits with
 * bit 20 inverted once offset by 2^20, and z outside clamps to 0 or 2^21 − 1 (the bits above 20
 * not all equal to the sign). The same index and fraction for every z.
 */
export function sigmoidAddressBits(m: ModuleBuilder, name: string, z: Sig): { index: Sig; frac: Sig } {
  if (z.width <= 21) throw new RangeError(`sigmoidAddressBits: a ${z.width}-bit input; it takes more than 21 bits`);
  const top = z.asUnsigned().slice(z.width - 1, 20);
  const inRange = top.andR().or(top.orR().not());
  const inside = cat(z.bit(20).not(), z.asUnsigned().slice(19, 0));
  const off = m.let(`${name}_off`, inRange.mux(inside, z.msb().mux(constant(uint(21), 0), constant(uint(21), 2 ** 21 - 1))));
  return { index: m.let(`${name}_idx`, off.slice(20, 11)), frac: m.let(`${name}_frac`, off.slice(10, 0)) };
}

/** One sigmoid table point read from the ROM: T[i] (uint(17)) and delta_i = T[i+1] − T[i] (uint(10)). */
export interface SigmoidEntry {
  t: Sig;
  delta: Sig;
}

/**
 * The sigmoid table ROM of a unit: 512 words (the first half of the table, sigmoid-table.ts);
 * `read` gives the entry of a 10-bit index with one cycle of latency (as a ROM read), word
 * j = 1023 − i mirrored into T[i] = 65536 − (T[j] + delta_j), delta_i = delta_j for i ≥ 512.
 * Each read port registers its mirror bit next to the ROM's own output register (with the
 * read's enable).
 */
export function sigmoidRom(m: ModuleBuilder, name: string): { read(index: Sig, opts?: { enable?: Sig; name?: string }): SigmoidEntry } {
  const rom = m.rom(name, { shape: uint(27), contents: sigmoidHalfRomWords() });
  return {
    read(index, opts = {}) {
      const rd = opts.name ?? `${name}_word`;
      const low = index.slice(8, 0);
      const addr = m.let(`${rd}_addr`, index.bit(9).mux(low.not(), low));
      const mirror = m.reg(`${rd}_mirror`, bit());
      if (opts.enable) m.when(opts.enable, () => mirror.set(index.bit(9)));
      else mirror.set(index.bit(9));
      const word = rom.read(addr, { ...opts, name: rd });
      const tj = word.slice(26, 10);
      const delta = m.let(`${rd}_delta`, word.slice(9, 0));
      const t = m.let(`${rd}_t`, mirror.mux(constant(uint(17), 65536).sub(tj.add(delta)).resize(17), tj));
      return { t, delta };
    },
  };
}

/** σ = T + shiftRound(delta · frac, 11) of a table entry: uint(17), 0 … 65536. */
export function sigmoidInterpolate(entry: SigmoidEntry, frac: Sig): Sig {
  return sigmoidFromProduct(entry.t, entry.delta.mul(frac));
}

/** σ from T and the product delta · frac (≤ 1023 · 2047 < 2^21; its low 21 bits are used). */
export function sigmoidFromProduct(t: Sig, deltaFrac: Sig): Sig {
  const step = shiftRoundConst(deltaFrac.asUnsigned().resize(21), 11); // ≤ 2^10
  return t.add(step.resize(17)).resize(17);
}

/** SiLU from z (signed) and σ(z) (uint(17)): shiftRound(z · σ, 16), result sint(z.width). */
export function siluFrom(z: Sig, sigma: Sig): Sig {
  return siluFromProduct(z.mul(sigma.resize(18).asSigned()), z.width);
}

/** SiLU from the product z · σ(z) (signed, z.width + 18 bits suffice): shiftRound(·, 16) in sint(width). */
export function siluFromProduct(prod: Sig, width: number): Sig {
  return shiftRoundConst(prod.resize(width + 18), 16).resize(width);
}

/**
 * x · c for an unsigned `x` and a constant c ≥ 0, modulo 2^width (as `.mul(c).resize(width)`), with
 * no multiplier: a table of the 2^w products for a narrow x (w ≤ 4), else shifted copies of x
 * added and subtracted by the canonical signed digits of c (so 514 = 2^9 + 2^1 costs one adder).
 * Synthesis would put a constant product on a DSP; an address product does not need one.
 */
export function mulConst(x: Sig, c: number, width: number): Sig {
  if (!Number.isInteger(c) || c < 0) throw new RangeError(`mulConst: constant ${c} must be an integer ≥ 0`);
  if (x.signed) throw new RangeError('mulConst: x must be unsigned');
  const W = uint(width);
  if (c === 0) return constant(W, 0);
  if (x.width <= 4) {
    const n = 2 ** x.width;
    const mod = 2 ** width;
    return x.select(Array.from({ length: n - 1 }, (_, v) => [v + 1, constant(W, ((v + 1) * c) % mod)] as const), constant(W, 0));
  }
  // Canonical signed digits, least significant first.
  const digits: { k: number; neg: boolean }[] = [];
  let r = BigInt(c);
  for (let k = 0; r !== 0n; k++, r >>= 1n) {
    if ((r & 1n) === 0n) continue;
    if ((r & 3n) === 3n) {
      digits.push({ k, neg: true });
      r += 1n;
    } else {
      digits.push({ k, neg: false });
      r -= 1n;
    }
  }
  const term = (k: number): Sig => x.resize(width).shl(k).resize(width);
  const pos = digits.filter((t) => !t.neg);
  let acc = term(pos[0]!.k);
  for (const t of digits) {
    if (t === pos[0]) continue;
    acc = (t.neg ? acc.sub(term(t.k)) : acc.add(term(t.k))).resize(width);
  }
  return acc;
}
