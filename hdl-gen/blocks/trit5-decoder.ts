/**
 * Decoder of the base-3 weight format (docs/MEMORY-IMAGE.md): one byte = five trits, digit i
 * (weight 3^i) of the byte is lane i; digit 0 → 0, 1 → +1, 2 → −1. Output: five 2-bit codes in
 * the ternary accumulator's encoding (00 zero, 01 plus, 11 minus), lane 0 in the low bits.
 * A byte 243 … 255 (never written by the packer) decodes as five zeros.
 */
import { ModuleBuilder } from '../core/module-builder.ts';
import { uint } from '../core/shape.ts';

const CODE = [0b00, 0b01, 0b11];

/** The 10-bit code word of a byte value 0 … 242. */
export function trit5Codes(byte: number): number {
  let v = byte;
  let out = 0;
  for (let i = 0; i < 5; i++) {
    out |= CODE[v % 3]! << (2 * i);
    v = Math.floor(v / 3);
  }
  return out;
}

export function trit5Decoder(): ModuleBuilder {
  const m = new ModuleBuilder('trit5_decoder');
  const data = m.input('data', uint(8));
  const arms: [number, number][] = [];
  for (let b = 1; b < 243; b++) arms.push([b, trit5Codes(b)]);
  m.output('codes', data.select(arms, m.const(uint(10), 0)));
  return m;
}
