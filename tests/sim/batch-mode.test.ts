import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prng } from '../../host/common/prng.ts';
import type { PortValue } from '../../sim/port-value.ts';
import { Testbench } from '../../sim/testbench.ts';
import { SimUsageError } from '../../sim/sim-errors.ts';
import { counterDesign, ROUND_TRIP_WIDTHS, widthsDesign } from './handwritten-designs.ts';

function randomValue(rng: Prng, width: number, signed: boolean): PortValue {
  let v = rng.bits(width);
  if (signed && v >= 1n << BigInt(width - 1)) v -= 1n << BigInt(width);
  return width <= 32 ? Number(v) : v;
}

describe('batch mode', () => {
  let tb: Testbench;
  beforeAll(async () => {
    tb = await Testbench.start(widthsDesign());
  });
  afterAll(async () => {
    await tb.close();
  });

  it('equals per-cycle set / tick / get on ports of every width', async () => {
    const inputs = ROUND_TRIP_WIDTHS.flatMap((w) => [`u${w}_in`, `s${w}_in`]);
    const outputs = [...ROUND_TRIP_WIDTHS.flatMap((w) => [`u${w}_q`, `s${w}_q`, `s${w}_out`]), 'sum34'];
    const cycles = 200;
    const rng = new Prng(11);
    const stim = tb.stimulus(inputs, cycles);
    for (let c = 0; c < cycles; c++) {
      for (const name of inputs) {
        const p = tb.dut.port(name);
        stim.set(c, name, randomValue(rng, p.width, p.signed));
      }
    }
    const start = await tb.cycle();
    const batch = await tb.batch(stim, { outputs });
    expect(batch.endCycle).toBe(start + cycles);
    expect(batch.samples).toBe(cycles);

    const perCycle: Record<string, PortValue[]> = Object.fromEntries(outputs.map((o) => [o, []]));
    for (let c = 0; c < cycles; c++) {
      for (const name of inputs) tb.dut.set(name, stim.get(c, name));
      await tb.tick();
      for (const o of outputs) perCycle[o]!.push(await tb.dut.get(o));
    }
    for (const o of outputs) expect(batch.column(o), o).toEqual(perCycle[o]);
    // And the registered outputs really are last cycle's inputs.
    expect(batch.get('s130_q', 17)).toBe(stim.get(17, 's130_in'));
    expect(batch.get('u33_q', 5)).toBe(stim.get(5, 'u33_in'));
  });

  it('samples only the chosen cycles', async () => {
    const stim = tb.stimulus(['u64_in'], 50);
    for (let c = 0; c < 50; c++) stim.set(c, 'u64_in', BigInt(c) * 0x1_0000_0001n);
    const at = [0, 7, 8, 49];
    const r = await tb.batch(stim, { outputs: ['u64_q'], sampleAt: at });
    expect(r.sampledCycles).toEqual(at);
    expect(r.column('u64_q')).toEqual(at.map((c) => BigInt(c) * 0x1_0000_0001n));
    await expect(tb.batch(stim, { outputs: ['u64_q'], sampleAt: [3, 3] })).rejects.toThrow(SimUsageError);
  });

  it("queues a batch behind the one it depends on: 'when' runs it only if the outputs hold", async () => {
    const stim = (from: number): ReturnType<Testbench['stimulus']> => {
      const s = tb.stimulus(['u64_in'], 10);
      for (let c = 0; c < 10; c++) s.set(c, 'u64_in', BigInt(from + c));
      return s;
    };
    // Both dispatched before either answers; the second's condition is what the first leaves.
    const first = tb.batch(stim(100), { outputs: ['u64_q'] });
    const holds = tb.batch(stim(200), { outputs: ['u64_q'], when: [{ port: 'u64_q', value: 109n }] });
    const fails = tb.batch(stim(300), { outputs: ['u64_q'], when: [{ port: 'u64_q', value: 109n }] });
    const [a, b, c] = await Promise.all([first, holds, fails]);
    expect(a.skipped).toBe(false);
    expect(b.skipped).toBe(false);
    expect(b.column('u64_q')).toEqual(Array.from({ length: 10 }, (_, k) => BigInt(200 + k)));
    expect(c.skipped).toBe(true);
    expect(c.endCycle).toBe(b.endCycle);
    expect(await tb.dut.get('u64_q')).toBe(209n);
    await expect(tb.batch(stim(0), { outputs: ['u64_q'], when: [] })).rejects.toThrow(SimUsageError);
  });
});

describe('batch mode on a counter', () => {
  it('matches the per-cycle run of the same random enable/reset pattern', async () => {
    const tb = await Testbench.start(counterDesign());
    try {
      const rng = new Prng(3);
      const n = 600;
      const stim = tb.stimulus(['rst', 'en'], n);
      for (let c = 0; c < n; c++) stim.set(c, 'rst', rng.int(0, 40) === 0 ? 1 : 0).set(c, 'en', rng.int(0, 3) ? 1 : 0);
      await tb.reset();
      const batch = await tb.batch(stim, { outputs: ['count', 'wrap'] });
      await tb.reset();
      const counts: PortValue[] = [];
      const wraps: PortValue[] = [];
      for (let c = 0; c < n; c++) {
        tb.dut.set('rst', stim.get(c, 'rst'));
        tb.dut.set('en', stim.get(c, 'en'));
        await tb.tick();
        counts.push(await tb.dut.get('count'));
        wraps.push(await tb.dut.get('wrap'));
      }
      expect(batch.column('count')).toEqual(counts);
      expect(batch.column('wrap')).toEqual(wraps);
      expect(new Set(counts).size).toBeGreaterThan(50);
    } finally {
      await tb.close();
    }
  });
});
