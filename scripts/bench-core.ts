/**
 * Cycles per token, lane utilization and where the remaining cycles go, weight bits fetched
 * per weight, and the Verilator simulation speed of the whole LM core, on a seeded random
 * model; the first token's logits and argmax are checked bit for bit against the integer spec
 * in the same run.
 *
 *   npx tsx scripts/bench-core.ts [--shape D,L,I,V | --model DIR] [--lanes N] [--format 2bit|base3]
 *       [--tokens N] [--latency CYCLES] [--seed N] [--pass-width E] [--groups-per-word K]
 *       [--row-units R] [--array-style masked|folded|addressed]
 *
 * With R row units the core applies lanes · R weights per cycle; the ideal and the lane
 * utilization are taken over lanes · R.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { LmCoreShapeError, orList, ROW_UNITS, type WeightFormat } from '../hdl-gen/blocks/lm-core-layout.ts';
import { ARRAY_STYLES, type ArrayStyle } from '../hdl-gen/blocks/lm-core/accumulator.ts';
import { existsSync } from 'node:fs';
import { loadCheckpoint } from '../host/model/checkpoint.ts';
import { modelConfigForShape } from '../host/model/config.ts';
import type { PreparedModel } from '../host/model/model.ts';
import { CoreSim } from '../host/cosim/core-sim.ts';
import { IntSpec } from '../host/spec/int-spec.ts';
import { Prng } from '../host/common/prng.ts';
import { randomPreparedModel } from '../host/fixtures/random-model.ts';

export class BenchCoreUsageError extends Error {
  override name = 'BenchCoreUsageError';
}

function ints(flag: string, s: string, n: number): number[] {
  const v = s.split(',').map(Number);
  if (v.length !== n || v.some((x) => !Number.isInteger(x) || x < 1)) throw new BenchCoreUsageError(`--${flag} ${s}: expected ${n} positive integer(s)`);
  return v;
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      shape: { type: 'string', default: '1024,2,2816,4096' },
      lanes: { type: 'string', default: '64' },
      format: { type: 'string', default: 'base3' },
      tokens: { type: 'string', default: '3' },
      latency: { type: 'string', default: '8' },
      seed: { type: 'string', default: '1' },
      'pass-width': { type: 'string' },
      model: { type: 'string' },
      'groups-per-word': { type: 'string' },
      'array-style': { type: 'string', default: 'masked' },
      'row-units': { type: 'string' },
    },
  });
  let prepared: PreparedModel;
  if (values.model !== undefined) {
    if (!existsSync(values.model)) throw new BenchCoreUsageError(`--model ${values.model}: folder does not exist`);
    prepared = loadCheckpoint(values.model).model;
  } else {
    const [sd, sl, si, sv] = ints('shape', values.shape, 4) as [number, number, number, number];
    prepared = randomPreparedModel(modelConfigForShape({ hiddenSize: sd, numLayers: sl, intermediateSize: si, vocabSize: sv }), Number(values.seed));
  }
  const { hiddenSize: d, numLayers: L, intermediateSize: I, vocabSize: V } = prepared.config;
  const [lanes] = ints('lanes', values.lanes, 1) as [number];
  const [tokens] = ints('tokens', values.tokens, 1) as [number];
  const [latency] = ints('latency', values.latency, 1) as [number];
  const format = values.format as WeightFormat;
  if (format !== '2bit' && format !== 'base3') throw new BenchCoreUsageError(`--format ${values.format}: use 2bit or base3`);
  const arrayStyle = values['array-style'] as ArrayStyle;
  if (!ARRAY_STYLES.includes(arrayStyle)) throw new BenchCoreUsageError(`--array-style ${values['array-style']}: use ${orList(ARRAY_STYLES)}`);
  const spec = new IntSpec(prepared);
  const tBuild = performance.now();
  const passWidth = values['pass-width'] === undefined ? undefined : ints('pass-width', values['pass-width'], 1)[0]!;
  const groupsPerWord = values['groups-per-word'] === undefined ? undefined : ints('groups-per-word', values['groups-per-word'], 1)[0]!;
  const rowUnits = values['row-units'] === undefined ? 1 : ints('row-units', values['row-units'], 1)[0]!;
  if (!(ROW_UNITS as readonly number[]).includes(rowUnits)) throw new BenchCoreUsageError(`--row-units ${values['row-units']}: use ${ROW_UNITS.join(', ')}`);
  if (rowUnits > 1 && groupsPerWord !== undefined && groupsPerWord !== 1) throw new BenchCoreUsageError(`--row-units ${rowUnits} needs one lane group per word (got --groups-per-word ${groupsPerWord})`);
  const sim = await CoreSim.start(spec.model, { lanes, format, memLatency: latency, ...(passWidth ? { passWidth } : {}), ...(groupsPerWord ? { groupsPerWord } : {}), ...(rowUnits > 1 ? { rowUnits } : {}), arrayStyle });
  const buildS = (performance.now() - tBuild) / 1000;
  try {
    const lay = sim.image.layout;
    const weights = L * (4 * d * d + 3 * d * I) + d * V;
    // Ternary products per cycle: lanes in each of the row units.
    const macs = lanes * rowUnits;
    const prng = new Prng(7);
    const ids = Array.from({ length: tokens }, () => prng.int(0, V - 1));
    // Token 0: recorded and checked against the spec.
    const want = spec.step(ids[0]!);
    const first = await sim.step(ids[0]!, { debug: false });
    const exact = first.argmax === want.argmax && first.logits.length === V && first.logits.every((v, i) => v === BigInt(want.logits[i]!));
    const runs = [];
    for (let t = 1; t < tokens; t++) runs.push(await sim.stepFast(ids[t]!));
    const measured = runs.length > 0 ? runs : [first];
    const cycles = measured.reduce((s, r) => s + r.cycles, 0) / measured.length;
    const seconds = measured.reduce((s, r) => s + r.seconds, 0) / measured.length;
    const p = measured[measured.length - 1]!.perf;
    const weightBytes = (lay.totalWords - lay.weightBase) * (lay.memWordBits / 8);
    const other = p.cycles - p.words - p.pass - p.scalar - p.stall;
    const pct = (x: number): string => `${((100 * x) / p.cycles).toFixed(2)} %`;
    console.log(`${values.model !== undefined ? `model ${values.model}: ` : 'random model: '}LM core d=${d} L=${L} I=${I} V=${V}, ${lanes} lanes${rowUnits > 1 ? ` × ${rowUnits} row units` : ''}, ${format}, pass width ${lay.passWidth}, ${lay.memWordBits}-bit memory words, memory latency ${latency}`);
    console.log(`bit-exact with the integer spec on token 0 (logits and argmax): ${exact ? 'yes' : 'NO'}`);
    console.log(`ternary weights per token:          ${weights}`);
    console.log(`ideal cycles (weights / ${rowUnits > 1 ? '(lanes · row units)' : 'lanes'}):     ${(weights / macs).toFixed(0)}`);
    console.log(`cycles per token:                   ${cycles.toFixed(0)}`);
    console.log(`lane utilization:                   ${((100 * weights) / (macs * cycles)).toFixed(2)} %`);
    console.log(`  accumulating (one lane group ${rowUnits > 1 ? 'per row unit ' : ''}per cycle): ${p.words} (${pct(p.words)}); of its lane-cycles ${(100 * (1 - weights / (macs * p.words))).toFixed(2)} % are row padding`);
    console.log(`  statistics + quantization passes: ${p.pass} (${pct(p.pass)})`);
    console.log(`  per-token scalars (divider, sqrt): ${p.scalar} (${pct(p.scalar)})`);
    console.log(`  burst latency, post-processor back-pressure, drain: ${p.stall} (${pct(p.stall)})`);
    console.log(`  embedding lookup and sequencing:  ${other} (${pct(other)})`);
    console.log(`weight bits fetched per weight:     ${((8 * weightBytes) / weights).toFixed(4)} (image ${weightBytes} bytes)`);
    console.log(`memory words per token:             ${Math.ceil(p.words / lay.groupsPerWord) + lay.embRowWords} of ${lay.memWordBits} bits (about; ${lay.groupsPerWord} lane group(s) per word)`);
    console.log(`Verilator: ${(cycles / seconds).toFixed(0)} cycles/s, ${(1 / seconds).toFixed(3)} tokens/s (build + boot ${buildS.toFixed(1)} s, boot ${sim.bootCycles} cycles)`);
  } finally {
    await sim.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    if (e instanceof BenchCoreUsageError || e instanceof LmCoreShapeError) {
      console.error(`bench-core: ${e.message}`);
      process.exit(1);
    }
    throw e;
  });
}
