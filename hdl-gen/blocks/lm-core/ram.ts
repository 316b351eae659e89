/**
 * On-chip memories of the LM core as modules of their own: one write port, `reads`
 * synchronous read ports (the read data is valid the cycle after the address). Each is a plain
 * array with registered reads, the form Yosys maps to block RAM (iCE40 SB_RAM40_4K, Xilinx
 * RAMB18/36) when it is large enough.
 *
 * The core never uses a word read from an address in the cycle that address is written, so the
 * arrays carry the `no_rw_check` attribute: synthesis builds no read-during-write logic (without
 * it Yosys gives every iCE40 read port a register of the write data, the write address and a
 * comparator, about 1,000 flip-flops and 1,200 LUT4 over the up5k core). What a read returns in
 * that cycle is then undefined on the device; the verification build (`collisionCheck`, the
 * debug build of the core) returns the inverted old word instead, so that any use of such a read
 * shows up as a mismatch against the integer spec in simulation.
 *
 * A two-address RAM may have a write mask (`slices`): the word is `slices` equal parts (the q
 * RAM: one byte per lane), `we` has a bit per part and a write changes only the parts whose bit
 * is set. The module writes each part with its own part write of one address (`mem[a][hi:lo]`),
 * which Yosys merges into one write port with a bit mask: iCE40 SB_RAM40_4K in 512 × 8 mode per
 * byte column (or 256 × 16 with MASK), Xilinx block RAM byte write enables.
 *
 * `RamPort` is the parent's side: write and read ports are declared where the logic needs them
 * (write() may sit inside a when-condition), and finish() instantiates the memory module.
 */
import { ModuleBuilder } from '../../core/module-builder.ts';
import { type Shape, bit, clog2, uint } from '../../core/shape.ts';
import { type Assignable, type Sig, cat, catLanes, constant } from '../../core/signal.ts';

export interface RamSpec {
  depth: number;
  shape: Shape;
  reads: number;
  /**
   * One address for reads and writes (`addr`, no `waddr`/`raddr0`): the single-port form that
   * Yosys maps to iCE40 UP5K SPRAM (SB_SPRAM256KA, `synth_ice40 -spram`, through the array's
   * `ram_style = "huge"` attribute, see `huge`) and to block RAM otherwise. The parent writes and reads it in different cycles (parameters: written at boot,
   * read afterwards).
   */
  singlePort?: boolean;
  /** Single-port only: mark the array ram_style "huge" (iCE40 SB_SPRAM256KA; Yosys maps it even without -spram, so only for devices that have SPRAM). */
  huge?: boolean;
  /**
   * Two-address form only: a read of the address being written in the same cycle returns the
   * bitwise inverse of the old word (a `_chk` module), so that simulation exposes any use of
   * the undefined read-during-write data (see the file comment).
   */
  collisionCheck?: boolean;
  /** Two-address form only: write-mask parts of the word (default 1, no mask); see the file comment. */
  slices?: number;
  /**
   * Two-address form only: mark the array ram_style "block", so that synthesis maps it to block
   * RAM even where its own cost estimate would pick LUT RAM (Xilinx: a wide, shallow array
   * such as the q RAM, 8 bits a lane and a few dozen words deep, otherwise becomes LUT RAM).
   */
  block?: boolean;
}

export function ramName(s: RamSpec): string {
  const dims = `${s.depth}x${s.shape.width}${s.shape.signed ? 's' : 'u'}`;
  if (s.singlePort) return s.huge ? `spram_${dims}` : `ram1p_${dims}`;
  const mask = (s.slices ?? 1) > 1 ? `_m${s.slices}` : '';
  return `ram_${dims}_r${s.reads}${mask}${s.block ? '_blk' : ''}${s.collisionCheck ? '_chk' : ''}`;
}

export function syncRam(s: RamSpec): ModuleBuilder {
  if (!Number.isInteger(s.depth) || s.depth < 2) throw new RangeError(`RAM: depth ${s.depth} must be an integer ≥ 2`);
  if (!Number.isInteger(s.reads) || s.reads < 1) throw new RangeError(`RAM: ${s.reads} read ports; at least one`);
  const slices = s.slices ?? 1;
  if (!Number.isInteger(slices) || slices < 1 || s.shape.width % slices !== 0) throw new RangeError(`RAM: a ${s.shape.width}-bit word does not split into ${slices} equal write-mask parts`);
  const m = new ModuleBuilder(ramName(s));
  if (s.singlePort) {
    if (slices !== 1) throw new RangeError('single-port RAM: no write mask');
    if (s.reads !== 1) throw new RangeError(`single-port RAM: ${s.reads} read ports; it has one`);
    // No read in a write cycle (the SPRAM's port does one or the other); `huge` arrays are
    // marked ram_style "huge", which Yosys maps to SB_SPRAM256KA (16K × 16).
    const mem = m.memory('mem', { depth: s.depth, shape: s.shape, noRwCheck: true, ...(s.huge ? { ramStyle: 'huge' as const } : {}) });
    const we = m.input('we', bit());
    const addr = m.input('addr', mem.addrShape);
    const wdata = m.input('wdata', s.shape);
    mem.write(addr, wdata, we);
    m.output('rdata0', mem.read(addr, { enable: we.not(), name: 'rd0' }));
    return m;
  }
  const mem = m.memory('mem', { depth: s.depth, shape: s.shape, noRwCheck: true, ...(s.block ? { ramStyle: 'block' as const } : {}) });
  const we = m.input('we', uint(slices));
  const waddr = m.input('waddr', mem.addrShape);
  const wdata = m.input('wdata', s.shape);
  const pw = s.shape.width / slices;
  if (slices === 1) mem.write(waddr, wdata, we);
  else for (let i = 0; i < slices; i++) mem.write(waddr, wdata.asUnsigned().slice(pw * i + pw - 1, pw * i), we.bit(i), { lsb: pw * i });
  for (let r = 0; r < s.reads; r++) {
    const addr = m.input(`raddr${r}`, mem.addrShape);
    const rd = mem.read(addr, { name: `rd${r}` });
    if (s.collisionCheck) {
      const hit = m.reg(`hit${r}`, bit());
      hit.set((slices === 1 ? we : we.ne(0)).and(waddr.eq(addr)));
      m.output(`rdata${r}`, hit.mux(rd.not(), rd));
    } else m.output(`rdata${r}`, rd);
  }
  return m;
}

/** Modules of one generated design, shared by name (two memories of one shape are one module). */
export class ModuleCache {
  private readonly mods = new Map<string, ModuleBuilder>();
  /** Two-address RAMs made through this cache are the collision-checking form (RamSpec.collisionCheck). */
  constructor(readonly collisionCheck = false) {}
  get(name: string, make: () => ModuleBuilder): ModuleBuilder {
    let m = this.mods.get(name);
    if (!m) {
      m = make();
      this.mods.set(name, m);
    }
    return m;
  }
}

export class RamPort {
  readonly depth: number;
  readonly addrShape: Shape;
  private readonly we: Assignable;
  private readonly waddr: Assignable;
  private readonly wdata: Assignable;
  private readonly reads: { addr: Sig; data: Assignable }[] = [];
  /** The write: its address, data and enable (with the when-conditions it was declared under). */
  private wr: { addr: Sig; data: Sig; enable: Sig | null } | undefined;

  constructor(
    private readonly m: ModuleBuilder,
    readonly name: string,
    depth: number,
    readonly shape: Shape,
    /** One address for the write and the (only) read port: see RamSpec.singlePort. */
    readonly singlePort = false,
    /** See RamSpec.huge. */
    readonly huge = false,
    /** Write-mask parts of the word (see RamSpec.slices): write() then takes a mask of this many bits as its enable. */
    readonly slices = 1,
    /** See RamSpec.block. */
    readonly block = false,
  ) {
    this.depth = Math.max(2, depth);
    this.addrShape = uint(Math.max(1, clog2(this.depth)));
    this.we = m.wire(`${name}_we`, uint(slices));
    this.waddr = m.wire(`${name}_waddr`, this.addrShape);
    this.wdata = m.wire(`${name}_wdata`, shape);
  }

  /** `v` resized to this memory's address width. */
  addr(v: Sig): Sig {
    return v.resize(this.addrShape.width);
  }

  /**
   * The memory's only write port: word `addr` becomes `data` when `enable` (and the enclosing
   * when-conditions) hold. With a write mask (`slices` > 1), `enable` is the mask: the parts
   * whose bit is set are written; call it outside any when-condition.
   */
  write(addr: Sig, data: Sig, enable?: Sig): void {
    if (this.wr) throw new Error(`RAM ${this.name}: one write port only`);
    if (this.slices > 1) {
      if (!enable || enable.width !== this.slices) throw new RangeError(`RAM ${this.name}: a write mask of ${this.slices} bits`);
      this.wr = { addr: this.addr(addr), data, enable };
      return;
    }
    this.wr = { addr: this.addr(addr), data, enable: this.m.guarded(enable ?? null) };
  }

  /**
   * Drives the write port (at the top level): address and data follow the write's sources in
   * every cycle, with no mux to a default; only the enable decides whether the word is written.
   */
  private driveWrite(): void {
    const w = this.wr;
    this.waddr.set(w ? w.addr : constant(this.addrShape, 0));
    this.wdata.set(w ? w.data : constant(this.shape, 0));
    this.we.set(w ? (w.enable ?? constant(uint(this.slices), 2 ** this.slices - 1)) : constant(uint(this.slices), 0));
  }

  /** A read port: the word at `addr`, one cycle later. */
  read(addr: Sig, name: string): Sig {
    const a = this.m.let(`${name}_addr`, this.addr(addr));
    const data = this.m.wire(name, this.shape);
    this.reads.push({ addr: a, data });
    return data;
  }

  /** Instantiates the memory (call once, at the top level of the parent, after all ports are declared). */
  finish(cache: ModuleCache): void {
    this.driveWrite();
    const spec = { depth: this.depth, shape: this.shape, reads: this.reads.length, singlePort: this.singlePort, huge: this.singlePort && this.huge, collisionCheck: !this.singlePort && cache.collisionCheck, slices: this.slices, block: !this.singlePort && this.block };
    const mod = cache.get(ramName(spec), () => syncRam(spec));
    const conn: Record<string, Sig> = { we: this.we, wdata: this.wdata };
    if (this.singlePort) conn.addr = this.m.let(`${this.name}_addr`, this.we.mux(this.waddr, this.reads[0]!.addr));
    else {
      conn.waddr = this.waddr;
      this.reads.forEach((r, i) => (conn[`raddr${i}`] = r.addr));
    }
    const inst = this.m.instance(this.name, mod, conn);
    this.reads.forEach((r, i) => r.data.set(inst.out(`rdata${i}`)));
  }
}

/** Lanes (bytes) in one bank of a lane-banked RAM (`LaneBankedRam`): 64-bit words. */
export const LANE_BANK = 8;

/**
 * A RAM of one byte per lane with a write mask of one bit per byte (the q RAM), as banks of at
 * most LANE_BANK lanes, each its own memory module with the same address: what synthesis maps is
 * a few narrow arrays (one block RAM or two each) instead of one array of hundreds of byte
 * columns, and a core of 8 lanes or fewer has the one array it always had. Same interface as
 * RamPort's masked form: write() takes the mask as its enable, read() returns the whole word.
 */
export class LaneBankedRam {
  private readonly banks: { port: RamPort; lo: number; lanes: number }[] = [];

  constructor(
    m: ModuleBuilder,
    readonly name: string,
    depth: number,
    readonly lanes: number,
    bankLanes = LANE_BANK,
  ) {
    const n = Math.ceil(lanes / bankLanes);
    for (let b = 0; b < n; b++) {
      const w = Math.min(bankLanes, lanes - b * bankLanes);
      this.banks.push({ port: new RamPort(m, n === 1 ? name : `${name}_b${b}`, depth, uint(8 * w), false, false, w, true), lo: b * bankLanes, lanes: w });
    }
  }

  /** The write port: bytes whose `mask` bit is set take `data`'s byte at `addr`. */
  write(addr: Sig, data: Sig, mask: Sig): void {
    for (const { port, lo, lanes } of this.banks) port.write(addr, data.slice(8 * (lo + lanes) - 1, 8 * lo), mask.slice(lo + lanes - 1, lo));
  }

  /** A read port: the word at `addr` (lane 0 in the low byte), one cycle later. */
  read(addr: Sig, name: string): Sig {
    const words = this.banks.map((b, i) => b.port.read(addr, this.banks.length === 1 ? name : `${name}_b${i}`));
    return words.length === 1 ? words[0]! : cat(...words.reverse());
  }

  finish(cache: ModuleCache): void {
    for (const b of this.banks) b.port.finish(cache);
  }
}

/**
 * The q RAM of an addressed accumulator array's `a` lanes (accumulator.ts, ArrayStyle
 * 'addressed'): one memory per lane that holds each activation x and its complement ~x side by
 * side, written as one 16-bit word ({~x, x}, one write) and read a byte at a time, the byte
 * chosen by the lowest read address bit (`sel`: 1 reads ~x). Yosys maps each to one iCE40
 * SB_RAM40_4K in 256 × 16 write and 512 × 8 read mode, so that the choice of x or ~x is the block
 * RAM's own address decoding, not logic. The write data {~x, x} is made once by the parent and
 * shared by every lane (the serial pass writes one byte to all lanes under a mask).
 */
export class ComplementRams {
  readonly depth: number;
  readonly addrShape: Shape;
  private readonly lanes: { we: Assignable; rsel: Assignable; rdata: Assignable }[];
  private waddr: Sig | undefined;
  private wdata: Sig | undefined;
  private raddr: Sig | undefined;

  constructor(
    private readonly m: ModuleBuilder,
    readonly name: string,
    depth: number,
    count: number,
  ) {
    this.depth = Math.max(2, depth);
    this.addrShape = uint(Math.max(1, clog2(this.depth)));
    this.lanes = Array.from({ length: count }, (_, i) => ({
      we: m.wire(`${name}${i}_we`, bit()),
      rsel: m.wire(`${name}${i}_sel`, bit()),
      rdata: m.wire(`${name}${i}_rd`, uint(8)),
    }));
  }

  /** The write port: lane i's word `addr` becomes {~x, x} (`pair`, 16 bits) where `mask` bit i is set. */
  write(addr: Sig, pair: Sig, mask: Sig): void {
    if (pair.width !== 16 || mask.width !== this.lanes.length) throw new RangeError(`RAM ${this.name}: {~x, x} of 16 bits and a mask of ${this.lanes.length} bits`);
    this.waddr = addr.resize(this.addrShape.width);
    this.wdata = pair;
    this.lanes.forEach((l, i) => l.we.set(mask.bit(i)));
  }

  /** The read port: lane i's x (sel bit i clear) or ~x (set) at `addr`, one cycle later; lane 0 in the low byte. */
  read(addr: Sig, sel: Sig): Sig {
    if (sel.width !== this.lanes.length) throw new RangeError(`RAM ${this.name}: a select of ${this.lanes.length} bits`);
    this.raddr = this.m.let(`${this.name}_raddr`, addr.resize(this.addrShape.width));
    this.lanes.forEach((l, i) => l.rsel.set(sel.bit(i)));
    return catLanes(this.lanes.map((l) => l.rdata));
  }

  finish(cache: ModuleCache): void {
    if (!this.waddr || !this.wdata || !this.raddr) throw new Error(`RAM ${this.name}: a write and a read port are needed`);
    const mod = cache.get(complementRamName(this.depth, cache.collisionCheck), () => complementRam(this.depth, cache.collisionCheck));
    this.lanes.forEach((l, i) => {
      const inst = this.m.instance(`${this.name}${i}`, mod, { we: l.we, waddr: this.waddr!, wdata: this.wdata!, raddr: this.raddr!, sel: l.rsel });
      l.rdata.set(inst.out('rdata'));
    });
  }
}

function complementRamName(depth: number, collisionCheck: boolean): string {
  return `ram_${depth}x8_cpl${collisionCheck ? '_chk' : ''}`;
}

/** One lane's complement RAM (see ComplementRams): 2·depth bytes, x at 2a, ~x at 2a + 1. */
function complementRam(depth: number, collisionCheck: boolean): ModuleBuilder {
  const m = new ModuleBuilder(complementRamName(depth, collisionCheck));
  const mem = m.memory('mem', { depth: 2 * depth, shape: uint(8), noRwCheck: true, ramStyle: 'block' });
  const aw = mem.addrShape.width - 1;
  const we = m.input('we', bit());
  const waddr = m.input('waddr', uint(aw));
  const wdata = m.input('wdata', uint(16));
  const raddr = m.input('raddr', uint(aw));
  const sel = m.input('sel', bit());
  mem.write(cat(waddr, constant(bit(), 0)), wdata.slice(7, 0), we);
  mem.write(cat(waddr, constant(bit(), 1)), wdata.slice(15, 8), we);
  const rd = mem.read(cat(raddr, sel), { name: 'rd' });
  if (collisionCheck) {
    // As syncRam's check: a read of the word being written returns the inverted old byte.
    const hit = m.reg('hit', bit());
    hit.set(we.and(waddr.eq(raddr)));
    m.output('rdata', hit.mux(rd.not(), rd));
  } else m.output('rdata', rd);
  return m;
}
