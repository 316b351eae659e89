/**
 * Batch mode's data: the per-cycle input values a batch drives (Stimulus) and the output
 * values it samples (BatchResult). Both are flat little-endian 32-bit word arrays, the
 * layout of the files the harness reads and writes: one record per cycle (per sampled
 * cycle for results), the ports in the order given, ceil(width / 32) words each.
 */
import type { PortSpec } from '../hdl-gen/emitted.ts';
import { SimUsageError } from './sim-errors.ts';
import type { RecordCheckResult } from './record-check.ts';
import type { PortValue } from './port-value.ts';
import { readWords, wordsOf, writeWords } from './port-value.ts';

function layout(design: string, all: readonly PortSpec[], names: readonly string[], dir: 'input' | 'output') {
  const ports: PortSpec[] = [];
  const offset = new Map<string, { off: number; port: PortSpec }>();
  let stride = 0;
  for (const n of names) {
    const p = all.find((q) => q.name === n);
    if (!p) throw new SimUsageError(`design '${design}': no port named '${n}'; ports are ${all.map((q) => q.name).join(', ')}`);
    if (dir === 'input' && p.dir !== 'input') throw new SimUsageError(`design '${design}': port '${n}' is an output and cannot be driven`);
    if (offset.has(n)) throw new SimUsageError(`design '${design}': port '${n}' is listed twice`);
    ports.push(p);
    offset.set(n, { off: stride, port: p });
    stride += wordsOf(p.width);
  }
  return { ports, offset, stride };
}

/** Input values for every cycle of a batch. Entries never set drive 0. */
export class Stimulus {
  readonly ports: readonly PortSpec[];
  readonly stride: number;
  readonly words: Uint32Array;
  private readonly offset: Map<string, { off: number; port: PortSpec }>;

  constructor(
    readonly design: string,
    allPorts: readonly PortSpec[],
    names: readonly string[],
    readonly cycles: number,
  ) {
    if (!Number.isInteger(cycles) || cycles < 0) throw new SimUsageError(`design '${design}': batch cycle count ${cycles} is not a non-negative integer`);
    const l = layout(design, allPorts, names, 'input');
    this.ports = l.ports;
    this.offset = l.offset;
    this.stride = l.stride;
    this.words = new Uint32Array(cycles * l.stride);
  }

  /** Drives `port` with `value` in `cycle` (0-based within the batch). */
  set(cycle: number, port: string, value: PortValue): this {
    const slot = this.offset.get(port);
    if (slot === undefined) throw new SimUsageError(`design '${this.design}': port '${port}' is not one of this stimulus's ports (${[...this.offset.keys()].join(', ')})`);
    if (!(cycle >= 0 && cycle < this.cycles)) throw new SimUsageError(`design '${this.design}': cycle ${cycle} is outside the batch (0..${this.cycles - 1})`);
    writeWords(slot.port, value, this.design, this.words, cycle * this.stride + slot.off);
    return this;
  }

  /** The value driven on `port` in `cycle`. */
  get(cycle: number, port: string): PortValue {
    const slot = this.offset.get(port);
    if (slot === undefined) throw new SimUsageError(`design '${this.design}': port '${port}' is not one of this stimulus's ports`);
    return readWords(slot.port, this.words, cycle * this.stride + slot.off);
  }
}

/** The outputs sampled by a batch. */
export class BatchResult {
  readonly stride: number;
  /** The harness's record check, for a batch run with `check`. */
  check: RecordCheckResult | undefined;
  /**
   * Words the memory model has served since it was loaded, when the batch ended (0 for a
   * design without the memory ports): read with the batch, so no round trip is needed.
   */
  memWords = 0;
  /** A batch run with `when` whose condition did not hold: nothing ran. */
  skipped = false;
  private readonly offset: Map<string, { off: number; port: PortSpec }>;

  constructor(
    readonly design: string,
    allPorts: readonly PortSpec[],
    names: readonly string[],
    /** The batch's sampled cycles (0-based within the batch), in order. */
    readonly sampledCycles: readonly number[],
    readonly words: Uint32Array,
    /** The testbench's cycle count when the batch finished. */
    readonly endCycle: number,
    /** Nanoseconds the harness spent in the batch's cycle loop (file transfers excluded). */
    readonly loopNs: number,
    /** Cycles the batch ran: the stimulus's length, or fewer when `stopWhen` ended it. */
    readonly cycles: number,
    /** Whether `stopWhen` ended the batch (at its last cycle, `cycles - 1`). */
    readonly stopped: boolean,
  ) {
    const l = layout(design, allPorts, names, 'output');
    this.offset = l.offset;
    this.stride = l.stride;
    if (words.length !== sampledCycles.length * l.stride) {
      throw new SimUsageError(`design '${design}': batch result holds ${words.length} words, expected ${sampledCycles.length * l.stride}`);
    }
  }

  get samples(): number {
    return this.sampledCycles.length;
  }

  /** The value of `port` at the i-th sample. */
  get(port: string, i: number): PortValue {
    const slot = this.offset.get(port);
    if (!slot) throw new SimUsageError(`design '${this.design}': port '${port}' was not sampled by this batch`);
    if (!(i >= 0 && i < this.samples)) throw new SimUsageError(`design '${this.design}': sample ${i} is outside 0..${this.samples - 1}`);
    return readWords(slot.port, this.words, i * this.stride + slot.off);
  }

  /**
   * Every sample of `port`, in order: the same values as `get(port, i)`, decoded in one pass
   * (numbers for ports up to 32 bits, bigints up to 64 bits without per-value bigint arithmetic).
   */
  column(port: string): PortValue[] {
    const slot = this.offset.get(port);
    if (!slot) throw new SimUsageError(`design '${this.design}': port '${port}' was not sampled by this batch`);
    const { off, port: spec } = slot;
    const { words, stride, samples } = this;
    const out: PortValue[] = new Array<PortValue>(samples);
    const w = spec.width;
    if (samples === 0) return out;
    if (w <= 32) {
      const mask = w === 32 ? 0 : 2 ** w - 1;
      const half = 2 ** (w - 1);
      for (let i = 0, at = off; i < samples; i++, at += stride) {
        const v = mask === 0 ? words[at]! : words[at]! & mask;
        out[i] = spec.signed && v >= half ? v - 2 ** w : v;
      }
    } else if (w <= 64 && stride % 2 === 0 && (words.byteOffset + 4 * off) % 8 === 0) {
      // Every sample's slot is an aligned 64-bit word: read them as such.
      const step = stride / 2;
      const length = (samples - 1) * step + 1;
      const at = words.byteOffset + 4 * off;
      if (spec.signed && w === 64) {
        const wide = new BigInt64Array(words.buffer, at, length);
        for (let i = 0; i < samples; i++) out[i] = wide[i * step]!;
      } else {
        const wide = new BigUint64Array(words.buffer, at, length);
        for (let i = 0; i < samples; i++) out[i] = spec.signed ? BigInt.asIntN(w, wide[i * step]!) : wide[i * step]!;
      }
    } else {
      for (let i = 0; i < samples; i++) out[i] = readWords(spec, words, i * stride + off);
    }
    return out;
  }
}
