/**
 * `ternforge project`: tokens/s and energy per token of a model shape on a stated device and
 * memory system, from the core's cycle formula (host/board/core-cycles.ts), beside published
 * figures and a dense fp16 baseline of the same shape. Every number here is projected unless
 * its label says otherwise; docs/BOARD.md lists the assumptions.
 */
import type { LmCoreShape, WeightFormat } from '../../hdl-gen/blocks/lm-core-layout.ts';
import { coreCycles, type CycleEstimate } from './core-cycles.ts';

export interface ShapePreset {
  name: string;
  hiddenSize: number;
  numLayers: number;
  intermediateSize: number;
  vocabSize: number;
}

/** The shipped model and the released MMfreeLM shapes (Hugging Face ridger/MMfreeLM-*, ../shared/MODEL.md). */
export const SHAPES: ShapePreset[] = [
  { name: 'shipped (brown-ternary-5m)', hiddenSize: 256, numLayers: 6, intermediateSize: 768, vocabSize: 2048 },
  { name: '370M', hiddenSize: 1024, numLayers: 24, intermediateSize: 2816, vocabSize: 32000 },
  { name: '1.3B', hiddenSize: 2048, numLayers: 24, intermediateSize: 5632, vocabSize: 32000 },
  { name: '2.7B', hiddenSize: 2560, numLayers: 32, intermediateSize: 6912, vocabSize: 32000 },
];

/**
 * Energy per operation (pJ). Horowitz, "Computing's energy problem (and what we can do about
 * it)", ISSCC 2014, 45 nm, 0.9 V: 8-bit add 0.03, 32-bit add 0.1, 16-bit float add 0.4,
 * 16-bit float multiply 1.1, 64-bit read of an 8 KB SRAM 10 (0.16 per bit), DRAM 1.3–2.6 nJ
 * per 64-bit access (20–40 per bit). An FPGA's programmable fabric costs several times an
 * ASIC's per operation (Kuon and Rose, "Measuring the gap between FPGAs and ASICs", IEEE TCAD
 * 2007: ~14x dynamic power); `fabricFactor` applies that.
 */
export const ENERGY_PJ = {
  int8Add: 0.03,
  int32Add: 0.1,
  fp16Add: 0.4,
  fp16Mul: 1.1,
  sramBit: 10 / 64,
  dramBit: 20,
} as const;

export interface MemorySystem {
  name: string;
  lanes: number;
  clockHz: number;
  /** Sustained read bandwidth in bytes/s. */
  bytesPerSecond: number;
  /** Latency before a burst's first word, seconds (charged once per matrix). */
  latencySeconds: number;
  /** Off-chip energy per bit read, pJ. */
  pjPerBit: number;
  /** Multiplier on the ASIC per-operation energies for programmable fabric. */
  fabricFactor: number;
  /** Static power of the device and memory, W (added per token as P · t). */
  staticWatts: number;
  source: string;
}

export const SYSTEMS: Record<string, MemorySystem> = {
  icebreaker: {
    name: 'iCEBreaker at its oscillator: the up5k core (5 lanes), 12 MHz, quad-SPI flash at SCK = clock / 2 (6 MHz)',
    lanes: 5,
    clockHz: 12e6,
    bytesPerSecond: (6e6 * 4) / 8,
    latencySeconds: 40 / 12e6,
    pjPerBit: 150,
    fabricFactor: 14,
    staticWatts: 0.01,
    source: 'flash energy: a W25Q128JV draws on the order of 15 mA at 3.3 V while it streams quad I/O data (datasheet read current), ≈ 0.5 nJ/bit at 96 Mbit/s; 150 pJ/bit assumed; 10 mW static for the UP5K and the idle flash assumed',
  },
  'icebreaker-ddr': {
    name: "iCEBreaker as the board's build: the up5k core (5 lanes), 24 MHz, double-data-rate flash reader (SCK = clock)",
    lanes: 5,
    clockHz: 24e6,
    bytesPerSecond: (24e6 * 4) / 8,
    latencySeconds: 20 / 24e6,
    pjPerBit: 150,
    fabricFactor: 14,
    staticWatts: 0.01,
    source: 'as icebreaker, with SCK at the core clock (SB_IO DDR output for SCK); 24 MHz is met by the placed and routed bitstream (nextpnr-ice40 0.8, docs/BOARD.md)',
  },
  'ddr4-fpga': {
    name: 'mid-range FPGA, 512 lanes, 200 MHz, one DDR4-2400 x64 channel (19.2 GB/s peak)',
    lanes: 512,
    clockHz: 200e6,
    bytesPerSecond: 19.2e9 * 0.8,
    latencySeconds: 100e-9,
    pjPerBit: ENERGY_PJ.dramBit,
    fabricFactor: 14,
    staticWatts: 5,
    source: 'DDR4 at 80 % of peak; DRAM energy per bit from Horowitz 2014; 5 W static assumed',
  },
  'hbm-fpga': {
    name: 'HBM FPGA (Alveo U280 class), 1024 lanes, 250 MHz, HBM2 460 GB/s peak',
    lanes: 1024,
    clockHz: 250e6,
    bytesPerSecond: 460e9 * 0.8,
    latencySeconds: 200e-9,
    pjPerBit: 3.9,
    fabricFactor: 14,
    staticWatts: 25,
    source: 'Alveo U280: HBM2 460 GB/s (AMD data sheet DS963) at 80 %; HBM2 ≈ 3.9 pJ/bit (O’Connor et al., "Fine-grained DRAM", MICRO 2017); 25 W static assumed',
  },
};

export interface Projection {
  shape: ShapePreset;
  system: MemorySystem;
  ternaryWeights: number;
  bitsPerToken: number;
  cycles: CycleEstimate;
  /** Cycles per token bound by the memory bandwidth alone. */
  memoryCycles: number;
  tokensPerSecond: number;
  bound: 'compute' | 'memory';
  energyPerTokenJ: number;
  energy: { memoryJ: number; computeJ: number; staticJ: number };
  dense: { tokensPerSecond: number; energyPerTokenJ: number };
}

export function coreShapeOfPreset(s: ShapePreset, lanes: number, format: WeightFormat): LmCoreShape {
  return { hiddenSize: s.hiddenSize, numLayers: s.numLayers, intermediateSize: s.intermediateSize, vocabSize: s.vocabSize, lanes, format };
}

export function ternaryWeightCount(s: ShapePreset): number {
  const d = s.hiddenSize;
  const I = s.intermediateSize;
  return s.numLayers * (4 * d * d + 3 * d * I) + d * s.vocabSize;
}

export function project(shape: ShapePreset, system: MemorySystem, format: WeightFormat = 'base3'): Projection {
  const core = coreShapeOfPreset(shape, system.lanes, format);
  const compute = coreCycles(core);
  const wordBytes = compute.wordBits / 8;
  // memory-bound: every word of the token at the sustained bandwidth, plus each burst's latency
  const memSeconds = (compute.bitsPerToken / 8) / system.bytesPerSecond + compute.bursts * system.latencySeconds;
  const memoryCycles = memSeconds * system.clockHz;
  const cyclesPerWord = Math.max(1, (wordBytes * system.clockHz) / system.bytesPerSecond);
  const fed = coreCycles(core, { cyclesPerWord, burstOverheadCycles: system.latencySeconds * system.clockHz });
  const seconds = fed.total / system.clockHz;
  const weights = ternaryWeightCount(shape);
  // compute energy: one 8-bit add per non-zero trit (about 2/3 of them; all counted), the
  // accumulator's 32-bit adds per lane group, SRAM reads of the int8 activations
  const computeJ = (weights * (ENERGY_PJ.int8Add + (8 * ENERGY_PJ.sramBit) / system.lanes) + (weights / system.lanes) * ENERGY_PJ.int32Add) * system.fabricFactor * 1e-12;
  const memoryJ = compute.bitsPerToken * system.pjPerBit * 1e-12;
  const staticJ = system.staticWatts * seconds;
  // dense fp16 of the same shape on the same memory system: 16 bits per weight, one fp16 multiply-add each
  const denseBits = weights * 16;
  const denseSeconds = Math.max(denseBits / 8 / system.bytesPerSecond, weights / (system.lanes * system.clockHz));
  const denseJ = denseBits * system.pjPerBit * 1e-12 + weights * (ENERGY_PJ.fp16Mul + ENERGY_PJ.fp16Add) * system.fabricFactor * 1e-12 + system.staticWatts * denseSeconds;
  return {
    shape,
    system,
    ternaryWeights: weights,
    bitsPerToken: compute.bitsPerToken,
    cycles: fed,
    memoryCycles,
    tokensPerSecond: 1 / seconds,
    bound: cyclesPerWord > 1 ? 'memory' : 'compute',
    energyPerTokenJ: computeJ + memoryJ + staticJ,
    energy: { memoryJ, computeJ, staticJ },
    dense: { tokensPerSecond: 1 / denseSeconds, energyPerTokenJ: denseJ },
  };
}

/** Published figures, as reported (not re-measured here). */
export const PUBLISHED = [
  { what: 'Zhu et al. 2024, MatMul-free LM on an FPGA (Intel D5005), 1.3B projected', tokensPerSecond: 24, watts: 13, source: 'Zhu et al., "Scalable MatMul-free Language Modeling", arXiv:2406.02528, 2024' },
  { what: 'TerEffic, 370M fully on chip (on-chip memory, FPGA)', tokensPerSecond: 16300, watts: NaN, source: 'TerEffic, arXiv 2025 (reported figure)' },
  { what: 'TerEffic, 2.7B with HBM (FPGA)', tokensPerSecond: 727, watts: 46, source: 'TerEffic, arXiv 2025 (reported figure)' },
];

function fmt(n: number, digits = 3): string {
  if (!Number.isFinite(n)) return 'n/a';
  if (n >= 100) return Math.round(n).toLocaleString('en-US');
  return n.toPrecision(digits);
}

function energy(j: number): string {
  if (j >= 1) return `${fmt(j)} J`;
  if (j >= 1e-3) return `${fmt(j * 1e3)} mJ`;
  return `${fmt(j * 1e6)} µJ`;
}

export function formatProjection(rows: Projection[]): string {
  const out: string[] = [];
  const sys = rows[0]!.system;
  out.push(`system: ${sys.name}`);
  out.push(`  ${sys.lanes} lanes at ${sys.clockHz / 1e6} MHz; memory ${fmt(sys.bytesPerSecond / 1e6)} MB/s sustained, ${fmt(sys.latencySeconds * 1e9)} ns per burst, ${sys.pjPerBit} pJ/bit; fabric ×${sys.fabricFactor}; static ${sys.staticWatts} W`);
  out.push(`  (${sys.source})`);
  out.push('');
  out.push('| shape | ternary weights | bits read per token | cycles/token | bound | tokens/s | energy/token (memory + compute + static) | dense fp16, same shape and memory: tokens/s | energy/token |');
  out.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    out.push(`| ${r.shape.name} | ${fmt(r.ternaryWeights)} | ${fmt(r.bitsPerToken)} | ${fmt(r.cycles.total)} | ${r.bound} | ${fmt(r.tokensPerSecond)} | ${energy(r.energyPerTokenJ)} (${energy(r.energy.memoryJ)} + ${energy(r.energy.computeJ)} + ${energy(r.energy.staticJ)}) | ${fmt(r.dense.tokensPerSecond)} | ${energy(r.dense.energyPerTokenJ)} |`);
  }
  out.push('');
  out.push('All figures in the table are projected (cycle formula of the core, host/board/core-cycles.ts; energies per docs/BOARD.md).');
  out.push('Published, as reported:');
  for (const p of PUBLISHED) out.push(`  ${p.what}: ${fmt(p.tokensPerSecond)} tokens/s${Number.isFinite(p.watts) ? `, ${p.watts} W (${energy(p.watts / p.tokensPerSecond)}/token)` : ''} — ${p.source}`);
  return out.join('\n');
}
