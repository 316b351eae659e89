/** `ternforge verify`: a token sequence through the core and the integer spec, every intermediate compared. */
import { verifySequence } from '../../host/cosim/generate.ts';
import { Prng } from '../../host/common/prng.ts';
import { ProgressLine } from '../../host/common/progress.ts';
import {
  checkWritable, figureLines, hardwareFlags, integerFlag, Interrupt, openSession, UsageError, verdictCode, writeRecord,
  type Args, type CliCommand,
} from './common.ts';
import { isSweep, verifySweep } from './sweep.ts';
import { defaultJobs } from '../../host/cosim/parallel.ts';

async function run(a: Args): Promise<number> {
  if (isSweep(a)) return verifySweep(a);
  const json = a.json as boolean;
  const n = integerFlag(a, 'tokens', 1, 4096);
  const seed = integerFlag(a, 'seed', 0);
  if (a.prompt !== undefined && (a.prompt as string).trim() === '') throw new UsageError('--prompt is empty; give some text');
  let ids: number[] | undefined;
  if (a.ids !== undefined) {
    const parts = String(a.ids)
      .split(',')
      .map((x) => x.trim());
    const bad = parts.find((x) => !/^\d+$/.test(x));
    if (bad !== undefined) throw new UsageError(`--ids must be comma-separated token ids (got '${bad}')`);
    ids = parts.map(Number);
  }
  const window = a.window === undefined ? undefined : integerFlag(a, 'window', 1);
  if (window !== undefined && a.wave === undefined) throw new UsageError('--window needs --wave FILE');
  const recordPath = a.record as string | undefined;
  if (recordPath !== undefined) checkWritable(recordPath, '--record');
  const wave = a.wave as string | undefined;
  if (wave !== undefined) checkWritable(wave, '--wave');

  const progress = new ProgressLine(process.stderr);
  const interrupt = new Interrupt(progress, 'step');
  // Random tokens and --ids need no tokenizer.json.
  let session;
  try {
    session = await openSession(a, progress, { float: false, text: a.prompt !== undefined });
  } catch (e) {
    progress.clear();
    interrupt.dispose();
    throw e;
  }
  try {
    let tokens: number[];
    if (ids !== undefined) {
      const V = session.config.vocabSize;
      const bad = ids.find((t) => t >= V);
      if (bad !== undefined) throw new UsageError(`--ids: token id ${bad} is outside the vocabulary [0, ${V}) of ${session.modelDir}`);
      tokens = ids;
    } else if (a.prompt !== undefined) {
      tokens = session.tokenizer.encode(a.prompt as string).slice(0, n);
    } else {
      const rng = new Prng(seed);
      tokens = Array.from({ length: n }, (_, i) => (i === 0 ? session.config.bosTokenId : rng.int(0, session.config.vocabSize - 1)));
    }
    const whole = wave !== undefined && window === undefined;
    if (whole) await session.core.tb.trace(wave);
    interrupt.stoppable = true;
    progress.status(`ternforge verify: step 1/${tokens.length}…`);
    const record = await verifySequence(session, {
      tokens,
      cancelled: () => interrupt.cancelled,
      onStep: (r) => progress.status(`ternforge verify: step ${r.step + 2}/${tokens.length}, ${r.recordsChecked} records of step ${r.step + 1}${r.bitExact ? ' equal' : ' — mismatch'}…`),
    });
    interrupt.stoppable = false;
    if (whole) await session.core.tb.traceOff();
    progress.clear();
    const m = record.verdict.mismatch;
    if (m && wave !== undefined && window !== undefined) {
      // m.cycle counts from reset; the window is placed relative to the failing step's start.
      const relative = m.cycle !== undefined ? m.cycle - (record.tokens[m.step]?.startCycle ?? 0) : 0;
      await session.traceWindow(tokens.slice(0, m.step), tokens[m.step]!, relative - window, relative + window, wave);
      process.stderr.write(`ternforge verify: waveform of cycles ±${window} around the mismatch written to ${wave}\n`);
    } else if (whole) {
      process.stderr.write(`ternforge verify: waveform of the whole run written to ${wave}\n`);
    } else if (wave !== undefined) {
      process.stderr.write(`ternforge verify: bit-exact, so no mismatch window was written to ${wave}\n`);
    }
    if (json) process.stdout.write(JSON.stringify(record, null, 2) + '\n');
    else process.stdout.write(figureLines(record).join('\n') + '\n');
    writeRecord(recordPath, record);
    return verdictCode(record, interrupt.cancelled);
  } finally {
    progress.clear();
    interrupt.dispose();
    await session.close();
  }
}

export const verifyCommand: CliCommand = {
  command: 'verify',
  describe: 'run a token sequence through the core and the integer spec and compare every intermediate',
  builder: (y) =>
    hardwareFlags(y)
      .option('tokens', { type: 'number', requiresArg: true, default: 8, describe: 'sequence length (1 to 4096)' })
      .option('seed', { type: 'number', requiresArg: true, default: 1, describe: 'seed of the random token sequence' })
      .option('prompt', { type: 'string', requiresArg: true, describe: 'use the tokens of this text instead of random ones (needs tokenizer.json)' })
      .option('ids', { type: 'string', requiresArg: true, describe: 'comma-separated token ids instead of random ones' })
      .option('window', {
        type: 'number',
        requiresArg: true,
        describe: 'with --wave: write only the cycles ±N around the first mismatch (nothing when bit-exact)',
      })
      .option('sequences', { type: 'number', requiresArg: true, default: 1, describe: 'independent random sequences (seeds seed, seed+1, …), run in worker processes' })
      .option('jobs', { type: 'number', requiresArg: true, default: defaultJobs(), describe: 'sequences run at once (default: the number of cores)' })
      .option('shard', { type: 'string', requiresArg: true, describe: "run only shard i/n of the sequences (k mod n = i-1); join shards with 'ternforge merge'" })
      .option('only', { type: 'string', hidden: true, describe: 'comma-separated sequence indices (used by the worker processes)' }),
  run,
};
