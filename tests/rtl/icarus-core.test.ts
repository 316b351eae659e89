/**
 * The whole core (small configuration) under Icarus Verilog against Verilator, record for
 * record and cycle for cycle. Icarus starts state without a reset at x: up to the first
 * record that holds x bits both simulators must agree exactly; without x, on every token.
 */
import { describe, expect, it } from 'vitest';
import { compareSimulators } from '../../scripts/icarus-vs-verilator.ts';

describe('Icarus Verilog as a second simulator', () => {
  it('agrees with Verilator on every record it can compute', async () => {
    const { lines, agree } = await compareSimulators({ d: 24, L: 1, I: 40, V: 20, lanes: 15, format: 'base3', latency: 3, weightSeed: 5, lowerBound: true, tokens: [3, 7] });
    console.log(lines.join('\n'));
    expect(lines[1]).toMatch(/^Verilator: bit-exact with the integer spec/);
    if (agree) {
      expect(lines[3]).toMatch(/identical, record for record and cycle for cycle/);
    } else {
      // Until the core initializes all of the state it reads: x from that record on, and
      // identical outputs before it.
      expect(lines[2]).toMatch(/^Icarus: token \d+, record \d+ .* holds unknown \(x\) bits/);
      expect(lines[3]).toMatch(/^agreement before it: identical — \d+ whole tokens and the first \d+ records/);
      expect(Number(/\((\d+) records\)$/.exec(lines[3]!)![1])).toBeGreaterThan(50);
    }
  }, 600_000);
});
