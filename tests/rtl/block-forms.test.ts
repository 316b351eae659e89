/**
 * The selectable forms of three small blocks of the LM core against the integer spec: the
 * divider and the square root at k = 1, 2 and 4 result bits per cycle (random operands and both
 * extremes, each k an instance of one Verilated top so that all three run on the same
 * operands), and both forms of the base-3 decoder over all 256 byte values (invalid ones
 * decode to zero); every form lint-clean under Verilator -Wall, Yosys and Icarus.
 */
import { describe, expect, it } from 'vitest';
import { bit, emitDesign, ModuleBuilder, uint, type Sig } from '../../hdl-gen/index.ts';
import { divider, dividerName } from '../../hdl-gen/blocks/divider.ts';
import { isqrtName, isqrtUnit } from '../../hdl-gen/blocks/isqrt.ts';
import { DEFAULT_TRIT5_DECODER_FORM, TRIT5_DECODER_FORMS, trit5Codes, trit5Decoder, trit5DecoderName } from '../../hdl-gen/blocks/trit5-decoder.ts';
import { divFloor, isqrt } from '../../host/spec/ops.ts';
import { Prng } from '../../host/common/prng.ts';
import { Testbench } from '../../sim/testbench.ts';
import { expectToolClean } from '../hdl-gen/tool-clean.ts';
import { startPulses } from './rtl-checks.ts';

const KS = [1, 2, 4];

/** A top with one instance of `make(k)` per k, all fed the same inputs; outputs `<out>_k<k>` and `busy_k<k>`. */
function perK(name: string, inputs: [string, number][], out: string, make: (k: number) => ModuleBuilder): ModuleBuilder {
  const m = new ModuleBuilder(name);
  const start = m.input('start', bit());
  const conns: Record<string, Sig> = { start };
  for (const [n, w] of inputs) conns[n] = m.input(n, uint(w));
  for (const k of KS) {
    const inst = m.instance(`u_k${k}`, make(k), conns);
    m.output(`${out}_k${k}`, inst.out(out));
    m.output(`busy_k${k}`, inst.out('busy'));
  }
  return m;
}

/** Starts each operation, waits `latency` cycles (the slowest k) and samples every k's result. */
async function runAll(tb: Testbench, inputs: string[], ops: bigint[][], latency: number, out: string): Promise<Map<number, bigint[]>> {
  const { stim, sampleAt } = startPulses(tb, inputs, ops, latency);
  const outs = KS.flatMap((k) => [`${out}_k${k}`, `busy_k${k}`]);
  const r = await tb.batch(stim, { outputs: outs, sampleAt });
  const got = new Map<number, bigint[]>();
  for (const k of KS) {
    r.column(`busy_k${k}`).forEach((b, i) => expect(Number(b), `busy k=${k} op ${i}`).toBe(0));
    got.set(k, r.column(`${out}_k${k}`).map((v) => BigInt(v)));
  }
  return got;
}

describe('divider at k = 1, 2, 4 quotient bits per cycle', () => {
  // As the core instantiates it: 40-bit numerator, 21-bit denominator, 24-bit quotient.
  const p = { numBits: 40, denBits: 21, quoBits: 24 };
  const make = (k: number): ModuleBuilder => divider({ ...p, stepsPerCycle: k });

  it('names each k and rejects a k that does not divide the quotient width', () => {
    expect(KS.map((k) => dividerName({ ...p, stepsPerCycle: k }))).toEqual(['divider_n40_d21_q24', 'divider_n40_d21_q24_s2', 'divider_n40_d21_q24_s4']);
    expect(() => divider({ ...p, stepsPerCycle: 5 })).toThrow(/stepsPerCycle 5 must be a positive divisor of quoBits 24/);
    expect(() => divider({ ...p, stepsPerCycle: 0 })).toThrow(RangeError);
  });

  it('equals the spec divFloor for random and extreme operands (num < den · 2^24)', async () => {
    const tb = await Testbench.start(emitDesign(perK('div_forms', [['num', 40], ['den', 21]], 'quo', make)));
    try {
      await tb.reset();
      const Q = 2n ** 24n;
      const dMax = 2n ** 21n - 1n;
      const ops: bigint[][] = [
        [0n, 1n],
        [Q - 1n, 1n],
        [0n, dMax],
        [2n ** 16n * Q - 1n, 2n ** 16n], // the largest quotient, 2^24 - 1
        [2n ** 40n - 1n, dMax], // largest numerator; quotient 2^19 + …, fits 24 bits
        [dMax, dMax],
        [dMax - 1n, dMax],
        [12345n * Q, 12346n],
      ];
      const prng = new Prng(11);
      while (ops.length < 400) {
        const den = BigInt(1 + Math.floor(prng.float() * 2 ** (1 + (ops.length % 21))));
        const num = BigInt(Math.floor(prng.float() * 2 ** 26)) * BigInt(Math.floor(prng.float() * 2 ** 14));
        if (num < den * Q && num < 2n ** 40n) ops.push([num, den]);
      }
      const got = await runAll(tb, ['num', 'den'], ops, 24, 'quo');
      for (const k of KS) {
        ops.forEach(([n, d], i) => expect(got.get(k)![i], `k=${k}: ${n} / ${d}`).toBe(BigInt(divFloor(Number(n), Number(d)))));
      }
    } finally {
      await tb.close();
    }
  });
});

describe('integer square root at k = 1, 2, 4 result bits per cycle', () => {
  const nBits = 41; // the core's sum-of-squares width at the smallest shape
  it('equals the spec isqrt for squares, their neighbours, extremes and random operands', async () => {
    expect(KS.map((k) => isqrtName(nBits, k))).toEqual(['isqrt_n41', 'isqrt_n41_s2', 'isqrt_n41_s4']);
    const tb = await Testbench.start(emitDesign(perK('isqrt_forms', [['n', nBits]], 'root', (k) => isqrtUnit(nBits, k))));
    try {
      await tb.reset();
      const ops: bigint[][] = [[0n], [1n], [2n], [3n], [4n], [2n ** 41n - 1n], [2n ** 40n], [2n ** 40n - 1n]];
      for (const r of [2, 3, 1023, 65536, 1048575, 1482910]) ops.push([BigInt(r) * BigInt(r)], [BigInt(r) * BigInt(r) - 1n], [BigInt(r) * BigInt(r) + 1n]);
      const prng = new Prng(12);
      for (let i = 0; i < 300; i++) ops.push([BigInt(Math.floor(prng.float() * 2 ** (1 + (i % nBits))))]);
      // The slowest k takes ceil(41 / 2) = 21 cycles.
      const got = await runAll(tb, ['n'], ops, 21, 'root');
      for (const k of KS) ops.forEach(([n], i) => expect(got.get(k)![i], `k=${k}: isqrt(${n})`).toBe(BigInt(isqrt(Number(n)))));
    } finally {
      await tb.close();
    }
  });
});

describe('base-3 decoder forms', () => {
  it('both forms decode all 256 byte values as the spec (invalid bytes to zero)', async () => {
    const m = new ModuleBuilder('trit5_forms');
    const data = m.input('data', uint(8));
    for (const form of TRIT5_DECODER_FORMS) m.output(`codes_${form}`, m.instance(`u_${form}`, trit5Decoder({ form }), { data }).out('codes'));
    const tb = await Testbench.start(emitDesign(m));
    try {
      const stim = tb.stimulus(['data'], 256);
      for (let b = 0; b < 256; b++) stim.set(b, 'data', b);
      const r = await tb.batch(stim, { outputs: TRIT5_DECODER_FORMS.map((f) => `codes_${f}`) });
      for (const form of TRIT5_DECODER_FORMS) {
        for (let b = 0; b < 256; b++) expect(Number(r.get(`codes_${form}`, b)), `${form}: byte ${b}`).toBe(b < 243 ? trit5Codes(b) : 0);
      }
    } finally {
      await tb.close();
    }
  });

  it('names the forms, builds the default one, and rejects an unknown one', () => {
    expect(trit5DecoderName('rom')).toBe('trit5_decoder');
    expect(trit5DecoderName('logic')).toBe('trit5_decoder_logic');
    expect(trit5Decoder().name).toBe(trit5DecoderName(DEFAULT_TRIT5_DECODER_FORM));
    expect(() => trit5Decoder({ form: 'lut' as never })).toThrow(/form lut must be one of rom, logic/);
  });

  it('every form of the three blocks is clean under Verilator -Wall, Yosys and Icarus', () => {
    for (const form of TRIT5_DECODER_FORMS) expectToolClean(emitDesign(trit5Decoder({ form })));
    for (const k of [2, 4]) {
      expectToolClean(emitDesign(divider({ numBits: 40, denBits: 21, quoBits: 24, stepsPerCycle: k })));
      expectToolClean(emitDesign(isqrtUnit(41, k)));
    }
  });
});
