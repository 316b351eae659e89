import { Prng } from '../../host/common/prng.ts';

/**
 * The seeded stream the random tests of tests/hdl-gen draw from (the project PRNG):
 * rng(seed)(n) is uniform in [0, n); rng(seed)() is the PRNG's 32-bit output itself (n = 2^32).
 */
export function rng(seed: number): (n?: number) => number {
  const p = new Prng(seed);
  return (n = 2 ** 32) => p.int(0, n - 1);
}
