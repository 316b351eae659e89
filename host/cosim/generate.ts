/**
 * Text generation and verification on the simulated core: feed a prompt token by token,
 * choose each next token from the core's logits, and keep the per-token record.
 */
import { DriverError, type HardwareSession, type Mismatch, type TokenReport } from './driver.ts';
import { phaseMarks, summarize, tokenEntry, type PhaseMark, type RunRecord, type TokenEntry } from './run-record.ts';
import { Sampler, type SamplingOptions } from '../model/sampling.ts';
import { LOGIT_FORMAT } from '../spec/formats.ts';
import type { IntStepResult } from '../spec/int-spec.ts';

export interface GenerateOptions {
  prompt: string;
  maxTokens: number;
  sampling: SamplingOptions;
  /** Compare every debug record of every step with the integer spec (slower); logits and argmax are always compared. */
  checkRecords: boolean;
  /** Stop at the end-of-sequence token. */
  stopAtEos: boolean;
  onToken?: (piece: string, entry: TokenEntry, report: TokenReport) => void;
  /** Called after each prompt token with its index and the prompt's length in tokens. */
  onPromptToken?: (index: number, of: number, report: TokenReport) => void;
  /** Called once the prompt is tokenized, before any step; may throw to refuse it. */
  onPrompt?: (ids: readonly number[]) => void;
  /** Checked between steps; true ends the run early with what was produced. */
  cancelled?: () => boolean;
}

export interface GenerateResult {
  record: RunRecord;
  text: string;
  ids: number[];
}

export async function generate(session: HardwareSession, opts: GenerateOptions): Promise<GenerateResult> {
  if (opts.prompt.trim() === '') throw new DriverError('the prompt is empty; pass --prompt with some text');
  if (!Number.isInteger(opts.maxTokens) || opts.maxTokens < 1) {
    throw new DriverError(`--max-tokens must be a positive integer (got ${opts.maxTokens})`);
  }
  const sampler = new Sampler(opts.sampling);
  const prompt = session.tokenizer.encode(opts.prompt);
  opts.onPrompt?.(prompt);
  session.resetClock();
  const t0 = performance.now();
  const tokens: TokenEntry[] = [];
  let phases: PhaseMark[] = [];
  let mismatch: Mismatch | undefined;
  const generated: number[] = [];
  let text = '';

  // The token that will follow the one being fed, as far as the spec can tell: the next
  // prompt token, or the choice the sampler would make from the spec's logits (equal to the
  // core's when the core is bit-exact). The spec computes it while the core simulates.
  const scale = 2 ** -LOGIT_FORMAT.frac;
  const predict = (i: number) => (spec: IntStepResult): number | undefined => {
    if (i + 1 < prompt.length) return prompt[i + 1];
    if (generated.length >= opts.maxTokens || opts.cancelled?.()) return undefined;
    const next = opts.sampling.temperature === 0 ? spec.argmax : sampler.peek(Float64Array.from(spec.logits, (v) => v * scale));
    return opts.stopAtEos && next === session.config.eosTokenId ? undefined : next;
  };
  const feed = async (token: number, i: number): Promise<TokenReport> => {
    const keep = phases.length === 0 && opts.checkRecords;
    // The next prompt token is known; under greedy decoding the next is the core's argmax,
    // so the harness is handed it at once, to run if the core chooses it. A sampled token
    // depends on this side's sampler: only the spec's step for it is computed ahead.
    const nextBy = i + 1 < prompt.length ? 'known' : opts.sampling.temperature === 0 ? 'argmax' : undefined;
    const r = await session.step(token, { records: opts.checkRecords, keepTrace: keep, next: predict(i), ...(nextBy ? { nextBy } : {}) });
    if (keep && r.records) phases = phaseMarks(r.records, r.startCycle);
    if (!r.bitExact && mismatch === undefined && r.mismatch) mismatch = r.mismatch;
    return r;
  };

  let last: TokenReport | undefined;
  for (let i = 0; i < prompt.length; i++) {
    last = await feed(prompt[i]!, i);
    tokens.push(tokenEntry(last, 'prompt'));
    opts.onPromptToken?.(i, prompt.length, last);
    if (opts.cancelled?.()) break;
  }
  while (last && generated.length < opts.maxTokens && !opts.cancelled?.()) {
    // Greedy decoding takes the core's own argmax; sampling reads its logit stream.
    const next = opts.sampling.temperature === 0 ? last.argmax : sampler.next(last.logits);
    tokens[tokens.length - 1]!.next = next;
    if (opts.stopAtEos && next === session.config.eosTokenId) break;
    generated.push(next);
    const before = text;
    text = session.tokenizer.decode(generated);
    last = await feed(next, prompt.length + generated.length - 1);
    const entry = tokenEntry(last, 'generated');
    tokens.push(entry);
    opts.onToken?.(text.slice(before.length), entry, last);
  }
  const record = summarize(session, 'run', tokens, phases, mismatch, (performance.now() - t0) / 1000);
  if (opts.cancelled?.()) record.interrupted = true;
  record.prompt = opts.prompt;
  record.text = text;
  record.sampling = { ...opts.sampling };
  return { record, text, ids: generated };
}

export interface VerifyOptions {
  tokens: number[];
  onStep?: (report: TokenReport) => void;
  /** Checked between steps; true ends the sequence early with what was checked. */
  cancelled?: () => boolean;
}

/** Runs a token sequence through core and spec, comparing every record, until the first mismatch. */
export async function verifySequence(session: HardwareSession, opts: VerifyOptions): Promise<RunRecord> {
  const t0 = performance.now();
  const entries: TokenEntry[] = [];
  let phases: PhaseMark[] = [];
  let mismatch: Mismatch | undefined;
  session.resetClock();
  for (let i = 0; i < opts.tokens.length; i++) {
    const token = opts.tokens[i]!;
    const r = await session.step(token, {
      records: true,
      keepTrace: phases.length === 0,
      ...(i + 1 < opts.tokens.length && !opts.cancelled?.() ? { next: () => opts.tokens[i + 1], nextBy: 'known' as const } : {}),
    });
    if (phases.length === 0 && r.records) phases = phaseMarks(r.records, r.startCycle);
    entries.push(tokenEntry(r, 'prompt'));
    opts.onStep?.(r);
    if (!r.bitExact) {
      mismatch = r.mismatch;
      break;
    }
    if (opts.cancelled?.()) break;
  }
  const record = summarize(session, 'verify', entries, phases, mismatch, (performance.now() - t0) / 1000);
  if (opts.cancelled?.() && entries.length < opts.tokens.length) record.interrupted = true;
  return record;
}
