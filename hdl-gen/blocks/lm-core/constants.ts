/**
 * Constants shared by the units of the LM core: debug tags, group numbering, the fixed-point
 * widths of the integer spec (docs/ARITHMETIC.md) and the per-group facts the units select by
 * the current group.
 */
import type { LmCoreLayout, LmCoreShape } from '../lm-core-layout.ts';

/** Debug record tags. */
export const DBG_TAG = { emb: 1, q: 2, group: 3, proj: 4, row: 5 } as const;
/** BitLinear groups, in schedule order. */
export const CORE_GROUP = { ifg: 0, o: 1, gateUp: 2, down: 3, head: 4 } as const;
export const DBG_VALUE_BITS = 64;

/** Residual stream x: Q11.20 in 32 bits. */
export const X_BITS = 32;
export const X_FRAC = 20;
/** Gate and recurrence values: Q.16 in 27 bits. */
export const V_BITS = 27;
export const V_FRAC = 16;
export const LOGIT_BITS = 32;
export const LOGIT_FRAC = 16;
/** The normalized input u' of a pass is 27 bits wide. */
export const U_NORM = 27;
/** Statistics operands (norm weights, normalized products) are 18 bits wide. */
export const STAT = 18;
export const GATE_ONE = 65536;
export const SHIFT_BITS = 10;

export function lmCoreName(s: LmCoreShape): string {
  const r = s.rowUnits ?? 1;
  return `lm_core_d${s.hiddenSize}_l${s.numLayers}_i${s.intermediateSize}_v${s.vocabSize}_n${s.lanes}_${s.format === '2bit' ? 'b2' : 'b3'}${r > 1 ? `_r${r}` : ''}`;
}

export interface GroupInfo {
  cols: number;
  srcIsU: boolean;
  projs: number;
  /** dequantization fraction bits per projection */
  frac: number[];
}

export function groupInfo(L: LmCoreLayout, g: number): GroupInfo {
  const { hiddenSize: d, intermediateSize: I } = L.shape;
  switch (g) {
    case CORE_GROUP.ifg:
      return { cols: d, srcIsU: false, projs: 3, frac: [V_FRAC, V_FRAC, V_FRAC] };
    case CORE_GROUP.o:
      return { cols: d, srcIsU: true, projs: 1, frac: [X_FRAC] };
    case CORE_GROUP.gateUp:
      return { cols: d, srcIsU: false, projs: 1, frac: [V_FRAC] };
    case CORE_GROUP.down:
      return { cols: I, srcIsU: true, projs: 1, frac: [X_FRAC] };
    default:
      return { cols: d, srcIsU: false, projs: 1, frac: [LOGIT_FRAC] };
  }
}

export const ALL_GROUPS = [0, 1, 2, 3, 4] as const;
