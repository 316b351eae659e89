/**
 * Fmax and critical path of one unit of the LM core (or of several, wired as in the core),
 * placed and routed alone on an iCE40 UP5K (fpga/unit-fmax.ts says what is placed):
 *
 *   npx tsx scripts/unit-fmax.ts --unit post [--preset up5k] [--model DIR | --shape d,L,I,V]
 *       [--spram] [--clock-mhz 24] [--seed 1] [--tools yowasp|system] [--timeout S]
 *       [--out DIR] [--json]
 *
 * --unit: core, fetcher, pass, scalar, acc_array, post, mul; several separated by commas
 * (e.g. mul,post) place the core's top logic with those units and stand-ins for the others.
 * Prints the logic cells, EBR, SPRAM and DSP tiles nextpnr used (the pin wrapper's registers
 * included; the unit's own synthesized cells beside them), the Fmax of the clock after
 * routing, and the critical path (source and sink registers, the nets it goes through, the
 * delay split logic / routing). nextpnr does not time a path through a combinational SB_MAC16
 * as one path; the two halves into and out of the DSP are printed too.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { lmCore } from '../hdl-gen/blocks/lm-core.ts';
import { PRESET_NAMES } from '../hdl-gen/blocks/lm-core/presets.ts';
import { parseModelDims } from '../host/model/config.ts';
import { FpgaFlowError, ICE40_DEVICES, resourceFigures, runSynth, TOOL_SETS, type SynthResult, type ToolSet } from '../fpga/fpga-flow.ts';
import { addFigures } from '../fpga/unit-synth.ts';
import { dspSplit, pathLines, readNetlistNames, summarizePath, unitDesign, type PathSummary, UNIT_NAMES } from '../fpga/unit-fmax.ts';
import { synthShape } from './commands/synth.ts';

export interface UnitFmaxReport {
  unit: string;
  placed: string;
  standIns: string[];
  shape: ReturnType<typeof synthShape>;
  spram: boolean;
  tools: { set: ToolSet; yosys: string; seed: number };
  clockMHz: number;
  /** nextpnr's utilisation after placement (pin wrapper included). */
  placedAndRouted: { logicCells: number; ebr: number; spram: number; dsp: number; pins: number };
  /** Synthesized cells of the unit (the wrapper's own cells left out) and of the wrapper. */
  synthesized: { unit: { lut4: number; ff: number; carry: number }; wrapper: { lut4: number; ff: number; carry: number } };
  clock: string;
  fmaxMHz: number;
  met: boolean;
  criticalPath?: PathSummary;
  /** The halves of the slowest path through a combinational SB_MAC16, when there is one. */
  throughDsp?: { into: PathSummary; out: PathSummary; sumNs: number };
  outDir: string;
}

function fail(msg: string, code = 2): never {
  process.stderr.write(`unit-fmax: ${msg}\n`);
  process.exit(code);
}

export function unitReport(r: SynthResult, unit: string, placed: string, standIns: string[], shape: ReturnType<typeof synthShape>, spram: boolean, seed: number, clockMHz: number): UnitFmaxReport {
  const pnr = r.pnr!;
  const used = (res: string): number => pnr.utilization.find((u) => u.resource === res)?.used ?? 0;
  const clock = Object.keys(pnr.fmaxMHz).find((c) => /^clk/.test(c)) ?? Object.keys(pnr.fmaxMHz).find((c) => !/PACKER/.test(c));
  if (clock === undefined) throw new FpgaFlowError('tool-failed', `nextpnr reported no Fmax for the design's clock (clocks: ${Object.keys(pnr.fmaxMHz).join(', ') || 'none'})`);
  const fig = (mods: typeof r.modules): { lut4: number; ff: number; carry: number } => {
    const f = addFigures(mods.map((m) => {
      const x = resourceFigures(m.resources, 'ice40');
      return { ...x, lut4: (x.lut4 ?? 0) * m.instances, ff: x.ff * m.instances, carry: x.carry * m.instances };
    }));
    return { lut4: f.lut4 ?? 0, ff: f.ff, carry: f.carry };
  };
  const names = readNetlistNames(join(r.outDir, 'design.json'), r.synthTop, join(r.outDir, 'design.v'));
  const paths = pnr.paths ?? [];
  const own = paths.filter((p) => p.fromClock === p.toClock && p.fromClock.endsWith(clock));
  const cp = own.reduce<(typeof own)[number] | undefined>((a, p) => (a === undefined || p.delayNs > a.delayNs ? p : a), undefined);
  const dsp = dspSplit(paths, clock);
  const rep: UnitFmaxReport = {
    unit,
    placed,
    standIns,
    shape,
    spram,
    tools: { set: r.tools.set, yosys: r.tools.yosys, seed },
    clockMHz,
    placedAndRouted: { logicCells: used('ICESTORM_LC'), ebr: used('ICESTORM_RAM'), spram: used('ICESTORM_SPRAM'), dsp: used('ICESTORM_DSP'), pins: used('SB_IO') },
    synthesized: { unit: fig(r.modules.filter((m) => m.name !== r.synthTop)), wrapper: fig(r.modules.filter((m) => m.name === r.synthTop)) },
    clock,
    fmaxMHz: pnr.fmaxMHz[clock]!,
    met: pnr.fmaxMHz[clock]! >= clockMHz,
    outDir: r.outDir,
  };
  if (cp) rep.criticalPath = summarizePath(cp, names);
  if (dsp) rep.throughDsp = { into: summarizePath(dsp.into, names), out: summarizePath(dsp.out, names), sumNs: dsp.sumNs };
  return rep;
}

export function formatUnitReport(u: UnitFmaxReport): string {
  const s = u.shape;
  const lines = [
    `unit        ${u.unit}: ${u.placed}`,
    `core        d ${s.hiddenSize}, L ${s.numLayers}, I ${s.intermediateSize}, V ${s.vocabSize}; ${s.lanes} lanes ${s.format}${u.spram ? '; parameter store and h in SPRAM' : ''}`,
    `tools       ${u.tools.set}: ${u.tools.yosys}; nextpnr-ice40 seed ${u.tools.seed}`,
    `wrapper     every port of the placed design meets a wrapper flip-flop: the paths below are its own, register to register`,
    `placed and routed (UP5K, wrapper included): ${u.placedAndRouted.logicCells} / ${ICE40_DEVICES.up5k.lcs} logic cells, ${u.placedAndRouted.ebr} EBR, ${u.placedAndRouted.spram} SPRAM, ${u.placedAndRouted.dsp} DSP, ${u.placedAndRouted.pins} pins`,
    `synthesized: placed design ${u.synthesized.unit.lut4} LUT4, ${u.synthesized.unit.ff} FF, ${u.synthesized.unit.carry} carry; wrapper ${u.synthesized.wrapper.lut4} LUT4, ${u.synthesized.wrapper.ff} FF`,
    `Fmax        ${u.fmaxMHz.toFixed(2)} MHz (placed and routed, clock ${u.clock}; target ${u.clockMHz} MHz: ${u.met ? 'met' : 'NOT met'})`,
  ];
  if (u.criticalPath) {
    lines.push(`critical path (placed and routed, register to register):`);
    lines.push(...pathLines(u.criticalPath));
  }
  if (u.throughDsp) {
    const d = u.throughDsp;
    lines.push(
      `through SB_MAC16 (nextpnr times the DSP's ports as registered, so the clock's Fmax leaves this path out): ${d.into.delayNs.toFixed(2)} ns into the DSP + ${d.out.delayNs.toFixed(2)} ns out of it = ${d.sumNs.toFixed(2)} ns, plus the DSP's own combinational delay (not in nextpnr's timing data)`,
    );
    lines.push(`  into the DSP (slowest):`);
    lines.push(...pathLines(d.into, '    '));
    lines.push(`  out of the DSP (slowest):`);
    lines.push(...pathLines(d.out, '    '));
  }
  lines.push(`files       ${u.outDir}`);
  return lines.join('\n') + '\n';
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      unit: { type: 'string' },
      preset: { type: 'string', default: 'up5k' },
      model: { type: 'string' },
      shape: { type: 'string' },
      spram: { type: 'boolean', default: false },
      'clock-mhz': { type: 'string', default: '24' },
      seed: { type: 'string', default: '1' },
      tools: { type: 'string', default: 'yowasp' },
      timeout: { type: 'string', default: '3600' },
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!values.unit) fail(`--unit NAME is required: ${UNIT_NAMES.join(', ')}, or several separated by commas`);
  const units = values.unit.split(',').map((x) => x.trim());
  const bad = units.find((u) => !(UNIT_NAMES as readonly string[]).includes(u));
  if (bad !== undefined) fail(`--unit ${bad}: use ${UNIT_NAMES.join(', ')}, or several separated by commas`);
  if (!(PRESET_NAMES as readonly string[]).includes(values.preset)) fail(`--preset ${values.preset}: use one of ${PRESET_NAMES.join(', ')}`);
  if (values.model && values.shape) fail('--model and --shape exclude each other');
  if (values.shape && !parseModelDims(values.shape)) fail(`--shape must be d,L,I,V as four positive integers (got '${values.shape}')`);
  const clockMHz = Number(values['clock-mhz']);
  if (!(clockMHz > 0)) fail(`--clock-mhz must be a positive number (got ${values['clock-mhz']})`);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed) || seed < 1) fail(`--seed must be a positive integer (got ${values.seed})`);
  if (!(TOOL_SETS as readonly string[]).includes(values.tools)) fail(`--tools ${values.tools}: use ${TOOL_SETS.join(' or ')}`);
  const timeout = Number(values.timeout);
  if (!(timeout > 0)) fail(`--timeout must be a positive number of seconds (got ${values.timeout})`);
  const shape = synthShape({ preset: values.preset, ...(values.model ? { model: values.model } : {}), ...(values.shape ? { shape: values.shape } : {}) });
  const spram = values.spram === true;
  let ud;
  try {
    ud = unitDesign(lmCore(shape, { debug: false, spram }), units);
  } catch (e) {
    if (e instanceof FpgaFlowError) fail(e.message);
    throw e;
  }
  const out = values.out ?? mkdtempSync(join(tmpdir(), 'unit-fmax-'));
  mkdirSync(out, { recursive: true });
  const log = values.json ? (): void => undefined : (l: string): void => void process.stderr.write(`${l}\n`);
  log(`placing ${ud.label}`);
  try {
    const r = await runSynth({
      design: ud.design,
      target: 'ice40',
      device: 'up5k',
      pnr: true,
      pack: false,
      tools: values.tools as ToolSet,
      freqMHz: clockMHz,
      seed,
      alwaysWrap: true,
      registerPorts: true,
      timingAllowFail: true,
      outDir: out,
      timeoutMs: timeout * 1000,
      onStep: log,
    });
    const rep = unitReport(r, units.join(','), ud.label, ud.standIns, shape, spram, seed, clockMHz);
    writeFileSync(join(out, 'unit-fmax.json'), JSON.stringify(rep, null, 2) + '\n');
    const text = formatUnitReport(rep);
    writeFileSync(join(out, 'unit-fmax.txt'), text);
    process.stdout.write(values.json ? JSON.stringify(rep, null, 2) + '\n' : text);
  } catch (e) {
    if (e instanceof FpgaFlowError) fail(e.message, e.exitCode);
    throw e;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
