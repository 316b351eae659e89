/**
 * The board commands of the ternforge command line: `run --board` (the hook in `run`),
 * `project`, `bitstream` and `serial` (docs/BOARD.md).
 */
import type { Argv, CommandModule } from 'yargs';
import { EXIT, type CliCommand } from './common.ts';
import { loadCheckpoint } from '../../host/model/checkpoint.ts';
import { modelConfigForShape } from '../../host/model/config.ts';
import { coreShapeOf } from '../../host/image/core-image.ts';
import { CoreSim } from '../../host/cosim/core-sim.ts';
import { randomPreparedModel } from '../../host/fixtures/random-model.ts';
import { coreCycles } from '../../host/board/core-cycles.ts';
import { toIntModel } from '../../host/spec/int-model.ts';
import { IntSpec } from '../../host/spec/int-spec.ts';
import { TextTokenizer } from '../../host/model/tokenizer.ts';
import { buildBitstream, formatBitstream, PROBE_WORD_BITS, probeImage } from '../../host/board/bitstream.ts';
import { boardRun, converse, formatBoardRun } from '../../host/board/board-run.ts';
import { loadBoard } from '../../host/board/board-spec.ts';
import { BoardLink, ProtocolError } from '../../host/board/protocol.ts';
import { openPort } from '../../host/board/serial-port.ts';
import { SHAPES, SYSTEMS, formatProjection, project, type MemorySystem } from '../../host/board/projection.ts';

export class BoardUsageError extends Error {
  override name = 'BoardUsageError';
  readonly exitCode = EXIT.usage;
}

/** Options of `run` that only apply with --board. */
export function boardRunFlags<T>(y: Argv<T>) {
  return y
    .option('board', { type: 'string', describe: 'run on a simulated board over its UART (boards/NAME.json or a JSON path), e.g. icebreaker' })
    .option('sck-divider', { type: 'number', default: 1, describe: 'with --board: flash SCK = clock / (2 · divider)' })
    .option('ddr', { type: 'boolean', default: false, describe: 'with --board: double-data-rate flash reader, SCK = clock' })
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
    ...(a.ddr === true ? { ddr: true } : {}),
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

function positiveInt(a: Record<string, unknown>, flag: string): number {
  const v = a[flag];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new BoardUsageError(`--${flag} must be a positive integer (got ${String(v)})`);
  return v;
}

async function cmdBitstream(a: Record<string, unknown>, defaultModel: string): Promise<number> {
  const board = loadBoard(a.board as string);
  const probe = a.probe === true;
  if (probe && a.model !== undefined) throw new BoardUsageError('--probe builds the flash probe instead of a model’s core; drop --model');
  const modelDir = (a.model as string | undefined) ?? defaultModel;
  const model = probe ? undefined : toIntModel(loadCheckpoint(modelDir).model);
  const clock = a['clock-mhz'] as number | undefined;
  if (clock !== undefined && !(clock > 0)) throw new BoardUsageError(`--clock-mhz must be positive (got ${clock})`);
  const r = await buildBitstream({
    board,
    outDir: a.out as string,
    ...(model ? { model, modelName: modelDir } : {}),
    lanes: positiveInt(a, 'lanes'),
    format: a.format as 'base3' | '2bit',
    ...(clock !== undefined ? { clockHz: clock * 1e6 } : {}),
    sckDivider: positiveInt(a, 'sck-divider'),
    ...(a.ddr === true ? { ddr: true } : {}),
    timeoutMs: positiveInt(a, 'timeout') * 1000,
    onStep: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(a.json ? `${JSON.stringify(r)}\n` : `${formatBitstream(r)}\n`);
  return r.met ? 0 : 1;
}

async function cmdSerial(a: Record<string, unknown>, defaultModel: string): Promise<number> {
  const board = loadBoard(a.board as string);
  const io = await openPort(a.port as string, (a.baud as number | undefined) ?? board.uart.baud, positiveInt(a, 'timeout') * 1000);
  const link = new BoardLink(io);
  const t0 = performance.now();
  try {
    if (a.probe === true) {
      // The flash probe answers token t with the low byte of image word t and that word's low 32 bits as its logit.
      const info = await link.reset();
      if (info.vocabSize !== 256) throw new ProtocolError(`the board reports vocab ${info.vocabSize}; the flash probe has 256`);
      await link.setLogits(true);
      const img = probeImage();
      const wb = PROBE_WORD_BITS / 8;
      let bad = 0;
      for (const t of [0, 1, 2, 127, 128, 254, 255]) {
        const r = await link.prompt(t);
        const want = new DataView(img.buffer, t * wb, 4).getInt32(0, true);
        if (r.token !== img[t * wb]! || r.logits?.[0] !== want) bad++;
        process.stdout.write(`word ${t}: token ${r.token}, logit ${r.logits?.[0]} (image: ${img[t * wb]}, ${want})\n`);
      }
      process.stdout.write(bad === 0 ? 'flash probe: every word read back equal to weights.bin\n' : `flash probe: ${bad} words differ from weights.bin\n`);
      return bad === 0 ? 0 : 1;
    }
    const modelDir = (a.model as string | undefined) ?? defaultModel;
    const { model } = loadCheckpoint(modelDir);
    const tokenizer = TextTokenizer.fromFolder(modelDir, model.config);
    const spec = new IntSpec(toIntModel(model));
    const prompt = a.prompt as string;
    if (prompt.trim() === '') throw new BoardUsageError('the prompt is empty; pass --prompt with some text');
    const ids = tokenizer.encode(prompt);
    const stamps: number[] = [];
    const c = await converse(link, spec, tokenizer, ids, { maxTokens: positiveInt(a, 'max-tokens'), logits: a.logits === true, json: a.json === true, prompt, out: (s) => process.stdout.write(s) }, () => stamps.push(performance.now()));
    const tps = stamps.length >= 2 ? ((stamps.length - 1) * 1000) / (stamps[stamps.length - 1]! - stamps[0]!) : NaN;
    const summary = {
      port: a.port,
      generated: c.generated,
      bitExact: c.bitExact,
      ...(c.firstMismatch ? { firstMismatch: c.firstMismatch } : {}),
      logitsChecked: c.logitsChecked,
      tokensPerSecond: tps,
      seconds: (performance.now() - t0) / 1000,
    };
    if (a.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    else {
      process.stdout.write(`\n${c.bitExact ? `bit-exact: every token${c.logitsChecked ? ` and all ${c.logitsChecked} logits` : ''} equal to the integer spec` : `MISMATCH: ${c.firstMismatch}`}\n`);
      process.stdout.write(`${Number.isFinite(tps) ? tps.toFixed(2) : 'n/a'} tokens/s over the serial line (measured, wall-clock)\n`);
    }
    return c.bitExact ? 0 : 1;
  } finally {
    io.close();
  }
}

/** Direct simulation of the core at a shape (random model; a memory word per cycle, latency 4): its cycles per token and the formula's. */
async function simulateShape(shape: (typeof SHAPES)[number], lanes: number): Promise<{ simulated: number; formula: number }> {
  const config = modelConfigForShape({ hiddenSize: shape.hiddenSize, numLayers: shape.numLayers, intermediateSize: shape.intermediateSize, vocabSize: shape.vocabSize });
  const model = toIntModel(randomPreparedModel(config, 1));
  const sim = await CoreSim.start(model, { lanes, format: 'base3', memLatency: 4 });
  try {
    await sim.stepFast(1);
    const r = await sim.stepFast(2);
    return { simulated: r.cycles, formula: coreCycles(coreShapeOf(model, lanes, 'base3')).total };
  } finally {
    await sim.close();
  }
}

export function boardCommands(setCode: (code: number) => void, defaultModel: string): CommandModule[] {
  return [
    {
      command: 'bitstream',
      describe: 'synthesize, place, route and pack the board top with the core (or the flash probe) for a board, with the flash image and programming instructions',
      builder: (y) =>
        y
          .option('board', { type: 'string', default: 'icebreaker', describe: 'boards/NAME.json or a board JSON path' })
          .option('model', { type: 'string', describe: `MMfreeLM folder (default: the shipped ${defaultModel})` })
          .option('probe', { type: 'boolean', default: false, describe: 'the flash probe instead of a model’s core (board bring-up)' })
          .option('out', { type: 'string', default: 'build/bitstream', describe: 'output folder' })
          .option('lanes', { type: 'number', default: 64 })
          .option('format', { choices: ['base3', '2bit'] as const, default: 'base3' as const })
          .option('clock-mhz', { type: 'number', describe: 'core clock (default the board oscillator; otherwise through the PLL)' })
          .option('sck-divider', { type: 'number', default: 1, describe: 'flash SCK = clock / (2 · divider)' })
          .option('ddr', { type: 'boolean', default: false, describe: 'double-data-rate flash reader: SCK = clock' })
          .option('timeout', { type: 'number', default: 3600, describe: 'seconds for the whole flow' })
          .option('json', { type: 'boolean', default: false }),
      handler: async (a) => setCode(await cmdBitstream(a, defaultModel)),
    },
    {
      command: 'serial',
      describe: 'talk to a programmed board over its UART: prompt in, greedy tokens out, each checked against the integer spec',
      builder: (y) =>
        y
          .option('port', { type: 'string', demandOption: true, describe: 'serial device (e.g. /dev/ttyUSB1) or tcp:HOST:PORT' })
          .option('board', { type: 'string', default: 'icebreaker' })
          .option('baud', { type: 'number', describe: "default: the board's UART rate" })
          .option('model', { type: 'string', describe: `the model programmed into the flash (default: ${defaultModel})` })
          .option('prompt', { type: 'string', default: 'The' })
          .option('max-tokens', { type: 'number', default: 16 })
          .option('logits', { type: 'boolean', default: false, describe: 'also receive and check every logit' })
          .option('probe', { type: 'boolean', default: false, describe: 'check a board programmed with the flash probe (bitstream --probe)' })
          .option('timeout', { type: 'number', default: 60, describe: 'seconds to wait for each reply' })
          .option('json', { type: 'boolean', default: false }),
      handler: async (a) => setCode(await cmdSerial(a, defaultModel)),
    },
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
          .option('simulate', { type: 'string', describe: 'also simulate the core (random model, a word per cycle) at these shapes, comma-separated (shipped, 370M, …), and compare with the formula' })
          .option('json', { type: 'boolean', default: false }),
      handler: async (a) => {
        const systems = a.all ? Object.values(SYSTEMS) : [projectSystem(a)];
        const tables = systems.map((s) => SHAPES.map((shape) => project(shape, s)));
        if (a.json) process.stdout.write(`${JSON.stringify(tables)}\n`);
        else process.stdout.write(`${tables.map(formatProjection).join('\n\n')}\n`);
        if (a.simulate !== undefined) {
          const lanes = systems[0]!.lanes;
          for (const name of String(a.simulate).split(',').map((x) => x.trim())) {
            const shape = SHAPES.find((x) => x.name === name || x.name.startsWith(`${name} `));
            if (!shape) throw new BoardUsageError(`--simulate ${name}: use one of ${SHAPES.map((x) => x.name.split(' ')[0]).join(', ')}`);
            const r = await simulateShape(shape, lanes);
            process.stdout.write(`${shape.name}, ${lanes} lanes: ${r.simulated} cycles per token simulated, ${r.formula} from the formula (${((r.formula / r.simulated - 1) * 100).toFixed(3)} %)\n`);
          }
        }
        setCode(0);
      },
    },
  ];
}

/** The board commands as modules of the command line's list (each returns its exit code). */
export function boardCliCommands(defaultModel: string): CliCommand[] {
  let code = 0;
  return boardCommands((c) => (code = c), defaultModel).map((cm) => ({
    command: String(cm.command),
    describe: String(cm.describe),
    builder: cm.builder as (y: Argv) => Argv,
    run: async (a) => {
      code = 0;
      await cm.handler(a as never);
      return code;
    },
  }));
}
