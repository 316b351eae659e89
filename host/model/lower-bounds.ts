/**
 * The forget gate's lower bounds as the released model computes them from the checkpoint's
 * `model.lower_bounds` (MODEL.md, "One token through the model"): the float reference uses
 * them as they are, the integer model quantizes them once.
 */
import type { ModelConfig } from './model.ts';

const fr = Math.fround;

/** Effective lower bounds [L·d]: softmax over layers, cumulative sum, minus the first row. */
export function effectiveLowerBounds(config: ModelConfig, raw: Float32Array): Float32Array {
  const L = config.numLayers;
  const d = config.hiddenSize;
  const lb = new Float32Array(L * d);
  if (!config.useLowerBound) return lb;
  for (let c = 0; c < d; c++) {
    let m = -Infinity;
    for (let l = 0; l < L; l++) m = Math.max(m, raw[l * d + c]!);
    let z = 0;
    const e = new Float64Array(L);
    for (let l = 0; l < L; l++) {
      e[l] = fr(Math.exp(raw[l * d + c]! - m));
      z += e[l]!;
    }
    const zf = fr(z);
    let cum = 0;
    let first = 0;
    for (let l = 0; l < L; l++) {
      const p = fr(e[l]! / zf);
      cum = fr(cum + p);
      if (l === 0) first = cum;
      lb[l * d + c] = fr(cum - first);
    }
  }
  return lb;
}
