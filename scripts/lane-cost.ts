/**
 * Per-module resources of the LM core at several lane counts, and the marginal cost of a lane.
 *
 *   npx tsx scripts/lane-cost.ts [--lanes 16,64] [--model DIR | --shape d,L,I,V] [--format base3]
 *       [--target ice40,xilinx] [--array-style masked|folded|addressed] [--trit-decoder rom|logic]
 *       [--pass-width E]
 *       [--jobs N] [--out DIR]
 *   npx tsx scripts/lane-cost.ts --preset up5k,balanced,fast ...
 *
 * With --lanes, every configuration has the same units (serial passes at pass width 1,
 * bit-serial divider and square root, deployment build), so the difference between two lane
 * counts is what the lanes cost: the accumulator array and its trit decoders, the wider memory
 * word and its unpacker, the wider q words. With --preset, each preset's own units.
 * Each distinct module is synthesized alone with Yosys (fpga/unit-synth.ts; the pinned
 * WebAssembly build), so the figures are those of a hierarchical synthesis; results are kept in
 * DIR/units.json and reused by later runs. Figures are synthesized (no place and route).
 */
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { lmCore } from '../hdl-gen/blocks/lm-core.ts';
import { preset } from '../hdl-gen/blocks/lm-core/presets.ts';
import { ARRAY_STYLES, type ArrayStyle, type TritDecoderKind } from '../hdl-gen/blocks/lm-core/accumulator.ts';
import { type LmCoreShape, orList, PASS_WIDTHS, type WeightFormat } from '../hdl-gen/blocks/lm-core-layout.ts';
import type { ResourceFigures } from '../fpga/fpga-flow.ts';
import { type UnitSynthResult, type UnitTarget, addFigures, synthUnits } from '../fpga/unit-synth.ts';
import { type ModelDims, parseModelDims, readModelConfig } from '../host/model/config.ts';

interface Config {
  label: string;
  lanes: number;
  shape: LmCoreShape;
  opts: Parameters<typeof lmCore>[1];
}

const COLS: Record<UnitTarget, { head: string; key: keyof ResourceFigures }[]> = {
  ice40: [
    { head: 'LUT4', key: 'lut4' },
    { head: 'FF', key: 'ff' },
    { head: 'carry', key: 'carry' },
    { head: 'EBR', key: 'ebr' },
    { head: 'DSP', key: 'dsp' },
  ],
  xilinx: [
    { head: 'LUT6', key: 'lut6' },
    { head: 'FF', key: 'ff' },
    { head: 'BRAM', key: 'ebr' },
    { head: 'DSP', key: 'dsp' },
  ],
};

/** Rows of one configuration grouped by unit: instances of one module under one parent share a row. */
function groupRows(r: UnitSynthResult): Map<string, { count: number; figures: ResourceFigures }> {
  const rows = new Map<string, { count: number; figures: ResourceFigures }>();
  for (const i of r.instances) {
    const key = i.path === 'top' ? 'sequencer (top)' : i.path.replace(/\d+$/, '');
    const row = rows.get(key);
    if (row) {
      row.count++;
      row.figures = addFigures([row.figures, i.figures]);
    } else rows.set(key, { count: 1, figures: i.figures });
  }
  return rows;
}

const fmt = (n: number | undefined): string => (n === undefined ? '' : n.toLocaleString('en-US'));

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      lanes: { type: 'string' },
      preset: { type: 'string' },
      model: { type: 'string' },
      shape: { type: 'string' },
      format: { type: 'string', default: 'base3' },
      target: { type: 'string', default: 'ice40,xilinx' },
      jobs: { type: 'string', default: '1' },
      timeout: { type: 'string', default: '3600' },
      out: { type: 'string', default: '.cache/lane-cost' },
      'array-style': { type: 'string', default: 'masked' },
      'trit-decoder': { type: 'string' },
      'pass-width': { type: 'string' },
    },
  });
  let dims: ModelDims | undefined;
  if (values.shape) {
    dims = parseModelDims(values.shape);
    if (!dims) {
      console.error(`lane-cost: --shape must be d,L,I,V as four positive integers (got '${values.shape}')`);
      return 2;
    }
  } else dims = readModelConfig(join(values.model ?? 'models/brown-ternary-5m', 'config.json'));
  const format = values.format as WeightFormat;
  if (format !== 'base3' && format !== '2bit') {
    console.error(`lane-cost: --format must be base3 or 2bit (got '${values.format}')`);
    return 2;
  }
  const arrayStyle = values['array-style'] as ArrayStyle;
  if (!ARRAY_STYLES.includes(arrayStyle)) {
    console.error(`lane-cost: --array-style must be ${orList(ARRAY_STYLES)} (got '${values['array-style']}')`);
    return 2;
  }
  const tritDecoder = values['trit-decoder'] as TritDecoderKind | undefined;
  if (tritDecoder !== undefined && tritDecoder !== 'rom' && tritDecoder !== 'logic') {
    console.error(`lane-cost: --trit-decoder must be rom or logic (got '${values['trit-decoder']}')`);
    return 2;
  }
  const targets = values.target.split(',') as UnitTarget[];
  if (targets.some((t) => t !== 'ice40' && t !== 'xilinx')) {
    console.error(`lane-cost: --target takes ice40 and/or xilinx (got '${values.target}')`);
    return 2;
  }
  const configs: Config[] = [];
  if (values.preset) {
    for (const name of values.preset.split(',')) {
      const p = preset(name);
      configs.push({ label: `${p.name} (${p.lanes} lanes)`, lanes: p.lanes, shape: { ...dims, lanes: p.lanes, format: p.format }, opts: { debug: false } });
    }
  } else {
    const lanes = (values.lanes ?? '16,64').split(',').map(Number);
    if (lanes.some((n) => !Number.isInteger(n) || n < 1)) {
      console.error(`lane-cost: --lanes takes positive integers (got '${values.lanes}')`);
      return 2;
    }
    // --pass-width E: the parallel pass at E elements a cycle and the default divider and square
    // root (the configuration a large core simulates), instead of the serial units.
    const passWidth = values['pass-width'] === undefined ? undefined : Number(values['pass-width']);
    if (passWidth !== undefined && !(PASS_WIDTHS as readonly number[]).includes(passWidth)) {
      console.error(`lane-cost: --pass-width must be one of ${PASS_WIDTHS.join(', ')} (got '${values['pass-width']}')`);
      return 2;
    }
    for (const n of lanes) {
      const units = passWidth === undefined ? ({ pass: 'serial', scalarStepsPerCycle: 1 } as const) : ({ pass: 'parallel' } as const);
      configs.push({ label: `${n} lanes`, lanes: n, shape: { ...dims, lanes: n, format, passWidth: passWidth ?? 1 }, opts: { debug: false, ...units, arrayStyle, ...(tritDecoder ? { tritDecoder } : {}) } });
    }
  }
  const jobs = Number(values.jobs);
  const timeoutMs = Number(values.timeout) * 1000;
  console.log(`shape d ${dims.hiddenSize}, L ${dims.numLayers}, I ${dims.intermediateSize}, V ${dims.vocabSize}; ${values.preset ? 'presets' : `${format}, same units at every lane count`}; figures synthesized (Yosys, each module alone)`);
  for (const target of targets) {
    const results: UnitSynthResult[] = [];
    for (const c of configs) {
      const top = lmCore(c.shape, c.opts);
      results.push(
        await synthUnits(top, { target, outDir: join(values.out, target), timeoutMs, jobs, onStep: (l) => console.error(`  ${c.label}: ${l}`) }),
      );
    }
    const cols = COLS[target];
    console.log(`\n### ${target === 'ice40' ? 'iCE40 (synth_ice40 -dsp)' : 'Xilinx 7-series (synth_xilinx)'}\n`);
    console.log(`| unit | ${configs.map((c) => cols.map((k) => `${k.head} ${c.lanes}`).join(' | ')).join(' | ')} |`);
    console.log(`| --- | ${configs.map(() => cols.map(() => '---:').join(' | ')).join(' | ')} |`);
    const grouped = results.map(groupRows);
    const keys = [...new Set(grouped.flatMap((g) => [...g.keys()]))];
    for (const k of keys) {
      const cells = grouped.map((g) => {
        const row = g.get(k);
        return cols.map((c) => (row ? fmt(row.figures[c.key]) : '–')).join(' | ');
      });
      const counts = [...new Set(grouped.map((g) => g.get(k)?.count ?? 0))].filter((n) => n > 1);
      console.log(`| ${k}${counts.length ? ` (×${counts.join('/')})` : ''} | ${cells.join(' | ')} |`);
    }
    console.log(`| **total** | ${results.map((r) => cols.map((c) => `**${fmt(r.totals[c.key])}**`).join(' | ')).join(' | ')} |`);
    for (let i = 1; i < configs.length; i++) {
      const a = configs[i - 1]!;
      const b = configs[i]!;
      const dl = b.lanes - a.lanes;
      if (dl <= 0) continue;
      const per = cols.map((c) => `${c.head} ${(((results[i]!.totals[c.key] ?? 0) - (results[i - 1]!.totals[c.key] ?? 0)) / dl).toFixed(1)}`);
      console.log(`\nper lane, ${a.lanes} → ${b.lanes} lanes (whole core): ${per.join(', ')}`);
    }
  }
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`lane-cost: ${(e as Error).message}`);
      process.exit(1);
    },
  );
}
