/**
 * The LM core's blocks against the integer spec's primitives: the bit-serial divider and
 * square root (Verilator, random and edge operands), the base-3 decoder (all 243 bytes against
 * the packer), the sigmoid ROM contents (equal to the spec's table), the sigmoid/SiLU unit and
 * the dequantizer (sweeps and random operands against the spec's functions); emitted Verilog
 * snapshots for small parameters; Verilator -Wall, Yosys and Icarus on each block.
 */
import { describe, expect, it } from 'vitest';
import { bit, emitDesign, designText, ModuleBuilder, sint } from '../../hdl-gen/index.ts';
import { shiftRoundSatOffset } from '../../hdl-gen/blocks/fixed-point.ts';
import { embeddingShiftAmount } from '../../hdl-gen/blocks/lm-core/core.ts';
import { embeddingShifter, embeddingSteps } from '../../hdl-gen/blocks/lm-core/embedding.ts';
import { embeddingValue } from '../../host/spec/int-spec.ts';
import { divider } from '../../hdl-gen/blocks/divider.ts';
import { isqrtUnit } from '../../hdl-gen/blocks/isqrt.ts';
import { sigmoidHalfRomWords, sigmoidRomWords, sigmoidTableValues } from '../../hdl-gen/blocks/sigmoid-table.ts';
import { trit5Codes, trit5Decoder } from '../../hdl-gen/blocks/trit5-decoder.ts';
import { divFloor, isqrt, sigmoid as specSigmoid, sigmoidTable, silu as specSilu } from '../../host/spec/ops.ts';
import { dequantize as specDequantize } from '../../host/spec/bitlinear.ts';
import { sigmoidUnit } from '../../hdl-gen/blocks/sigmoid-unit.ts';
import { dequantizer } from '../../hdl-gen/blocks/dequantizer.ts';
import { pack, unpack } from '../../host/image/pack.ts';
import { Prng } from '../../host/common/prng.ts';
import { Testbench } from '../../sim/testbench.ts';
import { expectToolClean } from '../hdl-gen/tool-clean.ts';
import { startPulses } from './rtl-checks.ts';

/** Runs start pulses through a bit-serial unit and samples `out` when it is done. */
async function runSerial(
  tb: Testbench,
  inputs: string[],
  ops: bigint[][],
  latency: number,
  out: string,
): Promise<bigint[]> {
  const { stim, sampleAt } = startPulses(tb, inputs, ops, latency);
  const r = await tb.batch(stim, { outputs: [out, 'busy'], sampleAt });
  for (let i = 0; i < ops.length; i++) expect(Number(r.get('busy', i))).toBe(0);
  return r.column(out).map((v) => BigInt(v));
}

describe('divider', () => {
  it('computes floor(num / den) exactly (random operands, both extremes)', async () => {
    const p = { numBits: 44, denBits: 26 };
    const tb = await Testbench.start(emitDesign(divider(p)));
    try {
      await tb.reset();
      const prng = new Prng(5);
      const ops: bigint[][] = [
        [2n ** 44n - 1n, 1n],
        [2n ** 44n - 1n, 2n ** 26n - 1n],
        [0n, 7n],
        [127n * 2n ** 33n, 65536n],
        [127n * 2n ** 33n, 131071n],
      ];
      for (let i = 0; i < 300; i++) {
        const n = Math.floor(prng.float() * 2 ** (1 + (i % 44)));
        const d = 1 + Math.floor(prng.float() * 2 ** (1 + (i % 26)));
        ops.push([BigInt(n), BigInt(d)]);
      }
      const got = await runSerial(tb, ['num', 'den'], ops, p.numBits, 'quo');
      ops.forEach(([n, d], i) => {
        expect(got[i], `${n} / ${d}`).toBe(n! / d!);
        if (n! < 2n ** 52n) expect(got[i]).toBe(BigInt(divFloor(Number(n), Number(d))));
      });
    } finally {
      await tb.close();
    }
  });
});

describe('divider with a short quotient', () => {
  it('computes floor(num / den) in quoBits / 4 cycles when num < den · 2^quoBits (4 steps per cycle)', async () => {
    const p = { numBits: 44, denBits: 26, quoBits: 24, stepsPerCycle: 4 };
    const tb = await Testbench.start(emitDesign(divider(p)));
    try {
      await tb.reset();
      const prng = new Prng(7);
      const ops: bigint[][] = [
        [127n * 2n ** 33n, 65536n],
        [127n * 2n ** 33n, 131071n],
        [(2n ** 20n - 1n) * 2n ** 24n - 1n, 2n ** 20n - 1n],
      ];
      while (ops.length < 300) {
        const den = BigInt(1 + Math.floor(prng.float() * 2 ** (1 + (ops.length % 26))));
        const num = BigInt(Math.floor(prng.float() * 2 ** 30)) * BigInt(Math.floor(prng.float() * 2 ** 14));
        if (num < den * 2n ** 24n && num < 2n ** 44n) ops.push([num, den]);
      }
      const got = await runSerial(tb, ['num', 'den'], ops, 6, 'quo');
      ops.forEach(([n, d], i) => expect(got[i], `${n} / ${d}`).toBe(n! / d!));
    } finally {
      await tb.close();
    }
  });
});

describe('integer square root', () => {
  for (const steps of [1, 5]) it(`computes floor(sqrt(n)) exactly, as the spec (odd width, squares and their neighbours; ${steps} bit(s) per cycle)`, async () => {
    const bits = 47;
    const tb = await Testbench.start(emitDesign(isqrtUnit(bits, steps)));
    try {
      await tb.reset();
      const prng = new Prng(6);
      const ops: bigint[][] = [[0n], [1n], [2n ** 47n - 1n], [2n ** 32n], [2n ** 32n - 1n]];
      for (const r of [65536, 94906, 11863283]) ops.push([BigInt(r * r)], [BigInt(r * r - 1)]);
      for (let i = 0; i < 300; i++) ops.push([BigInt(Math.floor(prng.float() * 2 ** (1 + (i % 47))))]);
      const got = await runSerial(tb, ['n'], ops, Math.ceil(Math.ceil(bits / 2) / steps), 'root');
      ops.forEach(([n], i) => expect(got[i], `isqrt(${n})`).toBe(BigInt(isqrt(Number(n)))));
    } finally {
      await tb.close();
    }
  });
});

describe('base-3 decoder', () => {
  it('decodes every byte the packer writes, as the unpacker does', () => {
    for (let b = 0; b < 243; b++) {
      const trits = unpack({ ...pack({ rows: 1, cols: 5, trits: new Int8Array(5), scale: 1 }, 'base3', 5), data: Uint8Array.of(b) }).trits;
      const codes = trit5Codes(b);
      for (let i = 0; i < 5; i++) {
        const c = (codes >> (2 * i)) & 3;
        expect(c === 0 ? 0 : c === 1 ? 1 : c === 3 ? -1 : 99).toBe(trits[i]);
      }
    }
  });

  it('the Verilated decoder matches for all 256 byte values (invalid ones decode to zero)', async () => {
    const tb = await Testbench.start(emitDesign(trit5Decoder()));
    try {
      const stim = tb.stimulus(['data'], 256);
      for (let b = 0; b < 256; b++) stim.set(b, 'data', b);
      const r = await tb.batch(stim, { outputs: ['codes'] });
      for (let b = 0; b < 256; b++) expect(Number(r.get('codes', b)), `byte ${b}`).toBe(b < 243 ? trit5Codes(b) : 0);
    } finally {
      await tb.close();
    }
  });
});

describe('sigmoid ROM', () => {
  it('holds the spec table as {T[i], T[i+1] − T[i]}', () => {
    const spec = sigmoidTable();
    expect(sigmoidTableValues()).toEqual(Array.from(spec));
    const words = sigmoidRomWords();
    expect(words.length).toBe(1024);
    words.forEach((w, i) => {
      expect(Math.floor(w / 1024)).toBe(spec[i]);
      expect(w % 1024).toBe(spec[i + 1]! - spec[i]!);
    });
  });

  it('is symmetric, T[1024 − i] = 65536 − T[i] for every entry, so its first half gives every word', () => {
    const t = sigmoidTableValues();
    t.forEach((v, i) => expect(t[1024 - i], `T[${1024 - i}]`).toBe(65536 - v));
    // No entry lies within 1e-6 of a rounding tie (docs/ARITHMETIC.md): a tie would round both
    // halves up and break the symmetry.
    t.forEach((_, i) => {
      const exact = 65536 / (1 + Math.exp(16 - i / 32));
      expect(Math.abs((exact % 1) - 0.5), `entry ${i}`).toBeGreaterThan(1e-6);
    });
    const half = sigmoidHalfRomWords();
    expect(half.length).toBe(512);
    const full = sigmoidRomWords();
    for (let i = 0; i < 1024; i++) {
      // The hardware's mirror (fixed-point.ts, sigmoidRom): word j = 1023 − i for i ≥ 512.
      const j = i >= 512 ? 1023 - i : i;
      const tj = Math.floor(half[j]! / 1024);
      const dj = half[j]! % 1024;
      const ti = i >= 512 ? 65536 - (tj + dj) : tj;
      expect(ti * 1024 + dj, `word ${i}`).toBe(full[i]);
    }
  });
});

describe('emitted Verilog of the small blocks', () => {
  it('matches the snapshots', () => {
    expect(designText(emitDesign(divider({ numBits: 8, denBits: 4 })))).toMatchSnapshot();
    expect(designText(emitDesign(isqrtUnit(9)))).toMatchSnapshot();
    expect(designText(emitDesign(isqrtUnit(9, 2)))).toMatchSnapshot();
    expect(designText(emitDesign(divider({ numBits: 8, denBits: 4, quoBits: 4, stepsPerCycle: 2 })))).toMatchSnapshot();
    expect(designText(emitDesign(dequantizer({ accBits: 6, shiftBits: 4, outBits: 5 })))).toMatchSnapshot();
    expect(designText(emitDesign(trit5Decoder()))).toMatchSnapshot();
  });

  it('is clean under Verilator -Wall, Yosys and Icarus', () => {
    expectToolClean(emitDesign(divider({ numBits: 44, denBits: 26 })));
    expectToolClean(emitDesign(isqrtUnit(47)));
    expectToolClean(emitDesign(isqrtUnit(47, 4)));
    expectToolClean(emitDesign(divider({ numBits: 44, denBits: 26, quoBits: 24, stepsPerCycle: 4 })));
    expectToolClean(emitDesign(trit5Decoder()));
  });
});

describe('sigmoid / SiLU unit against the spec', () => {
  it('equals the spec on a sweep of the whole clamped range and beyond', async () => {
    const tb = await Testbench.start(emitDesign(sigmoidUnit(27)));
    try {
      const zs: number[] = [-(2 ** 26), 2 ** 26 - 1, -(2 ** 20) - 1, -(2 ** 20), 2 ** 20 - 1, 2 ** 20, 0, -1, 1];
      for (let z = -(2 ** 21); z <= 2 ** 21; z += 97) zs.push(z);
      const prng = new Prng(8);
      for (let i = 0; i < 2000; i++) zs.push(prng.int(-(2 ** 26), 2 ** 26 - 1));
      const stim = tb.stimulus(['z'], zs.length + 1);
      zs.forEach((z, c) => stim.set(c, 'z', z));
      const r = await tb.batch(stim, { outputs: ['sigma', 'silu'] });
      zs.forEach((z, c) => {
        expect(Number(r.get('sigma', c)), `σ(${z})`).toBe(specSigmoid(z));
        expect(Number(r.get('silu', c)), `SiLU(${z})`).toBe(specSilu(z));
      });
    } finally {
      await tb.close();
    }
  });
});

describe('embedding shift against the spec', () => {
  /** The core's embedding path: the row's shift amount from its exponent, then the shift of a field. */
  function embeddingShift(): ModuleBuilder {
    const m = new ModuleBuilder('emb_shift');
    const mant = m.input('mant', sint(16));
    const exp = m.input('exp', sint(16));
    m.output('x', sint(32)).set(shiftRoundSatOffset(m, 'x_val', mant, embeddingShiftAmount(m, exp), 32));
    return m;
  }

  it('equals embeddingValue for every exponent from −60 to 100 (both clamps) on extreme and random mantissas', async () => {
    const design = emitDesign(embeddingShift());
    expectToolClean(design);
    const tb = await Testbench.start(design);
    try {
      const prng = new Prng(12);
      const mants = [-32768, -32767, -16385, -16384, -16383, -2, -1, 0, 1, 2, 16383, 16384, 32766, 32767];
      for (let i = 0; i < 24; i++) mants.push(prng.int(-32768, 32767));
      const ops: [number, number][] = [];
      for (let e = -60; e <= 100; e++) for (const v of mants) ops.push([v, e]);
      const stim = tb.stimulus(['mant', 'exp'], ops.length + 1);
      ops.forEach(([v, e], c) => {
        stim.set(c, 'mant', v);
        stim.set(c, 'exp', e);
      });
      const r = await tb.batch(stim, { outputs: ['x'] });
      ops.forEach(([v, e], c) => expect(Number(r.get('x', c)), `mant ${v}, exp ${e}`).toBe(embeddingValue(v, e)));
    } finally {
      await tb.close();
    }
  });

  it('the serial shifter equals embeddingValue, a mantissa taken every embeddingSteps(t) cycles, for every exponent from −60 to 100', async () => {
    const m = new ModuleBuilder('emb_serial');
    const exp = m.input('exp', sint(16));
    const sh = m.instance('shifter', embeddingShifter('emb_serial_shifter'), {
      exp_load: m.input('exp_load', bit()),
      t: embeddingShiftAmount(m, exp),
      start: m.input('start', bit()),
      mant: m.input('mant', sint(16)),
    });
    m.output('x', sint(32)).set(sh.out('x'));
    m.output('done', bit()).set(sh.out('done'));
    const design = emitDesign(m);
    expectToolClean(design);
    const tb = await Testbench.start(design);
    try {
      const prng = new Prng(13);
      const mants = [-32768, -32767, -16385, -16384, -16383, -2, -1, 0, 1, 2, 16383, 16384, 32766, 32767];
      for (let i = 0; i < 10; i++) mants.push(prng.int(-32768, 32767));
      // Per row: its exponent, then every mantissa with start held high; a mantissa is driven
      // only in the cycle it must be taken.
      const rows: { e: number; at: number; steps: number }[] = [];
      let cycles = 0;
      for (let e = -60; e <= 100; e++) {
        const steps = embeddingSteps(Math.min(48, Math.max(0, 32 + e - 20)));
        rows.push({ e, at: cycles, steps });
        cycles += 1 + mants.length * steps + 1;
      }
      const stim = tb.stimulus(['exp_load', 'exp', 'start', 'mant'], cycles);
      for (const { e, at, steps } of rows) {
        stim.set(at, 'exp_load', 1);
        stim.set(at, 'exp', e);
        for (let c = at + 1; c <= at + mants.length * steps; c++) stim.set(c, 'start', 1);
        mants.forEach((v, i) => stim.set(at + 1 + i * steps, 'mant', v));
      }
      const r = await tb.batch(stim, { outputs: ['x'], sampleWhen: ['done'] });
      const want = rows.flatMap(({ e }) => mants.map((v) => ({ v, e })));
      expect(r.column('x').length).toBe(want.length);
      want.forEach(({ v, e }, i) => expect(Number(r.get('x', i)), `mant ${v}, exp ${e}`).toBe(embeddingValue(v, e)));
    } finally {
      await tb.close();
    }
  });
});

describe('dequantizer against the spec', () => {
  it('equals saturate(shiftRound(acc · M, shift)) for random and extreme operands', async () => {
    const p = { accBits: 18, shiftBits: 10, outBits: 27 };
    const tb = await Testbench.start(emitDesign(dequantizer(p)));
    try {
      const prng = new Prng(9);
      const ops: [number, number, number][] = [
        [2 ** 17 - 1, 2 ** 17 - 1, -200],
        [-(2 ** 17), 2 ** 17 - 1, -200],
        [-(2 ** 17), 2 ** 17 - 1, 511],
        [-1, 1, 1],
        [-1, 3, 1],
        [5, 0, -3],
      ];
      for (let i = 0; i < 3000; i++) ops.push([prng.int(-(2 ** 17), 2 ** 17 - 1), prng.int(2 ** 16, 2 ** 17 - 1), prng.int(-40, 60)]);
      const stim = tb.stimulus(['acc', 'mant', 'shift'], ops.length);
      ops.forEach(([a, mt, s], c) => stim.set(c, 'acc', a).set(c, 'mant', mt).set(c, 'shift', s));
      const r = await tb.batch(stim, { outputs: ['out'] });
      ops.forEach(([a, mt, s], c) => {
        expect(Number(r.get('out', c)), `${a}·${mt} >> ${s}`).toBe(specDequantize(a, { mant: mt, shift: s }, { bits: p.outBits, frac: 0 }));
      });
    } finally {
      await tb.close();
    }
  });

  it('both units are clean under Verilator -Wall, Yosys and Icarus', () => {
    expectToolClean(emitDesign(sigmoidUnit(27)));
    expectToolClean(emitDesign(dequantizer({ accBits: 18, shiftBits: 10, outBits: 27 })));
  });
});
