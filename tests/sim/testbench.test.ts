import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Prng } from '../../host/common/prng.ts';
import { Testbench } from '../../sim/testbench.ts';
import { SimCycleLimitError, SimUsageError } from '../../sim/sim-errors.ts';
import { counterDesign, ROUND_TRIP_WIDTHS, widthsDesign } from './handwritten-designs.ts';

describe('testbench on a counter', () => {
  let tb: Testbench;
  beforeAll(async () => {
    tb = await Testbench.start(counterDesign());
  });
  afterAll(async () => {
    await tb.close();
  });

  it('ticks, counts cycles and resets', async () => {
    const c0 = await tb.cycle();
    await tb.reset(3);
    expect(await tb.cycle()).toBe(c0 + 3);
    expect(await tb.dut.get('count')).toBe(0);
    tb.dut.set('en', 1);
    expect(await tb.tick(5)).toBe(c0 + 8);
    expect(await tb.dut.get('count')).toBe(5);
    tb.dut.set('en', 0);
    await tb.tick(4);
    expect(await tb.dut.get('count')).toBe(5);
  });

  it('pipelines many commands before reading replies, in order', async () => {
    await tb.reset();
    tb.dut.set('en', 1);
    const reads: Promise<unknown>[] = [];
    for (let i = 0; i < 300; i++) {
      reads.push(tb.dut.get('count'));
      void tb.tick(1);
    }
    const values = await Promise.all(reads);
    expect(values).toEqual(Array.from({ length: 300 }, (_, i) => i & 255));
  });

  it('runs until a port holds a value, and stops at the cycle limit otherwise', async () => {
    await tb.reset();
    tb.dut.set('en', 1);
    const start = await tb.cycle();
    expect(await tb.waitUntil('wrap', 1, { timeout: 1000 })).toBe(start + 255);
    expect(await tb.dut.get('count')).toBe(255);
    // Already true: costs no cycles.
    expect(await tb.waitUntil('wrap', 1, { timeout: 0 })).toBe(start + 255);
    tb.dut.set('en', 0);
    await tb.tick();
    const err = await tb.waitUntil('count', 7, { timeout: 50 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SimCycleLimitError);
    expect(await tb.cycle()).toBe(start + 256 + 50);
  });

  it('rejects unknown ports, outputs and out-of-range values with one clear line', async () => {
    expect(() => tb.dut.set('nope', 1)).toThrow(/design 'counter': no port named 'nope'; ports are clk, rst/);
    expect(() => tb.dut.set('count', 1)).toThrow(SimUsageError);
    expect(() => tb.dut.set('en', 2)).toThrow(/does not fit port 'en' \(unsigned 1 bits, range 0\.\.1\)/);
    // The harness is still usable.
    expect(typeof (await tb.dut.get('count'))).toBe('number');
  });

  it('writes a VCD trace on request', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-trace-'));
    const file = path.join(dir, 'counter.vcd');
    await tb.trace(file);
    await tb.reset();
    tb.dut.set('en', 1);
    await tb.tick(20);
    await tb.traceOff();
    const vcd = fs.readFileSync(file, 'utf8');
    expect(vcd).toMatch(/\$var wire\s+8 \S+ count \[7:0\] \$end/);
    expect(vcd).toMatch(/\$enddefinitions/);
    // 22 cycles, two time points each (clock low, clock high), plus the closing point.
    const times = vcd.split('\n').filter((l) => /^#\d+$/.test(l));
    expect(times.length).toBeGreaterThanOrEqual(44);
    expect(vcd).toMatch(/b00010100 /); // count reached 20
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('port values of widths 1..130, signed and unsigned', () => {
  let tb: Testbench;
  beforeAll(async () => {
    tb = await Testbench.start(widthsDesign());
  });
  afterAll(async () => {
    await tb.close();
  });

  function extremes(width: number, signed: boolean): bigint[] {
    const w = BigInt(width);
    return signed ? [-(1n << (w - 1n)), (1n << (w - 1n)) - 1n, -1n, 0n, 1n] : [0n, 1n, (1n << w) - 1n, 1n << (w - 1n)];
  }

  it('round-trips extremes and random values through combinational and registered paths', async () => {
    const rng = new Prng(7);
    for (const width of ROUND_TRIP_WIDTHS) {
      for (const signed of [false, true]) {
        const name = `${signed ? 's' : 'u'}${width}`;
        const values = extremes(width, signed).filter((v) => !(signed && width === 1 && v > 0n));
        for (let i = 0; i < 20; i++) {
          let v = rng.bits(width);
          if (signed && v >= 1n << BigInt(width - 1)) v -= 1n << BigInt(width);
          values.push(v);
        }
        for (const v of values) {
          const asTs = width <= 32 ? Number(v) : v;
          tb.dut.set(`${name}_in`, asTs);
          expect(await tb.dut.get(`${name}_out`), `${name} comb ${v}`).toBe(asTs);
          await tb.tick();
          expect(await tb.dut.get(`${name}_q`), `${name} reg ${v}`).toBe(asTs);
        }
      }
    }
  });

  it('reads ports up to 32 bits as numbers and wider ones as bigints, signed when declared', async () => {
    tb.dut.set('s33_in', -5n);
    expect(await tb.dut.get('sum34')).toBe(-10n);
    tb.dut.set('s33_in', 4294967295);
    expect(await tb.dut.get('sum34')).toBe(8589934590n);
    tb.dut.set('s8_in', -128);
    expect(await tb.dut.get('s8_out')).toBe(-128);
    tb.dut.set('u8_in', 255n);
    expect(await tb.dut.get('u8_out')).toBe(255);
    expect(() => tb.dut.set('s8_in', 128)).toThrow(/range -128\.\.127/);
    expect(() => tb.dut.set('u130_in', 1n << 130n)).toThrow(/does not fit port 'u130_in'/);
    expect(() => tb.dut.set('u65_in', -1n)).toThrow(SimUsageError);
  });
});
