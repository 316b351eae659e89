/**
 * The plumbing of the reset-independence check (scripts/reset-independence.ts): a build with
 * `--x-initial unique` and the plusargs `+verilator+rand+reset+2 +verilator+seed+N` starts a
 * register without reset at a value that depends on the seed; the usual build starts it at 0.
 */
import { describe, expect, it } from 'vitest';
import { probeInitialValue } from '../../scripts/reset-independence.ts';

describe('random initial state', () => {
  it('seeds change the initial value of a register without reset; the usual build starts at 0', async () => {
    expect(await probeInitialValue(undefined)).toBe(0n);
    const a = await probeInitialValue(1);
    const b = await probeInitialValue(2);
    const again = await probeInitialValue(1);
    expect(a).not.toBe(b);
    expect(again).toBe(a);
    expect([a, b].some((v) => v !== 0n)).toBe(true);
  }, 300_000);
});
