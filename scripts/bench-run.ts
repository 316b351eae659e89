/**
 * Co-simulation speed: for the shipped model and a larger random shape, prints in one run
 * the simulator's raw speed (no checking: the harness runs each token to done), the speed
 * of the fully checked decode loop (every debug record, the logits and the argmax compared
 * with the integer spec, the float reference beside it), their ratio, and the share of the
 * checked loop's wall-clock time spent outside the simulator's own cycle loop. The raw
 * speed is measured before and after the checked loop, on the same tokens, to show how much
 * the machine's load moved in between. For the larger shape the raw loop is also measured
 * with Verilator's --threads at each given count, and the checked run uses the fastest.
 *
 *   npx tsx scripts/bench-run.ts [--tokens N] [--shape D,L,I,V] [--lanes N] [--threads 1,2,4] [--skip-model] [--skip-shape]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { modelConfigForShape } from '../host/model/config.ts';
import { DEFAULT_MODEL, HardwareSession } from '../host/cosim/driver.ts';
import { writeFixture } from '../host/fixtures/fixture-writer.ts';
import { generate, verifySequence } from '../host/cosim/generate.ts';
import { Prng } from '../host/common/prng.ts';
import type { RunRecord } from '../host/cosim/run-record.ts';
import { SimTimeoutError } from '../sim/sim-errors.ts';
import { expectedCoreRecords, firstRecordMismatch } from '../host/cosim/core-trace.ts';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');

class BenchRunUsageError extends Error {
  override name = 'BenchRunUsageError';
}

interface Raw {
  cycles: number;
  seconds: number;
}

/**
 * The tokens through the core alone, nothing checked and no golden model running: the
 * seconds are the harness's own cycle loop (the simulator's speed, transfers excluded).
 */
async function raw(session: HardwareSession, tokens: readonly number[]): Promise<Raw> {
  await session.restart();
  let cycles = 0;
  let seconds = 0;
  for (const t of tokens) {
    const r = await session.core.stepChecked(t, undefined);
    cycles += r.cycles;
    seconds += r.loopSeconds;
  }
  return { cycles, seconds };
}

/**
 * The earlier design, for comparison in the same run: every debug record sampled, written
 * to the batch file and decoded and compared here, the integer spec computed while the
 * core runs (no float reference, no tokenizer).
 */
async function decodedHere(session: HardwareSession, tokens: readonly number[]): Promise<{ cycles: number; wall: number; loop: number; records: number }> {
  await session.restart();
  let cycles = 0;
  let loop = 0;
  let records = 0;
  const t0 = performance.now();
  for (const t of tokens) {
    const pending = session.core.step(t, { debug: true });
    const spec = session.spec.step(t, { trace: true });
    const expected = expectedCoreRecords(session.config, spec.intTrace!, session.core.image.layout.passWidth);
    const hw = await pending;
    if (firstRecordMismatch(expected, hw.records)) throw new Error(`token ${t}: the core's records differ from the spec's`);
    cycles += hw.cycles;
    loop += hw.loopSeconds;
    records += hw.records.length;
  }
  return { cycles, wall: (performance.now() - t0) / 1000, loop, records };
}

/**
 * The simulator loop with every record checked in the harness, but the golden model's work
 * done before each token instead of beside it: what the check itself costs the simulator,
 * apart from the two sides sharing the machine's cores.
 */
async function checkedAlone(session: HardwareSession, tokens: readonly number[]): Promise<Raw> {
  await session.restart();
  let cycles = 0;
  let seconds = 0;
  for (const t of tokens) {
    const spec = session.spec.step(t, { trace: true, floatTrace: false });
    const block = session.core.expectedBlock(expectedCoreRecords(session.config, spec.intTrace!, session.core.image.layout.passWidth));
    session.core.tb.stage(block);
    const r = await session.core.stepChecked(t, block);
    if (r.firstDifference || r.recordsSeen !== block.length) throw new Error(`token ${t}: the core's records differ from the spec's`);
    cycles += r.cycles;
    seconds += r.loopSeconds;
  }
  return { cycles, seconds };
}

function report(name: string, before: Raw, after: Raw, record: RunRecord, alone: Raw): void {
  const f = record.figures;
  const wall = record.tokens.reduce((s, t) => s + t.wallSeconds, 0);
  const cycles = record.tokens.reduce((s, t) => s + t.cycles, 0);
  const rawRate = (before.cycles + after.cycles) / (before.seconds + after.seconds);
  const checkedRate = cycles / wall;
  const line = (label: string, text: string): void => console.log(`  ${label.padEnd(50)}${text}`);
  console.log(`${name}: ${record.tokens.length} tokens, ${Math.round(f.cyclesPerToken)} cycles/token (measured, machine load as it was)`);
  line('raw simulator loop, no checking (before, after):', `${(before.cycles / before.seconds / 1e6).toFixed(3)}, ${(after.cycles / after.seconds / 1e6).toFixed(3)} M cycles/s`);
  line('full checking, decode loop wall clock:', `${(checkedRate / 1e6).toFixed(3)} M cycles/s, ${(record.tokens.length / wall).toFixed(2)} tokens/s`);
  line('checked tokens/s / raw (mean of before, after):', `${(checkedRate / rawRate).toFixed(3)}`);
  line('simulator loop inside the checked run:', `${(f.simCyclesPerSecond / 1e6).toFixed(3)} M cycles/s (golden models computing beside it)`);
  line('simulator loop with the check, golden apart:', `${(alone.cycles / alone.seconds / 1e6).toFixed(3)} M cycles/s (the check's own cost in the harness)`);
  line('outside the simulator (checked run):', `${(100 * f.outsideSimulatorShare).toFixed(1)} % of the wall-clock time`);
  line('verdict:', record.verdict.bitExact ? `bit-exact, ${record.verdict.recordsChecked} debug records checked` : 'MISMATCH');
}

async function benchModel(dir: string, tokens: number): Promise<void> {
  const session = await HardwareSession.open({ modelDir: dir });
  try {
    // The checked run is `ternforge run`: greedy decoding from a prompt, tokenizer included.
    await session.restart();
    await generate(session, { prompt: 'The', maxTokens: 1, sampling: { temperature: 0, topK: 0, topP: 1, seed: 0 }, checkRecords: true, stopAtEos: false });
    await session.restart();
    const { record } = await generate(session, {
      prompt: 'The',
      maxTokens: tokens - 1,
      sampling: { temperature: 0, topK: 0, topP: 1, seed: 0 },
      checkRecords: true,
      stopAtEos: false,
      onToken: (piece) => process.stderr.write(piece),
    });
    process.stderr.write('\n');
    const ids = record.tokens.map((t) => t.token);
    const before = await raw(session, ids);
    const earlier = await decodedHere(session, ids);
    const alone = await checkedAlone(session, ids);
    const after = await raw(session, ids);
    report(`model ${dir}`, before, after, record, alone);
    console.log(
      `  ${'records decoded and compared in TypeScript:'.padEnd(50)}${(earlier.cycles / earlier.wall / 1e6).toFixed(3)} M cycles/s, ${(ids.length / earlier.wall).toFixed(2)} tokens/s, outside the simulator ${((100 * (earlier.wall - earlier.loop)) / earlier.wall).toFixed(1)} % (the earlier design, same tokens, no float reference)`,
    );
  } finally {
    await session.close();
  }
}

async function benchShape(shape: number[], lanes: number, tokens: number, threadCounts: number[]): Promise<void> {
  const [d, L, I, V] = shape as [number, number, number, number];
  const dir = mkdtempSync(join(tmpdir(), 'ternforge-bench-run-'));
  try {
    writeFixture(dir, { config: modelConfigForShape({ hiddenSize: d, numLayers: L, intermediateSize: I, vocabSize: V }), seed: 3, dtype: 'F32' });
    const rng = new Prng(11);
    const ids = Array.from({ length: tokens }, () => rng.int(0, V - 1));
    const name = `random model d=${d} L=${L} I=${I} V=${V}, ${lanes} lanes`;
    // Verilator threads: the raw loop at each count, then the checked run at the best.
    let best = { threads: threadCounts[0]!, rate: 0 };
    for (const threads of threadCounts) {
      const session = await HardwareSession.open({ modelDir: dir, hardware: { lanes, threads }, float: false });
      try {
        const r = await raw(session, ids);
        const rate = r.cycles / r.seconds;
        console.log(`${name}: Verilator --threads ${threads}: raw simulator loop ${(rate / 1e6).toFixed(3)} M cycles/s (measured)`);
        if (rate > best.rate) best = { threads, rate };
      } catch (e) {
        // Verilator's worker threads wait busily: on cores taken by other work a multi-threaded
        // model can slow down by orders of magnitude. Say so and go on with the other counts.
        if (!(e instanceof SimTimeoutError)) throw e;
        console.log(`${name}: Verilator --threads ${threads}: no token finished within the harness's time limit (${e.message.replace(/^.*?within /, 'within ')})`);
      } finally {
        await session.close().catch(() => undefined);
      }
    }
    const session = await HardwareSession.open({ modelDir: dir, hardware: { lanes, threads: best.threads } });
    try {
      const before = await raw(session, ids);
      await session.restart();
      const record = await verifySequence(session, { tokens: ids });
      const alone = await checkedAlone(session, ids);
      const after = await raw(session, ids);
      report(`${name}, --threads ${best.threads} (the fastest above)`, before, after, record, alone);
    } finally {
      await session.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      tokens: { type: 'string', default: '16' },
      shape: { type: 'string', default: '512,4,1536,4096' },
      lanes: { type: 'string', default: '64' },
      'skip-model': { type: 'boolean', default: false },
      'skip-shape': { type: 'boolean', default: false },
      threads: { type: 'string', default: '1,2,4' },
    },
  });
  const tokens = Number(values.tokens);
  if (!Number.isInteger(tokens) || tokens < 2) throw new BenchRunUsageError(`--tokens ${values.tokens}: expected an integer ≥ 2`);
  const shape = values.shape.split(',').map(Number);
  if (shape.length !== 4 || shape.some((x) => !Number.isInteger(x) || x < 1)) throw new BenchRunUsageError(`--shape ${values.shape}: expected D,L,I,V as four positive integers`);
  const lanes = Number(values.lanes);
  if (!Number.isInteger(lanes) || lanes < 1) throw new BenchRunUsageError(`--lanes ${values.lanes}: expected a positive integer`);
  if (!values['skip-model']) await benchModel(join(root, DEFAULT_MODEL), tokens);
  const threads = values.threads.split(',').map(Number);
  if (threads.some((t) => !Number.isInteger(t) || t < 1)) throw new BenchRunUsageError(`--threads ${values.threads}: expected positive integers, e.g. 1,2,4`);
  if (!values['skip-shape']) await benchShape(shape, lanes, tokens, threads);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    if (e instanceof BenchRunUsageError) {
      console.error(`bench-run: ${e.message}`);
      process.exit(1);
    }
    throw e;
  });
}
