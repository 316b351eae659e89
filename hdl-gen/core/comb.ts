/**
 * The operators that values (`Bits`, the integer semantics) and hardware (`Sig`, the IR) share:
 * one interface, so a function written once as `<T extends Comb<T>>(…) => T` computes the
 * same thing on values and builds it as a circuit. Every operator's result shape is the one width rule of
 * `width-rules.ts`; docs/HDL.md lists them.
 */
export interface Comb<T> {
  readonly width: number;
  readonly signed: boolean;
  add(b: T | number | bigint): T;
  sub(b: T | number | bigint): T;
  mul(b: T | number | bigint): T;
  and(b: T | number | bigint): T;
  or(b: T | number | bigint): T;
  xor(b: T | number | bigint): T;
  eq(b: T | number | bigint): T;
  ne(b: T | number | bigint): T;
  lt(b: T | number | bigint): T;
  le(b: T | number | bigint): T;
  gt(b: T | number | bigint): T;
  ge(b: T | number | bigint): T;
  neg(): T;
  not(): T;
  andR(): T;
  orR(): T;
  xorR(): T;
  shl(k: number): T;
  shr(k: number): T;
  shlv(amount: T): T;
  shrv(amount: T): T;
  slice(hi: number, lo: number): T;
  bit(i: number): T;
  msb(): T;
  resize(width: number): T;
  repeat(n: number): T;
  asSigned(): T;
  asUnsigned(): T;
  /** this ? t : f (this must be uint(1)). */
  mux(t: T | number | bigint, f: T | number | bigint): T;
  /** The arm whose value equals this (unsigned) selector, else `otherwise`. */
  select(arms: ReadonlyArray<readonly [number, T | number | bigint]>, otherwise: T | number | bigint): T;
}
