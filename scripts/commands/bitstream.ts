/** `ternforge bitstream`: the board top with the core (or the flash probe) through synthesis, place and route and packing (docs/BOARD.md). */
import { loadCheckpoint } from '../../host/model/checkpoint.ts';
import { toIntModel } from '../../host/spec/int-model.ts';
import { buildBitstream, formatBitstream } from '../../host/board/bitstream.ts';
import { loadBoard } from '../../host/board/board-spec.ts';
import { DEFAULT_MODEL } from '../../host/cosim/driver.ts';
import { BoardUsageError, boardBuild, boardCoreShape, positiveInt } from './board.ts';
import { modelDir, type Args, type CliCommand } from './common.ts';
import { PRESET_NAMES } from '../../hdl-gen/blocks/lm-core/presets.ts';
import { TOOL_SETS, type ToolSet } from '../../fpga/fpga-flow.ts';

function toolSet(v: unknown): ToolSet {
  if (!(TOOL_SETS as readonly unknown[]).includes(v)) throw new BoardUsageError(`--tools must be one of ${TOOL_SETS.join(', ')} (got ${String(v)})`);
  return v as ToolSet;
}

/** `--seed 1,2,3`: positive integers, tried in order until timing is met. */
function seedList(v: unknown): number[] {
  const parts = String(v).split(',').map((x) => x.trim());
  const seeds = parts.map(Number);
  if (seeds.some((x, i) => parts[i] === '' || !Number.isInteger(x) || x < 1)) throw new BoardUsageError(`--seed must be a positive integer or a comma-separated list of them (got ${String(v)})`);
  return seeds;
}

async function run(a: Args): Promise<number> {
  const board = loadBoard(a.board as string);
  const probe = a.probe === true;
  if (probe && a.model !== undefined) throw new BoardUsageError('--probe builds the flash probe instead of a model’s core; drop --model');
  const dir = modelDir(a.model);
  const model = probe ? undefined : toIntModel(loadCheckpoint(dir).model);
  const r = await buildBitstream({
    board,
    outDir: a.out as string,
    ...(model ? { model, modelName: dir } : {}),
    ...boardCoreShape(a, board),
    ...boardBuild(a, board),
    sckDivider: positiveInt(a, 'sck-divider'),
    timeoutMs: positiveInt(a, 'timeout') * 1000,
    seeds: seedList(a.seed),
    tools: toolSet(a.tools),
    onStep: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(a.json ? `${JSON.stringify(r)}\n` : `${formatBitstream(r)}\n`);
  return r.met ? 0 : 1;
}

export const bitstreamCommand: CliCommand = {
  command: 'bitstream',
  describe: 'synthesize, place, route and pack the board top with the core (or the flash probe) for a board, with the flash image and programming instructions',
  builder: (y) =>
    y
      .option('board', { type: 'string', default: 'icebreaker', describe: 'boards/NAME.json or a board JSON path' })
      .option('model', { type: 'string', describe: `MMfreeLM folder (default: the shipped ${DEFAULT_MODEL})` })
      .option('probe', { type: 'boolean', default: false, describe: 'the flash probe instead of a model’s core (board bring-up)' })
      .option('out', { type: 'string', default: 'build/bitstream', describe: 'output folder' })
      .option('preset', { choices: PRESET_NAMES, requiresArg: true, describe: "core preset (default: the board's, up5k for the iCEBreaker)" })
      .option('lanes', { type: 'number', requiresArg: true, describe: 'ternary lanes, instead of --preset' })
      .option('format', { choices: ['base3', '2bit'] as const, requiresArg: true, describe: 'weight format with --lanes (default base3)' })
      .option('clock-mhz', { type: 'number', describe: "core clock, through the PLL unless it is the oscillator's (default: the board's build clock, 24 MHz for the iCEBreaker)" })
      .option('sck-divider', { type: 'number', default: 1, describe: 'flash SCK = clock / (2 · divider)' })
      .option('ddr', { type: 'boolean', describe: "double-data-rate flash reader: SCK = clock (default: the board's build; --no-ddr for SCK = clock / (2 · divider))" })
      .option('timeout', { type: 'number', default: 3600, describe: 'seconds for the whole flow' })
      .option('seed', { type: 'string', default: '1,2,3', describe: "nextpnr's placement seeds, tried in order until timing is met (synthesis runs once)" })
      .option('tools', { type: 'string', default: 'yowasp', describe: 'yowasp: pinned WebAssembly Yosys/nextpnr/icepack from npm; system: yosys, nextpnr-ice40, icepack on PATH' })
      .option('json', { type: 'boolean', default: false }),
  run,
};
