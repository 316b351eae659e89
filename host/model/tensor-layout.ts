/**
 * The state-dict layout of an HGRNBit checkpoint (MODEL.md, "Tensor names"): every tensor's
 * name, shape and role, in one canonical order, derived from a ModelConfig. The checkpoint
 * loader validates against it, the fixture writer and the random model generate from it.
 */
import type { ModelConfig } from './model.ts';

/** The names of the BitLinear projections inside one layer, as the state dict spells them. */
export const LAYER_PROJECTIONS = [
  'attn.i_proj',
  'attn.f_proj',
  'attn.g_proj',
  'attn.o_proj',
  'mlp.gate_proj',
  'mlp.down_proj',
] as const;
export type LayerProjection = (typeof LAYER_PROJECTIONS)[number];

/**
 * What a tensor is: `embedding` (table lookup), `lowerBounds`, `norm` (an RMSNorm weight,
 * including a BitLinear's own `.norm.weight`), `linear` (a weight to ternarize).
 */
export type TensorRole = 'embedding' | 'lowerBounds' | 'norm' | 'linear';

export interface TensorSpec {
  name: string;
  shape: number[];
  role: TensorRole;
}

/** [out, in] of one layer projection. */
export function projectionShape(config: ModelConfig, proj: LayerProjection): [number, number] {
  const d = config.hiddenSize;
  const I = config.intermediateSize;
  switch (proj) {
    case 'mlp.gate_proj':
      return [2 * I, d];
    case 'mlp.down_proj':
      return [d, I];
    default:
      return [d, d];
  }
}

/** Every tensor of the checkpoint, in the canonical order (the order the fixture writer uses). */
export function tensorLayout(config: ModelConfig): TensorSpec[] {
  const d = config.hiddenSize;
  const specs: TensorSpec[] = [
    { name: 'model.embeddings.weight', shape: [config.vocabSize, d], role: 'embedding' },
  ];
  if (config.useLowerBound) {
    specs.push({ name: 'model.lower_bounds', shape: [config.numLayers, d], role: 'lowerBounds' });
  }
  for (let l = 0; l < config.numLayers; l++) {
    const p = `model.layers.${l}`;
    specs.push({ name: `${p}.attn_norm.weight`, shape: [d], role: 'norm' });
    for (const proj of ['attn.i_proj', 'attn.f_proj', 'attn.g_proj'] as const) {
      pushProjection(specs, `${p}.${proj}`, projectionShape(config, proj));
    }
    specs.push({ name: `${p}.attn.g_norm.weight`, shape: [d], role: 'norm' });
    pushProjection(specs, `${p}.attn.o_proj`, projectionShape(config, 'attn.o_proj'));
    specs.push({ name: `${p}.mlp_norm.weight`, shape: [d], role: 'norm' });
    pushProjection(specs, `${p}.mlp.gate_proj`, projectionShape(config, 'mlp.gate_proj'));
    pushProjection(specs, `${p}.mlp.down_proj`, projectionShape(config, 'mlp.down_proj'));
  }
  specs.push({ name: 'model.norm.weight', shape: [d], role: 'norm' });
  // With tied embeddings the head's ternary matrix is the ternarized embedding table.
  if (!config.tieWordEmbeddings) specs.push({ name: 'lm_head.weight', shape: [config.vocabSize, d], role: 'linear' });
  specs.push({ name: 'lm_head.norm.weight', shape: [d], role: 'norm' });
  return specs;
}

function pushProjection(specs: TensorSpec[], prefix: string, shape: [number, number]): void {
  specs.push({ name: `${prefix}.weight`, shape, role: 'linear' });
  specs.push({ name: `${prefix}.norm.weight`, shape: [shape[1]], role: 'norm' });
}

export function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}
