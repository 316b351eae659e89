/**
 * One randomized check of the whole LM core: a random model of a given shape, its core under
 * Verilator with given lanes, weight format and memory latency, a token sequence through it,
 * and every debug record, logit and argmax compared with the integer spec. The core is
 * driven through CoreSim (its ports: the burst memory port, start/token/done, dbg_*, the
 * logit stream), the expected records come from core-trace.ts. Used by the reset-independence
 * and fuzz-soak scripts and their tests.
 */
import type { WeightFormat } from '../../hdl-gen/blocks/lm-core-layout.ts';
import type { TestbenchOptions } from '../../sim/testbench.ts';
import { modelConfigForShape } from '../model/config.ts';
import { CoreSim } from './core-sim.ts';
import { describeRecord, expectedCoreRecords, firstRecordMismatch, type CoreRecord } from './core-trace.ts';
import { IntSpec } from '../spec/int-spec.ts';
import { randomPreparedModel } from '../fixtures/random-model.ts';

export interface CoreCase {
  d: number;
  L: number;
  I: number;
  V: number;
  lanes: number;
  format: WeightFormat;
  /** Memory latency in cycles. */
  latency: number;
  /** Seed of the random weights. */
  weightSeed: number;
  lowerBound: boolean;
  tokens: number[];
}

/** What the core put out for one token (everything the comparison looks at, and the cycles). */
export interface TokenOutput {
  records: CoreRecord[];
  logits: bigint[];
  argmax: number;
  cycles: number;
  /** Simulation cycle at which the token started (record cycles count from reset). */
  startCycle?: number;
}

export interface CaseResult {
  /** The first difference from the integer spec, as one line; undefined when bit-exact. */
  mismatch?: string;
  outputs: TokenOutput[];
}

export function describeCase(c: CoreCase): string {
  return `d=${c.d} L=${c.L} I=${c.I} V=${c.V}, ${c.lanes} lanes ${c.format}, latency ${c.latency}, weights seed ${c.weightSeed}${c.lowerBound ? '' : ', no lower bound'}, tokens [${c.tokens.join(', ')}]`;
}

/** Runs one case; stops at the first token that differs from the spec. */
export async function runCoreCase(c: CoreCase, testbench: TestbenchOptions = {}): Promise<CaseResult> {
  const config = { ...modelConfigForShape({ hiddenSize: c.d, numLayers: c.L, intermediateSize: c.I, vocabSize: c.V }), useLowerBound: c.lowerBound };
  const spec = new IntSpec(randomPreparedModel(config, c.weightSeed));
  const sim = await CoreSim.start(spec.model, { lanes: c.lanes, format: c.format, memLatency: c.latency, testbench });
  const outputs: TokenOutput[] = [];
  try {
    for (let t = 0; t < c.tokens.length; t++) {
      const token = c.tokens[t]!;
      const want = spec.step(token, { trace: true });
      const expected = expectedCoreRecords(config, want.intTrace!, sim.image.layout.passWidth);
      const got = await sim.step(token);
      outputs.push({ records: got.records, logits: got.logits, argmax: got.argmax, cycles: got.cycles, startCycle: got.startCycle });
      const mm = firstRecordMismatch(expected, got.records);
      if (mm) {
        const e = mm.expected ? describeRecord(mm.expected) : 'no more records';
        const g = mm.got ? describeRecord(mm.got) : 'no more records';
        return { mismatch: `token ${t} (${token}), record ${mm.at}: spec ${e}, core ${g}`, outputs };
      }
      const v = want.logits.findIndex((x, i) => BigInt(x) !== got.logits[i]);
      if (v >= 0 || got.logits.length !== want.logits.length) {
        return { mismatch: `token ${t} (${token}): logit ${v}: spec ${want.logits[v]}, core ${got.logits[v]} (${got.logits.length} logits streamed)`, outputs };
      }
      if (got.argmax !== want.argmax) return { mismatch: `token ${t} (${token}): argmax spec ${want.argmax}, core ${got.argmax}`, outputs };
    }
  } finally {
    await sim.close();
  }
  return { outputs };
}

/** First difference between two runs' outputs (records with their cycles, logits, argmax, cycle counts), or undefined. */
export function firstOutputDifference(a: readonly TokenOutput[], b: readonly TokenOutput[]): string | undefined {
  if (a.length !== b.length) return `${a.length} tokens against ${b.length}`;
  for (let t = 0; t < a.length; t++) {
    const x = a[t]!;
    const y = b[t]!;
    if (x.cycles !== y.cycles) return `token ${t}: ${x.cycles} cycles against ${y.cycles}`;
    if (x.argmax !== y.argmax) return `token ${t}: argmax ${x.argmax} against ${y.argmax}`;
    if (x.logits.length !== y.logits.length || x.logits.some((v, i) => v !== y.logits[i])) return `token ${t}: logits differ`;
    if (x.records.length !== y.records.length) return `token ${t}: ${x.records.length} records against ${y.records.length}`;
    for (let i = 0; i < x.records.length; i++) {
      const r = x.records[i]!;
      const s = y.records[i]!;
      if (r.cycle !== s.cycle || describeRecord(r) !== describeRecord(s)) {
        return `token ${t}, record ${i}: ${describeRecord(r)} at cycle ${r.cycle} against ${describeRecord(s)} at cycle ${s.cycle}`;
      }
    }
  }
  return undefined;
}
