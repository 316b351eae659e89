/**
 * A second simulator: the whole LM core of a small configuration under Icarus Verilog and
 * under Verilator, compared record for record (every debug record with its cycle counted from
 * the token's start, every logit, the argmax, the cycles per token), and both against the
 * integer spec.
 *
 *   npx tsx scripts/icarus-vs-verilator.ts [--shape 24,1,40,20] [--lanes 15] [--format base3] [--latency 3] [--tokens 3,7]
 *
 * Icarus starts every variable without a reset at x (unknown), where Verilator's usual build
 * starts it at 0: a record that holds x bits shows state read before anything wrote it.
 * Exit 0 when both simulators agree on every token, 1 otherwise.
 */
import { pathToFileURL } from 'node:url';
import { emitDesign } from '../hdl-gen/index.ts';
import { lmCore } from '../hdl-gen/blocks/lm-core.ts';
import type { WeightFormat } from '../hdl-gen/blocks/lm-core-layout.ts';
import { modelConfigForShape } from '../host/model/config.ts';
import { describeCase, firstOutputDifference, runCoreCase, type CoreCase, type TokenOutput } from '../host/cosim/core-check.ts';
import { runCoreInIcarus } from '../host/cosim/icarus-core.ts';
import { coreImage, coreShapeOf } from '../host/image/core-image.ts';
import { toIntModel } from '../host/spec/int-model.ts';
import { randomPreparedModel } from '../host/fixtures/random-model.ts';

/** Verilator's outputs with record cycles counted from each token's start, as Icarus's are. */
function relative(outputs: readonly TokenOutput[]): TokenOutput[] {
  return outputs.map((t) => ({ ...t, startCycle: 0, records: t.records.map((r) => ({ ...r, cycle: r.cycle! - (t.startCycle ?? 0) })) }));
}

export async function compareSimulators(c: CoreCase): Promise<{ lines: string[]; agree: boolean }> {
  const config = { ...modelConfigForShape({ hiddenSize: c.d, numLayers: c.L, intermediateSize: c.I, vocabSize: c.V }), useLowerBound: c.lowerBound };
  const int = toIntModel(randomPreparedModel(config, c.weightSeed));
  const design = emitDesign(lmCore(coreShapeOf(int, c.lanes, c.format)));
  const image = coreImage(int, c.lanes, c.format);
  const lines: string[] = [`case: ${describeCase(c)}`];
  const t0 = performance.now();
  const ic = runCoreInIcarus(design, image.bytes, c.tokens, c.latency);
  const t1 = performance.now();
  const vl = await runCoreCase(c);
  const t2 = performance.now();
  lines.push(`Verilator: ${vl.mismatch ? `MISMATCH with the spec: ${vl.mismatch}` : 'bit-exact with the integer spec'} (${((t2 - t1) / 1000).toFixed(1)} s with the build)`);
  const v = relative(vl.outputs);
  const records = (o: readonly TokenOutput[]): number => o.reduce((a, t) => a + t.records.length, 0);
  let agree = !ic.unknown;
  if (ic.unknown) {
    const done = ic.outputs.length;
    const prefix = ic.partial?.records.length ?? 0;
    const same = firstOutputDifference(ic.outputs, v.slice(0, done));
    const partialSame = ic.partial ? ic.partial.records.every((r, i) => JSON.stringify({ ...r, values: r.values.map(String) }) === JSON.stringify({ ...v[done]!.records[i]!, values: v[done]!.records[i]!.values.map(String) })) : true;
    lines.push(`Icarus: ${ic.unknown} (${((t1 - t0) / 1000).toFixed(1)} s)`);
    lines.push(
      `agreement before it: ${same === undefined && partialSame ? 'identical' : `DIFFERENT (${same ?? 'within the token'})`} — ${done} whole tokens and the first ${prefix} records of token ${done} (${records(ic.outputs) + prefix} records)`,
    );
  } else {
    const diff = firstOutputDifference(ic.outputs, v);
    agree = diff === undefined;
    lines.push(`Icarus: ${ic.outputs.length} tokens, ${records(ic.outputs)} records (${((t1 - t0) / 1000).toFixed(1)} s)`);
    lines.push(diff ? `Icarus against Verilator: DIFFERENT: ${diff}` : `Icarus against Verilator: identical, record for record and cycle for cycle (${records(v)} records, ${v.reduce((a, t) => a + t.cycles, 0)} cycles)`);
  }
  return { lines, agree: agree && !vl.mismatch };
}

async function main(argv: string[]): Promise<number> {
  const flag = (name: string, dflt: string): string => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : dflt;
  };
  const [d, L, I, V] = flag('shape', '24,1,40,20').split(',').map(Number) as [number, number, number, number];
  const c: CoreCase = {
    d, L, I, V,
    lanes: Number(flag('lanes', '15')),
    format: flag('format', 'base3') as WeightFormat,
    latency: Number(flag('latency', '3')),
    weightSeed: 5,
    lowerBound: true,
    tokens: flag('tokens', '3,7').split(',').map(Number),
  };
  const { lines, agree } = await compareSimulators(c);
  for (const l of lines) console.log(l);
  return agree ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
