import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prng } from '../../host/common/prng.ts';
import type { PortValue } from '../../sim/port-value.ts';
import type { BatchResult, Stimulus } from '../../sim/batch-stimulus.ts';
import { Testbench } from '../../sim/testbench.ts';
import { SimUsageError } from '../../sim/sim-errors.ts';
import { counterDesign, memReaderDesign, widthsDesign } from './handwritten-designs.ts';

/** The samples of `r` as rows (one object per sampled cycle, keyed by port). */
function rows(r: BatchResult, ports: readonly string[]): Record<string, PortValue>[] {
  return r.sampledCycles.map((_, i) => Object.fromEntries(ports.map((p) => [p, r.get(p, i)])));
}

/** The rows of an every-cycle batch at the given cycles. */
function rowsAt(r: BatchResult, ports: readonly string[], cycles: readonly number[]): Record<string, PortValue>[] {
  return cycles.map((c) => Object.fromEntries(ports.map((p) => [p, r.get(p, c)])));
}

/** Cycles of an every-cycle batch at which any of the 1-bit ports is 1. */
function strobeCycles(r: BatchResult, strobes: readonly string[]): number[] {
  const out: number[] = [];
  for (let c = 0; c < r.samples; c++) if (strobes.some((s) => Number(r.get(s, c)) !== 0)) out.push(c); // a signed 1-bit port reads -1
  return out;
}

describe('strobe-triggered sampling', () => {
  let tb: Testbench;
  beforeAll(async () => {
    tb = await Testbench.start(widthsDesign());
  });
  afterAll(async () => {
    await tb.close();
  });

  function randomStimulus(seed: number, cycles: number, density: number): Stimulus {
    const rng = new Prng(seed);
    const stim = tb.stimulus(['u1_in', 's1_in', 'u65_in', 's33_in', 's64_in', 'u64_in'], cycles);
    for (let c = 0; c < cycles; c++) {
      stim
        .set(c, 'u1_in', rng.int(0, density) === 0 ? 1 : 0)
        .set(c, 's1_in', rng.int(0, density) === 0 ? -1 : 0)
        .set(c, 'u65_in', rng.bits(65))
        .set(c, 's33_in', BigInt.asIntN(33, rng.bits(33)))
        .set(c, 's64_in', BigInt.asIntN(64, rng.bits(64)))
        .set(c, 'u64_in', rng.bits(64));
    }
    return stim;
  }

  const outputs = ['u1_q', 's1_q', 'u65_q', 'sum34', 's33_q'];

  it('samples exactly the cycles of an every-cycle batch where a strobe is 1', async () => {
    const stim = randomStimulus(21, 3000, 9);
    const all = await tb.batch(stim, { outputs });
    const c0 = await tb.cycle();
    const strobed = await tb.batch(stim, { outputs, sampleWhen: ['u1_q', 's1_q'] });
    expect(strobed.endCycle).toBe(c0 + 3000);
    expect(strobed.cycles).toBe(3000);
    expect(strobed.stopped).toBe(false);
    const want = strobeCycles(all, ['u1_q', 's1_q']);
    expect(want.length).toBeGreaterThan(300);
    expect(want.length).toBeLessThan(1500);
    expect(strobed.sampledCycles).toEqual(want);
    expect(rows(strobed, outputs)).toEqual(rowsAt(all, outputs, want));
    // One strobe alone picks its own cycles only.
    const one = await tb.batch(stim, { outputs: ['u65_q'], sampleWhen: ['s1_q'] });
    const wantOne = strobeCycles(all, ['s1_q']);
    expect(one.sampledCycles).toEqual(wantOne);
    expect(one.column('u65_q')).toEqual(wantOne.map((c) => all.get('u65_q', c)));
  });

  it('decodes columns equal to get() whatever the alignment of wide ports in the record', async () => {
    const stim = randomStimulus(5, 64, 2);
    for (const lead of [[], ['u1_q'], ['u1_q', 's1_q'], ['u33_q']]) {
      const outs = [...lead, 's64_q', 'u64_q', 's33_q', 'u65_q', 'sum34', 's8_q'];
      const r = await tb.batch(stim, { outputs: outs, sampleWhen: ['u1_q', 's1_q'] });
      expect(r.samples).toBeGreaterThan(10);
      for (const o of outs) {
        const perSample = Array.from({ length: r.samples }, (_, i) => r.get(o, i));
        expect(r.column(o), `${o} after ${lead.join(',')}`).toEqual(perSample);
      }
      expect(r.column('s64_q').some((v) => typeof v === 'bigint' && v < 0n)).toBe(true);
    }
  });

  it('returns no samples when no strobe fires, and can sample no ports at all', async () => {
    const stim = tb.stimulus(['u1_in'], 40);
    const r = await tb.batch(stim, { outputs: ['u65_q'], sampleWhen: ['u1_q'] });
    expect(r.samples).toBe(0);
    expect(r.cycles).toBe(40);
    stim.set(6, 'u1_in', 1).set(30, 'u1_in', 1);
    const bare = await tb.batch(stim, { outputs: [], sampleWhen: ['u1_q'] });
    expect(bare.sampledCycles).toEqual([6, 30]);
  });

  it('rejects strobes wider than 1 bit, strobes with sampleAt, and unknown ports', async () => {
    const stim = tb.stimulus([], 10);
    await expect(tb.batch(stim, { outputs: [], sampleWhen: ['u8_q'] })).rejects.toThrow(/strobes must be 1 bit/);
    await expect(tb.batch(stim, { outputs: [], sampleWhen: ['u1_q'], sampleAt: [1] })).rejects.toThrow(SimUsageError);
    await expect(tb.batch(stim, { outputs: [], sampleWhen: [] })).rejects.toThrow(SimUsageError);
    await expect(tb.batch(stim, { outputs: [], sampleWhen: ['nope'] })).rejects.toThrow(/no port named 'nope'/);
    await expect(tb.batch(stim, { outputs: [], stopWhen: { port: 'nope', value: 1 } })).rejects.toThrow(/stopWhen names no port 'nope'/);
    await expect(tb.batch(stim, { outputs: [], stopWhen: { port: 'u1_q', value: 2 } })).rejects.toThrow(SimUsageError);
    // The testbench is still usable.
    expect((await tb.batch(stim, { outputs: ['u1_q'] })).samples).toBe(10);
  });
});

describe('stopWhen', () => {
  let tb: Testbench;
  beforeAll(async () => {
    tb = await Testbench.start(counterDesign());
  });
  afterAll(async () => {
    await tb.close();
  });

  function enabled(n: number): Stimulus {
    const stim = tb.stimulus(['rst', 'en'], n);
    for (let c = 0; c < n; c++) stim.set(c, 'en', 1);
    return stim;
  }

  it('ends the batch right after the cycle at which the port holds the value', async () => {
    await tb.reset();
    const c0 = await tb.cycle();
    const r = await tb.batch(enabled(1000), { outputs: ['count'], stopWhen: { port: 'count', value: 37 } });
    expect(r.stopped).toBe(true);
    expect(r.cycles).toBe(37);
    expect(r.endCycle).toBe(c0 + 37);
    expect(r.sampledCycles).toEqual(Array.from({ length: 37 }, (_, c) => c));
    expect(r.get('count', 36)).toBe(37);
    expect(await tb.cycle()).toBe(c0 + 37);
    expect(await tb.dut.get('count')).toBe(37);
  });

  it('stops at the first cycle when the value is already there after it, and runs to the end when never seen', async () => {
    await tb.reset();
    const first = await tb.batch(enabled(50), { outputs: ['count'], stopWhen: { port: 'count', value: 1 } });
    expect([first.cycles, first.stopped]).toEqual([1, true]);
    const never = await tb.batch(enabled(50), { outputs: ['count'], stopWhen: { port: 'count', value: 200 } });
    expect([never.cycles, never.stopped, never.samples]).toEqual([50, false, 50]);
    expect(await tb.dut.get('count')).toBe(51);
    // Reaching the value on the very last cycle counts as stopped.
    const last = await tb.batch(enabled(10), { outputs: [], stopWhen: { port: 'count', value: 61 } });
    expect([last.cycles, last.stopped]).toEqual([10, true]);
  });

  it('keeps only the listed samples before the stop and combines with strobes', async () => {
    await tb.reset();
    const at = await tb.batch(enabled(100), { outputs: ['count'], sampleAt: [3, 20, 40, 99], stopWhen: { port: 'count', value: 30 } });
    expect(at.cycles).toBe(30);
    expect(at.sampledCycles).toEqual([3, 20]);
    expect(at.column('count')).toEqual([4, 21]);
    // With en held, count is (c + 1) mod 256 after cycle c: wrap (count == 255) at cycle 254, 0 at cycle 255.
    await tb.reset();
    const r = await tb.batch(enabled(2000), { outputs: ['count'], sampleWhen: ['wrap'], stopWhen: { port: 'count', value: 0 } });
    expect(r.sampledCycles).toEqual([254]);
    expect(r.column('count')).toEqual([255]);
    expect(r.cycles).toBe(256);
    expect(r.stopped).toBe(true);
  });

  it('stops where the value first appears even when inputs hold it back for a while', async () => {
    const rng = new Prng(8);
    const n = 800;
    const stim = tb.stimulus(['rst', 'en'], n);
    for (let c = 0; c < n; c++) stim.set(c, 'en', rng.int(0, 2) ? 1 : 0);
    await tb.reset();
    const all = await tb.batch(stim, { outputs: ['count'] });
    const target = 90;
    const firstAt = all.column('count').indexOf(target);
    expect(firstAt).toBeGreaterThan(target - 1);
    await tb.reset();
    const r = await tb.batch(stim, { outputs: ['count'], sampleWhen: ['wrap'], stopWhen: { port: 'count', value: target } });
    expect(r.cycles).toBe(firstAt + 1);
    expect(r.samples).toBe(0);
  });
});

describe('strobes and stopWhen with the memory model', () => {
  let tb: Testbench;
  const rng = new Prng(17);
  const image = new Uint8Array(64 * 12);
  for (let i = 0; i < image.length; i++) image[i] = rng.int(0, 255);
  const inputs = ['start', 'addr', 'len', 'ready_gate'];
  const outputs = ['checksum', 'words_seen', 'busy', 'mem_req_valid', 'last_word'];

  beforeAll(async () => {
    tb = await Testbench.start(memReaderDesign());
    await tb.memory!.load(image);
    await tb.memory!.configure({ latency: 3, period: 2 });
  });
  afterAll(async () => {
    await tb.close();
  });

  /** Lets any burst finish, then resets the design. */
  async function quiesce(): Promise<void> {
    tb.dut.set('start', 0);
    tb.dut.set('ready_gate', 1);
    await tb.tick(200);
    expect((await tb.memory!.stats()).busy).toBe(false);
    await tb.reset();
  }

  function slice(stim: Stimulus, from: number): Stimulus {
    const out = tb.stimulus(inputs, stim.cycles - from);
    for (let c = from; c < stim.cycles; c++) for (const p of inputs) out.set(c - from, p, stim.get(c, p));
    return out;
  }

  it('samples on strobes, stops on a word count, and carries on exactly as an uninterrupted run', async () => {
    const n = 600;
    const stim = tb.stimulus(inputs, n);
    for (let c = 0; c < n; c++) {
      stim.set(c, 'start', c % 40 === 0 ? 1 : 0).set(c, 'addr', rng.int(0, 50)).set(c, 'len', rng.int(1, 10)).set(c, 'ready_gate', rng.int(0, 3) ? 1 : 0);
    }
    await quiesce();
    const s0 = await tb.memory!.stats();
    const all = await tb.batch(stim, { outputs });
    const s1 = await tb.memory!.stats();
    const totalWords = Number(all.get('words_seen', n - 1));
    expect(totalWords).toBeGreaterThan(40);

    await quiesce();
    const sq = await tb.memory!.stats();
    const target = 25;
    const stopAt = all.column('words_seen').findIndex((v) => Number(v) === target);
    const strobes = ['busy', 'mem_req_valid'];
    const head = await tb.batch(stim, { outputs, sampleWhen: strobes, stopWhen: { port: 'words_seen', value: target } });
    expect(head.stopped).toBe(true);
    expect(head.cycles).toBe(stopAt + 1);
    const want = strobeCycles(all, strobes).filter((c) => c <= stopAt);
    expect(want.length).toBeLessThan(stopAt);
    expect(head.sampledCycles).toEqual(want);
    expect(rows(head, outputs)).toEqual(rowsAt(all, outputs, want));
    const mid = await tb.memory!.stats();
    expect(mid.words - sq.words).toBe(target);
    // The rest of the stimulus from where the batch stopped gives the uninterrupted run's outputs.
    const tail = await tb.batch(slice(stim, head.cycles), { outputs });
    const s2 = await tb.memory!.stats();
    const rest = Array.from({ length: n - head.cycles }, (_, i) => head.cycles + i);
    expect(rows(tail, outputs)).toEqual(rowsAt(all, outputs, rest));
    expect(s1.words - s0.words).toBe(totalWords);
    expect(s2.words - sq.words).toBe(totalWords);
  });
});
