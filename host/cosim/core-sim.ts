/**
 * Runs the generated LM core under Verilator (sim/): builds it, loads the memory image of an
 * integer model, lets it boot (parameter load), and decodes tokens, recording the debug port,
 * the logit stream and the performance counters in batch mode.
 */
import { type ArrayStyle, type TritDecoderKind, arrayPassWidth } from '../../hdl-gen/blocks/lm-core/accumulator.ts';
import { emitDesign } from '../../hdl-gen/index.ts';
import { lmCore } from '../../hdl-gen/blocks/lm-core.ts';
import type { WeightFormat } from '../../hdl-gen/blocks/lm-core-layout.ts';
import { Testbench, type TestbenchOptions } from '../../sim/testbench.ts';
import type { PortValue } from '../../sim/port-value.ts';
import { coreImage, coreShapeOf, type CoreImage } from '../image/core-image.ts';
import { unusedSlotsIgnored, type CoreRecord } from './core-trace.ts';
import { ExpectedBlock } from '../../sim/record-check.ts';
import type { IntModel } from '../spec/int-model.ts';

export interface CoreTokenResult {
  records: CoreRecord[];
  /** Logits (Q15.16) in the order streamed. */
  logits: bigint[];
  argmax: number;
  /** Cycles from start to done. */
  cycles: number;
  /** The simulation cycle (since reset) at which the token was started. */
  startCycle: number;
  perf: { words: number; cycles: number; pass: number; scalar: number; stall: number };
  /** Wall-clock seconds of the token's batches, transfers to and from the harness included. */
  seconds: number;
  /** Seconds the harness spent in its native cycle loop (the simulator alone). */
  loopSeconds: number;
}

/** A token decoded with its debug records checked inside the harness (CoreSim.stepChecked). */
export interface CheckedTokenResult extends Omit<CoreTokenResult, 'records'> {
  /** Debug records the core emitted. */
  recordsSeen: number;
  /** The first record that differs from the expected ones: its index and what the core showed. */
  firstDifference?: { index: number; got: CoreRecord; kind: 'values' | 'extra' };
  /** Cycle (since reset) of every debug record, when asked for. */
  recordCycles?: number[];
  /** Words the memory model had served since the image was loaded, at done. */
  memWords: number;
}

/** What `stepChecked` returns for a token queued with `after` whose condition failed: nothing ran. */
export interface SkippedToken {
  skipped: true;
}

export class CoreSimError extends Error {
  override name = 'CoreSimError';
  /** The CLI's exit code for a simulator failure (scripts/ternforge.ts, EXIT.simulator). */
  readonly exitCode = 4;
}

/** The debug port's record fields in CoreRecord order: tag, layer, group, proj, index, then the value slots. */
const RECORD_PORTS = ['dbg_tag', 'dbg_layer', 'dbg_group', 'dbg_proj', 'dbg_index', 'dbg_v0', 'dbg_v1', 'dbg_v2', 'dbg_v3'];
const DBG_PORTS = ['dbg_valid', 'dbg_tag', 'dbg_layer', 'dbg_group', 'dbg_proj', 'dbg_index', 'dbg_v0', 'dbg_v1', 'dbg_v2', 'dbg_v3'];
const OUT_PORTS = ['logit_valid', 'logit_value', 'done', 'argmax', 'perf_words', 'perf_cycles', 'perf_pass', 'perf_scalar', 'perf_stall'];

const num = (v: PortValue): number => Number(v);
const bigOf = (v: PortValue): bigint => BigInt(v);

export class CoreSim {
  /** Queued steps (stepChecked with `after`) dispatched so far. */
  private queuedSerial = 0;

  private constructor(
    readonly tb: Testbench,
    readonly image: CoreImage,
    /** Cycles the boot (parameter load) took. */
    readonly bootCycles: number,
  ) {}

  static async start(
    model: IntModel,
    opts: { lanes: number; format: WeightFormat; passWidth?: number; groupsPerWord?: number; rowUnits?: number; memLatency?: number; timeoutMs?: number; threads?: number; testbench?: TestbenchOptions; tritDecoder?: TritDecoderKind; spram?: boolean; arrayStyle?: ArrayStyle },
  ): Promise<CoreSim> {
    const design = emitDesign(lmCore(coreShapeOf(model, opts.lanes, opts.format, opts.passWidth ?? arrayPassWidth(opts.arrayStyle), opts.groupsPerWord, opts.rowUnits), { ...(opts.tritDecoder ? { tritDecoder: opts.tritDecoder } : {}), ...(opts.spram ? { spram: true } : {}), ...(opts.arrayStyle ? { arrayStyle: opts.arrayStyle } : {}) }));
    const image = coreImage(model, opts.lanes, opts.format, opts.passWidth, opts.groupsPerWord, opts.rowUnits);
    const tb = await Testbench.start(design, { timeoutMs: opts.timeoutMs ?? 600_000, ...(opts.threads ? { threads: opts.threads } : {}), ...opts.testbench });
    try {
      await tb.memory!.load(image.bytes);
      await tb.memory!.configure({ latency: opts.memLatency ?? 4 });
      await tb.reset(2);
      const c0 = await tb.cycle();
      const limit = 16 * image.layout.totalWords + 100_000;
      const cycle = await tb.waitUntil('ready', 1, { timeout: limit });
      return new CoreSim(tb, image, cycle - c0);
    } catch (e) {
      await tb.close();
      throw e;
    }
  }

  /**
   * Decode one token; with `debug` the debug port is recorded (slower). The harness samples
   * only the cycles that carry a debug record (with `debug`), a logit or done, and stops at done.
   */
  async step(token: number, opts: { debug?: boolean; chunk?: number } = {}): Promise<CoreTokenResult> {
    const debug = opts.debug ?? true;
    const chunk = opts.chunk ?? 1 << 22;
    const outputs = debug ? [...DBG_PORTS, ...OUT_PORTS] : OUT_PORTS;
    const sampleWhen = debug ? ['dbg_valid', 'logit_valid', 'done'] : ['logit_valid', 'done'];
    const records: CoreRecord[] = [];
    const logits: bigint[] = [];
    let total = 0;
    let seconds = 0;
    let loopSeconds = 0;
    // Everything up to the first await runs when step() is called: the sets and the batch
    // command reach the harness at once, so the caller can work while the simulator runs.
    // `start` stays high until done (the core samples it only when idle, and the batch stops
    // right after the cycle that raises done), then drops before the next cycle.
    this.tb.dut.set('start', 1);
    this.tb.dut.set('token', token);
    let base = -1;
    for (;;) {
      const t0 = performance.now();
      const pending = this.tb.batch(this.tb.stimulus([], chunk), { outputs, sampleWhen, stopWhen: { port: 'done', value: 1 } });
      if (base < 0) this.tb.dut.set('start', 0);
      const r = await pending;
      if (base < 0) base = r.endCycle - r.cycles;
      seconds += (performance.now() - t0) / 1000;
      loopSeconds += r.loopNs / 1e9;
      // The ports read at every sample are decoded a column at a time (a sample per debug
      // record); those read once, at done, one value at a time.
      const col = new Map([...(debug ? DBG_PORTS : []), 'logit_valid', 'logit_value', 'done'].map((p) => [p, r.column(p)]));
      const get = (p: string, i: number): PortValue => col.get(p)![i]!;
      const dbgV = [0, 1, 2, 3].map((k) => col.get(`dbg_v${k}`)!);
      for (let i = 0; i < r.samples; i++) {
        const at = total + r.sampledCycles[i]!;
        if (debug && num(get('dbg_valid', i)) === 1) {
          records.push({
            tag: num(get('dbg_tag', i)),
            layer: num(get('dbg_layer', i)),
            group: num(get('dbg_group', i)),
            proj: num(get('dbg_proj', i)),
            index: num(get('dbg_index', i)),
            values: dbgV.map((v) => bigOf(v[i]!)),
            cycle: base + at,
          });
        }
        if (num(get('logit_valid', i)) === 1) logits.push(bigOf(get('logit_value', i)));
        if (num(get('done', i)) === 1) {
          return {
            records,
            logits,
            argmax: num(r.get('argmax', i)),
            cycles: at,
            startCycle: base,
            perf: {
              words: num(r.get('perf_words', i)),
              cycles: num(r.get('perf_cycles', i)),
              pass: num(r.get('perf_pass', i)),
              scalar: num(r.get('perf_scalar', i)),
              stall: num(r.get('perf_stall', i)),
            },
            seconds,
            loopSeconds,
          };
        }
      }
      total += r.cycles;
      if (total > 1e9) throw new CoreSimError(`token ${token}: the core did not finish within ${total} cycles`);
    }
  }

  /**
   * The expected debug records of a token as a block the harness checks in place (any
   * sequence of records, in the order the core is to emit them). Value slots a record does
   * not define must read 0, except where `unusedSlotsIgnored` says they are don't-care.
   */
  expectedBlock(records: readonly CoreRecord[]): ExpectedBlock {
    const ports = RECORD_PORTS.map((n) => this.tb.dut.port(n));
    const slots = ports.length - 5;
    const block = new ExpectedBlock(this.tb.name, ports, records.length);
    const row: (PortValue | undefined)[] = new Array<PortValue | undefined>(ports.length);
    for (const r of records) {
      if (r.values.length > slots) throw new CoreSimError(`expected record with ${r.values.length} values; the debug port carries ${slots}`);
      row[0] = r.tag;
      row[1] = r.layer;
      row[2] = r.group;
      row[3] = r.proj;
      row[4] = r.index;
      const rest = unusedSlotsIgnored(r) ? undefined : 0n;
      for (let k = 0; k < slots; k++) row[5 + k] = k < r.values.length ? r.values[k]! : rest;
      block.push(row);
    }
    return block;
  }

  /**
   * Decode one token, its debug records compared inside the harness with `expected` (from
   * `expectedBlock`; undefined: logits only) as the core emits them. Nothing per record
   * crosses to this side: the logit stream, the counters at done, the record count and the
   * first difference come back (with `keepCycles`, also every record's cycle). Like `step`,
   * the batch is dispatched before the first await.
   */
  async stepChecked(token: number, expected: ExpectedBlock | undefined, opts?: { keepCycles?: boolean; chunk?: number }): Promise<CheckedTokenResult>;
  /**
   * With `after`, the token may be queued while the previous one still runs: the harness
   * starts it only if the previous token has finished (done is 1) and, when `after.argmax` is
   * given, the core chose that token (its argmax output holds it); otherwise nothing runs and
   * `{ skipped: true }` comes back, the core as it was.
   */
  async stepChecked(
    token: number,
    expected: ExpectedBlock | undefined,
    opts: { keepCycles?: boolean; chunk?: number; after: { argmax?: number } },
  ): Promise<CheckedTokenResult | SkippedToken>;
  async stepChecked(
    token: number,
    expected: ExpectedBlock | undefined,
    opts: { keepCycles?: boolean; chunk?: number; after?: { argmax?: number } } = {},
  ): Promise<CheckedTokenResult | SkippedToken> {
    // A token runs as one batch (the most a checked batch may run), so that a step queued
    // behind it finds it finished; a core that never raises done meets the harness's time limit.
    const chunk = opts.chunk ?? 0xffff_ffff;
    const keepCycles = expected !== undefined && opts.keepCycles === true;
    const logits: bigint[] = [];
    const recordCycles: number[] = [];
    let firstDifference: CheckedTokenResult['firstDifference'];
    let seen = 0;
    let total = 0;
    let seconds = 0;
    let loopSeconds = 0;
    this.tb.dut.set('start', 1);
    this.tb.dut.set('token', token);
    let base = -1;
    const after = opts.after;
    const when = after ? [{ port: 'done', value: 1 }, ...(after.argmax !== undefined ? [{ port: 'argmax', value: after.argmax }] : [])] : undefined;
    if (after) this.queuedSerial++;
    const serial = this.queuedSerial;
    try {
      for (;;) {
        // A further batch of this token would reach the harness after a step queued behind
        // the first one (dispatched since), which then ran out of order or not at all:
        // refuse rather than reorder. (A token runs in one batch unless it exceeds 2^32 cycles.)
        if (base >= 0 && this.queuedSerial !== serial) {
          throw new CoreSimError(`token ${token}: did not finish within one batch of ${chunk} cycles while the next token was queued behind it`);
        }
        const t0 = performance.now();
        const pending = this.tb.batch(this.tb.stimulus([], chunk), {
          outputs: OUT_PORTS,
          sampleWhen: ['logit_valid', 'done'],
          stopWhen: { port: 'done', value: 1 },
          ...(expected ? { check: { strobe: 'dbg_valid', block: expected, first: seen, keepCycles } } : {}),
          ...(base < 0 && when ? { when } : {}),
        });
        if (base < 0) this.tb.dut.set('start', 0);
        const r = await pending;
        if (r.skipped) return { skipped: true };
        if (base < 0) base = r.endCycle - r.cycles;
        seconds += (performance.now() - t0) / 1000;
        loopSeconds += r.loopNs / 1e9;
        const c = r.check;
        if (c) {
          if (c.first && !firstDifference) {
            const v = c.first.values;
            firstDifference = {
              index: c.first.index,
              kind: c.first.kind,
              got: { tag: num(v[0]!), layer: num(v[1]!), group: num(v[2]!), proj: num(v[3]!), index: num(v[4]!), values: v.slice(5).map(bigOf), cycle: base + total + c.first.batchCycle },
            };
          }
          if (c.cycles) for (const k of c.cycles) recordCycles.push(base + total + k);
          seen += c.seen;
        }
        const valid = r.column('logit_valid');
        const value = r.column('logit_value');
        const done = r.column('done');
        for (let i = 0; i < r.samples; i++) {
          if (num(valid[i]!) === 1) logits.push(bigOf(value[i]!));
          if (num(done[i]!) === 1) {
            return {
              logits,
              argmax: num(r.get('argmax', i)),
              cycles: total + r.sampledCycles[i]!,
              startCycle: base,
              perf: {
                words: num(r.get('perf_words', i)),
                cycles: num(r.get('perf_cycles', i)),
                pass: num(r.get('perf_pass', i)),
                scalar: num(r.get('perf_scalar', i)),
                stall: num(r.get('perf_stall', i)),
              },
              seconds,
              loopSeconds,
              recordsSeen: seen,
              memWords: r.memWords,
              ...(firstDifference ? { firstDifference } : {}),
              ...(keepCycles ? { recordCycles } : {}),
            };
          }
        }
        total += r.cycles;
        if (total > 1e9) throw new CoreSimError(`token ${token}: the core did not finish within ${total} cycles`);
      }
    } finally {
      if (expected) this.tb.release(expected);
    }
  }

  /**
   * Decode one token without recording anything (the harness runs until `done`): the fastest
   * mode, for throughput measurements. Returns the argmax, the cycles and the counters.
   */
  async stepFast(token: number): Promise<Omit<CoreTokenResult, 'records' | 'logits'>> {
    const t0 = performance.now();
    const c0 = await this.tb.cycle();
    this.tb.dut.set('start', 1);
    this.tb.dut.set('token', token);
    await this.tb.tick(1);
    this.tb.dut.set('start', 0);
    const end = await this.tb.waitUntil('done', 1, { timeout: 2_000_000_000 });
    const seconds = (performance.now() - t0) / 1000;
    const get = async (p: string): Promise<number> => num(await this.tb.dut.get(p));
    const result = {
      argmax: await get('argmax'),
      cycles: end - c0,
      startCycle: c0,
      perf: { words: await get('perf_words'), cycles: await get('perf_cycles'), pass: await get('perf_pass'), scalar: await get('perf_scalar'), stall: await get('perf_stall') },
      seconds,
      // run-until is a native loop in the harness; the few round trips around it are not split out.
      loopSeconds: seconds,
    };
    await this.tb.tick(1);
    return result;
  }

  async close(): Promise<void> {
    await this.tb.close();
  }
}
