/** The board commands on the command line: help, the projection table, and one clear error line for bad input. */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

function cli(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/ternforge.ts'), ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function oneLineError(r: { stderr: string }): string {
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^ternforge: /);
  return lines[0]!;
}

describe('board commands', () => {
  it('have help', () => {
    for (const c of ['bitstream', 'serial', 'project']) {
      const r = cli(c, '--help');
      expect(r.code, c).toBe(0);
      expect(r.stdout).toContain(`ternforge ${c}`);
    }
    expect(cli('run', '--help').stdout).toContain('--board');
  });

  it('project prints the four shapes, the published figures, and labels the figures projected', () => {
    const r = cli('project', '--system', 'icebreaker-ddr');
    expect(r.code).toBe(0);
    for (const s of ['shipped (brown-ternary-5m)', '370M', '1.3B', '2.7B']) expect(r.stdout).toContain(`| ${s} |`);
    expect(r.stdout).toContain('projected');
    expect(r.stdout).toContain('24.0 tokens/s, 13 W');
    expect(r.stdout).toContain('727 tokens/s, 46 W');
    const j = JSON.parse(cli('project', '--all', '--json').stdout) as unknown[][];
    expect(j).toHaveLength(4);
    const o = JSON.parse(cli('project', '--mem-mbps', '24', '--json').stdout) as { system: { bytesPerSecond: number } }[][];
    expect(o[0]![0]!.system.bytesPerSecond).toBe(24e6);
  });

  it('refuses bad input with one line', () => {
    expect(oneLineError(cli('project', '--system', 'abacus'))).toContain('--system abacus');
    expect(oneLineError(cli('project', '--lanes', '-3'))).toContain('--lanes');
    expect(oneLineError(cli('run', '--board', 'no-such-board'))).toContain("unknown board 'no-such-board'");
    expect(oneLineError(cli('run', '--board', 'icebreaker', '--temperature', '0.7'))).toContain('greedily');
    expect(oneLineError(cli('serial', '--port', '/dev/no-such-tty'))).toContain('/dev/no-such-tty');
    expect(oneLineError(cli('bitstream', '--probe', '--model', 'x'))).toContain('--probe');
  });
});
