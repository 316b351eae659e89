/**
 * The named intermediates of one decode step, shared by the float reference and the integer
 * spec so that two runs can be compared tensor by tensor (host/model/diff.ts).
 *
 * A trace maps a name to the values of that intermediate at one token. Names:
 *
 * - `embedding` x before layer 0; `lower_bound` [L·d] the effective bound lb (softmax, cumsum − first)
 * - per layer l, prefix `layers.{l}.`:
 *   `x_in` (residual r), `attn_norm` (a), `f` (forget gate after σ and the lower bound),
 *   `c` (SiLU(i)⊙(1−f)), `h` (the new state), `g_norm` (RMSNorm(g; g_norm)), `o` (the output
 *   gate product), `x_attn` (x after the attention residual), `mlp_norm` (m), `gate`, `up`,
 *   `glu` (SiLU(gate)⊙up), `x_out` (x after the MLP residual)
 * - per BitLinear, prefix `layers.{l}.{i_proj|f_proj|g_proj|o_proj|gate_proj|down_proj}.` or `lm_head.`:
 *   `in` (u), `norm` (RMSNorm(u; n)), `scale` (one value: the per-token activation scale
 *   s = 127 / max|norm|), `q` (the int8 vector), `acc` (T·q, integers), `out` (T·q / (s·s_w))
 * - `final_norm` RMSNorm(x; norm), `logits`
 *
 * An implementation may record a subset (the diff compares the names both runs have).
 */
export type TraceValue = ArrayLike<number>;
export type Trace = Map<string, TraceValue>;

export const BITLINEAR_FIELDS = ['in', 'norm', 'scale', 'q', 'acc', 'out'] as const;
export type BitLinearField = (typeof BITLINEAR_FIELDS)[number];

export const LAYER_BITLINEARS = ['i_proj', 'f_proj', 'g_proj', 'o_proj', 'gate_proj', 'down_proj'] as const;
export type LayerBitLinear = (typeof LAYER_BITLINEARS)[number];

export const LAYER_FIELDS = [
  'x_in',
  'attn_norm',
  'f',
  'c',
  'h',
  'g_norm',
  'o',
  'x_attn',
  'mlp_norm',
  'gate',
  'up',
  'glu',
  'x_out',
] as const;
export type LayerField = (typeof LAYER_FIELDS)[number];

export type IntermediateName =
  | 'embedding'
  | 'lower_bound'
  | 'final_norm'
  | 'logits'
  | `lm_head.${BitLinearField}`
  | `layers.${number}.${LayerField}`
  | `layers.${number}.${LayerBitLinear}.${BitLinearField}`;

export function layerName(layer: number, field: LayerField): IntermediateName {
  return `layers.${layer}.${field}`;
}
export function bitLinearName(layer: number | 'lm_head', proj: LayerBitLinear | 'lm_head', field: BitLinearField): IntermediateName {
  return layer === 'lm_head' ? `lm_head.${field}` : `layers.${layer}.${proj as LayerBitLinear}.${field}`;
}

/** Every intermediate name of a model with `numLayers` layers, in computation order. */
export function intermediateNames(numLayers: number): IntermediateName[] {
  const names: IntermediateName[] = ['embedding', 'lower_bound'];
  const bl = (layer: number | 'lm_head', proj: LayerBitLinear | 'lm_head'): void => {
    for (const f of BITLINEAR_FIELDS) names.push(bitLinearName(layer, proj, f));
  };
  for (let l = 0; l < numLayers; l++) {
    names.push(layerName(l, 'x_in'), layerName(l, 'attn_norm'));
    bl(l, 'i_proj');
    bl(l, 'f_proj');
    bl(l, 'g_proj');
    names.push(layerName(l, 'f'), layerName(l, 'c'), layerName(l, 'h'), layerName(l, 'g_norm'), layerName(l, 'o'));
    bl(l, 'o_proj');
    names.push(layerName(l, 'x_attn'), layerName(l, 'mlp_norm'));
    bl(l, 'gate_proj');
    names.push(layerName(l, 'gate'), layerName(l, 'up'), layerName(l, 'glu'));
    bl(l, 'down_proj');
    names.push(layerName(l, 'x_out'));
  }
  names.push('final_norm');
  bl('lm_head', 'lm_head');
  names.push('logits');
  return names;
}
