/**
 * The FPGA flow after simulation: synthesis with Yosys (a technology-independent resource
 * report, or iCE40 mapping), and for iCE40 placement and routing with nextpnr-ice40 and a
 * bitstream from icepack. Resource figures come from the tools' own reports (Yosys `stat`,
 * nextpnr's device utilisation and Fmax), parsed here.
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
import { join, resolve } from 'node:path';
import type { EmittedDesign, PortSpec } from '../hdl-gen/index.ts';

export type SynthTarget = 'generic' | 'ice40';
export type Ice40Device = 'up5k' | 'hx8k';

/** Package and resources of each iCE40 device the flow targets (datasheet figures). */
export const ICE40_DEVICES: Record<Ice40Device, { package: string; ios: number; lcs: number; brams: number; dsps: number; synthDevice: string }> = {
  up5k: { package: 'sg48', ios: 39, lcs: 5280, brams: 30, dsps: 8, synthDevice: 'u' },
  hx8k: { package: 'ct256', ios: 206, lcs: 7680, brams: 32, dsps: 0, synthDevice: 'hx' },
};

export interface SynthOptions {
  design: EmittedDesign;
  target: SynthTarget;
  /** iCE40 device (target ice40 only); default up5k. */
  device?: Ice40Device;
  /** Place and route and pack a bitstream (target ice40 only). */
  pnr?: boolean;
  /** Folder for the Verilog, scripts, logs, netlist and bitstream (created). */
  outDir: string;
  /** Wall-clock limit of the whole flow, in milliseconds. */
  timeoutMs: number;
  /** Clock target for nextpnr, MHz; default 12. */
  freqMHz?: number;
  /**
   * Which outputs of the core the pin wrapper keeps (iCE40 only). Default: every output but the
   * debug port (`dbg_*`) and the performance counters (`perf_*`).
   */
  keepOutput?: (port: PortSpec) => boolean;
  /** Called with one line at the start of each step. */
  onStep?: (line: string) => void;
}

/** A resource summary read from a Yosys `stat` report. */
export interface ResourceUsage {
  /** Every cell type and its count, for the whole hierarchy. */
  cells: Record<string, number>;
  totalCells: number;
  /** SB_LUT4 (ice40) or $lut cells. */
  luts: number;
  /** Generic gate cells ($_AND_, $_MUX_, ...), for technology-independent synthesis. */
  gates: number;
  flipFlops: number;
  /** SB_RAM40_4K blocks (ice40). */
  blockRams: number;
  /** Memories left as memories ($mem cells), and their bits, as `stat` counts them. */
  memories: number;
  memoryBits: number;
  /** SB_MAC16 (ice40) or $mul / $macc cells. */
  multipliers: number;
  /** SB_CARRY cells (ice40) or $alu / $lcu cells. */
  carry: number;
}

export interface UtilizationLine {
  resource: string;
  used: number;
  available: number;
}

export interface PnrReport {
  utilization: UtilizationLine[];
  /** Max frequency after routing, per clock, MHz. */
  fmaxMHz: Record<string, number>;
  targetMHz: number;
}

export interface SynthResult {
  target: SynthTarget;
  device?: Ice40Device;
  package?: string;
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

const FF_CELL = /^(\$_(S?DFF|DFFE|SDFFE|SDFFCE|ALDFF|ALDFFE|DFFSR|DFFSRE|DLATCH)[A-Z0-9_]*_|\$(s?dff|dffe|sdffe|sdffce|adff|adffe|aldff|aldffe|dffsr|dffsre|dlatch)|SB_DFF[A-Z]*)$/;
const GATE_CELL = /^\$_(AND|OR|XOR|XNOR|NAND|NOR|NOT|MUX|NMUX|ANDNOT|ORNOT|AOI3|OAI3|AOI4|OAI4|BUF)_$/;

function classify(cells: Record<string, number>, memories: number, memoryBits: number): ResourceUsage {
  const sum = (pred: (t: string) => boolean): number =>
    Object.entries(cells).reduce((a, [t, n]) => (pred(t) ? a + n : a), 0);
  return {
    cells,
    totalCells: sum(() => true),
    luts: sum((t) => t === 'SB_LUT4' || t === '$lut'),
    gates: sum((t) => GATE_CELL.test(t)),
    flipFlops: sum((t) => FF_CELL.test(t)),
    blockRams: sum((t) => /^SB_RAM40_4K/.test(t)),
    memories: memories + sum((t) => /^\$mem(_v2)?$/.test(t)),
    memoryBits,
    multipliers: sum((t) => t === 'SB_MAC16' || t === '$mul' || t === '$macc'),
    carry: sum((t) => t === 'SB_CARRY' || t === '$alu' || t === '$lcu'),
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
 * A top module around `design` with few pins: clock, reset and one-bit ports pass through;
 * wide inputs (lowest port first, lowest bit first) come from a shift register loaded one bit
 * per cycle from `in_bit` while `in_shift` is high; wide outputs that `keep` accepts are loaded
 * into a capture register on `obs_load` and leave on `obs_out`, lowest bit first, one per cycle
 * of `obs_shift`.
 */
export function fpgaPinWrapper(design: EmittedDesign, keep: (p: PortSpec) => boolean = defaultKeepOutput): PinWrapper {
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

  const header: string[] = [];
  const body: string[] = [];
  const conns: string[] = [];
  for (const s of special) {
    header.push(`  input wire ${s}`);
    conns.push(`    .${s}(${s})`);
  }
  for (const p of narrowIn) {
    header.push(`  input wire pin_${p.name}`);
    conns.push(`    .${p.name}(pin_${p.name})`);
  }
  for (const p of narrowOut) {
    header.push(`  output wire pin_${p.name}`);
    conns.push(`    .${p.name}(pin_${p.name})`);
  }
  const clk = design.clock;
  if ((iw > 0 || ow > 0) && clk === undefined) {
    throw new FpgaFlowError('bad-option', `${design.top}: wide ports need a clock to shift through, and the design has none`);
  }
  if (iw > 0) {
    header.push('  input wire in_bit', '  input wire in_shift');
    body.push(`  reg [${iw - 1}:0] in_sr;`);
    const next = iw === 1 ? 'in_bit' : `{in_bit, in_sr[${iw - 1}:1]}`;
    body.push(`  always @(posedge ${clk}) begin`, `    if (in_shift) in_sr <= ${next};`, '  end');
    let at = 0;
    for (const p of wideIn) {
      conns.push(`    .${p.name}(in_sr[${at + p.width - 1}:${at}])`);
      at += p.width;
    }
  }
  if (ow > 0) {
    header.push('  input wire obs_load', '  input wire obs_shift', '  output wire obs_out');
    for (const p of wideOut) {
      body.push(`  wire [${p.width - 1}:0] core_${p.name};`);
      conns.push(`    .${p.name}(core_${p.name})`);
    }
    body.push(`  reg [${ow - 1}:0] obs_sr;`);
    // Concatenation lists the highest field first: the last kept port holds the top bits.
    const all = wideOut.map((p) => `core_${p.name}`).reverse().join(', ');
    const shifted = ow === 1 ? "1'b0" : `{1'b0, obs_sr[${ow - 1}:1]}`;
    body.push(
      `  always @(posedge ${clk}) begin`,
      `    if (obs_load) obs_sr <= {${all}};`,
      `    else if (obs_shift) obs_sr <= ${shifted};`,
      '  end',
      '  assign obs_out = obs_sr[0];',
    );
  }
  for (const p of dropped) {
    // Verilator's default unused pattern (*unused*) covers these names: outputs left open on purpose.
    body.push(p.width === 1 ? `  wire unused_${p.name};` : `  wire [${p.width - 1}:0] unused_${p.name};`);
    conns.push(`    .${p.name}(unused_${p.name})`);
  }
  const text = [
    `module ${name} (`,
    header.join(',\n'),
    ');',
    ...body,
    `  ${design.top} core (`,
    conns.join(',\n'),
    '  );',
    'endmodule',
    '',
  ].join('\n');
  const pins = special.size + narrowIn.length + narrowOut.length + (iw > 0 ? 2 : 0) + (ow > 0 ? 3 : 0);
  return { name, text, pins, shiftInBits: iw, captureBits: ow, droppedOutputs: dropped.map((p) => p.name) };
}

// ---------------------------------------------------------------------------------------------
// Running the tools

interface ToolRun {
  code: number;
  output: string;
  seconds: number;
}

/** Runs a tool in its own process group; kills the whole group (Yosys starts ABC) at the deadline. */
function runTool(tool: string, args: string[], cwd: string, deadline: number, logFile: string): Promise<ToolRun> {
  const budget = deadline - Date.now();
  if (budget <= 0) return Promise.reject(new FpgaFlowError('timeout', `${tool}: no time left of the flow's limit; raise the timeout`));
  const t0 = Date.now();
  return new Promise((done, fail) => {
    const child = spawn(tool, args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
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
          ? new FpgaFlowError('tool-missing', `${tool}: not found on PATH; install it (Debian: apt-get install ${TOOL_PACKAGE[tool] ?? tool})`)
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
    '',
  ].join('\n');
}

function ice40Script(top: string, device: Ice40Device, dsp: boolean): string {
  return [
    'read_verilog -sv design.v',
    // Up to the check step: synth_ice40's own check step starts with autoname, which takes
    // longer than the whole mapping on a netlist of the core's size in Yosys 0.23.
    `synth_ice40 -top ${top} -device ${ICE40_DEVICES[device].synthDevice}${dsp ? ' -dsp' : ''} -run begin:check`,
    'hierarchy -check',
    'check -noinit',
    'tee -o stat.txt stat',
    'write_json design.json',
    '',
  ].join('\n');
}

/**
 * Synthesizes `design` (and for iCE40 with `pnr`, places, routes and packs it). Writes
 * design.v, the Yosys script, the tools' logs, the netlist and the bitstream to `outDir`.
 */
export async function runSynth(opts: SynthOptions): Promise<SynthResult> {
  const { design, target } = opts;
  if (target !== 'generic' && target !== 'ice40') throw new FpgaFlowError('bad-option', `target ${String(target)}: use generic or ice40`);
  const device = opts.device ?? 'up5k';
  if (!(device in ICE40_DEVICES)) throw new FpgaFlowError('bad-option', `device ${String(device)}: use up5k or hx8k`);
  if (opts.pnr && target !== 'ice40') throw new FpgaFlowError('bad-option', 'place and route (--pnr) needs --target ice40');
  if (!(opts.timeoutMs > 0)) throw new FpgaFlowError('bad-option', `timeout ${opts.timeoutMs} ms: give a positive limit`);
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
  if (target === 'ice40' && corePortBits > dev.ios) {
    const w = fpgaPinWrapper(design, opts.keepOutput);
    if (w.pins > dev.ios) {
      throw new FpgaFlowError('no-fit', `${design.top}: the pin wrapper still needs ${w.pins} pins and the ${device} ${dev.package} package has ${dev.ios}`);
    }
    text += '\n' + w.text;
    synthTop = w.name;
    wrapper = { pins: w.pins, shiftInBits: w.shiftInBits, captureBits: w.captureBits, droppedOutputs: w.droppedOutputs };
  }
  writeFileSync(join(out, 'design.v'), text);
  const notes: string[] = [];
  const synthesize = async (dsp: boolean): Promise<ToolRun> => {
    writeFileSync(join(out, 'synth.ys'), target === 'generic' ? genericScript(synthTop) : ice40Script(synthTop, device, dsp));
    step(`yosys: ${target === 'generic' ? 'generic synthesis' : `synth_ice40 (${device}${dsp ? ', DSP inference' : ''})`} of ${synthTop}`);
    return runTool('yosys', ['-q', '-l', 'yosys.log', '-s', 'synth.ys'], out, deadline, join(out, 'yosys.out'));
  };
  const useDsp = target === 'ice40' && dev.dsps > 0;
  let ys = await synthesize(useDsp);
  if (ys.code !== 0 && useDsp && /ice40_dsp/.test(ys.output + readIfExists(join(out, 'yosys.log')))) {
    // Yosys 0.23's SB_MAC16 matcher asserts on some multiplier fan-outs; map multipliers to logic instead.
    notes.push('SB_MAC16 inference (synth_ice40 -dsp) failed in Yosys ice40_dsp; multipliers mapped to logic');
    ys = await synthesize(false);
  }
  if (ys.code !== 0) {
    const log = readIfExists(join(out, 'yosys.log')) + ys.output;
    throw new FpgaFlowError('tool-failed', `yosys failed on ${synthTop}: ${lastError(log)} (log: ${join(out, 'yosys.log')})`);
  }
  const resources = parseYosysStat(readFileSync(join(out, 'stat.txt'), 'utf8'));
  const coarse = target === 'generic' ? parseYosysStat(readFileSync(join(out, 'stat-coarse.txt'), 'utf8')) : undefined;
  const result: SynthResult = {
    target,
    coreTop: design.top,
    synthTop,
    corePortBits,
    rtlMemories: rtlMemories(design.modules.map((m) => m.text).join('\n')),
    resources,
    seconds: { synth: ys.seconds },
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

  step(`nextpnr-ice40: --${device} --package ${dev.package} --freq ${freq}`);
  const pnrArgs = [`--${device}`, '--package', dev.package, '--json', 'design.json', '--asc', 'design.asc', '--freq', String(freq), '--seed', '1'];
  const pr = await runTool('nextpnr-ice40', pnrArgs, out, deadline, join(out, 'nextpnr.log'));
  if (pr.code !== 0) {
    const fit = nextpnrNoFit(pr.output);
    if (fit) {
      result.seconds.pnr = pr.seconds;
      if (/Device utilisation:/.test(pr.output)) result.pnr = parseNextpnrLog(pr.output);
      throw new FpgaFlowError('no-fit', `${synthTop} does not fit the ${device}: ${fit} (log: ${join(out, 'nextpnr.log')})`, result);
    }
    throw new FpgaFlowError('tool-failed', `nextpnr-ice40 failed on ${synthTop}: ${lastError(pr.output)} (log: ${join(out, 'nextpnr.log')})`);
  }
  result.pnr = parseNextpnrLog(pr.output);
  result.seconds.pnr = pr.seconds;

  step('icepack: design.asc -> design.bin');
  const pk = await runTool('icepack', ['design.asc', 'design.bin'], out, deadline, join(out, 'icepack.log'));
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

function usageLines(u: ResourceUsage, ice40: boolean): string[] {
  const lines = ice40
    ? [
        `  LUTs (SB_LUT4)        ${u.luts}`,
        `  flip-flops (SB_DFF*)  ${u.flipFlops}`,
        `  block RAMs (SB_RAM40) ${u.blockRams}`,
        `  DSPs (SB_MAC16)       ${u.multipliers}`,
        `  carry (SB_CARRY)      ${u.carry}`,
      ]
    : [
        `  gates                 ${u.gates}`,
        `  flip-flops            ${u.flipFlops}`,
        `  memories ($mem)       ${u.memories}`,
      ];
  lines.push(`  cells in all          ${u.totalCells}`);
  return lines;
}

/** The human-readable report of one run (deterministic for a given result). */
export function formatSynthReport(r: SynthResult): string {
  const ice40 = r.target === 'ice40';
  const lines: string[] = [];
  lines.push(`design      ${r.coreTop} (${r.corePortBits} port bits; ${r.rtlMemories.arrays} memory arrays, ${r.rtlMemories.bits} bits)`);
  lines.push(`target      ${ice40 ? `iCE40 ${r.device} (${r.package})` : 'generic (technology-independent)'}`);
  if (r.wrapper) {
    lines.push(
      `pin wrapper ${r.synthTop}: ${r.wrapper.pins} pins; ${r.wrapper.shiftInBits} input bits shifted in, ${r.wrapper.captureBits} output bits shifted out` +
        (r.wrapper.droppedOutputs.length > 0 ? `; outputs left open: ${r.wrapper.droppedOutputs.join(' ')}` : ''),
    );
  }
  if (r.coarse) {
    lines.push('word level (before gate mapping):');
    lines.push(`  memories ($mem)       ${r.coarse.memories}`);
    lines.push(`  multipliers           ${r.coarse.multipliers} ($mul, $macc)`);
    lines.push(`  adders ($alu)         ${r.coarse.carry}`);
  }
  lines.push(`synthesis (yosys, ${r.seconds.synth.toFixed(1)} s):`);
  lines.push(...usageLines(r.resources, ice40));
  if (r.pnr) {
    lines.push(`place and route (nextpnr-ice40, ${(r.seconds.pnr ?? 0).toFixed(1)} s):`);
    for (const u of r.pnr.utilization) {
      if (u.used === 0) continue;
      lines.push(`  ${u.resource.padEnd(20)} ${String(u.used).padStart(6)} / ${u.available} (${((100 * u.used) / u.available).toFixed(0)}%)`);
    }
    const clocks = Object.entries(r.pnr.fmaxMHz);
    for (const [clk, f] of clocks) lines.push(`  Fmax ${clk}: ${f.toFixed(2)} MHz (target ${r.pnr.targetMHz} MHz)`);
    if (clocks.length === 0) lines.push('  Fmax: none reported (the design was not placed and routed)');
  }
  for (const n of r.notes) lines.push(`note        ${n}`);
  if (r.bitstream) lines.push(`bitstream   ${r.bitstream.path} (${r.bitstream.bytes} bytes, icepack ${(r.seconds.pack ?? 0).toFixed(1)} s)`);
  return lines.join('\n') + '\n';
}
