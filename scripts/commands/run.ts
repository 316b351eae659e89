/** `ternforge run`: generate text on the simulated core, verifying every token. */
import { generate } from '../../host/cosim/generate.ts';
import { ProgressLine } from '../../host/common/progress.ts';
import { validateSampling } from '../../host/model/sampling.ts';
import {
  checkWritable, modelDir, figureLines, hardwareFlags, integerFlag, Interrupt, openSession, UsageError, verdictCode, writeRecord,
  type Args, type CliCommand,
} from './common.ts';
import { boardRunFlags, cmdBoardRun } from './board.ts';

/** Tokens a run may generate: each is simulated cycle by cycle (about a second on the shipped model). */
export const MAX_NEW_TOKENS = 4096;
/** Prompt tokens a run accepts. */
export const MAX_PROMPT_TOKENS = 1024;
/** Prompt characters accepted before tokenizing (a cheap first check). */
export const MAX_PROMPT_CHARS = 8192;
/** Runs longer than this many tokens get an estimate of their duration after the first token. */
const ESTIMATE_ABOVE = 64;

function duration(s: number): string {
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

async function run(a: Args): Promise<number> {
  if (a.board !== undefined) return cmdBoardRun(a, modelDir(a.model));
  const json = a.json as boolean;
  const sampling = { temperature: a.temperature as number, topK: a['top-k'] as number, topP: a['top-p'] as number, seed: a.seed as number };
  validateSampling(sampling);
  const prompt = a.prompt as string;
  if (prompt.trim() === '') throw new UsageError('--prompt is empty; give some text to continue');
  if (prompt.length > MAX_PROMPT_CHARS) {
    throw new UsageError(`--prompt is ${prompt.length} characters; at most ${MAX_PROMPT_CHARS} are accepted (every token is simulated cycle by cycle)`);
  }
  const maxTokens = integerFlag(a, 'max-tokens', 1, MAX_NEW_TOKENS);
  const recordPath = a.record as string | undefined;
  if (recordPath !== undefined) checkWritable(recordPath, '--record');
  const wave = a.wave as string | undefined;
  if (wave !== undefined) checkWritable(wave, '--wave');

  const progress = new ProgressLine(process.stderr);
  const interrupt = new Interrupt(progress, 'token');
  let session;
  try {
    session = await openSession(a, progress, { float: a.float as boolean, text: true });
  } catch (e) {
    progress.clear();
    interrupt.dispose();
    throw e;
  }
  try {
    if (wave !== undefined) await session.core.tb.trace(wave);
    interrupt.stoppable = true;
    let produced = 0;
    let started = false;
    const startText = (): void => {
      if (started) return;
      started = true;
      progress.clear();
      progress.streaming = true;
      if (!json) process.stdout.write(prompt);
    };
    const { record } = await generate(session, {
      prompt,
      maxTokens,
      sampling,
      checkRecords: a.check === 'records',
      stopAtEos: true,
      cancelled: () => interrupt.cancelled,
      onPrompt: (ids) => {
        if (ids.length > MAX_PROMPT_TOKENS) {
          throw new UsageError(`--prompt is ${ids.length} tokens; at most ${MAX_PROMPT_TOKENS} are accepted (every token is simulated cycle by cycle)`);
        }
        progress.status(`ternforge: processing the prompt (${ids.length} tokens)…`);
      },
      onPromptToken: (i, n, r) => {
        if (i === 0 && n + maxTokens > ESTIMATE_ABOVE) {
          progress.clear();
          process.stderr.write(
            `ternforge: ${n + maxTokens} tokens to simulate at about ${r.wallSeconds.toFixed(1)} s each (measured on the first): about ${duration((n + maxTokens) * r.wallSeconds)}; Ctrl-C stops after the current token\n`,
          );
        }
        if (i + 1 < n) progress.status(`ternforge: processing the prompt: token ${i + 2}/${n}…`);
        else startText();
      },
      onToken: (piece, entry) => {
        produced++;
        startText();
        if (!json) process.stdout.write(piece);
        progress.update(`  [${produced}/${maxTokens} tokens, ${(1 / Math.max(1e-9, entry.wallSeconds)).toFixed(2)} tokens/s${entry.bitExact ? ', bit-exact so far' : ', MISMATCH'}]`);
      },
    });
    interrupt.stoppable = false;
    if (wave !== undefined) await session.core.tb.traceOff();
    progress.streaming = false;
    progress.clear();
    // The figures are printed before the record is written: a failing write loses nothing shown.
    if (json) process.stdout.write(JSON.stringify(record, null, 2) + '\n');
    else process.stdout.write((started ? '\n\n' : '') + figureLines(record).join('\n') + '\n');
    writeRecord(recordPath, record);
    if (wave !== undefined) process.stderr.write(`ternforge: waveform of the whole run written to ${wave}\n`);
    return verdictCode(record, interrupt.cancelled);
  } finally {
    progress.streaming = false;
    progress.clear();
    interrupt.dispose();
    await session.close();
  }
}

export const runCommand: CliCommand = {
  command: 'run',
  describe: 'generate the core for a model, simulate it, generate text and verify every token',
  builder: (y) =>
    boardRunFlags(hardwareFlags(y))
      .option('prompt', { type: 'string', requiresArg: true, default: 'The', describe: 'text to continue' })
      .option('max-tokens', { type: 'number', requiresArg: true, default: 32, describe: `tokens to generate (1 to ${MAX_NEW_TOKENS})` })
      .option('temperature', { type: 'number', requiresArg: true, default: 0, describe: '0 = greedy (the core’s argmax)' })
      .option('top-k', { type: 'number', requiresArg: true, default: 0, describe: 'sample among the k most likely (0 = all)' })
      .option('top-p', { type: 'number', requiresArg: true, default: 1, describe: 'nucleus sampling mass' })
      .option('seed', { type: 'number', requiresArg: true, default: 0, describe: 'sampling seed' })
      .option('check', {
        choices: ['records', 'logits'] as const,
        requiresArg: true,
        default: 'records',
        describe: 'records: compare every debug record with the integer spec; logits: logits and argmax only (faster)',
      })
      .option('float', { type: 'boolean', default: true, describe: 'also run the float reference (--no-float skips it)' }),
  run,
};
