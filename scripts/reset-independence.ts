/**
 * Reset independence: the LM core built with `--x-initial unique` and run with
 * `+verilator+rand+reset+2 +verilator+seed+N` (every variable without a reset starts at a
 * random value chosen by the seed) must put out exactly what the usual build (zero initial
 * values) puts out, record for record and cycle for cycle, and stay bit-exact with the integer
 * spec. A control design with one register without reset shows that the seeds do change
 * initial state.
 *
 *   npx tsx scripts/reset-independence.ts [--seeds 4] [--shape 40,2,72,50] [--lanes 16] [--format 2bit] [--latency 4] [--tokens 3]
 *
 * Prints one line per seed and exits 0 when every seed agrees, 1 otherwise.
 */
import { emitDesign, ModuleBuilder, uint } from '../hdl-gen/index.ts';
import type { WeightFormat } from '../hdl-gen/blocks/lm-core-layout.ts';
import { describeCase, firstOutputDifference, runCoreCase, type CoreCase } from '../host/cosim/core-check.ts';
import { Testbench } from '../sim/testbench.ts';
import { pathToFileURL } from 'node:url';

export function randomResetArgs(seed: number): string[] {
  return ['+verilator+rand+reset+2', `+verilator+seed+${seed}`];
}

/** The initial value of a register without reset, under a random-reset seed (or zero-initialized with none). */
export async function probeInitialValue(seed: number | undefined): Promise<bigint> {
  const m = new ModuleBuilder('xinit_probe');
  const hold = m.input('hold', uint(1));
  const state = m.reg('state', uint(32), { output: true, enable: hold });
  state.set(state.add(1).resize(32));
  const design = emitDesign(m);
  const tb = await Testbench.start(design, seed === undefined ? { trace: false } : { trace: false, xInitial: 'unique', plusargs: randomResetArgs(seed) });
  try {
    return BigInt(await tb.dut.get('state'));
  } finally {
    await tb.close();
  }
}

export interface SeedResult {
  seed: number;
  mismatch?: string;
  difference?: string;
}

export async function checkResetIndependence(c: CoreCase, seeds: readonly number[], log: (s: string) => void = () => undefined): Promise<SeedResult[]> {
  const base = await runCoreCase(c);
  log(`zero initial state (--x-initial fast): ${base.mismatch ? `MISMATCH with the spec: ${base.mismatch}` : 'bit-exact with the integer spec'}`);
  const results: SeedResult[] = [];
  for (const seed of seeds) {
    let r;
    try {
      r = await runCoreCase(c, { xInitial: 'unique', plusargs: randomResetArgs(seed) });
    } catch (e) {
      r = { mismatch: `the run failed: ${(e as Error).message.split('\n')[0]}`, outputs: [] };
    }
    const difference = firstOutputDifference(base.outputs, r.outputs);
    results.push({ seed, ...(r.mismatch ? { mismatch: r.mismatch } : {}), ...(difference ? { difference } : {}) });
    log(
      `seed ${seed} (--x-initial unique, +verilator+rand+reset+2): ${r.mismatch ? `MISMATCH with the spec: ${r.mismatch}` : 'bit-exact with the integer spec'}; ` +
        `${difference ? `DIFFERS from the zero-initialized run: ${difference}` : `identical to the zero-initialized run (${r.outputs.reduce((a, t) => a + t.records.length, 0)} records, ${r.outputs.reduce((a, t) => a + t.cycles, 0)} cycles)`}`,
    );
  }
  return results;
}

async function main(argv: string[]): Promise<number> {
  const flag = (name: string, dflt: string): string => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : dflt;
  };
  const [d, L, I, V] = flag('shape', '40,2,72,50').split(',').map(Number) as [number, number, number, number];
  const nSeeds = Number(flag('seeds', '4'));
  const nTokens = Number(flag('tokens', '3'));
  if (![d, L, I, V, nSeeds, nTokens].every((x) => Number.isInteger(x) && x > 0)) {
    process.stderr.write('reset-independence: --shape d,L,I,V, --seeds and --tokens take positive integers\n');
    return 2;
  }
  const c: CoreCase = {
    d, L, I, V,
    lanes: Number(flag('lanes', '16')),
    format: flag('format', '2bit') as WeightFormat,
    latency: Number(flag('latency', '4')),
    weightSeed: 11,
    lowerBound: true,
    tokens: Array.from({ length: nTokens }, (_, i) => (i * 7 + 3) % V),
  };
  const seeds = Array.from({ length: nSeeds }, (_, i) => i + 1);
  const probes = [await probeInitialValue(undefined), ...(await Promise.all(seeds.slice(0, 3).map((s) => probeInitialValue(s))))];
  console.log(`control: a 32-bit register without reset starts at ${probes[0]} zero-initialized, at ${probes.slice(1).join(', ')} under seeds ${seeds.slice(0, 3).join(', ')}`);
  console.log(`case: ${describeCase(c)}`);
  const results = await checkResetIndependence(c, seeds, (s) => console.log(s));
  const bad = results.filter((r) => r.mismatch || r.difference);
  console.log(bad.length === 0 ? `reset independence: all ${seeds.length} seeds identical and bit-exact` : `reset independence: ${bad.length} of ${seeds.length} seeds differ`);
  return bad.length === 0 ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
