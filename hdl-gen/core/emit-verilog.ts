/**
 * The Verilog-2005 emitter. It prints each module of a checked design so that
 * `verilator --lint-only -Wall` has nothing to say, by construction:
 *
 * - every operand is printed at exactly the width its operator needs (explicit zero or
 *   sign extension with concatenation, truncation pushed down to the operands or done by a
 *   part-select), so no WIDTH warning can arise and Verilog's context-dependent widths and
 *   signedness never change a result;
 * - values are inlined when used once; values used more than once, and values that must be
 *   indexed, become wires with names derived from the signal they feed (`acc_sum`, `acc_sum_1`);
 * - bits that are computed or received but never read are gathered into one `unused_ok`
 *   reduction (Verilator's documented naming convention for intentionally unused bits), so
 *   no signal is partially unused and no lint waiver is needed;
 * - registers use nonblocking assignments in `always @(posedge clk)` blocks with a
 *   synchronous reset; conditional combinational logic uses blocking assignments in
 *   `always @*` blocks that assign on every path (the checks refuse latches).
 *
 * Output is deterministic: everything is printed in creation order.
 */
import { createHash } from 'node:crypto';
import type { EmittedDesign, EmittedModule, PortSpec } from '../emitted.ts';
import { applyOp, Bits } from './bits.ts';
import { checkModule } from './checks.ts';
import { DesignRuleError, type DesignWarning } from './errors.ts';
import { blockAssigns, type Block, type ModuleBuilder, RESERVED_NAMES, type Stmt } from './module-builder.ts';
import type { Assignable, Sig } from './signal.ts';
import { formatLoc } from './source-location.ts';
import { type StateName, stateNameOf } from './state-encoding.ts';
import type { OpName } from './width-rules.ts';

/** Operators that compute (as opposed to routing bits); shared ones get a wire of their own. */
const COMPUTING: ReadonlySet<OpName> = new Set<OpName>([
  'add', 'sub', 'mul', 'neg', 'and', 'or', 'xor', 'not', 'eq', 'ne', 'lt', 'le', 'gt', 'ge',
  'andR', 'orR', 'xorR', 'shlv', 'shrv', 'mux', 'select',
]);

const TAG: Record<OpName, string> = {
  add: 'sum', sub: 'diff', mul: 'prod', neg: 'neg', and: 'and', or: 'or', xor: 'xor', not: 'inv',
  eq: 'eq', ne: 'ne', lt: 'lt', le: 'le', gt: 'gt', ge: 'ge', andR: 'all', orR: 'any', xorR: 'parity',
  shl: 'shl', shr: 'shr', shlv: 'shl', shrv: 'shr', slice: 'bits', cat: 'cat', repeat: 'rep',
  resize: 'ext', asSigned: 'cast', asUnsigned: 'cast', mux: 'mux', select: 'sel',
};

const BINOP: Partial<Record<OpName, string>> = {
  add: '+', sub: '-', mul: '*', and: '&', or: '|', xor: '^',
  eq: '==', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=',
};

function lit(width: number, raw: bigint): string {
  return width <= 32 ? `${width}'d${raw}` : `${width}'h${raw.toString(16)}`;
}

/** A constant's literal: signed values print signed (`8'sd5`, `-8'sd3`), unsigned ones as `8'd5`. */
function litOf(b: Bits): string {
  if (!b.signed) return lit(b.width, b.raw);
  const v = b.toBigInt();
  const mag = v < 0n ? -v : v;
  const body = b.width <= 32 ? `${b.width}'sd${mag}` : `${b.width}'sh${mag.toString(16)}`;
  return v < 0n ? `-${body}` : body;
}

function isSignedLit(e: string): boolean {
  return /^-?\d+'s[dh][0-9a-f]+$/.test(e);
}

function range(width: number, signed: boolean): string {
  if (width === 1 && !signed) return '';
  return `${signed ? 'signed ' : ''}[${width - 1}:0] `;
}

/** Emits one module's text; child module names come from `childName`. */
class ModuleEmitter {
  private readonly decls: string[] = [];
  private readonly assigns: string[] = [];
  private readonly blocks: string[] = [];
  private readonly insts: string[] = [];
  private readonly temps = new Map<Sig, string>();
  private readonly taken = new Set<string>(RESERVED_NAMES);
  private readonly uses = new Map<Sig, number>();
  /** Tracked nets: name → [width, mask of bits read]. */
  private readonly tracked = new Map<string, { width: number; used: bigint }>();
  private readonly trackOrder: string[] = [];
  /** Assignables printed as `reg` (procedural). */
  private readonly procedural = new Set<Assignable>();
  private ctx = 't';
  /** Nets and wires declared signed. */
  private readonly signedNets = new Set<string>();
  /** `localparam` lines of the FSM states in use, and the name each state code prints as. */
  private readonly params: string[] = [];
  private readonly paramNames = new Map<Bits, string>();

  constructor(
    private readonly m: ModuleBuilder,
    private readonly childName: (child: ModuleBuilder) => string,
  ) {}

  /** Whether Verilog could read the printed expression `e` as signed (it is then wrapped in $unsigned for unsigned order comparisons). */
  private mayBeSigned(e: string): boolean {
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(e)) return this.signedNets.has(e);
    if (/^[A-Za-z_][A-Za-z0-9_]*\[/.test(e)) return false; // part- and bit-selects are unsigned
    if (/^\d+'[dhb]/.test(e)) return false; // unsigned literal
    if (e.startsWith('{') && e.endsWith('}')) return false; // concatenation
    return true;
  }

  private track(name: string, width: number): void {
    this.tracked.set(name, { width, used: 0n });
    this.trackOrder.push(name);
  }

  private countUses(s: Sig): void {
    if (s.node.kind !== 'op') return;
    const n = this.uses.get(s) ?? 0;
    this.uses.set(s, n + 1);
    if (n === 0) for (const a of s.node.args) this.countUses(a);
  }

  private mustName(s: Sig): boolean {
    if (s.node.kind !== 'op') return false;
    const op = s.node.op;
    if (op === 'select') return true;
    if (op === 'shrv' && s.signed) return true;
    return COMPUTING.has(op) && (this.uses.get(s) ?? 0) > 1;
  }

  /** A constant at its own width: an FSM state's localparam name, else the literal. */
  private constant(b: Bits): string {
    const st = stateNameOf(b);
    if (!st) return litOf(b);
    if (!this.paramNames.has(b)) this.declareStates(st);
    return this.paramNames.get(b)!;
  }

  /** Declares every state of an encoding as a localparam (once per module). */
  private declareStates(st: StateName): void {
    const w = st.all[0]!.code.width;
    for (const e of st.all) {
      const name = this.fresh(e.param);
      this.paramNames.set(e.code, name);
      this.params.push(`localparam ${w === 1 ? '' : `[${w - 1}:0] `}${name} = ${litOf(e.code)};`);
    }
  }

  private fresh(base: string): string {
    let name = base;
    for (let i = 1; this.taken.has(name); i++) name = `${base}_${i}`;
    this.taken.add(name);
    return name;
  }

  /**
   * A name for what an operator's value holds: `state_is_idle` for a comparison with an FSM
   * state, `<a>_<op>_<b>` or `<a>_<op>` when the operands are named nets or constants, and
   * otherwise the consumer's name with the operator's tag (`acc_next_sum`).
   */
  private describe(s: Sig): string {
    if (s.node.kind !== 'op') throw new Error('internal: describe on a net or constant');
    const { op, args } = s.node;
    const fallback = `${this.ctx}_${TAG[op]}`;
    const word = (a: Sig): string | undefined => {
      if (a.node.kind === 'net') return a.node.name;
      if (a.node.kind === 'const') {
        const st = stateNameOf(a.node.value);
        if (st) return st.param.replace(/^[A-Z0-9]+_/, '').toLowerCase();
        const v = a.node.value.toBigInt();
        return v >= 0n && v < 100000n ? String(v) : undefined;
      }
      return undefined;
    };
    const VERB: Partial<Record<OpName, string>> = {
      add: 'plus', sub: 'minus', mul: 'times', and: 'and', or: 'or', xor: 'xor',
      eq: 'is', ne: 'not', lt: 'lt', le: 'le', gt: 'gt', ge: 'ge', shlv: 'shl', shrv: 'shr',
    };
    let name: string | undefined;
    if (VERB[op] && args.length === 2) {
      const a = word(args[0]!);
      const b = word(args[1]!);
      if (a && b) name = `${a}_${VERB[op]}_${b}`;
    } else if (args.length === 1 && (op === 'neg' || op === 'not' || op === 'andR' || op === 'orR' || op === 'xorR')) {
      const a = word(args[0]!);
      if (a) name = `${a}_${TAG[op]}`;
    }
    return name !== undefined && name.length <= 40 && /^[A-Za-z_]/.test(name) ? name : fallback;
  }

  /** The wire holding an operator's full value (made on first request). */
  private nameOf(s: Sig): string {
    if (s.node.kind === 'net') return s.node.name;
    const have = this.temps.get(s);
    if (have) return have;
    if (s.node.kind !== 'op') throw new Error('internal: nameOf on a constant');
    const name = this.fresh(this.describe(s));
    this.temps.set(s, name);
    if (s.signed) this.signedNets.add(name);
    this.track(name, s.width);
    if (s.node.op === 'select') {
      const [sel, dflt, ...arms] = s.node.args;
      const selW = sel!.width;
      const selX = stripParens(this.ex(sel!, selW));
      const lines = [`always @* begin`, `  case (${selX})`];
      s.node.params.forEach((v, i) => lines.push(`    ${lit(selW, BigInt(v))}: ${name} = ${stripParens(this.ex(arms[i]!, s.width))};`));
      lines.push(`    default: ${name} = ${stripParens(this.ex(dflt!, s.width))};`, `  endcase`, `end`);
      this.decls.push(`reg ${range(s.width, s.signed)}${name};`);
      this.blocks.push(lines.join('\n'));
      return name;
    }
    const rhs = s.node.op === 'shrv' && s.signed ? `$signed(${this.ex(s.node.args[0]!, s.width)}) >>> ${this.ex(s.node.args[1]!, s.node.args[1]!.width)}` : this.inline(s, s.width);
    this.decls.push(`wire ${range(s.width, s.signed)}${name};`);
    this.assigns.push(wrapStatement(`assign ${name} = `, stripParens(rhs), ';').join('\n'));
    return name;
  }

  private ref(name: string, width: number, hi: number, lo: number): string {
    const t = this.tracked.get(name);
    if (t) t.used |= ((1n << BigInt(hi - lo + 1)) - 1n) << BigInt(lo);
    if (width === 1) return name;
    if (hi === width - 1 && lo === 0) return name;
    if (hi === lo) return `${name}[${hi}]`;
    return `${name}[${hi}:${lo}]`;
  }

  /** Exactly W bits: the low W bits of s, extended by s's signedness when W > s.width. */
  ex(s: Sig, W: number): string {
    const w = s.width;
    if (s.node.kind === 'const') {
      if (W === w) return this.constant(s.node.value);
      return litOf(applyOp('resize', [s.node.value], [W]));
    }
    if (W > w) {
      const k = W - w;
      const low = this.ex(s, w);
      if (!s.signed) return `{${lit(k, 0n)}, ${low}}`;
      const msb = this.bits(s, w - 1, w - 1);
      return `{${k === 1 ? msb : `{${k}{${msb}}}`}, ${low}}`;
    }
    if (s.node.kind === 'net') return this.ref(s.node.name, w, W - 1, 0);
    if (this.temps.has(s) || this.mustName(s)) return this.ref(this.nameOf(s), w, W - 1, 0);
    return this.inline(s, W);
  }

  /** An operator printed in place at W ≤ width bits. */
  private inline(s: Sig, W: number): string {
    if (s.node.kind !== 'op') return this.ex(s, W);
    const { op, args } = s.node;
    const [a, b, c] = args;
    const bin = BINOP[op];
    switch (op) {
      case 'add':
      case 'sub':
      case 'mul':
      case 'and':
      case 'or':
      case 'xor':
        return `(${this.ex(a!, W)} ${bin} ${this.ex(b!, W)})`;
      case 'neg':
        return `(-${this.ex(a!, W)})`;
      case 'not':
        return `(~${this.ex(a!, W)})`;
      case 'eq':
      case 'ne':
      case 'lt':
      case 'le':
      case 'gt':
      case 'ge': {
        const C = Math.max(a!.width, b!.width);
        const x = this.ex(a!, C);
        const y = this.ex(b!, C);
        if (op === 'eq' || op === 'ne') return `(${x} ${bin} ${y})`;
        // Order comparisons depend on Verilog's signedness of the operands: make it explicit.
        if (a!.signed) {
          const sx = (e: string): string => (isSignedLit(e) ? e : `$signed(${e})`);
          return `(${sx(x)} ${bin} ${sx(y)})`;
        }
        const ux = (e: string): string => (this.mayBeSigned(e) ? `$unsigned(${e})` : e);
        return `(${ux(x)} ${bin} ${ux(y)})`;
      }
      case 'andR':
        return `(&${this.ex(a!, a!.width)})`;
      case 'orR':
        return `(|${this.ex(a!, a!.width)})`;
      case 'xorR':
        return `(^${this.ex(a!, a!.width)})`;
      case 'mux':
        return `(${this.ex(a!, 1)} ? ${this.ex(b!, W)} : ${this.ex(c!, W)})`;
      case 'shlv':
        return `(${this.ex(a!, W)} << ${this.ex(b!, b!.width)})`;
      case 'shrv':
        if (W < s.width || s.signed) return this.ref(this.nameOf(s), s.width, W - 1, 0);
        return `(${this.ex(a!, W)} >> ${this.ex(b!, b!.width)})`;
      case 'select':
        return this.ref(this.nameOf(s), s.width, W - 1, 0);
      default:
        return this.route(s, W - 1, 0);
    }
  }

  /** Bits hi..lo of s (hi < s.width), routed through slices, concatenations and extensions. */
  bits(s: Sig, hi: number, lo: number): string {
    const n = hi - lo + 1;
    if (s.node.kind === 'const') return lit(n, (s.node.value.raw >> BigInt(lo)) & ((1n << BigInt(n)) - 1n));
    if (s.node.kind === 'net') return this.ref(s.node.name, s.width, hi, lo);
    if (this.temps.has(s) || this.mustName(s)) return this.ref(this.nameOf(s), s.width, hi, lo);
    return this.route(s, hi, lo);
  }

  /** Bits hi..lo of an operator printed in place (no wire of its own is looked up). */
  private route(s: Sig, hi: number, lo: number): string {
    if (s.node.kind !== 'op') return this.bits(s, hi, lo);
    const { op, args, params } = s.node;
    const a = args[0]!;
    const join = (parts: string[]): string => {
      const merged = this.mergeSelects(parts);
      return merged.length === 1 ? merged[0]! : `{${merged.join(', ')}}`;
    };
    switch (op) {
      case 'slice':
        return this.bits(a, params[1]! + hi, params[1]! + lo);
      case 'asSigned':
      case 'asUnsigned':
        return this.bits(a, hi, lo);
      case 'resize': {
        const wa = a.width;
        const parts: string[] = [];
        if (hi >= wa) {
          const k = hi - Math.max(lo, wa) + 1;
          if (!a.signed) parts.push(lit(k, 0n));
          else {
            const msb = this.bits(a, wa - 1, wa - 1);
            parts.push(k === 1 ? msb : `{${k}{${msb}}}`);
          }
        }
        if (lo < wa) parts.push(lo === 0 ? this.ex(a, Math.min(hi, wa - 1) + 1) : this.bits(a, Math.min(hi, wa - 1), lo));
        return join(parts);
      }
      case 'shl': {
        const k = params[0]!;
        const parts: string[] = [];
        if (hi >= k) {
          const l = Math.max(lo, k) - k;
          parts.push(l === 0 ? this.ex(a, hi - k + 1) : this.bits(a, hi - k, l));
        }
        if (lo < k) parts.push(lit(Math.min(hi, k - 1) - lo + 1, 0n));
        return join(parts);
      }
      case 'shr': {
        const k = params[0]!;
        if (k < a.width) return this.bits(a, hi + k, lo + k);
        return a.signed ? this.bits(a, a.width - 1, a.width - 1) : lit(1, 0n);
      }
      case 'cat': {
        const parts: string[] = [];
        let off = s.width;
        for (const p of args) {
          off -= p.width;
          const top = Math.min(hi, off + p.width - 1);
          const bot = Math.max(lo, off);
          if (top < bot) continue;
          parts.push(bot === off ? this.ex(p, top - off + 1) : this.bits(p, top - off, bot - off));
        }
        return join(parts);
      }
      case 'repeat':
        if (lo === 0 && hi === s.width - 1) return `{${params[0]}{${this.ex(a, a.width)}}}`;
        if (Math.floor(hi / a.width) === Math.floor(lo / a.width)) return this.bits(a, hi % a.width, lo % a.width);
        return this.ref(this.nameOf(s), s.width, hi, lo);
      default:
        if (lo === 0) return this.inline(s, hi + 1);
        return this.ref(this.nameOf(s), s.width, hi, lo);
    }
  }

  /** Joins neighbouring selects of one net in a concatenation: {x[15:8], x[7:0]} → x[15:0] (→ x when whole). */
  private mergeSelects(parts: string[]): string[] {
    const sel = (e: string): { n: string; hi: number; lo: number } | undefined => {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)\[(\d+)(?::(\d+))?\]$/.exec(e);
      if (!m) return undefined;
      return { n: m[1]!, hi: Number(m[2]), lo: Number(m[3] ?? m[2]) };
    };
    const out: string[] = [];
    for (const p of parts) {
      const a = out.length ? sel(out[out.length - 1]!) : undefined;
      const b = sel(p);
      if (a && b && a.n === b.n && a.lo === b.hi + 1) {
        const width = this.tracked.get(a.n)?.width;
        out[out.length - 1] = width !== undefined && a.hi === width - 1 && b.lo === 0 ? a.n : `${a.n}[${a.hi}:${b.lo}]`;
      } else out.push(p);
    }
    return out;
  }

  /** A memory address: unsigned in Verilog too (a signed index would address below 0). */
  private index(addr: Sig): string {
    const e = this.ex(addr, addr.width);
    return this.mayBeSigned(e) ? `$unsigned(${e})` : stripParens(e);
  }

  private cond(c: Sig): string {
    return stripParens(this.ex(c, 1));
  }

  /** The statements of `block` that assign one of `targets`, indented, with `op` as the assignment. */
  private project(block: Block, targets: ReadonlySet<Assignable>, op: string, indent: string): string[] {
    const out: string[] = [];
    for (const s of block.stmts) {
      if (s.kind === 'assign') {
        if (targets.has(s.target)) out.push(...this.statement(`${indent}${s.target.name} ${op} `, s.value, s.target.width, ';'));
        continue;
      }
      if (![...targets].some((t) => blockAssigns(s, t))) continue;
      out.push(...this.projectIf(s, targets, op, indent));
    }
    return out;
  }

  /**
   * An if-chain restricted to `targets`. Branches that assign none of them are not printed:
   * their conditions are folded, negated, into every later printed branch, which keeps the
   * chain's priority (`if (a) {} else if (b) x; else y` prints as `if (!a && b) x; else if (!a) y`).
   */
  private projectIf(s: Extract<Stmt, { kind: 'if' }>, targets: ReadonlySet<Assignable>, op: string, indent: string): string[] {
    const out: string[] = [];
    const skipped: string[] = [];
    let printed = 0;
    for (const b of s.branches) {
      const body = this.project(b.body, targets, op, indent + '  ');
      if (body.length === 0) {
        if (!b.cond) break;
        skipped.push(negate(this.cond(b.cond)));
        continue;
      }
      const conds = [...skipped, ...(b.cond ? [this.cond(b.cond)] : [])];
      const test = conds.length === 1 ? conds[0]! : conds.map((c) => (isAtom(c) || c.startsWith('!') ? c : `(${c})`)).join(' && ');
      if (conds.length === 0) out.push(`${indent}end else begin`);
      else out.push(...wrapStatement(`${indent}${printed === 0 ? '' : 'end else '}if (`, test, ') begin'));
      out.push(...body);
      printed++;
    }
    if (printed) out.push(`${indent}end`);
    return out;
  }

  /**
   * `head` + the expression + `tail`, on one line when it fits in WRAP columns, otherwise
   * broken at the expression's outermost operators with continuation lines indented under it.
   */
  private statement(head: string, value: Sig, width: number, tail: string): string[] {
    return wrapStatement(head, stripParens(this.ex(value, width)), tail);
  }

  private isSimple(a: Assignable): boolean {
    const top = this.m.root.stmts.filter((s) => (s.kind === 'assign' ? s.target === a : blockAssigns(s, a)));
    return top.length === 1 && top[0]!.kind === 'assign';
  }

  emit(name: string): string {
    const m = this.m;
    for (const [n, sig] of m.nets) {
      this.taken.add(n);
      if (sig.signed) this.signedNets.add(n);
    }
    for (const mem of m.memories) this.taken.add(mem.name);
    for (const i of m.instances) this.taken.add(i.name);
    // Use counts over everything the module reads.
    const countBlock = (b: Block): void => {
      for (const s of b.stmts) {
        if (s.kind === 'assign') this.countUses(s.value);
        else for (const br of s.branches) {
          if (br.cond) this.countUses(br.cond);
          countBlock(br.body);
        }
      }
    };
    countBlock(m.root);
    for (const r of m.regs) if (r.enable) this.countUses(r.enable);
    for (const mem of m.memories) {
      for (const w of mem.writes) [w.addr, w.data, w.enable].forEach((x) => x && this.countUses(x));
      for (const r of mem.reads) [r.addr, r.enable].forEach((x) => x && this.countUses(x));
    }
    for (const i of m.instances) for (const v of i.inputs.values()) this.countUses(v);

    // Ports.
    const header: string[] = [];
    const clk = m.clockIfAny;
    const rst = m.resetIfAny;
    for (const a of m.assignables) if (!this.isSimple(a)) this.procedural.add(a);
    const portSigs = [...(clk ? [clk] : []), ...(rst ? [rst] : []), ...m.ports];
    for (const p of portSigs) {
      const isOut = m.isOutput(p);
      if (!isOut) this.track(p.name!, p.width);
      const isReg = m.outputRegs.has(p) || this.procedural.has(p as Assignable);
      const kind = isOut ? (isReg ? 'output reg' : 'output wire') : m.inouts.has(p) ? 'inout wire' : 'input wire';
      header.push(`  ${kind} ${range(p.width, p.signed)}${p.name}`);
    }
    // Declarations of named internal nets.
    for (const a of m.assignables) {
      if (a.node.kind === 'net' && a.node.net === 'wire') {
        this.decls.push(`${this.procedural.has(a) ? 'reg' : 'wire'} ${range(a.width, a.signed)}${a.name};`);
        this.track(a.name!, a.width);
      }
    }
    for (const r of m.regs) {
      if (m.outputRegs.has(r)) continue;
      this.decls.push(`reg ${range(r.width, r.signed)}${r.name};`);
      this.track(r.name!, r.width);
    }
    for (const mem of m.memories) {
      this.decls.push(`${mem.ramStyle ? `(* ram_style = "${mem.ramStyle}" *) ` : ''}${mem.noRwCheck ? '(* no_rw_check *) ' : ''}reg ${range(mem.shape.width, mem.shape.signed)}${mem.name} [0:${mem.depth - 1}];`);
      for (const r of mem.reads) {
        this.decls.push(`reg ${range(r.data.width, r.data.signed)}${r.data.name};`);
        this.track(r.data.name!, r.data.width);
      }
    }
    for (const i of m.instances) {
      for (const o of i.outputs.values()) {
        this.decls.push(`wire ${range(o.width, o.signed)}${o.name};`);
        this.track(o.name!, o.width);
      }
    }
    // Combinational assignables.
    for (const a of m.assignables) {
      this.ctx = a.name!;
      if (!this.procedural.has(a)) {
        const st = m.root.stmts.find((s) => s.kind === 'assign' && s.target === a) as Extract<Stmt, { kind: 'assign' }>;
        this.assigns.push(this.statement(`assign ${a.name} = `, st.value, a.width, ';').join('\n'));
      } else {
        const body = this.project(m.root, new Set([a]), '=', '  ');
        this.blocks.push(['always @* begin', ...body, 'end'].join('\n'));
      }
    }
    // Registers: those with the same enable and the same kind of reset share one always block,
    // the when-tree printed once with every assignment of the group in its branches.
    const clkName = clk?.name ?? 'clk';
    const groups: { enable: Sig | undefined; reset: boolean; regs: (typeof m.regs)[number][] }[] = [];
    for (const r of m.regs) {
      const reset = r.resetValue !== undefined;
      const g = groups.find((x) => x.enable === r.enable && x.reset === reset);
      if (g) g.regs.push(r);
      else groups.push({ enable: r.enable, reset, regs: [r] });
    }
    for (const g of groups) {
      const targets = new Set<Assignable>(g.regs);
      this.ctx = g.regs[0]!.name!;
      let body = this.project(m.root, targets, '<=', g.enable || g.reset ? '    ' : '  ');
      if (g.enable) {
        body = [`${g.reset ? '  end else ' : '  '}if (${this.cond(g.enable)}) begin`, ...body, '  end'];
      } else if (g.reset) {
        const top = body.filter((l) => /^ {4}\S/.test(l));
        const oneChain = top.length > 0 && top[0] === body[0] && body[0]!.startsWith('    if (') && top.slice(1, -1).every((l) => l.startsWith('    end else')) && top[top.length - 1] === '    end' && body[body.length - 1] === '    end';
        if (oneChain) {
          // A single when-chain continues the reset's if as `end else if (…)`.
          body = body.map((l) => l.slice(2));
          body[0] = `  end else ${body[0]!.trim()}`;
        } else if (body.length) {
          body = ['  end else begin', ...body, '  end'];
        } else {
          body = ['  end'];
        }
      }
      if (g.reset) {
        body = [`  if (${rst!.name}) begin`, ...g.regs.map((r) => `    ${r.name} <= ${this.constant(r.resetValue!)};`), ...body];
        this.ref(rst!.name!, 1, 0, 0);
      }
      this.blocks.push([`always @(posedge ${clkName}) begin`, ...body, 'end'].join('\n'));
    }
    // Memories.
    for (const mem of m.memories) {
      this.ctx = mem.name;
      if (mem.contents) {
        const lines = ['initial begin'];
        mem.contents.forEach((v, i) => lines.push(`  ${mem.name}[${i}] = ${litOf(v)};`));
        for (let i = mem.contents.length; i < mem.depth; i++) lines.push(`  ${mem.name}[${i}] = ${lit(mem.shape.width, 0n)};`);
        lines.push('end');
        this.blocks.push(lines.join('\n'));
      }
      if (mem.writes.length) {
        const lines = [`always @(posedge ${clkName}) begin`];
        for (const w of mem.writes) {
          const st =
            w.lsb === undefined
              ? `${mem.name}[${this.index(w.addr)}] <= ${stripParens(this.ex(w.data, mem.shape.width))};`
              : `${mem.name}[${this.index(w.addr)}][${w.lsb + w.data.shape.width - 1}:${w.lsb}] <= ${stripParens(this.ex(w.data, w.data.shape.width))};`;
          if (w.enable) lines.push(`  if (${this.cond(w.enable)}) begin`, `    ${st}`, '  end');
          else lines.push(`  ${st}`);
        }
        lines.push('end');
        this.blocks.push(lines.join('\n'));
      }
      for (const r of mem.reads) {
        this.ctx = r.data.name!;
        const st = `${r.data.name} <= ${mem.name}[${this.index(r.addr)}];`;
        const lines = [`always @(posedge ${clkName}) begin`];
        if (r.enable) lines.push(`  if (${this.cond(r.enable)}) begin`, `    ${st}`, '  end');
        else lines.push(`  ${st}`);
        lines.push('end');
        this.blocks.push(lines.join('\n'));
      }
    }
    if (m.regs.length || m.memories.length) this.ref(clkName, 1, 0, 0);
    // Instances.
    for (const inst of m.instances) {
      const child = inst.module;
      const conns: string[] = [];
      const childPorts = [...(child.clockIfAny ? [child.clockIfAny] : []), ...(child.resetIfAny ? [child.resetIfAny] : []), ...child.ports];
      for (const p of childPorts) {
        const isOut = child.isOutput(p);
        if (isOut) conns.push(`  .${p.name}(${inst.outputs.get(p.name!)!.name})`);
        else {
          this.ctx = `${inst.name}_${p.name}`;
          conns.push(`  .${p.name}(${stripParens(this.ex(inst.inputs.get(p.name!)!, p.width))})`);
        }
      }
      if (child.external) {
        const params = Object.entries(child.external.params).map(([k, v]) => `  .${k}(${typeof v === 'string' ? JSON.stringify(v) : litOf(v)})`);
        this.insts.push(`${child.external.type} #(\n${params.join(',\n')}\n) ${inst.name} (\n${conns.join(',\n')}\n);`);
      } else {
        this.insts.push(`${this.childName(child)} ${inst.name} (\n${conns.join(',\n')}\n);`);
      }
    }
    // Bits nobody reads go to the one intentional sink.
    const unused: string[] = [];
    for (const n of this.trackOrder) {
      const t = this.tracked.get(n)!;
      let i = t.width - 1;
      while (i >= 0) {
        if ((t.used >> BigInt(i)) & 1n) {
          i--;
          continue;
        }
        let j = i;
        while (j - 1 >= 0 && !((t.used >> BigInt(j - 1)) & 1n)) j--;
        unused.push(t.width === 1 || (i === t.width - 1 && j === 0) ? n : i === j ? `${n}[${i}]` : `${n}[${i}:${j}]`);
        i = j - 1;
      }
    }
    const sections: string[] = [];
    const body = [this.params, this.decls, this.assigns].map((x) => x.map((l) => indentBlock(l)).join('\n'));
    if (this.params.length) sections.push(body[0]!);
    if (this.decls.length) sections.push(body[1]!);
    if (this.assigns.length) sections.push(body[2]!);
    for (const b of this.blocks) sections.push(indentBlock(b));
    for (const i of this.insts) sections.push(indentBlock(i));
    if (unused.length) {
      const items = [`1'b0`, ...unused];
      const lines: string[] = [];
      for (const it of items) {
        const lastLine = lines[lines.length - 1];
        if (lastLine !== undefined && lastLine.length + it.length + 2 <= WRAP - 6) lines[lines.length - 1] = `${lastLine}, ${it}`;
        else lines.push(it);
      }
      const list = lines.length === 1 && lines[0]!.length <= WRAP - 24 ? `&{${lines[0]}}` : `&{\n${lines.map((l, i) => `    ${l}${i < lines.length - 1 ? ',' : ''}`).join('\n')}\n  }`;
      sections.push(`  // Bits computed or received here but not read (named for Verilator's unused convention).\n  wire unused_ok = ${list};`);
    }
    const head = header.length ? `module ${name} (\n${header.join(',\n')}\n);` : `module ${name};`;
    return `${head}\n${sections.join('\n\n')}${sections.length ? '\n' : ''}endmodule\n`;
  }
}

/** Columns a statement may take before it is broken at its operators. */
const WRAP = 100;

function isAtom(e: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*(\[\d+(:\d+)?\])?$/.test(e);
}

function negate(c: string): string {
  return isAtom(c) ? `!${c}` : `!(${c})`;
}

/** Splits `e` at its top-level (depth 0) occurrences of the separators, keeping each separator at the end of the part before it. */
function splitTop(e: string, seps: readonly string[]): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < e.length; i++) {
    const ch = e[i]!;
    if (ch === '(' || ch === '{' || ch === '[') depth++;
    else if (ch === ')' || ch === '}' || ch === ']') depth--;
    else if (depth === 0) {
      const sep = seps.find((x) => e.startsWith(x, i));
      if (sep) {
        parts.push(e.slice(start, i + sep.length).trimEnd());
        start = i + sep.length;
        i += sep.length - 1;
      }
    }
  }
  parts.push(e.slice(start).trimStart());
  return parts.filter((p) => p.length > 0);
}

/** Separator sets by binding strength, loosest first: where a long expression is broken. */
const BREAKS: readonly (readonly string[])[] = [
  [' ? ', ' : '],
  [' || '],
  [' && '],
  [' | '],
  [' ^ '],
  [' & '],
  [' == ', ' != '],
  [' < ', ' <= ', ' > ', ' >= '],
  [' << ', ' >> ', ' >>> '],
  [' + ', ' - '],
  [' * '],
];

/** Whether `e` is one bracketed group from its first to its last character. */
function isGroup(e: string, open: string, close: string): boolean {
  if (!e.startsWith(open) || !e.endsWith(close)) return false;
  let depth = 0;
  for (let i = 0; i < e.length; i++) {
    if (e[i] === open) depth++;
    else if (e[i] === close) depth--;
    if (depth === 0 && i < e.length - 1) return false;
  }
  return true;
}

/** An expression laid out in lines that start at column `col` and end by WRAP where its structure allows. */
function layout(e: string, col: number, force = false): string[] {
  if (!force && col + e.length <= WRAP) return [e];
  // A part that ends with the operator that follows it: lay out the operand, the operator stays at its end.
  const trailing = / (\?|:|\|\||&&|\||\^|&|==|!=|<|<=|>|>=|<<|>>|>>>|\+|-|\*)$/.exec(e);
  if (trailing) {
    const lines = layout(e.slice(0, trailing.index), col, force);
    lines[lines.length - 1] += trailing[0];
    return lines;
  }
  for (const seps of BREAKS) {
    let parts = splitTop(e, seps);
    if (parts.length <= 1) continue;
    // Left-nested operators of one level read as one list: `((a | b) | c)` lays out as `a |`, `b |`, `c`.
    while (seps !== BREAKS[0]) {
      const first = parts[0]!;
      const sep = seps.map((x) => x.trim()).find((x) => first.endsWith(` ${x}`));
      const body = sep === undefined ? '' : first.slice(0, -(sep.length + 1));
      if (!isGroup(body, '(', ')')) break;
      const inner = splitTop(body.slice(1, -1), seps);
      if (inner.length <= 1) break;
      parts = [...inner.slice(0, -1), `${inner[inner.length - 1]} ${sep}`, ...parts.slice(1)];
    }
    // A conditional chain reads as one column: `a ? x : (b ? y : z)` lays out as `a ? x :`, `b ? y :`, `z`.
    const last = parts[parts.length - 1]!;
    if (seps === BREAKS[0] && isGroup(last, '(', ')') && splitTop(last.slice(1, -1), [' ? ']).length > 1) {
      return [...parts.slice(0, -1).flatMap((p) => layout(p, col)), ...layout(last.slice(1, -1), col)];
    }
    return parts.flatMap((p) => layout(p, col));
  }
  // A unary operator or a cast in front of a group stays on the group's first line.
  const prefix = /^(~|!|-|\$signed|\$unsigned)\(/.exec(e);
  if (prefix && isGroup(e.slice(prefix[1]!.length), '(', ')')) {
    const inner = layout(e.slice(prefix[1]!.length), col, force);
    return [`${prefix[1]}${inner[0]}`, ...inner.slice(1)];
  }
  for (const [open, close] of [['(', ')'], ['{', '}']] as const) {
    if (!isGroup(e, open, close)) continue;
    const body = e.slice(1, -1);
    const parts = open === '{' ? splitTop(body, [', ']) : [body];
    const inner = parts.flatMap((p) => layout(p, col + 2));
    return [open, ...inner.map((l) => `  ${l}`), close];
  }
  return [e];
}

/** `head` + `expr` + `tail` on one line, or the expression wrapped on lines indented under `head`. */
function wrapStatement(head: string, expr: string, tail: string): string[] {
  // Statements are printed inside the module body, two columns in.
  if (2 + head.length + expr.length + tail.length <= WRAP) return [`${head}${expr}${tail}`];
  const indent = /^ */.exec(head)![0] + '    ';
  const lines = layout(expr, 2 + indent.length, true);
  if (lines.length === 1) return [`${head}${expr}${tail}`];
  const out = [head.trimEnd(), ...lines.map((l) => `${indent}${l}`)];
  out[out.length - 1] += tail;
  return out;
}

function indentBlock(b: string): string {
  return b
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

/** Removes one pair of outer parentheses when they enclose the whole expression. */
function stripParens(e: string): string {
  if (!e.startsWith('(') || !e.endsWith(')')) return e;
  let depth = 0;
  for (let i = 0; i < e.length; i++) {
    if (e[i] === '(') depth++;
    else if (e[i] === ')') depth--;
    if (depth === 0 && i < e.length - 1) return e;
  }
  return e.slice(1, -1);
}

/** Modules of the hierarchy below and including `top`, leaves first, each once. */
export function hierarchy(top: ModuleBuilder): ModuleBuilder[] {
  const order: ModuleBuilder[] = [];
  const seen = new Set<ModuleBuilder>();
  const visit = (m: ModuleBuilder, stack: ModuleBuilder[]): void => {
    if (stack.includes(m)) {
      throw new DesignRuleError('bad-connection', m.name, formatLoc(m.loc), `module '${m.name}' contains itself through ${stack.map((x) => x.name).join(' -> ')}`, m.name);
    }
    if (seen.has(m)) return;
    for (const i of m.instances) visit(i.module, [...stack, m]);
    seen.add(m);
    order.push(m);
  };
  visit(top, []);
  return order;
}

/** The ports of a module as the rest of ternforge sees them (clock and reset first). */
export function portSpecs(m: ModuleBuilder): PortSpec[] {
  const all = [...(m.clockIfAny ? [m.clockIfAny] : []), ...(m.resetIfAny ? [m.resetIfAny] : []), ...m.ports];
  return all.map((p) => {
    const v = m.vecPorts.get(p.name!);
    return {
      name: p.name!,
      dir: m.isOutput(p) ? ('output' as const) : m.inouts.has(p) ? ('inout' as const) : ('input' as const),
      width: p.width,
      signed: p.signed,
      ...(v ? { lanes: { count: v.count, width: v.lane.width, signed: v.lane.signed } } : {}),
    };
  });
}

export interface EmitResult extends EmittedDesign {
  /** Findings that did not stop generation (unused inputs), every module of the hierarchy. */
  warnings: DesignWarning[];
}

/**
 * Checks every module of the hierarchy (throws the first DesignRuleError) and prints it.
 * Modules with identical text are emitted once; when two different modules share a name,
 * each gets a suffix derived from its content (`adder_tree_1a2b3c4d`).
 */
export function emitDesign(top: ModuleBuilder): EmitResult {
  // Black boxes (device primitives) are instantiated, never printed.
  const mods = hierarchy(top).filter((m) => !m.external);
  const warnings: DesignWarning[] = [];
  for (const m of mods) warnings.push(...checkModule(m));
  // Pass 1: content keys (a child is named by its key inside its parent's text).
  const key = new Map<ModuleBuilder, string>();
  for (const m of mods) {
    const text = new ModuleEmitter(m, (c) => `m_${key.get(c)}`).emit('M');
    key.set(m, createHash('sha256').update(text).digest('hex').slice(0, 8));
  }
  const keysByName = new Map<string, Set<string>>();
  for (const m of mods) {
    const set = keysByName.get(m.name) ?? new Set<string>();
    set.add(key.get(m)!);
    keysByName.set(m.name, set);
  }
  const finalName = new Map<ModuleBuilder, string>();
  for (const m of mods) {
    const clash = keysByName.get(m.name)!.size > 1;
    finalName.set(m, m === top ? m.name : clash ? `${m.name}_${key.get(m)}` : m.name);
  }
  // Pass 2: the text.
  const modules: EmittedModule[] = [];
  const emitted = new Set<string>();
  for (const m of mods) {
    const name = finalName.get(m)!;
    if (emitted.has(name)) continue;
    if (m !== top && name === top.name) {
      throw new DesignRuleError('bad-name', m.name, formatLoc(m.loc), `module '${m.name}' (made at ${formatLoc(m.loc)}) has the name of the top module; rename one`, m.name);
    }
    emitted.add(name);
    modules.push({ name, text: new ModuleEmitter(m, (c) => finalName.get(c)!).emit(name) });
  }
  const clock = top.clockIfAny?.name;
  const reset = top.resetIfAny?.name;
  return {
    top: top.name,
    modules,
    ports: portSpecs(top),
    ...(clock ? { clock } : {}),
    ...(reset ? { reset } : {}),
    warnings,
  };
}

/** Convenience: a constant's Verilog literal (used by tests and block generators' comments). */
export function verilogLiteral(b: Bits): string {
  return litOf(b);
}
