/**
 * Binary state encoding for finite-state machines: names in, a shape and one constant per
 * state out, so an FSM reads `state.eq(S.code.load)` and its register has the narrowest width.
 */
import { Bits } from './bits.ts';
import { ShapeError } from './errors.ts';
import { type Shape, clog2, uint } from './shape.ts';

export interface StateEncoding<N extends string> {
  /** uint(max(1, ceil(log2 count))). */
  shape: Shape;
  /** The code of each state, numbered in the order given (the first is 0: a natural reset state). */
  code: Record<N, Bits>;
  names: readonly N[];
}

export function stateEncoding<const N extends string>(names: readonly N[]): StateEncoding<N> {
  if (names.length === 0) throw new ShapeError('stateEncoding: give at least one state name');
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new ShapeError(`stateEncoding: state '${n}' appears twice`);
    seen.add(n);
  }
  const shape = uint(Math.max(1, clog2(names.length)));
  const code = {} as Record<N, Bits>;
  names.forEach((n, i) => {
    code[n] = Bits.from(shape, i);
  });
  return { shape, code, names };
}
