/**
 * The board commands of the ternforge command line: `run --board` (the hook in `run`),
 * `project`, `bitstream` and `serial` (docs/BOARD.md).
 */
import type { Argv, CommandModule } from 'yargs';
import { boardRun, formatBoardRun } from '../../host/board/board-run.ts';
import { SHAPES, SYSTEMS, formatProjection, project, type MemorySystem } from '../../host/board/projection.ts';

export class BoardUsageError extends Error {
  override name = 'BoardUsageError';
}

/** Options of `run` that only apply with --board. */
export function boardRunFlags<T>(y: Argv<T>) {
  return y
    .option('board', { type: 'string', describe: 'run on a simulated board over its UART (boards/NAME.json or a JSON path), e.g. icebreaker' })
    .option('sck-divider', { type: 'number', default: 1, describe: 'with --board: flash SCK = clock / (2 · divider)' })
    .option('clock-mhz', { type: 'number', describe: "with --board: core clock (default: the board's oscillator)" })
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
  const r = await boardRun({
    board: a.board as string,
    modelDir,
    prompt,
    maxTokens,
    lanes: a.lanes as number,
    format: a.format as 'base3' | '2bit',
    sckDivider: div,
    ...(a['clock-mhz'] !== undefined ? { clockHz: (a['clock-mhz'] as number) * 1e6 } : {}),
    logits: a.logits as boolean,
    json,
    out: (s) => process.stdout.write(s),
    progress: (s) => process.stderr.isTTY && process.stderr.write(`\r\x1b[K${s}`),
  });
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  process.stdout.write(json ? `${JSON.stringify(r)}\n` : `${formatBoardRun(r)}\n`);
  return r.bitExact ? 0 : 1;
}

function projectSystem(a: Record<string, unknown>): MemorySystem {
  const name = a.system as string;
  const base = SYSTEMS[name];
  if (!base) throw new BoardUsageError(`--system ${name}: use one of ${Object.keys(SYSTEMS).join(', ')}`);
  const s = { ...base };
  const pos = (flag: string): number | undefined => {
    const v = a[flag];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !(v > 0)) throw new BoardUsageError(`--${flag} must be a positive number (got ${String(v)})`);
    return v;
  };
  const lanes = pos('lanes');
  if (lanes !== undefined) {
    if (!Number.isInteger(lanes)) throw new BoardUsageError(`--lanes must be an integer (got ${lanes})`);
    s.lanes = lanes;
  }
  const clk = pos('clock-mhz');
  if (clk !== undefined) s.clockHz = clk * 1e6;
  const bw = pos('mem-mbps');
  if (bw !== undefined) s.bytesPerSecond = bw * 1e6;
  const lat = a['mem-latency-ns'];
  if (lat !== undefined) {
    if (typeof lat !== 'number' || !(lat >= 0)) throw new BoardUsageError(`--mem-latency-ns must be ≥ 0 (got ${String(lat)})`);
    s.latencySeconds = lat * 1e-9;
  }
  const pj = pos('mem-pj-per-bit');
  if (pj !== undefined) s.pjPerBit = pj;
  if ([lanes, clk, bw, lat, pj].some((v) => v !== undefined)) s.name = `${s.name}, with the flags' overrides`;
  return s;
}

export function boardCommands(setCode: (code: number) => void): CommandModule[] {
  return [
    {
      command: 'project',
      describe: 'projected tokens/s and energy per token of the shipped, 370M, 1.3B and 2.7B shapes on a device and memory system',
      builder: (y) =>
        y
          .option('system', { type: 'string', default: 'icebreaker', describe: `one of ${Object.keys(SYSTEMS).join(', ')}` })
          .option('all', { type: 'boolean', default: false, describe: 'every system, one table each' })
          .option('lanes', { type: 'number', describe: 'override: ternary lanes' })
          .option('clock-mhz', { type: 'number', describe: 'override: core clock' })
          .option('mem-mbps', { type: 'number', describe: 'override: sustained memory bandwidth, MB/s' })
          .option('mem-latency-ns', { type: 'number', describe: 'override: latency before a burst’s first word' })
          .option('mem-pj-per-bit', { type: 'number', describe: 'override: off-chip energy per bit' })
          .option('json', { type: 'boolean', default: false }),
      handler: (a) => {
        const systems = a.all ? Object.values(SYSTEMS) : [projectSystem(a)];
        const tables = systems.map((s) => SHAPES.map((shape) => project(shape, s)));
        if (a.json) process.stdout.write(`${JSON.stringify(tables)}\n`);
        else process.stdout.write(`${tables.map(formatProjection).join('\n\n')}\n`);
        setCode(0);
      },
    },
  ];
}
