import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  bf16ToFloat32,
  f16ToFloat32,
  float32ToBf16,
  float32ToF16,
  SafetensorsError,
  SafetensorsFile,
  writeSafetensors,
} from '../../host/model/safetensors.ts';
import { Prng } from '../../host/common/prng.ts';

const dir = mkdtempSync(join(tmpdir(), 'tf-st-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('float conversions', () => {
  it('bf16 rounds to nearest even and widens exactly', () => {
    // 1 + 2^-8 and 1 + 3·2^-8 are ties (bf16 ulp at 1 is 2^-7): to the even mantissa.
    const v = new Float32Array([1, -2.5, 1 + 2 ** -8, 1 + 3 * 2 ** -9, 1 + 3 * 2 ** -8, Infinity, -0, NaN]);
    const back = bf16ToFloat32(float32ToBf16(v));
    expect([...back.slice(0, 5)]).toEqual([1, -2.5, 1, 1 + 2 ** -7, 1 + 2 ** -6]);
    expect(back[5]).toBe(Infinity);
    expect(Object.is(back[6], -0)).toBe(true);
    expect(Number.isNaN(back[7])).toBe(true);
  });

  it('f16 round trips every half value and rounds floats to nearest even', () => {
    const all = new Uint16Array(65536).map((_, k) => k);
    const f = f16ToFloat32(all);
    const back = float32ToF16(f);
    for (let k = 0; k < 65536; k++) {
      if (Number.isNaN(f[k])) expect(Number.isNaN(f16ToFloat32(back.subarray(k, k + 1))[0])).toBe(true);
      else expect(back[k]).toBe(k);
    }
    const v = new Float32Array([1 + 2 ** -11, 1 + 3 * 2 ** -11, 65504, 65520, 2 ** -25, 3 * 2 ** -26, 1e-9]);
    expect([...f16ToFloat32(float32ToF16(v))]).toEqual([1, 1 + 2 ** -9, 65504, Infinity, 0, 2 ** -24, 0]);
  });
});

describe('reader and writer', () => {
  const prng = new Prng(3);
  const a = new Float32Array(12).map(() => prng.normal());
  const b = new Float32Array(5).map(() => prng.normal());

  it('round trips F32 exactly and BF16/F16 to their precision', () => {
    for (const dtype of ['F32', 'BF16', 'F16'] as const) {
      const path = join(dir, `rt-${dtype}.safetensors`);
      writeSafetensors(path, [
        { name: 'a', dtype, shape: [3, 4], data: a },
        { name: 'b', dtype, shape: [5], data: b },
      ]);
      const f = SafetensorsFile.open(path);
      expect(f.info('a').shape).toEqual([3, 4]);
      expect(f.info('b').dtype).toBe(dtype);
      expect(f.metadata).toEqual({ format: 'pt' });
      const ra = f.readFloat32('a');
      if (dtype === 'F32') expect(ra).toEqual(a);
      else for (let k = 0; k < a.length; k++) expect(Math.abs(ra[k]! - a[k]!)).toBeLessThan(Math.abs(a[k]!) * 2 ** -7);
      f.close();
    }
  });

  const raw = (header: unknown, dataBytes: number, pad = ''): Buffer => {
    const h = Buffer.from(JSON.stringify(header) + pad);
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(h.length));
    return Buffer.concat([len, h, Buffer.alloc(dataBytes)]);
  };
  const bad = (bytes: Buffer, pattern: RegExp): void => {
    const path = join(dir, 'bad.safetensors');
    writeFileSync(path, bytes);
    expect(() => SafetensorsFile.open(path)).toThrow(SafetensorsError);
    expect(() => SafetensorsFile.open(path)).toThrow(pattern);
  };

  it('rejects malformed files with a message naming the problem', () => {
    bad(Buffer.alloc(4), /only 4 bytes/);
    const huge = Buffer.alloc(16);
    huge.writeBigUInt64LE(1n << 40n);
    bad(huge, /header length .* implausible/);
    const past = Buffer.alloc(16);
    past.writeBigUInt64LE(100n);
    bad(past, /runs past the end/);
    bad(Buffer.concat([Buffer.from([5, 0, 0, 0, 0, 0, 0, 0]), Buffer.from('{"a":')]), /not valid UTF-8 JSON/);
    bad(raw({ t: { dtype: 'Q7', shape: [2], data_offsets: [0, 8] } }, 8), /tensor t has unknown dtype "Q7"/);
    bad(raw({ t: { dtype: 'F32', shape: [2, -1], data_offsets: [0, 8] } }, 8), /tensor t has a malformed shape/);
    bad(raw({ t: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, 8), /span 8 bytes but F32 \[3\] needs 12/);
    bad(raw({ t: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, 4), /ends at byte 8 of a 4-byte data section \(file truncated\)/);
    bad(
      raw({ t: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, u: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, 8),
      /overlaps/,
    );
    bad(raw({ t: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, 8), /gap before tensor t/);
    bad(raw({ t: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, 8), /4 bytes after the last tensor/);
  });

  it('reads non-float tensors only through the header', () => {
    const path = join(dir, 'int.safetensors');
    writeFileSync(path, raw({ t: { dtype: 'I32', shape: [2], data_offsets: [0, 8] } }, 8, '  '));
    const f = SafetensorsFile.open(path);
    expect(f.info('t').dtype).toBe('I32');
    expect(() => f.readFloat32('t')).toThrow(/tensor t has dtype I32; expected BF16, F16 or F32/);
    expect(() => f.readFloat32('nope')).toThrow(/no tensor nope/);
    f.close();
  });
});
