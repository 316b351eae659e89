/**
 * The MatMul-free LM core generator; its units live in ./lm-core/ (see core.ts there).
 */
export { lmCore, type LmCoreOptions } from './lm-core/core.ts';
export { CORE_GROUP, DBG_TAG, DBG_VALUE_BITS, lmCoreName } from './lm-core/constants.ts';
export { clog2 } from '../core/shape.ts';

/** Cycle-free helpers for callers: the debug port's value width and record layout. */
export interface CoreDebugRecord {
  tag: number;
  layer: number;
  group: number;
  proj: number;
  index: number;
  values: [bigint, bigint, bigint, bigint];
}
