/**
 * `run --board` (the hook in `run`: a simulated board over its UART) and what the board
 * commands share; the commands `bitstream`, `serial` and `project` are modules of their own
 * (docs/BOARD.md).
 */
import type { Argv } from 'yargs';
import { EXIT } from './common.ts';
import { boardRun, formatBoardRun } from '../../host/board/board-run.ts';
import { type BoardSpec, loadBoard } from '../../host/board/board-spec.ts';
import { preset } from '../../hdl-gen/blocks/lm-core/presets.ts';
import type { WeightFormat } from '../../hdl-gen/blocks/lm-core-layout.ts';

/**
 * The core a board command builds: --preset, or --lanes (with --format, default base3), or the
 * board's own preset (`preset` in its JSON: up5k for the iCEBreaker).
 */
export function boardCoreShape(a: Record<string, unknown>, board: BoardSpec): { lanes: number; format: WeightFormat } {
  if (a.preset !== undefined) {
    if (a.lanes !== undefined || a.format !== undefined) throw new BoardUsageError('--preset sets the lanes and the format; give either --preset or --lanes/--format');
    const p = preset(String(a.preset));
    return { lanes: p.lanes, format: p.format };
  }
  if (a.lanes === undefined) {
    if (a.format !== undefined) throw new BoardUsageError(`--format needs --lanes (without them the board's preset ${board.preset} sets both)`);
    const p = preset(board.preset);
    return { lanes: p.lanes, format: p.format };
  }
  return { lanes: positiveInt(a, 'lanes'), format: (a.format ?? 'base3') as WeightFormat };
}

/** A bad command line of a board command: exit 2. */
export class BoardUsageError extends Error {
  override name = 'BoardUsageError';
  readonly exitCode = EXIT.usage;
}

/** Options of `run` that only apply with --board. */
export function boardRunFlags<T>(y: Argv<T>) {
  return y
    .option('board', { type: 'string', describe: 'run on a simulated board over its UART (boards/NAME.json or a JSON path), e.g. icebreaker' })
    .option('sck-divider', { type: 'number', default: 1, describe: 'with --board: flash SCK = clock / (2 · divider)' })
    .option('ddr', { type: 'boolean', describe: "with --board: double-data-rate flash reader, SCK = clock (default: the board's build; --no-ddr for SCK = clock / 2)" })
    .option('clock-mhz', { type: 'number', describe: "with --board: core clock (default: the board's build clock, e.g. 24 MHz for the iCEBreaker)" })
    .option('logits', { type: 'boolean', default: false, describe: 'with --board: stream every logit over the UART and check it too' });
}

export async function cmdBoardRun(a: Record<string, unknown>, modelDir: string): Promise<number> {
  const maxTokens = a['max-tokens'] as number;
  if (!Number.isInteger(maxTokens) || maxTokens < 1 || maxTokens > 65536) throw new BoardUsageError(`--max-tokens must be 1..65536 with --board (got ${maxTokens})`);
  if ((a.temperature as number) !== 0) throw new BoardUsageError('--board decodes greedily on the chip; --temperature must be 0');
  const div = a['sck-divider'] as number;
  if (!Number.isInteger(div) || div < 1) throw new BoardUsageError(`--sck-divider must be a positive integer (got ${div})`);
  const prompt = a.prompt as string;
  if (prompt.trim() === '') throw new BoardUsageError('the prompt is empty; pass --prompt with some text');
  const json = a.json === true;
  const board = loadBoard(a.board as string);
  const r = await boardRun({
    board: a.board as string,
    modelDir,
    prompt,
    maxTokens,
    ...boardCoreShape(a, board),
    sckDivider: div,
    ...boardBuild(a, board),
    logits: a.logits as boolean,
    json,
    out: (s) => process.stdout.write(s),
    progress: (s) => process.stderr.isTTY && process.stderr.write(`\r\x1b[K${s}`),
  });
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  process.stdout.write(json ? `${JSON.stringify(r)}\n` : `${formatBoardRun(r)}\n`);
  return r.bitExact ? 0 : 1;
}

/**
 * The core clock and flash reader of a board command: --clock-mhz and --ddr / --no-ddr, else the
 * board's `build` (its description's defaults).
 */
export function boardBuild(a: Record<string, unknown>, board: BoardSpec): { clockHz: number; ddr?: true } {
  const mhz = a['clock-mhz'] as number | undefined;
  if (mhz !== undefined && !(mhz > 0)) throw new BoardUsageError(`--clock-mhz must be positive (got ${mhz})`);
  const ddr = a.ddr === undefined ? board.build.ddr : a.ddr === true;
  return { clockHz: mhz !== undefined ? mhz * 1e6 : board.build.coreClockHz, ...(ddr ? { ddr: true as const } : {}) };
}

/** A flag that must be a positive integer. */
export function positiveInt(a: Record<string, unknown>, flag: string): number {
  const v = a[flag];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new BoardUsageError(`--${flag} must be a positive integer (got ${String(v)})`);
  return v;
}
