/**
 * Port values between TypeScript and the harness. On the wire a value is the port's raw
 * bit pattern (two's complement for signed ports, masked to the port width) in lower-case
 * hex; in files it is little-endian 32-bit words, ceil(width / 32) per value, as Verilator
 * stores wide ports. In TypeScript, ports of up to 32 bits read as `number`, wider ones as
 * `bigint`; either type is accepted when setting any port.
 */
import type { PortSpec } from '../hdl-gen/emitted.ts';
import { SimUsageError } from './sim-errors.ts';

export type PortValue = number | bigint;

/** Number of 32-bit words one value of this width takes. */
export function wordsOf(width: number): number {
  return Math.ceil(width / 32);
}

/** The raw bit pattern of `value` for `port`, after checking that it fits. */
export function toRawBits(port: PortSpec, value: PortValue, design: string): bigint {
  let v: bigint;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      throw new SimUsageError(`design '${design}': value ${value} for port '${port.name}' is not a safe integer; pass a bigint`);
    }
    v = BigInt(value);
  } else {
    v = value;
  }
  const w = BigInt(port.width);
  const lo = port.signed ? -(1n << (w - 1n)) : 0n;
  const hi = port.signed ? (1n << (w - 1n)) - 1n : (1n << w) - 1n;
  if (v < lo || v > hi) {
    throw new SimUsageError(
      `design '${design}': value ${v} does not fit port '${port.name}' (${port.signed ? 'signed' : 'unsigned'} ${port.width} bits, range ${lo}..${hi})`,
    );
  }
  return v < 0n ? v + (1n << w) : v;
}

/** Wire form (hex) of a value for a port. Fast path for small non-negative numbers. */
export function encodeHex(port: PortSpec, value: PortValue, design: string): string {
  if (typeof value === 'number' && value >= 0 && port.width <= 32 && value < 2 ** (port.signed ? port.width - 1 : port.width) && Number.isInteger(value)) {
    return value.toString(16);
  }
  return toRawBits(port, value, design).toString(16);
}

/** TypeScript value of a raw hex pattern read from a port. */
export function decodeHex(port: PortSpec, hex: string): PortValue {
  if (port.width <= 32) {
    let v = parseInt(hex, 16);
    if (port.signed && v >= 2 ** (port.width - 1)) v -= 2 ** port.width;
    return v;
  }
  let v = BigInt('0x' + hex);
  if (port.signed && v >= 1n << BigInt(port.width - 1)) v -= 1n << BigInt(port.width);
  return v;
}

/** TypeScript value of a raw bit pattern (already masked to the width). */
export function fromRawBits(port: PortSpec, raw: bigint): PortValue {
  let v = raw;
  if (port.signed && v >= 1n << BigInt(port.width - 1)) v -= 1n << BigInt(port.width);
  return port.width <= 32 ? Number(v) : v;
}

/** Writes a value as little-endian 32-bit words into `out` at word offset `at`. */
export function writeWords(port: PortSpec, value: PortValue, design: string, out: Uint32Array, at: number): void {
  if (typeof value === 'number' && port.width <= 32) {
    if (!Number.isInteger(value)) toRawBits(port, value, design);
    const lo = port.signed ? -(2 ** (port.width - 1)) : 0;
    const hi = port.signed ? 2 ** (port.width - 1) - 1 : 2 ** port.width - 1;
    if (value < lo || value > hi) toRawBits(port, value, design); // throws the range error
    // Uint32Array stores ToUint32(x): the two's complement pattern of a negative value.
    out[at] = port.width === 32 ? value : value & (2 ** port.width - 1);
    return;
  }
  let raw = toRawBits(port, value, design);
  const n = wordsOf(port.width);
  for (let i = 0; i < n; i++) {
    out[at + i] = Number(raw & 0xffffffffn);
    raw >>= 32n;
  }
}

/** Reads a value written by the harness (little-endian 32-bit words) at word offset `at`. */
export function readWords(port: PortSpec, words: Uint32Array, at: number): PortValue {
  if (port.width <= 32) {
    let v = words[at]!;
    if (port.width < 32) v &= 2 ** port.width - 1;
    if (port.signed && v >= 2 ** (port.width - 1)) v -= 2 ** port.width;
    return v;
  }
  const n = wordsOf(port.width);
  let raw = 0n;
  for (let i = n - 1; i >= 0; i--) raw = (raw << 32n) | BigInt(words[at + i]!);
  raw &= (1n << BigInt(port.width)) - 1n;
  return fromRawBits(port, raw);
}
