import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prng } from '../../host/common/prng.ts';
import { Testbench } from '../../sim/testbench.ts';
import { SimCommandError, SimUsageError } from '../../sim/sim-errors.ts';
import { memReaderDesign } from './handwritten-designs.ts';

const WORD_BYTES = 12; // 96-bit words

function wordOf(image: Uint8Array, i: number): bigint {
  let v = 0n;
  for (let b = WORD_BYTES - 1; b >= 0; b--) v = (v << 8n) | BigInt(image[i * WORD_BYTES + b] ?? 0);
  return v;
}

describe('external memory model', () => {
  let tb: Testbench;
  const rng = new Prng(5);
  const image = new Uint8Array(64 * WORD_BYTES);
  for (let i = 0; i < image.length; i++) image[i] = rng.int(0, 255);

  beforeAll(async () => {
    tb = await Testbench.start(memReaderDesign());
    expect(tb.memory).toBeDefined();
    expect(await tb.memory!.load(image)).toBe(64);
    tb.dut.set('ready_gate', 1);
  });
  afterAll(async () => {
    await tb.close();
  });

  async function burst(addr: number, len: number): Promise<void> {
    tb.dut.set('addr', addr);
    tb.dut.set('len', len);
    tb.dut.set('start', 1);
    await tb.tick();
    tb.dut.set('start', 0);
    await tb.waitUntil('busy', 1, { timeout: 10 });
    await tb.waitUntil('busy', 0, { timeout: 10_000 });
  }

  for (const [latency, period] of [
    [1, 1],
    [5, 1],
    [12, 3],
  ] as const) {
    it(`streams a burst with latency ${latency}, one word per ${period} cycle(s)`, async () => {
      await tb.memory!.configure({ latency, period });
      await tb.reset();
      const before = await tb.memory!.stats();
      const addr = 9;
      const len = 7;
      await burst(addr, len);
      let xor = 0n;
      for (let i = addr; i < addr + len; i++) xor ^= wordOf(image, i);
      expect(await tb.dut.get('checksum')).toBe(xor);
      expect(await tb.dut.get('last_word')).toBe(wordOf(image, addr + len - 1));
      expect(await tb.dut.get('words_seen')).toBe(len);
      const accept = (await tb.dut.get('accept_cyc')) as number;
      const first = (await tb.dut.get('first_cyc')) as number;
      const last = (await tb.dut.get('last_cyc')) as number;
      expect(first - accept).toBe(latency);
      expect(last - first).toBe((len - 1) * period);
      const after = await tb.memory!.stats();
      expect(after.words - before.words).toBe(len);
      expect(after.bursts - before.bursts).toBe(1);
      expect(after.busy).toBe(false);
    });
  }

  it('waits while the design holds rdata_ready low', async () => {
    await tb.memory!.configure({ latency: 2 });
    await tb.reset();
    tb.dut.set('ready_gate', 0);
    tb.dut.set('addr', 0);
    tb.dut.set('len', 3);
    tb.dut.set('start', 1);
    await tb.tick();
    tb.dut.set('start', 0);
    await tb.tick(20);
    expect(await tb.dut.get('words_seen')).toBe(0);
    expect((await tb.memory!.stats()).busy).toBe(true);
    tb.dut.set('ready_gate', 1);
    await tb.waitUntil('busy', 0, { timeout: 100 });
    expect(await tb.dut.get('words_seen')).toBe(3);
    expect(await tb.dut.get('last_word')).toBe(wordOf(image, 2));
  });

  it('runs inside a batch exactly as cycle by cycle', async () => {
    await tb.memory!.configure({ latency: 3, period: 2 });
    const n = 120;
    const stim = tb.stimulus(['start', 'addr', 'len', 'ready_gate'], n);
    const r2 = new Prng(9);
    for (let c = 0; c < n; c++) {
      stim.set(c, 'start', c % 30 === 0 ? 1 : 0).set(c, 'addr', r2.int(0, 40)).set(c, 'len', r2.int(1, 8)).set(c, 'ready_gate', r2.int(0, 4) ? 1 : 0);
    }
    const outs = ['checksum', 'words_seen', 'busy', 'mem_req_valid'];
    await tb.reset();
    const s0 = await tb.memory!.stats();
    const batch = await tb.batch(stim, { outputs: outs });
    const s1 = await tb.memory!.stats();
    await tb.reset();
    const seq: Record<string, unknown[]> = Object.fromEntries(outs.map((o) => [o, []]));
    for (let c = 0; c < n; c++) {
      for (const p of ['start', 'addr', 'len', 'ready_gate']) tb.dut.set(p, stim.get(c, p));
      await tb.tick();
      for (const o of outs) seq[o]!.push(await tb.dut.get(o));
    }
    const s2 = await tb.memory!.stats();
    for (const o of outs) expect(batch.column(o), o).toEqual(seq[o]);
    expect(s1.words - s0.words).toBe(s2.words - s1.words);
    expect(s1.bursts - s0.bursts).toBeGreaterThanOrEqual(3);
  });

  it('takes no request while the design is in reset, and drops a burst when reset comes', async () => {
    await tb.memory!.configure({ latency: 12 });
    await tb.reset();
    const before = await tb.memory!.stats();
    // mem_req_valid rises at the edge after start; reset is asserted before the next edge.
    tb.dut.set('addr', 3);
    tb.dut.set('len', 4);
    tb.dut.set('start', 1);
    await tb.tick();
    tb.dut.set('start', 0);
    expect(await tb.dut.get('mem_req_valid')).toBe(1);
    tb.dut.set('rst', 1);
    await tb.tick(2);
    tb.dut.set('rst', 0);
    expect(await tb.memory!.stats()).toEqual(before);
    // A burst accepted, then reset while it waits out its latency: nothing is streamed.
    tb.dut.set('start', 1);
    await tb.tick();
    tb.dut.set('start', 0);
    await tb.waitUntil('busy', 1, { timeout: 10 });
    expect((await tb.memory!.stats()).busy).toBe(true);
    await tb.reset();
    await tb.tick(20);
    const after = await tb.memory!.stats();
    expect(after.busy).toBe(false);
    expect(after.words).toBe(before.words);
    expect(await tb.dut.get('words_seen')).toBe(0);
    // And the next burst is served as usual.
    await burst(3, 4);
    expect(await tb.dut.get('words_seen')).toBe(4);
    expect(await tb.dut.get('last_word')).toBe(wordOf(image, 6));
  });

  it('refuses to let a test drive the ports the model drives', () => {
    expect(() => tb.stimulus(['mem_rdata'], 1)).toThrow(SimUsageError);
  });

  it('fails a burst that reads past the image with a clear error', async () => {
    await tb.memory!.configure({ latency: 1 });
    await tb.reset();
    tb.dut.set('addr', 60);
    tb.dut.set('len', 8);
    tb.dut.set('start', 1);
    const err = await tb.tick(3).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SimCommandError);
    expect((err as Error).message).toMatch(/burst of 8 words at word 60 reads past the image \(64 words\)/);
    tb.dut.set('start', 0);
  });
});
