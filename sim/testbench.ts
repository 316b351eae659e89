/**
 * The async testbench: a Verilated design driven from TypeScript in the manner of
 * cocotb.
 *
 *   const tb = await Testbench.start(design);
 *   await tb.reset();
 *   tb.dut.set('en', 1);
 *   await tb.tick(10);
 *   expect(await tb.dut.get('count')).toBe(10);
 *   await tb.close();
 *
 * `set` is fire-and-forget (pipelined; an error surfaces at the next awaited call);
 * everything that returns a value is awaited. One tick is one full clock cycle: inputs
 * set before it are seen by its rising edge, and values read after it show the
 * registers that edge updated.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EmittedDesign, PortSpec } from '../hdl-gen/emitted.ts';
import { HarnessBridge } from './harness-bridge.ts';
import { memoryPortsOf } from './harness-source.ts';
import { MemoryModel } from './memory-model.ts';
import type { PortValue } from './port-value.ts';
import { decodeHex, encodeHex, wordsOf } from './port-value.ts';
import { BatchResult, Stimulus } from './batch-stimulus.ts';
import { readCheckResult, type ExpectedBlock } from './record-check.ts';
import { SimCycleLimitError, SimUsageError } from './sim-errors.ts';
import type { BuildOptions, BuiltModel } from './verilator-build.ts';
import { buildDesign } from './verilator-build.ts';

export interface TestbenchOptions extends BuildOptions {
  /** Wall-clock limit per command in ms (default 60 000); a command past it kills the harness. */
  timeoutMs?: number;
  /** Start tracing to this VCD file at once. */
  traceFile?: string;
  /** Receives what the design prints ($display) and Verilator's messages (default: dropped). */
  onOutput?: (text: string) => void;
  /**
   * Verilator plusargs for the simulation, e.g. ['+verilator+rand+reset+2', '+verilator+seed+7']
   * with a build of `xInitial: 'unique'` to start from random initial state.
   */
  plusargs?: readonly string[];
}

export interface BatchOptions {
  /** Output ports to sample. */
  outputs: readonly string[];
  /** Cycles (0-based within the batch, ascending) after which to sample; default every cycle. */
  sampleAt?: readonly number[];
  /**
   * Strobes: 1-bit ports; a cycle is sampled when any of them is 1 after its tick (decided
   * in the harness, so unsampled cycles cost nothing here). Excludes `sampleAt`.
   */
  sampleWhen?: readonly string[];
  /**
   * Ends the batch right after the first cycle at which `port` holds `value` (checked after
   * each tick); `BatchResult.cycles` then tells how many cycles ran.
   */
  stopWhen?: { port: string; value: PortValue };
  /** Wall-clock limit for the whole batch in ms (default: the testbench's). */
  timeoutMs?: number;
  /**
   * Compares, inside the harness, the record on `block.ports` at every cycle where `strobe`
   * is 1 with the next expected record of `block`, starting at record `first`; the result
   * is `BatchResult.check`. `keepCycles` also returns the cycle of every record.
   */
  check?: { strobe: string; block: ExpectedBlock; first?: number; keepCycles?: boolean };
  /**
   * Runs the batch only if every listed output holds its value when the harness reaches the
   * batch (as the commands before it left the outputs; inputs set since are not evaluated).
   * Lets a batch be queued behind the one whose result it depends on: when the condition
   * fails, nothing runs and the result has `skipped` set.
   */
  when?: readonly { port: string; value: PortValue }[];
}

interface PortEntry {
  index: number;
  spec: PortSpec;
}

function checkPath(design: string, p: string, what: string): string {
  const abs = path.resolve(p);
  if (/\s/.test(abs)) throw new SimUsageError(`design '${design}': ${what} path '${abs}' contains whitespace; choose another path`);
  return abs;
}

/** The design's ports: set inputs, read any port. */
export class Dut {
  constructor(
    private readonly tb: Testbench,
    private readonly bridge: HarnessBridge,
    private readonly ports: Map<string, PortEntry>,
  ) {}

  /** The port's declaration; throws for an unknown name. */
  port(name: string): PortSpec {
    return this.entry(name).spec;
  }

  /** Drives an input from now on (pipelined: does not wait for the harness). */
  set(name: string, value: PortValue): void {
    const e = this.entry(name);
    if (e.spec.dir !== 'input') throw new SimUsageError(`design '${this.tb.name}': port '${name}' is an output and cannot be set`);
    this.bridge.post(`s ${e.index} ${encodeHex(e.spec, value, this.tb.name)}`, `set ${name} ${value}`);
  }

  /** Current value of a port: number up to 32 bits, bigint beyond; signed ports read signed. */
  async get(name: string): Promise<PortValue> {
    const e = this.entry(name);
    const reply = await this.bridge.call(`g ${e.index}`, `get ${name}`);
    return decodeHex(e.spec, reply.slice(2));
  }

  private entry(name: string): PortEntry {
    const e = this.ports.get(name);
    if (!e) throw new SimUsageError(`design '${this.tb.name}': no port named '${name}'; ports are ${[...this.ports.keys()].join(', ')}`);
    return e;
  }
}

export class Testbench {
  readonly dut: Dut;
  /** The external memory model, when the design has the mem_* ports. */
  readonly memory: MemoryModel | undefined;
  private readonly ports: Map<string, PortEntry>;
  private batches = 0;
  private staged = 0;
  private closed = false;

  private constructor(
    readonly model: BuiltModel,
    private readonly bridge: HarnessBridge,
    private readonly tmpDir: string,
    private readonly timeoutMs: number,
  ) {
    this.ports = new Map(model.design.ports.map((spec, index) => [spec.name, { index, spec }]));
    this.dut = new Dut(this, bridge, this.ports);
    const mem = memoryPortsOf(model.design);
    this.memory = mem ? new MemoryModel(bridge, this.name, mem, tmpDir) : undefined;
  }

  /** Builds the design (or takes it from the cache) and starts its harness. */
  static async start(design: EmittedDesign, opts: TestbenchOptions = {}): Promise<Testbench> {
    const model = await buildDesign(design, opts);
    return Testbench.startBuilt(model, opts);
  }

  /** Starts a harness for a model that is already built. */
  static async startBuilt(
    model: BuiltModel,
    opts: { timeoutMs?: number; traceFile?: string; onOutput?: (text: string) => void; plusargs?: readonly string[] } = {},
  ): Promise<Testbench> {
    const timeoutMs = opts.timeoutMs ?? 60_000;
    const bridge = await HarnessBridge.start(model.exe, {
      design: model.design.top,
      timeoutMs,
      ...(opts.onOutput ? { onOutput: opts.onOutput } : {}),
      ...(opts.plusargs ? { args: opts.plusargs } : {}),
    });
    // Batch files go to memory-backed /dev/shm when there is one.
    const base = fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
    const tmpDir = fs.mkdtempSync(path.join(base, `ternforge-${model.design.top}-`));
    const tb = new Testbench(model, bridge, tmpDir, timeoutMs);
    if (opts.plusargs) {
      // A testbench drives its inputs from time zero: with random initial state, every input
      // the memory model does not drive starts at 0, as it does in a zero-initialized build.
      const memoryInputs = new Set(Object.values(tb.memory?.ports ?? {}).map((p) => p.name));
      for (const p of model.design.ports) {
        if (p.dir === 'input' && p.name !== model.design.clock && !memoryInputs.has(p.name)) tb.dut.set(p.name, 0);
      }
    }
    if (opts.traceFile !== undefined) await tb.trace(opts.traceFile);
    return tb;
  }

  get name(): string {
    return this.model.design.top;
  }

  /** Process id of the harness. */
  get pid(): number | undefined {
    return this.bridge.pid;
  }

  /** Runs `n` clock cycles; resolves with the cycle count afterwards. */
  async tick(n = 1, opts: { timeoutMs?: number } = {}): Promise<number> {
    if (!Number.isInteger(n) || n < 0) throw new SimUsageError(`design '${this.name}': tick count ${n} is not a non-negative integer`);
    const reply = await this.bridge.call(`t ${n}`, `tick ${n}`, opts.timeoutMs ?? this.timeoutMs);
    return Number(reply.slice(3));
  }

  /** Cycles run since the harness started. */
  async cycle(): Promise<number> {
    return Number((await this.bridge.call('c', 'cycle')).slice(3));
  }

  /**
   * Holds reset for `cycles` cycles, then releases it. The port is `opts.port`, else the
   * first of rst, reset (active high), rst_n, reset_n, rstn (active low).
   */
  async reset(cycles = 2, opts: { port?: string; activeLow?: boolean } = {}): Promise<void> {
    let name = opts.port;
    let activeLow = opts.activeLow;
    if (name === undefined) {
      name = ['rst', 'reset', 'rst_n', 'reset_n', 'rstn'].find((n) => this.ports.get(n)?.spec.dir === 'input');
      if (name === undefined) throw new SimUsageError(`design '${this.name}': no reset port (rst, reset, rst_n, reset_n, rstn); pass { port }`);
    }
    activeLow ??= /_n$|^rstn$|^resetn$/.test(name);
    this.dut.set(name, activeLow ? 0 : 1);
    await this.tick(cycles);
    this.dut.set(name, activeLow ? 1 : 0);
  }

  /**
   * Runs cycles until `port` holds `value` (checked before each cycle, so a port that
   * already holds it costs none). Rejects with SimCycleLimitError after `timeout` cycles
   * (default 1 000 000). Resolves with the cycle count at which the value was seen.
   */
  async waitUntil(port: string, value: PortValue, opts: { timeout?: number; timeoutMs?: number } = {}): Promise<number> {
    const e = this.ports.get(port);
    if (!e) throw new SimUsageError(`design '${this.name}': no port named '${port}'`);
    const limit = opts.timeout ?? 1_000_000;
    if (!Number.isInteger(limit) || limit < 0) throw new SimUsageError(`design '${this.name}': waitUntil limit ${limit} is not a non-negative integer`);
    const reply = await this.bridge.call(
      `u ${e.index} ${encodeHex(e.spec, value, this.name)} ${limit}`,
      `waitUntil ${port} == ${value} within ${limit} cycles`,
      opts.timeoutMs ?? this.timeoutMs,
    );
    const [status, cycle] = reply.split(' ');
    if (status !== 'ok') {
      throw new SimCycleLimitError(`design '${this.name}': port '${port}' did not become ${value} within ${limit} cycles (now at cycle ${cycle})`);
    }
    return Number(cycle);
  }

  /** Starts writing a VCD trace to `file` (closing any trace already open). */
  async trace(file: string): Promise<void> {
    const abs = checkPath(this.name, file, 'trace');
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    await this.bridge.call(`tr ${abs}`, `trace ${abs}`);
  }

  /** Closes the trace file, if one is open. */
  async traceOff(): Promise<void> {
    await this.bridge.call('tr', 'trace off');
  }

  /** A stimulus for a batch that drives `inputs` for `cycles` cycles. */
  stimulus(inputs: readonly string[], cycles: number): Stimulus {
    for (const n of inputs) {
      if (this.memory && Object.values(this.memory.ports).some((p) => p.name === n && p.dir === 'input')) {
        throw new SimUsageError(`design '${this.name}': port '${n}' is driven by the memory model and cannot be in a stimulus`);
      }
    }
    return new Stimulus(this.name, this.model.design.ports, inputs, cycles);
  }

  /**
   * Runs a whole batch inside the harness: per cycle, drive the stimulus's inputs, tick,
   * and (at sampled cycles) record the outputs, exactly as set / tick / get would. With
   * `sampleWhen` the harness picks the sampled cycles itself; with `stopWhen` it may end
   * the batch before the stimulus does.
   */
  async batch(stim: Stimulus, opts: BatchOptions): Promise<BatchResult> {
    const id = this.batches++;
    const stimFile = path.join(this.tmpDir, `stim-${id}.bin`);
    const outFile = path.join(this.tmpDir, `out-${id}.bin`);
    let sampleFile = '-';
    const strobes = opts.sampleWhen ?? [];
    if (opts.sampleWhen !== undefined && opts.sampleWhen.length === 0) {
      throw new SimUsageError(`design '${this.name}': sampleWhen lists no ports; leave it out to sample every cycle`);
    }
    if (strobes.length > 0 && opts.sampleAt) {
      throw new SimUsageError(`design '${this.name}': a batch takes sampleAt or sampleWhen, not both`);
    }
    if (strobes.length > 0 && stim.cycles > 0xffff_ffff) {
      throw new SimUsageError(`design '${this.name}': a batch sampled on strobes runs at most ${0xffff_ffff} cycles; got ${stim.cycles}`);
    }
    if (opts.sampleAt) {
      let prev = -1;
      for (const c of opts.sampleAt) {
        if (!Number.isInteger(c) || c <= prev || c >= stim.cycles) {
          throw new SimUsageError(`design '${this.name}': sampleAt must be ascending cycles within 0..${stim.cycles - 1}; got ${c}`);
        }
        prev = c;
      }
      sampleFile = path.join(this.tmpDir, `samples-${id}.bin`);
      fs.writeFileSync(sampleFile, new Uint8Array(Uint32Array.from(opts.sampleAt).buffer));
    }
    const indexOf = (n: string): number => {
      const e = this.ports.get(n);
      if (!e) throw new SimUsageError(`design '${this.name}': no port named '${n}'; ports are ${[...this.ports.keys()].join(', ')}`);
      return e.index;
    };
    const outIdx = opts.outputs.map(indexOf);
    const whenIdx = strobes.map((n) => {
      const i = indexOf(n);
      if (this.model.design.ports[i]!.width !== 1) {
        throw new SimUsageError(`design '${this.name}': sampleWhen port '${n}' is ${this.model.design.ports[i]!.width} bits wide; strobes must be 1 bit`);
      }
      return i;
    });
    let stopArgs = '';
    if (opts.stopWhen) {
      const e = this.ports.get(opts.stopWhen.port);
      if (!e) throw new SimUsageError(`design '${this.name}': stopWhen names no port '${opts.stopWhen.port}'; ports are ${[...this.ports.keys()].join(', ')}`);
      stopArgs = ` ${e.index} ${encodeHex(e.spec, opts.stopWhen.value, this.name)}`;
    }
    const inIdx = stim.ports.map((p) => this.ports.get(p.name)!.index);
    const list = (xs: number[]): string => (xs.length ? xs.join(',') : '-');
    let checkArgs = '';
    let checkFile = '-';
    const check = opts.check;
    if (check) {
      const strobe = indexOf(check.strobe);
      if (this.model.design.ports[strobe]!.width !== 1) throw new SimUsageError(`design '${this.name}': record strobe '${check.strobe}' is not 1 bit wide`);
      const portIdx = check.block.ports.map((p) => {
        const i = indexOf(p.name);
        if (this.model.design.ports[i]!.width !== p.width) throw new SimUsageError(`design '${this.name}': expected records give port '${p.name}' ${p.width} bits, the design ${this.model.design.ports[i]!.width}`);
        return i;
      });
      this.stage(check.block);
      checkFile = path.join(this.tmpDir, `check-${id}.bin`);
      checkArgs = ` k ${strobe} ${list(portIdx)} ${check.block.file} ${checkFile} ${check.first ?? 0} ${check.keepCycles ? 1 : 0}`;
    }
    let guard = '';
    if (opts.when) {
      if (opts.when.length === 0) throw new SimUsageError(`design '${this.name}': a batch's 'when' lists no conditions`);
      guard = opts.when
        .map((c) => {
          const i = indexOf(c.port);
          return `${i}:${encodeHex(this.model.design.ports[i]!, c.value, this.name)}`;
        })
        .join(',');
    }
    const extended = whenIdx.length > 0 || opts.stopWhen || check ? ` ${list(whenIdx)}${stopArgs || ' - -'}${checkArgs}` : '';
    // The harness reads no stimulus file for a batch without inputs or cycles.
    if (stim.words.length > 0) fs.writeFileSync(stimFile, new Uint8Array(stim.words.buffer, stim.words.byteOffset, stim.words.byteLength));
    try {
      const replied = this.bridge.call(
        `${guard ? `bi ${guard} ` : 'b '}${stimFile} ${stim.cycles} ${list(inIdx)} ${outFile} ${list(outIdx)} ${sampleFile}${extended}`,
        `batch of ${stim.cycles} cycles`,
        opts.timeoutMs ?? this.timeoutMs,
      );
      // The batch goes out at once: the harness runs it while the caller goes on computing.
      this.bridge.flushNow();
      const reply = await replied;
      if (reply.startsWith('skip ')) {
        const skipped = new BatchResult(this.name, this.model.design.ports, opts.outputs, [], new Uint32Array(0), Number(reply.slice(5)), 0, 0, false);
        skipped.skipped = true;
        return skipped;
      }
      const [, endCycle, loopNs, ranText, stoppedText, servedText] = reply.split(' ');
      const ran = Number(ranText);
      const buf = fs.readFileSync(outFile);
      // A view when the buffer is 4-byte aligned (large files are), else a copy.
      const words =
        buf.byteOffset % 4 === 0
          ? new Uint32Array(buf.buffer, buf.byteOffset, buf.byteLength >>> 2)
          : new Uint32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
      const stride = opts.outputs.reduce((s, n) => s + wordsOf(this.ports.get(n)!.spec.width), 0);
      let sampled: number[];
      let records = words;
      if (whenIdx.length > 0) {
        // The records, then the sampled cycle indices.
        const count = words.length / (stride + 1);
        if (!Number.isInteger(count)) {
          throw new SimUsageError(`design '${this.name}': batch result file holds ${words.length} words, not a whole number of ${stride}-word samples with their cycles`);
        }
        sampled = Array.from(words.subarray(count * stride));
        records = words.subarray(0, count * stride);
      } else if (opts.sampleAt) {
        sampled = opts.sampleAt.filter((c) => c < ran);
      } else {
        sampled = Array.from({ length: ran }, (_, c) => c);
      }
      if (records.length !== sampled.length * stride) {
        throw new SimUsageError(`design '${this.name}': batch result file holds ${records.length} words, expected ${sampled.length * stride}`);
      }
      const result = new BatchResult(this.name, this.model.design.ports, opts.outputs, sampled, records, Number(endCycle), Number(loopNs), ran, stoppedText === '1');
      result.memWords = Number(servedText ?? 0);
      if (check) {
        const cb = fs.readFileSync(checkFile);
        const cw = new Uint32Array(cb.buffer.slice(cb.byteOffset, cb.byteOffset + cb.byteLength));
        result.check = readCheckResult(this.name, check.block.ports, cw, check.keepCycles === true);
      }
      return result;
    } finally {
      for (const f of [stimFile, outFile, sampleFile, checkFile]) if (f !== '-') fs.rmSync(f, { force: true });
    }
  }

  /**
   * Writes an expected-record block where the harness will map it (done by the first batch
   * that checks it otherwise): staging it ahead keeps the write off the path between batches.
   */
  stage(block: ExpectedBlock): void {
    if (block.file !== undefined) return;
    const f = path.join(this.tmpDir, `expect-${this.staged++}.bin`);
    fs.writeFileSync(f, block.bytes());
    block.file = f;
  }

  /** Removes the file an expected-record block was written to (after its last batch). */
  release(block: ExpectedBlock): void {
    if (block.file !== undefined) fs.rmSync(block.file, { force: true });
    block.file = undefined;
  }

  /** Ends the harness (closing any trace) and removes temporary files. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.bridge.close();
    } finally {
      fs.rmSync(this.tmpDir, { recursive: true, force: true });
    }
  }

  /** Kills the harness at once (no trace flush). */
  kill(): void {
    this.bridge.kill();
  }
}
