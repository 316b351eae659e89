/** `ternforge project`: projected tokens/s and energy per token of the model shapes on a device and memory system (docs/BOARD.md). */
import { modelConfigForShape } from '../../host/model/config.ts';
import { coreShapeOf } from '../../host/image/core-image.ts';
import { CoreSim } from '../../host/cosim/core-sim.ts';
import { randomPreparedModel } from '../../host/fixtures/random-model.ts';
import { coreCycles } from '../../host/board/core-cycles.ts';
import { toIntModel } from '../../host/spec/int-model.ts';
import { SHAPES, SYSTEMS, formatProjection, project, type MemorySystem } from '../../host/board/projection.ts';
import { BoardUsageError } from './board.ts';
import { EXIT, type Args, type CliCommand } from './common.ts';

function projectSystem(a: Args): MemorySystem {
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

async function run(a: Args): Promise<number> {
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
  return EXIT.ok;
}

export const projectCommand: CliCommand = {
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
  run,
};
