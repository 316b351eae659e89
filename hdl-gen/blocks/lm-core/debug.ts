/**
 * The debug record outputs of a unit of the LM core: dbg_valid, dbg_tag, dbg_index, dbg_proj
 * and dbg_v0..3 (each value sign-extended to 64 bits; unsigned values zero-extended). They
 * are 0 unless a record is emitted; the core registers them onto its debug port.
 */
import type { ModuleBuilder } from '../../core/module-builder.ts';
import { bit, sint, uint } from '../../core/shape.ts';
import { type Sig, constant } from '../../core/signal.ts';
import { DBG_VALUE_BITS } from './constants.ts';

export type RecordFn = (tag: number, index: Sig | number, values: Sig[], proj?: Sig) => void;

export const DBG_OUT_PORTS = ['dbg_valid', 'dbg_tag', 'dbg_index', 'dbg_proj', 'dbg_v0', 'dbg_v1', 'dbg_v2', 'dbg_v3'] as const;

export function toDebugValue(v: Sig): Sig {
  return (v.signed ? v : v.resize(v.width + 1).asSigned()).resize(DBG_VALUE_BITS);
}

/** The unit's debug outputs and the function that emits a record; without `enabled` (a deployment build) neither exists. */
export function debugOutputs(m: ModuleBuilder, idxBits: number, enabled = true): RecordFn {
  if (!enabled) return () => undefined;
  const valid = m.output('dbg_valid', bit());
  const tag = m.output('dbg_tag', uint(3));
  const index = m.output('dbg_index', uint(idxBits));
  const proj = m.output('dbg_proj', uint(2));
  const vs = [0, 1, 2, 3].map((i) => m.output(`dbg_v${i}`, sint(DBG_VALUE_BITS)));
  valid.set(0);
  tag.set(0);
  index.set(0);
  proj.set(0);
  vs.forEach((v) => v.set(0));
  return (t, i, values, p) => {
    valid.set(1);
    tag.set(t);
    index.set(typeof i === 'number' ? constant(uint(idxBits), i) : i.resize(idxBits));
    if (p) proj.set(p);
    values.forEach((v, k) => vs[k]!.set(toDebugValue(v)));
  };
}
