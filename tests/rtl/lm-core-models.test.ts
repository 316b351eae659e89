/**
 * The reference configuration of the LM core (64 lanes, base3, as in rtl/) on real
 * checkpoints: the official-small-a fixture written by the public implementation and the
 * shipped trained model, bit-exact with the integer spec on every debug record over a
 * multi-token sequence.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCheckpoint } from '../../host/model/checkpoint.ts';
import { CoreSim } from '../../host/cosim/core-sim.ts';
import { describeRecord, expectedCoreRecords, firstRecordMismatch } from '../../host/cosim/core-trace.ts';
import { IntSpec } from '../../host/spec/int-spec.ts';

/** Both checkpoints are committed (tests/fixtures, models/), so neither test can skip. */
const MODELS = [
  { dir: 'tests/fixtures/official-small-a', tokens: [1, 17, 300, 5] },
  { dir: 'models/brown-ternary-5m', tokens: [1, 40, 41, 7] },
];
const repo = (p: string): string => fileURLToPath(new URL(`../../${p}`, import.meta.url));

describe('LM core on real checkpoints (64 lanes, base3)', () => {
  for (const { dir, tokens } of MODELS) {
    it(`${dir}: every record of ${tokens.length} tokens equals the integer spec`, async () => {
      const spec = new IntSpec(loadCheckpoint(repo(dir)).model);
      const sim = await CoreSim.start(spec.model, { lanes: 64, format: 'base3' });
      try {
        for (const [t, token] of tokens.entries()) {
          const want = spec.step(token, { trace: true });
          const expected = expectedCoreRecords(spec.config, want.intTrace!, sim.image.layout.passWidth);
          const got = await sim.step(token);
          const mm = firstRecordMismatch(expected, got.records);
          expect(mm, mm ? `token ${t}, record ${mm.at}: expected ${mm.expected ? describeRecord(mm.expected) : 'none'}, got ${mm.got ? describeRecord(mm.got) : 'none'}` : '').toBeUndefined();
          expect(got.logits).toEqual(Array.from(want.logits, (v) => BigInt(v)));
          expect(got.argmax).toBe(want.argmax);
        }
      } finally {
        await sim.close();
      }
    }, 600_000);
  }
});
