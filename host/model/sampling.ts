/**
 * Next-token selection from a logits vector: greedy, or sampling with temperature,
 * top-k and top-p (nucleus), reproducible from a seed.
 */
import { Prng } from '../common/prng.ts';

export interface SamplingOptions {
  /** 0 selects greedy decoding (argmax, lowest index on ties). */
  temperature: number;
  /** Keep the k most likely tokens; 0 keeps all. */
  topK: number;
  /** Keep the smallest set whose probability reaches p; 1 keeps all. */
  topP: number;
  seed: number;
}

export const GREEDY: SamplingOptions = { temperature: 0, topK: 0, topP: 1, seed: 0 };

export class SamplingError extends Error {
  override name = 'SamplingError';
  /** Exit code of the command line (README, "Exit codes"): 2, a bad command line. */
  readonly exitCode = 2;
}

export function validateSampling(o: SamplingOptions): void {
  if (!Number.isFinite(o.temperature) || o.temperature < 0) {
    throw new SamplingError(`--temperature must be a number ≥ 0 (got ${o.temperature})`);
  }
  if (!Number.isInteger(o.topK) || o.topK < 0) {
    throw new SamplingError(`--top-k must be an integer ≥ 0 (got ${o.topK})`);
  }
  if (!Number.isFinite(o.topP) || o.topP <= 0 || o.topP > 1) {
    throw new SamplingError(`--top-p must be in (0, 1] (got ${o.topP})`);
  }
  if (!Number.isInteger(o.seed)) throw new SamplingError(`--seed must be an integer (got ${o.seed})`);
}

/** Index of the largest value; the lowest index wins a tie (as the hardware's argmax does). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

/** A stateful sampler: one PRNG stream per generation, so a seed reproduces the whole text. */
export class Sampler {
  private readonly rng: Prng;

  constructor(readonly options: SamplingOptions) {
    validateSampling(options);
    this.rng = new Prng(options.seed);
  }

  next(logits: ArrayLike<number>): number {
    return this.choose(logits, this.rng);
  }

  /** The token `next(logits)` would return, without advancing the sampler. */
  peek(logits: ArrayLike<number>): number {
    return this.options.temperature === 0 ? argmax(logits) : this.choose(logits, this.rng.clone());
  }

  private choose(logits: ArrayLike<number>, rng: Prng): number {
    const { temperature, topK, topP } = this.options;
    if (temperature === 0) return argmax(logits);
    const order = Array.from({ length: logits.length }, (_, i) => i).sort(
      (a, b) => logits[b]! - logits[a]! || a - b,
    );
    const kept = topK > 0 ? order.slice(0, topK) : order;
    const maxLogit = logits[kept[0]!]!;
    const weights = kept.map((i) => Math.exp((logits[i]! - maxLogit) / temperature));
    const total = weights.reduce((s, w) => s + w, 0);
    let cut = kept.length;
    if (topP < 1) {
      let acc = 0;
      for (let j = 0; j < kept.length; j++) {
        acc += weights[j]! / total;
        if (acc >= topP) {
          cut = j + 1;
          break;
        }
      }
    }
    const mass = weights.slice(0, cut).reduce((s, w) => s + w, 0);
    let u = rng.float() * mass;
    for (let j = 0; j < cut; j++) {
      u -= weights[j]!;
      if (u < 0) return kept[j]!;
    }
    return kept[cut - 1]!;
  }
}
