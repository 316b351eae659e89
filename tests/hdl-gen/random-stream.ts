import { Prng } from '../../host/common/prng.ts';

/** The seeded stream the random-design tests draw from (the project PRNG): rng(seed)(n) is uniform in [0, n). */
export function rng(seed: number): (n: number) => number {
  const p = new Prng(seed);
  return (n) => p.int(0, n - 1);
}
