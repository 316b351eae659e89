/**
 * The external-memory image the LM core reads (layout: hdl-gen/blocks/lm-core-layout.ts):
 * the integer model's parameters as 18-bit fields, the embedding table as 16-bit fields and
 * every ternary matrix packed by host/image/pack.ts with the core's lane count, each region on a
 * memory-word boundary. Word i of the image is bytes [i·W/8, (i+1)·W/8), little-endian, as the
 * simulator's memory model reads it.
 */
import { PARAM_FIELD_BITS, EMB_FIELD_BITS, lmCoreLayout, type LmCoreLayout, type LmCoreShape, type WeightFormat } from '../../hdl-gen/blocks/lm-core-layout.ts';
import { pack } from './pack.ts';
import type { ModelConfig } from '../model/model.ts';
import type { IntModel, IntProjection } from '../spec/int-model.ts';

/** The model does not fit the core's number formats (a constant outside its field). */
export class CoreImageError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'CoreImageError';
  }
}

export function coreShapeOf(model: IntModel, lanes: number, format: WeightFormat, passWidth?: number, groupsPerWord?: number, rowUnits?: number): LmCoreShape {
  return coreShapeForConfig(model.config, lanes, format, passWidth, groupsPerWord, rowUnits);
}

/** The core parameters for a model configuration (shapes from the config, hardware from the caller). */
export function coreShapeForConfig(c: ModelConfig, lanes: number, format: WeightFormat, passWidth?: number, groupsPerWord?: number, rowUnits?: number): LmCoreShape {
  const shape: LmCoreShape = { hiddenSize: c.hiddenSize, numLayers: c.numLayers, intermediateSize: c.intermediateSize, vocabSize: c.vocabSize, lanes, format };
  if (passWidth !== undefined) shape.passWidth = passWidth;
  if (groupsPerWord !== undefined) shape.groupsPerWord = groupsPerWord;
  // Row units of 1 are the default: left out, so that the shape (and a design folder's manifest) is the one it always was.
  if (rowUnits !== undefined && rowUnits !== 1) shape.rowUnits = rowUnits;
  return shape;
}

/**
 * Writes signed fields of `bits` bits, starting at word `base`: `perWord` to a word (lowest
 * first), or, in words narrower than a field, one field per `fieldWords` consecutive words
 * (low bits in the first word).
 */
function writeFields(image: Uint8Array, layout: LmCoreLayout, base: number, bits: number, values: ArrayLike<number>, what: string): void {
  const fieldWords = Math.ceil(bits / Math.min(layout.memWordBits, bits));
  const perWord = Math.max(1, Math.floor(layout.memWordBits / bits));
  const bytesPerWord = layout.memWordBits / 8;
  const lo = -(2 ** (bits - 1));
  const hi = 2 ** (bits - 1) - 1;
  for (let f = 0; f < values.length; f++) {
    const v = values[f]!;
    if (!Number.isInteger(v) || v < lo || v > hi) throw new CoreImageError(`${what}: value ${v} at ${f} does not fit a signed ${bits}-bit field`);
    const word = fieldWords > 1 ? base + f * fieldWords : base + Math.floor(f / perWord);
    let bit = fieldWords > 1 ? 0 : (f % perWord) * bits;
    let u = v < 0 ? v + 2 ** bits : v;
    for (let b = 0; b < bits; b++, bit++) {
      if (u % 2 === 1) image[word * bytesPerWord + (bit >> 3)]! |= 1 << (bit & 7);
      u = Math.floor(u / 2);
    }
  }
}

function concat(parts: ArrayLike<number>[], pad = 1): number[] {
  const out: number[] = [];
  for (const p of parts) {
    for (let i = 0; i < p.length; i++) out.push(p[i]!);
    // Each vector is zero padded to a multiple of the pass width.
    for (let i = p.length; i % pad !== 0; i++) out.push(0);
  }
  return out;
}

/** K mantissa and exponent of each projection, checked against the core's shift width. */
function kFields(p: IntProjection): number[] {
  if (Math.abs(p.k.exp) > 255) throw new CoreImageError(`${p.name}: scale exponent ${p.k.exp} is outside ±255; the weight scale is too extreme for the core`);
  return [p.k.mant, p.k.exp];
}

export interface CoreImage {
  layout: LmCoreLayout;
  bytes: Uint8Array;
}

/**
 * A packed matrix (rows of groups, row-major) as the core reads it with R row units: word
 * b · groups + g holds group g of rows R·b … R·b + R − 1, row R·b in the lowest bytes; the rows
 * past the matrix's last in its last block are zero.
 */
export function interleaveRows(data: Uint8Array, rows: number, groupsPerRow: number, bytesPerGroup: number, R: number): Uint8Array {
  if (R === 1) return data;
  const blocks = Math.ceil(rows / R);
  const out = new Uint8Array(blocks * groupsPerRow * R * bytesPerGroup);
  for (let r = 0; r < rows; r++) {
    const b = Math.floor(r / R);
    const k = r % R;
    for (let g = 0; g < groupsPerRow; g++) {
      const src = (r * groupsPerRow + g) * bytesPerGroup;
      out.set(data.subarray(src, src + bytesPerGroup), ((b * groupsPerRow + g) * R + k) * bytesPerGroup);
    }
  }
  return out;
}

export function coreImage(model: IntModel, lanes: number, format: WeightFormat, passWidth?: number, groupsPerWord?: number, rowUnits?: number): CoreImage {
  const layout = lmCoreLayout(coreShapeOf(model, lanes, format, passWidth, groupsPerWord, rowUnits));
  const bytesPerWord = layout.memWordBits / 8;
  const bytes = new Uint8Array(layout.totalWords * bytesPerWord);
  const { layers } = model;
  const E = layout.passWidth;
  const A = concat([...layers.flatMap((l) => [l.attnA.mant, l.oA.mant, l.mlpA.mant, l.downA.mant]), model.finalA.mant], E);
  const C0 = concat([...layers.flatMap((l) => [l.i.c.mant, l.o.c.mant, l.gateUp.c.mant, l.down.c.mant]), model.lmHead.c.mant], E);
  const C1 = concat(layers.map((l) => l.f.c.mant), E);
  const C2 = concat(layers.map((l) => l.g.c.mant), E);
  const LB = concat(layers.map((l) => l.lowerBound));
  const K = concat([...layers.flatMap((l) => [l.i, l.f, l.g, l.o, l.gateUp, l.down].map(kFields)), kFields(model.lmHead)]);
  const segs = { A, C0, C1, C2, LB, K };
  for (const [name, values] of Object.entries(segs) as [keyof typeof segs, number[]][]) {
    if (values.length !== layout.segmentFields[name]) throw new CoreImageError(`segment ${name}: ${values.length} fields, layout expects ${layout.segmentFields[name]}`);
    writeFields(bytes, layout, layout.segmentBase[name], PARAM_FIELD_BITS, values, `parameter segment ${name}`);
  }
  const d = model.config.hiddenSize;
  for (let t = 0; t < model.config.vocabSize; t++) {
    const row = [model.embExp[t]!, ...model.embMant.subarray(t * d, (t + 1) * d)];
    writeFields(bytes, layout, layout.embBase + t * layout.embRowWords, EMB_FIELD_BITS, row, `embedding row ${t}`);
  }
  const place = (proj: IntProjection, word: number): void => {
    const packed = pack({ rows: proj.rows, cols: proj.cols, trits: proj.trits, scale: 1 }, format, lanes);
    const R = layout.rowUnits;
    if (packed.bytesPerGroup * layout.groupsPerWord * R !== bytesPerWord) throw new CoreImageError(`${proj.name}: ${packed.bytesPerGroup} bytes per group do not fill a ${bytesPerWord}-byte memory word`);
    bytes.set(interleaveRows(packed.data, proj.rows, packed.groupsPerRow, packed.bytesPerGroup, R), word * bytesPerWord);
  };
  layers.forEach((l, i) => {
    const base = layout.weightBase + i * layout.layerWords;
    place(l.i, base + layout.projOffset.i);
    place(l.f, base + layout.projOffset.f);
    place(l.g, base + layout.projOffset.g);
    place(l.o, base + layout.projOffset.o);
    place(l.gateUp, base + layout.projOffset.gateUp);
    place(l.down, base + layout.projOffset.down);
  });
  place(model.lmHead, layout.headBase);
  return { layout, bytes };
}
