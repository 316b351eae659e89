/**
 * Bits: an immutable bit-vector value with a Shape, BigInt-based. It has the same operators
 * and the same result-width rule (width-rules.ts) as the hardware IR, so constants fold with
 * exactly the hardware's semantics and golden models can be written with the same operators.
 */
import type { Comb } from './comb.ts';
import { ShapeError, WidthRuleError } from './errors.ts';
import { Shape, shapeOfConst } from './shape.ts';
import { MIN_WIDTH_CONST_OPS, resultShape, type OpName } from './width-rules.ts';

export type BitsLike = Bits | number | bigint;

function toBig(v: number | bigint): bigint {
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new ShapeError(`constant ${v} is not an integer`);
    return BigInt(v);
  }
  return v;
}

export class Bits implements Comb<Bits> {
  /** The bit pattern as an unsigned integer in 0 .. 2^width − 1. */
  readonly raw: bigint;

  private constructor(
    readonly shape: Shape,
    raw: bigint,
  ) {
    this.raw = raw & ((1n << BigInt(shape.width)) - 1n);
  }

  /** The value v in `shape`; throws ShapeError when it does not fit. */
  static from(shape: Shape, v: number | bigint): Bits {
    const b = toBig(v);
    if (!shape.fits(b)) {
      throw new ShapeError(`constant ${b} does not fit ${shape.toString()} (${shape.min}..${shape.max}); widen the shape`);
    }
    return new Bits(shape, b);
  }

  /** v reduced modulo 2^width into `shape` (two's complement wrap), never throws for integers. */
  static wrap(shape: Shape, v: number | bigint): Bits {
    return new Bits(shape, toBig(v));
  }

  /** The bit pattern `raw` (only its low `shape.width` bits are kept). */
  static fromRaw(shape: Shape, raw: bigint): Bits {
    return new Bits(shape, raw);
  }

  /**
   * A plain number as an operand next to `other` for operator `op`: the other operand's
   * signedness with the minimal width for add/sub/mul/comparisons, its exact shape otherwise.
   */
  static operand(v: BitsLike, other: Shape, op: OpName): Bits {
    if (v instanceof Bits) return v;
    const b = toBig(v);
    if (MIN_WIDTH_CONST_OPS.has(op)) return Bits.from(shapeOfConst(b, other.signed), b);
    return Bits.from(other, b);
  }

  get width(): number {
    return this.shape.width;
  }

  get signed(): boolean {
    return this.shape.signed;
  }

  /** The integer value (two's complement when signed). */
  toBigInt(): bigint {
    if (this.shape.signed && (this.raw >> BigInt(this.shape.width - 1)) & 1n) {
      return this.raw - (1n << BigInt(this.shape.width));
    }
    return this.raw;
  }

  /** The integer value as a number; throws when it is not a safe integer. */
  toNumber(): number {
    const v = this.toBigInt();
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new ShapeError(`value ${v} of ${this.shape.toString()} is not a safe JavaScript integer; use toBigInt()`);
    }
    return Number(v);
  }

  /** Bit i (0 = least significant) as 0 or 1. */
  bitAt(i: number): number {
    return Number((this.raw >> BigInt(i)) & 1n);
  }

  equals(o: Bits): boolean {
    return this.shape.equals(o.shape) && this.raw === o.raw;
  }

  toString(): string {
    return `${this.shape.toString()}:${this.toBigInt()}`;
  }

  private bin(op: OpName, b: BitsLike): Bits {
    return applyOp(op, [this, Bits.operand(b, this.shape, op)], []);
  }

  add(b: BitsLike): Bits { return this.bin('add', b); }
  sub(b: BitsLike): Bits { return this.bin('sub', b); }
  mul(b: BitsLike): Bits { return this.bin('mul', b); }
  and(b: BitsLike): Bits { return this.bin('and', b); }
  or(b: BitsLike): Bits { return this.bin('or', b); }
  xor(b: BitsLike): Bits { return this.bin('xor', b); }
  eq(b: BitsLike): Bits { return this.bin('eq', b); }
  ne(b: BitsLike): Bits { return this.bin('ne', b); }
  lt(b: BitsLike): Bits { return this.bin('lt', b); }
  le(b: BitsLike): Bits { return this.bin('le', b); }
  gt(b: BitsLike): Bits { return this.bin('gt', b); }
  ge(b: BitsLike): Bits { return this.bin('ge', b); }
  neg(): Bits { return applyOp('neg', [this], []); }
  not(): Bits { return applyOp('not', [this], []); }
  andR(): Bits { return applyOp('andR', [this], []); }
  orR(): Bits { return applyOp('orR', [this], []); }
  xorR(): Bits { return applyOp('xorR', [this], []); }
  shl(k: number): Bits { return applyOp('shl', [this], [k]); }
  shr(k: number): Bits { return applyOp('shr', [this], [k]); }
  shlv(amount: Bits): Bits { return applyOp('shlv', [this, amount], []); }
  shrv(amount: Bits): Bits { return applyOp('shrv', [this, amount], []); }
  slice(hi: number, lo: number): Bits { return applyOp('slice', [this], [hi, lo]); }
  bit(i: number): Bits { return applyOp('slice', [this], [i, i]); }
  /** The most significant bit (the sign bit of a signed value). */
  msb(): Bits { return this.bit(this.width - 1); }
  resize(width: number): Bits { return applyOp('resize', [this], [width]); }
  repeat(n: number): Bits { return applyOp('repeat', [this], [n]); }
  asSigned(): Bits { return applyOp('asSigned', [this], []); }
  asUnsigned(): Bits { return applyOp('asUnsigned', [this], []); }
  /** this ? t : f (this must be uint(1)). */
  mux(t: BitsLike, f: BitsLike): Bits {
    const tb = t instanceof Bits ? t : Bits.operand(t, f instanceof Bits ? f.shape : shapeOfConst(toBig(t), false), 'mux');
    return applyOp('mux', [this, tb, Bits.operand(f, tb.shape, 'mux')], []);
  }

  /** The arm whose value equals this (unsigned) selector, else `otherwise`; arms share one shape. */
  select(arms: ReadonlyArray<readonly [number, BitsLike]>, otherwise: BitsLike): Bits {
    const like = [otherwise, ...arms.map((a) => a[1])].find((x): x is Bits => x instanceof Bits);
    if (!like) throw new ShapeError('select with only plain-number arms: give one arm or the default a shape');
    const conv = (x: BitsLike): Bits => Bits.operand(x, like.shape, 'select');
    return applyOp('select', [this, conv(otherwise), ...arms.map((a) => conv(a[1]))], arms.map((a) => a[0]));
  }

  /** {parts[0], parts[1], …}: the first part is the most significant. */
  static cat(...parts: Bits[]): Bits {
    return applyOp('cat', parts, []);
  }
}

function clampShift(amount: bigint, width: number): bigint {
  return amount > BigInt(width) ? BigInt(width) : amount;
}

/** Evaluates one operator on values; the shape comes from resultShape, the one width rule. */
export function applyOp(op: OpName, a: readonly Bits[], params: readonly number[]): Bits {
  const shape = resultShape(op, a.map((x) => x.shape), params);
  const x = a[0]!;
  const v = (i: number): bigint => a[i]!.toBigInt();
  const bool = (c: boolean): Bits => Bits.fromRaw(shape, c ? 1n : 0n);
  switch (op) {
    case 'add': return Bits.wrap(shape, v(0) + v(1));
    case 'sub': return Bits.wrap(shape, v(0) - v(1));
    case 'mul': return Bits.wrap(shape, v(0) * v(1));
    case 'neg': return Bits.wrap(shape, -v(0));
    case 'and': return Bits.fromRaw(shape, x.raw & a[1]!.raw);
    case 'or': return Bits.fromRaw(shape, x.raw | a[1]!.raw);
    case 'xor': return Bits.fromRaw(shape, x.raw ^ a[1]!.raw);
    case 'not': return Bits.fromRaw(shape, ~x.raw);
    case 'eq': return bool(v(0) === v(1));
    case 'ne': return bool(v(0) !== v(1));
    case 'lt': return bool(v(0) < v(1));
    case 'le': return bool(v(0) <= v(1));
    case 'gt': return bool(v(0) > v(1));
    case 'ge': return bool(v(0) >= v(1));
    case 'andR': return bool(x.raw === (1n << BigInt(x.width)) - 1n);
    case 'orR': return bool(x.raw !== 0n);
    case 'xorR': {
      let p = 0n;
      for (let r = x.raw; r > 0n; r >>= 1n) p ^= r & 1n;
      return Bits.fromRaw(shape, p);
    }
    case 'shl': return Bits.wrap(shape, v(0) << BigInt(params[0]!));
    case 'shr': return Bits.wrap(shape, v(0) >> BigInt(params[0]!));
    case 'shlv': return Bits.wrap(shape, v(0) << clampShift(a[1]!.raw, x.width));
    case 'shrv': return Bits.wrap(shape, v(0) >> clampShift(a[1]!.raw, x.width));
    case 'slice': return Bits.fromRaw(shape, x.raw >> BigInt(params[1]!));
    case 'cat': {
      let r = 0n;
      for (const p of a) r = (r << BigInt(p.width)) | p.raw;
      return Bits.fromRaw(shape, r);
    }
    case 'repeat': {
      let r = 0n;
      for (let i = 0; i < params[0]!; i++) r = (r << BigInt(x.width)) | x.raw;
      return Bits.fromRaw(shape, r);
    }
    case 'resize': return Bits.wrap(shape, v(0));
    case 'asSigned':
    case 'asUnsigned':
      return Bits.fromRaw(shape, x.raw);
    case 'mux': return x.raw !== 0n ? a[1]! : a[2]!;
    case 'select': {
      const sel = Number(x.raw);
      const i = params.indexOf(sel);
      return i >= 0 ? a[i + 2]! : a[1]!;
    }
  }
  throw new WidthRuleError(`unknown operator ${String(op)}`);
}
