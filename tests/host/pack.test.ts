import { describe, expect, it } from 'vitest';
import { modelConfigForShape } from '../../host/model/config.ts';
import type { TernaryMatrix } from '../../host/model/model.ts';
import { bitsPerWeight, imageMatrices, pack, PACK_FORMATS, PackError, packLayout, packModel, unpack } from '../../host/image/pack.ts';
import { Prng } from '../../host/common/prng.ts';
import { randomPreparedModel } from '../../host/fixtures/random-model.ts';

function randomTernary(prng: Prng, rows: number, cols: number): TernaryMatrix {
  const trits = new Int8Array(rows * cols).map(() => prng.int(-1, 1));
  return { rows, cols, trits, scale: 0.25 };
}

describe('2-bit format', () => {
  it('codes 0 → 00, +1 → 01, −1 → 11, lane k in bits 2k+1:2k', () => {
    const m: TernaryMatrix = { rows: 1, cols: 6, trits: new Int8Array([1, -1, 0, 1, -1, -1]), scale: 1 };
    const p = pack(m, '2bit', 8);
    // lanes 0..3: 01, 11, 00, 01 → 0b01_00_11_01 = 0x4d; lanes 4,5: 11, 11, padding 00 00 → 0x0f
    expect([...p.data]).toEqual([0x4d, 0x0f]);
    expect(p.bytesPerGroup).toBe(2);
  });

  it('rejects the unused code 0b10', () => {
    const p = pack({ rows: 1, cols: 4, trits: new Int8Array(4), scale: 1 }, '2bit', 4);
    p.data[0] = 0b10;
    expect(() => unpack(p)).toThrow(PackError);
    expect(() => unpack(p)).toThrow(/invalid 2-bit code 0b10 at byte 0, lane 0/);
  });
});

describe('base-3 format', () => {
  it('puts lane 5j+i in digit i of byte j with digit = trit mod 3', () => {
    const m: TernaryMatrix = { rows: 1, cols: 7, trits: new Int8Array([1, -1, 0, 0, -1, -1, 1]), scale: 1 };
    const p = pack(m, 'base3', 10);
    // byte 0: 1 + 3·2 + 81·2 = 169; byte 1: 2 + 3·1 = 5
    expect([...p.data]).toEqual([169, 5]);
    const all = pack({ rows: 1, cols: 5, trits: new Int8Array(5).fill(-1), scale: 1 }, 'base3', 5);
    expect(all.data[0]).toBe(242);
  });

  it('costs 1.6 bits per weight when lanes and cols are multiples of 5', () => {
    expect(bitsPerWeight(packLayout('base3', 20, 8, 100))).toBe(1.6);
    expect(bitsPerWeight(packLayout('2bit', 16, 8, 64))).toBe(2);
  });

  it('rejects bytes ≥ 243', () => {
    const p = pack({ rows: 2, cols: 5, trits: new Int8Array(10), scale: 1 }, 'base3', 5);
    p.data[1] = 243;
    expect(() => unpack(p)).toThrow(/invalid base-3 byte 243 at offset 1/);
  });
});

describe('pack/unpack round trips', () => {
  it('is the exact inverse for random matrices of edge sizes, every format and lane count', () => {
    const prng = new Prng(21);
    for (const format of PACK_FORMATS) {
      for (const lanes of [1, 2, 3, 4, 5, 6, 7, 8, 10, 16, 20, 33, 64]) {
        for (const [rows, cols] of [[0, 0], [1, 1], [3, 4], [2, 5], [4, 6], [5, 63], [3, 64], [2, 65], [7, 130]] as const) {
          const m = randomTernary(prng, rows, cols);
          const p = pack(m, format, lanes);
          const L = packLayout(format, lanes, rows, cols);
          expect(p.data.length).toBe(L.bytes);
          expect(L.groupsPerRow).toBe(Math.ceil(cols / lanes));
          expect(unpack(p)).toEqual(m);
        }
      }
    }
  });

  it('pads with zero bytes and detects non-zero padding', () => {
    const m: TernaryMatrix = { rows: 2, cols: 3, trits: new Int8Array([1, 1, 1, -1, -1, -1]), scale: 1 };
    for (const format of PACK_FORMATS) {
      const p = pack(m, format, 8);
      expect(p.bytesPerRow).toBe(2); // one group of 8 lanes: 2 bytes in both formats
      expect(p.data[1]).toBe(0); // lanes 4..7 (2bit) / 5..7 (base3) of row 0 are padding
      const bad = { ...p, data: p.data.slice() };
      bad.data[1] = 1;
      expect(() => unpack(bad)).toThrow(/non-zero padding in row 0, group 0/);
      const lastPadInByte0 = { ...p, data: p.data.slice() };
      lastPadInByte0.data[0]! += format === '2bit' ? 0b01 << 6 : 27; // lane 3: padding (cols 3)
      expect(() => unpack(lastPadInByte0)).toThrow(/non-zero padding in row 0, group 0, lane 3/);
    }
  });

  it('rejects a non-trit weight and a bad lane count', () => {
    const m: TernaryMatrix = { rows: 1, cols: 2, trits: new Int8Array([2, 0]), scale: 1 };
    expect(() => pack(m, '2bit', 2)).toThrow(/weight \[0, 0\] is 2, not a trit/);
    expect(() => pack(m, 'base3', 0)).toThrow(/lanes must be a positive integer/);
  });
});

describe('model image', () => {
  const config = modelConfigForShape({ vocabSize: 50, hiddenSize: 16, numLayers: 2, intermediateSize: 24 });
  const model = randomPreparedModel(config, 8);

  it('places every matrix at an aligned offset and each unpacks to the model matrix', () => {
    for (const format of PACK_FORMATS) {
      const img = packModel(model, format, 10, 32);
      const mats = imageMatrices(model);
      expect(img.entries.map((e) => e.name)).toEqual(mats.map((m) => m.name));
      expect(img.entries).toHaveLength(2 * 6 + 1);
      expect(img.data.length % 32).toBe(0);
      let end = 0;
      img.entries.forEach((e, k) => {
        expect(e.offset % 32).toBe(0);
        expect(e.offset).toBeGreaterThanOrEqual(end);
        end = e.offset + e.layout.bytes;
        const slice = img.data.subarray(e.offset, e.offset + e.layout.bytes);
        expect(unpack({ ...e.layout, data: slice, scale: e.scale })).toEqual(mats[k]!.matrix);
      });
    }
  });
});
