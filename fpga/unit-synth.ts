/**
 * Synthesis of a design's modules one at a time: each distinct module of the hierarchy is
 * synthesized alone, its submodules turned into black boxes, and the design's figures are the
 * sum over its instances. This gives the same per-module figures as a hierarchical synthesis
 * (`-noflatten`: nothing is optimized across a module boundary there either), but a large
 * design's modules can be synthesized in parallel, a module met before (the same text, whatever
 * its name) is not synthesized again, and two configurations of a generator can be compared
 * module by module.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { emitDesign } from '../hdl-gen/core/emit-verilog.ts';
import type { ModuleBuilder } from '../hdl-gen/core/module-builder.ts';
import {
  classify,
  FpgaFlowError,
  ICE40_DEVICES,
  type Ice40Device,
  type ResourceFigures,
  type ToolSet,
  parseYosysStatJson,
  resourceFigures,
  runTool,
} from './fpga-flow.ts';

export type UnitTarget = 'ice40' | 'xilinx';

export interface UnitSynthOptions {
  target: UnitTarget;
  /** iCE40 device (target ice40); default up5k. */
  device?: Ice40Device;
  tools?: ToolSet;
  /** iCE40 UP5K: let Yosys map memories to SB_SPRAM256KA (`synth_ice40 -spram`). */
  spram?: boolean;
  /**
   * Folder for each module's run (`<module>-<target>/`) and the result cache (`units.json`); a
   * module whose folder holds the same design and script and a `stat.json` is not run again.
   */
  outDir: string;
  /** Wall-clock limit of each module's synthesis, in milliseconds. */
  timeoutMs: number;
  /** Modules synthesized at once (default 1). */
  jobs?: number;
  onStep?: (line: string) => void;
}

export interface UnitFigures {
  /** The module's own cells (submodules excluded), one instance. */
  figures: ResourceFigures;
  /** Yosys wall-clock seconds (0 when the result came from the cache). */
  seconds: number;
}

export interface InstanceRow {
  /** Instance path from the top (`top` for the top module itself). */
  path: string;
  module: string;
  figures: ResourceFigures;
}

export interface UnitSynthResult {
  target: UnitTarget;
  /** Every instance of the tree, top first, with its module's own figures. */
  instances: InstanceRow[];
  totals: ResourceFigures;
  /** Modules synthesized in this call (the others came from the cache). */
  synthesized: string[];
}

const FIELDS = ['lut4', 'lut6', 'carry', 'ff', 'ebr', 'spram', 'dsp'] as const;

/** Sum of resource figures (fields absent in all inputs stay absent). */
export function addFigures(rows: readonly ResourceFigures[]): ResourceFigures {
  const out: ResourceFigures = { carry: 0, ff: 0, ebr: 0, spram: 0, dsp: 0 };
  for (const r of rows) {
    for (const f of FIELDS) {
      const v = r[f];
      if (v !== undefined) out[f] = (out[f] ?? 0) + v;
    }
  }
  return out;
}

/** The tools, script and text of a module with its own name replaced: equal for modules that differ only in name. */
function cacheKey(name: string, text: string, script: string, tools: ToolSet): string {
  const h = createHash('sha256').update(tools);
  for (const part of [script, text]) h.update('\n').update(part.split(name).join('\u0000'));
  return h.digest('hex').slice(0, 24);
}

function unitScript(target: UnitTarget, top: string, blackboxes: string[], device: Ice40Device, spram: boolean): string {
  const synth =
    target === 'ice40'
      ? `synth_ice40 -top ${top} -device ${ICE40_DEVICES[device].synthDevice} -dsp${spram ? ' -spram' : ''} -run begin:check`
      : `synth_xilinx -top ${top} -family xc7 -run begin:check`;
  return [
    'read_verilog -sv design.v',
    ...(blackboxes.length > 0 ? [`blackbox ${blackboxes.join(' ')}`] : []),
    `hierarchy -check -top ${top}`,
    synth,
    'check -noinit',
    'tee -q -o stat.json stat -json',
    '',
  ].join('\n');
}

/** A module's own cells by type (one instance, submodules excluded) from a `stat -json` report. */
function ownCells(statFile: string, name: string): Record<string, number> {
  const stat = parseYosysStatJson(readFileSync(statFile, 'utf8'), name);
  const own = stat.modules.find((x) => x.name === name);
  if (!own) throw new FpgaFlowError('tool-failed', `yosys on ${name}: the module is not in its own statistics (${statFile})`);
  return own.resources.cells;
}

/** Synthesizes every distinct module of `top`'s tree alone; see the file comment. */
export async function synthUnits(top: ModuleBuilder, opts: UnitSynthOptions): Promise<UnitSynthResult> {
  const device = opts.device ?? 'up5k';
  const tools = opts.tools ?? 'yowasp';
  const jobs = Math.max(1, opts.jobs ?? 1);
  const out = resolve(opts.outDir);
  mkdirSync(out, { recursive: true });
  const cacheFile = join(out, 'units.json');
  // Each module's own cells by type (one instance), by cache key.
  const cache: Record<string, Record<string, number>> = existsSync(cacheFile) ? (JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<string, Record<string, number>>) : {};

  // Distinct modules of the tree (black boxes of the device are not synthesized).
  const modules = new Map<string, ModuleBuilder>();
  const walk = (m: ModuleBuilder): void => {
    if (modules.has(m.name) || m.external) return;
    modules.set(m.name, m);
    for (const i of m.instances) walk(i.module);
  };
  walk(top);
  const keyOf = new Map<string, string>();
  const work: { name: string; key: string; text: string; script: string }[] = [];
  for (const [name, m] of modules) {
    const d = emitDesign(m);
    const own = d.modules.find((x) => x.name === name)!;
    const children = [...new Set(m.instances.filter((i) => !i.module.external).map((i) => i.module.name))];
    const script = unitScript(opts.target, name, children, device, opts.spram === true);
    const key = cacheKey(name, own.text, script, tools);
    keyOf.set(name, key);
    if (cache[key] !== undefined || work.some((w) => w.key === key)) continue;
    const text = d.modules.map((x) => x.text).join('\n');
    // A folder of an earlier run with the same design and script: its statistics stand.
    const dir = join(out, `${name}-${opts.target}`);
    const same = (f: string, want: string): boolean => existsSync(join(dir, f)) && readFileSync(join(dir, f), 'utf8') === want;
    if (same('design.v', text) && same('synth.ys', script) && existsSync(join(dir, 'stat.json'))) {
      cache[key] = ownCells(join(dir, 'stat.json'), name);
      continue;
    }
    work.push({ name, key, text, script });
  }

  const step = opts.onStep ?? ((): void => undefined);
  let next = 0;
  const runOne = async (): Promise<void> => {
    for (;;) {
      const w = work[next++];
      if (!w) return;
      const dir = join(out, `${w.name}-${opts.target}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'design.v'), w.text);
      writeFileSync(join(dir, 'synth.ys'), w.script);
      step(`yosys: ${opts.target} synthesis of ${w.name}`);
      const run = await runTool(tools, 'yosys', ['-q', '-l', 'yosys.log', '-s', 'synth.ys'], dir, Date.now() + opts.timeoutMs, join(dir, 'yosys.out'));
      if (run.code !== 0) throw new FpgaFlowError('tool-failed', `yosys on ${w.name}: exit ${run.code} (log: ${join(dir, 'yosys.out')})`);
      cache[w.key] = ownCells(join(dir, 'stat.json'), w.name);
      writeFileSync(cacheFile, JSON.stringify(cache, null, 1) + '\n');
      step(`yosys: ${w.name} done in ${run.seconds.toFixed(0)} s`);
    }
  };
  await Promise.all(Array.from({ length: jobs }, runOne));

  const instances: InstanceRow[] = [];
  const visit = (m: ModuleBuilder, path: string): void => {
    if (m.external) return;
    instances.push({ path, module: m.name, figures: resourceFigures(classify(cache[keyOf.get(m.name)!]!), opts.target) });
    for (const i of m.instances) visit(i.module, path === 'top' ? i.name : `${path}.${i.name}`);
  };
  visit(top, 'top');
  return { target: opts.target, instances, totals: addFigures(instances.map((r) => r.figures)), synthesized: work.map((w) => w.name) };
}
