/**
 * `ternforge bitstream --board NAME`: the board's pad-level top (hdl-gen/blocks/board/
 * ice40-pads.ts) around the board top level and the core, synthesized with Yosys
 * (synth_ice40), placed and routed with nextpnr-ice40 against the PCF written from the board
 * description, packed with icepack. Writes design.bin, weights.bin (the core's memory image,
 * for the flash at the board's image offset), board.pcf, timing.txt, report.json and a
 * README.md with the iceprog commands. Reuses fpga/fpga-flow.ts's report parsers.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { emitDesign } from '../../hdl-gen/index.ts';
import type { EmittedDesign } from '../../hdl-gen/emitted.ts';
import { lmCore } from '../../hdl-gen/blocks/lm-core.ts';
import type { WeightFormat } from '../../hdl-gen/blocks/lm-core-layout.ts';
import { boardTop } from '../../hdl-gen/blocks/board/board-top.ts';
import { ice40Pads } from '../../hdl-gen/blocks/board/ice40-pads.ts';
import { probeCore } from '../../hdl-gen/blocks/board/probe-core.ts';
import { uartDivisor } from '../../hdl-gen/blocks/board/uart.ts';
import { FpgaFlowError, nextpnrNoFit, parseNextpnrLog, parseYosysStat, runTool, type PnrReport, type ResourceUsage, type ToolSet } from '../../fpga/fpga-flow.ts';
import { coreImage, coreShapeOf } from '../image/core-image.ts';
import type { IntModel } from '../spec/int-model.ts';
import { type BoardSpec, boardCoreOptions, pcfText } from './board-spec.ts';
import { coreCycles, quadSpiFeed } from './core-cycles.ts';
import { icePll, type PllConfig } from './ice40-pll.ts';

/** Words of the probe image (one per token of the probe's 256-entry vocabulary), 13 bytes each like the 64-lane base-3 core's word. */
export const PROBE_VOCAB = 256;
export const PROBE_WORD_BITS = 104;

/** The probe image: word t holds bytes (t·37 + 11·k) mod 256, k = 0…12, so its low byte (the probe's answer) is (t·37) mod 256. */
export function probeImage(): Uint8Array {
  const wb = PROBE_WORD_BITS / 8;
  const img = new Uint8Array(PROBE_VOCAB * wb);
  for (let t = 0; t < PROBE_VOCAB; t++) for (let k = 0; k < wb; k++) img[t * wb + k] = (t * 37 + 11 * k) & 255;
  return img;
}

export interface BitstreamOptions {
  board: BoardSpec;
  outDir: string;
  /** The model whose core goes on the board; without one, the flash probe (probe-core.ts). */
  model?: IntModel;
  modelName?: string;
  lanes: number;
  format: WeightFormat;
  /** Core clock; default the board's oscillator (no PLL). */
  clockHz?: number;
  sckDivider: number;
  /** Double-data-rate flash reader (SCK = core clock). */
  ddr?: boolean;
  timeoutMs: number;
  /**
   * nextpnr's placement seeds, tried in order until timing is met (default [1]); synthesis runs
   * once. The files are those of the first seed that meets timing, else of the fastest.
   */
  seeds?: number[];
  /** yowasp (default: the pinned WebAssembly Yosys and nextpnr from npm) or system (the tools on the PATH). */
  tools?: ToolSet;
  onStep?: (line: string) => void;
}

export interface BitstreamResult {
  board: string;
  core: string;
  clockHz: number;
  pll?: PllConfig;
  resources: ResourceUsage;
  pnr: PnrReport;
  /** Fmax of the core clock after routing, MHz (measured by nextpnr's timing analysis). */
  fmaxMHz: number;
  met: boolean;
  /** The placement seed of the files written. */
  seed: number;
  /** Every seed tried, in order, with its Fmax after routing. */
  seedTrials: { seed: number; fmaxMHz: number }[];
  cyclesPerToken?: number;
  tokensPerSecond?: number;
  files: string[];
  outDir: string;
}

const lastLine = (text: string): string => {
  const lines = text.split('\n');
  return (lines.find((l) => /^ERROR:/.test(l)) ?? lines.filter((l) => /ERROR|error/.test(l)).pop() ?? lines.filter((l) => l.trim()).pop() ?? '').trim();
};

export async function buildBitstream(o: BitstreamOptions): Promise<BitstreamResult> {
  const b = o.board;
  if (b.device.family !== 'ice40') throw new FpgaFlowError('bad-option', `board ${b.name}: only iCE40 boards are supported`);
  const out = resolve(o.outDir);
  mkdirSync(out, { recursive: true });
  const step = o.onStep ?? ((): void => undefined);
  const deadline = Date.now() + o.timeoutMs;
  const clockHz = o.clockHz ?? b.clock.hz;
  let pll: PllConfig | undefined;
  let coreClock = clockHz;
  if (clockHz !== b.clock.hz) {
    pll = icePll(b.clock.hz, clockHz);
    coreClock = pll.outHz;
  }
  let core;
  let image: Uint8Array;
  let imageWords: number;
  let vocab: number;
  let layers: number;
  let cyclesPerToken: number | undefined;
  if (o.model) {
    const shape = coreShapeOf(o.model, o.lanes, o.format);
    const img = coreImage(o.model, o.lanes, o.format);
    core = lmCore(shape, boardCoreOptions(b));
    image = img.bytes;
    imageWords = img.layout.totalWords;
    vocab = shape.vocabSize;
    layers = shape.numLayers;
    cyclesPerToken = coreCycles(shape, quadSpiFeed(img.layout.memWordBits, o.sckDivider, b.flash.quadReadDummyCycles, o.ddr === true)).total;
  } else {
    core = probeCore(PROBE_VOCAB, PROBE_WORD_BITS, PROBE_VOCAB);
    image = probeImage();
    imageWords = PROBE_VOCAB;
    vocab = PROBE_VOCAB;
    layers = 1;
  }
  const top = boardTop({
    core,
    imageWords,
    vocabSize: vocab,
    numLayers: layers,
    clockHz: coreClock,
    uartDivisor: uartDivisor(coreClock, b.uart.baud),
    flashOffset: b.flash.imageOffset,
    flashBytes: b.flash.sizeBytes,
    sckDivider: o.sckDivider,
    ...(o.ddr ? { ddr: true } : {}),
    dummyCycles: b.flash.quadReadDummyCycles,
    releaseSeconds: b.flash.tRES1Seconds,
  });
  const design = emitDesign(ice40Pads(top, pll, o.ddr === true));
  writeFileSync(join(out, 'weights.bin'), image);
  const freq = coreClock / 1e6;
  const tools = o.tools ?? 'yowasp';
  const { resources, pnr, fmaxMHz, seed, seedTrials } = await placeAndRoute(design, b, freq, pll !== undefined, out, o.seeds ?? [1], deadline, step, core.name, tools);
  step('icepack: design.asc -> design.bin');
  const pk = await runTool(tools, 'icepack', ['design.asc', 'design.bin'], out, deadline, join(out, 'icepack.log'));
  if (pk.code !== 0) throw new FpgaFlowError('tool-failed', `icepack failed: ${lastLine(pk.output)}`);
  const met = fmaxMHz >= freq;
  const result: BitstreamResult = {
    board: b.name,
    core: core.name,
    clockHz: coreClock,
    ...(pll ? { pll } : {}),
    resources,
    pnr,
    fmaxMHz,
    met,
    seed,
    seedTrials,
    ...(cyclesPerToken !== undefined ? { cyclesPerToken, tokensPerSecond: coreClock / cyclesPerToken } : {}),
    files: ['design.bin', 'weights.bin', 'board.pcf', 'timing.txt', 'report.json', 'README.md', 'design.v', 'nextpnr.log', 'yosys.log'],
    outDir: out,
  };
  writeFileSync(join(out, 'report.json'), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(join(out, 'README.md'), readme(result, b, o.modelName));
  return result;
}

/**
 * Yosys (synth_ice40) and nextpnr-ice40 on a pad-level design for `b`'s device and PCF, in
 * `out` (design.v, board.pcf, synth.ys, stat.txt, design.json, design.asc, nextpnr.log,
 * timing.txt): the resources, nextpnr's report and the Fmax of the core clock after routing.
 */
/** iCE40 parts with SB_MAC16 DSP tiles (UltraPlus), where synthesis maps multipliers to them. */
function hasDsp(part: string): boolean {
  return part === 'up5k' || part === 'up3k' || part === 'u4k';
}

export async function placeAndRoute(
  design: EmittedDesign,
  b: BoardSpec,
  freqMHz: number,
  hasPll: boolean,
  out: string,
  seeds: number | number[],
  deadline: number,
  step: (line: string) => void,
  label: string,
  tools: ToolSet = 'yowasp',
): Promise<{ resources: ResourceUsage; pnr: PnrReport; fmaxMHz: number; seed: number; seedTrials: { seed: number; fmaxMHz: number }[] }> {
  const seedList = typeof seeds === 'number' ? [seeds] : seeds;
  if (seedList.length === 0) throw new FpgaFlowError('bad-option', 'no placement seed to try');
  writeFileSync(join(out, 'design.v'), design.modules.map((m) => m.text).join('\n'));
  writeFileSync(join(out, 'board.pcf'), pcfText(b));
  writeFileSync(
    join(out, 'synth.ys'),
    // check -noinit and hierarchy -check as in fpga/fpga-flow.ts; synth_ice40's own check step starts with autoname, slow on large netlists in Yosys 0.23
    ['read_verilog design.v', `synth_ice40 -top ${design.top} -device ${b.device.part.startsWith('hx') ? 'hx' : b.device.part.startsWith('lp') ? 'lp' : 'u'}${hasDsp(b.device.part) ? ' -dsp' : ''} -run begin:check`, 'hierarchy -check', 'check -noinit', 'blackbox =A:whitebox', 'tee -o stat.txt stat', 'write_json design.json', ''].join('\n'),
  );
  step(`yosys: synth_ice40 of ${design.top} (${label})`);
  const ys = await runTool(tools, 'yosys', ['-q', '-l', 'yosys.log', '-s', 'synth.ys'], out, deadline, join(out, 'yosys.out'));
  if (ys.code !== 0) throw new FpgaFlowError('tool-failed', `yosys failed: ${lastLine(ys.output)} (log: ${join(out, 'yosys.log')})`);
  const resources = parseYosysStat(readFileSync(join(out, 'stat.txt'), 'utf8'));
  // Place and route with each seed until one meets freqMHz; every seed's placement and log stay
  // under its own name until the one kept is copied to design.asc and nextpnr.log.
  const seedTrials: { seed: number; fmaxMHz: number }[] = [];
  let best: { seed: number; pnr: PnrReport; fmaxMHz: number; output: string } | undefined;
  for (const seed of seedList) {
    step(`nextpnr-ice40: --${b.device.part} --package ${b.device.package} --pcf board.pcf --freq ${freqMHz} --seed ${seed}`);
    const asc = seedList.length > 1 ? `design-seed${seed}.asc` : 'design.asc';
    const log = seedList.length > 1 ? `nextpnr-seed${seed}.log` : 'nextpnr.log';
    const pr = await runTool(tools, 'nextpnr-ice40', [`--${b.device.part}`, '--package', b.device.package, '--pcf', 'board.pcf', '--json', 'design.json', '--asc', asc, '--freq', String(freqMHz), '--seed', String(seed), '--timing-allow-fail'], out, deadline, join(out, log));
    if (pr.code !== 0) {
      const fit = nextpnrNoFit(pr.output);
      if (fit) throw new FpgaFlowError('no-fit', `${label} on the ${b.name} (${b.device.part}): does not fit: ${fit} (log: ${join(out, log)})`);
      throw new FpgaFlowError('tool-failed', `nextpnr-ice40 failed: ${lastLine(pr.output)} (log: ${join(out, log)})`);
    }
    const pnr = parseNextpnrLog(pr.output);
    const clockNet = hasPll ? Object.keys(pnr.fmaxMHz).find((k) => /PLLOUT|pll/i.test(k)) : Object.keys(pnr.fmaxMHz).find((k) => /clk/.test(k));
    const fmaxMHz = clockNet ? pnr.fmaxMHz[clockNet]! : Math.min(...Object.values(pnr.fmaxMHz));
    seedTrials.push({ seed, fmaxMHz });
    if (!best || fmaxMHz > best.fmaxMHz) best = { seed, pnr, fmaxMHz, output: pr.output };
    if (fmaxMHz >= freqMHz) break;
    if (seed !== seedList[seedList.length - 1]) step(`seed ${seed}: Fmax ${fmaxMHz.toFixed(2)} MHz, below ${freqMHz} MHz; trying the next seed`);
  }
  const kept = best!;
  if (seedList.length > 1) {
    copyFileSync(join(out, `design-seed${kept.seed}.asc`), join(out, 'design.asc'));
    copyFileSync(join(out, `nextpnr-seed${kept.seed}.log`), join(out, 'nextpnr.log'));
  }
  writeFileSync(join(out, 'timing.txt'), kept.output.split('\n').filter((l) => /Max frequency|Critical path|Max delay|Slack/.test(l)).join('\n') + '\n');
  return { resources, pnr: kept.pnr, fmaxMHz: kept.fmaxMHz, seed: kept.seed, seedTrials };
}

function readme(r: BitstreamResult, b: BoardSpec, modelName: string | undefined): string {
  const off = b.flash.imageOffset;
  const offText = off % (1 << 20) === 0 ? `${off >> 20}M` : off % 1024 === 0 ? `${off >> 10}k` : String(off);
  return [
    `# ${b.title}: ${modelName ? `the core for ${modelName}` : 'the flash probe'}`,
    '',
    `Written by \`ternforge bitstream --board ${b.name}\`. Core clock ${(r.clockHz / 1e6).toFixed(3)} MHz${r.pll ? ` (PLL: DIVR ${r.pll.divr}, DIVF ${r.pll.divf}, DIVQ ${r.pll.divq}, FILTER_RANGE ${r.pll.filterRange})` : ' (the oscillator)'};`,
    `after routing nextpnr reports ${r.fmaxMHz.toFixed(2)} MHz for it: timing ${r.met ? 'met' : 'NOT met'}.`,
    '',
    '## Program the board',
    '',
    '```sh',
    'iceprog design.bin                 # the bitstream, at flash offset 0',
    `iceprog -o ${offText} weights.bin        # the memory image, at byte offset ${off} (0x${off.toString(16)})`,
    '```',
    '',
    'Program the bitstream first: iceprog erases the sectors it writes, so the image at the offset',
    'survives a later bitstream update. Then talk to the board over its USB UART',
    `(${b.uart.baud} baud, 8N1; the second FTDI channel, usually /dev/ttyUSB1):`,
    '',
    '```sh',
    modelName ? `npx tsx scripts/ternforge.ts serial --port /dev/ttyUSB1 --model ${modelName} --prompt "The man"` : 'npx tsx scripts/ternforge.ts serial --port /dev/ttyUSB1 --probe',
    '```',
    '',
    '## Files',
    '',
    '| file | what |',
    '| --- | --- |',
    '| design.bin | the bitstream (icepack) |',
    '| weights.bin | the memory image the core reads from the flash |',
    '| board.pcf | pin constraints, written from the board description |',
    '| timing.txt | nextpnr timing summary |',
    '| report.json | resources, utilization, Fmax, PLL settings, tokens/s |',
    '| design.v, yosys.log, nextpnr.log | the Verilog and the tools\' logs |',
    '',
  ].join('\n');
}

export function formatBitstream(r: BitstreamResult): string {
  const lines = [`board ${r.board}: ${r.core}`, 'utilization (nextpnr, placed and routed):'];
  for (const u of r.pnr.utilization) lines.push(`  ${u.resource.padEnd(16)} ${String(u.used).padStart(6)} / ${u.available}`);
  lines.push(`core clock ${(r.clockHz / 1e6).toFixed(3)} MHz${r.pll ? ` from the PLL (DIVR ${r.pll.divr}, DIVF ${r.pll.divf}, DIVQ ${r.pll.divq})` : ''}: Fmax ${r.fmaxMHz.toFixed(2)} MHz after routing (placement seed ${r.seed}) — timing ${r.met ? 'met' : 'NOT met'}`);
  if (r.seedTrials.length > 1) lines.push(`seeds tried: ${r.seedTrials.map((t) => `${t.seed} (${t.fmaxMHz.toFixed(2)} MHz)`).join(', ')}`);
  if (r.tokensPerSecond !== undefined) lines.push(`implied: ${r.cyclesPerToken} cycles per token (formula) → ${r.tokensPerSecond.toFixed(2)} tokens/s at ${(r.clockHz / 1e6).toFixed(3)} MHz (projected)`);
  lines.push(`wrote ${r.files.join(', ')} to ${r.outDir}`);
  return lines.join('\n');
}
