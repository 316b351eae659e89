/**
 * Place and route of one unit of the LM core (or of several, wired as in the core) on an
 * iCE40, for the unit's Fmax and critical path while the whole core does not fit the device.
 *
 * A single unit (`post`, `pass`, `scalar`, `mul`, `acc_array`, `fetcher`) is placed alone
 * inside the flow's pin wrapper with registered ports (`fpgaPinWrapper`, `registerPorts`):
 * every input of the unit comes from a flip-flop, every output goes to one, so the paths
 * nextpnr measures are the unit's own, from register to register, and a path that starts or
 * ends at a port of the unit counts from or to that port's wrapper register (in the core, a
 * register, RAM or other unit lies there instead).
 *
 * `core`, or several units together, places the core's top module (the sequencer, its RAMs
 * and the wiring between the units, e.g. the operand select in front of the shared
 * multiplier) with the named units in it and every other unit replaced by a stand-in
 * (`unitStandIn`): a module with the unit's name and ports that only registers its inputs and
 * drives its outputs from registers, so that the core's logic around it stays and costs little.
 *
 * nextpnr-ice40 times the ports of an SB_MAC16 as registered ports (0.1 ns setup, 0.1 ns
 * clock-to-out) even when the DSP is combinational, and clocks such a DSP by its tied-off clock
 * pin (`$PACKER_GND_NET`): a path through a combinational multiplier is split into two
 * cross-domain paths (clock -> DSP input, DSP output -> clock) that the Fmax of the clock leaves
 * out. `dspSplit` finds the two halves in nextpnr's report; their sum plus the DSP's own
 * combinational delay (not in nextpnr's timing data) is the path the clock must cover.
 */
import { readFileSync } from 'node:fs';
import { emitDesign, ModuleBuilder, cat, sint, uint, type EmittedDesign, type PortSpec, type Sig } from '../hdl-gen/index.ts';
import type { CriticalPath, PathStep } from './fpga-flow.ts';
import { FpgaFlowError } from './fpga-flow.ts';

/** Units of the core by the name `--unit` takes, and the core's instance name of each. */
export const CORE_UNITS: Record<string, string> = {
  fetcher: 'fetcher',
  pass: 'pass',
  scalar: 'scalar',
  acc_array: 'acc_array',
  post: 'post',
  mul: 'multiplier',
};
export const UNIT_NAMES = ['core', ...Object.keys(CORE_UNITS)] as const;

export interface UnitDesign {
  design: EmittedDesign;
  /** What is placed, in words. */
  label: string;
  /** Modules of the core replaced by stand-ins (none for a single unit). */
  standIns: string[];
}

function portSpecs(m: ModuleBuilder): PortSpec[] {
  return m.ports.map((p) => ({ name: p.name!, dir: m.isOutput(p) ? 'output' : 'input', width: p.shape.width, signed: p.shape.signed }));
}

/**
 * A stand-in for module `m`: the same name and ports. With a clock, a ring register as wide as
 * the wider of its inputs and outputs takes, each cycle, its rotated self XOR the inputs, and
 * drives the outputs: every input bit reaches a flip-flop through one LUT, every output bit is a
 * flip-flop. Without a clock (a combinational unit), each output bit is the XOR of the input
 * bits that fold onto it.
 */
export function unitStandIn(m: ModuleBuilder): ModuleBuilder {
  const clock = m.clockIfAny;
  const reset = m.resetIfAny;
  const s = new ModuleBuilder(m.name, { clock: clock?.name ?? 'clk', reset: reset?.name ?? 'rst' });
  const ports = portSpecs(m);
  const ins = ports.filter((p) => p.dir === 'input').map((p) => s.input(p.name, p.signed ? sint(p.width) : uint(p.width)) as Sig);
  const outs = ports.filter((p) => p.dir === 'output');
  const inBits = ins.reduce((a, p) => a + p.shape.width, 0);
  const outBits = outs.reduce((a, p) => a + p.width, 0);
  const flatIn = ins.length === 0 ? undefined : cat(...ins.map((x) => x.asUnsigned()).reverse());
  let source: Sig;
  if (clock !== undefined) {
    if (reset !== undefined) void s.reset;
    const w = Math.max(inBits, outBits, 2);
    const ring = s.reg('ring', uint(w), reset !== undefined ? { reset: 0 } : {});
    const rotated = cat(ring.slice(w - 2, 0), ring.bit(w - 1));
    ring.set(flatIn === undefined ? rotated : rotated.xor(flatIn.resize(w)));
    source = ring;
  } else {
    if (flatIn === undefined || outBits === 0) throw new FpgaFlowError('bad-option', `${m.name}: a combinational module without inputs or outputs has no stand-in`);
    const bits: Sig[] = [];
    for (let i = 0; i < outBits; i++) {
      let b: Sig | undefined;
      for (let k = i % inBits; k < inBits; k += outBits) b = b === undefined ? flatIn.bit(k) : b.xor(flatIn.bit(k));
      bits.push(b ?? flatIn.bit(i % inBits));
    }
    source = bits.length === 1 ? bits[0]! : cat(...bits.reverse());
  }
  let at = 0;
  for (const p of outs) {
    const field = source.slice(at + p.width - 1, at);
    s.output(p.name, p.signed ? field.asSigned() : field);
    at += p.width;
  }
  return s;
}

/**
 * The design that `units` names in the core `top`: one unit alone, or the core's top module
 * with the named units and stand-ins for the others (see the file comment).
 */
export function unitDesign(top: ModuleBuilder, units: readonly string[]): UnitDesign {
  if (units.length === 0) throw new FpgaFlowError('bad-option', `no unit given: use ${UNIT_NAMES.join(', ')}, or several separated by commas`);
  for (const u of units) {
    if (!(UNIT_NAMES as readonly string[]).includes(u)) throw new FpgaFlowError('bad-option', `unit ${u}: use ${UNIT_NAMES.join(', ')}, or several separated by commas`);
  }
  const instOf = (u: string): ModuleBuilder => {
    const i = top.instances.find((x) => x.name === CORE_UNITS[u]);
    if (!i) throw new FpgaFlowError('bad-option', `unit ${u}: ${top.name} has no instance '${CORE_UNITS[u]}' in this configuration`);
    return i.module;
  };
  if (units.length === 1 && units[0] !== 'core') {
    const m = instOf(units[0]!);
    return { design: emitDesign(m), label: `${m.name} alone`, standIns: [] };
  }
  const kept = new Set(units.filter((u) => u !== 'core').map((u) => instOf(u).name));
  const replaced = new Map<string, ModuleBuilder>();
  for (const i of top.instances) {
    const isUnit = Object.values(CORE_UNITS).includes(i.name);
    if (isUnit && !kept.has(i.module.name) && !replaced.has(i.module.name)) replaced.set(i.module.name, unitStandIn(i.module));
  }
  // The modules still used: reachable from the top without entering a replaced unit.
  const used = new Set<string>();
  const walk = (m: ModuleBuilder): void => {
    if (used.has(m.name)) return;
    used.add(m.name);
    if (replaced.has(m.name)) return;
    for (const i of m.instances) walk(i.module);
  };
  walk(top);
  const full = emitDesign(top);
  const modules = full.modules
    .filter((x) => used.has(x.name))
    .map((x) => {
      const s = replaced.get(x.name);
      if (!s) return x;
      const e = emitDesign(s).modules.find((y) => y.name === x.name)!;
      return e;
    });
  // Module names relative to the core's (`core_post` for `<top>_post`).
  const short = (n: string): string => (n.startsWith(top.name) ? `core${n.slice(top.name.length)}` : n);
  const names = [...kept].map(short).join(' + ');
  return {
    design: { ...full, modules },
    label: `core top logic (${top.name})${names ? ` + ${names}` : ''}; stand-ins for ${[...replaced.keys()].map(short).join(', ') || 'none'}`,
    standIns: [...replaced.keys()],
  };
}

// ---------------------------------------------------------------------------------------------
// Names on a path

/** What a Yosys JSON netlist (`write_json`) of a flat design tells about names. */
export interface NetlistNames {
  /** A readable name for nextpnr's net name (a public alias of the same bit, when there is one). */
  net(name: string): string;
  /** The register (flip-flop output) a placed cell holds or feeds, when there is one. */
  register(cell: string): string | undefined;
}

type JsonModule = {
  netnames?: Record<string, { bits: (number | string)[]; hide_name?: number; attributes?: Record<string, string> }>;
  cells?: Record<string, { type: string; connections: Record<string, (number | string)[]> }>;
};

/**
 * The signal a Verilog statement at `line` (1-based) assigns: the left-hand side of the
 * `assign` or procedural assignment that starts there or above it (statements span lines).
 */
export function assignedAt(verilog: readonly string[], line: number): string | undefined {
  for (let k = line - 1; k >= 0 && k >= line - 40; k--) {
    const m = /^\s*(?:assign\s+)?([A-Za-z_][\w$]*)(?:\[[^\]]*\])?\s*<?=(?!=)/.exec(verilog[k] ?? '');
    if (m) return m[1];
  }
  return undefined;
}

/**
 * Reads the names of the top module `top` of a Yosys JSON netlist. A net without a public
 * name is named, when its source attribute points into `verilog` (the design's text), after
 * the signal the statement there assigns (`~name@line`: logic of that statement).
 */
export function netlistNames(jsonText: string, top: string, verilog?: string): NetlistNames {
  const lines = verilog?.split('\n');
  const j = JSON.parse(jsonText) as { modules?: Record<string, JsonModule> };
  const mod = j.modules?.[top];
  if (!mod) throw new FpgaFlowError('tool-failed', `netlist: module ${top} is not in it`);
  const netnames = mod.netnames ?? {};
  const publicOf = new Map<number | string, string>();
  const bitOf = new Map<string, number | string>();
  const srcOf = new Map<string, string>();
  for (const [name, n] of Object.entries(netnames)) {
    const src = /(?:^|\|)design\.v:(\d+)/.exec(n.attributes?.src ?? '');
    const lhs = src && lines ? assignedAt(lines, Number(src[1])) : undefined;
    const scope = name.replace(/\$flatten\\?/g, '').replace(/\\/g, '').replace(/\.?\$.*$/, '');
    n.bits.forEach((b, i) => {
      const full = n.bits.length === 1 ? name : `${name}[${i}]`;
      bitOf.set(full, b);
      if (lhs !== undefined) srcOf.set(full, `${scope ? `${scope}.` : ''}~${lhs}@${src![1]}`);
      if (typeof b !== 'number') return;
      const hidden = n.hide_name === 1 || name.startsWith('$');
      const cur = publicOf.get(b);
      if (!hidden && (cur === undefined || full.length < cur.length)) publicOf.set(b, full);
    });
  }
  const ffByD = new Map<number | string, string>();
  const cells = mod.cells ?? {};
  for (const [name, c] of Object.entries(cells)) {
    if (/^SB_DFF/.test(c.type) && c.connections.D) ffByD.set(c.connections.D[0]!, name);
  }
  const nameOfBit = (b: number | string | undefined): string | undefined => (b === undefined ? undefined : publicOf.get(b));
  const qName = (ff: string): string | undefined => {
    const q = cells[ff]?.connections.Q?.[0];
    return nameOfBit(q) ?? (q !== undefined ? Object.entries(netnames).find(([, n]) => n.bits.includes(q))?.[0] : undefined);
  };
  return {
    net: (name) => nameOfBit(bitOf.get(name)) ?? srcOf.get(name) ?? name,
    register: (cell) => {
      const base = cell.replace(/_(DFFLC|LC|DSP|RAM|SPRAM)$/, '');
      const c = cells[base];
      if (!c) return undefined;
      if (/^SB_DFF/.test(c.type)) return qName(base);
      if (c.type === 'SB_LUT4' && c.connections.O) {
        const ff = ffByD.get(c.connections.O[0]!);
        return ff ? qName(ff) : undefined;
      }
      return undefined;
    },
  };
}

/** Yosys' flattening and mapping decorations taken off a name (hierarchy dots stay). */
export function cleanName(name: string): string {
  return name
    .replace(/\$flatten\\?/g, '')
    .replace(/\$techmap\d+/g, '')
    .replace(/\\/g, '')
    .replace(/(\.genblk\d+)+/g, '')
    .replace(/^\./, '');
}

/** The kind of cell nextpnr's placed name stands for. */
function cellKind(cell: string): string {
  if (/_DSP$/.test(cell)) return 'SB_MAC16';
  if (/_RAM$/.test(cell)) return 'EBR';
  if (/SPRAM/.test(cell)) return 'SPRAM';
  if (/\$sb_io$/.test(cell)) return 'pin';
  return 'logic cell';
}

export interface PathSummary {
  fromClock: string;
  toClock: string;
  /** Start: the register (or RAM, DSP, pin) the path leaves, and how it was named. */
  from: string;
  to: string;
  delayNs: number;
  logicNs: number;
  routingNs: number;
  /** LUT levels (logic steps through a LUT input to O) and carry-chain bits on the path. */
  lutLevels: number;
  carryBits: number;
  /** The nets along the path, readable, a carry chain as one entry. */
  through: string[];
}

/** A readable summary of a nextpnr path (register names resolved through `names` when given). */
export function summarizePath(p: CriticalPath, names?: NetlistNames): PathSummary {
  const endName = (cell: string, port: string, side: 'from' | 'to'): string => {
    const kind = cellKind(cell);
    if (kind === 'logic cell') {
      const reg = names?.register(cell);
      if (reg) return cleanName(reg);
      if (side === 'from') {
        const first = p.detail.find((s) => s.type === 'routing');
        if (first?.net) return `${cleanName(names ? names.net(first.net) : first.net)} (driver ${cleanName(cell)}.${port})`;
      }
      return `${cleanName(cell)}.${port}`;
    }
    return `${kind} ${cleanName(cell.replace(/_(DSP|RAM)$/, ''))}.${port}`;
  };
  const through: string[] = [];
  let lutLevels = 0;
  let carryBits = 0;
  let chain = 0;
  let chainNs = 0;
  let anon = 0;
  const flushAnon = (): void => {
    if (anon > 0) through.push(`(${anon} unnamed net${anon === 1 ? '' : 's'})`);
    anon = 0;
  };
  const flush = (): void => {
    if (chain > 0) {
      flushAnon();
      through.push(`carry chain ${chain} bit${chain === 1 ? '' : 's'} (${chainNs.toFixed(2)} ns)`);
    }
    chain = 0;
    chainNs = 0;
  };
  const steps: PathStep[] = p.detail;
  for (const s of steps) {
    if (s.type === 'logic' && s.from.port === 'CIN' && s.to.port === 'COUT') {
      chain++;
      carryBits++;
      chainNs += s.delayNs;
      continue;
    }
    if (s.type === 'routing' && s.to.port === 'CIN') {
      chainNs += s.delayNs;
      continue;
    }
    if (s.type === 'logic') {
      if (/^I[0-3]$/.test(s.from.port) && s.to.port === 'COUT') {
        flush();
        chain = 1;
        carryBits++;
        chainNs = s.delayNs;
        continue;
      }
      if (/^I[0-3]$/.test(s.from.port)) lutLevels++;
      continue;
    }
    if (s.type === 'routing' && s.net) {
      flush();
      const n = cleanName(names ? names.net(s.net) : s.net);
      // A net with no name of its own (LUT-to-LUT nets of the mapped logic) is counted, not listed.
      if (n.includes('$')) {
        anon++;
        continue;
      }
      flushAnon();
      if (through[through.length - 1] !== n) through.push(n);
    }
  }
  flush();
  flushAnon();
  const first = p.detail[0]!;
  const last = p.detail[p.detail.length - 1]!;
  return {
    fromClock: p.fromClock,
    toClock: p.toClock,
    from: endName(first.from.cell, first.from.port, 'from'),
    to: endName(last.to.cell, last.to.port, 'to'),
    delayNs: p.delayNs,
    logicNs: p.logicNs,
    routingNs: p.routingNs,
    lutLevels,
    carryBits,
    through,
  };
}

/** Whether a clock-domain name of nextpnr's is the tied-off clock of combinational DSPs. */
const isDspGround = (clock: string): boolean => /PACKER_GND/.test(clock);

/**
 * The two halves of the slowest path through combinational SB_MAC16s (see the file comment):
 * into the DSP from the clock `clock`, and out of it to the clock; undefined when the report has
 * no such pair.
 */
export function dspSplit(paths: readonly CriticalPath[], clock: string): { into: CriticalPath; out: CriticalPath; sumNs: number } | undefined {
  const into = paths.find((p) => p.fromClock.endsWith(clock) && isDspGround(p.toClock));
  const out = paths.find((p) => isDspGround(p.fromClock) && p.toClock.endsWith(clock));
  if (!into || !out) return undefined;
  return { into, out, sumNs: Math.round((into.delayNs + out.delayNs) * 1000) / 1000 };
}

/** The text lines of a path summary, indented by `pad`. */
export function pathLines(s: PathSummary, pad = '  '): string[] {
  const lines = [
    `${pad}from    ${s.from}`,
    `${pad}to      ${s.to}`,
    `${pad}delay   ${s.delayNs.toFixed(2)} ns = ${s.logicNs.toFixed(2)} ns logic + ${s.routingNs.toFixed(2)} ns routing; ${s.lutLevels} LUT level${s.lutLevels === 1 ? '' : 's'}, ${s.carryBits} carry bit${s.carryBits === 1 ? '' : 's'}`,
  ];
  if (s.through.length > 0) {
    lines.push(`${pad}through`);
    for (const t of s.through) lines.push(`${pad}  ${t}`);
  }
  return lines;
}

/** Reads a Yosys JSON netlist's names, or undefined when the file cannot be read. */
export function readNetlistNames(path: string, top: string, verilogPath?: string): NetlistNames | undefined {
  try {
    return netlistNames(readFileSync(path, 'utf8'), top, verilogPath ? readFileSync(verilogPath, 'utf8') : undefined);
  } catch {
    return undefined;
  }
}
