/**
 * The machine-readable record of one `ternforge run` or `ternforge verify`: what ran, on
 * which hardware configuration, and what came out, token by token. `--json` prints it and
 * `ternforge report` turns it into a Markdown page with plots.
 */
import { GROUP_NAMES, type CoreRecord } from './intspec/core-trace.ts';
import type { ModelConfig } from './model.ts';
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
  perf: { words: number; cycles: number; pass: number; scalar: number; stall: number };
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
    format: string;
    memLatency: number;
    memWordBits: number;
    imageBytes: number;
    /** Weight words of one token (all projections and lm_head). */
    weightWordsPerToken: number;
  };
  prompt?: string;
  text?: string;
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
  const idealCyclesPerToken = session.ternaryWeights / hardware.lanes;
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
