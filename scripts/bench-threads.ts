/**
 * Verilator --threads on a large core: for the released 370M shapes (d=1024, L=24, I=2816,
 * V=32000; override with --shape), builds the generated core once per thread count, boots
 * it from an image of the shape's layout (zero weights: the core's schedule does not depend
 * on the values, so the cycles are the ones a real checkpoint takes), starts a token and
 * runs a fixed number of cycles (with `--during boot`, runs them inside the boot instead,
 * which a multi-threaded model on a busy machine may take very long to finish). Prints, per thread count, the cycles/s of the harness's
 * cycle loop (wall clock) and the CPU seconds the harness used for them (all its threads),
 * measured side by side in one run: the counts are taken in turn, `--rounds` times, so a
 * change in the machine's load falls on all of them alike.
 *
 *   npx tsx scripts/bench-threads.ts [--shape D,L,I,V] [--lanes N] [--threads 1,2,4] [--cycles N] [--rounds N] [--during token|boot]
 *
 * The builds are cached like every Verilator build (the first run of a large shape takes
 * minutes per thread count). Linux: the CPU time comes from /proc.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { emitDesign } from '../hdl-gen/index.ts';
import { lmCore } from '../hdl-gen/blocks/lm-core.ts';
import { lmCoreLayout } from '../hdl-gen/blocks/lm-core-layout.ts';
import { coreShapeForConfig } from '../host/image/core-image.ts';
import { modelConfigForShape } from '../host/model/config.ts';
import { Testbench } from '../sim/testbench.ts';

export class BenchThreadsUsageError extends Error {
  override name = 'BenchThreadsUsageError';
}

/** CPU seconds (user + system, all threads) a process has used so far; undefined off Linux. */
export function processCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(f[11]) + Number(f[12]);
    return ticks / 100;
  } catch {
    return undefined;
  }
}

interface Sample {
  cycles: number;
  wall: number;
  cpu: number | undefined;
}

export const THREADS_OPTIONS = {
  shape: { type: 'string', default: '1024,24,2816,32000' },
  lanes: { type: 'string', default: '64' },
  threads: { type: 'string', default: '1,2,4' },
  cycles: { type: 'string', default: '4000' },
  rounds: { type: 'string', default: '3' },
  /** token: cycles of a decode step (after the boot); boot: cycles of the boot (parameter load) itself. */
  during: { type: 'string', default: 'token' },
} as const;

/** Measures and prints the thread counts; the values as parsed from THREADS_OPTIONS. */
export async function benchThreads(values: { shape: string; lanes: string; threads: string; cycles: string; rounds: string; during: string }): Promise<void> {
  const shape = values.shape.split(',').map(Number);
  if (shape.length !== 4 || shape.some((x) => !Number.isInteger(x) || x < 1)) throw new BenchThreadsUsageError(`--shape ${values.shape}: expected D,L,I,V as four positive integers`);
  const lanes = Number(values.lanes);
  if (!Number.isInteger(lanes) || lanes < 1) throw new BenchThreadsUsageError(`--lanes ${values.lanes}: expected a positive integer`);
  const counts = values.threads.split(',').map(Number);
  if (counts.some((t) => !Number.isInteger(t) || t < 1)) throw new BenchThreadsUsageError(`--threads ${values.threads}: expected positive integers, e.g. 1,2,4`);
  const cycles = Number(values.cycles);
  if (!Number.isInteger(cycles) || cycles < 100) throw new BenchThreadsUsageError(`--cycles ${values.cycles}: expected an integer ≥ 100`);
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) throw new BenchThreadsUsageError(`--rounds ${values.rounds}: expected a positive integer`);
  if (values.during !== 'token' && values.during !== 'boot') throw new BenchThreadsUsageError(`--during ${values.during}: expected token or boot`);
  const boot = values.during === 'boot';
  const [d, L, I, V] = shape as [number, number, number, number];
  const config = modelConfigForShape({ hiddenSize: d, numLayers: L, intermediateSize: I, vocabSize: V });
  const coreShape = coreShapeForConfig(config, lanes, 'base3');
  const layout = lmCoreLayout(coreShape);
  const design = emitDesign(lmCore(coreShape));
  const image = new Uint8Array((layout.totalWords * layout.memWordBits) / 8);
  const name = `core d=${d} L=${L} I=${I} V=${V}, ${lanes} lanes (${layout.totalWords} memory words)`;
  console.log(`${name}, cycles of ${boot ? 'the boot (parameter load)' : 'a decode step'}: ${availableParallelism()} cores, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} at the start`);

  // One booted harness per thread count, a token started on each; then `rounds` times, each
  // count in turn runs `cycles` cycles of that token.
  const benches: { threads: number; tb: Testbench; samples: Sample[] }[] = [];
  try {
    for (const threads of counts) {
      const t0 = performance.now();
      const tb = await Testbench.start(design, { threads, timeoutMs: 3_600_000, onBuildStart: () => console.log(`  building for --threads ${threads} (minutes for a large shape)…`) });
      benches.push({ threads, tb, samples: [] });
      await tb.memory!.load(image);
      await tb.memory!.configure({ latency: 4 });
      await tb.reset(2);
      if (boot) {
        // The boot streams the parameters for hundreds of thousands of cycles: measured inside it.
        console.log(`  --threads ${threads}: built or from the cache, image loaded, in reset-released boot after ${((performance.now() - t0) / 1000).toFixed(1)} s`);
        continue;
      }
      const booted = await tb.waitUntil('ready', 1, { timeout: 16 * layout.totalWords + 100_000 });
      tb.dut.set('start', 1);
      tb.dut.set('token', 1);
      await tb.tick(1);
      tb.dut.set('start', 0);
      console.log(`  --threads ${threads}: ready (build or cache, load, boot of ${booted} cycles) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    for (let r = 0; r < rounds; r++) {
      for (const b of benches) {
        const c0 = processCpuSeconds(b.tb.pid);
        const t0 = performance.now();
        await b.tb.tick(cycles);
        const wall = (performance.now() - t0) / 1000;
        const c1 = processCpuSeconds(b.tb.pid);
        b.samples.push({ cycles, wall, cpu: c0 === undefined || c1 === undefined ? undefined : c1 - c0 });
      }
    }
  } finally {
    for (const b of benches) await b.tb.close().catch(() => undefined);
  }
  let best = benches[0]!;
  const rate = (b: (typeof benches)[number]): number => b.samples.reduce((s, x) => s + x.cycles, 0) / b.samples.reduce((s, x) => s + x.wall, 0);
  for (const b of benches) {
    const total = b.samples.reduce((s, x) => s + x.cycles, 0);
    const cpu = b.samples.every((x) => x.cpu !== undefined) ? b.samples.reduce((s, x) => s + x.cpu!, 0) : undefined;
    const perRound = b.samples.map((x) => (x.cycles / x.wall).toFixed(0)).join(', ');
    console.log(
      `  --threads ${b.threads}: ${rate(b).toFixed(0)} cycles/s wall clock (measured; rounds: ${perRound})` +
        (cpu !== undefined ? `, ${(total / Math.max(cpu, 0.01)).toFixed(0)} cycles per harness CPU second (${cpu.toFixed(2)} CPU s for ${total} cycles)` : ''),
    );
    if (rate(b) > rate(best)) best = b;
  }
  console.log(`  fastest: --threads ${best.threads}; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} at the end`);
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: THREADS_OPTIONS });
  await benchThreads(values);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    if (e instanceof BenchThreadsUsageError) {
      console.error(`bench-threads: ${e.message}`);
      process.exit(1);
    }
    throw e;
  });
}
