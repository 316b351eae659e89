/**
 * Records checked inside the harness: a random stream of strobed records (ports of 8, 33,
 * 64 and 130 bits, signed and unsigned) compared with an expected block built from the
 * stimulus; equal streams pass, and a changed value, a missing or an extra record, a
 * value the port cannot hold and a don't-care slot each give the right first difference.
 * Also: a malformed block is refused, and a harness speaking another protocol version is
 * refused at start-up.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prng } from '../../host/common/prng.ts';
import type { Stimulus } from '../../sim/batch-stimulus.ts';
import { HarnessBridge } from '../../sim/harness-bridge.ts';
import { PROTOCOL_VERSION } from '../../sim/harness-source.ts';
import type { PortValue } from '../../sim/port-value.ts';
import { ExpectedBlock } from '../../sim/record-check.ts';
import { SimCommandError, SimCrashError } from '../../sim/sim-errors.ts';
import { Testbench } from '../../sim/testbench.ts';
import { widthsDesign } from './handwritten-designs.ts';

const REC = ['u8_out', 's33_out', 's64_out', 'u130_out'];
const IN = ['u1_in', 'u8_in', 's33_in', 's64_in', 'u130_in'];

describe('record check in the harness', () => {
  let tb: Testbench;
  let stim: Stimulus;
  /** The records the design will show: the inputs at every cycle with u1_in = 1. */
  const want: { cycle: number; values: PortValue[] }[] = [];
  const cycles = 3000;
  const tmp = mkdtempSync(join(tmpdir(), 'ternforge-record-check-'));

  beforeAll(async () => {
    tb = await Testbench.start(widthsDesign());
    const rng = new Prng(42);
    stim = tb.stimulus(IN, cycles);
    for (let c = 0; c < cycles; c++) {
      const strobe = rng.int(0, 4) === 0 ? 1 : 0;
      const v: PortValue[] = [rng.int(0, 255), BigInt.asIntN(33, rng.bits(33)), BigInt.asIntN(64, rng.bits(64)), rng.bits(130)];
      stim.set(c, 'u1_in', strobe).set(c, 'u8_in', v[0]!).set(c, 's33_in', v[1]!).set(c, 's64_in', v[2]!).set(c, 'u130_in', v[3]!);
      if (strobe) want.push({ cycle: c, values: v });
    }
  });
  afterAll(async () => {
    await tb.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  const ports = (): ReturnType<Testbench['dut']['port']>[] => REC.map((n) => tb.dut.port(n));
  function block(edit?: (k: number, v: (PortValue | undefined)[]) => (PortValue | undefined)[] | null): ExpectedBlock {
    const b = new ExpectedBlock(tb.name, ports(), 16);
    want.forEach((r, k) => {
      const row = edit ? edit(k, [...r.values]) : r.values;
      if (row) b.push(row);
    });
    return b;
  }
  const run = async (b: ExpectedBlock, opts: { keepCycles?: boolean } = {}) =>
    (await tb.batch(stim, { outputs: ['u8_out'], sampleAt: [], check: { strobe: 'u1_out', block: b, ...opts } })).check!;

  it('passes equal streams and returns every record cycle when asked', async () => {
    expect(want.length).toBeGreaterThan(400);
    const r = await run(block(), { keepCycles: true });
    expect(r.seen).toBe(want.length);
    expect(r.first).toBeUndefined();
    expect(Array.from(r.cycles!)).toEqual(want.map((w) => w.cycle));
  });

  it('names the first changed value with what the ports held and its cycle', async () => {
    const at = 137;
    const r = await run(block((k, v) => (k === at ? [v[0], v[1], (v[2] as bigint) ^ 1n, v[3]] : k === at + 5 ? [0, 0n, 0n, 0n] : v)));
    expect(r.seen).toBe(want.length);
    expect(r.first).toEqual({ index: at, batchCycle: want[at]!.cycle, kind: 'values', values: want[at]!.values });
    // Wide ports too: a change in the top word of the 130-bit value.
    const r2 = await run(block((k, v) => (k === 3 ? [v[0], v[1], v[2], (v[3] as bigint) ^ (1n << 129n)] : v)));
    expect(r2.first?.index).toBe(3);
  });

  it('ignores slots left undefined, and a value the port cannot hold never matches', async () => {
    const dontCare = await run(block((k, v) => (k % 2 ? [v[0], undefined, undefined, v[3]] : v)));
    expect(dontCare.first).toBeUndefined();
    // Any 8-bit pattern differs from 256: the record at 10 fails although the low bits would agree.
    const tooWide = await run(block((k, v) => (k === 10 ? [(v[0] as number) + 256, v[1], v[2], v[3]] : v)));
    expect(tooWide.first?.index).toBe(10);
    expect(tooWide.first?.kind).toBe('values');
  });

  it('reports more records than expected at the first extra one; fewer shows in the count', async () => {
    const n = 200;
    const short = await run(block((k, v) => (k < n ? v : null)));
    expect(short.first).toEqual({ index: n, batchCycle: want[n]!.cycle, kind: 'extra', values: want[n]!.values });
    const long = block();
    long.push([1, 1n, 1n, 1n]);
    const r = await run(long);
    expect(r.first).toBeUndefined();
    expect(r.seen).toBe(want.length);
    expect(long.length).toBe(want.length + 1);
  });

  it('checks across batches from a given first record', async () => {
    const half = Math.floor(cycles / 2);
    const b = block();
    const s1 = tb.stimulus(IN, half);
    const s2 = tb.stimulus(IN, cycles - half);
    for (let c = 0; c < cycles; c++) for (const p of IN) (c < half ? s1 : s2).set(c < half ? c : c - half, p, stim.get(c, p));
    const r1 = (await tb.batch(s1, { outputs: ['u8_out'], sampleAt: [], check: { strobe: 'u1_out', block: b } })).check!;
    const r2 = (await tb.batch(s2, { outputs: ['u8_out'], sampleAt: [], check: { strobe: 'u1_out', block: b, first: r1.seen } })).check!;
    tb.release(b);
    expect(r1.seen + r2.seen).toBe(want.length);
    expect(r1.first).toBeUndefined();
    expect(r2.first).toBeUndefined();
  });

  it('refuses a block whose ports differ from the listed ones, and a bad strobe', async () => {
    const b = block();
    const file = join(tmp, 'bad.bin');
    const bytes = b.bytes().slice();
    new Uint32Array(bytes.buffer)[3] = 3; // claims 3 ports
    writeFileSync(file, bytes);
    b.file = file;
    await expect(run(b)).rejects.toThrow(SimCommandError);
    await expect(run(b)).rejects.toThrow(/does not match the listed ports/);
    await expect(tb.batch(stim, { outputs: ['u8_out'], sampleAt: [], check: { strobe: 'u8_out', block: block() } })).rejects.toThrow(/not 1 bit wide/);
  });

  it('refuses a harness that speaks another protocol version', async () => {
    const fake = join(tmp, 'old-harness.sh');
    writeFileSync(fake, `#!/bin/sh\necho "ready 3 ${PROTOCOL_VERSION - 1}"\nexec cat >/dev/null\n`);
    chmodSync(fake, 0o755);
    await expect(HarnessBridge.start(fake, { design: 'old', timeoutMs: 10_000 })).rejects.toThrow(SimCrashError);
    await expect(HarnessBridge.start(fake, { design: 'old', timeoutMs: 10_000 })).rejects.toThrow(`speaks protocol ${PROTOCOL_VERSION - 1}, this program ${PROTOCOL_VERSION}; rebuild`);
  });
});
