/**
 * `ternforge synth`: synthesizes one configuration of the LM core with Yosys and, for an iCE40
 * device with --pnr, places, routes and packs it (fpga/fpga-flow.ts). Prints the resource and
 * timing report, or with --json the machine-readable summary (per-module resources, totals,
 * Fmax, critical path, whether it fits); writes the tools' files, report.txt and summary.json
 * to --out.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Argv } from 'yargs';
import { EXIT, type CliCommand } from './common.ts';
import { ARRAY_STYLES, type ArrayStyle, arrayPassWidth } from '../../hdl-gen/blocks/lm-core/accumulator.ts';
import { type LmCoreShape, orList, PASS_WIDTHS, ROW_UNITS, type WeightFormat } from '../../hdl-gen/blocks/lm-core-layout.ts';
import { type ModelDims, parseModelDims, readModelConfig } from '../../host/model/config.ts';
import { emitCore } from '../../host/cosim/design-folder.ts';
import { DEFAULT_HARDWARE, DEFAULT_MODEL } from '../../host/cosim/driver.ts';
import {
  FpgaFlowError,
  formatSynthReport,
  runSynth,
  synthSummary,
  TOOL_SETS,
  type Ice40Device,
  type SynthSummary,
  type SynthTarget,
  type ToolSet,
} from '../../fpga/fpga-flow.ts';
import { PRESET_NAMES, presetShape } from '../../hdl-gen/blocks/lm-core/presets.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Devices of `--device`: two iCE40 parts, Xilinx 7-series LUT6 mapping, and no technology. */
export const SYNTH_DEVICES = ['up5k', 'hx8k', 'xc7', 'generic'] as const;
export type SynthDevice = (typeof SYNTH_DEVICES)[number];

export interface SynthArgs {
  model?: string;
  shape?: string;
  preset?: string;
  lanes?: number;
  format?: WeightFormat;
  'pass-width'?: number;
  'array-style'?: string;
  'row-units'?: number;
  device: SynthDevice;
  pnr: boolean;
  tools: ToolSet;
  freq: number;
  'keep-debug': boolean;
  timeout: number;
  out: string;
  json: boolean;
}

/** A bad option of `synth`: printed as one line. */
export class SynthOptionError extends Error {
  override name = 'SynthOptionError';
  readonly exitCode = EXIT.usage;
}

/** The core shape the options ask for: a model's (default: the shipped one) or --shape, with a preset's or explicit lanes and format. */
export function synthShape(a: Pick<SynthArgs, 'model' | 'shape' | 'preset' | 'lanes' | 'format' | 'pass-width' | 'row-units'>): LmCoreShape {
  let dims: ModelDims;
  if (a.shape !== undefined) {
    dims = parseModelDims(a.shape)!;
  } else {
    const c = readModelConfig(join(a.model ?? join(root, DEFAULT_MODEL), 'config.json'));
    dims = { hiddenSize: c.hiddenSize, numLayers: c.numLayers, intermediateSize: c.intermediateSize, vocabSize: c.vocabSize };
  }
  if (a.preset !== undefined) return presetShape(a.preset, dims);
  return {
    ...dims,
    lanes: a.lanes ?? DEFAULT_HARDWARE.lanes,
    format: a.format ?? DEFAULT_HARDWARE.format,
    ...(a['pass-width'] !== undefined ? { passWidth: a['pass-width'] } : {}),
    ...(a['row-units'] !== undefined && a['row-units'] > 1 ? { rowUnits: a['row-units'] } : {}),
  };
}

export function synthTarget(device: SynthDevice): { target: SynthTarget; device?: Ice40Device } {
  if (device === 'xc7') return { target: 'xilinx' };
  if (device === 'generic') return { target: 'generic' };
  return { target: 'ice40', device };
}

function builder(y: Argv): Argv<SynthArgs> {
  return y
    .option('model', { type: 'string', describe: `model folder whose shapes to use (default: the shipped ${DEFAULT_MODEL})` })
    .option('shape', { type: 'string', describe: 'd,L,I,V (hidden, layers, intermediate, vocabulary) instead of a model' })
    .option('preset', { type: 'string', describe: `named core configuration (lanes, format): ${PRESET_NAMES.join(', ')}` })
    .option('lanes', { type: 'number', describe: `ternary lanes (default ${DEFAULT_HARDWARE.lanes})` })
    .option('format', { type: 'string', describe: `weight memory format, base3 or 2bit (default ${DEFAULT_HARDWARE.format})` })
    .option('pass-width', { type: 'number', describe: `elements per cycle of the statistics and quantization passes (${PASS_WIDTHS.join(', ')}, dividing the lanes; default: by the lanes)` })
    .option('row-units', { type: 'number', describe: `rows of a weight matrix accumulated side by side (${ROW_UNITS.join(', ')}; default 1)` })
    .option('array-style', { type: 'string', describe: `how the lanes apply their trits: ${orList(ARRAY_STYLES)} (default: folded for xc7, masked for the others)` })
    .option('device', {
      type: 'string',
      default: 'up5k',
      describe: 'iCE40 up5k or hx8k (synth_ice40), xc7 (synth_xilinx, LUT6 figures, no place and route), generic (technology-independent)',
    })
    .option('pnr', { type: 'boolean', default: false, describe: 'iCE40: place and route with nextpnr-ice40 (Fmax, critical path) and pack a bitstream' })
    .option('tools', { type: 'string', default: 'yowasp', describe: 'yowasp: pinned WebAssembly Yosys/nextpnr from npm; system: yosys, nextpnr-ice40, icepack on PATH' })
    .option('freq', { type: 'number', default: 12, describe: 'clock target for nextpnr, MHz' })
    .option('keep-debug', { type: 'boolean', default: false, describe: 'synthesize the verification build and keep its debug port and performance counters (default: the deployment build)' })
    .option('timeout', { type: 'number', default: 3600, describe: 'limit of the whole flow, seconds' })
    .option('out', { type: 'string', default: 'out/synth', describe: 'folder for the Verilog, scripts, logs, netlist, bitstream and reports' })
    .option('json', { type: 'boolean', default: false, describe: 'print the summary as JSON instead of the text report' })
    .conflicts('preset', ['lanes', 'format', 'pass-width', 'row-units'])
    .conflicts('model', 'shape')
    .check((a) => {
      // One line per problem (yargs' own `choices` message spans several lines).
      const bad = (flag: string, value: unknown, allowed: readonly string[]): string | undefined =>
        value !== undefined && !allowed.includes(String(value)) ? `--${flag} ${String(value)}: use one of ${allowed.join(', ')}` : undefined;
      const problem =
        bad('device', a.device, SYNTH_DEVICES) ??
        bad('tools', a.tools, TOOL_SETS) ??
        bad('preset', a.preset, PRESET_NAMES) ??
        bad('format', a.format, ['base3', '2bit']) ??
        bad('array-style', a['array-style'], ARRAY_STYLES) ??
        (a.shape !== undefined && parseModelDims(String(a.shape)) === undefined ? `--shape must be d,L,I,V as four positive integers (got '${a.shape}')` : undefined) ??
        (a.lanes !== undefined && (!Number.isInteger(a.lanes) || a.lanes < 1) ? `--lanes must be a positive integer (got ${a.lanes})` : undefined) ??
        (a['pass-width'] !== undefined && !(PASS_WIDTHS as readonly number[]).includes(a['pass-width'] as number) ? `--pass-width must be ${orList(PASS_WIDTHS)} (got ${String(a['pass-width'])})` : undefined) ??
        (a['row-units'] !== undefined && !(ROW_UNITS as readonly number[]).includes(a['row-units'] as number) ? `--row-units must be ${orList(ROW_UNITS)} (got ${String(a['row-units'])})` : undefined) ??
        (!(a.freq > 0) ? `--freq must be a clock target in MHz (got ${a.freq})` : undefined) ??
        (!(a.timeout > 0) ? `--timeout must be a positive number of seconds (got ${a.timeout})` : undefined) ??
        (a.pnr && a.device !== 'up5k' && a.device !== 'hx8k' ? `--pnr needs an iCE40 device (up5k or hx8k), not ${String(a.device)}` : undefined);
      if (problem !== undefined) throw new SynthOptionError(problem);
      return true;
    }) as unknown as Argv<SynthArgs>;
}

/** Runs the flow; returns the exit status (1 when --pnr found that the design does not fit). */
export async function cmdSynth(a: SynthArgs, print: (text: string) => void = (t) => process.stdout.write(t), log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<number> {
  const shape = synthShape(a);
  const { target, device } = synthTarget(a.device);
  // Xilinx slices have two flip-flops a LUT, so the folded array's registers cost no LUTs there;
  // on iCE40 a flip-flop without its LUT still takes a logic cell, so the masked array is smaller.
  const arrayStyle = (a['array-style'] as ArrayStyle | undefined) ?? (target === 'xilinx' ? 'folded' : 'masked');
  // The addressed array needs the serial pass: pass width 1 unless --pass-width or a preset says otherwise.
  const passWidth = a['pass-width'] ?? (a.preset === undefined ? arrayPassWidth(arrayStyle) : undefined);
  if (passWidth !== undefined) shape.passWidth = passWidth;
  // The deployment build (no debug port, performance counters or collision-checking RAMs)
  // unless --keep-debug asks for the verification build; on a UP5K the parameters and the
  // recurrent state go to its SPRAMs (the other targets have none).
  const design = emitCore(shape, { spram: device === 'up5k', debug: a['keep-debug'], arrayStyle });
  mkdirSync(a.out, { recursive: true });
  const finish = (summary: SynthSummary, report: string): void => {
    writeFileSync(join(a.out, 'report.txt'), report);
    writeFileSync(join(a.out, 'summary.json'), JSON.stringify({ shape, arrayStyle, ...summary }, null, 2) + '\n');
    print(a.json ? JSON.stringify({ shape, arrayStyle, ...summary }, null, 2) + '\n' : report);
  };
  try {
    const r = await runSynth({
      design,
      target,
      ...(device ? { device } : {}),
      pnr: a.pnr,
      tools: a.tools,
      freqMHz: a.freq,
      outDir: a.out,
      timeoutMs: a.timeout * 1000,
      ...(a['keep-debug'] ? { keepOutput: () => true } : {}),
      onStep: a.json ? () => undefined : log,
    });
    finish(synthSummary(r), formatSynthReport(r));
    return 0;
  } catch (e) {
    if (e instanceof FpgaFlowError && e.kind === 'no-fit' && e.partial) {
      finish(synthSummary(e.partial, true), formatSynthReport(e.partial));
    }
    throw e;
  }
}

export const synthCommand: CliCommand = {
  command: 'synth',
  describe: 'synthesize a core configuration with Yosys (per-module resources) and place and route it for an iCE40 (Fmax, fits)',
  builder: (y) => builder(y) as unknown as Argv,
  run: (a) => cmdSynth(a as unknown as SynthArgs),
};
