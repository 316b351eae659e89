/**
 * The shapes shared by every part of host/: the checkpoint's configuration and the
 * prepared (ternarized) model that the float reference, the integer spec and the
 * packer all read. See docs/MODEL.md for the meaning of every field.
 */

/** The HGRNBit config.json fields ternforge uses, defaults applied, intermediate size derived. */
export interface ModelConfig {
  vocabSize: number;
  hiddenSize: number;
  numLayers: number;
  intermediateSize: number;
  rmsNormEps: number;
  useLowerBound: boolean;
  bosTokenId: number;
  eosTokenId: number;
  tieWordEmbeddings: boolean;
}

/** A ternary weight matrix, [rows = out][cols = in] row-major, and its per-tensor scale. */
export interface TernaryMatrix {
  rows: number;
  cols: number;
  /** -1, 0 or +1 per weight, row-major. */
  trits: Int8Array;
  /** mean(|W|) clamped to ≥ 1e-5, i.e. 1 / s_w: the dequantized weight is trit · scale. */
  scale: number;
}

/** One BitLinear: its ternary matrix and the weight of its own RMSNorm (length = cols). */
export interface BitLinearWeights {
  weight: TernaryMatrix;
  norm: Float32Array;
}

export interface PreparedLayer {
  attnNorm: Float32Array;
  iProj: BitLinearWeights;
  fProj: BitLinearWeights;
  gProj: BitLinearWeights;
  gNorm: Float32Array;
  oProj: BitLinearWeights;
  mlpNorm: Float32Array;
  /** [2I, d]: the first I outputs are the gate, the next I the up projection. */
  gateProj: BitLinearWeights;
  downProj: BitLinearWeights;
}

/** A model ready for inference: weights ternarized once, everything else fp32. */
export interface PreparedModel {
  config: ModelConfig;
  /** [V, d] row-major. */
  embeddings: Float32Array;
  /** [L, d] row-major, the raw parameter (softmax/cumsum are applied by the models). */
  lowerBounds: Float32Array;
  layers: PreparedLayer[];
  finalNorm: Float32Array;
  lmHead: BitLinearWeights;
}
