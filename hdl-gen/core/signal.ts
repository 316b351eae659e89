/**
 * The typed IR: every hardware value is a Sig with a Shape, an IR node and the source
 * location that made it. Operators are methods (TypeScript has no operator overloading);
 * their result shapes come from width-rules.ts, and operations on constants fold through
 * Bits, so both follow one semantics.
 */
import type { Comb } from './comb.ts';
import { Bits, applyOp, type BitsLike } from './bits.ts';
import { DesignRuleError, WidthRuleError, type DesignRule } from './errors.ts';
import { type Shape, shapeOfConst } from './shape.ts';
import { simplify } from './simplify.ts';
import { captureLoc, formatLoc, type SourceLoc } from './source-location.ts';
import { resultShape, type OpName } from './width-rules.ts';

/** Kinds of named nets: everything that gets a name in the emitted Verilog. */
export type NetKind = 'input' | 'output' | 'wire' | 'reg' | 'memRead' | 'instOut';

export type Node =
  | { readonly kind: 'net'; readonly net: NetKind; readonly name: string }
  | { readonly kind: 'const'; readonly value: Bits }
  | { readonly kind: 'op'; readonly op: OpName; readonly args: readonly Sig[]; readonly params: readonly number[] };

/** What a Sig needs from the module that owns it (implemented by ModuleBuilder). */
export interface SignalOwner {
  readonly name: string;
  /** Records `target := value` under the current when-conditions. */
  assignFrom(target: Assignable, value: Sig, loc: SourceLoc): void;
  /** Names a value: a wire driven by it. */
  let(name: string, value: Sig): Sig;
}

export type SigLike = Sig | BitsLike;

/** How an error message refers to a value: its name, or what made it and where. */
export function describe(s: Sig): string {
  if (s.node.kind === 'net') return `'${s.node.name}'`;
  if (s.node.kind === 'const') return `constant ${s.node.value.toBigInt()} (${s.shape.toString()})`;
  return `the ${s.node.op} at ${formatLoc(s.loc)}`;
}

function ruleOf(e: WidthRuleError): DesignRule {
  if (e.message.includes(' mixes ')) return 'signedness-mismatch';
  if (e.message.includes('equal shapes')) return 'width-mismatch';
  return 'bad-operand';
}

export class Sig implements Comb<Sig> {
  constructor(
    readonly shape: Shape,
    readonly node: Node,
    readonly owner: SignalOwner | null,
    readonly loc: SourceLoc,
  ) {}

  get width(): number {
    return this.shape.width;
  }

  get signed(): boolean {
    return this.shape.signed;
  }

  /** The net name, for named signals (ports, wires, registers, memory read data, instance outputs). */
  get name(): string | undefined {
    return this.node.kind === 'net' ? this.node.name : undefined;
  }

  /** The value, when this is a constant (after folding). */
  get constValue(): Bits | undefined {
    return this.node.kind === 'const' ? this.node.value : undefined;
  }

  /** A constant signal (belongs to no module; usable in any). */
  static const(value: Bits, loc: SourceLoc = captureLoc()): Sig {
    return new Sig(value.shape, { kind: 'const', value }, null, loc);
  }

  /** Makes an operator node: checks the width rule and owners, folds constants through Bits. */
  static op(op: OpName, args: readonly Sig[], params: readonly number[] = []): Sig {
    const loc = captureLoc();
    let owner: SignalOwner | null = null;
    for (const a of args) {
      if (a.owner === null) continue;
      if (owner !== null && owner !== a.owner) {
        throw new DesignRuleError(
          'bad-operand',
          a.name ?? describe(a),
          formatLoc(loc),
          `${op} at ${formatLoc(loc)} combines ${describe(a)} of module '${a.owner.name}' with a value of module '${owner.name}'; connect modules through instance ports`,
          owner.name,
        );
      }
      owner = a.owner;
    }
    let shape: Shape;
    try {
      shape = resultShape(op, args.map((a) => a.shape), params);
    } catch (e) {
      if (!(e instanceof WidthRuleError)) throw e;
      const named = args.find((a) => a.name !== undefined) ?? args[0]!;
      throw new DesignRuleError(
        ruleOf(e),
        named.name ?? describe(named),
        formatLoc(loc),
        `${e.message} — ${op} of ${args.map(describe).join(', ')} at ${formatLoc(loc)}${owner ? ` in module '${owner.name}'` : ''}`,
        owner?.name,
      );
    }
    if (args.every((a) => a.node.kind === 'const')) {
      const folded = applyOp(op, args.map((a) => (a.node as { value: Bits }).value), params);
      return new Sig(shape, { kind: 'const', value: folded }, null, loc);
    }
    const made = new Sig(shape, { kind: 'op', op, args, params }, owner, loc);
    return simplify(op, args, (b) => new Sig(b.shape, { kind: 'const', value: b }, null, loc), made) ?? made;
  }

  /** A plain number or Bits as an operand next to this signal for operator `op`. */
  operand(v: SigLike, op: OpName): Sig {
    if (v instanceof Sig) return v;
    try {
      return Sig.const(Bits.operand(v, this.shape, op));
    } catch (e) {
      if (e instanceof Error && !(e instanceof DesignRuleError)) {
        const loc = formatLoc(captureLoc());
        throw new DesignRuleError('bad-operand', describe(this), loc, `${e.message} — operand of ${op} with ${describe(this)} at ${loc}`, this.owner?.name);
      }
      throw e;
    }
  }

  private bin(op: OpName, b: SigLike): Sig {
    return Sig.op(op, [this, this.operand(b, op)]);
  }

  /** this + b; result max(wa, wb) + 1 bits; equal signedness required. */
  add(b: SigLike): Sig { return this.bin('add', b); }
  /** this − b; result max(wa, wb) + 1 bits; equal signedness required. */
  sub(b: SigLike): Sig { return this.bin('sub', b); }
  /** this · b; result wa + wb bits; equal signedness required. */
  mul(b: SigLike): Sig { return this.bin('mul', b); }
  /** −this; result sint(w + 1). */
  neg(): Sig { return Sig.op('neg', [this]); }
  and(b: SigLike): Sig { return this.bin('and', b); }
  or(b: SigLike): Sig { return this.bin('or', b); }
  xor(b: SigLike): Sig { return this.bin('xor', b); }
  not(): Sig { return Sig.op('not', [this]); }
  eq(b: SigLike): Sig { return this.bin('eq', b); }
  ne(b: SigLike): Sig { return this.bin('ne', b); }
  lt(b: SigLike): Sig { return this.bin('lt', b); }
  le(b: SigLike): Sig { return this.bin('le', b); }
  gt(b: SigLike): Sig { return this.bin('gt', b); }
  ge(b: SigLike): Sig { return this.bin('ge', b); }
  /** AND of all bits (uint(1)). */
  andR(): Sig { return Sig.op('andR', [this]); }
  /** OR of all bits (uint(1)). */
  orR(): Sig { return Sig.op('orR', [this]); }
  /** XOR of all bits, the parity (uint(1)). */
  xorR(): Sig { return Sig.op('xorR', [this]); }
  /** Shift left by a constant: lossless, w + k bits. */
  shl(k: number): Sig { return Sig.op('shl', [this], [k]); }
  /** Shift right by a constant (arithmetic when signed): max(w − k, 1) bits. */
  shr(k: number): Sig { return Sig.op('shr', [this], [k]); }
  /** Shift left by an unsigned signal: width kept, bits shifted out are lost. */
  shlv(amount: Sig): Sig { return Sig.op('shlv', [this, amount]); }
  /** Shift right by an unsigned signal (arithmetic when signed): width kept. */
  shrv(amount: Sig): Sig { return Sig.op('shrv', [this, amount]); }
  /** Bits hi..lo inclusive, unsigned (like Verilog x[hi:lo]). */
  slice(hi: number, lo: number): Sig { return Sig.op('slice', [this], [hi, lo]); }
  /** Bit i as uint(1). */
  bit(i: number): Sig { return Sig.op('slice', [this], [i, i]); }
  /** The most significant bit (the sign bit of a signed value). */
  msb(): Sig { return this.bit(this.width - 1); }
  /** To `width` bits: sign- or zero-extends by this signal's signedness, truncation keeps the low bits. */
  resize(width: number): Sig { return Sig.op('resize', [this], [width]); }
  /** `n` copies side by side (uint(n · w)). */
  repeat(n: number): Sig { return Sig.op('repeat', [this], [n]); }
  /** The same bits read as signed. */
  asSigned(): Sig { return Sig.op('asSigned', [this]); }
  /** The same bits read as unsigned. */
  asUnsigned(): Sig { return Sig.op('asUnsigned', [this]); }

  /** this ? t : f. this must be uint(1); t and f must have equal shapes (a number takes the other's shape). */
  mux(t: SigLike, f: SigLike): Sig {
    const like = t instanceof Sig || t instanceof Bits ? t : f instanceof Sig || f instanceof Bits ? f : undefined;
    const shape = like?.shape ?? shapeOfConst(BigInt(t as number | bigint), false);
    const ts = t instanceof Sig ? t : Sig.const(Bits.operand(t, shape, 'mux'));
    const fs = f instanceof Sig ? f : Sig.const(Bits.operand(f, shape, 'mux'));
    return Sig.op('mux', [this, ts, fs]);
  }

  /**
   * A case over this (unsigned) selector: the arm whose value equals it, else `otherwise`.
   * Arms and the default must share one shape (numbers take it).
   */
  select(arms: ReadonlyArray<readonly [number, SigLike]>, otherwise: SigLike): Sig {
    const like = [otherwise, ...arms.map((a) => a[1])].find((x): x is Sig | Bits => x instanceof Sig || x instanceof Bits);
    if (!like) {
      const loc = formatLoc(captureLoc());
      throw new DesignRuleError('bad-operand', describe(this), loc, `select on ${describe(this)} at ${loc} has only plain-number arms; give one arm or the default a shape (Bits.from or a signal)`);
    }
    const conv = (x: SigLike): Sig => (x instanceof Sig ? x : Sig.const(Bits.operand(x, like.shape, 'select')));
    return Sig.op('select', [this, conv(otherwise), ...arms.map((a) => conv(a[1]))], arms.map((a) => a[0]));
  }

  /** A named copy of this value (a wire called `name` in the emitted Verilog). */
  named(name: string): Sig {
    if (!this.owner) {
      const loc = formatLoc(captureLoc());
      throw new DesignRuleError('bad-name', name, loc, `cannot name constant '${name}' at ${loc}: constants belong to no module; use m.let('${name}', m.const(...)) instead`);
    }
    return this.owner.let(name, this);
  }
}

/** A signal that is assigned: a wire, an output port or a register. */
export class Assignable extends Sig {
  /**
   * Drives this signal (for a register: sets its next value). Outside `when` it is the
   * default; inside a when-branch it applies when that branch is taken. The value's shape
   * must equal this signal's shape exactly (numbers take it); resize explicitly otherwise.
   */
  set(value: SigLike): void {
    const loc = captureLoc();
    let v: Sig;
    if (value instanceof Sig) v = value;
    else {
      try {
        v = Sig.const(value instanceof Bits ? value : Bits.from(this.shape, value), loc);
      } catch (e) {
        throw new DesignRuleError('width-mismatch', this.name!, formatLoc(loc), `${(e as Error).message} — assigned to '${this.name}' at ${formatLoc(loc)}`, this.owner?.name);
      }
    }
    this.owner!.assignFrom(this, v, loc);
  }
}

/** A register: its value is the last value set before the previous rising clock edge. */
export class Reg extends Assignable {
  constructor(
    shape: Shape,
    node: Node,
    owner: SignalOwner,
    loc: SourceLoc,
    /** Value after a synchronous reset; undefined: the register has no reset. */
    readonly resetValue: Bits | undefined,
    /** The register only updates in cycles where this is 1. */
    readonly enable: Sig | undefined,
  ) {
    super(shape, node, owner, loc);
  }
}

/**
 * Lanes of one shape; as a port it is one flat vector with lane 0 in the low bits. `flat`
 * always holds exactly the lanes (Vec.split makes the lanes from it).
 */
export class Vec {
  private constructor(
    readonly lanes: readonly Sig[],
    /** The flat vector (lane i in bits [i·w + w − 1 : i·w]). */
    readonly flat: Sig,
  ) {}

  get length(): number {
    return this.lanes.length;
  }

  at(i: number): Sig {
    const l = this.lanes[i];
    if (!l) {
      const loc = formatLoc(captureLoc());
      throw new DesignRuleError('bad-operand', this.flat.name ?? 'vector', loc, `lane ${i} of ${describe(this.flat)} at ${loc} does not exist (0..${this.lanes.length - 1})`);
    }
    return l;
  }

  map<T>(fn: (lane: Sig, i: number) => T): T[] {
    return this.lanes.map(fn);
  }

  /** A one-lane vector. */
  static single(s: Sig): Vec {
    return new Vec([s], s);
  }

  /** Splits a flat signal into `count` lanes of `lane` shape (lane 0 lowest). */
  static split(flat: Sig, count: number, lane: Shape): Vec {
    const lanes: Sig[] = [];
    for (let i = 0; i < count; i++) {
      const s = flat.slice(i * lane.width + lane.width - 1, i * lane.width);
      lanes.push(lane.signed ? s.asSigned() : s);
    }
    return new Vec(lanes, flat);
  }
}

/** Concatenation, Verilog order: the first part is the most significant. uint(Σ w). */
export function cat(...parts: Sig[]): Sig {
  return Sig.op('cat', parts);
}

/** Lanes into one flat vector, lane 0 in the low bits (the port layout of a Vec). */
export function catLanes(lanes: readonly Sig[]): Sig {
  const ordered = [...lanes].reverse().map((l) => (l.signed ? l.asUnsigned() : l));
  return ordered.length === 1 ? ordered[0]! : Sig.op('cat', ordered);
}

/** A constant signal of `shape` holding v. */
export function constant(shape: Shape, v: number | bigint): Sig {
  return Sig.const(Bits.from(shape, v));
}
