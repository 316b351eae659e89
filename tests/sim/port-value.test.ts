import { describe, expect, it } from 'vitest';
import type { PortSpec } from '../../hdl-gen/emitted.ts';
import { decodeHex, encodeHex, readWords, writeWords } from '../../sim/port-value.ts';
import { SimUsageError } from '../../sim/sim-errors.ts';

const port = (width: number, signed: boolean): PortSpec => ({ name: 'p', dir: 'input', width, signed });

describe('port values', () => {
  it('encodes two\'s complement patterns masked to the width and decodes them back', () => {
    expect(encodeHex(port(8, true), -1, 'd')).toBe('ff');
    expect(encodeHex(port(8, true), -128, 'd')).toBe('80');
    expect(encodeHex(port(8, false), 255, 'd')).toBe('ff');
    expect(encodeHex(port(65, true), -1n, 'd')).toBe('1' + 'f'.repeat(16));
    expect(decodeHex(port(8, true), 'ff')).toBe(-1);
    expect(decodeHex(port(8, false), 'ff')).toBe(255);
    expect(decodeHex(port(32, true), '80000000')).toBe(-2147483648);
    expect(decodeHex(port(33, true), '100000000')).toBe(-(1n << 32n));
    expect(decodeHex(port(130, false), '3' + 'f'.repeat(32))).toBe((1n << 130n) - 1n);
  });

  it('rejects values outside the port\'s range, naming design and port', () => {
    expect(() => encodeHex(port(8, true), 128, 'top')).toThrow(/design 'top': value 128 does not fit port 'p' \(signed 8 bits, range -128\.\.127\)/);
    expect(() => encodeHex(port(8, false), -1, 'top')).toThrow(SimUsageError);
    expect(() => encodeHex(port(1, false), 2, 'top')).toThrow(SimUsageError);
    expect(() => encodeHex(port(64, false), 2 ** 60 + 0.5, 'top')).toThrow(/not a safe integer/);
    expect(() => encodeHex(port(8, false), 1.5, 'top')).toThrow(SimUsageError);
  });

  it('writes and reads little-endian 32-bit words for every width class', () => {
    const words = new Uint32Array(16);
    const cases: [PortSpec, number | bigint][] = [
      [port(1, true), -1],
      [port(8, true), -100],
      [port(32, false), 0xdeadbeef],
      [port(32, true), -5],
      [port(33, true), -(1n << 32n)],
      [port(64, false), 0x0123456789abcdefn],
      [port(130, true), -(1n << 129n) + 12345n],
    ];
    for (const [p, v] of cases) {
      words.fill(0xffffffff);
      writeWords(p, v, 'd', words, 3);
      expect(readWords(p, words, 3)).toBe(v);
    }
    writeWords(port(130, false), (1n << 128n) | 5n, 'd', words, 0);
    expect(Array.from(words.subarray(0, 5))).toEqual([5, 0, 0, 0, 1]);
    expect(() => writeWords(port(8, true), 200, 'd', words, 0)).toThrow(SimUsageError);
  });
});
