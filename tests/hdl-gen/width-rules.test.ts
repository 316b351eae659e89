/** The one result-width rule, checked for every operator on the IR (Sig) and on values (Bits). */
import { describe, expect, test } from 'vitest';
import {
  Bits, DesignRuleError, MAX_WIDTH, ModuleBuilder, type OpName, OP_ARITY, resultShape, type Shape, ShapeError, Sig, WidthRuleError,
  bitsForSigned, bitsForUnsigned, cat, clog2, sint, uint, vec,
} from '../../hdl-gen/index.ts';

// Sig and Bits share the operator methods; the rows below call them through either.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type V = any;

/** [operator, operand shapes, params, expected result, how to call it] */
const rows: [OpName, Shape[], number[], Shape, (...v: V[]) => V][] = [
  ['add', [uint(8), uint(12)], [], uint(13), (a, b) => a.add(b)],
  ['add', [sint(8), sint(12)], [], sint(13), (a, b) => a.add(b)],
  ['add', [uint(1), uint(1)], [], uint(2), (a, b) => a.add(b)],
  ['sub', [uint(8), uint(8)], [], uint(9), (a, b) => a.sub(b)],
  ['sub', [sint(4), sint(9)], [], sint(10), (a, b) => a.sub(b)],
  ['mul', [uint(8), uint(12)], [], uint(20), (a, b) => a.mul(b)],
  ['mul', [sint(8), sint(8)], [], sint(16), (a, b) => a.mul(b)],
  ['neg', [uint(8)], [], sint(9), (a) => a.neg()],
  ['neg', [sint(8)], [], sint(9), (a) => a.neg()],
  ['and', [uint(8), uint(8)], [], uint(8), (a, b) => a.and(b)],
  ['or', [sint(6), sint(6)], [], sint(6), (a, b) => a.or(b)],
  ['xor', [uint(3), uint(3)], [], uint(3), (a, b) => a.xor(b)],
  ['not', [sint(7)], [], sint(7), (a) => a.not()],
  ['eq', [uint(8), uint(12)], [], uint(1), (a, b) => a.eq(b)],
  ['ne', [sint(8), sint(3)], [], uint(1), (a, b) => a.ne(b)],
  ['lt', [sint(8), sint(12)], [], uint(1), (a, b) => a.lt(b)],
  ['le', [uint(2), uint(9)], [], uint(1), (a, b) => a.le(b)],
  ['gt', [uint(8), uint(8)], [], uint(1), (a, b) => a.gt(b)],
  ['ge', [sint(5), sint(5)], [], uint(1), (a, b) => a.ge(b)],
  ['andR', [uint(8)], [], uint(1), (a) => a.andR()],
  ['orR', [sint(8)], [], uint(1), (a) => a.orR()],
  ['xorR', [uint(8)], [], uint(1), (a) => a.xorR()],
  ['shl', [sint(8)], [3], sint(11), (a) => a.shl(3)],
  ['shl', [uint(8)], [0], uint(8), (a) => a.shl(0)],
  ['shr', [sint(8)], [3], sint(5), (a) => a.shr(3)],
  ['shr', [uint(8)], [12], uint(1), (a) => a.shr(12)],
  ['shlv', [uint(8), uint(3)], [], uint(8), (a, b) => a.shlv(b)],
  ['shrv', [sint(8), uint(4)], [], sint(8), (a, b) => a.shrv(b)],
  ['slice', [sint(12)], [9, 3], uint(7), (a) => a.slice(9, 3)],
  ['slice', [uint(12)], [11, 11], uint(1), (a) => a.bit(11)],
  ['cat', [sint(8), uint(3), uint(1)], [], uint(12), (a, b, c) => (a instanceof Sig ? cat(a, b, c) : Bits.cat(a, b, c))],
  ['repeat', [uint(3)], [4], uint(12), (a) => a.repeat(4)],
  ['resize', [sint(8)], [20], sint(20), (a) => a.resize(20)],
  ['resize', [uint(8)], [3], uint(3), (a) => a.resize(3)],
  ['asSigned', [uint(8)], [], sint(8), (a) => a.asSigned()],
  ['asUnsigned', [sint(8)], [], uint(8), (a) => a.asUnsigned()],
  ['mux', [uint(1), sint(9), sint(9)], [], sint(9), (c, a, b) => c.mux(a, b)],
  ['select', [uint(2), uint(5), uint(5), uint(5)], [0, 3], uint(5), (s, d, a, b) => s.select([[0, a], [3, b]], d)],
];

describe('result-width rule', () => {
  test('every operator has at least one row', () => {
    const covered = new Set(rows.map((r) => r[0]));
    expect([...Object.keys(OP_ARITY)].filter((op) => !covered.has(op as OpName))).toEqual([]);
  });

  test.each(rows.map((r) => [`${r[0]}(${r[1].map(String).join(', ')})${r[2].length ? ` [${r[2].join(', ')}]` : ''} → ${r[3]}`, r] as const))('%s', (_label, row) => {
    const [op, shapes, params, want, call] = row;
    expect(resultShape(op, shapes, params).toString()).toBe(want.toString());
    // The IR gives the same shape...
    const m = new ModuleBuilder('w');
    const sigs = shapes.map((s, i) => m.input(`i${i}`, s));
    expect((call(...sigs) as Sig).shape.toString()).toBe(want.toString());
    // ...and so do values.
    const vals = shapes.map((s) => Bits.from(s, s.max));
    expect((call(...vals) as Bits).shape.toString()).toBe(want.toString());
  });

  test('signed and unsigned never mix implicitly', () => {
    for (const op of ['add', 'sub', 'mul', 'eq', 'lt'] as const) {
      expect(() => resultShape(op, [sint(8), uint(8)])).toThrow(WidthRuleError);
      expect(() => resultShape(op, [sint(8), uint(8)])).toThrow(/convert one operand explicitly/);
    }
    const m = new ModuleBuilder('mix');
    const a = m.input('a', sint(8));
    const b = m.input('b', uint(8));
    expect(() => a.add(b)).toThrow(DesignRuleError);
    // The explicit conversion is accepted: widen the unsigned by one bit, then reinterpret.
    expect(a.add(b.resize(9).asSigned()).shape.toString()).toBe('sint(10)');
    expect(() => Bits.from(sint(8), 1).add(Bits.from(uint(8), 1))).toThrow(WidthRuleError);
  });

  test('bitwise operators and mux arms need equal shapes', () => {
    expect(() => resultShape('and', [uint(8), uint(9)])).toThrow(/equal shapes/);
    expect(() => resultShape('xor', [uint(8), sint(8)])).toThrow(/equal shapes/);
    expect(() => resultShape('mux', [uint(1), uint(8), uint(9)])).toThrow(/equal shapes/);
    expect(() => resultShape('mux', [uint(2), uint(8), uint(8)])).toThrow(/condition must be uint\(1\)/);
  });

  test('operand limits: slices, shifts, select values', () => {
    expect(() => resultShape('slice', [uint(8)], [8, 0])).toThrow(/outside uint\(8\)/);
    expect(() => resultShape('slice', [uint(8)], [2, 3])).toThrow(WidthRuleError);
    expect(() => resultShape('shl', [uint(8)], [-1])).toThrow(WidthRuleError);
    expect(() => resultShape('shlv', [uint(8), sint(3)])).toThrow(/must be unsigned/);
    expect(() => resultShape('select', [uint(2), uint(4), uint(4)], [4])).toThrow(/does not fit/);
    expect(() => resultShape('select', [uint(2), uint(4), uint(4), uint(4)], [1, 1])).toThrow(/twice/);
    expect(() => resultShape('repeat', [uint(2)], [0])).toThrow(WidthRuleError);
  });

  test('plain numbers take the other operand’s signedness (minimal width for arithmetic)', () => {
    const m = new ModuleBuilder('n');
    const u = m.input('u', uint(8));
    const s = m.input('s', sint(8));
    expect(u.add(1000).shape.toString()).toBe('uint(11)');
    expect(s.add(-1).shape.toString()).toBe('sint(9)');
    expect(s.lt(-3).shape.toString()).toBe('uint(1)');
    expect(u.and(0x0f).shape.toString()).toBe('uint(8)');
    expect(() => u.add(-1)).toThrow(DesignRuleError);
    expect(() => u.and(256)).toThrow(/does not fit uint\(8\)/);
    expect(Bits.from(uint(8), 250).add(10).toBigInt()).toBe(260n);
  });

  test('constants fold through Bits', () => {
    const a = Sig.const(Bits.from(sint(8), -128));
    const n = a.neg();
    expect(n.constValue?.toBigInt()).toBe(128n);
    expect(n.shape.toString()).toBe('sint(9)');
  });
});

describe('shapes', () => {
  test('are validated on construction', () => {
    expect(() => uint(0)).toThrow(ShapeError);
    expect(() => sint(1.5)).toThrow(/not an integer/);
    expect(() => uint(MAX_WIDTH + 1)).toThrow(ShapeError);
    expect(() => vec(0, uint(8))).toThrow(ShapeError);
    expect(sint(8).min).toBe(-128n);
    expect(sint(8).max).toBe(127n);
    expect(uint(8).max).toBe(255n);
    expect(vec(16, sint(8)).width).toBe(128);
  });

  test('width helpers', () => {
    expect(clog2(1)).toBe(0);
    expect(clog2(2)).toBe(1);
    expect(clog2(5)).toBe(3);
    expect(clog2(64)).toBe(6);
    expect(bitsForUnsigned(0)).toBe(1);
    expect(bitsForUnsigned(255)).toBe(8);
    expect(bitsForUnsigned(256)).toBe(9);
    expect(bitsForSigned(-128, 127)).toBe(8);
    expect(bitsForSigned(-128, 128)).toBe(9);
    expect(bitsForSigned(0, 0)).toBe(1);
  });
});

describe('Bits values', () => {
  test('wrap, from and the signed view', () => {
    expect(() => Bits.from(sint(8), 128)).toThrow(/does not fit sint\(8\)/);
    expect(Bits.wrap(sint(8), 128).toBigInt()).toBe(-128n);
    expect(Bits.wrap(uint(4), -1).toBigInt()).toBe(15n);
    expect(Bits.from(sint(8), -3).raw).toBe(253n);
    expect(Bits.from(sint(8), -3).resize(4).toBigInt()).toBe(-3n);
    expect(Bits.from(sint(8), -3).asUnsigned().toNumber()).toBe(253);
  });

  test('arithmetic matches integer arithmetic exactly within the result width', () => {
    const s = sint(8);
    for (let a = -128; a < 128; a += 7) {
      for (let b = -128; b < 128; b += 11) {
        const x = Bits.from(s, a);
        const y = Bits.from(s, b);
        expect(x.add(y).toNumber()).toBe(a + b);
        expect(x.sub(y).toNumber()).toBe(a - b);
        expect(x.mul(y).toNumber()).toBe(a * b);
        expect(x.lt(y).toNumber()).toBe(a < b ? 1 : 0);
        expect(x.shr(2).toNumber()).toBe(a >> 2);
      }
    }
  });

  test('shifts, slices, concatenation, reductions', () => {
    const x = Bits.from(sint(8), -100); // 0b10011100
    expect(x.shl(2).toNumber()).toBe(-400);
    expect(x.shrv(Bits.from(uint(3), 3)).toNumber()).toBe(-13);
    expect(x.shlv(Bits.from(uint(4), 15)).toNumber()).toBe(0);
    expect(x.slice(7, 4).toNumber()).toBe(0b1001);
    expect(Bits.cat(Bits.from(uint(2), 3), Bits.from(uint(3), 1)).toNumber()).toBe(0b11001);
    expect(x.orR().toNumber()).toBe(1);
    expect(x.andR().toNumber()).toBe(0);
    expect(x.xorR().toNumber()).toBe(0); // four ones
    expect(Bits.from(uint(3), 5).repeat(2).toNumber()).toBe(0b101101);
  });
});
