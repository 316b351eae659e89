/** The board commands on the command line: help, the projection table, and one clear error line for bad input. */
import { describe, expect, it } from 'vitest';
import { oneLineError, ternforge as cli } from './cli-process.ts';

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
    expect(oneLineError(cli('bitstream', '--preset', 'up5k', '--lanes', '5'))).toContain('either --preset or --lanes');
    expect(oneLineError(cli('bitstream', '--probe', '--seed', '1,0'))).toContain('--seed must be a positive integer or a comma-separated list');
    expect(oneLineError(cli('bitstream', '--probe', '--seed', 'x'))).toContain('--seed must be');
    expect(oneLineError(cli('run', '--board', 'icebreaker', '--format', '2bit'))).toContain("the board's preset up5k");
  });
});
