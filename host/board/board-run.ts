/**
 * `ternforge run --board NAME`: the prompt goes to the simulated board over its UART exactly
 * as a program on the PC would send it (host/board/protocol.ts), and every token that comes
 * back (and, with --logits, every logit) is checked bit for bit against the integer spec. The
 * cycles between the board's replies give the tokens/s the real board reaches at the
 * simulated clock and flash rate.
 */
import { loadCheckpoint } from '../model/checkpoint.ts';
import { toIntModel } from '../spec/int-model.ts';
import { IntSpec } from '../spec/int-spec.ts';
import { TextTokenizer } from '../model/tokenizer.ts';
import type { WeightFormat } from '../../hdl-gen/blocks/lm-core-layout.ts';
import { coreShapeOf } from '../image/core-image.ts';
import { BoardSim } from './board-sim.ts';
import { loadBoard } from './board-spec.ts';
import { coreCycles, quadSpiFeed } from './core-cycles.ts';
import { BoardLink, ProtocolError, type StepReply } from './protocol.ts';

export interface BoardRunOptions {
  board: string;
  modelDir: string;
  prompt: string;
  maxTokens: number;
  lanes: number;
  format: WeightFormat;
  sckDivider: number;
  ddr?: boolean;
  clockHz?: number;
  logits: boolean;
  json: boolean;
  out: (s: string) => void;
  progress?: (s: string) => void;
}

export interface BoardRunResult {
  board: string;
  promptTokens: number[];
  generated: number[];
  text: string;
  bitExact: boolean;
  firstMismatch?: string;
  logitsChecked: number;
  clockHz: number;
  sckHz: number;
  /** Cycles between successive generated-token replies (simulated). */
  cyclesPerToken: number;
  /** The formula's cycles per token for the same clock and flash (projected). */
  formulaCyclesPerToken: number;
  tokensPerSecond: number;
  simSeconds: number;
}

export async function boardRun(o: BoardRunOptions): Promise<BoardRunResult> {
  const board = loadBoard(o.board);
  const { model } = loadCheckpoint(o.modelDir);
  const tokenizer = TextTokenizer.fromFolder(o.modelDir, model.config);
  const spec = new IntSpec(toIntModel(model));
  const ids = tokenizer.encode(o.prompt);
  const t0 = performance.now();
  o.progress?.(`building the ${board.name} board with the core for ${o.modelDir} (Verilator)`);
  const sim = await BoardSim.start(spec.model, board, { lanes: o.lanes, format: o.format, sckDivider: o.sckDivider, ...(o.ddr ? { ddr: true } : {}), ...(o.clockHz ? { clockHz: o.clockHz } : {}) });
  const clockHz = sim.build.clockHz;
  const link = new BoardLink(sim);
  try {
    // The board announces itself after power-up; a PC program resets it to start clean.
    await sim.read(1);
    const arrivals: number[] = [];
    const conv = await converse(link, spec, tokenizer, ids, o, () => arrivals.push(sim.arrivals[sim.arrivals.length - 1]!));
    const { generated, bitExact, firstMismatch, logitsChecked } = conv;
    const cyclesPerToken = arrivals.length >= 2 ? (arrivals[arrivals.length - 1]! - arrivals[0]!) / (arrivals.length - 1) : NaN;
    const shape = coreShapeOf(spec.model, o.lanes, o.format);
    const est = coreCycles(shape, quadSpiFeed(sim.build.image.layout.memWordBits, sim.build.sckDivider, board.flash.quadReadDummyCycles, sim.build.ddr));
    return {
      board: board.name,
      promptTokens: ids,
      generated,
      text: tokenizer.decode(generated),
      bitExact,
      ...(firstMismatch ? { firstMismatch } : {}),
      logitsChecked,
      clockHz,
      sckHz: sim.build.ddr ? clockHz : clockHz / (2 * sim.build.sckDivider),
      cyclesPerToken,
      formulaCyclesPerToken: est.total,
      tokensPerSecond: clockHz / cyclesPerToken,
      simSeconds: (performance.now() - t0) / 1000,
    };
  } finally {
    await sim.close();
  }
}

export interface Conversation {
  generated: number[];
  bitExact: boolean;
  firstMismatch?: string;
  logitsChecked: number;
}

/**
 * What a PC program does with a board: reset it, check its model, send the prompt token by
 * token, let it generate greedily, and check every token (and logit) against the integer spec.
 * `spec` must be fresh (no steps taken). `onGenerated` runs as each generated token arrives.
 */
export async function converse(
  link: BoardLink,
  spec: IntSpec,
  tokenizer: TextTokenizer,
  ids: number[],
  o: { maxTokens: number; logits: boolean; json: boolean; prompt: string; out: (s: string) => void; progress?: (s: string) => void },
  onGenerated?: () => void,
): Promise<Conversation> {
  const info = await link.reset();
  const cfg = spec.model.config;
  if (info.vocabSize !== cfg.vocabSize || info.numLayers !== cfg.numLayers) {
    throw new ProtocolError(`the board reports vocab ${info.vocabSize}, ${info.numLayers} layers; the model has ${cfg.vocabSize}, ${cfg.numLayers}`);
  }
  let bitExact = true;
  let firstMismatch: string | undefined;
  let logitsChecked = 0;
  const check = (what: string, got: StepReply, want: { argmax: number; logits: Float64Array }): void => {
    if (got.token !== want.argmax && bitExact) {
      bitExact = false;
      firstMismatch = `${what}: the board sent token ${got.token}, the integer spec says ${want.argmax}`;
    }
    if (got.logits) {
      for (let i = 0; i < got.logits.length; i++) {
        if (got.logits[i] !== want.logits[i] && bitExact) {
          bitExact = false;
          firstMismatch = `${what}: logit ${i} is ${got.logits[i]} on the board, ${want.logits[i]} in the integer spec`;
        }
      }
      logitsChecked += got.logits.length;
    }
  };
  if (o.logits) await link.setLogits(true);
  let last: StepReply | undefined;
  for (let i = 0; i < ids.length; i++) {
    o.progress?.(`prompt token ${i + 1}/${ids.length}`);
    last = await link.prompt(ids[i]!);
    check(`prompt token ${i}`, last, spec.step(ids[i]!));
  }
  const generated = [last!.token];
  if (!o.json) o.out(o.prompt + tokenizer.decode([last!.token]));
  if (o.maxTokens > 1) {
    await link.generate(o.maxTokens - 1, (r, i) => {
      check(`generated token ${i + 1}`, r, spec.step(generated[generated.length - 1]!));
      generated.push(r.token);
      onGenerated?.();
      if (!o.json) o.out(tokenizer.decode([r.token]));
      o.progress?.(`token ${generated.length}/${o.maxTokens}`);
    });
  }
  return { generated, bitExact, ...(firstMismatch ? { firstMismatch } : {}), logitsChecked };
}

export function formatBoardRun(r: BoardRunResult): string {
  const mhz = (hz: number): string => `${(hz / 1e6).toFixed(3).replace(/\.?0+$/, '')} MHz`;
  return [
    '',
    `board ${r.board}: ${r.promptTokens.length} prompt tokens in over the UART, ${r.generated.length} tokens out`,
    r.bitExact
      ? `bit-exact: every token${r.logitsChecked ? ` and all ${r.logitsChecked} logits` : ''} equal to the integer spec`
      : `MISMATCH: ${r.firstMismatch}`,
    `core clock ${mhz(r.clockHz)}, flash SCK ${mhz(r.sckHz)} (quad I/O, ${(r.sckHz * 4 / 8e6).toFixed(1)} MB/s)`,
    `cycles per generated token: ${Number.isFinite(r.cyclesPerToken) ? Math.round(r.cyclesPerToken) : 'n/a (fewer than 3 tokens)'} (simulated${r.logitsChecked ? ', with every logit sent over the UART' : ''}), ${r.formulaCyclesPerToken} (formula for the core behind the flash, projected)`,
    `real board at this clock and flash rate: ${Number.isFinite(r.tokensPerSecond) ? r.tokensPerSecond.toFixed(2) : 'n/a'} tokens/s (from the simulated cycles)`,
    `simulation: ${r.simSeconds.toFixed(1)} s wall-clock`,
  ].join('\n');
}
