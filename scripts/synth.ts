/**
 * Synthesizes one configuration of the LM core with Yosys and, for iCE40 with --pnr, places,
 * routes and packs it (host/fpga-flow.ts), then prints the resource report.
 *
 *   npx tsx scripts/synth.ts --shape d,L,I,V --lanes N [--format base3|2bit]
 *       [--target generic|ice40] [--device up5k|hx8k] [--pnr] [--freq MHz]
 *       [--keep-debug] [--timeout SECONDS] --out DIR
 *
 * Writes design.v, the Yosys script, the tools' logs, stat.txt, report.txt and result.json
 * (and for --pnr design.asc, design.bin) to DIR.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { LmCoreShape } from '../hdl-gen/blocks/lm-core-layout.ts';
import { emitCore } from '../host/cosim/design-folder.ts';
import { FpgaFlowError, formatSynthReport, runSynth, type Ice40Device, type SynthResult, type SynthTarget } from '../fpga/fpga-flow.ts';

export interface SynthCliOptions {
  shape: LmCoreShape;
  target: SynthTarget;
  device: Ice40Device;
  pnr: boolean;
  freqMHz: number;
  keepDebug: boolean;
  timeoutMs: number;
  outDir: string;
}

const USAGE = 'usage: synth.ts --shape d,L,I,V --lanes N [--format base3|2bit] [--target generic|ice40] [--device up5k|hx8k] [--pnr] [--freq MHz] [--keep-debug] [--timeout S] --out DIR';

export function parseSynthArgs(argv: string[]): SynthCliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        shape: { type: 'string' },
        lanes: { type: 'string' },
        format: { type: 'string', default: 'base3' },
        target: { type: 'string', default: 'generic' },
        device: { type: 'string', default: 'up5k' },
        pnr: { type: 'boolean', default: false },
        freq: { type: 'string', default: '12' },
        'keep-debug': { type: 'boolean', default: false },
        timeout: { type: 'string', default: '600' },
        out: { type: 'string' },
      },
    }));
  } catch (e) {
    throw new FpgaFlowError('bad-option', `${(e as Error).message}; ${USAGE}`);
  }
  const bad = (what: string): never => {
    throw new FpgaFlowError('bad-option', `${what}; ${USAGE}`);
  };
  const dims = (values.shape ?? bad('--shape is required')).split(',').map((x) => Number(x));
  if (dims.length !== 4 || dims.some((x) => !Number.isInteger(x) || x < 1)) bad(`--shape ${values.shape}: give four positive integers d,L,I,V`);
  const lanes = Number(values.lanes ?? bad('--lanes is required'));
  if (!Number.isInteger(lanes) || lanes < 1) bad(`--lanes ${values.lanes}: give a positive integer`);
  if (values.format !== 'base3' && values.format !== '2bit') bad(`--format ${values.format}: use base3 or 2bit`);
  if (values.target !== 'generic' && values.target !== 'ice40') bad(`--target ${values.target}: use generic or ice40`);
  if (values.device !== 'up5k' && values.device !== 'hx8k') bad(`--device ${values.device}: use up5k or hx8k`);
  const freq = Number(values.freq);
  if (!(freq > 0)) bad(`--freq ${values.freq}: give a clock target in MHz`);
  const timeout = Number(values.timeout);
  if (!(timeout > 0)) bad(`--timeout ${values.timeout}: give a limit in seconds`);
  const [d, L, I, V] = dims as [number, number, number, number];
  return {
    shape: { hiddenSize: d, numLayers: L, intermediateSize: I, vocabSize: V, lanes, format: values.format as LmCoreShape['format'] },
    target: values.target as SynthTarget,
    device: values.device as Ice40Device,
    pnr: values.pnr ?? false,
    freqMHz: freq,
    keepDebug: values['keep-debug'] ?? false,
    timeoutMs: timeout * 1000,
    outDir: values.out ?? bad('--out is required'),
  };
}

export async function synthCommand(o: SynthCliOptions, log: (line: string) => void = (l) => console.error(l)): Promise<SynthResult> {
  const design = emitCore(o.shape);
  mkdirSync(o.outDir, { recursive: true });
  const t0 = Date.now();
  const result = await runSynth({
    design,
    target: o.target,
    device: o.device,
    pnr: o.pnr,
    freqMHz: o.freqMHz,
    outDir: o.outDir,
    timeoutMs: o.timeoutMs,
    ...(o.keepDebug ? { keepOutput: () => true } : {}),
    onStep: log,
  });
  const report = formatSynthReport(result) + `total       ${((Date.now() - t0) / 1000).toFixed(1)} s\n`;
  writeFileSync(join(o.outDir, 'report.txt'), report);
  writeFileSync(join(o.outDir, 'result.json'), JSON.stringify({ shape: o.shape, ...result }, null, 2) + '\n');
  return result;
}

async function main(argv: string[]): Promise<void> {
  try {
    const o = parseSynthArgs(argv);
    const t0 = Date.now();
    const r = await synthCommand(o);
    process.stdout.write(formatSynthReport(r) + `total       ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  } catch (e) {
    if (e instanceof FpgaFlowError) {
      if (e.partial) process.stdout.write(formatSynthReport(e.partial));
      console.error(`synth: ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) void main(process.argv.slice(2));
