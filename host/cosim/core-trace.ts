/**
 * The debug records the LM core (hdl-gen/blocks/lm-core.ts) emits for one token, derived from
 * the integer spec's exact trace, in the core's order (the schedule of
 * hdl-gen/blocks/lm-core/schedule.ts). Comparing the hardware's records with
 * these, one by one, checks every named vector and every per-token scalar bit for bit.
 *
 * Record kinds (tag): emb (x after the lookup), q (the int8 vectors of a group, one record per
 * input element, one value per projection), group (sU, sR, Σr'², max|u'·a|), proj (P, R, M,
 * shift) and row (per output row: the accumulator and what the post-processor made of it).
 */
import { CORE_GROUP, DBG_TAG } from '../../hdl-gen/blocks/lm-core.ts';
import { coreSchedule, type ScheduledProjection } from '../../hdl-gen/blocks/lm-core/schedule.ts';
import type { ModelConfig } from '../model/model.ts';
import type { IntTrace } from '../spec/int-spec.ts';

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
/** Names of the core's BitLinear groups, indexed by CORE_GROUP. */
export const GROUP_NAMES = ['ifg', 'o', 'gate_up', 'down', 'head'];

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
  const schedule = coreSchedule(config);
  /**
   * `count` records, record j's value slots taken from element (j + offset) of each named
   * integer-trace vector. Names are formatted only when asked for (on a mismatch).
   */
  const rows = (tag: number, layer: number, group: number, proj: number, first: number, count: number, cols: [name: string, offset: number][]): void => {
    const arrays = cols.map(([n]) => need(t, n));
    for (let j = 0; j < count; j++) {
      const values = new Array<bigint>(cols.length);
      for (let c = 0; c < cols.length; c++) values[c] = big(arrays[c]![j + cols[c]![1]]!);
      out.push(new ExpectedRecord(tag, layer, group, proj, first + j, values, cols, j));
    }
  };
  const all = (name: string): [string, number][] => Array.from(need(t, name), (_, k) => [name, k]);
  rows(DBG_TAG.emb, 0, 0, 0, 0, schedule.embedding, [['embedding', 0]]);
  const groupHead = (layer: number, group: number, names: string[]): void => {
    const qs = names.map((n) => need(t, `${n}.q`));
    const len = qs[0]!.length;
    const E = passWidth;
    for (let k = 0; k < len; k += E) {
      const packed = qs.map((q) => {
        let v = 0n;
        for (let e = E - 1; e >= 0; e--) v = (v << 8n) | (BigInt(k + e < len ? q[k + e]! : 0) & 0xffn);
        return BigInt.asIntN(64, v);
      });
      const last = Math.min(k + E, len) - 1;
      out.push(new ExpectedRecord(DBG_TAG.q, layer, group, 0, k, packed, names.map((n) => [`${n}.q`, 0]), k, last));
    }
    const stats = `${names[0]}.group`;
    out.push(new ExpectedRecord(DBG_TAG.group, layer, group, 0, 0, all(stats).map(([n, k]) => big(need(t, n)[k]!)), all(stats), 0));
    names.forEach((n, p) => {
      const sc = all(`${n}.scalars`);
      out.push(new ExpectedRecord(DBG_TAG.proj, layer, group, p, p, sc.map(([m, k]) => big(need(t, m)[k]!)), sc, 0));
    });
  };
  for (const g of schedule.groups) {
    const p = g.group === CORE_GROUP.head ? '' : `layers.${g.layer}.`;
    groupHead(g.layer, g.group, g.projections.map((q) => `${p}${q.name}`));
    g.projections.forEach((q, k) => {
      for (const r of rowValues(p, q)) rows(DBG_TAG.row, g.layer, g.group, k, r.first, r.count, r.cols);
    });
  }
  return out;
}

/**
 * What the post-processor reports for the output rows of a projection: the integer-spec
 * vectors of the record's value slots (the accumulator first), over which rows.
 */
function rowValues(p: string, q: ScheduledProjection): { first: number; count: number; cols: [string, number][] }[] {
  const every = (...names: string[]) => [{ first: 0, count: q.rows, cols: names.map((n): [string, number] => [n, 0]) }];
  switch (q.name) {
    case 'i_proj':
      return every(`${p}i_proj.acc`, `${p}i_proj.out`);
    case 'f_proj':
      return every(`${p}f_proj.acc`, `${p}f_proj.out`, `${p}f`);
    case 'g_proj':
      return every(`${p}g_proj.acc`, `${p}h`, `${p}o_proj.in`);
    case 'o_proj':
      return every(`${p}o_proj.acc`, `${p}o_proj.out`, `${p}x_attn`);
    case 'gate_proj': {
      // the gate rows, then the up rows (the GLU's product is down_proj's input)
      const I = q.rows / 2;
      return [
        { first: 0, count: I, cols: [[`${p}gate_proj.acc`, 0], [`${p}gate`, 0], [`${p}gate_silu`, 0]] },
        { first: I, count: I, cols: [[`${p}gate_proj.acc`, I], [`${p}down_proj.in`, 0]] },
      ];
    }
    case 'down_proj':
      return every(`${p}down_proj.acc`, `${p}down_proj.out`, `${p}x_out`);
    case 'lm_head':
      return every('lm_head.acc', 'logits');
    default:
      throw new Error(`core schedule: no row records for projection '${q.name}'`);
  }
}

/** An expected record that knows which integer-spec element each of its values comes from. */
class ExpectedRecord implements CoreRecord {
  constructor(
    readonly tag: number,
    readonly layer: number,
    readonly group: number,
    readonly proj: number,
    readonly index: number,
    readonly values: bigint[],
    private readonly cols: readonly (readonly [string, number])[],
    private readonly element: number,
    /** Packed records (q beats) cover elements element … lastElement. */
    private readonly lastElement?: number,
  ) {}

  get names(): string[] {
    return this.cols.map(([n, off]) => {
      const k = this.element + off;
      return this.lastElement === undefined ? `${n}[${k}]` : `${n}[${k}..${this.lastElement}]`;
    });
  }
}

/** How many values of a record the hardware defines (q records carry one per projection of the group). */
export function definedValues(r: CoreRecord): number {
  return r.values.length;
}

/**
 * Whether the hardware's value slots past a record's defined values are don't-care (q
 * records, whose unused slots hold whatever the pass left there) rather than 0.
 */
export function unusedSlotsIgnored(r: CoreRecord): boolean {
  return r.tag === DBG_TAG.q;
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
      e.values.every((v, k) => g.values[k] === v) && g.values.slice(e.values.length).every((v) => unusedSlotsIgnored(e) || v === 0n);
    if (!same) return { at: i, expected: e, got: g };
  }
  return undefined;
}
