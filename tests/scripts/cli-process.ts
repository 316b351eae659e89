/** The ternforge command line run as a child process (node with tsx), for the CLI tests. */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `ternforge ARGS…` in the package root; a run past two minutes is killed (code -1). */
export function ternforge(...args: string[]): CliResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/ternforge.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The one error line of a failed command (asserting a non-zero exit and a single stderr line
 * starting `ternforge: `; with `quiet`, nothing on stdout either).
 */
export function oneLineError(r: CliResult, opts: { quiet?: boolean } = {}): string {
  expect(r.code).not.toBe(0);
  if (opts.quiet) expect(r.stdout).toBe('');
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^ternforge: /);
  return lines[0]!;
}
