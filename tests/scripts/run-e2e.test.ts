/**
 * The README's main job end to end: `ternforge run` on the shipped model generates text on the
 * simulated core, and every token is bit-exact with the integer spec.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../host/cosim/run-record.ts';

const root = resolve(import.meta.dirname, '../..');

describe('ternforge run on the shipped model', () => {
  it('generates the expected greedy text, bit-exact, with the lanes busy', () => {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(root, 'scripts/ternforge.ts'), 'run', '--prompt', 'The jury said', '--max-tokens', '8', '--json'],
      { cwd: root, encoding: 'utf8', timeout: 900_000 },
    );
    // Off a terminal, stderr holds at most the progress lines of phases longer than 10 s.
    for (const line of r.stderr.split('\n').filter(Boolean)) expect(line).toMatch(/^ternforge: .*… \(\d+ s so far\)$/);
    expect(r.status).toBe(0);
    const record = JSON.parse(r.stdout) as RunRecord;
    expect(record.verdict.bitExact).toBe(true);
    expect(record.verdict.mismatch).toBeUndefined();
    expect(record.tokens.filter((t) => t.phase === 'generated')).toHaveLength(8);
    expect(record.tokens.every((t) => t.recordsChecked > 0)).toBe(true);
    expect(record.text).toMatchInlineSnapshot(`" he was a member of the New"`);
    expect(record.floatAgreement!.of).toBe(record.tokens.length);
    expect(record.figures.laneUtilization).toBeGreaterThan(0.9);
    expect(record.figures.weightBitsPerWeight).toBeLessThan(1.7);
  });
});
