/**
 * `ternforge verify --sequences K [--jobs N] [--shard i/n]` and `ternforge merge`: independent
 * random sequences in worker processes, and the run sets of a sweep's shards joined.
 */
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatMismatch } from '../../host/cosim/run-record.ts';
import {
  mergeRunSets, missingSequences, parseShard, readRunSet, runPool, runSet, shardIndices, verifyInChild, verifyInProcess,
  type RunSet, type SweepEntry,
} from '../../host/cosim/parallel.ts';
import { ProgressLine } from '../../host/common/progress.ts';
import { checkWritable, hardwareOptions, integerFlag, openSession, requireVerilator, UsageError, writeRecord, type Args, type CliCommand } from './common.ts';

/** The command-line entry that worker processes run (the .ts source in a checkout, the .js build when installed). */
const CLI_ENTRY = fileURLToPath(new URL(`../ternforge${extname(fileURLToPath(import.meta.url))}`, import.meta.url));

function sweepLines(set: RunSet): string[] {
  const lines = set.entries.map((e) => {
    const v = e.record.verdict;
    return `sequence ${e.sequence} (seed ${e.seed}): ${v.bitExact ? `bit-exact, ${v.tokensChecked} tokens, ${v.recordsChecked} debug records` : `MISMATCH — ${v.mismatch ? formatMismatch(v.mismatch) : 'see its record'}`}`;
  });
  const v = set.verdict;
  const f = set.figures;
  const missing = missingSequences(set);
  lines.push(
    `sweep: ${v.sequences} of ${set.total} sequences (shards ${set.shards.join(', ')}), ${v.tokensChecked} tokens, ${v.recordsChecked} debug records; ${f.seconds.toFixed(1)} s wall clock with ${f.jobs} job(s), ${f.sequenceSeconds.toFixed(1)} s of sequence time (measured)`,
  );
  if (missing.length > 0) lines.push(`not yet run: sequences ${missing.join(', ')} (their shards are missing)`);
  lines.push(
    v.bitExact
      ? `verdict: bit-exact — every sequence run equal to the integer spec`
      : `verdict: MISMATCH — sequence ${v.firstMismatch?.sequence} (seed ${set.entries.find((e) => e.sequence === v.firstMismatch?.sequence)?.seed}); rerun it with --seed and --wave for the waveform`,
  );
  return lines;
}

/** Whether a verify command line asks for a sweep rather than one sequence. */
export function isSweep(a: Args): boolean {
  return integerFlag(a, 'sequences', 1, 1_000_000) > 1 || a.shard !== undefined || a.only !== undefined;
}

/** `verify --sequences K [--shard i/n] [--jobs N]`: independent random sequences in worker processes. */
export async function verifySweep(a: Args): Promise<number> {
  const total = integerFlag(a, 'sequences', 1, 1_000_000);
  if (a.prompt !== undefined || a.ids !== undefined) throw new UsageError('--sequences runs random sequences; --prompt and --ids give one sequence');
  if (a.wave !== undefined) throw new UsageError('--wave works on one sequence; rerun the failing sequence of a sweep with its --seed and --wave');
  const jobs = integerFlag(a, 'jobs', 1, 1024);
  const shard = a.shard !== undefined ? parseShard(String(a.shard)) : undefined;
  const tokens = integerFlag(a, 'tokens', 1, 4096);
  const seed = integerFlag(a, 'seed', 0);
  const recordPath = a.record as string | undefined;
  if (recordPath !== undefined) checkWritable(recordPath, '--record');
  requireVerilator();
  const hardware = hardwareOptions(a);
  let indices = shardIndices(total, shard);
  if (a.only !== undefined) {
    const only = String(a.only).split(',').map(Number);
    const bad = only.find((k) => !Number.isInteger(k) || k < 0 || k >= total);
    if (bad !== undefined) throw new UsageError(`--only: sequence ${bad} is outside the sweep's 0..${total - 1}`);
    indices = indices.filter((k) => only.includes(k));
  }
  const progress = new ProgressLine(process.stderr);
  let done = 0;
  const t0 = performance.now();
  const tick = (): void => progress.status(`ternforge verify: ${++done}/${indices.length} sequences, ${Math.min(jobs, indices.length)} job(s)…`);
  let entries: SweepEntry[];
  try {
    if (jobs === 1 || indices.length <= 1) {
      const session = await openSession(a, progress, { float: false, text: false });
      try {
        entries = await verifyInProcess(session, indices, { seed, tokens, onDone: tick });
      } finally {
        await session.close();
      }
    } else {
      // One worker process per job, each taking every jobs-th sequence: its start-up
      // (checkpoint, harness) is paid once, and each co-simulation gets its cores.
      const pass = ['--sequences', String(total), '--seed', String(seed), '--tokens', String(tokens), '--lanes', String(hardware.lanes), '--format', hardware.format, '--mem-latency', String(hardware.memLatency)];
      if (a.model !== undefined) pass.push('--model', String(a.model));
      if (a.design !== undefined) pass.push('--design', String(a.design));
      const stripes = Array.from({ length: Math.min(jobs, indices.length) }, (_, j) => indices.filter((_, k) => k % jobs === j));
      entries = (
        await runPool(stripes, jobs, async (stripe) => {
          const e = await verifyInChild(CLI_ENTRY, pass, stripe);
          for (let k = 0; k < e.length; k++) tick();
          return e;
        })
      ).flat();
    }
  } finally {
    progress.clear();
  }
  const set = runSet({ total, tokens, seed, shards: [shard ? `${shard.index}/${shard.count}` : '1/1'], seconds: (performance.now() - t0) / 1000, jobs }, entries);
  if (a.json as boolean) process.stdout.write(JSON.stringify(set, null, 2) + '\n');
  else process.stdout.write(sweepLines(set).join('\n') + '\n');
  writeRecord(recordPath, set);
  return set.verdict.bitExact ? 0 : 1;
}

export const mergeCommand: CliCommand = {
  command: 'merge <sets..>',
  describe: "join the run sets of a sweep's shards (written by verify --sequences … --shard i/n --record FILE)",
  builder: (y) =>
    y
      .positional('sets', { type: 'string', array: true, describe: 'run set files' })
      .option('out', { type: 'string', requiresArg: true, demandOption: true, describe: 'merged run set file' }),
  run: async (a) => {
    const files = (a.sets as string[] | undefined) ?? [];
    const out = a.out as string;
    checkWritable(out, '--out');
    const set = mergeRunSets(files.map(readRunSet), files);
    process.stdout.write(sweepLines(set).join('\n') + '\n');
    writeRecord(out, set);
    return set.verdict.bitExact ? 0 : 1;
  },
};
