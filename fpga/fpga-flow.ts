/**
 * The FPGA flow after simulation: synthesis with Yosys (a technology-independent resource
 * report, iCE40 mapping, or Xilinx 7-series mapping for LUT6 figures), and for iCE40 placement
 * and routing with nextpnr-ice40 and a bitstream from icepack. Resource figures come from the
 * tools' own reports (Yosys `stat -json`, nextpnr's device utilisation, Fmax and critical path),
 * parsed here.
 *
 * Two tool sets run the same scripts: `yowasp` (default), the WebAssembly builds of current
 * Yosys and nextpnr from the npm packages @yowasp/yosys and @yowasp/nextpnr-ice40, pinned in
 * package-lock.json and run with Node (fpga/yowasp-tool.mjs); and `system`, the native `yosys`,
 * `nextpnr-ice40` and `icepack` found on the PATH (for example Debian's). docs/FPGA.md has the
 * measurements behind the default.
 *
 * Synthesis keeps the hierarchy while mapping, so that `stat` reports every module's own cells;
 * the mapped design is then flattened and cleaned (cells that drive nothing are removed) for the
 * totals and for nextpnr.
 *
 * The LM core has several hundred port bits (a wide memory data bus, logits, debug values,
 * performance counters); no iCE40 package has that many pins. For place and route the flow
 * therefore synthesizes a pin wrapper (`fpgaPinWrapper`) around the core: one-bit ports keep a
 * pin each, wide inputs are loaded through a serial shift-in register, wide outputs that are
 * kept are captured into a parallel-in serial-out register and shifted out on one pin. Outputs
 * that are not kept (by default the debug port and performance counters) stay unconnected, so
 * synthesis removes the logic that only they need, as in a deployment build.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bit, cat, emitDesign, ModuleBuilder, sint, uint, type EmittedDesign, type PortSpec, type Sig } from '../hdl-gen/index.ts';

export type SynthTarget = 'generic' | 'ice40' | 'xilinx';
export type Ice40Device = 'up5k' | 'hx8k';
/** Which build of the tools runs: the pinned WebAssembly packages, or the native tools on the PATH. */
export type ToolSet = 'yowasp' | 'system';
export const TOOL_SETS: readonly ToolSet[] = ['yowasp', 'system'];

/** Package and resources of each iCE40 device the flow targets (datasheet figures). */
export const ICE40_DEVICES: Record<Ice40Device, { package: string; ios: number; lcs: number; brams: number; sprams: number; dsps: number; synthDevice: string }> = {
  up5k: { package: 'sg48', ios: 39, lcs: 5280, brams: 30, sprams: 4, dsps: 8, synthDevice: 'u' },
  hx8k: { package: 'ct256', ios: 206, lcs: 7680, brams: 32, sprams: 0, dsps: 0, synthDevice: 'hx' },
};

export interface SynthOptions {
  design: EmittedDesign;
  target: SynthTarget;
  /** iCE40 device (target ice40 only); default up5k. */
  device?: Ice40Device;
  /** Place and route and pack a bitstream (target ice40 only). */
  pnr?: boolean;
  /** Tool set; default yowasp. */
  tools?: ToolSet;
  /** Folder for the Verilog, scripts, logs, netlist and bitstream (created). */
  outDir: string;
  /** Wall-clock limit of the whole flow, in milliseconds. */
  timeoutMs: number;
  /** Clock target for nextpnr, MHz; default 12. */
  freqMHz?: number;
  /**
   * Which outputs of the core the pin wrapper keeps (iCE40 and Xilinx). Default: every output
   * but the debug port (`dbg_*`) and the performance counters (`perf_*`).
   */
  keepOutput?: (port: PortSpec) => boolean;
  /** Called with one line at the start of each step. */
  onStep?: (line: string) => void;
  /** nextpnr's placement seed; default 1. */
  seed?: number;
  /** Put the pin wrapper around the design even when its ports would fit the package (iCE40). */
  alwaysWrap?: boolean;
  /** The pin wrapper registers every port of the design (see `fpgaPinWrapper`). */
  registerPorts?: boolean;
  /** Report a missed clock target instead of failing (nextpnr's --timing-allow-fail). */
  timingAllowFail?: boolean;
  /** Pack a bitstream after place and route; default true. */
  pack?: boolean;
}

/** A resource summary read from a Yosys `stat` report. */
export interface ResourceUsage {
  /** Every cell type and its count (submodule instances left out). */
  cells: Record<string, number>;
  totalCells: number;
  /** SB_LUT4 (iCE40), LUT1 … LUT6 and LUTs used as memory (Xilinx) or $lut cells. */
  luts: number;
  /** Generic gate cells ($_AND_, $_MUX_, ...), for technology-independent synthesis. */
  gates: number;
  flipFlops: number;
  /** SB_RAM40_4K (iCE40) or RAMB18E1 / RAMB36E1 (Xilinx) blocks. */
  blockRams: number;
  /** SB_SPRAM256KA blocks (iCE40 UP5K). */
  sprams: number;
  /** Memories left as memories ($mem cells), and their bits, as `stat` counts them. */
  memories: number;
  memoryBits: number;
  /** SB_MAC16 (iCE40), DSP48E1 (Xilinx) or $mul / $macc cells. */
  multipliers: number;
  /** SB_CARRY (iCE40), CARRY4 (Xilinx) or $alu / $lcu cells. */
  carry: number;
}

/** One module of the synthesized hierarchy: how often it is instantiated, and its own cells. */
export interface ModuleUsage {
  name: string;
  instances: number;
  /** Cells of one instance of the module, its submodules excluded. */
  resources: ResourceUsage;
}

export interface UtilizationLine {
  resource: string;
  used: number;
  available: number;
}

/** The slowest path nextpnr reports for a clock, after routing. */
export interface CriticalPath {
  /** nextpnr's clock-domain names of the path's start and end (e.g. `posedge clk`). */
  fromClock: string;
  toClock: string;
  /** Start (clock-to-q of a flip-flop, or a port) and end (setup of a flip-flop) of the path. */
  from: { cell: string; port: string };
  to: { cell: string; port: string };
  /** Sum of the logic and routing delays along the path, ns. */
  delayNs: number;
  /** Logic and routing steps along the path. */
  steps: number;
  /** The part of `delayNs` spent in cells (clock-to-q, logic, setup) and in routing, ns. */
  logicNs: number;
  routingNs: number;
  /** Every step as nextpnr reports it, in path order. */
  detail: PathStep[];
}

/** One step of a nextpnr path: a cell's delay (clock-to-q, logic, setup) or a net's routing delay. */
export interface PathStep {
  type: string;
  delayNs: number;
  /** The cell the step starts at (for a routing step, the net's driver) and its port. */
  from: { cell: string; port: string };
  /** The cell the step ends at (for a routing step, the sink) and its port. */
  to: { cell: string; port: string };
  /** The net of a routing step. */
  net?: string;
}

export interface PnrReport {
  utilization: UtilizationLine[];
  /** Max frequency after routing, per clock, MHz. */
  fmaxMHz: Record<string, number>;
  targetMHz: number;
  criticalPath?: CriticalPath;
  /** Every path nextpnr's report lists (one per pair of clock domains), as `criticalPath`. */
  paths?: CriticalPath[];
}

export interface SynthResult {
  target: SynthTarget;
  device?: Ice40Device;
  package?: string;
  /** The tool set that ran and Yosys' version line. */
  tools: { set: ToolSet; yosys: string };
  /** The core's top module and the module synthesized (the wrapper's name when one was used). */
  coreTop: string;
  synthTop: string;
  /** Port bits of the core, and pins of what was placed. */
  corePortBits: number;
  /** Memory arrays the core's Verilog declares, and their bits. */
  rtlMemories: { arrays: number; bits: number };
  wrapper?: { pins: number; shiftInBits: number; captureBits: number; droppedOutputs: string[] };
  /** Word-level view before gate mapping (generic only): memories, multipliers, adders. */
  coarse?: ResourceUsage;
  /** Every module of the mapped hierarchy, top first. */
  modules: ModuleUsage[];
  /** The whole design: for iCE40 and Xilinx the flattened, cleaned netlist nextpnr receives. */
  resources: ResourceUsage;
  pnr?: PnrReport;
  bitstream?: { path: string; bytes: number };
  /** Seconds spent in each tool. */
  seconds: { synth: number; pnr?: number; pack?: number };
  /** What the flow changed on the way (e.g. a fallback), one line each. */
  notes: string[];
  outDir: string;
}

export type FpgaFlowErrorKind = 'tool-missing' | 'timeout' | 'no-fit' | 'tool-failed' | 'bad-option';

/** An error of the flow a user can act on; its message is one line. */
export class FpgaFlowError extends Error {
  override name = 'FpgaFlowError';
  /** Exit code of the command line (README, "Exit codes"): 4, the simulator or a tool failed. */
  readonly exitCode = 4;
  constructor(
    readonly kind: FpgaFlowErrorKind,
    message: string,
    /** What the flow had measured before it stopped (synthesis figures of a design that does not fit). */
    readonly partial?: SynthResult,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------
// Report parsing

const FF_CELL = /^(\$_(S?DFF|DFFE|SDFFE|SDFFCE|ALDFF|ALDFFE|DFFSR|DFFSRE|DLATCH)[A-Z0-9_]*_|\$(s?dff|dffe|sdffe|sdffce|adff|adffe|aldff|aldffe|dffsr|dffsre|dlatch)|SB_DFF[A-Z]*|FD[RSCP]E(_1)?|LD[CP]E?)$/;
const GATE_CELL = /^\$_(AND|OR|XOR|XNOR|NAND|NOR|NOT|MUX|NMUX|ANDNOT|ORNOT|AOI3|OAI3|AOI4|OAI4|BUF)_$/;
/** Cells that are bookkeeping, not hardware (Yosys 0.4x+ keeps one per flattened instance). */
const NOT_HARDWARE = new Set(['$scopeinfo']);

/**
 * Xilinx 7-series LUTs used as memory or shift registers, in LUT6 sites per cell (UG474: a
 * RAM64M is the four LUTs of a SLICEM, a RAM64X1D two, an SRL one): counted among the LUTs,
 * as Vivado's utilization counts "LUT as Memory".
 */
const XILINX_LUTRAM: Record<string, number> = {
  RAM32X1S: 1, RAM64X1S: 1, RAM128X1S: 2, RAM256X1S: 4, RAM32X1D: 2, RAM64X1D: 2, RAM128X1D: 4,
  RAM32M: 4, RAM64M: 4, RAM32M16: 8, RAM64M8: 8, SRL16E: 1, SRLC16E: 1, SRLC32E: 1,
};

export function classify(cells: Record<string, number>, memories = 0, memoryBits = 0): ResourceUsage {
  const sum = (pred: (t: string) => boolean): number =>
    Object.entries(cells).reduce((a, [t, n]) => (pred(t) ? a + n : a), 0);
  const lutram = Object.entries(cells).reduce((a, [t, n]) => a + (XILINX_LUTRAM[t] ?? 0) * n, 0);
  return {
    cells,
    totalCells: sum(() => true),
    // Xilinx INV cells (Yosys maps a lone inverter to one) take a LUT each on the device.
    luts: sum((t) => t === 'SB_LUT4' || t === '$lut' || /^LUT[1-6]$/.test(t) || t === 'INV') + lutram,
    gates: sum((t) => GATE_CELL.test(t)),
    flipFlops: sum((t) => FF_CELL.test(t)),
    blockRams: sum((t) => /^SB_RAM40_4K/.test(t) || /^RAMB(18|36)E1$/.test(t)),
    sprams: sum((t) => t === 'SB_SPRAM256KA'),
    memories: memories + sum((t) => /^\$mem(_v2)?$/.test(t)),
    memoryBits,
    multipliers: sum((t) => t === 'SB_MAC16' || t === '$mul' || t === '$macc' || t === '$macc_v2' || t === 'DSP48E1'),
    carry: sum((t) => t === 'SB_CARRY' || t === '$alu' || t === '$lcu' || t === 'CARRY4'),
  };
}

/** The per-module and whole-design figures of a Yosys `stat -json` report. */
export interface YosysStatJson {
  /** Yosys' version line. */
  creator: string;
  top: string;
  modules: ModuleUsage[];
  /** Every instance counted (Yosys' `design` section; the top module alone for a flat design). */
  design: ResourceUsage;
}

/**
 * Parses the output of `stat -json` (Yosys 0.23 … 0.55). Instances of the design's own modules
 * are left out of each module's cells; each module's instance count is the product of the counts
 * along the hierarchy from `top` (the module no other instantiates, when not given).
 */
export function parseYosysStatJson(text: string, top?: string): YosysStatJson {
  let j: {
    creator?: string;
    modules?: Record<string, { num_memories?: number; num_memory_bits?: number; num_cells_by_type?: Record<string, number> }>;
    design?: { num_memories?: number; num_memory_bits?: number; num_cells_by_type?: Record<string, number> };
  };
  // Yosys 0.23 prints the indented hierarchy tree (`  name  count` lines, no quotes) into the
  // JSON before its "design" section when the hierarchy is deeper than two levels; every line
  // of the real JSON holds a quoted key or only brackets and commas.
  const json = text
    .split('\n')
    .filter((l) => l.includes('"') || /^\s*[{}[\],]*\s*$/.test(l))
    .join('\n');
  try {
    j = JSON.parse(json) as typeof j;
  } catch (e) {
    throw new FpgaFlowError('tool-failed', `yosys stat -json: not JSON (${(e as Error).message})`);
  }
  if (!j.modules || Object.keys(j.modules).length === 0) throw new FpgaFlowError('tool-failed', 'yosys stat -json: no modules in the report');
  const strip = (n: string): string => n.replace(/^\\/, '');
  const raw = new Map(Object.entries(j.modules).map(([n, m]) => [strip(n), m]));
  const names = new Set(raw.keys());
  const own = (byType: Record<string, number> = {}): Record<string, number> => {
    const cells: Record<string, number> = {};
    for (const [t, n] of Object.entries(byType)) if (!names.has(strip(t)) && !NOT_HARDWARE.has(t)) cells[t] = n;
    return cells;
  };
  const children = (m: string): [string, number][] =>
    Object.entries(raw.get(m)?.num_cells_by_type ?? {}).filter(([t]) => names.has(strip(t))).map(([t, n]) => [strip(t), n]);
  let root = top;
  if (root === undefined) {
    const used = new Set([...names].flatMap((m) => children(m).map(([c]) => c)));
    const roots = [...names].filter((m) => !used.has(m));
    if (roots.length !== 1) throw new FpgaFlowError('tool-failed', `yosys stat -json: cannot tell the top module (candidates: ${roots.join(', ')})`);
    root = roots[0]!;
  }
  if (!names.has(root)) throw new FpgaFlowError('tool-failed', `yosys stat -json: top module ${root} is not in the report`);
  const count = new Map<string, number>();
  const order: string[] = [];
  const visit = (m: string, n: number): void => {
    if (!count.has(m)) order.push(m);
    count.set(m, (count.get(m) ?? 0) + n);
    for (const [c, k] of children(m)) visit(c, n * k);
  };
  visit(root, 1);
  const modules = order.map((name) => {
    const m = raw.get(name)!;
    return { name, instances: count.get(name)!, resources: classify(own(m.num_cells_by_type), m.num_memories ?? 0, m.num_memory_bits ?? 0) };
  });
  const d = j.design ?? raw.get(root)!;
  return {
    creator: j.creator ?? '',
    top: root,
    modules,
    design: classify(own(d.num_cells_by_type), d.num_memories ?? 0, d.num_memory_bits ?? 0),
  };
}

/**
 * Parses a Yosys `stat` report. For a hierarchy the totals after `=== design hierarchy ===` are
 * read (every instance counted); for a single module, that module's block. Submodule instance
 * cells (names without `$` or `SB_`) are left out of a hierarchy's totals as Yosys does.
 */
export function parseYosysStat(text: string): ResourceUsage {
  const hier = text.lastIndexOf('=== design hierarchy ===');
  let block: string;
  if (hier >= 0) {
    block = text.slice(hier);
  } else {
    const heads = [...text.matchAll(/^=== (\S+) ===$/gm)];
    if (heads.length === 0) throw new FpgaFlowError('tool-failed', 'yosys stat: no module report found in the output');
    block = text.slice(heads[heads.length - 1]!.index);
  }
  const cellsAt = block.search(/^\s+Number of cells:\s+\d+/m);
  if (cellsAt < 0) throw new FpgaFlowError('tool-failed', 'yosys stat: no "Number of cells" line in the report');
  const num = (re: RegExp): number => {
    const m = re.exec(block);
    return m ? Number(m[1]) : 0;
  };
  const memories = 0;
  const memoryBits = num(/^\s+Number of memory bits:\s+(\d+)/m);
  const cells: Record<string, number> = {};
  const lines = block.slice(cellsAt).split('\n').slice(1);
  for (const line of lines) {
    const m = /^\s{5,}(\S+)\s+(\d+)\s*$/.exec(line);
    if (!m) break;
    cells[m[1]!] = Number(m[2]);
  }
  const usage = classify(cells, memories, memoryBits);
  // `Number of memories` counts memories not yet turned into $mem cells (before memory_collect).
  const memLine = num(/^\s+Number of memories:\s+(\d+)/m);
  if (usage.memories === 0) usage.memories = memLine;
  return usage;
}

/** Parses nextpnr-ice40's log: the device utilisation table and the last Fmax line per clock. */
export function parseNextpnrLog(text: string): PnrReport {
  const utilization: UtilizationLine[] = [];
  const at = text.lastIndexOf('Device utilisation:');
  if (at < 0) throw new FpgaFlowError('tool-failed', 'nextpnr: no "Device utilisation" table in the log');
  for (const line of text.slice(at).split('\n').slice(1)) {
    const m = /^Info:\s+(\S+):\s+(\d+)\/\s*(\d+)\s+\d+%\s*$/.exec(line);
    if (!m) break;
    utilization.push({ resource: m[1]!, used: Number(m[2]), available: Number(m[3]) });
  }
  const fmaxMHz: Record<string, number> = {};
  let targetMHz = 0;
  for (const m of text.matchAll(/^Info: Max frequency for clock\s+'([^']+)': ([\d.]+) MHz \((?:PASS|FAIL) at ([\d.]+) MHz\)/gm)) {
    fmaxMHz[m[1]!] = Number(m[2]);
    targetMHz = Number(m[3]);
  }
  return { utilization, fmaxMHz, targetMHz };
}

/**
 * Parses nextpnr's `--report` JSON: utilisation, the achieved Fmax per clock and the critical
 * path of the main clock (the slowest same-domain path; any path when there is none).
 */
export function parseNextpnrReport(text: string): { utilization: UtilizationLine[]; fmaxMHz: Record<string, number>; targetMHz: number; criticalPath?: CriticalPath; paths: CriticalPath[] } {
  type End = { cell?: string; port?: string };
  let j: {
    utilization?: Record<string, { used: number; available: number }>;
    fmax?: Record<string, { achieved: number; constraint: number }>;
    critical_paths?: { from: string; to: string; path: { delay: number; from: End; to: End; type?: string; net?: string }[] }[];
  };
  try {
    j = JSON.parse(text) as typeof j;
  } catch (e) {
    throw new FpgaFlowError('tool-failed', `nextpnr report: not JSON (${(e as Error).message})`);
  }
  const utilization = Object.entries(j.utilization ?? {}).map(([resource, u]) => ({ resource, used: u.used, available: u.available }));
  const fmaxMHz: Record<string, number> = {};
  let targetMHz = 0;
  for (const [clk, f] of Object.entries(j.fmax ?? {})) {
    fmaxMHz[clk] = Math.round(f.achieved * 100) / 100;
    targetMHz = f.constraint;
  }
  const ns = (x: number): number => Math.round(x * 1000) / 1000;
  const paths: CriticalPath[] = (j.critical_paths ?? [])
    .filter((p) => p.path.length > 0)
    .map((p) => {
      const detail: PathStep[] = p.path.map((s) => ({
        type: s.type ?? '',
        delayNs: ns(s.delay),
        from: { cell: s.from.cell ?? '', port: s.from.port ?? '' },
        to: { cell: s.to.cell ?? '', port: s.to.port ?? '' },
        ...(s.net !== undefined ? { net: s.net } : {}),
      }));
      const sum = (pred: (t: string) => boolean): number => ns(p.path.reduce((a, s) => (pred(s.type ?? '') ? a + s.delay : a), 0));
      return {
        fromClock: p.from,
        toClock: p.to,
        from: detail[0]!.from,
        to: detail[detail.length - 1]!.to,
        delayNs: sum(() => true),
        steps: detail.length,
        logicNs: sum((t) => t !== 'routing'),
        routingNs: sum((t) => t === 'routing'),
        detail,
      };
    });
  const same = paths.filter((p) => p.fromClock === p.toClock);
  const slowest = (list: CriticalPath[]): CriticalPath | undefined => list.reduce<CriticalPath | undefined>((a, p) => (a === undefined || p.delayNs > a.delayNs ? p : a), undefined);
  const cp = slowest(same.length > 0 ? same : paths);
  const result: ReturnType<typeof parseNextpnrReport> = { utilization, fmaxMHz, targetMHz, paths };
  if (cp) result.criticalPath = cp;
  return result;
}

/** The first resource nextpnr says does not fit, as one line, or undefined. */
export function nextpnrNoFit(text: string): string | undefined {
  const m = /^ERROR: .*(?:no BELs remaining|not enough|only has|Unable to place|Failed to expand region|Design uses).*$/m.exec(text);
  if (!m) return undefined;
  const over = [...text.matchAll(/^Info:\s+(\S+):\s+(\d+)\/\s*(\d+)\s+\d+%\s*$/gm)]
    .filter((u) => Number(u[2]) > Number(u[3]))
    .map((u) => `${u[1]} ${u[2]}/${u[3]}`);
  return `${m[0].replace(/^ERROR:\s*/, '')}${over.length > 0 ? ` (over: ${over.join(', ')})` : ''}`;
}

/**
 * Memory arrays declared in Verilog text (`reg [h:l] name [a:b];`), each module definition
 * counted once, and their bits: the on-chip storage the design asks for, whatever a tool maps
 * it to.
 */
export function rtlMemories(text: string): { arrays: number; bits: number } {
  let arrays = 0;
  let bits = 0;
  for (const m of text.matchAll(/^\s*reg\s+(?:signed\s+)?(?:\[(\d+):(\d+)\]\s*)?\w+\s*\[(\d+):(\d+)\]\s*;/gm)) {
    const width = m[1] === undefined ? 1 : Math.abs(Number(m[1]) - Number(m[2])) + 1;
    const depth = Math.abs(Number(m[3]) - Number(m[4])) + 1;
    arrays++;
    bits += width * depth;
  }
  return { arrays, bits };
}

// ---------------------------------------------------------------------------------------------
// Pin wrapper

export interface PinWrapper {
  name: string;
  text: string;
  pins: number;
  shiftInBits: number;
  captureBits: number;
  droppedOutputs: string[];
}

export const defaultKeepOutput = (p: PortSpec): boolean => !/^(dbg_|perf_)/.test(p.name);

/**
 * A top module around `design` with few pins, built with the DSL: clock, reset and one-bit
 * ports pass through; wide inputs (lowest port first, lowest bit first) come from a shift
 * register loaded one bit per cycle from `in_bit` while `in_shift` is high; wide outputs that
 * `keep` accepts are loaded into a capture register on `obs_load` and leave on `obs_out`, lowest
 * bit first, one per cycle of `obs_shift`.
 *
 * The core is instantiated by name: the DSL sees a port-only model of it (built from
 * `design.ports`), and only the wrapper's own module text is kept; the core's text is
 * `design`'s.
 *
 * With `registerPorts`, every port of the design meets a flip-flop of the wrapper and nothing
 * else: one-bit inputs and outputs pass through a register, and the wide outputs are captured
 * every cycle into a register that the shift-out register then loads (wide inputs come from the
 * shift-in register already). Every path that starts or ends at a port of the design is then a
 * register-to-register path of the clock, which timing analysis measures, and no wrapper logic
 * lies on it: what nextpnr reports is the design's own paths. A design without a clock (a
 * combinational unit) is then placed between registers on a clock of the wrapper's own.
 */
export function fpgaPinWrapper(design: EmittedDesign, keep: (p: PortSpec) => boolean = defaultKeepOutput, opts: { registerPorts?: boolean } = {}): PinWrapper {
  const name = `${design.top}_pins`;
  const special = new Set([design.clock, design.reset].filter((x): x is string => x !== undefined));
  const narrowIn = design.ports.filter((p) => p.dir === 'input' && p.width === 1 && !special.has(p.name));
  const wideIn = design.ports.filter((p) => p.dir === 'input' && p.width > 1);
  const outs = design.ports.filter((p) => p.dir === 'output');
  const narrowOut = outs.filter((p) => p.width === 1 && keep(p));
  const wideOut = outs.filter((p) => p.width > 1 && keep(p));
  const dropped = outs.filter((p) => !keep(p));
  const iw = wideIn.reduce((a, p) => a + p.width, 0);
  const ow = wideOut.reduce((a, p) => a + p.width, 0);
  // With registered ports a combinational design gets the wrapper's own clock (the design has none to connect).
  if ((iw > 0 || ow > 0) && design.clock === undefined && opts.registerPorts !== true) {
    throw new FpgaFlowError('bad-option', `${design.top}: wide ports need a clock to shift through, and the design has none`);
  }

  // A port-only model of the core: the DSL checks every connection against it.
  const clockName = design.clock ?? 'clk';
  const resetName = design.reset ?? 'rst';
  const core = new ModuleBuilder(design.top, { clock: clockName, reset: resetName });
  if (design.clock !== undefined) void core.clock;
  if (design.reset !== undefined) void core.reset;
  for (const p of design.ports) {
    if (special.has(p.name)) continue;
    const shape = p.signed ? sint(p.width) : uint(p.width);
    if (p.dir === 'input') core.input(p.name, shape);
    else core.output(p.name, core.const(shape, 0));
  }

  const m = new ModuleBuilder(name, { clock: clockName, reset: resetName });
  const conns: Record<string, Sig> = {};
  const regPorts = opts.registerPorts === true;
  for (const p of narrowIn) {
    const pin = m.input(`pin_${p.name}`, bit());
    conns[p.name] = regPorts ? m.delay(`pin_${p.name}_r`, pin) : pin;
  }
  if (iw > 0) {
    const inBit = m.input('in_bit', bit());
    const inShift = m.input('in_shift', bit());
    const sr = m.reg('in_sr', uint(iw));
    m.when(inShift, () => sr.set(iw === 1 ? inBit : cat(inBit, sr.slice(iw - 1, 1))));
    let at = 0;
    for (const p of wideIn) {
      const field = sr.slice(at + p.width - 1, at);
      conns[p.name] = p.signed ? field.asSigned() : field;
      at += p.width;
    }
  }
  const inst = m.instance('core', core, conns);
  for (const p of narrowOut) m.output(`pin_${p.name}`, regPorts ? m.delay(`pin_${p.name}_r`, inst.out(p.name)) : inst.out(p.name));
  if (ow > 0) {
    const load = m.input('obs_load', bit());
    const shift = m.input('obs_shift', bit());
    const sr = m.reg('obs_sr', uint(ow));
    // Concatenation lists the highest field first: the last kept port holds the top bits.
    const outs = cat(...wideOut.map((p) => inst.out(p.name).asUnsigned()).reverse());
    const all = regPorts ? m.delay('obs_cap', outs) : outs;
    m.when(load, () => sr.set(all)).elsewhen(shift, () => sr.set(ow === 1 ? m.const(bit(), 0) : cat(m.const(bit(), 0), sr.slice(ow - 1, 1))));
    m.output('obs_out', sr.bit(0));
  }
  // Outputs not kept stay unconnected; the emitter gathers them into its unused-bits net.
  const emitted = emitDesign(m);
  const own = emitted.modules.find((x) => x.name === name);
  if (!own) throw new FpgaFlowError('tool-failed', `${name}: the wrapper module was not emitted`);
  const ownClock = design.clock === undefined && regPorts ? 1 : 0;
  const pins = special.size + ownClock + narrowIn.length + narrowOut.length + (iw > 0 ? 2 : 0) + (ow > 0 ? 3 : 0);
  return { name, text: own.text, pins, shiftInBits: iw, captureBits: ow, droppedOutputs: dropped.map((p) => p.name) };
}

// ---------------------------------------------------------------------------------------------
// Running the tools

export interface ToolRun {
  code: number;
  output: string;
  seconds: number;
}

/** The script that runs the WebAssembly tools as processes of their own. */
export const YOWASP_RUNNER = join(dirname(fileURLToPath(import.meta.url)), 'yowasp-tool.mjs');

/**
 * Runs a tool in its own process group; kills the whole group (Yosys starts ABC) at the
 * deadline. `system` runs the native tool from the PATH; `yowasp` runs the WebAssembly build
 * under this Node.
 */
export function runTool(tools: ToolSet, tool: string, args: string[], cwd: string, deadline: number, logFile: string): Promise<ToolRun> {
  const budget = deadline - Date.now();
  if (budget <= 0) return Promise.reject(new FpgaFlowError('timeout', `${tool}: no time left of the flow's limit; raise the timeout`));
  const t0 = Date.now();
  return new Promise((done, fail) => {
    const child =
      tools === 'system'
        ? spawn(tool, args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
        : spawn(process.execPath, [YOWASP_RUNNER, tool, ...args], { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => chunks.push(b));
    child.stderr.on('data', (b: Buffer) => chunks.push(b));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, budget);
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      fail(
        e.code === 'ENOENT'
          ? new FpgaFlowError('tool-missing', `${tool}: not found on PATH; install it (Debian: apt-get install ${TOOL_PACKAGE[tool] ?? tool}) or use the default tool set (--tools yowasp)`)
          : e,
      );
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const output = Buffer.concat(chunks).toString('utf8');
      writeFileSync(logFile, output);
      const seconds = (Date.now() - t0) / 1000;
      if (timedOut) {
        fail(new FpgaFlowError('timeout', `${tool}: stopped after ${seconds.toFixed(0)} s at the flow's time limit; raise the timeout or synthesize a smaller configuration (log: ${logFile})`));
      } else if (tools === 'yowasp' && code === 127 && /is not installed/.test(output)) {
        fail(new FpgaFlowError('tool-missing', `${tool}: ${output.trim().split('\n').pop()!.replace(/^yowasp-tool:\s*/, '')}`));
      } else {
        done({ code: code ?? -1, output, seconds });
      }
    });
  });
}

const TOOL_PACKAGE: Record<string, string> = { yosys: 'yosys', 'nextpnr-ice40': 'nextpnr-ice40', icepack: 'fpga-icestorm' };

function lastError(output: string): string {
  const m = [...output.matchAll(/^ERROR: (.*)$/gm)].pop();
  if (m) return m[1]!;
  const lines = output.trim().split('\n');
  return lines[lines.length - 1] ?? '(no output)';
}

/** Yosys script of the technology-independent flow: word-level stat, then gates without mapping memories to flip-flops. */
function genericScript(top: string): string {
  return [
    'read_verilog -sv design.v',
    `synth -top ${top} -run begin:fine`,
    'tee -o stat-coarse.txt stat',
    'opt -fast -full',
    'techmap',
    'opt -fast',
    'abc -fast',
    'opt -fast',
    'hierarchy -check',
    'check -assert',
    'tee -o stat.txt stat',
    'tee -q -o stat.json stat -json',
    '',
  ].join('\n');
}

/**
 * After mapping with the hierarchy kept: per-module figures, then the flattened, cleaned netlist
 * (what nextpnr places) and its figures.
 */
function mappedPostlude(netlist: boolean): string[] {
  return [
    'hierarchy -check',
    'check -noinit',
    'tee -o stat-modules.txt stat',
    'tee -q -o stat-modules.json stat -json',
    'flatten',
    'opt_clean',
    'blackbox =A:whitebox',
    'tee -o stat.txt stat',
    'tee -q -o stat.json stat -json',
    ...(netlist ? ['write_json design.json'] : []),
    '',
  ];
}

function ice40Script(top: string, device: Ice40Device, dsp: boolean): string {
  return [
    'read_verilog -sv design.v',
    // Up to the check step: synth_ice40's own check step starts with autoname, which takes
    // longer than the whole mapping on a netlist of the core's size in Yosys 0.23.
    `synth_ice40 -top ${top} -device ${ICE40_DEVICES[device].synthDevice}${dsp ? ' -dsp' : ''} -noflatten -run begin:check`,
    ...mappedPostlude(true),
  ].join('\n');
}

function xilinxScript(top: string): string {
  // synth_xilinx keeps the hierarchy unless told -flatten.
  return ['read_verilog -sv design.v', `synth_xilinx -top ${top} -family xc7 -run begin:check`, ...mappedPostlude(false)].join('\n');
}

/**
 * Synthesizes `design` (and for iCE40 with `pnr`, places, routes and packs it). Writes
 * design.v, the Yosys script, the tools' logs, the netlist and the bitstream to `outDir`.
 */
export async function runSynth(opts: SynthOptions): Promise<SynthResult> {
  const { design, target } = opts;
  if (target !== 'generic' && target !== 'ice40' && target !== 'xilinx') throw new FpgaFlowError('bad-option', `target ${String(target)}: use generic, ice40 or xilinx`);
  const device = opts.device ?? 'up5k';
  if (!(device in ICE40_DEVICES)) throw new FpgaFlowError('bad-option', `device ${String(device)}: use up5k or hx8k`);
  const tools = opts.tools ?? 'yowasp';
  if (!TOOL_SETS.includes(tools)) throw new FpgaFlowError('bad-option', `tool set ${String(tools)}: use ${TOOL_SETS.join(' or ')}`);
  if (opts.pnr && target !== 'ice40') throw new FpgaFlowError('bad-option', 'place and route (--pnr) needs an iCE40 device');
  if (!(opts.timeoutMs > 0)) throw new FpgaFlowError('bad-option', `timeout ${opts.timeoutMs} ms: give a positive limit`);
  if (opts.seed !== undefined && !(Number.isInteger(opts.seed) && opts.seed >= 1)) throw new FpgaFlowError('bad-option', `seed ${opts.seed}: give a positive integer`);
  const freq = opts.freqMHz ?? 12;
  const deadline = Date.now() + opts.timeoutMs;
  const out = resolve(opts.outDir);
  mkdirSync(out, { recursive: true });
  const step = opts.onStep ?? ((): void => undefined);

  const corePortBits = design.ports.reduce((a, p) => a + p.width, 0);
  let synthTop = design.top;
  let wrapper: SynthResult['wrapper'];
  let text = design.modules.map((m) => m.text).join('\n');
  const dev = ICE40_DEVICES[device];
  const keep = opts.keepOutput ?? defaultKeepOutput;
  // iCE40: when the core has more port bits than the package has pins. Xilinx (no package):
  // when outputs are dropped, so that the figures are those of a deployment build as on iCE40.
  const wrap =
    (target === 'ice40' && (corePortBits > dev.ios || opts.alwaysWrap === true)) || (target === 'xilinx' && design.ports.some((p) => p.dir === 'output' && !keep(p)));
  if (wrap) {
    const w = fpgaPinWrapper(design, keep, { registerPorts: opts.registerPorts === true });
    if (target === 'ice40' && w.pins > dev.ios) {
      throw new FpgaFlowError('no-fit', `${design.top}: the pin wrapper still needs ${w.pins} pins and the ${device} ${dev.package} package has ${dev.ios}`);
    }
    text += '\n' + w.text;
    synthTop = w.name;
    wrapper = { pins: w.pins, shiftInBits: w.shiftInBits, captureBits: w.captureBits, droppedOutputs: w.droppedOutputs };
  }
  writeFileSync(join(out, 'design.v'), text);
  const notes: string[] = [];
  const toolName = tools === 'yowasp' ? 'yosys (yowasp)' : 'yosys';
  const synthesize = async (dsp: boolean): Promise<ToolRun> => {
    const script = target === 'generic' ? genericScript(synthTop) : target === 'ice40' ? ice40Script(synthTop, device, dsp) : xilinxScript(synthTop);
    writeFileSync(join(out, 'synth.ys'), script);
    const what = target === 'generic' ? 'generic synthesis' : target === 'ice40' ? `synth_ice40 (${device}${dsp ? ', DSP inference' : ''})` : 'synth_xilinx (xc7)';
    step(`${toolName}: ${what} of ${synthTop}`);
    return runTool(tools, 'yosys', ['-q', '-l', 'yosys.log', '-s', 'synth.ys'], out, deadline, join(out, 'yosys.out'));
  };
  const useDsp = target === 'ice40' && dev.dsps > 0;
  let ys = await synthesize(useDsp);
  let synthSeconds = ys.seconds;
  if (ys.code !== 0 && useDsp && /ice40_dsp/.test(ys.output + readIfExists(join(out, 'yosys.log')))) {
    // Yosys 0.23's SB_MAC16 matcher asserts on some multiplier fan-outs; map multipliers to logic instead.
    notes.push('SB_MAC16 inference (synth_ice40 -dsp) failed in Yosys ice40_dsp; multipliers mapped to logic');
    ys = await synthesize(false);
    synthSeconds += ys.seconds;
  }
  if (ys.code !== 0) {
    const log = readIfExists(join(out, 'yosys.log')) + ys.output;
    throw new FpgaFlowError('tool-failed', `yosys failed on ${synthTop}: ${lastError(log)} (log: ${join(out, 'yosys.log')})`);
  }
  const whole = parseYosysStatJson(readFileSync(join(out, 'stat.json'), 'utf8'), synthTop);
  const hier = target === 'generic' ? whole : parseYosysStatJson(readFileSync(join(out, 'stat-modules.json'), 'utf8'), synthTop);
  const coarse = target === 'generic' ? parseYosysStat(readFileSync(join(out, 'stat-coarse.txt'), 'utf8')) : undefined;
  const result: SynthResult = {
    target,
    tools: { set: tools, yosys: whole.creator },
    coreTop: design.top,
    synthTop,
    corePortBits,
    rtlMemories: rtlMemories(design.modules.map((m) => m.text).join('\n')),
    modules: hier.modules,
    resources: whole.design,
    seconds: { synth: synthSeconds },
    notes,
    outDir: out,
  };
  if (target === 'ice40') {
    result.device = device;
    result.package = dev.package;
  }
  if (wrapper) result.wrapper = wrapper;
  if (coarse) result.coarse = coarse;
  if (!opts.pnr) return result;

  step(`nextpnr-ice40${tools === 'yowasp' ? ' (yowasp)' : ''}: --${device} --package ${dev.package} --freq ${freq} --seed ${opts.seed ?? 1}`);
  const seed = opts.seed ?? 1;
  const pnrArgs = [`--${device}`, '--package', dev.package, '--json', 'design.json', '--asc', 'design.asc', '--report', 'report.json', '--freq', String(freq), '--seed', String(seed)];
  if (opts.timingAllowFail) pnrArgs.push('--timing-allow-fail');
  const pr = await runTool(tools, 'nextpnr-ice40', pnrArgs, out, deadline, join(out, 'nextpnr.log'));
  result.seconds.pnr = pr.seconds;
  if (pr.code !== 0) {
    const fit = nextpnrNoFit(pr.output);
    if (fit) {
      if (/Device utilisation:/.test(pr.output)) result.pnr = parseNextpnrLog(pr.output);
      throw new FpgaFlowError('no-fit', `${synthTop} does not fit the ${device}: ${fit} (log: ${join(out, 'nextpnr.log')})`, result);
    }
    throw new FpgaFlowError('tool-failed', `nextpnr-ice40 failed on ${synthTop}: ${lastError(pr.output)} (log: ${join(out, 'nextpnr.log')})`);
  }
  const fromLog = parseNextpnrLog(pr.output);
  const report = readIfExists(join(out, 'report.json'));
  if (report) {
    const r = parseNextpnrReport(report);
    result.pnr = { utilization: fromLog.utilization, fmaxMHz: r.fmaxMHz, targetMHz: r.targetMHz, paths: r.paths };
    if (r.criticalPath) result.pnr.criticalPath = r.criticalPath;
  } else {
    result.pnr = fromLog;
  }
  if (opts.pack === false) return result;

  step(`icepack${tools === 'yowasp' ? ' (yowasp)' : ''}: design.asc -> design.bin`);
  const pk = await runTool(tools, 'icepack', ['design.asc', 'design.bin'], out, deadline, join(out, 'icepack.log'));
  if (pk.code !== 0) throw new FpgaFlowError('tool-failed', `icepack failed: ${lastError(pk.output)} (log: ${join(out, 'icepack.log')})`);
  const bin = join(out, 'design.bin');
  result.bitstream = { path: bin, bytes: statSync(bin).size };
  result.seconds.pack = pk.seconds;
  return result;
}

function readIfExists(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

// ---------------------------------------------------------------------------------------------
// Report text

function usageLines(u: ResourceUsage, target: SynthTarget): string[] {
  const lines =
    target === 'ice40'
      ? [
          `  LUTs (SB_LUT4)        ${u.luts}`,
          `  flip-flops (SB_DFF*)  ${u.flipFlops}`,
          `  block RAMs (SB_RAM40) ${u.blockRams}`,
          `  SPRAMs (SB_SPRAM256KA) ${u.sprams}`,
          `  DSPs (SB_MAC16)       ${u.multipliers}`,
          `  carry (SB_CARRY)      ${u.carry}`,
        ]
      : target === 'xilinx'
        ? [
            `  LUTs (LUT1..LUT6)     ${u.luts}`,
            `  flip-flops (FD*)      ${u.flipFlops}`,
            `  block RAMs (RAMB*)    ${u.blockRams}`,
            `  DSPs (DSP48E1)        ${u.multipliers}`,
            `  carry (CARRY4)        ${u.carry}`,
          ]
        : [`  gates                 ${u.gates}`, `  flip-flops            ${u.flipFlops}`, `  memories ($mem)       ${u.memories}`];
  lines.push(`  cells in all          ${u.totalCells}`);
  return lines;
}

/** One line per module: instances and the module's own figures (one instance). */
function moduleLines(r: SynthResult): string[] {
  const figs = r.modules.map((m) => ({ m, f: resourceFigures(m.resources, r.target) }));
  const lutName = r.target === 'ice40' ? 'LUT4' : r.target === 'xilinx' ? 'LUT6' : 'gates';
  const w = Math.max(6, ...r.modules.map((m) => m.name.length));
  const head = `  ${'module'.padEnd(w)} ${'inst'.padStart(5)} ${lutName.padStart(7)} ${'FF'.padStart(6)} ${'carry'.padStart(6)} ${'EBR'.padStart(4)} ${'DSP'.padStart(4)}`;
  return [
    head,
    ...figs.map(
      ({ m, f }) =>
        `  ${m.name.padEnd(w)} ${String(m.instances).padStart(5)} ${String(f.lut4 ?? f.lut6 ?? f.gates ?? 0).padStart(7)} ${String(f.ff).padStart(6)} ${String(f.carry).padStart(6)} ${String(f.ebr).padStart(4)} ${String(f.dsp).padStart(4)}`,
    ),
  ];
}

/** The human-readable report of one run (deterministic for a given result). */
export function formatSynthReport(r: SynthResult): string {
  const lines: string[] = [];
  lines.push(`design      ${r.coreTop} (${r.corePortBits} port bits; ${r.rtlMemories.arrays} memory arrays, ${r.rtlMemories.bits} bits)`);
  lines.push(
    `target      ${r.target === 'ice40' ? `iCE40 ${r.device} (${r.package})` : r.target === 'xilinx' ? 'Xilinx 7-series (synth_xilinx, no device)' : 'generic (technology-independent)'}`,
  );
  lines.push(`tools       ${r.tools.set}: ${r.tools.yosys}`);
  if (r.wrapper) {
    lines.push(
      `pin wrapper ${r.synthTop}: ${r.wrapper.pins} pins; ${r.wrapper.shiftInBits} input bits shifted in, ${r.wrapper.captureBits} output bits shifted out` +
        (r.wrapper.droppedOutputs.length > 0 ? `; outputs left open: ${r.wrapper.droppedOutputs.join(' ')}` : ''),
    );
  }
  if (r.coarse) {
    lines.push('word level (before gate mapping):');
    lines.push(`  memories ($mem)       ${r.coarse.memories}`);
    lines.push(`  multipliers           ${r.coarse.multipliers} ($mul, $macc, $macc_v2)`);
    lines.push(`  adders ($alu)         ${r.coarse.carry}`);
  }
  if (r.modules.length > 1) {
    lines.push(`per module (own cells of one instance${r.target === 'generic' ? '' : ', before flattening'}):`);
    lines.push(...moduleLines(r));
  }
  lines.push(`synthesis (yosys, ${r.seconds.synth.toFixed(1)} s)${r.target === 'generic' ? '' : ', flattened'}:`);
  lines.push(...usageLines(r.resources, r.target));
  if (r.pnr) {
    lines.push(`place and route (nextpnr-ice40, ${(r.seconds.pnr ?? 0).toFixed(1)} s):`);
    for (const u of r.pnr.utilization) {
      if (u.used === 0) continue;
      lines.push(`  ${u.resource.padEnd(20)} ${String(u.used).padStart(6)} / ${u.available} (${((100 * u.used) / u.available).toFixed(0)}%)`);
    }
    const clocks = Object.entries(r.pnr.fmaxMHz);
    for (const [clk, f] of clocks) lines.push(`  Fmax ${clk}: ${f.toFixed(2)} MHz (target ${r.pnr.targetMHz} MHz)`);
    if (clocks.length === 0) lines.push('  Fmax: none reported (the design was not placed and routed)');
    const cp = r.pnr.criticalPath;
    if (cp) {
      lines.push(`  critical path (${cp.delayNs.toFixed(2)} ns, ${cp.steps} steps, ${cp.fromClock} -> ${cp.toClock}):`);
      lines.push(`    from ${cp.from.cell}.${cp.from.port}`);
      lines.push(`    to   ${cp.to.cell}.${cp.to.port}`);
    }
  }
  for (const n of r.notes) lines.push(`note        ${n}`);
  if (r.bitstream) lines.push(`bitstream   ${r.bitstream.path} (${r.bitstream.bytes} bytes, icepack ${(r.seconds.pack ?? 0).toFixed(1)} s)`);
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// Machine-readable summary

/** Resource figures under stable names: `lut4` (iCE40), `lut6` (Xilinx) or `gates` (generic). */
export interface ResourceFigures {
  lut4?: number;
  lut6?: number;
  gates?: number;
  carry: number;
  ff: number;
  ebr: number;
  spram: number;
  dsp: number;
}

export interface SynthSummary {
  design: string;
  synthTop: string;
  target: SynthTarget;
  device?: Ice40Device;
  package?: string;
  tools: { set: ToolSet; yosys: string };
  wrapper?: SynthResult['wrapper'];
  /** Each module's own cells (one instance), with its instance count; top first. */
  modules: ({ name: string; instances: number } & ResourceFigures)[];
  totals: ResourceFigures & {
    /** iCE40 logic cells: nextpnr's ICESTORM_LC after placement, or without it max(LUT4, FF, carry), a lower bound. */
    logicCells?: number;
    logicCellsFrom?: 'nextpnr' | 'synthesis lower bound';
  };
  /** The device's capacity (iCE40). */
  capacity?: { logicCells: number; ebr: number; spram: number; dsp: number; pins: number };
  /**
   * Whether the design fits the device (iCE40): from place and route when it ran, else from the
   * synthesis figures against the capacity (a design that passes may still fail placement).
   */
  fits?: boolean;
  fitsFrom?: 'place and route' | 'synthesis';
  /** Resources over the capacity, `name used/available`. */
  over?: string[];
  /** Lowest achieved Fmax over the clocks after routing, MHz (null when not placed and routed). */
  fmaxMHz: number | null;
  targetMHz?: number;
  criticalPath?: CriticalPath;
  seconds: SynthResult['seconds'];
  notes: string[];
}

export function resourceFigures(u: ResourceUsage, target: SynthTarget): ResourceFigures {
  const base = { carry: u.carry, ff: u.flipFlops, ebr: u.blockRams, spram: u.sprams, dsp: u.multipliers };
  if (target === 'ice40') return { lut4: u.luts, ...base };
  if (target === 'xilinx') return { lut6: u.luts, ...base };
  return { gates: u.gates, ...base };
}

/**
 * The summary of a run (or of a run that stopped at placement because the design does not fit:
 * pass the error's `partial` result and `noFit` true).
 */
export function synthSummary(r: SynthResult, noFit = false): SynthSummary {
  const totals: SynthSummary['totals'] = resourceFigures(r.resources, r.target);
  const s: SynthSummary = {
    design: r.coreTop,
    synthTop: r.synthTop,
    target: r.target,
    tools: r.tools,
    modules: r.modules.map((m) => ({ name: m.name, instances: m.instances, ...resourceFigures(m.resources, r.target) })),
    totals,
    fmaxMHz: null,
    seconds: r.seconds,
    notes: r.notes,
  };
  if (r.wrapper) s.wrapper = r.wrapper;
  if (r.target === 'ice40' && r.device) {
    s.device = r.device;
    if (r.package) s.package = r.package;
    const dev = ICE40_DEVICES[r.device];
    const lc = r.pnr?.utilization.find((u) => u.resource === 'ICESTORM_LC');
    if (lc) {
      totals.logicCells = lc.used;
      totals.logicCellsFrom = 'nextpnr';
    } else {
      totals.logicCells = Math.max(r.resources.luts, r.resources.flipFlops, r.resources.carry);
      totals.logicCellsFrom = 'synthesis lower bound';
    }
    const pins = r.wrapper?.pins ?? r.corePortBits;
    s.capacity = { logicCells: dev.lcs, ebr: dev.brams, spram: dev.sprams, dsp: dev.dsps, pins: dev.ios };
    const checks: [string, number, number][] = [
      ['logicCells', totals.logicCells, dev.lcs],
      ['ebr', totals.ebr, dev.brams],
      ['spram', totals.spram, dev.sprams],
      ['dsp', totals.dsp, dev.dsps],
      ['pins', pins, dev.ios],
    ];
    s.over = checks.filter(([, used, cap]) => used > cap).map(([n, used, cap]) => `${n} ${used}/${cap}`);
    if (r.pnr && !noFit && r.pnr.utilization.length > 0) {
      s.fits = true;
      s.fitsFrom = 'place and route';
    } else if (noFit) {
      s.fits = false;
      s.fitsFrom = 'place and route';
    } else {
      s.fits = s.over.length === 0;
      s.fitsFrom = 'synthesis';
    }
  }
  const f = Object.values(r.pnr?.fmaxMHz ?? {});
  if (f.length > 0 && !noFit) {
    s.fmaxMHz = Math.min(...f);
    s.targetMHz = r.pnr!.targetMHz;
  }
  if (r.pnr?.criticalPath && !noFit) s.criticalPath = r.pnr.criticalPath;
  return s;
}
