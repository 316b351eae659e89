/**
 * Binary state encoding for finite-state machines: names in, a shape and one constant per
 * state out, so an FSM reads `state.eq(S.code.load)` and its register has the narrowest width.
 */
import { Bits } from './bits.ts';
import { ShapeError } from './errors.ts';
import { type Shape, clog2, uint } from './shape.ts';

/** The state each registered code stands for: the emitter prints these as `localparam`s. */
export interface StateName {
  /** The localparam's name, e.g. `S_EMB_RUN` for state `embRun` of prefix `S`. */
  param: string;
  /** Every state of the encoding, in order, so the emitter declares the whole list. */
  all: ReadonlyArray<{ param: string; code: Bits }>;
}

const stateNames = new WeakMap<Bits, StateName>();

/** The state a constant is the code of, when it came from `stateEncoding` (else undefined). */
export function stateNameOf(b: Bits): StateName | undefined {
  return stateNames.get(b);
}

/** `embRun` → `EMB_RUN`, `p1Init` → `P1_INIT`. */
function upperSnake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
}

export interface StateEncoding<N extends string> {
  /** uint(max(1, ceil(log2 count))). */
  shape: Shape;
  /** The code of each state, numbered in the order given (the first is 0: a natural reset state). */
  code: Record<N, Bits>;
  names: readonly N[];
}

/**
 * `prefix` names the states' localparams in the emitted Verilog (`S_IDLE`); give each FSM of a
 * module its own prefix.
 */
export function stateEncoding<const N extends string>(names: readonly N[], prefix = 'S'): StateEncoding<N> {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(prefix)) throw new ShapeError(`stateEncoding: prefix '${prefix}' is not an identifier`);
  if (names.length === 0) throw new ShapeError('stateEncoding: give at least one state name');
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new ShapeError(`stateEncoding: state '${n}' appears twice`);
    seen.add(n);
  }
  const shape = uint(Math.max(1, clog2(names.length)));
  const code = {} as Record<N, Bits>;
  const all: { param: string; code: Bits }[] = [];
  names.forEach((n, i) => {
    code[n] = Bits.from(shape, i);
    all.push({ param: `${prefix.toUpperCase()}_${upperSnake(n)}`, code: code[n] });
  });
  for (const e of all) stateNames.set(e.code, { param: e.param, all });
  return { shape, code, names };
}
