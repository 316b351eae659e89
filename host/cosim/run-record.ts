/**
 * The machine-readable record of one `ternforge run` or `ternforge verify`: what ran, on
 * which hardware configuration, and what came out, token by token. `--json` prints it and
 * `ternforge report` turns it into a Markdown page with plots.
 */
import { GROUP_NAMES, type CoreRecord } from './core-trace.ts';
import type { ModelConfig } from '../model/model.ts';
import type { HardwareSession, Mismatch, TokenReport } from './driver.ts';

export const RUN_RECORD_VERSION = 1;

export interface TokenEntry {
  step: number;
  /** The token fed to the core at this step. */
  token: number;
  phase: 'prompt' | 'generated';
  /** The token chosen from this step's logits (for the last prompt token and generated ones). */
  next?: number;
  argmax: number;
  floatArgmax?: number;
  floatMaxAbsDiff?: number;
  bitExact: boolean;
  recordsChecked: number;
  cycles: number;
  /** Simulation cycle (since reset) at which the step started. */
  startCycle: number;
  /**
   * The core's counters (words: memory words the accumulator consumed) and memWords, the
   * words the memory model served in the step: weights, the embedding row, prefetches.
   */
  perf: { words: number; cycles: number; pass: number; scalar: number; stall: number; memWords?: number };
  simSeconds: number;
  bridgeSeconds: number;
  hostSeconds: number;
  /** Wall-clock seconds of the step (simulation and golden models overlap). */
  wallSeconds: number;
  /** Golden-model seconds, most of them hidden behind the simulation. */
  goldenSeconds: number;
}

/** Cycle at which each (layer, group) of one token began, from the core's debug records. */
export interface PhaseMark {
  layer: number;
  /** 'ifg' | 'o' | 'gate_up' | 'down' | 'head' */
  group: string;
  cycle: number;
}

export interface RunRecord {
  version: number;
  command: 'run' | 'verify';
  model: { dir: string; config: ModelConfig; ternaryWeights: number };
  hardware: {
    top: string;
    lanes: number;
    /** Row units of the core, when more than one (lanes · rowUnits weights per cycle). */
    rowUnits?: number;
    format: string;
    memLatency: number;
    memWordBits: number;
    imageBytes: number;
    /** Weight words of one token (all projections and lm_head). */
    weightWordsPerToken: number;
  };
  prompt?: string;
  text?: string;
  /** Set when the run was stopped early by Ctrl-C: the record covers the tokens done. */
  interrupted?: boolean;
  sampling?: { temperature: number; topK: number; topP: number; seed: number };
  tokens: TokenEntry[];
  /** Phase boundaries of the first token whose records were checked. */
  phases: PhaseMark[];
  verdict: { bitExact: boolean; tokensChecked: number; recordsChecked: number; mismatch?: Mismatch };
  floatAgreement?: { top1: number; of: number; maxAbsLogitDiff: number };
  figures: {
    tokens: number;
    seconds: number;
    simSeconds: number;
    bridgeSeconds: number;
    hostSeconds: number;
    /** Golden-model seconds in all, mostly overlapped with the simulation. */
    goldenSeconds: number;
    /** Tokens per second of wall-clock time through the verified decode loop. */
    tokensPerSecond: number;
    cyclesPerToken: number;
    idealCyclesPerToken: number;
    laneUtilization: number;
    simCyclesPerSecond: number;
    weightBitsPerWeight: number;
    /** Share of the steps' wall-clock time not spent in the simulator's own loop. */
    outsideSimulatorShare: number;
  };
}

/** First cycle of every (layer, group) in one token's record stream. */
export function phaseMarks(records: readonly CoreRecord[], tokenStartCycle: number): PhaseMark[] {
  const marks: PhaseMark[] = [];
  let last = '';
  for (const r of records) {
    const key = `${r.layer}/${r.group}`;
    if (r.tag === 1 || key === last || r.cycle === undefined) continue; // tag 1: embedding
    last = key;
    marks.push({ layer: r.layer, group: GROUP_NAMES[r.group] ?? String(r.group), cycle: r.cycle - tokenStartCycle });
  }
  return marks;
}

export function tokenEntry(r: TokenReport, phase: 'prompt' | 'generated', next?: number): TokenEntry {
  return {
    step: r.step, token: r.token, phase, ...(next !== undefined ? { next } : {}),
    argmax: r.argmax,
    ...(r.floatArgmax !== undefined ? { floatArgmax: r.floatArgmax, floatMaxAbsDiff: r.floatMaxAbsDiff! } : {}),
    bitExact: r.bitExact, recordsChecked: r.recordsChecked, cycles: r.cycles, startCycle: r.startCycle, perf: r.perf,
    simSeconds: r.simSeconds, bridgeSeconds: r.bridgeSeconds, hostSeconds: r.hostSeconds,
    wallSeconds: r.wallSeconds, goldenSeconds: r.goldenSeconds,
  };
}

/** The figures and verdict of a finished sequence of tokens. */
export function summarize(
  session: HardwareSession,
  command: RunRecord['command'],
  tokens: TokenEntry[],
  phases: PhaseMark[],
  mismatch: Mismatch | undefined,
  wallSeconds: number,
): RunRecord {
  const { layout, hardware, config } = session;
  const sum = (f: (t: TokenEntry) => number): number => tokens.reduce((a, t) => a + f(t), 0);
  const n = Math.max(1, tokens.length);
  const cyclesPerToken = sum((t) => t.cycles) / n;
  const rowUnits = hardware.rowUnits ?? 1;
  const idealCyclesPerToken = session.ternaryWeights / (hardware.lanes * rowUnits);
  const simSeconds = sum((t) => t.simSeconds);
  const bridgeSeconds = sum((t) => t.bridgeSeconds);
  const hostSeconds = sum((t) => t.hostSeconds);
  const stepSeconds = sum((t) => t.wallSeconds);
  const weightWords = layout.layerWords * config.numLayers + layout.headWords;
  const withFloat = tokens.filter((t) => t.floatArgmax !== undefined);
  const agreement =
    withFloat.length > 0
      ? {
          top1: withFloat.filter((t) => t.floatArgmax === t.argmax).length,
          of: withFloat.length,
          maxAbsLogitDiff: Math.max(...withFloat.map((t) => t.floatMaxAbsDiff!)),
        }
      : undefined;
  return {
    version: RUN_RECORD_VERSION,
    command,
    model: { dir: session.modelDir, config, ternaryWeights: session.ternaryWeights },
    hardware: {
      top: session.core.tb.name,
      lanes: hardware.lanes,
      ...(rowUnits > 1 ? { rowUnits } : {}),
      format: hardware.format,
      memLatency: hardware.memLatency,
      memWordBits: layout.memWordBits,
      imageBytes: session.core.image.bytes.length,
      weightWordsPerToken: weightWords,
    },
    tokens,
    phases,
    verdict: {
      bitExact: mismatch === undefined && tokens.every((t) => t.bitExact),
      tokensChecked: tokens.length,
      recordsChecked: sum((t) => t.recordsChecked),
      ...(mismatch ? { mismatch } : {}),
    },
    ...(agreement ? { floatAgreement: agreement } : {}),
    figures: {
      tokens: tokens.length,
      seconds: wallSeconds,
      simSeconds,
      bridgeSeconds,
      hostSeconds,
      tokensPerSecond: tokens.length / Math.max(1e-9, stepSeconds),
      cyclesPerToken,
      idealCyclesPerToken,
      laneUtilization: idealCyclesPerToken / Math.max(1, cyclesPerToken),
      simCyclesPerSecond: sum((t) => t.cycles) / Math.max(1e-9, simSeconds),
      weightBitsPerWeight: (weightWords * layout.memWordBits) / session.ternaryWeights,
      goldenSeconds: sum((t) => t.goldenSeconds),
      outsideSimulatorShare: Math.max(0, stepSeconds - simSeconds) / Math.max(1e-9, stepSeconds),
    },
  };
}

export class RunRecordError extends Error {
  override name = 'RunRecordError';
}

type Check = (v: unknown, at: string) => void;

const show = (v: unknown): string => {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 40 ? `${s.slice(0, 39)}…` : s;
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const finite: Check = (v, at) => {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RunRecordError(`${at} must be a finite number (got ${show(v)})`);
};
const count: Check = (v, at) => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new RunRecordError(`${at} must be an integer ≥ 0 (got ${show(v)})`);
};
const positive: Check = (v, at) => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new RunRecordError(`${at} must be an integer ≥ 1 (got ${show(v)})`);
};
const string: Check = (v, at) => {
  if (typeof v !== 'string') throw new RunRecordError(`${at} must be a string (got ${show(v)})`);
};
const boolean: Check = (v, at) => {
  if (typeof v !== 'boolean') throw new RunRecordError(`${at} must be true or false (got ${show(v)})`);
};
const oneOf =
  (...values: string[]): Check =>
  (v, at) => {
    if (typeof v !== 'string' || !values.includes(v)) throw new RunRecordError(`${at} must be one of ${values.join(', ')} (got ${show(v)})`);
  };
const optional =
  (c: Check): Check =>
  (v, at) => {
    if (v !== undefined) c(v, at);
  };
const object =
  (fields: Record<string, Check>): Check =>
  (v, at) => {
    if (!isObject(v)) throw new RunRecordError(`${at} must be an object (got ${show(v)})`);
    for (const [k, c] of Object.entries(fields)) c(v[k], `${at}.${k}`);
  };
const array =
  (item: Check, min = 0): Check =>
  (v, at) => {
    if (!Array.isArray(v)) throw new RunRecordError(`${at} must be an array (got ${show(v)})`);
    if (v.length < min) throw new RunRecordError(`${at} is empty; the record has no ${at.split('.').pop()}`);
    v.forEach((x, i) => item(x, `${at}[${i}]`));
  };

const TOKEN: Check = object({
  step: count,
  token: count,
  phase: oneOf('prompt', 'generated'),
  next: optional(count),
  argmax: count,
  floatArgmax: optional(count),
  floatMaxAbsDiff: optional(finite),
  bitExact: boolean,
  recordsChecked: count,
  cycles: count,
  startCycle: count,
  perf: object({ words: count, cycles: count, pass: count, scalar: count, stall: count, memWords: optional(count) }),
  simSeconds: finite,
  bridgeSeconds: finite,
  hostSeconds: finite,
  wallSeconds: finite,
  goldenSeconds: finite,
});

const RECORD: Check = object({
  command: oneOf('run', 'verify'),
  model: object({
    dir: string,
    config: object({ hiddenSize: positive, numLayers: positive, intermediateSize: positive, vocabSize: positive }),
    ternaryWeights: positive,
  }),
  hardware: object({
    top: string,
    lanes: positive,
    format: string,
    memLatency: positive,
    memWordBits: positive,
    imageBytes: positive,
    weightWordsPerToken: positive,
  }),
  prompt: optional(string),
  text: optional(string),
  interrupted: optional(boolean),
  tokens: array(TOKEN, 1),
  phases: array(object({ layer: count, group: string, cycle: count })),
  verdict: object({ bitExact: boolean, tokensChecked: count, recordsChecked: count, mismatch: optional(object({ step: count, tensor: string })) }),
  floatAgreement: optional(object({ top1: count, of: count, maxAbsLogitDiff: finite })),
  figures: object({
    tokens: count,
    seconds: finite,
    simSeconds: finite,
    bridgeSeconds: finite,
    hostSeconds: finite,
    goldenSeconds: finite,
    tokensPerSecond: finite,
    cyclesPerToken: finite,
    idealCyclesPerToken: finite,
    laneUtilization: finite,
    simCyclesPerSecond: finite,
    weightBitsPerWeight: finite,
    outsideSimulatorShare: finite,
  }),
});

/**
 * Checks that parsed JSON is a run record this version reads: the version, every field the
 * report uses with its type, at least one token. Throws one line naming the first bad field.
 */
export function validateRunRecord(value: unknown, source: string): RunRecord {
  const fail = (why: string): never => {
    throw new RunRecordError(`${source}: not a usable run record: ${why}; write one with 'ternforge run --record FILE'`);
  };
  if (!isObject(value)) return fail(`expected a JSON object (got ${show(value)})`);
  if (value['version'] !== RUN_RECORD_VERSION) {
    return fail(`version ${show(value['version'])} is not supported (this ternforge reads version ${RUN_RECORD_VERSION})`);
  }
  try {
    RECORD(value, 'record');
  } catch (e) {
    if (e instanceof RunRecordError) return fail(e.message);
    throw e;
  }
  return value as unknown as RunRecord;
}

/** The first mismatch of a run as one line. */
export function formatMismatch(m: Mismatch): string {
  const at = m.cycle !== undefined ? `, cycle ${m.cycle}` : '';
  return `first mismatch at step ${m.step} (token ${m.token}), layer ${m.layer}, ${m.tensor}: spec ${m.expected}, core ${m.got}${at} — ${m.detail}`;
}
