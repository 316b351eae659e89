/**
 * THE result-width rule of ternforge's HDL: one function that gives the shape of every
 * operator's result from its operands' shapes. The IR (Sig) and the value type (Bits) both
 * call it, so hardware and golden models cannot disagree about widths.
 *
 * | operator                 | operands                               | result                              |
 * | ------------------------ | -------------------------------------- | ----------------------------------- |
 * | add, sub                 | equal signedness                       | max(wa, wb) + 1, that signedness    |
 * | mul                      | equal signedness                       | wa + wb, that signedness            |
 * | neg                      | any                                    | sint(w + 1)                         |
 * | and, or, xor             | equal shapes                           | that shape                          |
 * | not                      | any                                    | same shape                          |
 * | eq, ne, lt, le, gt, ge   | equal signedness (widths may differ)   | uint(1)                             |
 * | andR, orR, xorR          | any                                    | uint(1)                             |
 * | shl k (constant)         | k ≥ 0                                  | w + k, same signedness              |
 * | shr k (constant)         | k ≥ 0; arithmetic when signed          | max(w − k, 1), same signedness      |
 * | shlv, shrv (variable)    | amount unsigned; shrv arithmetic when signed | w, same signedness (bits shifted out are lost) |
 * | slice hi..lo             | 0 ≤ lo ≤ hi < w                        | uint(hi − lo + 1)                   |
 * | cat a, b, … (a = MSB)    | any                                    | uint(Σ w)                           |
 * | repeat n                 | n ≥ 1                                  | uint(n · w)                         |
 * | resize w'                | any; sign- or zero-extends, truncation keeps the low bits | w', same signedness |
 * | asSigned, asUnsigned     | any                                    | same width, new signedness          |
 * | mux c, t, f              | c uint(1); t and f equal shapes        | that shape                          |
 * | select s, d, arms…       | s unsigned; d and arms equal shapes    | that shape                          |
 *
 * Signed and unsigned never mix implicitly: convert with asSigned/asUnsigned (reinterpret)
 * or resize to a wider signed shape first (`u.resize(w + 1).asSigned()` is the lossless one).
 * A plain number operand takes the other operand's signedness: the minimal width that holds
 * it for add/sub/mul/comparisons, the other operand's exact shape everywhere else.
 */
import { WidthRuleError } from './errors.ts';
import { Shape, uint } from './shape.ts';

export type OpName =
  | 'add'
  | 'sub'
  | 'mul'
  | 'neg'
  | 'and'
  | 'or'
  | 'xor'
  | 'not'
  | 'eq'
  | 'ne'
  | 'lt'
  | 'le'
  | 'gt'
  | 'ge'
  | 'andR'
  | 'orR'
  | 'xorR'
  | 'shl'
  | 'shr'
  | 'shlv'
  | 'shrv'
  | 'slice'
  | 'cat'
  | 'repeat'
  | 'resize'
  | 'asSigned'
  | 'asUnsigned'
  | 'mux'
  | 'select';

/** How many operands each operator takes (-1: any number ≥ 1; select: ≥ 2). */
export const OP_ARITY: Record<OpName, number> = {
  add: 2, sub: 2, mul: 2, neg: 1, and: 2, or: 2, xor: 2, not: 1,
  eq: 2, ne: 2, lt: 2, le: 2, gt: 2, ge: 2, andR: 1, orR: 1, xorR: 1,
  shl: 1, shr: 1, shlv: 2, shrv: 2, slice: 1, cat: -1, repeat: 1, resize: 1,
  asSigned: 1, asUnsigned: 1, mux: 3, select: -1,
};

/** The operators whose plain-number operand takes the minimal width (others take the other operand's shape). */
export const MIN_WIDTH_CONST_OPS: ReadonlySet<OpName> = new Set<OpName>([
  'add', 'sub', 'mul', 'eq', 'ne', 'lt', 'le', 'gt', 'ge',
]);

function sameSignedness(op: string, a: Shape, b: Shape): void {
  if (a.signed !== b.signed) {
    throw new WidthRuleError(
      `${op} mixes ${a.toString()} and ${b.toString()}; convert one operand explicitly (asSigned/asUnsigned, or resize to a wider signed shape)`,
    );
  }
}

function sameShape(op: string, a: Shape, b: Shape): void {
  if (!a.equals(b)) {
    throw new WidthRuleError(`${op} needs equal shapes, got ${a.toString()} and ${b.toString()}; resize one operand explicitly`);
  }
}

function nonNegInt(op: string, k: number | undefined, what: string): number {
  if (k === undefined || !Number.isInteger(k) || k < 0) {
    throw new WidthRuleError(`${op}: ${what} ${String(k)} is not an integer ≥ 0`);
  }
  return k;
}

/**
 * The result shape of `op` applied to operands of the given shapes with constant
 * parameters `params` (shift amount, slice bounds, resize width, repeat count, select values).
 * Throws WidthRuleError when the operands break the rule.
 */
export function resultShape(op: OpName, s: readonly Shape[], params: readonly number[] = []): Shape {
  const arity = OP_ARITY[op];
  if (arity >= 0 && s.length !== arity) throw new WidthRuleError(`${op} takes ${arity} operand(s), got ${s.length}`);
  const a = s[0];
  if (!a) throw new WidthRuleError(`${op} needs at least one operand`);
  switch (op) {
    case 'add':
    case 'sub':
      sameSignedness(op, a, s[1]!);
      return new Shape(Math.max(a.width, s[1]!.width) + 1, a.signed);
    case 'mul':
      sameSignedness(op, a, s[1]!);
      return new Shape(a.width + s[1]!.width, a.signed);
    case 'neg':
      return new Shape(a.width + 1, true);
    case 'and':
    case 'or':
    case 'xor':
      sameShape(op, a, s[1]!);
      return a;
    case 'not':
      return a;
    case 'eq':
    case 'ne':
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge':
      sameSignedness(op, a, s[1]!);
      return uint(1);
    case 'andR':
    case 'orR':
    case 'xorR':
      return uint(1);
    case 'shl':
      return new Shape(a.width + nonNegInt(op, params[0], 'shift'), a.signed);
    case 'shr':
      return new Shape(Math.max(a.width - nonNegInt(op, params[0], 'shift'), 1), a.signed);
    case 'shlv':
    case 'shrv':
      if (s[1]!.signed) throw new WidthRuleError(`${op}: the shift amount must be unsigned, got ${s[1]!.toString()}`);
      return a;
    case 'slice': {
      const hi = nonNegInt(op, params[0], 'high bit');
      const lo = nonNegInt(op, params[1], 'low bit');
      if (lo > hi || hi >= a.width) {
        throw new WidthRuleError(`slice [${hi}:${lo}] is outside ${a.toString()} (bits ${a.width - 1}..0)`);
      }
      return uint(hi - lo + 1);
    }
    case 'cat':
      return uint(s.reduce((n, x) => n + x.width, 0));
    case 'repeat': {
      const n = nonNegInt(op, params[0], 'count');
      if (n < 1) throw new WidthRuleError('repeat: count must be ≥ 1');
      return uint(a.width * n);
    }
    case 'resize':
      return new Shape(nonNegInt(op, params[0], 'width'), a.signed);
    case 'asSigned':
      return new Shape(a.width, true);
    case 'asUnsigned':
      return new Shape(a.width, false);
    case 'mux':
      if (a.width !== 1 || a.signed) throw new WidthRuleError(`mux: the condition must be uint(1), got ${a.toString()}`);
      sameShape(op, s[1]!, s[2]!);
      return s[1]!;
    case 'select': {
      if (s.length < 2) throw new WidthRuleError('select needs a selector and a default');
      if (a.signed) throw new WidthRuleError(`select: the selector must be unsigned, got ${a.toString()}`);
      const d = s[1]!;
      for (let i = 2; i < s.length; i++) sameShape('select', d, s[i]!);
      if (params.length !== s.length - 2) throw new WidthRuleError('select: one value per arm');
      const seen = new Set<number>();
      for (const v of params) {
        if (!Number.isInteger(v) || v < 0 || BigInt(v) > a.max) {
          throw new WidthRuleError(`select: case value ${v} does not fit the selector ${a.toString()}`);
        }
        if (seen.has(v)) throw new WidthRuleError(`select: case value ${v} appears twice`);
        seen.add(v);
      }
      return d;
    }
  }
}
