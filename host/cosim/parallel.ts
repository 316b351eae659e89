/**
 * Sweeps of independent verification sequences over all cores and over machines.
 *
 * - `--jobs N`: the sequences of one sweep run in N worker processes at once (each its own
 *   harness and golden models, so both sides of every co-simulation get a core).
 * - `--shard i/n`: a sweep of K sequences is cut into n shards (sequence k belongs to shard
 *   k mod n + 1); any job scheduler or CI matrix runs one shard per machine, and
 *   `ternforge merge` joins the shards' run sets into the sweep's.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { trackChild } from '../../sim/child-processes.ts';
import type { HardwareSession, Mismatch } from './driver.ts';
import { verifySequence } from './generate.ts';
import { Prng } from '../common/prng.ts';
import type { RunRecord } from './run-record.ts';

export const RUN_SET_VERSION = 1;

export class ParallelError extends Error {
  override name = 'ParallelError';
}

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** Parses `i/n` (1 ≤ i ≤ n). */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !(count >= 1) || !(index >= 1 && index <= count)) {
    throw new ParallelError(`--shard ${text}: expected i/n with 1 ≤ i ≤ n, e.g. 2/4`);
  }
  return { index, count };
}

/** The sequence indices of a sweep of `total` that belong to `shard` (all without one). */
export function shardIndices(total: number, shard?: Shard): number[] {
  const all = Array.from({ length: total }, (_, k) => k);
  return shard ? all.filter((k) => k % shard.count === shard.index - 1) : all;
}

/** Default job count: the cores this process may use. */
export function defaultJobs(): number {
  return availableParallelism();
}

/**
 * Runs `work` on every item with at most `jobs` running at once; results in item order.
 * After a failure no new item starts, and the first failure is thrown once all running
 * ones have ended.
 */
export async function runPool<T, R>(items: readonly T[], jobs: number, work: (item: T, k: number) => Promise<R>): Promise<R[]> {
  if (!Number.isInteger(jobs) || jobs < 1) throw new ParallelError(`--jobs must be a positive integer (got ${jobs})`);
  const out = new Array<R>(items.length);
  let next = 0;
  let failure: { e: unknown } | undefined;
  const lane = async (): Promise<void> => {
    while (next < items.length && !failure) {
      const k = next++;
      try {
        out[k] = await work(items[k]!, k);
      } catch (e) {
        failure ??= { e };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, items.length) }, lane));
  if (failure) throw failure.e;
  return out;
}

/** One sequence of a sweep and its run record. */
export interface SweepEntry {
  /** Index of the sequence in the whole sweep. */
  sequence: number;
  /** Seed of its random tokens. */
  seed: number;
  record: RunRecord;
}

/** The run records of a sweep (or of one shard of it). */
export interface RunSet {
  version: number;
  command: 'verify-sweep';
  /** Sequences in the whole sweep. */
  total: number;
  /** Tokens per sequence and the seed of sequence 0 (sequence k uses seed + k). */
  tokens: number;
  seed: number;
  /** The shards this set holds, as i/n, in order. */
  shards: string[];
  entries: SweepEntry[];
  verdict: {
    bitExact: boolean;
    sequences: number;
    tokensChecked: number;
    recordsChecked: number;
    /** The first mismatch of the lowest-numbered failing sequence. */
    firstMismatch?: { sequence: number; mismatch: Mismatch };
  };
  figures: {
    /** Wall-clock seconds of the sweep (of each merged part, summed). */
    seconds: number;
    jobs: number;
    /** Seconds in the simulators' cycle loops, all sequences. */
    simSeconds: number;
    /** Sum of the sequences' own wall-clock seconds: the sweep's serial time. */
    sequenceSeconds: number;
  };
}

/** A run set from its entries (sorted by sequence). */
export function runSet(
  meta: { total: number; tokens: number; seed: number; shards: string[]; seconds: number; jobs: number },
  entries: SweepEntry[],
): RunSet {
  const sorted = [...entries].sort((a, b) => a.sequence - b.sequence);
  for (let k = 1; k < sorted.length; k++) {
    if (sorted[k]!.sequence === sorted[k - 1]!.sequence) throw new ParallelError(`sequence ${sorted[k]!.sequence} appears twice; were shards merged twice?`);
  }
  const failing = sorted.find((e) => !e.record.verdict.bitExact);
  const sum = (f: (e: SweepEntry) => number): number => sorted.reduce((s, e) => s + f(e), 0);
  return {
    version: RUN_SET_VERSION,
    command: 'verify-sweep',
    total: meta.total,
    tokens: meta.tokens,
    seed: meta.seed,
    shards: meta.shards,
    entries: sorted,
    verdict: {
      bitExact: sorted.every((e) => e.record.verdict.bitExact),
      sequences: sorted.length,
      tokensChecked: sum((e) => e.record.verdict.tokensChecked),
      recordsChecked: sum((e) => e.record.verdict.recordsChecked),
      ...(failing?.record.verdict.mismatch ? { firstMismatch: { sequence: failing.sequence, mismatch: failing.record.verdict.mismatch } } : {}),
    },
    figures: {
      seconds: meta.seconds,
      jobs: meta.jobs,
      simSeconds: sum((e) => e.record.figures.simSeconds),
      sequenceSeconds: sum((e) => e.record.figures.seconds),
    },
  };
}

/** Reads a run set written by `ternforge verify --sequences … --record`. */
export function readRunSet(file: string): RunSet {
  let v: RunSet;
  try {
    v = JSON.parse(readFileSync(file, 'utf8')) as RunSet;
  } catch (e) {
    throw new ParallelError(`${file}: cannot read a run set (${(e as Error).message})`);
  }
  if (typeof v !== 'object' || v === null || v.command !== 'verify-sweep' || !Array.isArray(v.entries)) {
    throw new ParallelError(`${file}: not a sweep's run set; write one with 'ternforge verify --sequences N --shard i/n --record FILE'`);
  }
  if (v.version !== RUN_SET_VERSION) throw new ParallelError(`${file}: run set version ${v.version}, this program reads ${RUN_SET_VERSION}`);
  return v;
}

/** Joins the run sets of shards of one sweep; they must agree on the sweep and the model. */
export function mergeRunSets(sets: readonly RunSet[], names: readonly string[] = sets.map((_, k) => `set ${k + 1}`)): RunSet {
  if (sets.length === 0) throw new ParallelError('nothing to merge: name the shards’ run sets');
  const first = sets[0]!;
  const modelOf = (s: RunSet): string => JSON.stringify(s.entries[0] ? [s.entries[0].record.model.config, s.entries[0].record.hardware] : null);
  sets.forEach((s, k) => {
    if (s.total !== first.total || s.tokens !== first.tokens || s.seed !== first.seed) {
      throw new ParallelError(`${names[k]}: a different sweep (${s.total} sequences of ${s.tokens} tokens from seed ${s.seed}) than ${names[0]} (${first.total} of ${first.tokens} from seed ${first.seed})`);
    }
    if (s.entries.length > 0 && first.entries.length > 0 && modelOf(s) !== modelOf(first)) {
      throw new ParallelError(`${names[k]}: ran another model or hardware configuration than ${names[0]}`);
    }
  });
  const shards = sets.flatMap((s) => s.shards);
  const seen = new Set<string>();
  for (const s of shards) {
    if (seen.has(s)) throw new ParallelError(`shard ${s} is given twice`);
    seen.add(s);
  }
  return runSet(
    {
      total: first.total,
      tokens: first.tokens,
      seed: first.seed,
      shards,
      seconds: sets.reduce((s, x) => s + x.figures.seconds, 0),
      jobs: Math.max(...sets.map((x) => x.figures.jobs)),
    },
    sets.flatMap((s) => s.entries),
  );
}

/** Sequences of the whole sweep that no merged shard covered. */
export function missingSequences(set: RunSet): number[] {
  const have = new Set(set.entries.map((e) => e.sequence));
  return Array.from({ length: set.total }, (_, k) => k).filter((k) => !have.has(k));
}

/** The random token sequence of a sweep's sequence: BOS, then uniform ids. */
export function sweepTokens(seed: number, tokens: number, bos: number, vocab: number): number[] {
  const rng = new Prng(seed);
  return Array.from({ length: tokens }, (_, i) => (i === 0 ? bos : rng.int(0, vocab - 1)));
}

/** Runs sequences of a sweep one after another on one session (rewound before each). */
export async function verifyInProcess(
  session: HardwareSession,
  sequences: readonly number[],
  opts: { seed: number; tokens: number; onDone?: (e: SweepEntry) => void },
): Promise<SweepEntry[]> {
  const out: SweepEntry[] = [];
  for (const k of sequences) {
    await session.restart();
    const tokens = sweepTokens(opts.seed + k, opts.tokens, session.config.bosTokenId, session.config.vocabSize);
    const record = await verifySequence(session, { tokens });
    const e = { sequence: k, seed: opts.seed + k, record };
    out.push(e);
    opts.onDone?.(e);
  }
  return out;
}

/**
 * Runs some sequences of a sweep in a child process: `ternforge verify` with `args` (the
 * hardware and sweep flags) on `sequences`, writing its run set to a file; resolves with
 * the entries. Exit 0 (bit-exact) and 1 (mismatch) carry a run set; anything else is an
 * error with the child's last error line.
 */
export async function verifyInChild(script: string, args: readonly string[], sequences: readonly number[]): Promise<SweepEntry[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ternforge-sweep-'));
  const file = join(dir, 'set.json');
  try {
    // The TypeScript entry of a checkout runs through tsx; the installed package's is JavaScript.
    const loader = script.endsWith('.ts') ? ['--import', import.meta.resolve('tsx')] : [];
    const child = spawn(process.execPath, [...loader, script, 'verify', ...args, '--only', sequences.join(','), '--record', file, '--jobs', '1'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const untrack = trackChild(() => child.kill('SIGKILL'));
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      stderr = (stderr + d).slice(-4000);
    });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (c) => resolve(c));
    }).finally(untrack);
    if (code !== 0 && code !== 1) {
      const lines = stderr.trim().split('\n');
      const last = lines.filter((l) => l.startsWith('ternforge:')).pop() ?? lines.pop() ?? '';
      throw new ParallelError(`sequences ${sequences.join(', ')}: the worker exited with code ${code}${last ? `: ${last}` : ''}`);
    }
    return readRunSet(file).entries;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
