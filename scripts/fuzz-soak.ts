/**
 * Fuzz soak of the whole LM core: for a given time, random shapes × lane counts × weight
 * formats (each a Verilator build) × random weights × token sequences × memory latencies
 * (run on the same build), every debug record, logit and argmax against the integer spec.
 * Prints the cases run and the first counterexample, shrunk to the smallest shape, token
 * sequence and latency that still fail.
 *
 *   npx tsx scripts/fuzz-soak.ts --minutes 10 [--seed 1] [--runs-per-build 4]
 *
 * Exit 0 with no counterexample, 1 with one.
 */
import { pathToFileURL } from 'node:url';
import type { WeightFormat } from '../hdl-gen/blocks/lm-core-layout.ts';
import { describeCase, runCoreCase, type CoreCase } from '../host/cosim/core-check.ts';
import { Prng } from '../host/common/prng.ts';

/** The smallest lane count per format whose memory word holds an 18-bit parameter. */
const MIN_LANES: Record<WeightFormat, number> = { base3: 15, '2bit': 9 };

export function randomCase(rng: Prng): CoreCase {
  const format: WeightFormat = rng.int(0, 1) === 0 ? 'base3' : '2bit';
  const V = rng.int(2, 80);
  return {
    d: rng.int(2, 72),
    L: rng.int(1, 3),
    I: rng.int(2, 160),
    V,
    lanes: rng.int(MIN_LANES[format], 40),
    format,
    latency: rng.int(1, 12),
    weightSeed: rng.int(1, 1_000_000),
    lowerBound: rng.int(0, 3) !== 0,
    tokens: Array.from({ length: rng.int(1, 4) }, () => rng.int(0, V - 1)),
  };
}

/** Same build (shape, lanes, format), other weights, tokens, latency. */
export function variant(c: CoreCase, rng: Prng): CoreCase {
  return {
    ...c,
    latency: rng.int(1, 12),
    weightSeed: rng.int(1, 1_000_000),
    lowerBound: rng.int(0, 3) !== 0,
    tokens: Array.from({ length: rng.int(1, 4) }, () => rng.int(0, c.V - 1)),
  };
}

/** A shape the generator refuses (with its reason) is neither a pass nor a counterexample. */
class Refused {
  constructor(readonly why: string) {}
}

async function outcome(c: CoreCase): Promise<string | undefined | Refused> {
  try {
    return (await runCoreCase(c)).mismatch;
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0]!;
    if ((e as Error).name === 'LmCoreShapeError' || (e as Error).name === 'CoreImageError') return new Refused(msg);
    return `the run failed: ${msg}`;
  }
}

async function fails(c: CoreCase): Promise<string | undefined> {
  const o = await outcome(c);
  return o instanceof Refused ? undefined : o;
}

/** Smaller versions of a case: each dimension halved toward its minimum, fewer tokens, latency 1. */
function shrinkCandidates(c: CoreCase): CoreCase[] {
  const out: CoreCase[] = [];
  const half = (v: number, min: number): number => Math.max(min, Math.floor((v + min) / 2));
  if (c.tokens.length > 1) out.push({ ...c, tokens: c.tokens.slice(0, -1) }, { ...c, tokens: c.tokens.slice(1) });
  if (c.L > 1) out.push({ ...c, L: c.L - 1 });
  for (const k of ['d', 'I'] as const) if (c[k] > 2) out.push({ ...c, [k]: half(c[k], 2) }, { ...c, [k]: c[k] - 1 });
  if (c.V > 2) {
    const V = half(c.V, 2);
    out.push({ ...c, V, tokens: c.tokens.map((t) => t % V) });
  }
  if (c.lanes > MIN_LANES[c.format]) out.push({ ...c, lanes: half(c.lanes, MIN_LANES[c.format]) });
  if (c.latency > 1) out.push({ ...c, latency: 1 });
  if (c.lowerBound) out.push({ ...c, lowerBound: false });
  return out;
}

/** Greedy shrinking: take the first smaller case that still fails, until none does. */
export async function shrink(c: CoreCase, why: string, log: (s: string) => void, budget = 40): Promise<{ c: CoreCase; why: string; tried: number }> {
  let tried = 0;
  for (;;) {
    let smaller: { c: CoreCase; why: string } | undefined;
    for (const cand of shrinkCandidates(c)) {
      if (tried >= budget) return { c, why, tried };
      tried++;
      const w = await fails(cand);
      if (w) {
        smaller = { c: cand, why: w };
        log(`  still fails: ${describeCase(cand)}`);
        break;
      }
    }
    if (!smaller) return { c, why, tried };
    ({ c, why } = smaller);
  }
}

async function main(argv: string[]): Promise<number> {
  const flag = (name: string, dflt: string): string => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : dflt;
  };
  const minutes = Number(flag('minutes', '10'));
  const seed = Number(flag('seed', '1'));
  const perBuild = Number(flag('runs-per-build', '4'));
  if (!(minutes > 0) || !Number.isInteger(seed) || !Number.isInteger(perBuild) || perBuild < 1) {
    process.stderr.write('fuzz-soak: --minutes > 0, --seed and --runs-per-build integers\n');
    return 2;
  }
  const rng = new Prng(seed);
  const deadline = performance.now() + minutes * 60_000;
  let cases = 0;
  let builds = 0;
  let tokens = 0;
  const t0 = performance.now();
  while (performance.now() < deadline) {
    const first = randomCase(rng);
    builds++;
    for (let k = 0; k < perBuild && performance.now() < deadline; k++) {
      const c = k === 0 ? first : variant(first, rng);
      const o = await outcome(c);
      if (o instanceof Refused) {
        console.log(`skipped (the generator refuses this shape: ${o.why}): ${describeCase(c)}`);
        break;
      }
      const why = o;
      cases++;
      tokens += c.tokens.length;
      console.log(`case ${cases} (build ${builds}): ${describeCase(c)}: ${why ? `MISMATCH — ${why}` : 'bit-exact'}`);
      if (why) {
        console.log('shrinking…');
        const s = await shrink(c, why, (line) => console.log(line));
        console.log(`counterexample (after ${s.tried} shrink attempts): ${describeCase(s.c)}`);
        console.log(`  ${s.why}`);
        console.log(`fuzz soak: ${cases} cases (${builds} core builds, ${tokens} tokens) in ${((performance.now() - t0) / 60_000).toFixed(1)} min, first counterexample above (seed ${seed})`);
        return 1;
      }
    }
  }
  console.log(`fuzz soak: ${cases} cases (${builds} core builds, ${tokens} tokens) in ${((performance.now() - t0) / 60_000).toFixed(1)} min, 0 mismatches (seed ${seed})`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
