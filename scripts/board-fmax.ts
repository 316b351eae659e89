/**
 * Fmax of the board's flash path after place and route (nextpnr-ice40 from the PATH, as
 * `ternforge bitstream` runs it), over several placement seeds:
 *
 *   npx tsx scripts/board-fmax.ts [--board icebreaker] [--clock-mhz 24] [--seeds 1,2,3]
 *       [--sck-divider N | --ddr] [--out DIR]
 *
 * Two designs, both inside the board's pad ring (ice40-pads.ts) with its PCF and, when the
 * clock differs from the oscillator, its PLL:
 *   reader     the quad-SPI flash reader alone, serving an LFSR stand-in for the core
 *              (hdl-gen/blocks/board/reader-harness.ts; 104-bit words, 17-bit addresses,
 *              10-bit burst lengths: the shipped model's 64-lane core)
 *   probe top  the board top with the flash probe as its core (`ternforge bitstream --probe`)
 * Prints, per design and seed, nextpnr's logic cells and the Fmax of the core clock, then the
 * lowest and the median over the seeds. The figures are measured by nextpnr's timing analysis
 * (placed and routed); they vary with the seed, so compare the same seeds.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { emitDesign } from '../hdl-gen/index.ts';
import { ice40Pads } from '../hdl-gen/blocks/board/ice40-pads.ts';
import { readerHarness } from '../hdl-gen/blocks/board/reader-harness.ts';
import { buildBitstream, placeAndRoute } from '../host/board/bitstream.ts';
import { loadBoard } from '../host/board/board-spec.ts';
import { icePll } from '../host/board/ice40-pll.ts';
import type { PnrReport } from '../fpga/fpga-flow.ts';

const { values } = parseArgs({
  options: {
    board: { type: 'string', default: 'icebreaker' },
    'clock-mhz': { type: 'string', default: '24' },
    seeds: { type: 'string', default: '1,2,3' },
    'sck-divider': { type: 'string', default: '1' },
    ddr: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
  strict: true,
});

function fail(msg: string): never {
  process.stderr.write(`board-fmax: ${msg}\n`);
  process.exit(2);
}

const board = loadBoard(values.board);
const clockMHz = Number(values['clock-mhz']);
if (!(clockMHz > 0)) fail(`--clock-mhz must be positive (got ${values['clock-mhz']})`);
const seeds = values.seeds.split(',').map(Number);
if (seeds.some((s) => !Number.isInteger(s) || s < 1)) fail(`--seeds must be positive integers separated by commas (got ${values.seeds})`);
const sckDivider = Number(values['sck-divider']);
if (!Number.isInteger(sckDivider) || sckDivider < 1) fail(`--sck-divider must be a positive integer (got ${values['sck-divider']})`);
if (values.ddr && sckDivider !== 1) fail('--ddr runs SCK at the clock; drop --sck-divider');
const ddr = values.ddr === true;

const clockHz = clockMHz * 1e6;
const pll = clockHz !== board.clock.hz ? icePll(board.clock.hz, clockHz) : undefined;
const coreClock = pll ? pll.outHz : clockHz;
const root = values.out ?? mkdtempSync(join(tmpdir(), 'board-fmax-'));
const deadline = Date.now() + 3_600_000;
const quiet = (): void => undefined;

const lcs = (p: PnrReport): number => p.utilization.find((u) => u.resource === 'ICESTORM_LC')?.used ?? NaN;
const rows: { design: string; seed: number; lcs: number; fmax: number }[] = [];
const mode = ddr ? 'SCK = clock (double data rate)' : `SCK = clock / ${2 * sckDivider}`;
process.stdout.write(`${board.name} (${board.device.part}), core clock ${(coreClock / 1e6).toFixed(3)} MHz${pll ? ' from the PLL' : ''}, ${mode}; nextpnr-ice40 from the PATH; files under ${root}\n`);
process.stdout.write('| design | seed | logic cells | Fmax MHz (placed and routed) |\n| --- | ---: | ---: | ---: |\n');
for (const seed of seeds) {
  const readerDir = join(root, `reader-s${seed}`);
  mkdirSync(readerDir, { recursive: true });
  const harness = readerHarness({
    wordBits: 104,
    addrBits: 17,
    lenBits: 10,
    offset: board.flash.imageOffset,
    flashBytes: board.flash.sizeBytes,
    imageWords: 1 << 17,
    sckDivider,
    ...(ddr ? { ddr: true } : {}),
    dummyCycles: board.flash.quadReadDummyCycles,
    releaseCycles: Math.ceil(board.flash.tRES1Seconds * coreClock) + 1,
  });
  const r = await placeAndRoute(emitDesign(ice40Pads(harness, pll, ddr)), board, coreClock / 1e6, pll !== undefined, readerDir, seed, deadline, quiet, 'reader harness', 'system');
  rows.push({ design: 'reader', seed, lcs: lcs(r.pnr), fmax: r.fmaxMHz });
  process.stdout.write(`| reader | ${seed} | ${lcs(r.pnr)} | ${r.fmaxMHz.toFixed(2)} |\n`);
  const b = await buildBitstream({ board, outDir: join(root, `probe-s${seed}`), lanes: 64, format: 'base3', clockHz, sckDivider, ...(ddr ? { ddr: true } : {}), timeoutMs: deadline - Date.now(), seeds: [seed], tools: 'system' });
  rows.push({ design: 'probe top', seed, lcs: lcs(b.pnr), fmax: b.fmaxMHz });
  process.stdout.write(`| probe top | ${seed} | ${lcs(b.pnr)} | ${b.fmaxMHz.toFixed(2)} |\n`);
}
for (const design of ['reader', 'probe top']) {
  const f = rows.filter((r) => r.design === design).map((r) => r.fmax).sort((a, b) => a - b);
  const median = f.length % 2 ? f[(f.length - 1) / 2]! : (f[f.length / 2 - 1]! + f[f.length / 2]!) / 2;
  process.stdout.write(`${design}: Fmax lowest ${f[0]!.toFixed(2)} MHz, median ${median.toFixed(2)} MHz over seeds ${seeds.join(',')} (target ${(coreClock / 1e6).toFixed(2)} MHz)\n`);
}
