import { describe, expect, it } from 'vitest';
import { mulConst } from '../../hdl-gen/blocks/fixed-point.ts';
import { uint } from '../../hdl-gen/core/shape.ts';
import { constant } from '../../hdl-gen/core/signal.ts';
import { valueRange } from '../../hdl-gen/core/simplify.ts';

/** The value of mulConst on a constant input (the IR folds it to one constant). */
function value(x: number, xBits: number, c: number, width: number): bigint {
  const [lo, hi] = valueRange(mulConst(constant(uint(xBits), x), c, width));
  expect(lo).toBe(hi);
  return lo;
}

describe('mulConst (constant products without a multiplier)', () => {
  it('equals x·c modulo 2^width for narrow (table) and wide (signed-digit) inputs', () => {
    const consts = [0, 1, 2, 3, 6, 7, 256, 263, 514, 1023, 1025, 1827, 2821, 0x5555, 0x7fff];
    let seed = 12345;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (const xBits of [1, 3, 4, 5, 11, 14]) {
      for (const c of consts) {
        for (const width of [8, 16, 24]) {
          for (let t = 0; t < 8; t++) {
            const x = t === 0 ? 2 ** xBits - 1 : rnd(2 ** xBits);
            expect(value(x, xBits, c, width), `${x}·${c} in ${width} bits`).toBe((BigInt(x) * BigInt(c)) % 2n ** BigInt(width));
          }
        }
      }
    }
  });

  it('rejects a negative or fractional constant and a signed input', () => {
    expect(() => mulConst(constant(uint(4), 3), -1, 8)).toThrow(/integer ≥ 0/);
    expect(() => mulConst(constant(uint(4), 3), 1.5, 8)).toThrow(/integer ≥ 0/);
    expect(() => mulConst(constant(uint(4), 3).asSigned(), 3, 8)).toThrow(/unsigned/);
  });
});
