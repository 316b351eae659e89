/**
 * Seeded random models of any shape. `randomCheckpointTensors` yields the float tensors of a
 * checkpoint one at a time in the canonical layout order (the fixture writer streams them to
 * disk); `randomPreparedModel` ternarizes the same tensors, so a fixture written in f32 from a
 * seed loads to exactly `randomPreparedModel` of that seed.
 *
 * Norm weights and lower bounds are drawn far from their neutral values (norm weights
 * 1 + 0.5·N(0,1), lower bounds N(0,1)) so that a model that ignored them would differ.
 */
import type { ModelConfig, PreparedModel } from './model.ts';
import { Prng } from './prng.ts';
import { ModelAssembler } from './model-assembler.ts';
import { elementCount, tensorLayout, type TensorSpec } from './tensor-layout.ts';

export interface RandomTensorOptions {
  /** Standard deviation of the embedding table (default 1). */
  embeddingStd?: number;
  /** Standard deviation of every linear weight (default 0.02, the release's initializer_range). */
  linearStd?: number;
  /** Spread of the norm weights around 1 (default 0.5). */
  normSpread?: number;
  /** Standard deviation of the lower-bound parameter (default 1). */
  lowerBoundStd?: number;
}

export interface NamedTensor {
  spec: TensorSpec;
  data: Float32Array;
}

/**
 * Normal deviates by Box–Muller with both values of each pair used (a 370M-shape fixture draws
 * about 370 million values), from a project PRNG stream seeded once per tensor.
 */
class NormalSource {
  private spare = 0;
  private hasSpare = false;
  private readonly prng: Prng;
  constructor(seed: number) {
    this.prng = new Prng(seed);
  }
  private uniform(): number {
    return this.prng.float();
  }
  next(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u = this.uniform();
    while (u === 0) u = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    const t = 2 * Math.PI * this.uniform();
    this.spare = r * Math.sin(t);
    this.hasSpare = true;
    return r * Math.cos(t);
  }
}

/** The checkpoint's float tensors, generated one at a time from `seed`. */
export function* randomCheckpointTensors(
  config: ModelConfig,
  seed: number,
  options: RandomTensorOptions = {},
): Generator<NamedTensor> {
  const embeddingStd = options.embeddingStd ?? 1;
  const linearStd = options.linearStd ?? 0.02;
  const normSpread = options.normSpread ?? 0.5;
  const lowerBoundStd = options.lowerBoundStd ?? 1;
  const prng = new Prng(seed);
  for (const spec of tensorLayout(config)) {
    const normal = new NormalSource(prng.u32());
    const data = new Float32Array(elementCount(spec.shape));
    switch (spec.role) {
      case 'embedding':
        for (let k = 0; k < data.length; k++) data[k] = embeddingStd * normal.next();
        break;
      case 'linear':
        for (let k = 0; k < data.length; k++) data[k] = linearStd * normal.next();
        break;
      case 'norm':
        for (let k = 0; k < data.length; k++) data[k] = 1 + normSpread * normal.next();
        break;
      case 'lowerBounds':
        for (let k = 0; k < data.length; k++) data[k] = lowerBoundStd * normal.next();
        break;
    }
    yield { spec, data };
  }
}

/** A seeded random PreparedModel: the ternarized `randomCheckpointTensors(config, seed)`. */
export function randomPreparedModel(
  config: ModelConfig,
  seed: number,
  options: RandomTensorOptions = {},
): PreparedModel {
  const assembler = new ModelAssembler(config);
  for (const { spec, data } of randomCheckpointTensors(config, seed, options)) assembler.add(spec.name, data);
  return assembler.finish();
}
