/**
 * Evaluation of a model by the float reference: the validation token stream, windowed
 * perplexity (each window from a zero recurrent state, as scripts/train/train.py scores it) and
 * greedy continuations of fixed prompts. `scripts/eval-perplexity.ts` prints them.
 */
import { FloatReference } from './float-reference.ts';
import type { PreparedModel } from './model.ts';
import { argmax } from './sampling.ts';
import type { TextTokenizer } from './tokenizer.ts';

export class EvaluationError extends Error {
  override name = 'EvaluationError';
}

/** The prompts whose greedy continuations the model card and this script show. */
export const GENERATION_PROMPTS = ['The jury said', 'It was a dark night, and', 'The President of the United States'];

/** <s> doc </s> for each document, concatenated. */
export function validationStream(tokenizer: TextTokenizer, docs: readonly { text: string }[]): number[] {
  const out: number[] = [];
  for (const d of docs) {
    out.push(...tokenizer.encode(d.text, { addBos: true }), tokenizer.eosId);
  }
  return out;
}

/** log p(target) from logits, in float64. */
export function logProb(logits: Float32Array, target: number): number {
  let max = -Infinity;
  for (let k = 0; k < logits.length; k++) if (logits[k]! > max) max = logits[k]!;
  let sum = 0;
  for (let k = 0; k < logits.length; k++) sum += Math.exp(logits[k]! - max);
  return logits[target]! - max - Math.log(sum);
}

export interface PerplexityResult {
  windows: number;
  window: number;
  scoredTokens: number;
  loss: number;
  perplexity: number;
}

/** Windowed perplexity with the float reference: zero state per window, positions 1..W-1 scored. */
export function windowedPerplexity(
  model: PreparedModel,
  stream: readonly number[],
  windows: number,
  window: number,
  onWindow?: (k: number) => void,
): PerplexityResult {
  if (windows * window > stream.length) {
    throw new EvaluationError(`the validation stream has ${stream.length} tokens, fewer than ${windows} windows of ${window}; lower --windows or --window`);
  }
  const ref = new FloatReference(model);
  let nll = 0;
  let scored = 0;
  for (let w = 0; w < windows; w++) {
    ref.reset();
    const ids = stream.slice(w * window, (w + 1) * window);
    for (let t = 0; t < window - 1; t++) {
      const { logits } = ref.step(ids[t]!);
      nll -= logProb(logits, ids[t + 1]!);
      scored++;
    }
    onWindow?.(w + 1);
  }
  const loss = nll / scored;
  return { windows, window, scoredTokens: scored, loss, perplexity: Math.exp(loss) };
}

/** Greedy continuation (lowest id wins a tie), stopping after maxNew tokens or at EOS. */
export function greedyContinuation(model: PreparedModel, promptIds: readonly number[], maxNew: number): number[] {
  if (promptIds.length === 0) throw new EvaluationError('the prompt encodes to no tokens');
  const ref = new FloatReference(model);
  let logits: Float32Array = new Float32Array(0);
  for (const id of promptIds) logits = ref.step(id).logits;
  const out: number[] = [];
  while (out.length < maxNew) {
    const next = argmax(logits);
    out.push(next);
    if (next === model.config.eosTokenId || out.length === maxNew) break;
    logits = ref.step(next).logits;
  }
  return out;
}
