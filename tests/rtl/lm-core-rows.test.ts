/**
 * The LM core with row units (rowUnits R > 1: R rows of a matrix accumulated side by side from
 * one memory word of R lane groups, their sums handed to the post-processor one after another)
 * under Verilator against the integer spec: every debug record, the logits and the argmax, over
 * two tokens; the weight groups accumulated and the cycle formula's exact parts against the
 * performance counters. Shapes whose row counts are multiples of R and shapes whose last row
 * block is padded with zero rows (d, V odd; at R = 4 also 2·I, so that one block holds the last
 * gate row and the first up rows); serial and parallel pass units and post-processors; base-3
 * decoders as ROMs and as logic.
 */
import { describe, expect, it } from 'vitest';
import { emitDesign } from '../../hdl-gen/index.ts';
import { lmCore } from '../../hdl-gen/blocks/lm-core.ts';
import { lmCoreLayout } from '../../hdl-gen/blocks/lm-core-layout.ts';
import type { ArrayStyle, TritDecoderKind } from '../../hdl-gen/blocks/lm-core/accumulator.ts';
import type { CoreCase } from '../../host/cosim/core-check.ts';
import { cyclesPerToken } from '../../hdl-gen/blocks/lm-core/presets.ts';
import { modelConfigForShape } from '../../host/model/config.ts';
import { CoreSim } from '../../host/cosim/core-sim.ts';
import { expectedCoreRecords } from '../../host/cosim/core-trace.ts';
import { interleaveRows } from '../../host/image/core-image.ts';
import { expectTokenMatches } from './rtl-checks.ts';
import { IntSpec } from '../../host/spec/int-spec.ts';
import { Prng } from '../../host/common/prng.ts';
import { randomPreparedModel } from '../../host/fixtures/random-model.ts';
import { expectToolClean } from '../hdl-gen/tool-clean.ts';
import { compileIverilog, formatReports, lintVerilator } from '../../sim/toolcheck.ts';

/** A shape, lanes, format and memory latency as the other core checks have them; row units, the weights' seed and the hardware options. */
type Case = Pick<CoreCase, 'd' | 'L' | 'I' | 'V' | 'lanes' | 'format' | 'latency'> & {
  rowUnits: number;
  seed: number;
  passWidth?: number;
  tritDecoder?: TritDecoderKind;
  arrayStyle?: ArrayStyle;
};

const CASES: Case[] = [
  // Rows multiples of R; d = 40 pads the last lane group of every row (3 groups of 16); the
  // base-3 decoders as ROMs (registered by the load of a word), as large cores have them.
  { d: 40, L: 2, I: 48, V: 50, lanes: 16, format: 'base3', rowUnits: 2, latency: 3, seed: 31, tritDecoder: 'rom' },
  // Every row count padded to a multiple of 4: d = 26, 2·I = 82, V = 30; the folded array, whose
  // sums reach the row buffer a cycle after the block's last group.
  { d: 26, L: 2, I: 41, V: 30, lanes: 8, format: '2bit', rowUnits: 4, latency: 2, seed: 32, arrayStyle: 'folded' },
  // Odd d and V: the last block of i, f, g, o, down and lm_head holds one row; parallel pass
  // unit and post-processor; base-3 decoders as logic.
  { d: 33, L: 1, I: 70, V: 29, lanes: 12, format: 'base3', rowUnits: 2, latency: 4, seed: 33, passWidth: 4 },
];

/** Weight groups per token: ceil(rows / R) blocks of ceil(cols / lanes) groups per matrix. */
function groupsPerToken(c: Case): number {
  const gD = Math.ceil(c.d / c.lanes);
  const gI = Math.ceil(c.I / c.lanes);
  const blocks = (rows: number): number => Math.ceil(rows / c.rowUnits);
  return c.L * (4 * blocks(c.d) * gD + blocks(2 * c.I) * gD + blocks(c.d) * gI) + blocks(c.V) * gD;
}

describe('LM core with row units: bit-exact with the integer spec', () => {
  for (const c of CASES) {
    it(`d=${c.d} L=${c.L} I=${c.I} V=${c.V}, ${c.lanes} lanes ${c.format}, ${c.rowUnits} row units, pass width ${c.passWidth ?? 'default'}, latency ${c.latency}${c.tritDecoder ? `, ${c.tritDecoder} trit decoders` : ''}${c.arrayStyle ? `, ${c.arrayStyle} array` : ''}`, async () => {
      const config = modelConfigForShape({ hiddenSize: c.d, numLayers: c.L, intermediateSize: c.I, vocabSize: c.V });
      const spec = new IntSpec(randomPreparedModel(config, c.seed));
      const sim = await CoreSim.start(spec.model, { lanes: c.lanes, format: c.format, rowUnits: c.rowUnits, memLatency: c.latency, ...(c.passWidth ? { passWidth: c.passWidth } : {}), ...(c.tritDecoder ? { tritDecoder: c.tritDecoder } : {}), ...(c.arrayStyle ? { arrayStyle: c.arrayStyle } : {}) });
      try {
        const lay = sim.image.layout;
        expect(lay.rowUnits).toBe(c.rowUnits);
        expect(lay.memWordBits).toBe(8 * lay.bytesPerGroup * c.rowUnits);
        const prng = new Prng(c.seed);
        for (let t = 0; t < 2; t++) {
          const token = prng.int(0, c.V - 1);
          const want = spec.step(token, { trace: true });
          const expected = expectedCoreRecords(config, want.intTrace!, lay.passWidth);
          const got = await sim.step(token);
          expectTokenMatches(t, expected, got, want);
          expect(got.perf.words).toBe(groupsPerToken(c));
          const est = cyclesPerToken(lay.shape, { memLatency: c.latency });
          expect([got.perf.words, got.perf.pass, got.perf.scalar]).toEqual([est.words, est.pass, est.scalar]);
          expect(Math.abs(got.perf.cycles - est.total) / got.perf.cycles).toBeLessThan(0.05);
        }
      } finally {
        await sim.close();
      }
    }, 300_000);
  }
});

describe('LM core with row units: layout and image', () => {
  const base = { hiddenSize: 33, numLayers: 2, intermediateSize: 41, vocabSize: 29, lanes: 8, format: '2bit' as const };

  it('holds one lane group of each of R rows per memory word, ceil(rows / R) blocks per matrix', () => {
    const one = lmCoreLayout(base);
    const four = lmCoreLayout({ ...base, rowUnits: 4 });
    expect(four.memWordBits).toBe(4 * one.memWordBits);
    expect(four.projWords.i).toBe(Math.ceil(33 / 4) * one.groupsD);
    expect(four.projWords.gateUp).toBe(Math.ceil(82 / 4) * one.groupsD);
    expect(four.projWords.down).toBe(Math.ceil(33 / 4) * one.groupsI);
    expect(four.headWords).toBe(Math.ceil(29 / 4) * one.groupsD);
    expect(four.projOffset.down).toBe(four.projOffset.gateUp + four.projWords.gateUp);
  });

  it('rejects other row-unit counts and row units with several groups per word', () => {
    expect(() => lmCoreLayout({ ...base, rowUnits: 3 })).toThrow(/rowUnits 3 must be 1, 2 or 4/);
    expect(() => lmCoreLayout({ ...base, rowUnits: 2, groupsPerWord: 2 })).toThrow(/rowUnits 2 needs groupsPerWord 1/);
  });

  it('interleaves the rows of a block and pads the last block with zero rows', () => {
    // 3 rows of 2 groups of 1 byte: row r group g = 10·r + g + 1.
    const data = Uint8Array.from([1, 2, 11, 12, 21, 22]);
    expect([...interleaveRows(data, 3, 2, 1, 2)]).toEqual([1, 11, 2, 12, 21, 0, 22, 0]);
    expect([...interleaveRows(data, 3, 2, 1, 4)]).toEqual([1, 11, 21, 0, 2, 12, 22, 0]);
  });
});

describe('LM core with row units: emitted Verilog', () => {
  it('is clean under Verilator -Wall, Yosys synth + check and Icarus (4 row units, 2bit, folded array)', () => {
    expectToolClean(emitDesign(lmCore({ hiddenSize: 22, numLayers: 1, intermediateSize: 37, vocabSize: 19, lanes: 8, format: '2bit', rowUnits: 4 }, { arrayStyle: 'folded' })));
  }, 600_000);

  it('is clean under Verilator -Wall and Icarus (2 row units, base3; masked, and folded with ROM trit decoders; Yosys takes about a minute a core, run above)', () => {
    const shape = { hiddenSize: 24, numLayers: 1, intermediateSize: 40, vocabSize: 21, lanes: 15, format: 'base3', rowUnits: 2 } as const;
    for (const d of [emitDesign(lmCore(shape)), emitDesign(lmCore(shape, { arrayStyle: 'folded', tritDecoder: 'rom' }))]) {
      const reports = [lintVerilator(d), compileIverilog(d)];
      expect(formatReports(reports)).toBe('');
      expect(reports.every((r) => r.clean)).toBe(true);
    }
  });
});
