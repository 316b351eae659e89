/**
 * The whole LM core under Verilator against the integer spec: every debug record (each named
 * vector element, each per-token scalar, each output row of every projection, per layer) and
 * the logit stream and argmax, over multi-token sequences, for random models of several shapes:
 * dimensions that are not multiples of the lane count nor powers of two, both weight formats,
 * different memory latencies, with and without lower bounds.
 */
import { describe, expect, it } from 'vitest';
import { emitDesign } from '../../hdl-gen/index.ts';
import { lmCore } from '../../hdl-gen/blocks/lm-core.ts';
import type { WeightFormat } from '../../hdl-gen/blocks/lm-core-layout.ts';
import { modelConfigForShape } from '../../host/model/config.ts';
import { CoreSim } from '../../host/cosim/core-sim.ts';
import { expectedCoreRecords, firstRecordMismatch } from '../../host/cosim/core-trace.ts';
import { expectTokenMatches } from './rtl-checks.ts';
import { IntSpec } from '../../host/spec/int-spec.ts';
import { Prng } from '../../host/common/prng.ts';
import { randomPreparedModel } from '../../host/fixtures/random-model.ts';
import { expectToolClean } from '../hdl-gen/tool-clean.ts';

interface Case {
  d: number;
  L: number;
  I: number;
  V: number;
  lanes: number;
  format: WeightFormat;
  latency: number;
  tokens: number;
  lowerBound: boolean;
  seed: number;
  passWidth?: number;
  groupsPerWord?: number;
  tritDecoder?: 'logic' | 'rom';
  arrayStyle?: 'masked' | 'folded';
}

const CASES: Case[] = [
  { d: 40, L: 2, I: 72, V: 50, lanes: 16, format: '2bit', latency: 4, tokens: 3, lowerBound: true, seed: 3, passWidth: 8 },
  { d: 45, L: 3, I: 100, V: 37, lanes: 15, format: 'base3', latency: 1, tokens: 3, lowerBound: true, seed: 4, groupsPerWord: 3, tritDecoder: 'rom' },
  { d: 33, L: 1, I: 70, V: 29, lanes: 12, format: '2bit', latency: 9, tokens: 4, lowerBound: false, seed: 5, passWidth: 2, groupsPerWord: 2 },
  { d: 64, L: 2, I: 176, V: 61, lanes: 20, format: 'base3', latency: 3, tokens: 2, lowerBound: true, seed: 6 },
  // Rows of two groups (d = 48) with the parallel post-processor: the folded array's last group
  // goes in the cycle the post-processor takes the previous row.
  { d: 48, L: 1, I: 96, V: 40, lanes: 32, format: 'base3', latency: 2, tokens: 2, lowerBound: true, seed: 7, passWidth: 16, arrayStyle: 'folded' },
  // The folded array (registered lanes, signs carried up the tree): an odd lane count (a pair
  // without its b lane), several groups a word, and both formats.
  { d: 37, L: 2, I: 66, V: 31, lanes: 15, format: 'base3', latency: 2, tokens: 2, lowerBound: true, seed: 8, arrayStyle: 'folded', tritDecoder: 'rom' },
  { d: 33, L: 1, I: 70, V: 29, lanes: 12, format: '2bit', latency: 1, tokens: 3, lowerBound: false, seed: 9, groupsPerWord: 2, arrayStyle: 'folded' },
];

describe('LM core: bit-exact with the integer spec', () => {
  for (const c of CASES) {
    it(`d=${c.d} L=${c.L} I=${c.I} V=${c.V}, ${c.lanes} lanes ${c.format}, pass width ${c.passWidth ?? 'default'}, ${c.groupsPerWord ?? 1} group(s) per word, latency ${c.latency}, ${c.tokens} tokens${c.lowerBound ? '' : ', no lower bound'}${c.tritDecoder ? `, ${c.tritDecoder} trit decoders` : ''}${c.arrayStyle ? `, ${c.arrayStyle} array` : ''}`, async () => {
      const config = { ...modelConfigForShape({ hiddenSize: c.d, numLayers: c.L, intermediateSize: c.I, vocabSize: c.V }), useLowerBound: c.lowerBound };
      const spec = new IntSpec(randomPreparedModel(config, c.seed));
      const sim = await CoreSim.start(spec.model, { lanes: c.lanes, format: c.format, memLatency: c.latency, ...(c.passWidth ? { passWidth: c.passWidth } : {}), ...(c.groupsPerWord ? { groupsPerWord: c.groupsPerWord } : {}), ...(c.tritDecoder ? { tritDecoder: c.tritDecoder } : {}), ...(c.arrayStyle ? { arrayStyle: c.arrayStyle } : {}) });
      try {
        const prng = new Prng(c.seed);
        let previous: ReturnType<typeof expectedCoreRecords> | undefined;
        for (let t = 0; t < c.tokens; t++) {
          const token = prng.int(0, c.V - 1);
          const want = spec.step(token, { trace: true });
          const expected = expectedCoreRecords(config, want.intTrace!, sim.image.layout.passWidth);
          const got = await sim.step(token);
          expectTokenMatches(t, expected, got, want);
          expect(got.perf.words).toBe(c.L * (4 * c.d * Math.ceil(c.d / c.lanes) + 2 * c.I * Math.ceil(c.d / c.lanes) + c.d * Math.ceil(c.I / c.lanes)) + c.V * Math.ceil(c.d / c.lanes));
          // The comparison can fail: the previous token's records differ (the state has moved on).
          if (previous) expect(firstRecordMismatch(previous, got.records)).toBeDefined();
          previous = expected;
        }
      } finally {
        await sim.close();
      }
    }, 300_000);
  }
});

describe('LM core: emitted Verilog', () => {
  it('is clean under Verilator -Wall, Yosys synth + check and Icarus (small configuration)', () => {
    expectToolClean(emitDesign(lmCore({ hiddenSize: 24, numLayers: 1, intermediateSize: 40, vocabSize: 20, lanes: 15, format: 'base3' })));
  }, 600_000);
});
