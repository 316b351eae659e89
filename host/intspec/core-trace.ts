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
  /** How many of `values` are defined for this record (q records of one-projection groups carry one). */
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

/** The core's records for one token, from `IntSpec.step(token, { trace: true }).intTrace`. */
export function expectedCoreRecords(config: ModelConfig, t: IntTrace): CoreRecord[] {
  const out: CoreRecord[] = [];
  const d = config.hiddenSize;
  const I = config.intermediateSize;
  const rec = (tag: number, layer: number, group: number, proj: number, index: number, values: number[]): void => {
    out.push({ tag, layer, group, proj, index, values: values.map(big) });
  };
  const emb = need(t, 'embedding');
  for (let k = 0; k < d; k++) rec(DBG_TAG.emb, 0, 0, 0, k, [emb[k]!]);
  const groupHead = (layer: number, group: number, names: string[]): void => {
    const qs = names.map((n) => need(t, `${n}.q`));
    for (let k = 0; k < qs[0]!.length; k++) rec(DBG_TAG.q, layer, group, 0, k, qs.map((q) => q[k]!));
    rec(DBG_TAG.group, layer, group, 0, 0, Array.from(need(t, `${names[0]}.group`)));
    names.forEach((n, p) => rec(DBG_TAG.proj, layer, group, p, p, Array.from(need(t, `${n}.scalars`))));
  };
  for (let l = 0; l < config.numLayers; l++) {
    const p = `layers.${l}.`;
    groupHead(l, CORE_GROUP.ifg, [`${p}i_proj`, `${p}f_proj`, `${p}g_proj`]);
    const accI = need(t, `${p}i_proj.acc`);
    const outI = need(t, `${p}i_proj.out`);
    for (let j = 0; j < d; j++) rec(DBG_TAG.row, l, CORE_GROUP.ifg, 0, j, [accI[j]!, outI[j]!]);
    const accF = need(t, `${p}f_proj.acc`);
    const outF = need(t, `${p}f_proj.out`);
    const fl = need(t, `${p}f`);
    for (let j = 0; j < d; j++) rec(DBG_TAG.row, l, CORE_GROUP.ifg, 1, j, [accF[j]!, outF[j]!, fl[j]!]);
    const accG = need(t, `${p}g_proj.acc`);
    const h = need(t, `${p}h`);
    const uo = need(t, `${p}o_proj.in`);
    for (let j = 0; j < d; j++) rec(DBG_TAG.row, l, CORE_GROUP.ifg, 2, j, [accG[j]!, h[j]!, uo[j]!]);

    groupHead(l, CORE_GROUP.o, [`${p}o_proj`]);
    const accO = need(t, `${p}o_proj.acc`);
    const outO = need(t, `${p}o_proj.out`);
    const xa = need(t, `${p}x_attn`);
    for (let j = 0; j < d; j++) rec(DBG_TAG.row, l, CORE_GROUP.o, 0, j, [accO[j]!, outO[j]!, xa[j]!]);

    groupHead(l, CORE_GROUP.gateUp, [`${p}gate_proj`]);
    const accGU = need(t, `${p}gate_proj.acc`);
    const gate = need(t, `${p}gate`);
    const sg = need(t, `${p}gate_silu`);
    const ud = need(t, `${p}down_proj.in`);
    for (let j = 0; j < I; j++) rec(DBG_TAG.row, l, CORE_GROUP.gateUp, 0, j, [accGU[j]!, gate[j]!, sg[j]!]);
    for (let j = 0; j < I; j++) rec(DBG_TAG.row, l, CORE_GROUP.gateUp, 0, I + j, [accGU[I + j]!, ud[j]!]);

    groupHead(l, CORE_GROUP.down, [`${p}down_proj`]);
    const accD = need(t, `${p}down_proj.acc`);
    const outD = need(t, `${p}down_proj.out`);
    const xo = need(t, `${p}x_out`);
    for (let j = 0; j < d; j++) rec(DBG_TAG.row, l, CORE_GROUP.down, 0, j, [accD[j]!, outD[j]!, xo[j]!]);
  }
  const last = config.numLayers - 1;
  groupHead(last, CORE_GROUP.head, ['lm_head']);
  const accH = need(t, 'lm_head.acc');
  const logits = need(t, 'logits');
  for (let v = 0; v < config.vocabSize; v++) rec(DBG_TAG.row, last, CORE_GROUP.head, 0, v, [accH[v]!, logits[v]!]);
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
