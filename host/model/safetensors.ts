/**
 * A strict reader and a streaming writer for the safetensors format
 * (https://github.com/huggingface/safetensors): an 8-byte little-endian header length N, N bytes
 * of JSON header `{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {...}}`,
 * then the tensor bytes, offsets relative to the end of the header.
 *
 * The reader checks everything before trusting it (header length, JSON, dtype, shape, byte
 * size against shape, offsets inside the file, no overlap or gap) and reads one tensor at a
 * time with fs.readSync into a buffer of that tensor's size, so a large checkpoint is never
 * held in memory twice. Values come back as fp32 (bf16 and f16 are widened exactly).
 */
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { endianness } from 'node:os';

/** A safetensors file that cannot be read; the message names the file (and tensor) and the problem. */
export class SafetensorsError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly tensor?: string,
  ) {
    super(message);
    this.name = 'SafetensorsError';
  }
}

/** The float dtypes ternforge reads and writes. */
export type FloatDtype = 'BF16' | 'F16' | 'F32';
const DTYPE_BYTES: Record<FloatDtype, number> = { BF16: 2, F16: 2, F32: 4 };
export function dtypeBytes(dtype: FloatDtype): number {
  return DTYPE_BYTES[dtype];
}
function isFloatDtype(s: unknown): s is FloatDtype {
  return s === 'BF16' || s === 'F16' || s === 'F32';
}

export interface TensorInfo {
  name: string;
  /** The dtype string as written in the header (only BF16/F16/F32 can be read as floats). */
  dtype: string;
  shape: number[];
  /** Absolute byte range in the file. */
  begin: number;
  end: number;
}

/** Safety bound on the JSON header (the reference implementation uses 100 MB too). */
const MAX_HEADER_BYTES = 100_000_000;
const KNOWN_DTYPES = new Set(['BOOL', 'U8', 'I8', 'F8_E5M2', 'F8_E4M3', 'I16', 'U16', 'F16', 'BF16', 'I32', 'U32', 'F32', 'F64', 'I64', 'U64']);
const KNOWN_DTYPE_BYTES: Record<string, number> = {
  BOOL: 1, U8: 1, I8: 1, F8_E5M2: 1, F8_E4M3: 1, I16: 2, U16: 2, F16: 2, BF16: 2,
  I32: 4, U32: 4, F32: 4, F64: 8, I64: 8, U64: 8,
};

function assertLittleEndianHost(): void {
  if (endianness() !== 'LE') throw new Error('safetensors: a little-endian host is required');
}

/** An open safetensors file: the validated header, tensors read on demand. */
export class SafetensorsFile {
  readonly tensors: ReadonlyMap<string, TensorInfo>;
  readonly metadata: Readonly<Record<string, string>>;
  private fd: number | null;

  private constructor(
    readonly path: string,
    fd: number,
    tensors: Map<string, TensorInfo>,
    metadata: Record<string, string>,
  ) {
    this.fd = fd;
    this.tensors = tensors;
    this.metadata = metadata;
  }

  static open(path: string): SafetensorsFile {
    assertLittleEndianHost();
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (e) {
      throw new SafetensorsError(`${path}: cannot open (${(e as NodeJS.ErrnoException).code ?? String(e)})`, path);
    }
    try {
      const { tensors, metadata } = readHeader(path, fd);
      return new SafetensorsFile(path, fd, tensors, metadata);
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  }

  info(name: string): TensorInfo {
    const t = this.tensors.get(name);
    if (t === undefined) throw new SafetensorsError(`${this.path}: no tensor ${name}`, this.path, name);
    return t;
  }

  /** Read one tensor as fp32 values (row-major), widening BF16/F16 exactly. */
  readFloat32(name: string): Float32Array {
    const t = this.info(name);
    if (!isFloatDtype(t.dtype)) {
      throw new SafetensorsError(
        `${this.path}: tensor ${name} has dtype ${t.dtype}; expected BF16, F16 or F32`,
        this.path,
        name,
      );
    }
    const count = (t.end - t.begin) / DTYPE_BYTES[t.dtype];
    if (t.dtype === 'F32') {
      const out = new Float32Array(count);
      this.readInto(t, new Uint8Array(out.buffer));
      return out;
    }
    const half = new Uint16Array(count);
    this.readInto(t, new Uint8Array(half.buffer));
    return t.dtype === 'BF16' ? bf16ToFloat32(half) : f16ToFloat32(half);
  }

  private readInto(t: TensorInfo, dest: Uint8Array): void {
    if (this.fd === null) throw new SafetensorsError(`${this.path}: file already closed`, this.path, t.name);
    const chunk = 1 << 30;
    let done = 0;
    while (done < dest.length) {
      const want = Math.min(chunk, dest.length - done);
      const n = readSync(this.fd, dest, done, want, t.begin + done);
      if (n <= 0) {
        throw new SafetensorsError(`${this.path}: tensor ${t.name} is cut short (file truncated?)`, this.path, t.name);
      }
      done += n;
    }
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

function readHeader(path: string, fd: number): { tensors: Map<string, TensorInfo>; metadata: Record<string, string> } {
  const fail = (msg: string, tensor?: string): never => {
    throw new SafetensorsError(`${path}: ${msg}`, path, tensor);
  };
  const fileSize = fstatSync(fd).size;
  if (fileSize < 8) fail(`only ${fileSize} bytes; not a safetensors file (truncated?)`);
  const lenBuf = Buffer.alloc(8);
  readSync(fd, lenBuf, 0, 8, 0);
  const headerLen = lenBuf.readBigUInt64LE(0);
  if (headerLen > BigInt(MAX_HEADER_BYTES)) fail(`header length ${headerLen} is implausible; not a safetensors file or corrupt`);
  const n = Number(headerLen);
  if (8 + n > fileSize) fail(`header length ${n} runs past the end of the ${fileSize}-byte file (truncated or corrupt)`);
  const headerBuf = Buffer.alloc(n);
  if (n > 0 && readSync(fd, headerBuf, 0, n, 8) !== n) fail('could not read the header');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(headerBuf));
  } catch (e) {
    fail(`header is not valid UTF-8 JSON (${(e as Error).message}); the file is corrupt`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail('header is not a JSON object');
  const dataStart = 8 + n;
  const dataSize = fileSize - dataStart;
  const tensors = new Map<string, TensorInfo>();
  let metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(json as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('__metadata__ is not an object');
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (typeof v !== 'string') fail(`__metadata__.${k} is not a string`);
      }
      metadata = value as Record<string, string>;
      continue;
    }
    if (typeof value !== 'object' || value === null) fail(`entry for tensor ${name} is not an object`, name);
    const entry = value as Record<string, unknown>;
    const dtype = entry['dtype'];
    if (typeof dtype !== 'string' || !KNOWN_DTYPES.has(dtype)) fail(`tensor ${name} has unknown dtype ${JSON.stringify(dtype)}`, name);
    const shape = entry['shape'];
    if (!Array.isArray(shape) || !shape.every((s) => Number.isSafeInteger(s) && (s as number) >= 0)) {
      fail(`tensor ${name} has a malformed shape ${JSON.stringify(shape)}`, name);
    }
    const offsets = entry['data_offsets'];
    if (
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every((o) => Number.isSafeInteger(o) && (o as number) >= 0) ||
      (offsets[0] as number) > (offsets[1] as number)
    ) {
      fail(`tensor ${name} has malformed data_offsets ${JSON.stringify(offsets)}`, name);
    }
    const [b, e] = offsets as [number, number];
    let count = 1;
    for (const s of shape as number[]) count *= s;
    const bytes = count * KNOWN_DTYPE_BYTES[dtype as string]!;
    if (e - b !== bytes) {
      fail(`tensor ${name}: data_offsets span ${e - b} bytes but ${dtype} [${(shape as number[]).join(', ')}] needs ${bytes}`, name);
    }
    if (e > dataSize) {
      fail(`tensor ${name} ends at byte ${e} of a ${dataSize}-byte data section (file truncated)`, name);
    }
    tensors.set(name, { name, dtype: dtype as string, shape: shape as number[], begin: dataStart + b, end: dataStart + e });
  }
  // The tensors must tile the data section: no overlap, no gap.
  const sorted = [...tensors.values()].sort((x, y) => x.begin - y.begin || x.end - y.end);
  let cursor = dataStart;
  for (const t of sorted) {
    if (t.begin !== cursor) {
      fail(t.begin < cursor ? `tensor ${t.name} overlaps the tensor before it` : `gap before tensor ${t.name} in the data section`, t.name);
    }
    cursor = t.end;
  }
  if (cursor !== fileSize) fail(`${fileSize - cursor} bytes after the last tensor; the file is corrupt`);
  return { tensors, metadata };
}

// ---- float conversions -------------------------------------------------------------------

/** bf16 bit patterns → fp32 (exact: bf16 is the top half of an fp32). */
export function bf16ToFloat32(src: Uint16Array): Float32Array {
  const out = new Float32Array(src.length);
  const bits = new Uint32Array(out.buffer);
  for (let k = 0; k < src.length; k++) bits[k] = src[k]! << 16;
  return out;
}

/** fp32 → bf16 bit patterns, round to nearest even (NaN stays NaN). */
export function float32ToBf16(src: Float32Array): Uint16Array {
  const bits = new Uint32Array(src.buffer, src.byteOffset, src.length);
  const out = new Uint16Array(src.length);
  for (let k = 0; k < src.length; k++) {
    const b = bits[k]!;
    if ((b & 0x7f800000) === 0x7f800000 && (b & 0x007fffff) !== 0) {
      out[k] = (b >>> 16) | 0x0040;
    } else {
      out[k] = (b + 0x7fff + ((b >>> 16) & 1)) >>> 16;
    }
  }
  return out;
}

/** IEEE half bit patterns → fp32 (exact). */
export function f16ToFloat32(src: Uint16Array): Float32Array {
  const out = new Float32Array(src.length);
  for (let k = 0; k < src.length; k++) {
    const h = src[k]!;
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >>> 10) & 0x1f;
    const man = h & 0x3ff;
    if (exp === 0) out[k] = sign * man * 2 ** -24;
    else if (exp === 31) out[k] = man === 0 ? sign * Infinity : NaN;
    else out[k] = sign * (1 + man / 1024) * 2 ** (exp - 15);
  }
  return out;
}

/** fp32 → IEEE half bit patterns, round to nearest even, overflow to ±Inf, NaN stays NaN. */
export function float32ToF16(src: Float32Array): Uint16Array {
  const bits = new Uint32Array(src.buffer, src.byteOffset, src.length);
  const out = new Uint16Array(src.length);
  for (let k = 0; k < src.length; k++) {
    const b = bits[k]!;
    const sign = (b >>> 16) & 0x8000;
    const exp = (b >>> 23) & 0xff;
    const man = b & 0x7fffff;
    if (exp === 0xff) {
      out[k] = sign | 0x7c00 | (man !== 0 ? 0x200 : 0);
      continue;
    }
    const e = exp - 127 + 15;
    if (e >= 31) {
      out[k] = sign | 0x7c00;
    } else if (e <= 0) {
      if (e < -10) {
        out[k] = sign;
        continue;
      }
      // Subnormal half: shift the full significand down, round to nearest even.
      const m = man | 0x800000;
      const shift = 14 - e;
      let half = m >>> shift;
      const rem = m & ((1 << shift) - 1);
      const halfway = 1 << (shift - 1);
      if (rem > halfway || (rem === halfway && (half & 1) === 1)) half++;
      out[k] = sign | half;
    } else {
      let half = (e << 10) | (man >>> 13);
      const rem = man & 0x1fff;
      if (rem > 0x1000 || (rem === 0x1000 && (half & 1) === 1)) half++; // a carry may reach Inf: correct
      out[k] = sign | half;
    }
  }
  return out;
}

// ---- writer ------------------------------------------------------------------------------

export interface TensorDecl {
  name: string;
  /** A float dtype for `write`; any safetensors dtype for `writeRaw`. */
  dtype: FloatDtype | string;
  shape: number[];
}

/**
 * Writes a safetensors file in a stream: the header is written from the declarations up front,
 * then each tensor's values in declaration order with `write`. `close` checks that every
 * declared tensor was written.
 */
export class SafetensorsWriter {
  private fd: number | null;
  private next = 0;
  private readonly counts: number[];

  constructor(
    readonly path: string,
    readonly decls: readonly TensorDecl[],
    metadata: Record<string, string> = { format: 'pt' },
  ) {
    assertLittleEndianHost();
    const header: Record<string, unknown> = { __metadata__: metadata };
    let offset = 0;
    this.counts = [];
    for (const d of decls) {
      if (d.name in header) throw new Error(`safetensors writer: tensor ${d.name} declared twice`);
      const size = KNOWN_DTYPE_BYTES[d.dtype];
      if (size === undefined) throw new Error(`safetensors writer: unknown dtype ${d.dtype} for ${d.name}`);
      const count = d.shape.reduce((a, b) => a * b, 1);
      const bytes = count * size;
      header[d.name] = { dtype: d.dtype, shape: d.shape, data_offsets: [offset, offset + bytes] };
      this.counts.push(count);
      offset += bytes;
    }
    let text = JSON.stringify(header);
    // Pad with spaces so the data section starts 8-byte aligned, as the reference writer does.
    text += ' '.repeat((8 - ((Buffer.byteLength(text) + 8) % 8)) % 8);
    const headerBytes = Buffer.from(text, 'utf8');
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(headerBytes.length));
    this.fd = openSync(path, 'w');
    writeAll(this.fd, len);
    writeAll(this.fd, headerBytes);
  }

  /** Write the next declared tensor's values (converted to its float dtype). */
  write(name: string, data: Float32Array): void {
    const d = this.expect(name);
    if (!isFloatDtype(d.dtype)) throw new Error(`safetensors writer: ${name} is ${d.dtype}; use writeRaw`);
    if (data.length !== this.counts[this.next]) {
      throw new Error(`safetensors writer: ${name} has ${data.length} values, declared ${this.counts[this.next]}`);
    }
    const encoded = d.dtype === 'F32' ? data : d.dtype === 'BF16' ? float32ToBf16(data) : float32ToF16(data);
    writeAll(this.fd!, new Uint8Array(encoded.buffer, encoded.byteOffset, encoded.byteLength));
    this.next++;
  }

  /** Write the next declared tensor as raw little-endian bytes of its dtype. */
  writeRaw(name: string, bytes: Uint8Array): void {
    const d = this.expect(name);
    const want = this.counts[this.next]! * KNOWN_DTYPE_BYTES[d.dtype]!;
    if (bytes.length !== want) throw new Error(`safetensors writer: ${name} has ${bytes.length} bytes, declared ${want}`);
    writeAll(this.fd!, bytes);
    this.next++;
  }

  private expect(name: string): TensorDecl {
    if (this.fd === null) throw new Error('safetensors writer: already closed');
    const d = this.decls[this.next];
    if (d === undefined || d.name !== name) {
      throw new Error(`safetensors writer: expected ${d?.name ?? 'no more tensors'}, got ${name}`);
    }
    return d;
  }

  close(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    closeSync(fd);
    if (this.next !== this.decls.length) {
      throw new Error(`safetensors writer: ${this.decls.length - this.next} declared tensors were never written to ${this.path}`);
    }
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, Math.min(bytes.length - done, 1 << 30));
}

/** Write a whole file at once. */
export function writeSafetensors(
  path: string,
  tensors: readonly (TensorDecl & { data: Float32Array })[],
  metadata?: Record<string, string>,
): void {
  const w = new SafetensorsWriter(path, tensors, metadata);
  for (const t of tensors) w.write(t.name, t.data);
  w.close();
}
