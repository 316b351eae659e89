/**
 * Shapes, widths and the external-memory layout of the LM core (hdl-gen/blocks/lm-core.ts).
 * The host's image writer (host/image/core-image.ts) and the generator both read this one
 * description, so the addresses the core requests are the addresses the image holds.
 *
 * Memory words are `memWordBits` wide and hold `groupsPerWord` lane groups of weights, or, with
 * `rowUnits` R > 1, one lane group of each of R consecutive rows (docs/MEMORY-IMAGE.md):
 * memWordBits = 8 · bytesPerGroup · groupsPerWord · R. Regions, in word order:
 *
 * 1. parameters, six segments of 18-bit signed fields (floor(memWordBits / 18) per word, lowest
 *    first; in words narrower than 18 bits, one field per ceil(18 / memWordBits) consecutive
 *    words, low bits first), each starting on a word: A (rms weights), C0, C1, C2 (folded norm
 *    vectors of the projections), LB (lower bounds), K (per projection: K mantissa, K exponent);
 * 2. the embedding table: one row per token, a 16-bit exponent field then d 16-bit mantissas
 *    (floor(memWordBits / 16) fields per word, or one field per ceil(16 / memWordBits) words
 *    in narrower words), each row starting on a word;
 * 3. the weights: per layer i, f, g, o, gate/up, down, then lm_head, each a packed matrix
 *    starting on a word, its lane groups (rows of ceil(cols / lanes)) packed groupsPerWord to a word;
 *    with R > 1, row blocks of R rows (the last padded with zero rows), word b · groups + g holding
 *    group g of rows R·b … R·b + R − 1, row R·b in the lowest bits.
 */
import { bitsForUnsigned } from '../core/shape.ts';

export type WeightFormat = '2bit' | 'base3';

export interface LmCoreShape {
  hiddenSize: number;
  numLayers: number;
  intermediateSize: number;
  vocabSize: number;
  lanes: number;
  format: WeightFormat;
  /**
   * Input elements per cycle of the statistics and quantization passes (1, 2, 4, 8, 16 or 32; a
   * divisor of lanes). Default: 1 below 32 lanes, else the largest of 4, 2, 1 that divides lanes.
   */
  passWidth?: number;
  /** Lane groups of weights per memory word (default 1): the memory port is groupsPerWord groups wide. */
  groupsPerWord?: number;
  /**
   * Row units R (1, 2 or 4; default 1): rows of a matrix accumulated side by side, sharing the
   * activations; a memory word holds one lane group of each of R rows. R > 1 needs groupsPerWord 1.
   */
  rowUnits?: number;
}

/** The row-unit counts the core supports (`rowUnits`). */
export const ROW_UNITS = [1, 2, 4] as const;

/** The pass widths the passes support (`passWidth`). */
export const PASS_WIDTHS = [1, 2, 4, 8, 16, 32] as const;

/** Allowed values as a message says them: "1, 2 or 4". */
export function orList(values: readonly (number | string)[]): string {
  return values.length > 1 ? `${values.slice(0, -1).join(', ')} or ${String(values.at(-1))}` : values.join('');
}

/** Small cores (fewer than 32 lanes) pass one element at a time (the serial pass unit); larger ones 4, 2 or 1 as the lanes allow. */

export function defaultPassWidth(lanes: number): number {
  if (lanes < 32) return 1;
  return lanes % 4 === 0 ? 4 : lanes % 2 === 0 ? 2 : 1;
}

/** Projections of a layer in image order, and their K-table slots. */
export const LAYER_PROJECTIONS = ['i', 'f', 'g', 'o', 'gateUp', 'down'] as const;
export type LayerProjection = (typeof LAYER_PROJECTIONS)[number];

export const PARAM_SEGMENTS = ['A', 'C0', 'C1', 'C2', 'LB', 'K'] as const;
export type ParamSegment = (typeof PARAM_SEGMENTS)[number];

export const PARAM_FIELD_BITS = 18;
export const EMB_FIELD_BITS = 16;

export interface LmCoreLayout {
  shape: LmCoreShape;
  /** Elements per pass cycle (E). */
  passWidth: number;
  /** d and I rounded up to multiples of E: the stride of the norm vectors in the parameter segments (zero padded). */
  dPad: number;
  iPad: number;
  memWordBits: number;
  bytesPerGroup: number;
  groupsPerWord: number;
  /** Rows accumulated side by side (R): a memory word holds one lane group of each of R rows. */
  rowUnits: number;
  /** Lane groups per row for cols = d and cols = I. */
  groupsD: number;
  groupsI: number;
  /** Fields per word (1 when a field spans several words). */
  paramFieldsPerWord: number;
  embFieldsPerWord: number;
  /** Words per field: 1, or ceil(field bits / memWordBits) when the word is narrower than a field. */
  paramFieldWords: number;
  embFieldWords: number;
  /** Entries of each parameter segment (fields). */
  segmentFields: Record<ParamSegment, number>;
  segmentBase: Record<ParamSegment, number>;
  segmentWords: Record<ParamSegment, number>;
  /** Per-layer stride of the A and C0 segments: 3·dPad + iPad (attn, o, mlp vectors of d, down vector of I). */
  normLayerStride: number;
  embBase: number;
  embRowWords: number;
  weightBase: number;
  /** Words of one layer's weights. */
  layerWords: number;
  /** Word offset of each projection within a layer, and its rows. */
  projOffset: Record<LayerProjection, number>;
  projRows: Record<LayerProjection, number>;
  projGroups: Record<LayerProjection, number>;
  /** Memory words of each projection's matrix: ceil(ceil(rows / R) · groups per row / groupsPerWord). */
  projWords: Record<LayerProjection, number>;
  headBase: number;
  headWords: number;
  totalWords: number;
  /** Accumulator width for the widest dot product: bitLength(127 · max(d, I)) + 1. */
  accBits: number;
  /** Width of the o_proj / down_proj input vectors: accBits + 26. */
  uBits: number;
  /** Width of the sum of squares: Q ≤ max(d, I) · 2^34. */
  sumSqBits: number;
}

export class LmCoreShapeError extends RangeError {
  /** Exit code of the command line (README, "Exit codes"): 2, a bad command line. */
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'LmCoreShapeError';
  }
}

export function bytesPerGroupOf(format: WeightFormat, lanes: number): number {
  return format === '2bit' ? Math.ceil((2 * lanes) / 8) : Math.ceil(lanes / 5);
}

export function lmCoreLayout(shape: LmCoreShape): LmCoreLayout {
  const { hiddenSize: d, numLayers: L, intermediateSize: I, vocabSize: V, lanes } = shape;
  for (const [k, v] of Object.entries({ hiddenSize: d, numLayers: L, intermediateSize: I, vocabSize: V, lanes })) {
    if (!Number.isInteger(v) || v < 1) throw new LmCoreShapeError(`LM core: ${k} = ${v} must be a positive integer`);
  }
  if (d < 2 || I < 2 || V < 2) throw new LmCoreShapeError('LM core: hidden, intermediate and vocabulary sizes must be ≥ 2');
  if (d > 65535 || I > 65535) throw new LmCoreShapeError(`LM core: d = ${d} and I = ${I} must be below 65536 (the sum of squares must stay below 2^52)`);
  const E = shape.passWidth ?? defaultPassWidth(lanes);
  if (!(PASS_WIDTHS as readonly number[]).includes(E) || lanes % E !== 0) {
    throw new LmCoreShapeError(`LM core: pass width ${E} must be ${orList(PASS_WIDTHS)} and divide the ${lanes} lanes`);
  }
  const dPad = Math.ceil(d / E) * E;
  const iPad = Math.ceil(I / E) * E;
  const bytesPerGroup = bytesPerGroupOf(shape.format, lanes);
  const groupsPerWord = shape.groupsPerWord ?? 1;
  if (!Number.isInteger(groupsPerWord) || groupsPerWord < 1 || groupsPerWord > 16) {
    throw new LmCoreShapeError(`LM core: groupsPerWord ${groupsPerWord} must be an integer in 1..16`);
  }
  const R = shape.rowUnits ?? 1;
  if (!(ROW_UNITS as readonly number[]).includes(R)) {
    throw new LmCoreShapeError(`LM core: rowUnits ${R} must be ${orList(ROW_UNITS)}`);
  }
  if (R > 1 && groupsPerWord !== 1) {
    throw new LmCoreShapeError(`LM core: rowUnits ${R} needs groupsPerWord 1 (got ${groupsPerWord}); a memory word then holds one lane group of each of the ${R} rows`);
  }
  const memWordBits = 8 * bytesPerGroup * groupsPerWord * R;
  const paramFieldsPerWord = Math.max(1, Math.floor(memWordBits / PARAM_FIELD_BITS));
  const embFieldsPerWord = Math.max(1, Math.floor(memWordBits / EMB_FIELD_BITS));
  const paramFieldWords = Math.ceil(PARAM_FIELD_BITS / Math.min(memWordBits, PARAM_FIELD_BITS));
  const embFieldWords = Math.ceil(EMB_FIELD_BITS / Math.min(memWordBits, EMB_FIELD_BITS));
  const wordsFor = (fields: number, perWord: number, fieldWords: number): number => (fieldWords > 1 ? fields * fieldWords : Math.ceil(fields / perWord));
  const normLayerStride = 3 * dPad + iPad;
  const segmentFields: Record<ParamSegment, number> = {
    A: L * normLayerStride + dPad,
    C0: L * normLayerStride + dPad,
    C1: L * dPad,
    C2: L * dPad,
    LB: L * d,
    K: 2 * (LAYER_PROJECTIONS.length * L + 1),
  };
  const segmentBase = {} as Record<ParamSegment, number>;
  const segmentWords = {} as Record<ParamSegment, number>;
  let at = 0;
  for (const s of PARAM_SEGMENTS) {
    segmentBase[s] = at;
    segmentWords[s] = wordsFor(segmentFields[s], paramFieldsPerWord, paramFieldWords);
    at += segmentWords[s];
  }
  const embBase = at;
  const embRowWords = wordsFor(d + 1, embFieldsPerWord, embFieldWords);
  const weightBase = embBase + V * embRowWords;
  const groupsD = Math.ceil(d / lanes);
  const groupsI = Math.ceil(I / lanes);
  const projRows: Record<LayerProjection, number> = { i: d, f: d, g: d, o: d, gateUp: 2 * I, down: d };
  const projGroups: Record<LayerProjection, number> = { i: groupsD, f: groupsD, g: groupsD, o: groupsD, gateUp: groupsD, down: groupsI };
  const projOffset = {} as Record<LayerProjection, number>;
  const projWords = {} as Record<LayerProjection, number>;
  let off = 0;
  for (const p of LAYER_PROJECTIONS) {
    projOffset[p] = off;
    projWords[p] = Math.ceil((Math.ceil(projRows[p] / R) * projGroups[p]) / groupsPerWord);
    off += projWords[p];
  }
  const layerWords = off;
  const headBase = weightBase + L * layerWords;
  const headWords = Math.ceil((Math.ceil(V / R) * groupsD) / groupsPerWord);
  const maxCols = Math.max(d, I);
  const accBits = bitsForUnsigned(127 * maxCols) + 1;
  return {
    shape,
    passWidth: E,
    dPad,
    iPad,
    memWordBits,
    bytesPerGroup,
    groupsPerWord,
    rowUnits: R,
    groupsD,
    groupsI,
    paramFieldsPerWord,
    embFieldsPerWord,
    paramFieldWords,
    embFieldWords,
    segmentFields,
    segmentBase,
    segmentWords,
    normLayerStride,
    embBase,
    embRowWords,
    weightBase,
    layerWords,
    projOffset,
    projRows,
    projGroups,
    projWords,
    headBase,
    headWords,
    totalWords: headBase + headWords,
    accBits,
    uBits: accBits + 26,
    sumSqBits: bitsForUnsigned(BigInt(maxCols) << 34n),
  };
}
