/**
 * Test helpers shared by the RTL tests: the stimulus of start-pulsed serial units, and the
 * check of one core token against the integer spec.
 */
import { expect } from 'vitest';
import type { CoreSim } from '../../host/cosim/core-sim.ts';
import { describeRecord, type expectedCoreRecords, firstRecordMismatch } from '../../host/cosim/core-trace.ts';
import type { IntSpec } from '../../host/spec/int-spec.ts';
import type { Testbench } from '../../sim/testbench.ts';

/**
 * A stimulus that pulses `start` with each operation's operands on `inputs`, one operation
 * every latency + 2 cycles, and the cycle at which each result is sampled.
 */
export function startPulses(tb: Testbench, inputs: string[], ops: bigint[][], latency: number): { stim: ReturnType<Testbench['stimulus']>; sampleAt: number[] } {
  const per = latency + 2;
  const stim = tb.stimulus(['start', ...inputs], ops.length * per);
  const sampleAt: number[] = [];
  ops.forEach((op, i) => {
    stim.set(i * per, 'start', 1);
    inputs.forEach((n, j) => stim.set(i * per, n, op[j]!));
    sampleAt.push(i * per + per - 1);
  });
  return { stim, sampleAt };
}

/** One token of the core against the spec: every record in order, the logits and the argmax. */
export function expectTokenMatches(
  t: number,
  expected: ReturnType<typeof expectedCoreRecords>,
  got: Awaited<ReturnType<CoreSim['step']>>,
  want: ReturnType<IntSpec['step']>,
): void {
  const mm = firstRecordMismatch(expected, got.records);
  expect(mm, mm ? `token ${t}, record ${mm.at}: expected ${mm.expected ? describeRecord(mm.expected) : 'none'}, got ${mm.got ? describeRecord(mm.got) : 'none'}` : '').toBeUndefined();
  expect(got.records.length).toBe(expected.length);
  expect(got.logits).toEqual(Array.from(want.logits, (v) => BigInt(v)));
  expect(got.argmax).toBe(want.argmax);
}
