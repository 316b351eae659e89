/**
 * Co-simulation speed, every figure in one command:
 *
 * 1. The shipped model: `ternforge run`'s decode loop (greedy from a prompt, every debug
 *    record, the logits and the argmax compared with the integer spec, the float reference
 *    beside it, the tokenizer and the printing of each piece included) against the raw
 *    simulator (the same tokens through the core, nothing checked, no golden model: the
 *    harness's own cycle loop, transfers excluded). The two are taken in turn, `--rounds`
 *    times, so that a change in the machine's load falls on both; besides the wall-clock
 *    ratio it prints the CPU seconds of each process (harness and this one), which the
 *    other work on the machine disturbs much less.
 * 2. `--jobs`: `ternforge verify --sequences K` at --jobs 1 and at --jobs 2, side by side,
 *    with the wall clock, the CPU seconds of all processes and the load average.
 * 3. The 370M shapes (scripts/bench-threads.ts): cycles/s at Verilator --threads 1, 2, 4.
 *
 * `--rounds` applies to parts 1 and 3.
 *
 *   npx tsx scripts/bench-run.ts [--tokens N] [--rounds N] [--sequences K] [--jobs-tokens N]
 *       [--shape D,L,I,V] [--threads 1,2,4] [--cycles N] [--skip-model] [--skip-jobs] [--skip-shape]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_MODEL, HardwareSession } from '../host/cosim/driver.ts';
import { generate } from '../host/cosim/generate.ts';
import type { RunRecord } from '../host/cosim/run-record.ts';
import type { RunSet } from '../host/cosim/parallel.ts';
import { expectedCoreRecords } from '../host/cosim/core-trace.ts';
import { benchThreads, BenchThreadsUsageError, processCpuSeconds, THREADS_OPTIONS } from './bench-threads.ts';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');

class BenchRunUsageError extends Error {
  override name = 'BenchRunUsageError';
}

const load = (): string => loadavg().map((x) => x.toFixed(1)).join(' ');
const selfCpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

interface Phase {
  tokens: number;
  cycles: number;
  /** Wall-clock seconds of the phase's decode loop. */
  wall: number;
  /** Seconds in the harness's cycle loop. */
  loop: number;
  /** CPU seconds of the harness (all its threads) and of this process during the phase. */
  harnessCpu: number;
  hostCpu: number;
}

/** The tokens through the core alone: nothing checked, no golden model. */
async function raw(session: HardwareSession, tokens: readonly number[]): Promise<Phase> {
  await session.restart();
  const pid = session.core.tb.pid;
  const h0 = processCpuSeconds(pid) ?? NaN;
  const s0 = selfCpu();
  const t0 = performance.now();
  let cycles = 0;
  let loop = 0;
  for (const t of tokens) {
    const r = await session.core.stepChecked(t, undefined);
    cycles += r.cycles;
    loop += r.loopSeconds;
  }
  const wall = (performance.now() - t0) / 1000;
  return { tokens: tokens.length, cycles, wall, loop, harnessCpu: (processCpuSeconds(pid) ?? NaN) - h0, hostCpu: selfCpu() - s0 };
}

/** `ternforge run`'s decode loop: generate() with every record checked, the pieces printed. */
async function checked(session: HardwareSession, prompt: string, newTokens: number): Promise<{ phase: Phase; record: RunRecord }> {
  await session.restart();
  const pid = session.core.tb.pid;
  const h0 = processCpuSeconds(pid) ?? NaN;
  const s0 = selfCpu();
  const { record } = await generate(session, {
    prompt,
    maxTokens: newTokens,
    sampling: { temperature: 0, topK: 0, topP: 1, seed: 0 },
    checkRecords: true,
    stopAtEos: false,
    onToken: (piece) => process.stderr.write(piece),
  });
  process.stderr.write('\n');
  const h1 = processCpuSeconds(pid) ?? NaN;
  const hostCpu = selfCpu() - s0;
  if (!record.verdict.bitExact) throw new Error('the checked run is not bit-exact; the figures would mean nothing');
  const f = record.figures;
  // The decode loop's wall clock as `ternforge run` reports it: the sum of its steps, each
  // from the end of the one before (the tokenizer and the printing between steps count).
  const wall = record.tokens.reduce((s, t) => s + t.wallSeconds, 0);
  return {
    phase: { tokens: record.tokens.length, cycles: record.tokens.reduce((s, t) => s + t.cycles, 0), wall, loop: f.simSeconds, harnessCpu: h1 - h0, hostCpu },
    record,
  };
}

function sum(ps: readonly Phase[]): Phase {
  const add = (k: keyof Phase): number => ps.reduce((s, p) => s + p[k], 0);
  return { tokens: add('tokens'), cycles: add('cycles'), wall: add('wall'), loop: add('loop'), harnessCpu: add('harnessCpu'), hostCpu: add('hostCpu') };
}

async function benchModel(dir: string, tokens: number, rounds: number): Promise<void> {
  const session = await HardwareSession.open({ modelDir: dir });
  const prompt = 'The';
  try {
    // Warm-up: the golden models' first step, the core's first token.
    await checked(session, prompt, 1);
    const raws: Phase[] = [];
    const checks: Phase[] = [];
    let last: RunRecord | undefined;
    console.log(`model ${dir}: ${rounds} rounds of (raw, checked) on ${availableParallelism()} cores, load average ${load()} at the start`);
    for (let r = 0; r < rounds; r++) {
      const c = await checked(session, prompt, tokens);
      last = c.record;
      const ids = c.record.tokens.map((t) => t.token);
      const w = await raw(session, ids);
      checks.push(c.phase);
      raws.push(w);
      console.log(
        `  round ${r + 1}: raw ${(w.cycles / w.loop / 1e6).toFixed(3)} M cycles/s, checked ${(c.phase.cycles / c.phase.wall / 1e6).toFixed(3)} M cycles/s wall clock: ratio ${(c.phase.cycles / c.phase.wall / (w.cycles / w.loop)).toFixed(3)}`,
      );
    }
    const R = sum(raws);
    const C = sum(checks);
    const f = last!.figures;
    const line = (label: string, text: string): void => console.log(`  ${label.padEnd(52)}${text}`);
    const rawRate = R.cycles / R.loop;
    const checkedRate = C.cycles / C.wall;
    console.log(`model ${dir}: ${C.tokens / rounds} tokens a round (prompt included), ${Math.round(f.cyclesPerToken)} cycles/token (measured; machine shared, load average ${load()} at the end)`);
    line('raw simulator loop, no checking:', `${(rawRate / 1e6).toFixed(3)} M cycles/s, ${(R.tokens / R.loop).toFixed(2)} tokens/s`);
    line('`ternforge run` decode loop, wall clock:', `${(checkedRate / 1e6).toFixed(3)} M cycles/s, ${(C.tokens / C.wall).toFixed(2)} tokens/s`);
    line('run tokens/s / raw tokens/s (all rounds):', `${(checkedRate / rawRate).toFixed(3)}`);
    line('outside the simulator (run, all rounds):', `${((100 * Math.max(0, C.wall - C.loop)) / C.wall).toFixed(1)} % of the wall-clock time`);
    line('harness CPU per token, raw / run:', `${((1000 * R.harnessCpu) / R.tokens).toFixed(0)} ms / ${((1000 * C.harnessCpu) / C.tokens).toFixed(0)} ms (the in-harness check's cost)`);
    line('host CPU per token, raw / run:', `${((1000 * R.hostCpu) / R.tokens).toFixed(0)} ms / ${((1000 * C.hostCpu) / C.tokens).toFixed(0)} ms (golden models, tokenizer, printing)`);
    line('run: harness CPU / its wall clock:', `${(C.harnessCpu / C.wall).toFixed(2)} (1.00: the simulator never waited and had a core throughout)`);
    line('raw: harness CPU / its loop time:', `${(R.harnessCpu / R.loop).toFixed(2)} (below 1.00: the machine took the core away)`);
    // The bulk data of a token: its expected-record block, written where the harness maps
    // it (/dev/shm). Measured here, apart, against the token's time in the cycle loop.
    await session.restart();
    const spec = session.spec.step(last!.tokens[0]!.token, { trace: true, floatTrace: false });
    const expected = expectedCoreRecords(session.config, spec.intTrace!, session.core.image.layout.passWidth);
    const n = 20;
    let bytes = 0;
    const e0 = performance.now();
    for (let k = 0; k < n; k++) {
      const block = session.core.expectedBlock(expected);
      bytes = block.bytes().byteLength;
      session.core.tb.stage(block);
      session.core.tb.release(block);
    }
    const encodeMs = (performance.now() - e0) / n;
    const block = session.core.expectedBlock(expected);
    const w0 = performance.now();
    for (let k = 0; k < n; k++) {
      session.core.tb.stage(block);
      session.core.tb.release(block);
    }
    const writeMs = (performance.now() - w0) / n;
    line('expected records of a token (bulk data):', `${expected.length} records, ${(bytes / 1e6).toFixed(2)} MB; encoded and written ${encodeMs.toFixed(1)} ms, written alone ${writeMs.toFixed(2)} ms, vs ${((1000 * R.loop) / R.tokens).toFixed(0)} ms of cycle loop per token`);
    line('verdict of the last round:', last!.verdict.bitExact ? `bit-exact, ${last!.verdict.recordsChecked} debug records checked` : 'MISMATCH');
  } finally {
    await session.close();
  }
}

/** Runs the CLI, returning its wall clock, the CPU seconds of it and its children, and stdout. */
async function cli(args: string[]): Promise<{ wall: number; cpu: number; stdout: string }> {
  const t0 = performance.now();
  // bash's `times` gives the CPU seconds of the finished children (workers and harnesses included).
  const script = `node ${JSON.stringify(join(root, 'bin', 'ternforge.js'))} ${args.map((a) => JSON.stringify(a)).join(' ')} && times >&2`;
  const child = spawn('bash', ['-c', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((res) => child.on('close', res));
  const wall = (performance.now() - t0) / 1000;
  if (code !== 0) throw new Error(`ternforge ${args.join(' ')} exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
  // The second line of `times`: children's user and system time, e.g. "1m2.500s 0m0.300s".
  const lines = stderr.trim().split('\n');
  const secs = (t: string): number => {
    const m = /^(\d+)m([\d.]+)s$/.exec(t);
    return m ? 60 * Number(m[1]) + Number(m[2]) : NaN;
  };
  const [u, s] = (lines[lines.length - 1] ?? '').split(' ');
  return { wall, cpu: secs(u ?? '') + secs(s ?? ''), stdout };
}

async function benchJobs(sequences: number, tokens: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ternforge-bench-jobs-'));
  try {
    console.log(`verify --sequences ${sequences} --tokens ${tokens} on the shipped model, ${availableParallelism()} cores (machine shared), --jobs 1 then 2, twice:`);
    // A first, untimed run builds the core (or finds it in the cache), so no timed run pays for the build.
    await cli(['verify', '--sequences', '1', '--tokens', '1', '--jobs', '1', '--record', join(dir, 'warm-up.json')]);
    const rows: { jobs: number; wall: number; cpu: number; seq: number }[] = [];
    for (const order of [[1, 2], [2, 1]]) {
      for (const jobs of order) {
        const rec = join(dir, `jobs-${jobs}.json`);
        const l0 = load();
        const r = await cli(['verify', '--sequences', String(sequences), '--tokens', String(tokens), '--jobs', String(jobs), '--record', rec]);
        const set = JSON.parse(readFileSync(rec, 'utf8')) as RunSet;
        if (!set.verdict.bitExact) throw new Error(`verify --jobs ${jobs} is not bit-exact`);
        rows.push({ jobs, wall: r.wall, cpu: r.cpu, seq: set.figures.sequenceSeconds });
        console.log(
          `  --jobs ${jobs}: ${r.wall.toFixed(1)} s wall clock (whole command), ${r.cpu.toFixed(1)} CPU s (all processes), ${set.figures.sequenceSeconds.toFixed(1)} s of sequence time; load average ${l0} before`,
        );
      }
    }
    const mean = (j: number): number => rows.filter((r) => r.jobs === j).reduce((s, r) => s + r.wall, 0) / 2;
    console.log(`  speed-up of --jobs 2 over --jobs 1 (mean wall clock of both orders): ${(mean(1) / mean(2)).toFixed(2)}× (measured)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      tokens: { type: 'string', default: '16' },
      sequences: { type: 'string', default: '4' },
      'jobs-tokens': { type: 'string', default: '4' },
      'skip-model': { type: 'boolean', default: false },
      'skip-jobs': { type: 'boolean', default: false },
      'skip-shape': { type: 'boolean', default: false },
      ...THREADS_OPTIONS,
    },
  });
  const int = (name: string, text: string, min: number): number => {
    const v = Number(text);
    if (!Number.isInteger(v) || v < min) throw new BenchRunUsageError(`--${name} ${text}: expected an integer ≥ ${min}`);
    return v;
  };
  const tokens = int('tokens', values.tokens, 1);
  const rounds = int('rounds', values.rounds, 1);
  const sequences = int('sequences', values.sequences, 2);
  const jobsTokens = int('jobs-tokens', values['jobs-tokens'], 1);
  if (!values['skip-model']) await benchModel(join(root, DEFAULT_MODEL), tokens, rounds);
  if (!values['skip-jobs']) await benchJobs(sequences, jobsTokens);
  if (!values['skip-shape']) await benchThreads(values);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    if (e instanceof BenchRunUsageError || e instanceof BenchThreadsUsageError) {
      console.error(`bench-run: ${e.message}`);
      process.exit(1);
    }
    throw e;
  });
}
