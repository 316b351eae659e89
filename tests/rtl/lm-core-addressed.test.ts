/**
 * The LM core with the addressed accumulator array (accumulator.ts, ArrayStyle 'addressed': lane
 * a of each pair reads x or ~x from a q RAM of its own, chosen by the trits, and the sums come
 * two cycles after the group) under Verilator against the integer spec: every debug record, the
 * logits and the argmax, over two tokens, and the weight groups and pass and scalar cycles against
 * the cycle formula. Even and odd lane counts (an odd count leaves the last a lane without a b),
 * both formats, ROM and logic trit decoders, rows of one group and of several.
 */
import { describe, expect, it } from 'vitest';
import { emitDesign } from '../../hdl-gen/index.ts';
import { lmCore } from '../../hdl-gen/blocks/lm-core.ts';
import type { TritDecoderKind } from '../../hdl-gen/blocks/lm-core/accumulator.ts';
import type { CoreCase } from '../../host/cosim/core-check.ts';
import { cyclesPerToken } from '../../hdl-gen/blocks/lm-core/presets.ts';
import { modelConfigForShape } from '../../host/model/config.ts';
import { CoreSim } from '../../host/cosim/core-sim.ts';
import { expectedCoreRecords } from '../../host/cosim/core-trace.ts';
import { expectTokenMatches } from './rtl-checks.ts';
import { IntSpec } from '../../host/spec/int-spec.ts';
import { Prng } from '../../host/common/prng.ts';
import { randomPreparedModel } from '../../host/fixtures/random-model.ts';
import { compileIverilog, formatReports, lintVerilator } from '../../sim/toolcheck.ts';

/** A shape, lanes, format and memory latency as the other core checks have them; the weights' seed; the trit decoders. */
type Case = Pick<CoreCase, 'd' | 'L' | 'I' | 'V' | 'lanes' | 'format' | 'latency'> & { seed: number; tritDecoder?: TritDecoderKind };

const CASES: Case[] = [
  // 16 lanes, base-3 ROM decoders (as the lane-cost figures have them); d = 40 pads the last group.
  { d: 40, L: 2, I: 48, V: 50, lanes: 16, format: 'base3', latency: 3, seed: 41, tritDecoder: 'rom' },
  // 7 lanes, 2-bit codes: the last a lane has no b; rows of one group (d = 7) up to seven.
  { d: 7, L: 2, I: 45, V: 23, lanes: 7, format: '2bit', latency: 2, seed: 42 },
  // 15 lanes, base-3 logic decoders; I = 61 pads the down rows' last group.
  { d: 30, L: 1, I: 61, V: 37, lanes: 15, format: 'base3', latency: 4, seed: 43, tritDecoder: 'logic' },
  // One lane: one a lane, no b.
  { d: 6, L: 1, I: 10, V: 9, lanes: 1, format: '2bit', latency: 1, seed: 44 },
];

describe('LM core with the addressed array: bit-exact with the integer spec', () => {
  for (const c of CASES) {
    it(`d=${c.d} L=${c.L} I=${c.I} V=${c.V}, ${c.lanes} lanes ${c.format}${c.tritDecoder ? `, ${c.tritDecoder} trit decoders` : ''}, latency ${c.latency}`, async () => {
      const config = modelConfigForShape({ hiddenSize: c.d, numLayers: c.L, intermediateSize: c.I, vocabSize: c.V });
      const spec = new IntSpec(randomPreparedModel(config, c.seed));
      const sim = await CoreSim.start(spec.model, { lanes: c.lanes, format: c.format, memLatency: c.latency, arrayStyle: 'addressed', ...(c.tritDecoder ? { tritDecoder: c.tritDecoder } : {}) });
      try {
        const lay = sim.image.layout;
        const prng = new Prng(c.seed);
        for (let t = 0; t < 2; t++) {
          const token = prng.int(0, c.V - 1);
          const want = spec.step(token, { trace: true });
          const got = await sim.step(token);
          expectTokenMatches(t, expectedCoreRecords(config, want.intTrace!, lay.passWidth), got, want);
          const est = cyclesPerToken(lay.shape, { memLatency: c.latency });
          expect([got.perf.words, got.perf.pass, got.perf.scalar]).toEqual([est.words, est.pass, est.scalar]);
        }
      } finally {
        await sim.close();
      }
    }, 300_000);
  }
});

describe('LM core with the addressed array: options and emitted Verilog', () => {
  const shape = { hiddenSize: 24, numLayers: 1, intermediateSize: 40, vocabSize: 21, lanes: 15, format: 'base3' } as const;

  it('is clean under Verilator -Wall and Icarus (15 lanes, base3, ROM trit decoders)', () => {
    const d = emitDesign(lmCore(shape, { arrayStyle: 'addressed', tritDecoder: 'rom' }));
    const reports = [lintVerilator(d), compileIverilog(d)];
    expect(formatReports(reports)).toBe('');
    expect(reports.every((r) => r.clean)).toBe(true);
  });

  it('keeps each a lane one memory of x and ~x, read a byte at a time', () => {
    const d = emitDesign(lmCore({ ...shape, lanes: 16 }, { arrayStyle: 'addressed' }));
    const ram = d.modules.find((m) => m.name.startsWith('ram_') && m.name.includes('x8_cpl'));
    expect(ram?.text).toMatch(/mem\[\{waddr, 1'd0\}\] <= wdata\[7:0\];/);
    expect(ram?.text).toMatch(/mem\[\{waddr, 1'd1\}\] <= wdata\[15:8\];/);
    expect(d.modules.filter((m) => m.name === ram!.name)).toHaveLength(1);
    const top = d.modules.find((m) => m.name === d.top)!;
    expect(top.text.match(new RegExp(`\\b${ram!.name} q_ram_cpl\\d+ \\(`, 'g'))).toHaveLength(8);
  });

  it('refuses row units and a parallel pass, with the reason', () => {
    expect(() => lmCore({ ...shape, rowUnits: 2 }, { arrayStyle: 'addressed' })).toThrow(/addressed accumulator array needs pass width 1 and one row unit \(has 1 and 2\)/);
    expect(() => lmCore({ ...shape, passWidth: 4, lanes: 16 }, { arrayStyle: 'addressed' })).toThrow(/needs pass width 1 and one row unit \(has 4 and 1\)/);
  });
});
