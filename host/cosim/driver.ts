/**
 * The host driver: one checkpoint, its generated core running under Verilator, and the two
 * golden models beside it. Every token goes through all three: the core's debug records and
 * logits are compared with the integer spec bit for bit, and its choice with the float
 * reference's.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type ArrayStyle, arrayPassWidth } from '../../hdl-gen/blocks/lm-core/accumulator.ts';
import { lmCoreLayout, type LmCoreLayout, type WeightFormat } from '../../hdl-gen/blocks/lm-core-layout.ts';
import { loadCheckpoint } from '../model/checkpoint.ts';
import { FloatReference } from '../model/float-reference.ts';
import type { PreparedModel } from '../model/model.ts';
import { argmax } from '../model/sampling.ts';
import { TextTokenizer } from '../model/tokenizer.ts';
import { coreShapeOf } from '../image/core-image.ts';
import { CoreSim, type CheckedTokenResult, type CoreTokenResult, type SkippedToken } from './core-sim.ts';
import { describeRecord, expectedCoreRecords, type CoreRecord } from './core-trace.ts';
import type { ExpectedBlock } from '../../sim/record-check.ts';
import { LOGIT_FORMAT } from '../spec/formats.ts';
import { IntSpec, TokenRangeError, type IntStepResult, type IntTrace } from '../spec/int-spec.ts';
import { toIntModel } from '../spec/int-model.ts';

/** The model shipped with ternforge, used when no --model is given. */
export const DEFAULT_MODEL = 'models/brown-ternary-5m';

export class DriverError extends Error {
  override name = 'DriverError';
}

export interface HardwareOptions {
  lanes: number;
  format: WeightFormat;
  /** Cycles from an accepted burst request to its first data word. */
  memLatency: number;
  /** Row units (rows accumulated side by side; default 1, hdl-gen/blocks/lm-core-layout.ts). */
  rowUnits?: number;
  /** How the accumulator array applies the trits (default masked; accumulator.ts). */
  arrayStyle?: ArrayStyle;
  /** Verilator simulation threads (default 1). */
  threads?: number;
}

export const DEFAULT_HARDWARE: HardwareOptions = { lanes: 64, format: 'base3', memLatency: 4 };

/** Where hardware and spec first differ within one step. */
export interface Mismatch {
  step: number;
  token: number;
  /** Index of the record in the step's record stream. */
  record: number;
  layer: number;
  /** Integer-spec tensor and element, e.g. "layers.2.f_proj.acc[17]". */
  tensor: string;
  expected: string;
  got: string;
  /** Simulation cycle (since reset) of the hardware record, when it exists. */
  cycle?: number;
  detail: string;
}

export interface TokenReport {
  step: number;
  token: number;
  /** The core's argmax over the lm_head accumulators. */
  argmax: number;
  /** The core's logits, dequantized from its fixed-point stream. */
  logits: Float64Array;
  cycles: number;
  /** Simulation cycle (since reset) at which this token started. */
  startCycle: number;
  /** The core's counters, and memWords: words the memory model served in the step (all reads). */
  perf: CoreTokenResult['perf'] & { memWords?: number };
  /** Seconds in the simulator's native cycle loop. */
  simSeconds: number;
  /** Wall-clock seconds of the whole step; the golden models run while the core simulates. */
  wallSeconds: number;
  /** Seconds moving stimulus and samples between host and harness (the bridge). */
  bridgeSeconds: number;
  /** Seconds of golden-model work the simulation did not hide (the step waited for them). */
  hostSeconds: number;
  /** All seconds in the golden models and the comparison, hidden or not. */
  goldenSeconds: number;
  /** Core equals the integer spec: logits, argmax and, when checked, every debug record. */
  bitExact: boolean;
  recordsChecked: number;
  mismatch?: Mismatch;
  floatArgmax?: number;
  floatMaxAbsDiff?: number;
  /** The integer spec's exact trace of this step, when asked for. */
  intTrace?: IntTrace;
  records?: CoreRecord[];
}

export interface SessionOptions {
  modelDir: string;
  hardware?: Partial<HardwareOptions>;
  /** Also run the float reference (for agreement figures). */
  float?: boolean;
  /** Load tokenizer.json up front (default true); without it, on first use of `tokenizer`. */
  text?: boolean;
  /** Called while the core is being built / loaded. */
  onStatus?: (text: string) => void;
}

interface Prepared {
  token: number;
  records: boolean;
  spec: IntStepResult;
  /** The spec's state before this step, to roll back a step taken for the wrong token. */
  before: ReturnType<IntSpec['snapshot']>;
  expected?: CoreRecord[];
  block?: ExpectedBlock;
  ms: number;
  /** The core's step for this token, queued in the harness behind the running one. */
  queued?: Promise<CheckedTokenResult | SkippedToken>;
  /** Whether the queued step keeps every record's cycle. */
  keepCycles?: boolean;
}

export class HardwareSession {
  readonly spec: IntSpec;
  readonly reference: FloatReference | undefined;
  private steps = 0;
  private coreSim: CoreSim;
  private textTokenizer: TextTokenizer | undefined;
  private memWordsSeen = 0;
  /** The tokens the core has consumed since its start, to rebuild its state. */
  private fed: number[] = [];
  /** The spec's step for the token expected next, computed while the core ran the last one. */
  private ahead: Prepared | undefined;
  private lastStepEnd: number | undefined;

  private constructor(
    readonly modelDir: string,
    readonly model: PreparedModel,
    readonly hardware: HardwareOptions,
    readonly layout: LmCoreLayout,
    core: CoreSim,
    withFloat: boolean,
  ) {
    this.coreSim = core;
    this.spec = new IntSpec(model);
    this.reference = withFloat ? new FloatReference(model) : undefined;
  }

  static async open(opts: SessionOptions): Promise<HardwareSession> {
    const dir = resolve(opts.modelDir);
    if (!existsSync(join(dir, 'config.json'))) {
      throw new DriverError(`${opts.modelDir}: not a model folder (no config.json); pass --model with a Hugging Face MMfreeLM folder`);
    }
    const hardware = { ...DEFAULT_HARDWARE, ...opts.hardware };
    opts.onStatus?.('loading checkpoint');
    const { model } = loadCheckpoint(dir);
    const tokenizer = opts.text === false ? undefined : TextTokenizer.fromFolder(dir, model.config);
    const intModel = toIntModel(model);
    const layout = lmCoreLayout(coreShapeOf(intModel, hardware.lanes, hardware.format, arrayPassWidth(hardware.arrayStyle), undefined, hardware.rowUnits));
    opts.onStatus?.('building the core (cached after the first build)');
    const core = await CoreSim.start(intModel, {
      lanes: hardware.lanes,
      format: hardware.format,
      memLatency: hardware.memLatency,
      ...(hardware.rowUnits !== undefined && hardware.rowUnits > 1 ? { rowUnits: hardware.rowUnits } : {}),
      ...(hardware.arrayStyle ? { arrayStyle: hardware.arrayStyle } : {}),
      ...(hardware.threads ? { threads: hardware.threads } : {}),
    });
    const session = new HardwareSession(dir, model, hardware, layout, core, opts.float ?? true);
    session.textTokenizer = tokenizer;
    await session.countBootWords();
    return session;
  }

  /** The checkpoint's tokenizer.json, loaded when text is first needed (token ids alone need none). */
  get tokenizer(): TextTokenizer {
    this.textTokenizer ??= TextTokenizer.fromFolder(this.modelDir, this.model.config);
    return this.textTokenizer;
  }

  get core(): CoreSim {
    return this.coreSim;
  }

  get config(): PreparedModel['config'] {
    return this.model.config;
  }

  /** Ternary weights per token: (4d² + 3dI)·L + dV. */
  get ternaryWeights(): number {
    const { hiddenSize: d, intermediateSize: I, numLayers: L, vocabSize: V } = this.config;
    return (4 * d * d + 3 * d * I) * L + d * V;
  }

  /**
   * One token through the core, the integer spec and (if enabled) the float reference.
   * With `records` the core's debug records are compared, inside the harness, with the
   * spec's as the core emits them.
   *
   * The golden model runs a token ahead: `next` names the token that will follow (from the
   * spec's result for this one: its argmax under greedy decoding, the next id of a known
   * sequence), and the spec's step for it, with its expected records, is computed while the
   * core simulates this one. With `nextBy` the core's step for that token is queued in the
   * harness at once, behind the running one, so the simulator goes on without waiting for
   * this side: 'known' when the following token does not depend on the core's output (a
   * prompt, a given sequence), 'argmax' when it is the core's own choice (greedy decoding:
   * the harness runs it only if the core's argmax equals it). When the following call
   * brings another token (the core disagreed with the spec), the spec's state is rolled
   * back and that token is computed then; a queued step the harness skipped leaves the core
   * as it was, one it ran is undone by replaying the tokens so far on a fresh core.
   */
  async step(
    token: number,
    opts: { records?: boolean; keepTrace?: boolean; next?: (spec: IntStepResult) => number | undefined; nextBy?: 'known' | 'argmax' } = {},
  ): Promise<TokenReport> {
    const V = this.config.vocabSize;
    if (!Number.isInteger(token) || token < 0 || token >= V) throw new TokenRangeError(token, V);
    const checkRecords = opts.records ?? true;
    const keepTrace = opts.keepTrace === true;
    const step = this.steps++;
    const t0 = performance.now();
    let goldenMs = 0;
    let prepared = this.ahead;
    this.ahead = undefined;
    let pending: Promise<CheckedTokenResult | SkippedToken> | undefined;
    if (prepared) {
      const fits = prepared.token === token && prepared.records === checkRecords && (!keepTrace || (prepared.spec.intTrace !== undefined && (!prepared.queued || prepared.keepCycles)));
      if (fits) pending = prepared.queued;
      else {
        if (prepared.queued && !('skipped' in (await prepared.queued))) await this.replay();
        this.spec.restore(prepared.before);
        this.discard(prepared);
        prepared = undefined;
      }
    }
    if (!prepared) {
      prepared = this.prepare(token, checkRecords, keepTrace);
      goldenMs += prepared.ms;
    }
    const spec = prepared.spec;
    const expected = prepared.expected;
    // The core's step is dispatched first (unless it was queued already): the harness
    // simulates while the golden models run here.
    pending ??= this.core.stepChecked(token, prepared.block, { keepCycles: keepTrace });
    const following = opts.next?.(spec);
    if (following !== undefined && Number.isInteger(following) && following >= 0 && following < V) {
      this.ahead = this.prepare(following, checkRecords, keepTrace);
      goldenMs += this.ahead.ms;
      if (opts.nextBy) {
        const queued = this.core.stepChecked(following, this.ahead.block, { keepCycles: keepTrace, after: opts.nextBy === 'argmax' ? { argmax: following } : {} });
        // Awaited by the next step; a session closed before then drops it.
        queued.catch(() => undefined);
        this.ahead.queued = queued;
        this.ahead.keepCycles = keepTrace;
      }
    }
    const tf = performance.now();
    const floatLogits = this.reference?.step(token).logits;
    goldenMs += performance.now() - tf;
    const t1 = performance.now();
    let answer = await pending;
    if ('skipped' in answer) {
      // The queued step found the core not where it was queued for (it cannot, when every
      // token runs as one batch and the caller brings the token it announced): a step queued
      // behind it may have run out of order, so the core is rebuilt from the tokens so far.
      const ahead = this.ahead;
      this.ahead = undefined;
      if (ahead) {
        await ahead.queued?.catch(() => undefined);
        this.spec.restore(ahead.before);
        this.discard(ahead);
      }
      await this.replay();
      answer = await this.core.stepChecked(token, prepared.block, { keepCycles: keepTrace });
    }
    const hw = answer;
    this.fed.push(token);
    // Words the memory model handed over in this step: weights, the embedding row and all.
    const memWords = hw.memWords - this.memWordsSeen;
    this.memWordsSeen = hw.memWords;
    const t2 = performance.now();
    const logits = Float64Array.from(hw.logits, (v) => Number(v) / 2 ** LOGIT_FORMAT.frac);

    let mismatch: Mismatch | undefined;
    if (expected) {
      const d = hw.firstDifference;
      if (d) {
        const e = d.kind === 'values' ? expected[d.index] : undefined;
        mismatch = this.describeMismatch(step, token, { at: d.index, ...(e ? { expected: e } : {}), got: d.got });
      } else if (hw.recordsSeen < expected.length) {
        mismatch = this.describeMismatch(step, token, { at: hw.recordsSeen, expected: expected[hw.recordsSeen]! });
      }
    }
    if (!mismatch) {
      const n = Math.max(hw.logits.length, spec.logits.length);
      for (let v = 0; v < n; v++) {
        if (hw.logits[v] !== (spec.logits[v] === undefined ? undefined : BigInt(spec.logits[v]!))) {
          mismatch = {
            step, token, record: -1, layer: this.config.numLayers - 1, tensor: `logits[${v}]`,
            expected: String(spec.logits[v]), got: String(hw.logits[v]),
            detail: `logit stream element ${v}`,
          };
          break;
        }
      }
    }
    if (!mismatch && hw.argmax !== spec.argmax) {
      mismatch = {
        step, token, record: -1, layer: this.config.numLayers - 1, tensor: 'argmax',
        expected: String(spec.argmax), got: String(hw.argmax), detail: 'argmax output',
      };
    }
    let floatArgmax: number | undefined;
    let floatMaxAbsDiff: number | undefined;
    if (floatLogits) {
      const f = floatLogits;
      floatArgmax = argmax(f);
      floatMaxAbsDiff = 0;
      for (let v = 0; v < f.length; v++) floatMaxAbsDiff = Math.max(floatMaxAbsDiff, Math.abs(f[v]! - (logits[v] ?? NaN)));
    }
    const t3 = performance.now();
    goldenMs += t3 - t2;
    // The records as the core emitted them, for phase marks: the expected ones (equal up to
    // a first difference) at the cycles the harness saw them.
    let records: CoreRecord[] | undefined;
    if (keepTrace && expected && hw.recordCycles) {
      const n = Math.min(expected.length, hw.recordCycles.length);
      records = new Array<CoreRecord>(n);
      for (let i = 0; i < n; i++) {
        const e = expected[i]!;
        records[i] = { tag: e.tag, layer: e.layer, group: e.group, proj: e.proj, index: e.index, values: e.values, cycle: hw.recordCycles[i]! };
      }
    }
    // Wall-clock time from the end of the previous step (what the caller did between steps,
    // tokenizer and printing, counts here) to the end of this one.
    const from = Math.min(t0, this.lastStepEnd ?? t0);
    this.lastStepEnd = t3;
    const wall = (t3 - from) / 1000;
    return {
      step, token, argmax: hw.argmax, logits, cycles: hw.cycles, startCycle: hw.startCycle,
      perf: { ...hw.perf, memWords },
      simSeconds: hw.loopSeconds,
      wallSeconds: wall,
      // The harness loop and the golden models overlap: what the step waited for beyond the
      // loop is the bridge (transfers) and the golden models' part that the loop did not hide.
      bridgeSeconds: Math.max(0, (t2 - t0) / 1000 - Math.max(hw.loopSeconds, (t1 - t0) / 1000)),
      hostSeconds: Math.max(0, (t1 - t0) / 1000 - hw.loopSeconds) + (t3 - t2) / 1000 + (t0 - from) / 1000,
      goldenSeconds: goldenMs / 1000,
      bitExact: mismatch === undefined,
      recordsChecked: checkRecords ? hw.recordsSeen : 0,
      ...(mismatch ? { mismatch } : {}),
      ...(floatArgmax !== undefined ? { floatArgmax, floatMaxAbsDiff: floatMaxAbsDiff! } : {}),
      ...(keepTrace && spec.intTrace ? { intTrace: spec.intTrace } : {}),
      ...(records ? { records } : {}),
    };
  }

  /** The spec's step for `token` and, when checking records, its expected-record block, staged for the harness. */
  private prepare(token: number, records: boolean, keepTrace: boolean): Prepared {
    const t = performance.now();
    const before = this.spec.snapshot();
    const spec = this.spec.step(token, { trace: records || keepTrace, floatTrace: false });
    const expected = records ? expectedCoreRecords(this.config, spec.intTrace!, this.core.image.layout.passWidth) : undefined;
    const block = expected ? this.core.expectedBlock(expected) : undefined;
    if (block) this.core.tb.stage(block);
    return { token, records, spec, before, ...(expected ? { expected } : {}), ...(block ? { block } : {}), ms: performance.now() - t };
  }

  private discard(p: Prepared): void {
    if (p.block) this.core.tb.release(p.block);
  }

  private describeMismatch(
    step: number,
    token: number,
    m: { at: number; expected?: CoreRecord; got?: CoreRecord },
  ): Mismatch {
    const e = m.expected;
    const g = m.got;
    if (!e || !g) {
      return {
        step, token, record: m.at, layer: (e ?? g)!.layer, tensor: e?.names?.[0] ?? 'record stream',
        expected: e ? describeRecord(e) : 'no more records', got: g ? describeRecord(g) : 'no more records',
        ...(g?.cycle !== undefined ? { cycle: g.cycle } : {}),
        detail: e ? 'the core emitted fewer records than the spec' : 'the core emitted more records than the spec',
      };
    }
    let slot = e.values.findIndex((v, k) => g.values[k] !== v);
    if (slot < 0) slot = 0;
    const sameKind = e.tag === g.tag && e.layer === g.layer && e.group === g.group && e.proj === g.proj && e.index === g.index;
    return {
      step, token, record: m.at, layer: e.layer,
      tensor: e.names?.[slot] ?? `slot ${slot}`,
      expected: sameKind ? String(e.values[slot]) : describeRecord(e),
      got: sameKind ? String(g.values[slot]) : describeRecord(g),
      ...(g.cycle !== undefined ? { cycle: g.cycle } : {}),
      detail: sameKind ? describeRecord(g) : 'records out of order',
    };
  }

  /**
   * Writes a VCD of the cycles [from, to) (counted from the start of step `prefix.length`)
   * while the core consumes `token`, after replaying `prefix` from a fresh start. Used to
   * show the window around a mismatch; the session is rewound first.
   */
  async traceWindow(prefix: readonly number[], token: number, from: number, to: number, file: string): Promise<void> {
    await this.restart();
    for (const t of prefix) await this.coreSim.step(t, { debug: false });
    this.fed = [...prefix];
    const tb = this.coreSim.tb;
    const lead = Math.max(0, from);
    const span = Math.max(1, to - lead);
    const first = tb.stimulus(['start', 'token'], Math.max(1, lead));
    first.set(0, 'start', 1).set(0, 'token', token);
    await tb.batch(first, { outputs: ['done'], sampleAt: [] });
    await tb.trace(file);
    await tb.batch(tb.stimulus(['start', 'token'], span), { outputs: ['done'], sampleAt: [] });
    await tb.traceOff();
  }

  /** The boot (parameter load) reads memory too: per-step word counts start after it. */
  private async countBootWords(): Promise<void> {
    this.memWordsSeen = (await this.coreSim.tb.memory?.stats())?.words ?? 0;
  }

  /**
   * Starts the wall-clock attribution afresh: a step's wall time runs from the end of the
   * previous step (so the caller's work between steps counts) unless this was called since.
   */
  resetClock(): void {
    this.lastStepEnd = undefined;
  }

  /** Rewind the core, the spec and the reference to the start of a sequence. */
  async restart(): Promise<void> {
    this.lastStepEnd = undefined;
    await this.freshCore();
    this.spec.reset();
    this.reference?.reset();
    this.steps = 0;
  }

  /**
   * A fresh core that has consumed the tokens fed so far (the spec and the reference stay
   * as they are): undoes a queued step the harness ran for a token the caller did not bring.
   */
  private async replay(): Promise<void> {
    const tokens = this.fed;
    await this.freshCore();
    for (const t of tokens) {
      const r = await this.coreSim.stepChecked(t, undefined);
      this.memWordsSeen = r.memWords;
    }
    this.fed = [...tokens];
  }

  /** Closes the core (at once when a queued step would keep it busy) and boots a new one. */
  private async freshCore(): Promise<void> {
    this.dropQueued();
    this.fed = [];
    await this.coreSim.close();
    this.coreSim = await CoreSim.start(this.spec.model, this.hardware);
    await this.countBootWords();
  }

  /** Forgets the step computed ahead; a step queued for it in the harness is cut short. */
  private dropQueued(): void {
    if (this.ahead?.queued) this.coreSim.tb.kill();
    this.ahead = undefined;
  }

  async close(): Promise<void> {
    this.dropQueued();
    await this.coreSim.close();
  }
}

