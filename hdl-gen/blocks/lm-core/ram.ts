/**
 * On-chip memories of the LM core as modules of their own: one write port, `reads`
 * synchronous read ports (the read data is valid the cycle after the address; a read of the
 * address being written returns the old word). Each is a plain array with registered reads, the
 * form Yosys maps to block RAM (iCE40 SB_RAM40_4K, Xilinx RAMB18/36) when it is large enough.
 *
 * `RamPort` is the parent's side: write and read ports are declared where the logic needs them
 * (write() may sit inside a when-condition), and finish() instantiates the memory module.
 */
import { ModuleBuilder } from '../../core/module-builder.ts';
import { type Shape, bit, clog2, uint } from '../../core/shape.ts';
import type { Assignable, Sig } from '../../core/signal.ts';

export interface RamSpec {
  depth: number;
  shape: Shape;
  reads: number;
}

export function ramName(s: RamSpec): string {
  return `ram_${s.depth}x${s.shape.width}${s.shape.signed ? 's' : 'u'}_r${s.reads}`;
}

export function syncRam(s: RamSpec): ModuleBuilder {
  if (!Number.isInteger(s.depth) || s.depth < 2) throw new RangeError(`RAM: depth ${s.depth} must be an integer ≥ 2`);
  if (!Number.isInteger(s.reads) || s.reads < 1) throw new RangeError(`RAM: ${s.reads} read ports; at least one`);
  const m = new ModuleBuilder(ramName(s));
  const mem = m.memory('mem', { depth: s.depth, shape: s.shape });
  const we = m.input('we', bit());
  const waddr = m.input('waddr', mem.addrShape);
  const wdata = m.input('wdata', s.shape);
  mem.write(waddr, wdata, we);
  for (let r = 0; r < s.reads; r++) {
    const addr = m.input(`raddr${r}`, mem.addrShape);
    m.output(`rdata${r}`, mem.read(addr, { name: `rd${r}` }));
  }
  return m;
}

/** Modules of one generated design, shared by name (two memories of one shape are one module). */
export class ModuleCache {
  private readonly mods = new Map<string, ModuleBuilder>();
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
  private written = false;

  constructor(
    private readonly m: ModuleBuilder,
    readonly name: string,
    depth: number,
    readonly shape: Shape,
  ) {
    this.depth = Math.max(2, depth);
    this.addrShape = uint(Math.max(1, clog2(this.depth)));
    this.we = m.wire(`${name}_we`, bit());
    this.waddr = m.wire(`${name}_waddr`, this.addrShape);
    this.wdata = m.wire(`${name}_wdata`, shape);
    this.we.set(0);
    this.waddr.set(0);
    this.wdata.set(0);
  }

  /** `v` resized to this memory's address width. */
  addr(v: Sig): Sig {
    return v.resize(this.addrShape.width);
  }

  /** The memory's only write port: word `addr` becomes `data` when `enable` (and the enclosing when-conditions) hold. */
  write(addr: Sig, data: Sig, enable?: Sig): void {
    if (this.written) throw new Error(`RAM ${this.name}: one write port only`);
    this.written = true;
    const body = (): void => {
      this.we.set(1);
      this.waddr.set(this.addr(addr));
      this.wdata.set(data);
    };
    if (enable) this.m.when(enable, body);
    else body();
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
    const spec = { depth: this.depth, shape: this.shape, reads: this.reads.length };
    const mod = cache.get(ramName(spec), () => syncRam(spec));
    const conn: Record<string, Sig> = { we: this.we, waddr: this.waddr, wdata: this.wdata };
    this.reads.forEach((r, i) => (conn[`raddr${i}`] = r.addr));
    const inst = this.m.instance(this.name, mod, conn);
    this.reads.forEach((r, i) => r.data.set(inst.out(`rdata${i}`)));
  }
}
