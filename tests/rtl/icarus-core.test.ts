/**
 * The core's initial state, checked two ways on one small configuration (two layers, so the
 * clear of the recurrent state covers more than one layer's words):
 *
 * - Icarus Verilog against Verilator, record for record and cycle for cycle. Icarus starts
 *   state without a reset at x, so a record with x bits would show state read before anything
 *   wrote it; both simulators must agree on every record of every token.
 * - Random initial state: the core built with `--x-initial unique` and run under
 *   `+verilator+rand+reset+2` with two seeds must put out exactly what the zero-initialized
 *   build puts out, and stay bit-exact with the integer spec (the full run with more seeds is
 *   scripts/reset-independence.ts).
 *
 * Both reuse one zero-initialized Verilator build of the same case.
 */
import { describe, expect, it } from 'vitest';
import type { CoreCase } from '../../host/cosim/core-check.ts';
import { compareSimulators } from '../../scripts/icarus-vs-verilator.ts';
import { checkResetIndependence } from '../../scripts/reset-independence.ts';

const CASE: CoreCase = { d: 24, L: 2, I: 40, V: 20, lanes: 15, format: 'base3', latency: 3, weightSeed: 5, lowerBound: true, tokens: [3, 7] };

describe("the core's initial state", () => {
  it('Icarus Verilog agrees with Verilator on every record of every token', async () => {
    const { lines, agree } = await compareSimulators(CASE);
    console.log(lines.join('\n'));
    expect(lines[1]).toMatch(/^Verilator: bit-exact with the integer spec/);
    expect(lines[2]).toMatch(/^Icarus: 2 tokens, \d+ records/);
    expect(lines[3]).toMatch(/^Icarus against Verilator: identical, record for record and cycle for cycle/);
    expect(agree).toBe(true);
  }, 600_000);

  it('random initial state (two seeds) changes nothing: the same records, cycles and logits as the zero-initialized run', async () => {
    const log: string[] = [];
    const results = await checkResetIndependence(CASE, [1, 2], (s) => log.push(s));
    console.log(log.join('\n'));
    expect(log[0]).toMatch(/bit-exact with the integer spec$/);
    expect(results).toEqual([{ seed: 1 }, { seed: 2 }]);
  }, 600_000);
});
