/**
 * The Verilated ternary accumulator array against its TypeScript model
 * (hdl-gen/blocks/ternary-accumulator-model.ts) on seeded random beats and edge values, run as
 * batches so that thousands of cycles cost milliseconds.
 */
import { describe, expect, it } from 'vitest';
import { Prng } from '../../host/common/prng.ts';
import { emitDesign } from '../../hdl-gen/index.ts';
import type { TernaryAccumulatorParams } from '../../hdl-gen/blocks/ternary-accumulator-array.ts';
import { ACT_BITS, ternaryAccumulatorArray, ternaryAccumulatorBound } from '../../hdl-gen/blocks/ternary-accumulator-array.ts';
import type { TernaryBeat } from '../../hdl-gen/blocks/ternary-accumulator-model.ts';
import { TernaryAccumulatorModel, encodeTrit } from '../../hdl-gen/blocks/ternary-accumulator-model.ts';
import { Testbench } from '../../sim/testbench.ts';

/** Lane i of `values` in bits [bits·i + bits − 1 : bits·i], two's complement. */
function packLanes(values: readonly number[], bits: number): bigint {
  let v = 0n;
  const mask = (1n << BigInt(bits)) - 1n;
  for (let i = values.length - 1; i >= 0; i--) v = (v << BigInt(bits)) | (BigInt(values[i]!) & mask);
  return v;
}

/**
 * Beats for `vectors` dot products of random length 1..maxTerms on random data, with
 * bubbles (en low) and stray clears, followed by the edge cases.
 */
function beatsFor(p: TernaryAccumulatorParams, vectors: number, rng: Prng): TernaryBeat[] {
  const lanes = p.lanes;
  const beats: TernaryBeat[] = [];
  const fill = (f: (i: number) => number): number[] => Array.from({ length: lanes }, (_, i) => f(i));
  const randomX = (): number[] => fill(() => rng.int(-128, 127));
  const randomW = (): number[] => fill(() => rng.int(0, 3)); // the reserved code 10 included: it decodes as 0
  for (let v = 0; v < vectors; v++) {
    const terms = rng.int(1, p.maxTerms);
    for (let t = 0; t < terms; t++) {
      beats.push({ x: randomX(), w: randomW(), clear: t === 0, en: true });
      if (rng.int(0, 9) === 0) beats.push({ x: randomX(), w: randomW(), clear: false, en: false });
    }
    if (rng.int(0, 49) === 0) beats.push({ x: randomX(), w: randomW(), clear: true, en: false });
  }
  // Edge values, each accumulated over maxTerms beats: the largest positive and negative
  // sums (x = −128 against −1 and +1), x = 127 against +1 and −1, all-zero weights, all −1
  // weights on random data, and all-zero activations.
  const edge = (x: () => number[], w: () => number[]): void => {
    for (let t = 0; t < p.maxTerms; t++) beats.push({ x: x(), w: w(), clear: t === 0, en: true });
  };
  const all = (v: number) => () => fill(() => v);
  edge(all(-128), all(encodeTrit(-1)));
  edge(all(-128), all(encodeTrit(1)));
  edge(all(127), all(encodeTrit(1)));
  edge(all(127), all(encodeTrit(-1)));
  edge(randomX, all(encodeTrit(0)));
  edge(randomX, all(encodeTrit(-1)));
  edge(all(0), randomW);
  edge(() => fill((i) => (i % 2 ? 127 : -128)), () => fill((i) => (i % 3 === 0 ? encodeTrit(-1) : encodeTrit(1))));
  return beats;
}

async function verify(p: TernaryAccumulatorParams, seed: number): Promise<void> {
  const design = emitDesign(ternaryAccumulatorArray(p));
  const tb = await Testbench.start(design);
  try {
    const rng = new Prng(seed);
    const beats = beatsFor(p, 1000, rng);
    const stim = tb.stimulus(['x', 'w', 'clear', 'en'], beats.length);
    beats.forEach((b, c) => {
      stim.set(c, 'x', packLanes(b.x, ACT_BITS)).set(c, 'w', packLanes(b.w, 2)).set(c, 'clear', b.clear ? 1 : 0).set(c, 'en', b.en ? 1 : 0);
    });
    await tb.reset();
    const result = await tb.batch(stim, { outputs: ['acc'] });
    const model = new TernaryAccumulatorModel(p);
    const expected = model.run(beats);
    const got = result.column('acc').map((v) => BigInt(v));
    let firstDiff = -1;
    for (let c = 0; c < expected.length && firstDiff < 0; c++) if (got[c] !== expected[c]) firstDiff = c;
    expect(firstDiff, firstDiff >= 0 ? `cycle ${firstDiff}: hardware ${got[firstDiff]}, model ${expected[firstDiff]}` : '').toBe(-1);
    // The edge cases really reach the bound: the extreme sums were exercised.
    const bound = ternaryAccumulatorBound(p.lanes, p.maxTerms);
    expect(got).toContain(bound);
    expect(got).toContain(-bound);
  } finally {
    await tb.close();
  }
}

describe('ternary accumulator array: Verilator against the TypeScript model', () => {
  for (const [lanes, seed] of [
    [1, 101],
    [16, 116],
    [64, 164],
  ] as const) {
    it(`${lanes} lane(s), 1000 random dot products and the edge values`, async () => {
      await verify({ lanes, maxTerms: 16 }, seed);
    });
  }

  it('16 lanes with a pipelined adder tree', async () => {
    await verify({ lanes: 16, maxTerms: 16, pipelineEvery: 2 }, 216);
  });
});
