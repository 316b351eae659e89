/**
 * Simplifications applied when an operator node is made, beyond folding all-constant
 * operands: a mux with a constant condition is the chosen arm, and a comparison whose
 * outcome the operands' value ranges already decide is that constant. Both keep the exact
 * semantics of Bits; they also keep Verilator from flagging comparisons that are constant
 * (its UNSIGNED and CMPCONST warnings).
 */
import { Bits } from './bits.ts';
import type { Sig } from './signal.ts';
import { uint } from './shape.ts';
import type { OpName } from './width-rules.ts';

/** Bits of a value known at generation time: `mask` has a 1 for each known bit, `value` holds them. */
export interface KnownBits {
  mask: bigint;
  value: bigint;
}

const knownCache = new WeakMap<Sig, KnownBits>();

function ones(n: number): bigint {
  return (1n << BigInt(n)) - 1n;
}

/** Which bits of `s` are constant, through the bit-routing operators (slices, shifts, concatenations, extensions). */
export function knownBits(s: Sig): KnownBits {
  const hit = knownCache.get(s);
  if (hit) return hit;
  const n = s.node;
  let k: KnownBits = { mask: 0n, value: 0n };
  if (n.kind === 'const') k = { mask: ones(s.width), value: n.value.raw };
  else if (n.kind === 'op') {
    const a = n.args[0]!;
    const ka = (): KnownBits => knownBits(a);
    switch (n.op) {
      case 'shl': {
        const x = ka();
        const sh = BigInt(n.params[0]!);
        k = { mask: ((x.mask << sh) | ones(n.params[0]!)) & ones(s.width), value: (x.value << sh) & ones(s.width) };
        break;
      }
      case 'shr': {
        const x = ka();
        const sh = n.params[0]!;
        if (sh < a.width) k = { mask: (x.mask >> BigInt(sh)) & ones(s.width), value: (x.value >> BigInt(sh)) & ones(s.width) };
        else if (!a.signed) k = { mask: 1n, value: 0n };
        else k = { mask: (x.mask >> BigInt(a.width - 1)) & 1n, value: (x.value >> BigInt(a.width - 1)) & 1n };
        break;
      }
      case 'slice': {
        const x = ka();
        const lo = BigInt(n.params[1]!);
        k = { mask: (x.mask >> lo) & ones(s.width), value: (x.value >> lo) & ones(s.width) };
        break;
      }
      case 'asSigned':
      case 'asUnsigned':
        k = ka();
        break;
      case 'resize': {
        const x = ka();
        if (s.width <= a.width) k = { mask: x.mask & ones(s.width), value: x.value & ones(s.width) };
        else {
          const ext = ones(s.width) ^ ones(a.width);
          const msbKnown = (x.mask >> BigInt(a.width - 1)) & 1n;
          const msb = (x.value >> BigInt(a.width - 1)) & 1n;
          if (!a.signed) k = { mask: x.mask | ext, value: x.value };
          else if (msbKnown) k = { mask: x.mask | ext, value: x.value | (msb ? ext : 0n) };
          else k = x;
        }
        break;
      }
      case 'cat': {
        let mask = 0n;
        let value = 0n;
        for (const p of n.args) {
          const x = knownBits(p);
          mask = (mask << BigInt(p.width)) | x.mask;
          value = (value << BigInt(p.width)) | x.value;
        }
        k = { mask, value };
        break;
      }
      case 'repeat': {
        const x = ka();
        let mask = 0n;
        let value = 0n;
        for (let i = 0; i < n.params[0]!; i++) {
          mask = (mask << BigInt(a.width)) | x.mask;
          value = (value << BigInt(a.width)) | x.value;
        }
        k = { mask, value };
        break;
      }
      case 'and': {
        const x = ka();
        const y = knownBits(n.args[1]!);
        const zeros = (x.mask & ~x.value) | (y.mask & ~y.value);
        const both = x.mask & y.mask;
        k = { mask: (zeros | both) & ones(s.width), value: x.value & y.value & both };
        break;
      }
      case 'or': {
        const x = ka();
        const y = knownBits(n.args[1]!);
        const onesKnown = (x.mask & x.value) | (y.mask & y.value);
        const both = x.mask & y.mask;
        k = { mask: (onesKnown | both) & ones(s.width), value: (onesKnown | (x.value | y.value)) & (onesKnown | both) };
        break;
      }
      case 'not': {
        const x = ka();
        k = { mask: x.mask, value: ~x.value & x.mask };
        break;
      }
      case 'sub':
        if (n.args[0] === n.args[1]) k = { mask: ones(s.width), value: 0n };
        break;
      case 'mul': {
        const zero = (x: Sig): boolean => {
          const kx = knownBits(x);
          return kx.mask === ones(x.width) && kx.value === 0n;
        };
        if (zero(a) || zero(n.args[1]!)) k = { mask: ones(s.width), value: 0n };
        break;
      }
      case 'xor': {
        if (n.args[0] === n.args[1]) {
          k = { mask: ones(s.width), value: 0n };
          break;
        }
        const x = ka();
        const y = knownBits(n.args[1]!);
        const both = x.mask & y.mask;
        k = { mask: both, value: (x.value ^ y.value) & both };
        break;
      }
      case 'mux': {
        const t = knownBits(n.args[1]!);
        const f = knownBits(n.args[2]!);
        const same = t.mask & f.mask & ~(t.value ^ f.value);
        k = { mask: same, value: t.value & same };
        break;
      }
      case 'andR': {
        const x = ka();
        if (x.mask & ~x.value) k = { mask: 1n, value: 0n };
        else if (x.mask === ones(a.width)) k = { mask: 1n, value: 1n };
        break;
      }
      case 'orR': {
        const x = ka();
        if (x.mask & x.value) k = { mask: 1n, value: 1n };
        else if (x.mask === ones(a.width)) k = { mask: 1n, value: 0n };
        break;
      }
      default:
        break;
    }
  }
  knownCache.set(s, k);
  return k;
}

/** A range [lo, hi] that holds every value `s` can take (its shape's range, narrowed by known bits). */
export function valueRange(s: Sig): [bigint, bigint] {
  const n = s.node;
  if (n.kind === 'const') {
    const v = n.value.toBigInt();
    return [v, v];
  }
  if (n.kind === 'op' && n.op === 'resize' && s.width >= n.args[0]!.width) return valueRange(n.args[0]!);
  const k = knownBits(s);
  const free = ones(s.width) & ~k.mask;
  const lo = k.value & k.mask;
  const hi = lo | free;
  if (!s.signed) return [lo, hi];
  const top = 1n << BigInt(s.width - 1);
  if (k.mask & top) {
    // The sign is known: the pattern range maps monotonically to values.
    const toSigned = (r: bigint): bigint => (r & top ? r - (top << 1n) : r);
    return [toSigned(lo), toSigned(hi)];
  }
  return [s.shape.min, s.shape.max];
}

const CMP: Partial<Record<OpName, (a: bigint, b: bigint) => boolean>> = {
  eq: (a, b) => a === b,
  ne: (a, b) => a !== b,
  lt: (a, b) => a < b,
  le: (a, b) => a <= b,
  gt: (a, b) => a > b,
  ge: (a, b) => a >= b,
};

/** The simplified result of `op` over `args`, or undefined when no rule applies. */
export function simplify(op: OpName, args: readonly Sig[], make: (b: Bits) => Sig, probe?: Sig): Sig | undefined {
  if (probe) {
    // A value whose every bit is known is that constant.
    const k = knownBits(probe);
    if (k.mask === ones(probe.width)) return make(Bits.fromRaw(probe.shape, k.value));
  }
  if (op === 'mux') {
    const c = args[0]!.constValue;
    if (c) return c.raw !== 0n ? args[1]! : args[2]!;
    return undefined;
  }
  const cmp = CMP[op];
  if (!cmp) return undefined;
  const [a, b] = args as [Sig, Sig];
  if (a === b) return make(Bits.from(uint(1), op === 'eq' || op === 'le' || op === 'ge' ? 1 : 0));
  const [alo, ahi] = valueRange(a);
  const [blo, bhi] = valueRange(b);
  let result: boolean | undefined;
  if (op === 'eq' || op === 'ne') {
    if (ahi < blo || bhi < alo) result = op === 'ne';
    else if (alo === ahi && blo === bhi) result = cmp(alo, blo);
  } else {
    // Monotonic in each operand: the extremes decide whether the outcome can vary.
    const corners = [cmp(alo, blo), cmp(alo, bhi), cmp(ahi, blo), cmp(ahi, bhi)];
    if (corners.every((x) => x === corners[0])) result = corners[0];
  }
  return result === undefined ? undefined : make(Bits.from(uint(1), result ? 1 : 0));
}
