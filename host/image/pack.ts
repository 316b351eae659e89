/**
 * Memory images of ternary matrices, in the two formats the hardware reads (layout in
 * docs/MEMORY-IMAGE.md):
 *
 * - `2bit`: one 2-bit code per weight: 0 → 0b00, +1 → 0b01, −1 → 0b11 (0b10 is invalid).
 *   Lane k of a group sits in bits [2k+1:2k] of the group's little-endian bytes.
 * - `base3`: five weights per byte (3^5 = 243 ≤ 256). Each trit becomes the digit
 *   trit mod 3 (0 → 0, +1 → 1, −1 → 2); lane 5j+i of a group is digit i (weight 3^i) of the
 *   group's byte j, so byte = d0 + 3·d1 + 9·d2 + 27·d3 + 81·d4. Values 243..255 are invalid.
 *
 * A row of the [rows = out, cols = in] matrix is consumed as groups of `lanes` consecutive
 * input elements. Each row is padded with zero weights to a whole number of groups; each group
 * is a whole number of bytes (in `base3`, a group of `lanes` trits is padded to a multiple of
 * five). Zero padding is the all-zero byte in both formats. Rows follow one another; groups
 * within a row in input order.
 */
import type { PreparedModel, TernaryMatrix } from '../model/model.ts';

export type PackFormat = '2bit' | 'base3';
export const PACK_FORMATS: readonly PackFormat[] = ['2bit', 'base3'];

export interface PackLayout {
  format: PackFormat;
  lanes: number;
  rows: number;
  cols: number;
  /** ceil(cols / lanes) */
  groupsPerRow: number;
  /** 2bit: ceil(2·lanes / 8); base3: ceil(lanes / 5). */
  bytesPerGroup: number;
  /** groupsPerRow · bytesPerGroup */
  bytesPerRow: number;
  /** rows · bytesPerRow */
  bytes: number;
}

export interface PackedMatrix extends PackLayout {
  data: Uint8Array;
  /** The matrix's scale mean|W| (not part of the image; the hardware holds it as a constant). */
  scale: number;
}

/** Thrown by unpack when an image holds a byte or code that no matrix packs to. */
export class PackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PackError';
  }
}

const CODE_2BIT = { zero: 0b00, plus: 0b01, minus: 0b11 } as const;

export function packLayout(format: PackFormat, lanes: number, rows: number, cols: number): PackLayout {
  if (!Number.isInteger(lanes) || lanes < 1) throw new RangeError(`lanes must be a positive integer, got ${lanes}`);
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0) {
    throw new RangeError(`bad matrix shape [${rows}, ${cols}]`);
  }
  const groupsPerRow = Math.ceil(cols / lanes);
  const bytesPerGroup = format === '2bit' ? Math.ceil((2 * lanes) / 8) : Math.ceil(lanes / 5);
  const bytesPerRow = groupsPerRow * bytesPerGroup;
  return { format, lanes, rows, cols, groupsPerRow, bytesPerGroup, bytesPerRow, bytes: rows * bytesPerRow };
}

/** Pack a ternary matrix into its memory image. */
export function pack(m: TernaryMatrix, format: PackFormat, lanes: number): PackedMatrix {
  const L = packLayout(format, lanes, m.rows, m.cols);
  const data = new Uint8Array(L.bytes);
  const { trits, cols } = m;
  for (let r = 0; r < m.rows; r++) {
    const rowBase = r * cols;
    for (let g = 0; g < L.groupsPerRow; g++) {
      const out = r * L.bytesPerRow + g * L.bytesPerGroup;
      const c0 = g * lanes;
      const n = Math.min(lanes, cols - c0);
      if (format === '2bit') {
        for (let k = 0; k < n; k++) {
          const t = trits[rowBase + c0 + k]!;
          const code = t === 0 ? CODE_2BIT.zero : t === 1 ? CODE_2BIT.plus : t === -1 ? CODE_2BIT.minus : badTrit(t, r, c0 + k);
          data[out + (k >> 2)]! |= code << ((k & 3) * 2);
        }
      } else {
        for (let j = 0; j * 5 < n; j++) {
          let v = 0;
          for (let i = Math.min(4, n - 1 - j * 5); i >= 0; i--) {
            const t = trits[rowBase + c0 + j * 5 + i]!;
            const digit = t === 0 ? 0 : t === 1 ? 1 : t === -1 ? 2 : badTrit(t, r, c0 + j * 5 + i);
            v = v * 3 + digit;
          }
          data[out + j] = v;
        }
      }
    }
  }
  return { ...L, data, scale: m.scale };
}

function badTrit(t: number, r: number, c: number): never {
  throw new RangeError(`weight [${r}, ${c}] is ${t}, not a trit`);
}

/** The exact inverse of `pack`; rejects invalid codes and non-zero padding. */
export function unpack(p: PackedMatrix): TernaryMatrix {
  const L = packLayout(p.format, p.lanes, p.rows, p.cols);
  if (p.data.length !== L.bytes) throw new PackError(`image holds ${p.data.length} bytes, the layout needs ${L.bytes}`);
  const trits = new Int8Array(p.rows * p.cols);
  const { lanes, cols } = p;
  const group = new Int8Array(p.format === '2bit' ? L.bytesPerGroup * 4 : L.bytesPerGroup * 5);
  for (let r = 0; r < p.rows; r++) {
    for (let g = 0; g < L.groupsPerRow; g++) {
      const at = r * L.bytesPerRow + g * L.bytesPerGroup;
      for (let b = 0; b < L.bytesPerGroup; b++) {
        let v = p.data[at + b]!;
        if (p.format === '2bit') {
          for (let i = 0; i < 4; i++) {
            const code = (v >> (2 * i)) & 3;
            if (code === 0b10) throw new PackError(`invalid 2-bit code 0b10 at byte ${at + b}, lane ${b * 4 + i}`);
            group[b * 4 + i] = code === CODE_2BIT.zero ? 0 : code === CODE_2BIT.plus ? 1 : -1;
          }
        } else {
          if (v >= 243) throw new PackError(`invalid base-3 byte ${v} at offset ${at + b} (5 trits need < 243)`);
          for (let i = 0; i < 5; i++) {
            const d = v % 3;
            v = (v - d) / 3;
            group[b * 5 + i] = d === 2 ? -1 : d;
          }
        }
      }
      const c0 = g * lanes;
      const n = Math.min(lanes, cols - c0);
      for (let k = 0; k < group.length; k++) {
        if (k < n) trits[r * cols + c0 + k] = group[k]!;
        else if (group[k] !== 0) throw new PackError(`non-zero padding in row ${r}, group ${g}, lane ${k}`);
      }
    }
  }
  return { rows: p.rows, cols: p.cols, trits, scale: p.scale };
}

/** Bits of image per weight of the matrix (padding included). */
export function bitsPerWeight(p: PackLayout): number {
  return p.rows * p.cols === 0 ? 0 : (8 * p.bytes) / (p.rows * p.cols);
}

// ---- whole-model image -----------------------------------------------------------------------

export interface ImageEntry {
  /** State-dict name of the weight, e.g. `model.layers.3.attn.f_proj.weight`. */
  name: string;
  /** Byte offset of the matrix in the image (a multiple of `align`). */
  offset: number;
  layout: PackLayout;
  scale: number;
}

export interface ModelImage {
  format: PackFormat;
  lanes: number;
  align: number;
  entries: ImageEntry[];
  data: Uint8Array;
}

/** The ternary matrices of a model in image order: per layer i, f, g, o, gate, down; then lm_head. */
export function imageMatrices(model: PreparedModel): { name: string; matrix: TernaryMatrix }[] {
  const list: { name: string; matrix: TernaryMatrix }[] = [];
  model.layers.forEach((l, i) => {
    const p = `model.layers.${i}`;
    list.push(
      { name: `${p}.attn.i_proj.weight`, matrix: l.iProj.weight },
      { name: `${p}.attn.f_proj.weight`, matrix: l.fProj.weight },
      { name: `${p}.attn.g_proj.weight`, matrix: l.gProj.weight },
      { name: `${p}.attn.o_proj.weight`, matrix: l.oProj.weight },
      { name: `${p}.mlp.gate_proj.weight`, matrix: l.gateProj.weight },
      { name: `${p}.mlp.down_proj.weight`, matrix: l.downProj.weight },
    );
  });
  list.push({ name: 'lm_head.weight', matrix: model.lmHead.weight });
  return list;
}

/** Pack every ternary matrix of a model into one image; each matrix starts at a multiple of `align` bytes (zero fill between). */
export function packModel(model: PreparedModel, format: PackFormat, lanes: number, align = 64): ModelImage {
  if (!Number.isInteger(align) || align < 1) throw new RangeError(`align must be a positive integer, got ${align}`);
  const packed = imageMatrices(model).map(({ name, matrix }) => ({ name, p: pack(matrix, format, lanes) }));
  const entries: ImageEntry[] = [];
  let offset = 0;
  for (const { name, p } of packed) {
    offset = Math.ceil(offset / align) * align;
    const { data: _data, scale, ...layout } = p;
    entries.push({ name, offset, layout, scale });
    offset += p.bytes;
  }
  const data = new Uint8Array(Math.ceil(offset / align) * align);
  packed.forEach(({ p }, k) => data.set(p.data, entries[k]!.offset));
  return { format, lanes, align, entries, data };
}
