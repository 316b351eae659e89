/**
 * The first real users of the DSL: the adder tree and the ternary accumulator array. Widths
 * follow from the stated bounds, every configuration passes the three tools, and the RTL
 * (run in Icarus) matches the TypeScript model cycle by cycle.
 */
import { describe, expect, test } from 'vitest';
import { adderTreeLatency, adderTreeModule, adderTreeWidth } from '../../hdl-gen/blocks/adder-tree.ts';
import { Bits, emitDesign, sint, uint } from '../../hdl-gen/index.ts';
import { TRIT_CODE, ternaryAccumulatorAccBits, ternaryAccumulatorArray, ternaryAccumulatorBound } from '../../hdl-gen/blocks/ternary-accumulator-array.ts';
import { decodeTrit, encodeTrit, type TernaryBeat, TernaryAccumulatorModel, ternaryDot } from '../../hdl-gen/blocks/ternary-accumulator-model.ts';
import { runIverilog, type Step } from './iverilog-run.ts';
import { rng } from './random-stream.ts';
import { expectToolClean } from './tool-clean.ts';


function pack(values: readonly number[], laneBits: number): bigint {
  let r = 0n;
  values.forEach((v, i) => {
    r |= BigInt.asUintN(laneBits, BigInt(v)) << BigInt(i * laneBits);
  });
  return r;
}

function randomBeats(lanes: number, n: number, seed: number, maxTerms: number): TernaryBeat[] {
  const next = rng(seed);
  const beats: TernaryBeat[] = [];
  let sinceClear = 0;
  for (let k = 0; k < n; k++) {
    // Extreme activations often: −128 against −1 is the largest single term.
    const x = Array.from({ length: lanes }, () => (next() % 5 === 0 ? -128 : (next() % 256) - 128));
    const w = Array.from({ length: lanes }, () => next() % 4); // includes the reserved code 10
    const en = next() % 4 !== 0;
    let clear = next() % 7 === 0;
    if (en && !clear && sinceClear >= maxTerms) clear = true; // never exceed the stated bound
    beats.push({ x, w, clear, en });
    if (clear) sinceClear = en ? 1 : 0;
    else if (en) sinceClear++;
  }
  return beats;
}

describe('adder tree', () => {
  test('width grows one bit per level', () => {
    expect(adderTreeWidth(1, 9)).toBe(9);
    expect(adderTreeWidth(2, 9)).toBe(10);
    expect(adderTreeWidth(5, 9)).toBe(12);
    expect(adderTreeWidth(64, 9)).toBe(15);
    expect(adderTreeLatency(64, 2)).toBe(3);
    expect(adderTreeLatency(64, 0)).toBe(0);
    const m = adderTreeModule({ terms: 7, shape: sint(8) });
    const d = emitDesign(m);
    expect(d.ports.find((p) => p.name === 'sum')).toEqual({ name: 'sum', dir: 'output', width: 11, signed: true });
  });

  test.each([
    { terms: 1, shape: sint(8), pipelineEvery: 0 },
    { terms: 7, shape: sint(8), pipelineEvery: 0 },
    { terms: 16, shape: uint(4), pipelineEvery: 0 },
    { terms: 13, shape: sint(9), pipelineEvery: 1 },
  ])('tools accept adder tree %o', (p) => {
    expectToolClean(emitDesign(adderTreeModule(p)));
  });

  test('sums extreme values exactly (Icarus)', () => {
    const shape = sint(8);
    const d = emitDesign(adderTreeModule({ terms: 7, shape }));
    const next = rng(7);
    const cases = [Array(7).fill(-128), Array(7).fill(127), Array.from({ length: 7 }, () => (next() % 256) - 128)];
    const got = runIverilog(d, cases.map((c) => ({ terms: pack(c, 8) })));
    cases.forEach((c, i) => {
      const want = c.reduce((a, b) => a + b, 0);
      expect(Bits.fromRaw(sint(11), got[i]!.sum!).toNumber()).toBe(want);
    });
  });
});

describe('ternary accumulator array', () => {
  test('weight encoding', () => {
    expect([0b00, 0b01, 0b11, 0b10].map(decodeTrit)).toEqual([0, 1, -1, 0]);
    expect([-1, 0, 1].map(encodeTrit)).toEqual([TRIT_CODE.minus, TRIT_CODE.zero, TRIT_CODE.plus]);
    expect(() => decodeTrit(4)).toThrow(RangeError);
    expect(ternaryDot([-128, 5, 7], [TRIT_CODE.minus, TRIT_CODE.plus, TRIT_CODE.reserved])).toBe(133n);
  });

  test('accumulator width is derived from 128·lanes·maxTerms', () => {
    expect(ternaryAccumulatorBound(16, 64)).toBe(131072n);
    // ±131072 needs 19 signed bits (2^17 = 131072 < 2^18 − 1).
    expect(ternaryAccumulatorAccBits(16, 64)).toBe(19);
    expect(ternaryAccumulatorAccBits(1, 1)).toBe(9);
    for (const [l, t] of [[1, 1], [16, 64], [64, 2048], [3, 5]] as const) {
      const bits = ternaryAccumulatorAccBits(l, t);
      const b = ternaryAccumulatorBound(l, t);
      expect(sint(bits).fits(b) && sint(bits).fits(-b)).toBe(true);
      expect(sint(bits - 1).fits(b) && sint(bits - 1).fits(-b)).toBe(false);
    }
    const d = emitDesign(ternaryAccumulatorArray({ lanes: 16, maxTerms: 64 }));
    expect(d.ports.find((p) => p.name === 'acc')).toEqual({ name: 'acc', dir: 'output', width: 19, signed: true });
    expect(d.ports.find((p) => p.name === 'x')?.lanes).toEqual({ count: 16, width: 8, signed: true });
    expect(d.ports.find((p) => p.name === 'w')?.lanes).toEqual({ count: 16, width: 2, signed: false });
    expect(d.ports.map((p) => `${p.dir} ${p.name}:${p.width}`)).toEqual([
      'input clk:1', 'input rst:1', 'input x:128', 'input w:32', 'input clear:1', 'input en:1', 'output acc:19',
    ]);
  });

  test.each([
    { lanes: 1, maxTerms: 1 },
    { lanes: 16, maxTerms: 64 },
    { lanes: 64, maxTerms: 2048 },
    { lanes: 64, maxTerms: 2048, pipelineEvery: 2 },
  ])('tools accept %o', (p) => {
    const d = emitDesign(ternaryAccumulatorArray(p));
    expect(d.warnings).toEqual([]);
    expectToolClean(d);
  });

  test.each([
    { lanes: 1, maxTerms: 3 },
    { lanes: 16, maxTerms: 8 },
    { lanes: 5, maxTerms: 4, pipelineEvery: 1 },
  ])('RTL matches the model cycle by cycle (Icarus) %o', (p) => {
    const d = emitDesign(ternaryAccumulatorArray(p));
    const beats = randomBeats(p.lanes, 120, 99 + p.lanes, p.maxTerms);
    const steps: Step[] = [{ rst: 1n, x: 0n, w: 0n, clear: 0n, en: 0n }];
    for (const b of beats) {
      steps.push({ rst: 0n, x: pack(b.x, 8), w: pack(b.w, 2), clear: b.clear ? 1n : 0n, en: b.en ? 1n : 0n });
    }
    const got = runIverilog(d, steps);
    const model = new TernaryAccumulatorModel(p);
    model.reset();
    const want = model.run(beats);
    const accBits = ternaryAccumulatorAccBits(p.lanes, p.maxTerms);
    const hw = got.slice(1).map((o) => Bits.fromRaw(sint(accBits), o.acc!).toBigInt());
    expect(hw).toEqual(want);
    // The stimulus really accumulates: some values far from zero.
    expect(want.some((v) => v > 200n || v < -200n)).toBe(true);
  });
});
