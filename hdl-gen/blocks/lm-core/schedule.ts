/**
 * The LM core's schedule for one token, stated once: after the embedding lookup, per layer the
 * BitLinear groups MLGRU i/f/g (three projections sharing one input), o, GLU gate/up (one
 * projection of 2·I rows: the gate rows, then the up rows), down, and after the last layer the
 * head. Each group runs pass 1 (statistics), the scalars, pass 2 (quantization), the scalars
 * per projection, then accumulates each projection's rows in turn.
 *
 * Two descriptions are derived from it: the records the core emits, in order
 * (host/cosim/core-trace.ts), and the cycle formula (`cyclesPerToken`, ./presets.ts, used by
 * host/board/core-cycles.ts). The sequencer in ./core.ts walks the same order in hardware.
 */
import { CORE_GROUP } from './constants.ts';

/** The model's dimensions the schedule depends on (lanes and formats do not change the order). */
export interface ScheduleDims {
  hiddenSize: number;
  numLayers: number;
  intermediateSize: number;
  vocabSize: number;
}

export interface ScheduledProjection {
  /** The projection's name in the model (i_proj … down_proj, lm_head; gate_proj holds the gate and up rows). */
  name: string;
  /** Output rows, accumulated one after another. */
  rows: number;
}

export interface ScheduledGroup {
  /** The layer counter while the group runs (the head runs with the last layer's). */
  layer: number;
  /** CORE_GROUP number. */
  group: number;
  /** Input elements: the columns of every projection of the group. */
  cols: number;
  projections: ScheduledProjection[];
}

export interface CoreSchedule {
  /** Elements of the embedding row loaded before the first group. */
  embedding: number;
  groups: ScheduledGroup[];
}

export function coreSchedule(dims: ScheduleDims): CoreSchedule {
  const { hiddenSize: d, numLayers: NL, intermediateSize: I, vocabSize: V } = dims;
  const groups: ScheduledGroup[] = [];
  for (let layer = 0; layer < NL; layer++) {
    groups.push(
      { layer, group: CORE_GROUP.ifg, cols: d, projections: [{ name: 'i_proj', rows: d }, { name: 'f_proj', rows: d }, { name: 'g_proj', rows: d }] },
      { layer, group: CORE_GROUP.o, cols: d, projections: [{ name: 'o_proj', rows: d }] },
      { layer, group: CORE_GROUP.gateUp, cols: d, projections: [{ name: 'gate_proj', rows: 2 * I }] },
      { layer, group: CORE_GROUP.down, cols: I, projections: [{ name: 'down_proj', rows: d }] },
    );
  }
  groups.push({ layer: NL - 1, group: CORE_GROUP.head, cols: d, projections: [{ name: 'lm_head', rows: V }] });
  return { embedding: d, groups };
}
