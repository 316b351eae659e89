/**
 * Shapes: the width and signedness of every signal and value. A Shape is validated when it
 * is made, so no signal of width 0, a fractional width or an absurd width can exist.
 */
import { ShapeError } from './errors.ts';

/** Widest signal the DSL accepts (bits). Wider is almost certainly a generator bug. */
export const MAX_WIDTH = 1 << 16;

export class Shape {
  readonly width: number;
  readonly signed: boolean;

  constructor(width: number, signed: boolean) {
    if (!Number.isInteger(width) || width < 1 || width > MAX_WIDTH) {
      throw new ShapeError(
        `invalid shape: width ${String(width)} is not an integer in 1..${MAX_WIDTH}; derive widths with bitsForUnsigned/bitsForSigned`,
      );
    }
    this.width = width;
    this.signed = signed;
  }

  /** Smallest value of the shape. */
  get min(): bigint {
    return this.signed ? -(1n << BigInt(this.width - 1)) : 0n;
  }

  /** Largest value of the shape. */
  get max(): bigint {
    return this.signed ? (1n << BigInt(this.width - 1)) - 1n : (1n << BigInt(this.width)) - 1n;
  }

  /** Whether the integer v is representable. */
  fits(v: bigint): boolean {
    return v >= this.min && v <= this.max;
  }

  equals(o: Shape): boolean {
    return this.width === o.width && this.signed === o.signed;
  }

  /** `uint(8)` or `sint(8)`: the same spelling as the constructors. */
  toString(): string {
    return `${this.signed ? 'sint' : 'uint'}(${this.width})`;
  }
}

/** Unsigned shape of `width` bits. */
export function uint(width: number): Shape {
  return new Shape(width, false);
}

/** Signed (two's complement) shape of `width` bits. */
export function sint(width: number): Shape {
  return new Shape(width, true);
}

/** One unsigned bit: conditions, enables, flags. */
export function bit(): Shape {
  return new Shape(1, false);
}

/** A vector of `count` lanes of one shape, flattened to one port of count·lane.width bits (lane 0 in the low bits). */
export class VecShape {
  constructor(
    readonly count: number,
    readonly lane: Shape,
  ) {
    if (!Number.isInteger(count) || count < 1) {
      throw new ShapeError(`invalid vector: lane count ${String(count)} is not a positive integer`);
    }
    // Validates the flattened width too.
    new Shape(count * lane.width, false);
  }

  get width(): number {
    return this.count * this.lane.width;
  }

  toString(): string {
    return `vec(${this.count}, ${this.lane.toString()})`;
  }
}

export function vec(count: number, lane: Shape): VecShape {
  return new VecShape(count, lane);
}

/** ceil(log2(n)) for n ≥ 1 (0 for n = 1). */
export function clog2(n: number | bigint): number {
  let v = BigInt(n);
  if (v < 1n) throw new ShapeError(`clog2 of ${String(n)}: argument must be ≥ 1`);
  v -= 1n;
  let bits = 0;
  while (v > 0n) {
    v >>= 1n;
    bits += 1;
  }
  return bits;
}

/** Bits of an unsigned number that holds 0..maxValue (at least 1). */
export function bitsForUnsigned(maxValue: number | bigint): number {
  const m = BigInt(maxValue);
  if (m < 0n) throw new ShapeError(`bitsForUnsigned(${String(maxValue)}): value must be ≥ 0`);
  return Math.max(1, m.toString(2).length);
}

/** Bits of a two's-complement number that holds every value in minValue..maxValue. */
export function bitsForSigned(minValue: number | bigint, maxValue: number | bigint): number {
  const lo = BigInt(minValue);
  const hi = BigInt(maxValue);
  let w = 1;
  while (-(1n << BigInt(w - 1)) > lo || (1n << BigInt(w - 1)) - 1n < hi) w += 1;
  return w;
}

/** The minimal shape of the given signedness that holds v. */
export function shapeOfConst(v: bigint, signed: boolean): Shape {
  if (signed) return sint(bitsForSigned(v, v));
  if (v < 0n) throw new ShapeError(`constant ${v} is negative and cannot be unsigned; use a signed operand`);
  return uint(bitsForUnsigned(v));
}
