/**
 * The debug records the LM core (hdl-gen/blocks/lm-core.ts) emits for one token, derived from
 * the integer spec's exact trace, in the core's order. Comparing the hardware's records with
 * these, one by one, checks every named vector and every per-token scalar bit for bit.
 *
 * Record kinds (tag): emb (x after the lookup), q (the int8 vectors of a group, one record per
 * input element, one value per projection), group (sU, sR, Σr'², max|u'·a|), proj (P, R, M,
 * shift) and row (per output row: the accumulator and what the post-processor made of it).
 */
import { CORE_GROUP, DBG_TAG } from '../../hdl-gen/blocks/lm-core.ts';
import type { ModelConfig } from '../model.ts';
import type { IntTrace } from './int-spec.ts';

export interface CoreRecord {
  tag: number;
  layer: number;
  group: number;
  proj: number;
  index: number;
  /** The values the record carries (unused value slots are not listed). */
  values: bigint[];
  /** Expected records only: the integer-spec tensor and element each value slot comes from. */
  names?: string[];
  /** Hardware records only: the simulation cycle (since reset) at which the core emitted it. */
  cycle?: number;
}

export const TAG_NAMES: Record<number, string> = { [DBG_TAG.emb]: 'emb', [DBG_TAG.q]: 'q', [DBG_TAG.group]: 'group', [DBG_TAG.proj]: 'proj', [DBG_TAG.row]: 'row' };
const GROUP_NAMES = ['ifg', 'o', 'gate_up', 'down', 'head'];

export function describeRecord(r: CoreRecord): string {
  return `${TAG_NAMES[r.tag] ?? r.tag} layer ${r.layer} group ${GROUP_NAMES[r.group] ?? r.group} proj ${r.proj} index ${r.index}: [${r.values.join(', ')}]`;
}

function need(t: IntTrace, name: string): Float64Array {
  const v = t.get(name);
  if (v === undefined) throw new Error(`integer-spec trace has no '${name}' (run IntSpec.step with { trace: true })`);
  return v;
}

const big = (x: number): bigint => BigInt(x);

/**
 * The core's records for one token, from `IntSpec.step(token, { trace: true }).intTrace`.
 * `passWidth` is the core's E (CoreSim.image.layout.passWidth): its passes quantize E input
 * elements per cycle and report them in one q record per beat, each projection's E int8
 * values packed into one value (element kb·E + e in bits 8e … 8e + 7, two's complement;
 * elements past the end of the vector are 0).
 */
export function expectedCoreRecords(config: ModelConfig, t: IntTrace, passWidth = 1): CoreRecord[] {
  const out: CoreRecord[] = [];
  const d = config.hiddenSize;
  const I = config.intermediateSize;
  /** One record; each value slot is [tensor name, element index] of the integer trace. */
  const rec = (tag: number, layer: number, group: number, proj: number, index: number, slots: [string, number][]): void => {
    out.push({
      tag, layer, group, proj, index,
      values: slots.map(([n, k]) => big(need(t, n)[k]!)),
      names: slots.map(([n, k]) => `${n}[${k}]`),
    });
  };
  for (let k = 0; k < d; k++) rec(DBG_TAG.emb, 0, 0, 0, k, [['embedding', k]]);
  const groupHead = (layer: number, group: number, names: string[]): void => {
    const len = need(t, `${names[0]}.q`).length;
    const E = passWidth;
    for (let k = 0; k < len; k += E) {
      const packed = names.map((n) => {
        const q = need(t, `${n}.q`);
        let v = 0n;
        for (let e = E - 1; e >= 0; e--) v = (v << 8n) | (BigInt(k + e < len ? q[k + e]! : 0) & 0xffn);
        return BigInt.asIntN(64, v);
      });
      out.push({
        tag: DBG_TAG.q, layer, group, proj: 0, index: k,
        values: packed,
        names: names.map((n) => `${n}.q[${k}..${Math.min(k + E, len) - 1}]`),
      });
    }
    const stats = need(t, `${names[0]}.group`);
    rec(DBG_TAG.group, layer, group, 0, 0, Array.from(stats, (_, k) => [`${names[0]}.group`, k]));
    names.forEach((n, p) => {
      const sc = need(t, `${n}.scalars`);
      rec(DBG_TAG.proj, layer, group, p, p, Array.from(sc, (_, k) => [`${n}.scalars`, k]));
    });
  };
  for (let l = 0; l < config.numLayers; l++) {
    const p = `layers.${l}.`;
    groupHead(l, CORE_GROUP.ifg, [`${p}i_proj`, `${p}f_proj`, `${p}g_proj`]);
    for (let j = 0; j < d; j++) rec(DBG_TAG.row, l, CORE_GROUP.ifg, 0, j, [[`${p}i_proj.acc`, j], [`${p}i_proj.out`, j]]);
    for (let j = 0; j < d; j++) rec(DBG_TAG.row, l, CORE_GROUP.ifg, 1, j, [[`${p}f_proj.acc`, j], [`${p}f_proj.out`, j], [`${p}f`, j]]);
    for (let j = 0; j < d; j++) rec(DBG_TAG.row, l, CORE_GROUP.ifg, 2, j, [[`${p}g_proj.acc`, j], [`${p}h`, j], [`${p}o_proj.in`, j]]);

    groupHead(l, CORE_GROUP.o, [`${p}o_proj`]);
    for (let j = 0; j < d; j++) rec(DBG_TAG.row, l, CORE_GROUP.o, 0, j, [[`${p}o_proj.acc`, j], [`${p}o_proj.out`, j], [`${p}x_attn`, j]]);

    groupHead(l, CORE_GROUP.gateUp, [`${p}gate_proj`]);
    for (let j = 0; j < I; j++) rec(DBG_TAG.row, l, CORE_GROUP.gateUp, 0, j, [[`${p}gate_proj.acc`, j], [`${p}gate`, j], [`${p}gate_silu`, j]]);
    for (let j = 0; j < I; j++) rec(DBG_TAG.row, l, CORE_GROUP.gateUp, 0, I + j, [[`${p}gate_proj.acc`, I + j], [`${p}down_proj.in`, j]]);

    groupHead(l, CORE_GROUP.down, [`${p}down_proj`]);
    for (let j = 0; j < d; j++) rec(DBG_TAG.row, l, CORE_GROUP.down, 0, j, [[`${p}down_proj.acc`, j], [`${p}down_proj.out`, j], [`${p}x_out`, j]]);
  }
  const last = config.numLayers - 1;
  groupHead(last, CORE_GROUP.head, ['lm_head']);
  for (let v = 0; v < config.vocabSize; v++) rec(DBG_TAG.row, last, CORE_GROUP.head, 0, v, [['lm_head.acc', v], ['logits', v]]);
  return out;
}

/** How many values of a record the hardware defines (q records carry one per projection of the group). */
export function definedValues(r: CoreRecord): number {
  return r.values.length;
}

/** The first record where two sequences differ (undefined when equal), comparing the defined values. */
export function firstRecordMismatch(expected: readonly CoreRecord[], got: readonly CoreRecord[]): { at: number; expected?: CoreRecord; got?: CoreRecord } | undefined {
  const n = Math.max(expected.length, got.length);
  for (let i = 0; i < n; i++) {
    const e = expected[i];
    const g = got[i];
    if (!e || !g) return { at: i, ...(e ? { expected: e } : {}), ...(g ? { got: g } : {}) };
    const same =
      e.tag === g.tag && e.layer === g.layer && e.group === g.group && e.proj === g.proj && e.index === g.index &&
      e.values.every((v, k) => g.values[k] === v) && g.values.slice(e.values.length).every((v) => e.tag === DBG_TAG.q || v === 0n);
    if (!same) return { at: i, expected: e, got: g };
  }
  return undefined;
}
