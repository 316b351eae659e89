/**
 * The LM core at lane counts whose memory words are narrower than a parameter (18 bits) or an
 * embedding field (16 bits): 1 to 11 lanes, both weight formats, pass width 1, against the
 * integer spec record by record (the parameters and embedding rows then span several words),
 * and the cycle formula's exact parts against the performance counters. Pass width 1 means the
 * serial pass unit and the serial post-processor sharing one multiplier; one case has no lower
 * bound (the forget gate's (1 − lb) · σ at lb = 0), one is built for a device with SPRAM (h and SiLU(gate) in a
 * single-port memory, two 16-bit words an element).
 */
import { describe, expect, it } from 'vitest';
import type { WeightFormat } from '../../hdl-gen/blocks/lm-core-layout.ts';
import { lmCoreLayout } from '../../hdl-gen/blocks/lm-core-layout.ts';
import { cyclesPerToken } from '../../hdl-gen/blocks/lm-core/presets.ts';
import { modelConfigForShape } from '../../host/model/config.ts';
import { CoreSim } from '../../host/cosim/core-sim.ts';
import { expectedCoreRecords } from '../../host/cosim/core-trace.ts';
import { expectTokenMatches } from './rtl-checks.ts';
import { IntSpec } from '../../host/spec/int-spec.ts';
import { Prng } from '../../host/common/prng.ts';
import { randomPreparedModel } from '../../host/fixtures/random-model.ts';

interface Case {
  d: number;
  I: number;
  V: number;
  lanes: number;
  format: WeightFormat;
  /** Memory word width this case is meant to exercise. */
  wordBits: number;
  seed: number;
  lowerBound?: boolean;
  /** Build for a device with SPRAM: the parameter store and h as single-port memories. */
  spram?: boolean;
}

const CASES: Case[] = [
  { d: 13, I: 22, V: 11, lanes: 1, format: '2bit', wordBits: 8, seed: 21 },
  { d: 17, I: 30, V: 13, lanes: 5, format: 'base3', wordBits: 8, seed: 22, spram: true },
  { d: 19, I: 26, V: 9, lanes: 7, format: '2bit', wordBits: 16, seed: 23, lowerBound: false },
  { d: 16, I: 34, V: 12, lanes: 11, format: 'base3', wordBits: 24, seed: 24 },
];

describe('LM core: narrow memory words (few lanes)', () => {
  for (const c of CASES) {
    it(`d=${c.d} I=${c.I} V=${c.V}, ${c.lanes} lane(s) ${c.format}, ${c.wordBits}-bit words${c.lowerBound === false ? ', no lower bound' : ''}${c.spram ? ', SPRAM form (h and SiLU(gate) in two words an element)' : ''}`, async () => {
      const config = { ...modelConfigForShape({ hiddenSize: c.d, numLayers: 2, intermediateSize: c.I, vocabSize: c.V }), useLowerBound: c.lowerBound ?? true };
      const spec = new IntSpec(randomPreparedModel(config, c.seed));
      const sim = await CoreSim.start(spec.model, { lanes: c.lanes, format: c.format, memLatency: 2, passWidth: 1, ...(c.spram ? { spram: true } : {}) });
      try {
        expect(sim.image.layout.memWordBits).toBe(c.wordBits);
        const prng = new Prng(c.seed);
        for (let t = 0; t < 2; t++) {
          const token = prng.int(0, c.V - 1);
          const want = spec.step(token, { trace: true });
          const expected = expectedCoreRecords(config, want.intTrace!, 1);
          const got = await sim.step(token);
          expectTokenMatches(t, expected, got, want);
          const est = cyclesPerToken(sim.image.layout.shape, { memLatency: 2 });
          expect([got.perf.words, got.perf.pass, got.perf.scalar]).toEqual([est.words, est.pass, est.scalar]);
          expect(Math.abs(got.perf.cycles - est.total) / got.perf.cycles).toBeLessThan(0.05);
        }
      } finally {
        await sim.close();
      }
    }, 300_000);
  }

  it('lays a parameter over several narrow words', () => {
    const l8 = lmCoreLayout({ hiddenSize: 16, numLayers: 1, intermediateSize: 32, vocabSize: 8, lanes: 5, format: 'base3' });
    expect([l8.memWordBits, l8.paramFieldWords, l8.embFieldWords]).toEqual([8, 3, 2]);
    expect(l8.segmentWords.K).toBe(3 * l8.segmentFields.K);
    expect(l8.embRowWords).toBe(2 * 17);
    const l16 = lmCoreLayout({ hiddenSize: 16, numLayers: 1, intermediateSize: 32, vocabSize: 8, lanes: 7, format: '2bit' });
    expect([l16.memWordBits, l16.paramFieldWords, l16.embFieldWords, l16.embFieldsPerWord]).toEqual([16, 2, 1, 1]);
  });
});
