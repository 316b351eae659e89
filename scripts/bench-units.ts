/**
 * Synthesizes the stand-alone MLGRU and GLU units (hdl-gen/blocks/mlgru-unit.ts, glu-unit.ts)
 * for an iCE40 UP5K (synth_ice40 -dsp) and for Xilinx 7-series (synth_xilinx) with the
 * project's flow (fpga/fpga-flow.ts) and prints a table of each unit's own cells (the pin
 * wrapper around it excluded) and the wall time of the synthesis step:
 *
 *   npx tsx scripts/bench-units.ts [--acc-bits 16] [--units mlgru,mlgru-serial,glu] [--targets up5k,xc7]
 *       [--tools yowasp|system] [--pnr] [--out DIR]
 *
 * --acc-bits is the width of the g / up accumulators: accumulatorBits(d) of the model, 16 for
 * the shipped model (d = 256). --pnr also places and routes the UP5K builds (nextpnr-ice40)
 * and prints their Fmax (or why they do not fit: the exit status is then 1, the synthesis
 * figures are printed all the same). Wall times depend on the machine's load.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { emitDesign, type EmittedDesign } from '../hdl-gen/index.ts';
import { gluUnit } from '../hdl-gen/blocks/glu-unit.ts';
import { mlgruUnit } from '../hdl-gen/blocks/mlgru-unit.ts';
import { FpgaFlowError, resourceFigures, runSynth, TOOL_SETS, type SynthResult, type ToolSet } from '../fpga/fpga-flow.ts';

const TARGETS = ['up5k', 'xc7'] as const;
type Target = (typeof TARGETS)[number];

function fail(msg: string): never {
  process.stderr.write(`bench-units: ${msg}\n`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    'acc-bits': { type: 'string', default: '16' },
    units: { type: 'string', default: 'mlgru,mlgru-serial,glu' },
    targets: { type: 'string', default: TARGETS.join(',') },
    tools: { type: 'string', default: 'yowasp' },
    pnr: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
  strict: true,
});
const accBits = Number(values['acc-bits']);
if (!Number.isInteger(accBits) || accBits < 2 || accBits > 40) fail(`--acc-bits ${values['acc-bits']}: give an integer in 2..40`);
const tools = values.tools as ToolSet;
if (!TOOL_SETS.includes(tools)) fail(`--tools ${values.tools}: use ${TOOL_SETS.join(' or ')}`);
const targets = values.targets.split(',') as Target[];
for (const t of targets) if (!TARGETS.includes(t)) fail(`--targets ${t}: use ${TARGETS.join(', ')}`);

const UNITS: Record<string, () => { label: string; design: EmittedDesign }> = {
  mlgru: () => ({ label: 'MLGRU', design: emitDesign(mlgruUnit({ accBits })) }),
  'mlgru-serial': () => ({ label: 'MLGRU serial', design: emitDesign(mlgruUnit({ accBits, form: 'serial' })) }),
  glu: () => ({ label: 'GLU', design: emitDesign(gluUnit({ accBits })) }),
};
const unitNames = values.units.split(',');
for (const n of unitNames) if (!(n in UNITS)) fail(`--units ${n}: use ${Object.keys(UNITS).join(', ')}`);
const units = unitNames.map((n) => UNITS[n]!());
const root = values.out ?? mkdtempSync(join(tmpdir(), 'tf-bench-units-'));
const rows = ['| unit | target | Yosys | LUT | FF | carry | block RAM | DSP | Fmax MHz | synthesis wall s |', '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |'];
let failed = 0;
for (const u of units) {
  for (const t of targets) {
    const dir = join(root, `${u.design.top}-${t}`);
    const row = (r: SynthResult, note: string): string => {
      const own = r.modules.find((m) => m.name === u.design.top)!;
      const f = resourceFigures(own.resources, r.target);
      const version = /Yosys (\d+\.\d+)/.exec(r.tools.yosys)?.[1] ?? r.tools.yosys;
      const clocks = Object.values(r.pnr?.fmaxMHz ?? {});
      const fmax = clocks.length > 0 ? `${Math.min(...clocks).toFixed(1)} (placed and routed)` : note;
      const notes = r.notes.length > 0 ? ` (${r.notes.join('; ')})` : '';
      return `| ${u.label} (${u.design.top}) | ${t}${notes} | ${version} | ${f.lut4 ?? f.lut6} | ${f.ff} | ${f.carry} | ${f.ebr} | ${f.dsp} | ${fmax} | ${r.seconds.synth.toFixed(1)} |`;
    };
    try {
      const r = await runSynth({
        design: u.design,
        target: t === 'up5k' ? 'ice40' : 'xilinx',
        device: 'up5k',
        tools,
        pnr: values.pnr && t === 'up5k',
        outDir: dir,
        timeoutMs: 3_600_000,
        onStep: (line) => process.stderr.write(`${u.design.top} ${t}: ${line}\n`),
      });
      rows.push(row(r, ''));
    } catch (e) {
      failed++;
      const over = /\(over: ([^)]*)\)/.exec((e as Error).message)?.[1];
      if (e instanceof FpgaFlowError && e.kind === 'no-fit' && e.partial !== undefined) rows.push(row(e.partial, `does not fit the UP5K${over === undefined ? '' : ` (${over})`}`));
      else rows.push(`| ${u.label} (${u.design.top}) | ${t} | | failed: ${(e as Error).message.split('\n')[0]} | | | | | | |`);
    }
    process.stderr.write(`${rows[rows.length - 1]}\n`);
  }
}
process.stdout.write(`${rows.join('\n')}\n(synthesized; build folders under ${root})\n`);
process.exit(failed > 0 ? 1 : 0);
