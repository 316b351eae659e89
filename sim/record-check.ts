/**
 * Records checked inside the harness. A design that reports its intermediates on a strobed
 * port set (a debug port: a 1-bit strobe and the ports that carry one record) is compared
 * with the records a golden model expects while it simulates: the expected records go to
 * the harness in one binary block before the batch, the harness compares each strobed
 * record in place, and only the first difference (with the values the ports held) and the
 * record count come back. Layouts in docs/SIM.md ("Record checks").
 */
import type { PortSpec } from '../hdl-gen/emitted.ts';
import { RECORD_BLOCK_MAGIC, RECORD_BLOCK_VERSION } from './harness-source.ts';
import type { PortValue } from './port-value.ts';
import { readWords, wordsOf, writeWords } from './port-value.ts';
import { SimUsageError } from './sim-errors.ts';

const HEADER_WORDS = 5;
/** Flag bit of a record that the ports cannot represent: it never matches. */
const NEVER = 0x8000_0000;
const MIN_I64 = -(1n << 63n);
const MAX_I64 = (1n << 63n) - 1n;
const MAX_U64 = (1n << 64n) - 1n;

/**
 * The expected records of one checked stretch of simulation, in the order the strobe
 * will show them. Each record gives a value per port, or `undefined` where any value is
 * accepted; a value that does not fit its port makes a record that never matches (the
 * design cannot show it), so the check reports it rather than the encoder failing.
 */
export class ExpectedBlock {
  readonly stride: number;
  private buf: ArrayBuffer;
  private words: Uint32Array;
  private view: DataView;
  private count = 0;
  private readonly offsets: number[];
  /** Set by the testbench once the block is in a file the harness can map. */
  file: string | undefined;

  constructor(
    readonly design: string,
    readonly ports: readonly PortSpec[],
    capacity = 1024,
  ) {
    if (ports.length < 1 || ports.length > 31) throw new SimUsageError(`design '${design}': a record check compares 1 to 31 ports, got ${ports.length}`);
    this.offsets = [];
    let s = 0;
    for (const p of ports) {
      this.offsets.push(s);
      s += wordsOf(p.width);
    }
    this.stride = s;
    this.buf = new ArrayBuffer(4 * (HEADER_WORDS + Math.max(1, capacity) * (1 + s)));
    this.words = new Uint32Array(this.buf);
    this.view = new DataView(this.buf);
  }

  get length(): number {
    return this.count;
  }

  /** Appends one expected record: a value (or undefined: any value) per port, in port order. */
  push(values: readonly (PortValue | undefined)[]): void {
    const rec = 1 + this.stride;
    const need = HEADER_WORDS + (this.count + 1) * rec;
    if (need > this.words.length) this.grow(need);
    const at = HEADER_WORDS + this.count * rec;
    let flags = 0;
    for (let k = 0; k < this.ports.length; k++) {
      const v = values[k];
      if (v === undefined) continue;
      flags |= 1 << k;
      if (!this.put(this.ports[k]!, v, at + 1 + this.offsets[k]!)) flags |= NEVER;
    }
    this.words[at] = flags >>> 0;
    this.count++;
  }

  /** The block as the harness reads it: header and records. */
  bytes(): Uint8Array {
    const w = this.words;
    w[0] = RECORD_BLOCK_MAGIC;
    w[1] = RECORD_BLOCK_VERSION;
    w[2] = this.count;
    w[3] = this.ports.length;
    w[4] = this.stride;
    return new Uint8Array(this.buf, 0, 4 * (HEADER_WORDS + this.count * (1 + this.stride)));
  }

  private grow(need: number): void {
    const next = new ArrayBuffer(4 * Math.max(need, 2 * this.words.length));
    new Uint32Array(next).set(this.words);
    this.buf = next;
    this.words = new Uint32Array(next);
    this.view = new DataView(next);
  }

  /** Writes a value's raw bits at word `at`; false when it does not fit the port. */
  private put(port: PortSpec, v: PortValue, at: number): boolean {
    const w = port.width;
    if (typeof v === 'number' && w <= 32 && Number.isInteger(v)) {
      const lo = port.signed ? -(2 ** (w - 1)) : 0;
      const hi = port.signed ? 2 ** (w - 1) - 1 : 2 ** w - 1;
      if (v < lo || v > hi) return false;
      this.words[at] = w === 32 ? v >>> 0 : v & (2 ** w - 1);
      return true;
    }
    if (typeof v === 'bigint' && w === 64) {
      if (port.signed) {
        if (v < MIN_I64 || v > MAX_I64) return false;
        this.view.setBigInt64(4 * at, v, true);
      } else {
        if (v < 0n || v > MAX_U64) return false;
        this.view.setBigUint64(4 * at, v, true);
      }
      return true;
    }
    try {
      writeWords(port, v, this.design, this.words, at);
      return true;
    } catch {
      return false;
    }
  }
}

/** What the harness found, for one batch or summed over the batches of one stretch. */
export interface RecordCheckResult {
  /** Records the strobe showed. */
  seen: number;
  /** The first record that differs from the expected one, if any. */
  first?: {
    /** Its index in the record stream. */
    index: number;
    /** Its cycle within the batch. */
    batchCycle: number;
    /** 'values': the ports differ from the expected record; 'extra': more records than expected. */
    kind: 'values' | 'extra';
    /** What the ports held, in port order. */
    values: PortValue[];
  };
  /** The batch cycle of every record, when asked for. */
  cycles?: Uint32Array;
}

/** Reads the result file the harness wrote for a checked batch. */
export function readCheckResult(design: string, ports: readonly PortSpec[], words: Uint32Array, keepCycles: boolean): RecordCheckResult {
  const stride = ports.reduce((s, p) => s + wordsOf(p.width), 0);
  const head = 6;
  if (words.length < head + stride) throw new SimUsageError(`design '${design}': record check result holds ${words.length} words, fewer than its header`);
  const seen = words[0]! + words[1]! * 2 ** 32;
  const badLo = words[2]!;
  const badHi = words[3]!;
  const out: RecordCheckResult = { seen };
  if (!(badLo === 0xffff_ffff && badHi === 0xffff_ffff)) {
    const values: PortValue[] = [];
    let at = head;
    for (const p of ports) {
      values.push(readWords(p, words, at));
      at += wordsOf(p.width);
    }
    out.first = { index: badLo + badHi * 2 ** 32, batchCycle: words[4]!, kind: words[5] === 2 ? 'extra' : 'values', values };
  }
  if (keepCycles) {
    const cycles = words.subarray(head + stride);
    if (cycles.length !== seen) throw new SimUsageError(`design '${design}': record check result holds ${cycles.length} record cycles for ${seen} records`);
    out.cycles = cycles;
  }
  return out;
}
