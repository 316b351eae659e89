/**
 * The host driver on a small random checkpoint: the simulated core is bit-exact with the
 * integer spec over a multi-token sequence, and a deliberately perturbed weight image is
 * caught at the right first mismatch (step, layer, tensor, element, cycle).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelConfigForShape } from '../../host/model/config.ts';
import { HardwareSession } from '../../host/cosim/driver.ts';
import { writeFixture } from '../../host/fixtures/fixture-writer.ts';
import { verifySequence } from '../../host/cosim/generate.ts';
import { expectedCoreRecords, firstRecordMismatch } from '../../host/cosim/core-trace.ts';
import { IntSpec } from '../../host/spec/int-spec.ts';

// d and I are not multiples of the 16 lanes; 2 layers so the lower bound path runs.
const config = modelConfigForShape({ vocabSize: 300, hiddenSize: 40, numLayers: 2, intermediateSize: 72 });
const hardware = { lanes: 16, format: 'base3' as const, memLatency: 3 };
let dir: string;
let session: HardwareSession;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ternforge-driver-'));
  writeFixture(dir, { config, seed: 5, dtype: 'F32' });
  session = await HardwareSession.open({ modelDir: dir, hardware });
});

afterAll(async () => {
  await session?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('host driver', () => {
  it('is bit-exact with the integer spec over a sequence, state carried across tokens', async () => {
    const record = await verifySequence(session, { tokens: [1, 17, 250, 3, 99] });
    expect(record.verdict.mismatch).toBeUndefined();
    expect(record.verdict.bitExact).toBe(true);
    expect(record.verdict.tokensChecked).toBe(5);
    // Every step checks the embedding, the q vectors, scalars and every row of every projection.
    const perToken = record.tokens[0]!.recordsChecked;
    expect(perToken).toBeGreaterThan(config.hiddenSize * 10 + config.vocabSize);
    expect(record.tokens.every((t) => t.recordsChecked === perToken)).toBe(true);
    // Phase marks cover every layer's four groups and the head, in order.
    expect(record.phases.map((p) => `${p.layer}:${p.group}`)).toEqual([
      '0:ifg', '0:o', '0:gate_up', '0:down', '1:ifg', '1:o', '1:gate_up', '1:down', '1:head',
    ]);
    expect(record.figures.laneUtilization).toBeGreaterThan(0);
    expect(record.figures.laneUtilization).toBeLessThanOrEqual(1);
  });

  it('rolls the spec back when the core is given another token than the one computed ahead', async () => {
    await session.restart();
    const a = await session.step(1, { next: () => 17 });
    const b = await session.step(250, { next: () => 99 }); // 17 was computed ahead: undone
    const c = await session.step(3, { records: false, next: () => 3 });
    const d = await session.step(3); // computed ahead without records: redone with them
    expect([a, b, c, d].map((r) => r.bitExact)).toEqual([true, true, true, true]);
    expect(d.recordsChecked).toBe(a.recordsChecked);
    // The same logits as the sequence run without computing ahead.
    await session.restart();
    const plain = [];
    for (const t of [1, 250, 3, 3]) plain.push(await session.step(t));
    expect([a, b, c, d].map((r) => Array.from(r.logits))).toEqual(plain.map((r) => Array.from(r.logits)));
  });

  it('queues the next token in the harness and undoes a queued step the caller does not take', async () => {
    await session.restart();
    // 'known': queued unconditionally; the harness runs it, then the caller brings another
    // token, so the core is rebuilt from the tokens so far.
    const a = await session.step(1, { next: () => 17, nextBy: 'known' });
    const b = await session.step(250, { next: () => 3, nextBy: 'known' });
    // 'argmax': queued for the spec's argmax; the harness runs it only if the core chose it.
    const c = await session.step(3, { next: (s) => s.argmax, nextBy: 'argmax' });
    const d = await session.step(c.argmax, { next: (s) => (s.argmax + 1) % config.vocabSize, nextBy: 'argmax' });
    // The core's argmax differs from the token queued for: skipped, this token runs instead.
    const e = await session.step(d.argmax);
    const all = [a, b, c, d, e];
    expect(all.map((r) => r.bitExact)).toEqual([true, true, true, true, true]);
    // The same logits, records and cycles as the sequence run one token at a time.
    const tokens = all.map((r) => r.token);
    expect(tokens.slice(0, 3)).toEqual([1, 250, 3]);
    await session.restart();
    const plain = [];
    for (const t of tokens) plain.push(await session.step(t));
    expect(all.map((r) => Array.from(r.logits))).toEqual(plain.map((r) => Array.from(r.logits)));
    expect(all.map((r) => r.recordsChecked)).toEqual(plain.map((r) => r.recordsChecked));
    expect(all.map((r) => r.perf.memWords)).toEqual(plain.map((r) => r.perf.memWords));
    expect(all.map((r) => r.startCycle)).toEqual(plain.map((r) => r.startCycle));

    // A caller that brings the token it announced although the core chose another: the
    // harness skipped it, and the step queued behind it ran out of order; both are undone.
    await session.restart();
    const x = (plain[0]!.argmax + 1) % config.vocabSize; // not the core's choice after token 1
    const f = await session.step(1, { next: () => x, nextBy: 'argmax' });
    const g = await session.step(x, { next: () => 5, nextBy: 'known' });
    const h = await session.step(5);
    await session.restart();
    const again = [];
    for (const t of [1, x, 5]) again.push(await session.step(t));
    expect([f, g, h].map((r) => r.bitExact)).toEqual([true, true, true]);
    expect([f, g, h].map((r) => Array.from(r.logits))).toEqual(again.map((r) => Array.from(r.logits)));
    expect([f, g, h].map((r) => r.startCycle)).toEqual(again.map((r) => r.startCycle));
  });

  it('names the first mismatch of a perturbed weight image', async () => {
    await session.restart();
    const { layout } = session;
    const bytesPerWord = layout.memWordBits / 8;
    // Layer 1, f_proj, row 5, first lane group: replace its five base-3 digits with others.
    const row = 5;
    const word = layout.weightBase + layout.layerWords + layout.projOffset.f + row * layout.groupsD;
    const image = Uint8Array.from(session.core.image.bytes);
    const at = word * bytesPerWord;
    image[at] = (image[at]! + 121) % 243; // changes every digit of the byte: 121 = 11111 in base 3
    await session.core.tb.memory!.load(image);
    const record = await verifySequence(session, { tokens: [1, 17, 250] });
    expect(record.verdict.bitExact).toBe(false);
    const m = record.verdict.mismatch!;
    expect(m.step).toBe(0);
    expect(m.layer).toBe(1);
    expect(m.tensor).toBe(`layers.1.f_proj.acc[${row}]`);
    expect(m.expected).not.toBe(m.got);
    expect(m.cycle).toBeGreaterThan(0);
    // Verification stops at the failing step.
    expect(record.tokens).toHaveLength(1);

    // The same first difference as every record brought back and compared here: index,
    // cycle and values agree with the in-harness check.
    await session.restart();
    await session.core.tb.memory!.load(image);
    const hw = await session.core.step(1, { debug: true });
    const spec = new IntSpec(session.spec.model).step(1, { trace: true });
    const here = firstRecordMismatch(expectedCoreRecords(config, spec.intTrace!, session.core.image.layout.passWidth), hw.records)!;
    expect(m.record).toBe(here.at);
    expect(m.cycle).toBe(here.got!.cycle);
    expect(m.expected).toBe(String(here.expected!.values[0]));
    expect(m.got).toBe(String(here.got!.values[0]));
    expect(record.tokens[0]!.recordsChecked).toBe(hw.records.length);

    // The waveform of the window around it: replayed from a fresh start, 40 cycles traced.
    const rel = m.cycle! - record.tokens[0]!.startCycle;
    const vcd = join(dir, 'window.vcd');
    await session.traceWindow([], 1, rel - 20, rel + 20, vcd);
    const text = readFileSync(vcd, 'utf8');
    expect(text).toContain('$enddefinitions');
    expect(text).toMatch(/dbg_valid/);
    const stamps = [...text.matchAll(/^#(\d+)$/gm)].map((x) => Number(x[1]));
    expect(stamps.length).toBeGreaterThanOrEqual(40);
  });
});
