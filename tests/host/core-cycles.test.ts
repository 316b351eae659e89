/**
 * The core's cycle formula (host/board/core-cycles.ts) against direct simulation of the core
 * (random models, a memory word per cycle): within 8 % at small shapes, where the fixed costs
 * the formula fits at d = 256 weigh most. At the shipped model on the simulated board (quad-SPI
 * flash, SCK = clock / 2) the formula is within 0.1 % (docs/BOARD.md). Also the structure of the
 * formula: a slower memory multiplies the accumulation, bursts add their overhead.
 */
import { describe, expect, it } from 'vitest';
import { modelConfigForShape } from '../../host/model/config.ts';
import { coreShapeOf } from '../../host/image/core-image.ts';
import { CoreSim } from '../../host/cosim/core-sim.ts';
import { toIntModel } from '../../host/spec/int-model.ts';
import { randomPreparedModel } from '../../host/fixtures/random-model.ts';
import { coreCycles, quadSpiFeed } from '../../host/board/core-cycles.ts';

describe('core cycle formula', { timeout: 900_000 }, () => {
  for (const s of [
    { d: 32, L: 2, I: 64, V: 300, lanes: 16 },
    { d: 64, L: 2, I: 176, V: 61, lanes: 16 },
    // Row units: 2 rows side by side, V odd (a padded last block).
    { d: 64, L: 2, I: 176, V: 61, lanes: 16, rowUnits: 2 },
  ] as { d: number; L: number; I: number; V: number; lanes: number; rowUnits?: number }[]) {
    it(`d ${s.d}, L ${s.L}, I ${s.I}, V ${s.V}, ${s.lanes} lanes${s.rowUnits ? ` × ${s.rowUnits} row units` : ''}: within 8 % of the simulated core`, async () => {
      const model = toIntModel(randomPreparedModel(modelConfigForShape({ hiddenSize: s.d, numLayers: s.L, intermediateSize: s.I, vocabSize: s.V }), 1));
      const sim = await CoreSim.start(model, { lanes: s.lanes, format: 'base3', memLatency: 1, ...(s.rowUnits ? { rowUnits: s.rowUnits } : {}) });
      try {
        await sim.stepFast(1);
        const r = await sim.stepFast(2);
        const f = coreCycles(coreShapeOf(model, s.lanes, 'base3', undefined, undefined, s.rowUnits));
        expect(Math.abs(f.total - r.cycles) / r.cycles).toBeLessThan(0.08);
        expect(f.words).toBe(r.perf.words);
      } finally {
        await sim.close();
      }
    });
  }

  it('a narrower memory multiplies the accumulation and adds per-burst overhead', () => {
    const shape = { hiddenSize: 256, numLayers: 6, intermediateSize: 768, vocabSize: 2048, lanes: 64, format: 'base3' as const };
    const fast = coreCycles(shape);
    const feed = quadSpiFeed(fast.wordBits, 1, 4);
    expect(feed).toEqual({ cyclesPerWord: 52, burstOverheadCycles: 42 });
    const slow = coreCycles(shape, feed);
    expect(slow.accumulation).toBe(fast.words * 52);
    expect(slow.bursts).toBe(6 * 6 + 2);
    expect(slow.total - fast.total).toBe(fast.words * 51 + (slow.embedding - fast.embedding) + slow.bursts * 42);
  });
});
