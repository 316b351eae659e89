/**
 * The fixed-point formats of the integer spec (docs/ARITHMETIC.md, "Formats"). A format is a
 * signed two's-complement width and a number of fraction bits: real = int · 2^-frac.
 */
export interface FixedFormat {
  /** Total width including the sign bit. */
  bits: number;
  /** Fraction bits. */
  frac: number;
}

/** Residual stream x: Q11.20 in 32 bits (±2048, resolution 9.5e-7), saturating adds. */
export const X_FORMAT: FixedFormat = { bits: 32, frac: 20 };
/**
 * Gate pre-activations and their nonlinear results (i, f before σ, gate, SiLU outputs) and the
 * recurrent state h: Q10.16 in 27 bits (±1024), the width of a DSP's wide port.
 */
export const V_FORMAT: FixedFormat = { bits: 27, frac: 16 };
/** Logits as streamed out: Q15.16 in 32 bits. */
export const LOGIT_FORMAT: FixedFormat = { bits: 32, frac: 16 };
/** Embedding table mantissas: int16 with one exponent per row. */
export const EMBEDDING_MANT_BITS = 16;
/** Gate values σ, forget gate f and lower bound lb: unsigned, 16 fraction bits, 0..65536 (= 1.0). */
export const GATE_FRAC = 16;
export const GATE_ONE = 2 ** GATE_FRAC;

/** Width of the BitLinear input after its normalizing shift: |u'| < 2^26 (27 bits signed). */
export const U_NORM_BITS = 27;
/** Norm-weight vectors: 18-bit signed mantissas (|m| < 2^17) with one exponent per vector. */
export const NORM_MANT_BITS = 18;
/** Normalized absmax / rms operands: 18-bit signed values, magnitude in [2^16, 2^17]. */
export const STAT_BITS = 18;
/** Fraction bits of the quantization reciprocal R = floor(127 · 2^33 / Pm). */
export const RECIP_SHIFT = 33;
/** The int8 activation range used: symmetric, [-127, 127]. */
export const Q_MAX = 127;
