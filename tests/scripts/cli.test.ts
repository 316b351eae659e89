/**
 * The ternforge command line: help on every command, and one clear line with a non-zero exit
 * for each kind of bad input. These cases fail before any Verilator build.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { errorText, exitCodeOf, main } from '../../scripts/ternforge.ts';
import { validRecord } from '../host/hardening.test.ts';
import { oneLineError, ROOT as root, ternforge as cli } from './cli-process.ts';

const tmp = mkdtempSync(join(tmpdir(), 'ternforge-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

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
    expect(oneLineError(cli('run', '--prompt', ''))).toContain('--prompt is empty');
    expect(oneLineError(cli('run', '--top-p', '3'))).toContain('--top-p');
    expect(oneLineError(cli('run', '--max-tokens', '0'))).toContain('--max-tokens');
    expect(cli('run', '--format', 'octal').code).toBe(2);
  });

  it('names a missing or corrupt model folder (exit 3)', () => {
    const r = cli('run', '--model', join(tmp, 'nothing-here'));
    expect(r.code).toBe(3);
    expect(oneLineError(r)).toContain('nothing-here');
    const bad = join(tmp, 'bad-model');
    spawnSync('mkdir', ['-p', bad]);
    writeFileSync(join(bad, 'config.json'), '{ "hidden_size": ');
    const c = cli('gen', '--model', bad, '--out', join(tmp, 'x'));
    expect(c.code).toBe(3);
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
    expect(r.code).toBe(3);
    const line = oneLineError(r);
    expect(line).toContain('generated for another configuration');
    expect(line).toContain('hiddenSize 40');
    // Without --lanes the design's own lanes (16) are used: only the model's shapes differ.
    const m = cli('run', '--design', out);
    expect(m.code).toBe(3);
    expect(oneLineError(m)).not.toContain('lanes');
  });

  it('gen --row-units writes the row-unit core and records its row units in the manifest', () => {
    const out = join(tmp, 'rows');
    const g = cli('gen', '--shape', '40,2,72,301', '--lanes', '16', '--row-units', '2', '--out', out, '--json');
    expect(g.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.parameters).toMatchObject({ lanes: 16, rowUnits: 2, memWordBits: 64 });
    expect(manifest.top).toMatch(/_r2$/);
  });

  it('gen --array-style folded writes the folded core and records it; run --design checks it against the options', () => {
    const out = join(tmp, 'folded');
    const g = cli('gen', '--lanes', '16', '--array-style', 'folded', '--out', out, '--json');
    expect(g.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.parameters).toMatchObject({ lanes: 16, arrayStyle: 'folded' });
    expect(manifest.top).toMatch(/_fold$/);
    expect(readFileSync(join(out, `${manifest.top}_acc_array.v`), 'utf8')).toContain('accept_d');
    const m = cli('run', '--design', out, '--array-style', 'masked', '--max-tokens', '1');
    expect(m.code).toBe(3);
    expect(oneLineError(m)).toMatch(/the design has the folded accumulator array, the options ask for masked/);
  });

  it('refuses to write a design into a folder that holds other files', () => {
    const other = join(tmp, 'occupied');
    spawnSync('mkdir', ['-p', other]);
    writeFileSync(join(other, 'notes.txt'), 'keep me');
    const r = cli('gen', '--shape', '40,2,72,300', '--lanes', '16', '--out', other);
    expect(r.code).toBe(3);
    expect(oneLineError(r)).toContain('not a ternforge design folder');
    expect(readFileSync(join(other, 'notes.txt'), 'utf8')).toBe('keep me');
  });
});

/** Runs the CLI in this process: the one line it would print and its exit code. */
async function inProcess(args: string[], env: Record<string, string> = {}): Promise<{ code: number; line: string }> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    const code = await main(args);
    return { code, line: '' };
  } catch (e) {
    return { code: exitCodeOf(e), line: errorText(e) };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('every bad input: one clear line and its exit code', () => {
  const record = (mutate: (r: Record<string, any>) => void): string => {
    const r = JSON.parse(JSON.stringify(validRecord())) as Record<string, any>;
    mutate(r);
    const f = join(tmp, `record-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(f, JSON.stringify(r));
    return f;
  };
  const aFile = join(tmp, 'plain-file');
  writeFileSync(aFile, 'x');

  /** [arguments, environment, exit code, pattern of the line]: the README's table. */
  const cases: [string[], Record<string, string>, number, RegExp][] = [
    [['run', '--format', '3bit'], {}, 2, /^ternforge: Invalid values: Argument: format, Given: "3bit", Choices: "base3", "2bit" \(see 'ternforge --help'\)$/],
    [['run', '--lanes', 'abc'], {}, 2, /^ternforge: --lanes must be a number \(got 'abc'\)$/],
    [['run', '--max-tokens', 'lots'], {}, 2, /^ternforge: --max-tokens must be a number \(got 'lots'\)$/],
    [['run', '--prompt'], {}, 2, /^ternforge: --prompt needs a value/],
    [['run', '--prompt', ''], {}, 2, /^ternforge: --prompt is empty/],
    [['run', '--prompt', 'x'.repeat(10_000)], {}, 2, /^ternforge: --prompt is 10000 characters; at most 8192 are accepted/],
    [['run', '--max-tokens', '100000'], {}, 2, /^ternforge: --max-tokens must be an integer from 1 to 4096 \(got 100000\)$/],
    [['run', '--top-p', '3'], {}, 2, /^ternforge: --top-p must be in \(0, 1\] \(got 3\)$/],
    [['run', '--temperature', '-1'], {}, 2, /^ternforge: --temperature must be a number ≥ 0/],
    [['run', '--mem-latency', '0'], {}, 2, /^ternforge: --mem-latency must be an integer from 1 to 1000 \(got 0\)$/],
    [['run', '--bogus'], {}, 2, /^ternforge: Unknown argument: bogus/],
    [[], {}, 2, /^ternforge: name a command: run, verify, merge, gen, synth, report, bitstream, serial, project/],
    [['gen', '--lanes', '100000', '--out', join(tmp, 'g')], {}, 2, /^ternforge: --lanes must be an integer from 1 to 4096 \(got 100000\)$/],
    [['gen', '--lanes', '0', '--out', join(tmp, 'g')], {}, 2, /^ternforge: --lanes must be an integer from 1 to 4096 \(got 0\)/],
    [['gen', '--row-units', '3', '--out', join(tmp, 'g')], {}, 2, /^ternforge: --row-units must be 1, 2 or 4 \(got 3\)$/],
    [['run', '--row-units', '8'], {}, 2, /^ternforge: --row-units must be 1, 2 or 4 \(got 8\)$/],
    [['gen', '--array-style', 'wide', '--out', join(tmp, 'g')], {}, 2, /^ternforge: --array-style must be masked, folded or addressed \(got wide\)$/],
    [['gen', '--preset', 'up5k', '--lanes', '5', '--out', join(tmp, 'g')], {}, 2, /^ternforge: --preset sets the lanes and the format; give either --preset or --lanes\/--format/],
    [['gen', '--preset', 'tiny', '--out', join(tmp, 'g')], {}, 2, /^ternforge: Invalid values: Argument: preset, Given: "tiny"/],
    [['gen', '--out', aFile], {}, 2, /^ternforge: --out .*plain-file: is a file; name a folder/],
    [['gen', '--shape', '40,2,x,300', '--out', join(tmp, 'g')], {}, 2, /^ternforge: --shape must be d,L,I,V as four positive integers \(got '40,2,x,300'\)$/],
    [['verify', '--ids', '1,x'], {}, 2, /^ternforge: --ids must be comma-separated token ids \(got 'x'\)$/],
    [['verify', '--window', '10'], {}, 2, /^ternforge: --window needs --wave FILE$/],
    [['run', '--record', '/proc/nope/run.json'], {}, 3, /^ternforge: --record \/proc\/nope\/run\.json: the folder \/proc\/nope: cannot create \/proc\/nope: no such file or directory \(ENOENT\)$/],
    [['run', '--record', tmp], {}, 2, /^ternforge: --record .*: is a folder; name a file$/],
    [['run', '--wave', join(aFile, 'w.vcd')], {}, 3, /^ternforge: --wave .*w\.vcd: the folder .*plain-file is a file, not a folder$/],
    [['report', '--from', join(tmp, 'missing.json')], {}, 3, /^ternforge: --from .*missing\.json: cannot read it: no such file or directory \(ENOENT\)/],
    [['report', '--from', aFile], {}, 3, /^ternforge: .*plain-file: not JSON/],
    [['report', '--from', record((r) => delete r.phases)], {}, 3, /not a usable run record: record\.phases must be an array \(got undefined\)/],
    [['report', '--from', record((r) => (r.figures.cyclesPerToken = 'fast'))], {}, 3, /record\.figures\.cyclesPerToken must be a finite number \(got "fast"\)/],
    [['report', '--from', record((r) => (r.tokens = []))], {}, 3, /record\.tokens is empty/],
    [['report', '--from', record((r) => (r.version = 99))], {}, 3, /version 99 is not supported \(this ternforge reads version 1\)/],
    [['report', '--from', record(() => undefined), '--out', '/proc/nope'], {}, 3, /^ternforge: --out \/proc\/nope: cannot create \/proc\/nope: no such file or directory \(ENOENT\); pass a writable output folder$/],
    [['run', '--max-tokens', '1'], { TERNFORGE_CACHE: '/proc/nope' }, 3, /^ternforge: the Verilator build cache \/proc\/nope\/verilator: cannot create \/proc\/nope: no such file or directory \(ENOENT\); set TERNFORGE_CACHE to a writable folder$/],
    [['run', '--max-tokens', '1'], { TERNFORGE_CACHE: aFile }, 3, /^ternforge: the Verilator build cache .*plain-file\/verilator: .*plain-file is a file, not a folder; set TERNFORGE_CACHE to a writable folder$/],
  ];
  for (const [args, env, code, line] of cases) {
    const label = `${args.join(' ').slice(0, 70)}${Object.keys(env).length ? ` (${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ')})` : ''}`;
    it(`${label} → exit ${code}`, async () => {
      const t0 = Date.now();
      const r = await inProcess(args, env);
      expect(r.line).toMatch(line);
      expect(r.line).not.toContain('\n');
      expect(r.code).toBe(code);
      // Nothing hangs, nothing runs the simulator: each answer comes at once.
      expect(Date.now() - t0).toBeLessThan(60_000);
    });
  }
});

describe('help, version, exit codes', () => {
  it('gen --help describes every flag; --version prints the package version', () => {
    const g = cli('gen', '--help');
    for (const flag of ['--lanes', '--format', '--json', '--out', '--check', '--shape']) {
      const row = g.stdout.split('\n').find((l) => l.trimStart().startsWith(flag));
      expect(row, flag).toBeDefined();
      expect(row!.replace(flag, '').replace(/\[[^\]]*\]/g, '').trim().length, `${flag} has a description`).toBeGreaterThan(10);
    }
    const v = cli('--version');
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
    expect(cli('--help').stdout).toMatch(/Exit codes: 0 .* 130 stopped by Ctrl-C/s);
  });
});

describe('verify on a checkpoint without tokenizer.json', () => {
  it('random tokens need no tokenizer; --wave writes a VCD of the whole run; --prompt names the missing file', () => {
    const model = join(root, 'tests/fixtures/official-small-a');
    expect(existsSync(join(model, 'tokenizer.json'))).toBe(false);
    const wave = join(tmp, 'whole.vcd');
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(root, 'scripts/ternforge.ts'), 'verify', '--model', model, '--tokens', '2', '--wave', wave, '--json'],
      { cwd: root, encoding: 'utf8', timeout: 900_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    const record = JSON.parse(r.stdout);
    expect(record.verdict.bitExact).toBe(true);
    const vcd = readFileSync(wave, 'utf8');
    expect(vcd).toContain('$enddefinitions');
    // Every cycle of both tokens is in the file: the last time stamp is past their cycles.
    const stamps = [...vcd.matchAll(/^#(\d+)$/gm)].map((m) => Number(m[1]));
    const cycles = record.tokens.reduce((a: number, t: { cycles: number }) => a + t.cycles, 0);
    expect(stamps.length).toBeGreaterThan(cycles);
    const p = cli('verify', '--model', model, '--prompt', 'the cat');
    expect(p.code).toBe(3);
    expect(oneLineError(p)).toMatch(/tokenizer\.json: not found/);
  }, 900_000);
});
