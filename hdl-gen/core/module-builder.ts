/**
 * ModuleBuilder: the builder API. A generator is a plain TypeScript function that makes a
 * ModuleBuilder, declares ports, wires, registers, memories and instances on it, and
 * returns it; the emitter turns it into Verilog. Names given here are the names in the
 * Verilog.
 */
import { Bits } from './bits.ts';
import { DesignRuleError } from './errors.ts';
import { type Shape, VecShape, bit, clog2, uint } from './shape.ts';
import { Assignable, Reg, Sig, Vec, catLanes, describe, type SigLike, type NetKind, type SignalOwner } from './signal.ts';
import { captureLoc, formatLoc, type SourceLoc } from './source-location.ts';

/** One statement of a module's procedural description. */
export type Stmt =
  | { kind: 'assign'; target: Assignable; value: Sig; loc: SourceLoc }
  | { kind: 'if'; branches: Branch[]; loc: SourceLoc };

export interface Branch {
  /** null: the final `otherwise`. */
  cond: Sig | null;
  body: Block;
}

export interface Block {
  stmts: Stmt[];
}

export interface ModuleOptions {
  /** Name of the clock input, created when the first register, memory or clocked instance needs it. Default `clk`. */
  clock?: string;
  /** Name of the synchronous, active-high reset input, created when a register with a reset value needs it. Default `rst`. */
  reset?: string;
}

export interface RegOptions {
  /** Value loaded while reset is 1 (synchronous). Without it the register has no reset. */
  reset?: number | bigint | Bits;
  /** uint(1): the register only updates in cycles where it is 1 (reset has priority). */
  enable?: Sig;
  /** The register is also an output port of the module with the same name (`output reg`). */
  output?: boolean;
}

const VERILOG_KEYWORDS = new Set(
  (
    'always and assign automatic begin buf bufif0 bufif1 case casex casez cell cmos config deassign default defparam design disable ' +
    'edge else end endcase endconfig endfunction endgenerate endmodule endprimitive endspecify endtable endtask event for force ' +
    'forever fork function generate genvar highz0 highz1 if ifnone incdir include initial inout input instance integer join large ' +
    'liblist library localparam macromodule medium module nand negedge nmos nor noshowcancelled not notif0 notif1 or output ' +
    'parameter pmos posedge primitive pull0 pull1 pulldown pullup pulsestyle_onevent pulsestyle_ondetect rcmos real realtime reg ' +
    'release repeat rnmos rpmos rtran rtranif0 rtranif1 scalared showcancelled signed small specify specparam strong0 strong1 ' +
    'supply0 supply1 table task time tran tranif0 tranif1 tri tri0 tri1 triand trior trireg unsigned use uwire vectored wait wand ' +
    'weak0 weak1 while wire wor xnor xor bit byte logic int shortint longint do final import export let type string struct union ' +
    'enum class interface package program property sequence unique priority return break continue'
  ).split(' '),
);

/** Names the emitter keeps for itself. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set(['unused_ok']);

/** Builds the conditions of a when/elsewhen/otherwise chain; each branch body runs immediately. */
export class WhenChain {
  private closed = false;
  constructor(
    private readonly m: ModuleBuilder,
    private readonly stmt: Extract<Stmt, { kind: 'if' }>,
    private readonly outer: Sig | null,
  ) {}

  /** Taken when no earlier branch of this chain is and `cond` is 1. */
  elsewhen(cond: Sig, body: () => void): WhenChain {
    this.addBranch(cond, body);
    return this;
  }

  /** Taken when no earlier branch of this chain is. */
  otherwise(body: () => void): void {
    this.addBranch(null, body);
    this.closed = true;
  }

  /** @internal */
  addBranch(cond: Sig | null, body: () => void): void {
    if (this.closed) {
      const loc = formatLoc(captureLoc());
      throw new DesignRuleError('bad-operand', 'when', loc, `a branch added after otherwise() at ${loc} in module '${this.m.name}'; otherwise must be the last branch`, this.m.name);
    }
    if (cond) this.m.checkCondition(cond);
    let path: Sig | null = null;
    for (const b of this.stmt.branches) {
      const notB = b.cond!.not();
      path = path ? path.and(notB) : notB;
    }
    if (cond) path = path ? path.and(cond) : cond;
    if (this.outer) path = path ? this.outer.and(path) : this.outer;
    const block: Block = { stmts: [] };
    this.stmt.branches.push({ cond, body: block });
    this.m.runIn(block, path, body);
  }
}

/** A memory with synchronous read ports: a RAM (written by write ports) or a ROM (fixed contents). */
export class Memory {
  /** Write ports; `lsb` set: a part write of bits lsb .. lsb + data width − 1 of the word (the rest keeps its value). */
  readonly writes: { addr: Sig; data: Sig; enable: Sig | null; lsb?: number; loc: SourceLoc }[] = [];
  /** Synthesis hint emitted as the array's `ram_style` attribute (e.g. 'huge': iCE40 SPRAM, Xilinx UltraRAM); none by default. */
  ramStyle: 'huge' | 'block' | 'distributed' | undefined;
  /**
   * Emitted as the array's `no_rw_check` attribute: the design never uses the word read from
   * an address in the cycle it is written, so synthesis need not build the logic (a register of
   * the write data and an address comparator per read port) that gives the old word then.
   */
  noRwCheck = false;
  readonly reads: { data: Sig; addr: Sig; enable: Sig | null; loc: SourceLoc }[] = [];

  constructor(
    readonly owner: ModuleBuilder,
    readonly name: string,
    readonly depth: number,
    readonly shape: Shape,
    /** Contents of a ROM (one value per address); undefined for a RAM. */
    readonly contents: readonly Bits[] | undefined,
    readonly loc: SourceLoc,
  ) {}

  /** The shape every address must have: uint(max(1, ceil(log2 depth))). */
  get addrShape(): Shape {
    return uint(Math.max(1, clog2(this.depth)));
  }

  get isRom(): boolean {
    return this.contents !== undefined;
  }

  private fail(loc: SourceLoc, msg: string): never {
    throw new DesignRuleError('bad-memory', this.name, formatLoc(loc), `memory '${this.name}' in module '${this.owner.name}' at ${formatLoc(loc)}: ${msg}`, this.owner.name);
  }

  private checkAddr(addr: Sig, loc: SourceLoc): void {
    if (!addr.shape.equals(this.addrShape)) {
      this.fail(loc, `address ${describe(addr)} is ${addr.shape.toString()}, expected ${this.addrShape.toString()}; resize it`);
    }
  }

  /**
   * A synchronous write port: at a rising edge where `enable` (and the enclosing when
   * conditions) hold, word `addr` becomes `data`. A read of the same address in that
   * cycle returns the old word.
   *
   * With `opts.lsb`, a part write: `data` (an unsigned value narrower than the word) replaces
   * bits lsb .. lsb + width − 1 of the word and the other bits keep their value. Several part
   * writes with one address and disjoint bits are one write port with a write mask to synthesis
   * (iCE40 SB_RAM40_4K MASK, Xilinx byte write enables).
   */
  write(addr: Sig, data: SigLike, enable?: Sig, opts: { lsb?: number } = {}): void {
    const loc = captureLoc();
    if (this.isRom) this.fail(loc, 'a ROM has no write port; use memory() for a RAM');
    this.checkAddr(addr, loc);
    const lsb = opts.lsb;
    let d: Sig;
    if (lsb === undefined) {
      d = data instanceof Sig ? data : Sig.const(data instanceof Bits ? data : Bits.from(this.shape, data), loc);
      if (!d.shape.equals(this.shape)) this.fail(loc, `write data ${describe(d)} is ${d.shape.toString()}, expected ${this.shape.toString()}; resize it`);
    } else {
      if (!(data instanceof Sig)) this.fail(loc, 'a part write takes a signal as its data');
      d = data;
      if (d.shape.signed) this.fail(loc, `part-write data ${describe(d)} is ${d.shape.toString()}; give an unsigned value (asUnsigned())`);
      if (!Number.isInteger(lsb) || lsb < 0 || lsb + d.shape.width > this.shape.width) {
        this.fail(loc, `part write of ${d.shape.width} bits at bit ${lsb} does not fit the ${this.shape.width}-bit word`);
      }
    }
    if (enable) this.owner.checkCondition(enable);
    this.writes.push({ addr, data: d, enable: this.owner.guarded(enable ?? null), ...(lsb === undefined ? {} : { lsb }), loc });
    this.owner.clock;
  }

  /**
   * A synchronous read port: the returned signal holds word `addr` from the cycle after
   * `addr` was presented (it keeps its value in cycles where `enable` is 0).
   */
  read(addr: Sig, opts: { enable?: Sig; name?: string } = {}): Sig {
    const loc = captureLoc();
    this.checkAddr(addr, loc);
    if (opts.enable) this.owner.checkCondition(opts.enable);
    const name = opts.name ?? (this.reads.length === 0 ? `${this.name}_rdata` : `${this.name}_rdata${this.reads.length}`);
    const data = this.owner.makeNet(name, this.shape, 'memRead', loc);
    this.reads.push({ data, addr, enable: this.owner.guarded(opts.enable ?? null), loc });
    this.owner.clock;
    return data;
  }
}

/** An instance of another module; its outputs are nets named `<instance>_<port>`. */
export class Instance {
  readonly outputs = new Map<string, Sig>();

  constructor(
    readonly owner: ModuleBuilder,
    readonly name: string,
    readonly module: ModuleBuilder,
    /** Input port → the value connected to it (clock and reset included). */
    readonly inputs: Map<string, Sig>,
    readonly loc: SourceLoc,
  ) {}

  /** The net of output port `port`. */
  out(port: string): Sig {
    const s = this.outputs.get(port);
    if (!s) {
      const loc = formatLoc(captureLoc());
      throw new DesignRuleError('bad-connection', `${this.name}.${port}`, loc, `module '${this.module.name}' has no output '${port}' (instance '${this.name}' at ${loc}); outputs: ${[...this.outputs.keys()].join(', ')}`, this.owner.name);
    }
    return s;
  }

  /** Output `port` split into the lanes it was declared with. */
  outVec(port: string): Vec {
    const flat = this.out(port);
    const v = this.module.vecPorts.get(port);
    return v ? Vec.split(flat, v.count, v.lane) : Vec.single(flat);
  }
}

export class ModuleBuilder implements SignalOwner {
  readonly loc: SourceLoc;
  /** Input and output ports in declaration order (clock and reset excluded). */
  readonly ports: Sig[] = [];
  /** Every named net, by name. */
  readonly nets = new Map<string, Sig>();
  /** Wires and outputs that are assigned (outputs included), in creation order. */
  readonly assignables: Assignable[] = [];
  readonly regs: Reg[] = [];
  readonly memories: Memory[] = [];
  readonly instances: Instance[] = [];
  /** Registers that are output ports too. */
  readonly outputRegs = new Set<Sig>();
  /** Ports that are bidirectional pins (`inout`): only device primitives (black boxes) may use them. */
  readonly inouts = new Set<Sig>();
  /**
   * Set for a black box: a device primitive (e.g. an FPGA I/O cell or PLL) that the tools
   * provide. It has ports but no body; instances print its type with these parameters, and
   * the design that uses it only goes to the vendor flow (no simulator knows the primitive).
   */
  external?: { type: string; params: Record<string, Bits | string> };
  /** Ports declared as vectors: their lane layout. */
  readonly vecPorts = new Map<string, VecShape>();
  /** The procedural description: default assignments and when-chains. */
  readonly root: Block = { stmts: [] };
  private cur: Block = this.root;
  private path: Sig | null = null;
  private clk: Sig | undefined;
  private rst: Sig | undefined;
  private readonly names = new Map<string, SourceLoc>();
  readonly options: Required<ModuleOptions>;

  constructor(
    readonly name: string,
    options: ModuleOptions = {},
  ) {
    this.loc = captureLoc();
    this.options = { clock: options.clock ?? 'clk', reset: options.reset ?? 'rst' };
    this.validName(name, this.loc, 'module');
  }

  private validName(name: string, loc: SourceLoc, what: string): void {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || VERILOG_KEYWORDS.has(name) || RESERVED_NAMES.has(name) || name.startsWith('\\')) {
      throw new DesignRuleError('bad-name', name, formatLoc(loc), `${what} name '${name}' at ${formatLoc(loc)} is not a usable Verilog identifier (letters, digits, _; not a keyword; not ${[...RESERVED_NAMES].join(', ')}); rename it`, this.name);
    }
  }

  /** Where this module was first instantiated; its ports are fixed from then on. */
  private sealedAt: SourceLoc | undefined;

  /** @internal Called when a parent instantiates this module. */
  seal(loc: SourceLoc): void {
    this.sealedAt ??= loc;
  }

  private checkOpen(what: string, loc: SourceLoc): void {
    if (this.sealedAt) {
      throw new DesignRuleError('bad-connection', what, formatLoc(loc), `port '${what}' of module '${this.name}' added at ${formatLoc(loc)} after the module was instantiated at ${formatLoc(this.sealedAt)}; finish the module (ports, registers needing clock or reset) before instantiating it`, this.name);
    }
  }

  /** @internal Registers a name; throws on duplicates. */
  claim(name: string, loc: SourceLoc): void {
    this.validName(name, loc, 'signal');
    const prev = this.names.get(name);
    if (prev) {
      throw new DesignRuleError('bad-name', name, formatLoc(loc), `'${name}' at ${formatLoc(loc)} is already declared in module '${this.name}' at ${formatLoc(prev)}; pick another name`, this.name);
    }
    this.names.set(name, loc);
  }

  /** @internal */
  makeNet(name: string, shape: Shape, net: NetKind, loc: SourceLoc): Sig {
    this.claim(name, loc);
    const s = new Sig(shape, { kind: 'net', net, name }, this, loc);
    this.nets.set(name, s);
    return s;
  }

  /** Whether port `p` is an output (an output wire or an output register). */
  isOutput(p: Sig): boolean {
    return p.node.kind === 'net' && (p.node.net === 'output' || this.outputRegs.has(p));
  }

  /** The clock input (created on first use). */
  get clock(): Sig {
    if (!this.clk) {
      const loc = captureLoc();
      this.checkOpen(this.options.clock, loc);
      this.claim(this.options.clock, loc);
      this.clk = new Sig(bit(), { kind: 'net', net: 'input', name: this.options.clock }, this, loc);
      this.nets.set(this.options.clock, this.clk);
    }
    return this.clk;
  }

  /** The synchronous active-high reset input (created on first use). */
  get reset(): Sig {
    if (!this.rst) {
      const loc = captureLoc();
      this.checkOpen(this.options.reset, loc);
      this.claim(this.options.reset, loc);
      this.rst = new Sig(bit(), { kind: 'net', net: 'input', name: this.options.reset }, this, loc);
      this.nets.set(this.options.reset, this.rst);
    }
    return this.rst;
  }

  /** The clock, when some register, memory or instance needed one. */
  get clockIfAny(): Sig | undefined {
    return this.clk;
  }

  /** The reset, when some register or instance needed one. */
  get resetIfAny(): Sig | undefined {
    return this.rst;
  }

  /** An input port: a Sig, or a Vec of lanes for a vector shape (one flat port). */
  input(name: string, shape: Shape): Sig;
  input(name: string, shape: VecShape): Vec;
  input(name: string, shape: Shape | VecShape): Sig | Vec {
    const loc = captureLoc();
    this.checkOpen(name, loc);
    if (shape instanceof VecShape) {
      const flat = this.makeNet(name, uint(shape.width), 'input', loc);
      this.ports.push(flat);
      this.vecPorts.set(name, shape);
      return Vec.split(flat, shape.count, shape.lane);
    }
    const s = this.makeNet(name, shape, 'input', loc);
    this.ports.push(s);
    return s;
  }

  /**
   * A bidirectional pin (`inout wire`). Logic cannot read or drive it: it connects to the
   * pin port of a device primitive (a black box, `ModuleBuilder.blackBox`), as an input of
   * that instance.
   */
  inout(name: string, shape: Shape): Sig {
    const loc = captureLoc();
    this.checkOpen(name, loc);
    const s = this.makeNet(name, shape, 'input', loc);
    this.ports.push(s);
    this.inouts.add(s);
    return s;
  }

  /**
   * A device primitive of the given type and parameters (values as sized Bits, or strings for
   * string parameters): declare its ports with input / output / inout, then instantiate it.
   */
  static blackBox(type: string, params: Record<string, Bits | string>): ModuleBuilder {
    const m = new ModuleBuilder(type);
    m.external = { type, params };
    return m;
  }

  /**
   * An output port. Given a shape it returns the port to `set()` later; given a value
   * (or lanes, packed lane 0 lowest) it drives the port with it.
   */
  output(name: string, shapeOrValue: Shape | VecShape | Sig | Bits | Vec | readonly Sig[]): Assignable {
    const loc = captureLoc();
    this.checkOpen(name, loc);
    let shape: Shape;
    let value: Sig | undefined;
    if (shapeOrValue instanceof VecShape) {
      this.vecPorts.set(name, shapeOrValue);
      shape = uint(shapeOrValue.width);
    } else if (shapeOrValue instanceof Sig) {
      shape = shapeOrValue.shape;
      value = shapeOrValue;
    } else if (shapeOrValue instanceof Bits) {
      shape = shapeOrValue.shape;
      value = Sig.const(shapeOrValue, loc);
    } else if (shapeOrValue instanceof Vec || Array.isArray(shapeOrValue)) {
      const lanes = shapeOrValue instanceof Vec ? shapeOrValue.lanes : (shapeOrValue as readonly Sig[]);
      const lane0 = lanes[0];
      if (!lane0) throw new DesignRuleError('bad-operand', name, formatLoc(loc), `output '${name}' at ${formatLoc(loc)} has no lanes`, this.name);
      for (const l of lanes) {
        if (!l.shape.equals(lane0.shape)) {
          throw new DesignRuleError('width-mismatch', name, formatLoc(loc), `output '${name}' at ${formatLoc(loc)}: lane ${describe(l)} is ${l.shape.toString()}, lane 0 is ${lane0.shape.toString()}; resize the lanes to one shape`, this.name);
        }
      }
      this.vecPorts.set(name, new VecShape(lanes.length, lane0.shape));
      value = shapeOrValue instanceof Vec ? shapeOrValue.flat : catLanes(lanes);
      shape = value.shape;
    } else {
      shape = shapeOrValue as Shape;
    }
    this.claim(name, loc);
    const s = new Assignable(shape, { kind: 'net', net: 'output', name }, this, loc);
    this.nets.set(name, s);
    this.ports.push(s);
    this.assignables.push(s);
    if (value) this.atRoot(() => this.assignFrom(s, value, loc));
    return s;
  }

  /** A wire to `set()` (unconditionally, or in every branch of a when-chain). */
  wire(name: string, shape: Shape): Assignable {
    const loc = captureLoc();
    this.claim(name, loc);
    const s = new Assignable(shape, { kind: 'net', net: 'wire', name }, this, loc);
    this.nets.set(name, s);
    this.assignables.push(s);
    return s;
  }

  /** A named value: a wire called `name` driven by `value` (unconditionally, even inside a when). */
  let(name: string, value: Sig): Sig {
    const w = this.wire(name, value.shape);
    this.atRoot(() => this.assignFrom(w, value, w.loc));
    return w;
  }

  /** Runs `fn` with the module's top level as the current block (no when-conditions). */
  private atRoot(fn: () => void): void {
    this.runIn(this.root, null, fn);
  }

  /** A register clocked by this module's clock; set its next value with `set()`. */
  reg(name: string, shape: Shape, opts: RegOptions = {}): Reg {
    const loc = captureLoc();
    let resetValue: Bits | undefined;
    if (opts.reset !== undefined) {
      try {
        resetValue = opts.reset instanceof Bits ? opts.reset : Bits.from(shape, opts.reset);
      } catch (e) {
        throw new DesignRuleError('width-mismatch', name, formatLoc(loc), `reset value of register '${name}' at ${formatLoc(loc)}: ${(e as Error).message}`, this.name);
      }
      if (!resetValue.shape.equals(shape)) {
        throw new DesignRuleError('width-mismatch', name, formatLoc(loc), `reset value of register '${name}' at ${formatLoc(loc)} is ${resetValue.shape.toString()}, the register ${shape.toString()}; make them equal`, this.name);
      }
    }
    if (opts.enable) this.checkCondition(opts.enable);
    if (opts.output) this.checkOpen(name, loc);
    this.claim(name, loc);
    const r = new Reg(shape, { kind: 'net', net: 'reg', name }, this, loc, resetValue, opts.enable);
    this.nets.set(name, r);
    this.regs.push(r);
    if (opts.output) {
      this.ports.push(r);
      this.outputRegs.add(r);
    }
    this.clock;
    if (resetValue) this.reset;
    return r;
  }

  /** A register loaded with `value` every (enabled) cycle, even inside a when: one pipeline stage. */
  delay(name: string, value: Sig, opts: RegOptions = {}): Reg {
    const r = this.reg(name, value.shape, opts);
    const loc = captureLoc();
    this.atRoot(() => this.assignFrom(r, value, loc));
    return r;
  }

  /** A constant of `shape` (it belongs to no module and can be used anywhere). */
  const(shape: Shape, v: number | bigint): Sig {
    return Sig.const(Bits.from(shape, v));
  }

  /** @internal Checks a condition is a uint(1) of this module. */
  checkCondition(c: Sig): void {
    const loc = captureLoc();
    if (c.width !== 1 || c.signed) {
      throw new DesignRuleError('width-mismatch', c.name ?? describe(c), formatLoc(loc), `condition ${describe(c)} at ${formatLoc(loc)} is ${c.shape.toString()}, expected uint(1); compare it (ne(0)) or reduce it (orR())`, this.name);
    }
    this.checkOwn(c, loc);
  }

  private checkOwn(v: Sig, loc: SourceLoc): void {
    if (v.owner !== null && v.owner !== this) {
      throw new DesignRuleError('bad-operand', v.name ?? describe(v), formatLoc(loc), `${describe(v)} of module '${v.owner.name}' used in module '${this.name}' at ${formatLoc(loc)}; pass it through an instance port`, this.name);
    }
  }

  /** @internal The enable combined with the enclosing when-conditions. */
  guarded(enable: Sig | null): Sig | null {
    if (!this.path) return enable;
    return enable ? this.path.and(enable) : this.path;
  }

  /**
   * Conditional assignments: `set()` calls inside `body` apply when `cond` (uint(1)) is 1.
   * Chain `.elsewhen(c, body)` and `.otherwise(body)` for priority logic. Assignments of
   * later chains take priority over earlier ones; a default `set()` outside goes first.
   */
  when(cond: Sig, body: () => void): WhenChain {
    const loc = captureLoc();
    const stmt: Extract<Stmt, { kind: 'if' }> = { kind: 'if', branches: [], loc };
    this.cur.stmts.push(stmt);
    const chain = new WhenChain(this, stmt, this.path);
    chain.addBranch(cond, body);
    return chain;
  }

  /**
   * A case statement for FSMs: the first arm whose value equals `sel` runs, else
   * `otherwise`. It is a when/elsewhen chain on `sel == value`, emitted as an if/else-if chain.
   */
  switch(sel: Sig, arms: ReadonlyArray<readonly [SigLike, () => void]>, otherwise?: () => void): void {
    const first = arms[0];
    if (!first) {
      if (otherwise) otherwise();
      return;
    }
    const chain = this.when(sel.eq(first[0]), first[1]);
    for (const [v, body] of arms.slice(1)) chain.elsewhen(sel.eq(v), body);
    if (otherwise) chain.otherwise(otherwise);
  }

  /** @internal Runs a when-branch body with `block` as the current block. */
  runIn(block: Block, path: Sig | null, body: () => void): void {
    const saved = this.cur;
    const savedPath = this.path;
    this.cur = block;
    this.path = path;
    try {
      body();
    } finally {
      this.cur = saved;
      this.path = savedPath;
    }
  }

  /** @internal Records target := value in the current block. */
  assignFrom(target: Assignable, value: Sig, loc: SourceLoc): void {
    const where = formatLoc(loc);
    if (target.owner !== this) {
      throw new DesignRuleError('bad-operand', target.name!, where, `'${target.name}' of module '${target.owner?.name}' is set in module '${this.name}' at ${where}`, this.name);
    }
    this.checkOwn(value, loc);
    if (!value.shape.equals(target.shape)) {
      throw new DesignRuleError('width-mismatch', target.name!, where, `width mismatch: '${target.name}' is ${target.shape.toString()} but is set to ${describe(value)} of ${value.shape.toString()} at ${where} in module '${this.name}'; resize() or asSigned()/asUnsigned() it explicitly`, this.name);
    }
    for (const s of this.cur.stmts) {
      if (s.kind === 'assign' && s.target === target) {
        throw new DesignRuleError('multiple-drivers', target.name!, where, `multiple drivers: '${target.name}' is set at ${formatLoc(s.loc)} and again at ${where} in the same branch of module '${this.name}'; use when/elsewhen/otherwise to choose one`, this.name);
      }
      if (s.kind === 'if' && blockAssigns(s, target)) {
        throw new DesignRuleError('multiple-drivers', target.name!, where, `multiple drivers: '${target.name}' is set at ${where} after a when-chain (at ${formatLoc(s.loc)}) that sets it, which would override it in module '${this.name}'; set the default before the when`, this.name);
      }
    }
    this.cur.stmts.push({ kind: 'assign', target, value, loc });
  }

  /** A RAM of `depth` words of `shape`, with synchronous read ports; add write ports with `write()`. */
  memory(name: string, p: { depth: number; shape: Shape; ramStyle?: 'huge' | 'block' | 'distributed'; noRwCheck?: boolean }): Memory {
    const loc = captureLoc();
    if (!Number.isInteger(p.depth) || p.depth < 2) {
      throw new DesignRuleError('bad-memory', name, formatLoc(loc), `memory '${name}' at ${formatLoc(loc)}: depth ${p.depth} must be an integer ≥ 2`, this.name);
    }
    this.claim(name, loc);
    const mem = new Memory(this, name, p.depth, p.shape, undefined, loc);
    mem.ramStyle = p.ramStyle;
    mem.noRwCheck = p.noRwCheck ?? false;
    this.memories.push(mem);
    return mem;
  }

  /** A ROM holding `contents` (one value per address, each must fit `shape`), with synchronous read ports. */
  rom(name: string, p: { shape: Shape; contents: ReadonlyArray<number | bigint> }): Memory {
    const loc = captureLoc();
    if (p.contents.length < 1) {
      throw new DesignRuleError('bad-memory', name, formatLoc(loc), `ROM '${name}' at ${formatLoc(loc)} has no contents; give at least one value`, this.name);
    }
    const words = p.contents.map((v, i) => {
      try {
        return Bits.from(p.shape, v);
      } catch (e) {
        throw new DesignRuleError('bad-memory', name, formatLoc(loc), `ROM '${name}' at ${formatLoc(loc)}: word ${i}: ${(e as Error).message}`, this.name);
      }
    });
    this.claim(name, loc);
    const mem = new Memory(this, name, Math.max(words.length, 2), p.shape, words, loc);
    this.memories.push(mem);
    return mem;
  }

  /**
   * An instance of `module` called `name`. `connections` gives every input (lanes for
   * vector ports); the clock and reset are connected to this module's own.
   */
  instance(name: string, module: ModuleBuilder, connections: Record<string, SigLike | Vec | readonly Sig[]>): Instance {
    const loc = captureLoc();
    const where = formatLoc(loc);
    if (module === this) {
      throw new DesignRuleError('bad-connection', name, where, `module '${this.name}' instantiates itself at ${where}`, this.name);
    }
    const inputs = new Map<string, Sig>();
    const childClock = module.clockIfAny;
    const childReset = module.resetIfAny;
    // The child's clock and reset follow the parent's unless the connections name them (a
    // reset generated inside the parent, e.g. a reset synchronizer, or a derived clock).
    const explicit = (port: Sig | undefined): Sig | undefined => {
      const c = port ? connections[port.name!] : undefined;
      if (c === undefined) return undefined;
      if (!(c instanceof Sig) || !c.shape.equals(bit())) {
        throw new DesignRuleError('width-mismatch', `${name}.${port!.name}`, where, `'${name}.${port!.name}' of instance '${name}' at ${where} must be connected to a uint(1) signal`, this.name);
      }
      this.checkOwn(c, loc);
      return c;
    };
    const clockIn = explicit(childClock);
    const resetIn = explicit(childReset);
    if (childClock) inputs.set(childClock.name!, clockIn ?? this.clock);
    if (childReset) inputs.set(childReset.name!, resetIn ?? this.reset);
    const known = new Set<string>();
    for (const p of module.ports) {
      known.add(p.name!);
      if (p.node.kind !== 'net' || p.node.net !== 'input') continue;
      const c = connections[p.name!];
      if (c === undefined) {
        throw new DesignRuleError('bad-connection', `${name}.${p.name}`, where, `input '${name}.${p.name}' (${p.shape.toString()}) of instance '${name}' of '${module.name}' at ${where} is unconnected; connect it`, this.name);
      }
      let v: Sig;
      if (c instanceof Vec) v = c.flat; // a Vec's flat vector holds exactly its lanes
      else if (Array.isArray(c)) v = catLanes(c as readonly Sig[]);
      else if (c instanceof Sig) v = c;
      else v = Sig.const(c instanceof Bits ? c : Bits.from(p.shape, c as number | bigint), loc);
      this.checkOwn(v, loc);
      if (!v.shape.equals(p.shape)) {
        throw new DesignRuleError('width-mismatch', `${name}.${p.name}`, where, `width mismatch: input '${name}.${p.name}' of instance '${name}' (${module.name}) is ${p.shape.toString()} but is connected to ${describe(v)} of ${v.shape.toString()} at ${where}; resize it explicitly`, this.name);
      }
      inputs.set(p.name!, v);
    }
    for (const k of Object.keys(connections)) {
      if ((clockIn && k === childClock!.name) || (resetIn && k === childReset!.name)) continue;
      const p = module.ports.find((x) => x.name === k);
      if (!p || p.node.kind !== 'net' || p.node.net !== 'input') {
        throw new DesignRuleError('bad-connection', `${name}.${k}`, where, `'${name}.${k}' at ${where}: module '${module.name}' has no input '${k}'${known.has(k) ? ' (it is an output; read it with out())' : ''}`, this.name);
      }
    }
    this.claim(name, loc);
    module.seal(loc);
    const inst = new Instance(this, name, module, inputs, loc);
    for (const p of module.ports) {
      if (module.isOutput(p)) {
        inst.outputs.set(p.name!, this.makeNet(`${name}_${p.name}`, p.shape, 'instOut', loc));
      }
    }
    this.instances.push(inst);
    return inst;
  }
}

/** Whether a statement (recursively) assigns `target`. */
export function blockAssigns(s: Stmt, target: Assignable): boolean {
  if (s.kind === 'assign') return s.target === target;
  return s.branches.some((b) => b.body.stmts.some((x) => blockAssigns(x, target)));
}
