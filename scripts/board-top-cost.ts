/**
 * What the board top costs without the core: the board's pad-level top (ice40-pads.ts around
 * board-top.ts: reset generator, UART receiver and transmitter, host link, quad-SPI flash
 * reader) with a stand-in for a core preset (fpga/unit-fmax.ts `unitStandIn`: the core's
 * ports, so the board top is built for its widths, e.g. the up5k preset's 8-bit memory word),
 * synthesized module by module (each module's own cells, Yosys 0.55; the pad ring holds only I/O
 * and PLL primitives, so the board top is synthesized from below it) and placed and routed as
 * `ternforge bitstream` places a board (Yosys and nextpnr-ice40 from the PATH, the board's PCF):
 *
 *   npx tsx scripts/board-top-cost.ts [--board icebreaker] [--preset up5k] [--model DIR |
 *       --shape d,L,I,V] [--clock-mhz 24] [--seed 1] [--no-pnr] [--out DIR]
 *
 * Prints one row per instance (LUT4, FF, carry, EBR) and nextpnr's logic cells, EBR and the Fmax
 * of the core clock; the stand-in's own cells are printed apart (its ring register is one logic
 * cell per bit), so the board top's share is the total less the stand-in's.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { emitDesign } from '../hdl-gen/index.ts';
import { lmCore } from '../hdl-gen/blocks/lm-core.ts';
import { lmCoreLayout } from '../hdl-gen/blocks/lm-core-layout.ts';
import { PRESET_NAMES } from '../hdl-gen/blocks/lm-core/presets.ts';
import { boardTop } from '../hdl-gen/blocks/board/board-top.ts';
import { ice40Pads } from '../hdl-gen/blocks/board/ice40-pads.ts';
import { uartDivisor } from '../hdl-gen/blocks/board/uart.ts';
import { parseModelDims } from '../host/model/config.ts';
import { placeAndRoute } from '../host/board/bitstream.ts';
import { loadBoard } from '../host/board/board-spec.ts';
import { icePll } from '../host/board/ice40-pll.ts';
import { FpgaFlowError } from '../fpga/fpga-flow.ts';
import { synthUnits } from '../fpga/unit-synth.ts';
import { unitStandIn } from '../fpga/unit-fmax.ts';
import { synthShape } from './commands/synth.ts';

function fail(msg: string, code = 2): never {
  process.stderr.write(`board-top-cost: ${msg}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      board: { type: 'string', default: 'icebreaker' },
      preset: { type: 'string', default: 'up5k' },
      model: { type: 'string' },
      shape: { type: 'string' },
      'clock-mhz': { type: 'string', default: '24' },
      seed: { type: 'string', default: '1' },
      'no-pnr': { type: 'boolean', default: false },
      out: { type: 'string' },
    },
    strict: true,
  });
  if (!(PRESET_NAMES as readonly string[]).includes(values.preset)) fail(`--preset ${values.preset}: use one of ${PRESET_NAMES.join(', ')}`);
  if (values.model && values.shape) fail('--model and --shape exclude each other');
  if (values.shape && !parseModelDims(values.shape)) fail(`--shape must be d,L,I,V as four positive integers (got '${values.shape}')`);
  const clockMHz = Number(values['clock-mhz']);
  if (!(clockMHz > 0)) fail(`--clock-mhz must be a positive number (got ${values['clock-mhz']})`);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed) || seed < 1) fail(`--seed must be a positive integer (got ${values.seed})`);
  let board;
  try {
    board = loadBoard(values.board);
  } catch (e) {
    fail((e as Error).message);
  }
  const shape = synthShape({ preset: values.preset, ...(values.model ? { model: values.model } : {}), ...(values.shape ? { shape: values.shape } : {}) });
  const core = lmCore(shape, { debug: false, spram: board.device.part === 'up5k' });
  const standIn = unitStandIn(core);
  const clockHz = clockMHz * 1e6;
  const pll = clockHz !== board.clock.hz ? icePll(board.clock.hz, clockHz) : undefined;
  const coreClock = pll ? pll.outHz : clockHz;
  const top = boardTop({
    core: standIn,
    imageWords: lmCoreLayout(shape).totalWords,
    vocabSize: shape.vocabSize,
    numLayers: shape.numLayers,
    clockHz: coreClock,
    uartDivisor: uartDivisor(coreClock, board.uart.baud),
    flashOffset: board.flash.imageOffset,
    flashBytes: board.flash.sizeBytes,
    sckDivider: 1,
    dummyCycles: board.flash.quadReadDummyCycles,
    releaseSeconds: board.flash.tRES1Seconds,
  });
  const pads = ice40Pads(top, pll, false);
  const out = values.out ?? mkdtempSync(join(tmpdir(), 'board-top-cost-'));
  mkdirSync(out, { recursive: true });
  const word = standIn.ports.find((p) => p.name === 'mem_rdata')!.shape.width;
  process.stdout.write(
    `${board.name} (${board.device.part}), board top around a stand-in of ${core.name} (${shape.lanes} lanes ${shape.format}, ${word}-bit memory word), core clock ${(coreClock / 1e6).toFixed(3)} MHz${pll ? ' from the PLL' : ''}; files under ${out}\n`,
  );
  const step = (l: string): void => void process.stderr.write(`${l}\n`);
  try {
    const u = await synthUnits(top, { target: 'ice40', device: 'up5k', outDir: join(out, 'units'), timeoutMs: 1_800_000, onStep: step });
    process.stdout.write('synthesized, each instance its module\'s own cells (Yosys 0.55, synth_ice40):\n');
    process.stdout.write('| instance | module | LUT4 | FF | carry | EBR |\n| --- | --- | ---: | ---: | ---: | ---: |\n');
    for (const r of u.instances) {
      process.stdout.write(`| ${r.path} | ${r.module === standIn.name ? `${r.module} (core stand-in)` : r.module} | ${r.figures.lut4} | ${r.figures.ff} | ${r.figures.carry} | ${r.figures.ebr} |\n`);
    }
    const s = u.instances.find((r) => r.module === standIn.name)!.figures;
    const t = u.totals;
    process.stdout.write(`| total | | ${t.lut4} | ${t.ff} | ${t.carry} | ${t.ebr} |\n`);
    process.stdout.write(`| total less the core stand-in | | ${t.lut4! - s.lut4!} | ${t.ff - s.ff} | ${t.carry - s.carry} | ${t.ebr - s.ebr} |\n`);
    if (values['no-pnr']) return;
    const pr = await placeAndRoute(emitDesign(pads), board, coreClock / 1e6, pll !== undefined, out, seed, Date.now() + 1_800_000, step, `board top with a stand-in of ${core.name}`);
    const used = (res: string): number => pr.pnr.utilization.find((x) => x.resource === res)?.used ?? 0;
    const lcs = used('ICESTORM_LC');
    process.stdout.write(
      `placed and routed (nextpnr-ice40 from the PATH, seed ${seed}): ${lcs} logic cells, ${used('ICESTORM_RAM')} EBR, ${used('ICESTORM_SPRAM')} SPRAM, ${used('ICESTORM_DSP')} DSP; ` +
        `the stand-in holds ${s.ff} flip-flops (one logic cell each), so the board top takes about ${lcs - s.ff} logic cells; Fmax ${pr.fmaxMHz.toFixed(2)} MHz (target ${(coreClock / 1e6).toFixed(2)})\n`,
    );
  } catch (e) {
    if (e instanceof FpgaFlowError) fail(e.message, e.exitCode);
    throw e;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
