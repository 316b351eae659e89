/**
 * Per-unit resources of the LM core: writes the deployment build (no debug port, no counters)
 * of a preset for a model's shape and a Yosys script that maps it to iCE40 cells without
 * flattening, so `stat` reports every unit (sequencer, fetcher, accumulator array, pass unit,
 * scalar unit, post-processor, RAMs) on its own; with --yosys CMD it runs that Yosys and
 * prints the table.
 *
 *   npx tsx scripts/core-units.ts --preset up5k [--model DIR | --shape d,L,I,V] [--spram]
 *       [--yosys "yosys"] --out DIR
 *
 * Yosys 0.23 (Debian) aborts in ice40_dsp on some multipliers; the figures in docs/FPGA.md are
 * from Yosys 0.55 (`--yosys "node /path/to/yowasp.mjs yosys"` or any build on the PATH).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { designText, emitDesign } from '../hdl-gen/index.ts';
import { lmCore } from '../hdl-gen/blocks/lm-core.ts';
import { presetShape } from '../hdl-gen/blocks/lm-core/presets.ts';
import { type ModelDims, parseModelDims, readModelConfig } from '../host/model/config.ts';

export interface UnitRow {
  module: string;
  lut4: number;
  ff: number;
  carry: number;
  ebr: number;
  spram: number;
  dsp: number;
}

/** The per-module rows of a Yosys `stat` (iCE40 cells), the last one the design hierarchy total. */
export function parseIce40Stat(log: string): UnitRow[] {
  const at = log.lastIndexOf('Printing statistics');
  const parts = log.slice(at).split(/\n=== (.+?) ===\n/);
  const rows: UnitRow[] = [];
  for (let k = 1; k < parts.length; k += 2) {
    let body = parts[k + 1]!;
    if (parts[k] === 'design hierarchy') body = body.slice(body.indexOf('Number of wires'));
    const cells = new Map<string, number>();
    for (const m of body.matchAll(/^\s+(?:(\d+)\s+(SB_\w+)|(SB_\w+)\s+(\d+))\s*$/gm)) {
      if (m[1]) cells.set(m[2]!, Number(m[1]));
      else cells.set(m[3]!, Number(m[4]));
    }
    const sum = (p: string): number => [...cells].filter(([c]) => c.startsWith(p)).reduce((a, [, v]) => a + v, 0);
    rows.push({ module: parts[k]!, lut4: sum('SB_LUT4'), ff: sum('SB_DFF'), carry: sum('SB_CARRY'), ebr: sum('SB_RAM40_4K'), spram: sum('SB_SPRAM256KA'), dsp: sum('SB_MAC16') });
  }
  return rows;
}

function main(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: { preset: { type: 'string' }, model: { type: 'string' }, shape: { type: 'string' }, spram: { type: 'boolean', default: false }, yosys: { type: 'string' }, out: { type: 'string' } },
  });
  if (!values.preset || !values.out) {
    console.error('core-units: --preset NAME and --out DIR are required');
    return 2;
  }
  let dims: ModelDims | undefined;
  if (values.shape) {
    dims = parseModelDims(values.shape);
    if (!dims) {
      console.error(`core-units: --shape must be d,L,I,V as four positive integers (got '${values.shape}')`);
      return 2;
    }
  } else dims = readModelConfig(join(values.model ?? 'models/brown-ternary-5m', 'config.json'));
  const top = lmCore(presetShape(values.preset, dims), { debug: false, spram: values.spram });
  mkdirSync(values.out, { recursive: true });
  writeFileSync(join(values.out, 'design.v'), designText(emitDesign(top)));
  writeFileSync(join(values.out, 'synth.ys'), `read_verilog design.v\nsynth_ice40 -top ${top.name} -dsp${values.spram ? ' -spram' : ''} -noflatten -run begin:check\nstat\n`);
  console.log(`wrote ${values.out}/design.v and synth.ys (${top.name})`);
  if (!values.yosys) return 0;
  const [cmd, ...pre] = values.yosys.split(' ');
  const r = spawnSync(cmd!, [...pre, '-q', '-l', 'yosys.log', 'synth.ys'], { cwd: values.out, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`core-units: ${values.yosys} exited with ${r.status ?? r.signal}`);
    return 1;
  }
  console.log('| module | LUT4 | FF | carry | EBR | SPRAM | DSP |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const u of parseIce40Stat(readFileSync(join(values.out, 'yosys.log'), 'utf8'))) {
    console.log(`| ${u.module.replace(top.name, 'core')} | ${u.lut4} | ${u.ff} | ${u.carry} | ${u.ebr} | ${u.spram} | ${u.dsp} |`);
  }
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(main(process.argv.slice(2)));
