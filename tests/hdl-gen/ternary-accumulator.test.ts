/**
 * The first real users of the DSL: the adder tree and the ternary accumulator array. Widths
 * follow from the stated bounds, every configuration passes the three tools, and the RTL
 * (run in Icarus) matches the TypeScript model cycle by cycle.
 */
import { describe, expect, test } from 'vitest';
import { adderTree, adderTreeLatency, adderTreeModule, adderTreeWidth } from '../../hdl-gen/blocks/adder-tree.ts';
import { Bits, ModuleBuilder, emitDesign, sint, uint, vec } from '../../hdl-gen/index.ts';
import { accumulatorArray, usesNextWord } from '../../hdl-gen/blocks/lm-core/accumulator.ts';
import { ModuleCache } from '../../hdl-gen/blocks/lm-core/ram.ts';
import { lmCoreLayout } from '../../hdl-gen/blocks/lm-core-layout.ts';
import { trit5Codes } from '../../hdl-gen/blocks/trit5-decoder.ts';
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

describe('adder tree with carry inputs', () => {
  test('a + b + c on every adder: exact at the extremes (Icarus), tools clean', () => {
    const n = 6;
    const m = new ModuleBuilder('tree_cin');
    const terms = m.input('terms', vec(n, sint(8))).lanes;
    const cin = m.input('cin', uint(n - 1));
    m.output('sum', adderTree(m, terms, { carryIns: Array.from({ length: n - 1 }, (_, i) => cin.bit(i)) }));
    const d = emitDesign(m);
    expectToolClean(d);
    const next = rng(5);
    const cases = [
      { t: Array(n).fill(127), c: 31 },
      { t: Array(n).fill(-128), c: 0 },
      { t: Array(n).fill(-128), c: 31 },
      ...Array.from({ length: 20 }, () => ({ t: Array.from({ length: n }, () => (next() % 256) - 128), c: next() % 32 })),
    ];
    const got = runIverilog(d, cases.map((k) => ({ terms: pack(k.t, 8), cin: BigInt(k.c) })));
    cases.forEach((k, i) => {
      const ones = [0, 1, 2, 3, 4].filter((b) => (k.c >> b) & 1).length;
      expect(Bits.fromRaw(sint(11), got[i]!.sum!).toNumber()).toBe(k.t.reduce((a, b) => a + b, 0) + ones);
    });
  });

  test('refuses more carries than adders, or carries in a pipelined tree', () => {
    const m = new ModuleBuilder('bad');
    const terms = m.input('terms', vec(3, sint(8))).lanes;
    const c = m.input('c', uint(3));
    expect(() => adderTree(m, terms, { carryIns: [c.bit(0), c.bit(1), c.bit(2)] })).toThrow(/3 carry inputs for 2 adders/);
    expect(() => adderTree(m, terms, { carryIns: [c.bit(0)], pipelineEvery: 1 })).toThrow(/combinational tree/);
  });
});

describe('LM core accumulator array (complemented terms, corrections on carry inputs)', () => {
  test.each([
    { lanes: 1, format: '2bit' as const },
    { lanes: 5, format: 'base3' as const },
    { lanes: 7, format: '2bit' as const },
    { lanes: 16, format: 'base3' as const },
  ])('row sums equal the ternary dot product (Icarus), %o', ({ lanes, format }) => {
    const L = lmCoreLayout({ hiddenSize: 32, numLayers: 1, intermediateSize: 64, vocabSize: 8, lanes, format });
    const d = emitDesign(accumulatorArray(L, `acc_t_${lanes}_${format}`, new ModuleCache(false)));
    const next = rng(40 + lanes);
    // Base-3 arrays register the decoded codes from the weight register's next value
    // (`group_word_next` with `group_load`): each beat is a load step, then the accepting step.
    const nextWord = usesNextWord(format);
    const words: bigint[] = [];
    const beats: Step[] = [];
    const want: bigint[] = [];
    let row = 0n;
    for (let k = 0; k < 60; k++) {
      const q = Array.from({ length: lanes }, () => (next() % 6 === 0 ? -128 : next() % 6 === 0 ? 127 : (next() % 255) - 127));
      let w: number[];
      let word = 0n;
      if (format === '2bit') {
        w = Array.from({ length: lanes }, () => next() % 4); // includes the reserved code 10
        word = pack(w, 2);
      } else {
        const bytes = Array.from({ length: L.bytesPerGroup }, () => next() % 243);
        word = pack(bytes, 8);
        w = bytes.flatMap((b) => Array.from({ length: 5 }, (_, t) => (trit5Codes(b) >> (2 * t)) & 3)).slice(0, lanes);
      }
      const first = k % 7 === 0;
      const beat = ternaryDot(q, w);
      row = (first ? 0n : row) + beat;
      // Outputs are read after the clock edge: acc holds the row so far, and acc_new (with this
      // step's inputs still applied) adds the beat once more.
      want.push((first ? 0n : row) + beat);
      words.push(word);
      beats.push({ q_word: pack(q, 8), first: first ? 1n : 0n, accept: 1n });
    }
    const steps: Step[] = [];
    if (nextWord) {
      steps.push({ group_word_next: 0n, group_load: 0n, q_word: 0n, first: 1n, accept: 0n });
      beats.forEach((b, k) => {
        steps.push({ group_word_next: words[k]!, group_load: 1n, q_word: 0n, first: 0n, accept: 0n });
        steps.push({ ...b, group_word_next: 0n, group_load: 0n });
      });
    } else {
      steps.push({ group_word: 0n, q_word: 0n, first: 1n, accept: 0n });
      beats.forEach((b, k) => steps.push({ ...b, group_word: words[k]! }));
    }
    const got = runIverilog(d, steps);
    const accepted = got.filter((_, i) => steps[i]!.accept === 1n);
    expect(accepted.map((o) => Bits.fromRaw(sint(L.accBits), o.acc_new!).toBigInt())).toEqual(want);
    expect(want.some((v) => v > 300n || v < -300n)).toBe(true);
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
