/**
 * The ternforge command line: help on every command, and one clear line with a non-zero exit
 * for each kind of bad input. These cases fail before any Verilator build.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'ternforge-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/ternforge.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function oneLineError(r: { stderr: string }): string {
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^ternforge: /);
  return lines[0]!;
}

describe('ternforge CLI', () => {
  it('prints help for the program and every command', () => {
    const top = cli('--help');
    expect(top.code).toBe(0);
    for (const c of ['run', 'verify', 'gen', 'report']) expect(top.stdout).toContain(`ternforge ${c}`);
    for (const c of ['run', 'verify', 'gen', 'report']) {
      const r = cli(c, '--help');
      expect(r.code, c).toBe(0);
      expect(r.stdout).toContain('--');
    }
  });

  it('rejects an unknown flag and a missing command with exit 2', () => {
    const r = cli('run', '--bogus');
    expect(r.code).toBe(2);
    expect(oneLineError(r)).toContain('bogus');
    const n = cli();
    expect(n.code).toBe(2);
    expect(oneLineError(n)).toContain('command');
  });

  it('rejects bad values before doing any work', () => {
    expect(oneLineError(cli('run', '--prompt', ''))).toContain('prompt is empty');
    expect(oneLineError(cli('run', '--top-p', '3'))).toContain('--top-p');
    expect(oneLineError(cli('run', '--max-tokens', '0'))).toContain('--max-tokens');
    expect(cli('run', '--format', 'octal').code).toBe(2);
  });

  it('names a missing or corrupt model folder', () => {
    const r = cli('run', '--model', join(tmp, 'nothing-here'));
    expect(r.code).toBe(1);
    expect(oneLineError(r)).toContain('nothing-here');
    const bad = join(tmp, 'bad-model');
    spawnSync('mkdir', ['-p', bad]);
    writeFileSync(join(bad, 'config.json'), '{ "hidden_size": ');
    const c = cli('gen', '--model', bad, '--out', join(tmp, 'x'));
    expect(c.code).toBe(1);
    expect(oneLineError(c)).toContain('config.json');
  });

  it('gen writes a design folder with a manifest, and run refuses a design made for another model', () => {
    const out = join(tmp, 'core');
    const g = cli('gen', '--shape', '40,2,72,300', '--lanes', '16', '--out', out, '--json');
    expect(g.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.parameters).toMatchObject({ hiddenSize: 40, numLayers: 2, intermediateSize: 72, vocabSize: 300, lanes: 16, format: 'base3' });
    for (const m of manifest.modules) expect(existsSync(join(out, m.file))).toBe(true);
    expect(JSON.parse(g.stdout)).toEqual(manifest);
    // Generation is deterministic: a second gen writes the same bytes.
    const first = manifest.modules.map((m: { file: string }) => readFileSync(join(out, m.file), 'utf8'));
    expect(cli('gen', '--shape', '40,2,72,300', '--lanes', '16', '--out', out).code).toBe(0);
    expect(manifest.modules.map((m: { file: string }) => readFileSync(join(out, m.file), 'utf8'))).toEqual(first);
    // The shipped model has other shapes: one clear line naming what differs.
    const r = cli('run', '--design', out, '--lanes', '16');
    expect(r.code).toBe(1);
    const line = oneLineError(r);
    expect(line).toContain('generated for another configuration');
    expect(line).toContain('hiddenSize 40');
  });

  it('refuses to write a design into a folder that holds other files', () => {
    const other = join(tmp, 'occupied');
    spawnSync('mkdir', ['-p', other]);
    writeFileSync(join(other, 'notes.txt'), 'keep me');
    const r = cli('gen', '--shape', '40,2,72,300', '--lanes', '16', '--out', other);
    expect(r.code).toBe(1);
    expect(oneLineError(r)).toContain('not a ternforge design folder');
    expect(readFileSync(join(other, 'notes.txt'), 'utf8')).toBe('keep me');
  });
});
