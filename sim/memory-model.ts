/**
 * The TypeScript handle on the harness's external memory model (docs/SIM.md, "Memory
 * model"): load a byte image, set latency and throttle, read the counters. The model
 * itself runs inside the harness, cycle by cycle, so it costs the bridge nothing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HarnessBridge } from './harness-bridge.ts';
import type { MemoryPorts } from './harness-source.ts';
import { SimUsageError } from './sim-errors.ts';

export interface MemoryStats {
  /** Words handed to the design (rdata_valid && rdata_ready at a rising edge). */
  words: number;
  /** Requests accepted (req_valid && req_ready at a rising edge). */
  bursts: number;
  /** True while a burst is outstanding. */
  busy: boolean;
}

export interface MemoryTiming {
  /** Rising edges from the edge that accepts a request to the edge that can take its first word; ≥ 1. */
  latency: number;
  /** At most one word per `period` cycles (1 = a word every cycle); ≥ 1. */
  period?: number;
}

export class MemoryModel {
  /** Bits per memory word (the width of mem_rdata). */
  readonly wordBits: number;
  private loads = 0;

  constructor(
    private readonly bridge: HarnessBridge,
    private readonly design: string,
    readonly ports: MemoryPorts,
    private readonly tmpDir: string,
  ) {
    this.wordBits = ports.rdata.width;
  }

  /**
   * Loads the image: word i is bytes [i·B, (i+1)·B) little-endian, B = wordBits / 8; a
   * short last word is padded with zeros. Takes the bytes or a file path; resolves with
   * the number of words.
   */
  async load(image: Uint8Array | string): Promise<number> {
    let file: string;
    if (typeof image === 'string') {
      file = path.resolve(image);
      if (!fs.existsSync(file)) throw new SimUsageError(`design '${this.design}': memory image ${file} does not exist`);
    } else {
      file = path.join(this.tmpDir, `mem-${this.loads++}.bin`);
      fs.writeFileSync(file, image);
    }
    if (/\s/.test(file)) throw new SimUsageError(`design '${this.design}': memory image path '${file}' contains whitespace; move or rename the file`);
    const reply = await this.bridge.call(`ml ${file}`, `memory load ${file}`);
    return Number(reply.split(' ')[1]);
  }

  /** Sets the latency and throttle for the requests that follow. */
  async configure(t: MemoryTiming): Promise<void> {
    const period = t.period ?? 1;
    for (const [k, v] of [['latency', t.latency], ['period', period]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new SimUsageError(`design '${this.design}': memory ${k} ${v} must be an integer ≥ 1`);
    }
    await this.bridge.call(`mc ${t.latency} ${period}`, `memory latency ${t.latency} period ${period}`);
  }

  async stats(): Promise<MemoryStats> {
    const [, words, bursts, busy] = (await this.bridge.call('ms', 'memory stats')).split(' ');
    return { words: Number(words), bursts: Number(bursts), busy: busy === '1' };
  }
}
