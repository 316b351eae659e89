/**
 * Presets of the LM core: a lane count and weight format for a target, from which the layout
 * (pass width, memory word) and the units (serial or parallel passes, divider speed) follow.
 *
 * - `up5k`: the shipped model on a Lattice iCE40 UP5K: 5 lanes, base3 (one byte of weights per
 *   cycle: an 8-bit memory port), serial passes and post-processor (one shared multiplier),
 *   bit-serial divider and square root.
 * - `balanced`: 16 lanes, base3 (32-bit memory port), serial passes and post-processor,
 *   bit-serial scalars.
 * - `fast`: 64 lanes, base3 (104-bit memory port), passes 4 elements per cycle, divider and
 *   square root 4 bits per cycle: the reference configuration of rtl/.
 *
 * `cyclesPerToken` is the cycle formula of the schedule (./schedule.ts, docs/ARCHITECTURE.md): the
 * accumulation, pass and scalar cycles are exact (tests/rtl/lm-core-lanes.test.ts checks them
 * against the core's performance counters), the rest (embedding load, post-processor drain at the
 * end of each group, rows that take the post-processor longer than their accumulation, memory
 * stalls) is an estimate. The embedding is estimated at a row's words; with the serial pass its
 * mantissas go through the serial embedding shifter (embedding.ts), 1 + 32 − t or 1 + 48 − t
 * cycles each for the row's shift amount t, which depends on the row's exponent (measured on
 * the shipped model at the up5k preset: about 640 cycles per token more than the row's words).
 */
import { type LmCoreShape, type WeightFormat, lmCoreLayout } from '../lm-core-layout.ts';
import { CORE_GROUP, STAT, U_NORM } from './constants.ts';
import { defaultScalarSteps } from './core.ts';
import { scalarCycles } from './scalar-unit.ts';
import { serialPassSteps } from './serial-pass-unit.ts';
import { coreSchedule } from './schedule.ts';
import { defaultDqStep, dqShiftCycles, serialPostSteps } from './serial-post-processor.ts';

export const PRESET_NAMES = ['up5k', 'balanced', 'fast'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export interface CorePreset {
  name: PresetName;
  lanes: number;
  format: WeightFormat;
  description: string;
}

export const PRESETS: Record<PresetName, CorePreset> = {
  up5k: { name: 'up5k', lanes: 5, format: 'base3', description: 'iCE40 UP5K: 5 lanes base3, 8-bit memory port, serial passes, post-processor and scalars' },
  balanced: { name: 'balanced', lanes: 16, format: 'base3', description: '16 lanes base3, 32-bit memory port, serial passes, post-processor and scalars' },
  fast: { name: 'fast', lanes: 64, format: 'base3', description: '64 lanes base3, 104-bit memory port, passes 4 elements per cycle' },
};

export class PresetError extends RangeError {
  override name = 'PresetError';
  /** Exit code of the command line (README, "Exit codes"): 2, a bad command line. */
  readonly exitCode = 2;
}

export function preset(name: string): CorePreset {
  const p = (PRESETS as Record<string, CorePreset | undefined>)[name];
  if (!p) throw new PresetError(`unknown core preset '${name}'; choose one of ${PRESET_NAMES.join(', ')}`);
  return p;
}

/** The core shape of a preset for a model's dimensions. */
export function presetShape(name: string, dims: { hiddenSize: number; numLayers: number; intermediateSize: number; vocabSize: number }): LmCoreShape {
  const p = preset(name);
  return { hiddenSize: dims.hiddenSize, numLayers: dims.numLayers, intermediateSize: dims.intermediateSize, vocabSize: dims.vocabSize, lanes: p.lanes, format: p.format };
}

export interface CycleEstimate {
  /** Lane groups accumulated (one per cycle when the memory keeps up): exact. */
  words: number;
  /** Cycles of the statistics and quantization passes: exact. */
  pass: number;
  /** Cycles of the scalar unit (divider, square root) when no scale is zero: exact. */
  scalar: number;
  /** Embedding load, post-processor drain per group and state changes, accumulation held up by the post-processor: estimated. */
  overhead: number;
  total: number;
}

/**
 * A typical dequantization shift (the spec's shift − frac: 5 to 11 for the shipped model, 8 to 12 for the test models),
 * for the serial post-processor's row estimate: its shift register takes ⌈(s + 16) / k⌉ cycles.
 */
export const TYPICAL_DQ_SHIFT = 10;

/** Cycles the post-processor spends on a row of each kind: plain (i, head), residual (o, down), up, gate (f), glu (the GLU gate rows), recurrent (the MLGRU's h rows); estimated for the serial one (its dequantization shift varies), exact for the parallel one. */
export function postRowSteps(post: 'serial' | 'parallel', lanes: number, accBits: number): { plain: number; residual: number; up: number; gate: number; glu: number; recurrent: number } {
  const k = defaultDqStep(lanes);
  return post === 'serial' ? serialPostSteps(dqShiftCycles(TYPICAL_DQ_SHIFT, k, accBits), false) : { plain: 1, residual: 1, up: 1, gate: 2, glu: 2, recurrent: 3 };
}

/** Cycles per token of a core (serial passes at pass width 1 unless `parallelPass`; the post-processor serial exactly when the passes are, unless `post` says otherwise). */
export function cyclesPerToken(shape: LmCoreShape, opts: { parallelPass?: boolean; post?: 'serial' | 'parallel'; scalarStepsPerCycle?: number; memLatency?: number } = {}): CycleEstimate {
  const L = lmCoreLayout(shape);
  const { lanes } = shape;
  const E = L.passWidth;
  const serial = E === 1 && !opts.parallelPass;
  const post = opts.post ?? (serial ? 'serial' : 'parallel');
  const steps = postRowSteps(post, lanes, L.accBits);
  const parallelSteps = postRowSteps('parallel', lanes, L.accBits);
  const k = opts.scalarStepsPerCycle ?? defaultScalarSteps(lanes);
  const groups = coreSchedule(shape).groups;
  // Row units: a matrix is ceil(rows / R) blocks of R rows, each block perRow groups long.
  const R = L.rowUnits;
  const blocks = (rows: number): number => Math.ceil(rows / R);
  let words = 0;
  let pass = 0;
  let scalar = 0;
  let postStall = 0;
  for (const g of groups) {
    const projs = g.projections.length;
    const perRow = Math.ceil(g.cols / lanes);
    // A row is taken by the post-processor at most every max(steps, 2) cycles; a block of n rows
    // (the row buffer loads when it is empty, its rows are taken one after another) every
    // max(n · steps, (n − 1) · steps + 2): n = R, and rows mod R in a matrix's padded last block.
    const blockHeld = (n: number, s: number): number => Math.max(0, Math.max(n * s, (n - 1) * s + 2) - perRow);
    const held = (rows: number, s: number): number => Math.floor(rows / R) * blockHeld(R, s) + (rows % R === 0 ? 0 : blockHeld(rows % R, s));
    g.projections.forEach((p, pi) => {
      words += blocks(p.rows) * perRow;
      if (g.group === CORE_GROUP.ifg) postStall += held(p.rows, [steps.plain, steps.gate, steps.recurrent][pi]!);
      else if (g.group === CORE_GROUP.gateUp) postStall += held(p.rows / 2, steps.glu) + held(p.rows / 2, steps.up);
      else postStall += held(p.rows, g.group === CORE_GROUP.head ? steps.plain : steps.residual);
    });
    // The drain after the group's last row: the constant below holds the parallel unit's.
    const last = g.group === CORE_GROUP.ifg ? 'recurrent' : g.group === CORE_GROUP.gateUp ? 'up' : g.group === CORE_GROUP.head ? 'plain' : 'residual';
    postStall += steps[last] - parallelSteps[last];
    if (serial) {
      const st = serialPassSteps(projs);
      pass += 4 + g.cols * (st.pass1 + st.pass2);
    } else pass += 4 + 2 * Math.ceil(g.cols / E);
    scalar += scalarCycles(L.sumSqBits, U_NORM + STAT, k, projs);
  }
  const overhead = L.embRowWords + (opts.memLatency ?? 4) + 4 + groups.length * 4 + postStall;
  return { words, pass, scalar, overhead, total: words + pass + scalar + overhead };
}
