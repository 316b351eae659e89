/**
 * ternforge in a real terminal: a pseudo-terminal from util-linux `script`, with Ctrl-C typed
 * into it (the terminal then sends SIGINT to the whole foreground process group, as for a
 * user). Checks that the generated text stays on the screen, that Ctrl-C during a run stops
 * after the current token with a summary, a record and exit 130, and that Ctrl-C during a
 * first build stops it with one line and leaves the cache clean.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateRunRecord } from '../../host/cosim/run-record.ts';

const root = resolve(import.meta.dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'ternforge-tty-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const haveScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
if (!haveScript) console.log('terminal tests skipped: util-linux `script` is not installed (apt-get install bsdutils)');

interface Session {
  code: number | null;
  out: string;
}

/**
 * Runs `ternforge ARGS` in a pseudo-terminal; when the output first contains `trigger`,
 * waits `delayMs` and types Ctrl-C.
 */
function inTerminal(args: string[], opts: { trigger?: string; delayMs?: number; env?: Record<string, string> } = {}): Promise<Session> {
  const quote = (a: string): string => `'${a.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, '--import', 'tsx', join(root, 'scripts/ternforge.ts'), ...args].map(quote).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: root, env: { ...process.env, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let typed = false;
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d: string) => {
    out += d;
    if (opts.trigger && !typed && out.includes(opts.trigger)) {
      typed = true;
      setTimeout(() => child.stdin.write('\x03'), opts.delayMs ?? 0);
    }
  });
  return new Promise((done) => child.on('exit', (code) => done({ code, out })));
}

describe.skipIf(!haveScript)('ternforge in a terminal', () => {
  it('Ctrl-C during a run: stops after the current token with summary, record and exit 130; the next run works', async () => {
    const record = join(tmp, 'stopped.json');
    const stopped = await inTerminal(['run', '--prompt', 'The man', '--max-tokens', '30', '--no-float', '--record', record], {
      trigger: 'The man',
      delayMs: 1500,
    });
    expect(stopped.out).toContain('ternforge: stopping after the current token');
    expect(stopped.out).toMatch(/stopped by Ctrl-C after \d+ tokens/);
    expect(stopped.out).toMatch(/verdict: bit-exact/);
    expect(stopped.out).not.toMatch(/harness was killed|internal error/);
    expect(stopped.code).toBe(130);
    const r = validateRunRecord(JSON.parse(readFileSync(record, 'utf8')), record);
    expect(r.interrupted).toBe(true);
    expect(r.tokens.filter((t) => t.phase === 'generated').length).toBeGreaterThan(0);
    expect(r.tokens.filter((t) => t.phase === 'generated').length).toBeLessThan(30);
    expect(r.verdict.bitExact).toBe(true);

    // The next run works, and its text stays on the screen: no erase after it on its line.
    const next = await inTerminal(['run', '--prompt', 'The man', '--max-tokens', '3', '--no-float']);
    expect(next.code).toBe(0);
    const line = next.out.split('\n').find((l) => l.includes('The man'))!;
    expect(line).toBeDefined();
    const textAt = line.lastIndexOf('The man');
    expect(line.lastIndexOf('\x1b[2K')).toBeLessThan(textAt);
    expect(line.slice(textAt).replace(/\r/g, '').trim().length).toBeGreaterThan('The man'.length);
    expect(next.out).toMatch(/verdict: bit-exact — 6 tokens/);
  }, 900_000);

  it('Ctrl-C during a first build: one line, exit 130, no compiler command, nothing left in the cache', async () => {
    const cache = join(tmp, 'cold-cache');
    const s = await inTerminal(['run', '--max-tokens', '1', '--no-float'], {
      trigger: 'building the core',
      delayMs: 3000,
      env: { TERNFORGE_CACHE: cache },
    });
    expect(s.code).toBe(130);
    expect(s.out).toContain('ternforge: interrupted during the Verilator build; nothing was cached');
    expect(s.out).not.toMatch(/g\+\+|Verilator build failed|SIGKILL/);
    const dir = join(cache, 'verilator');
    const left = existsSync(dir) ? readdirSync(dir) : [];
    expect(left).toEqual([]);
    // No compiler of that build is left running.
    await new Promise((r) => setTimeout(r, 1000));
    const running = readdirSync('/proc')
      .filter((p) => /^\d+$/.test(p))
      .filter((p) => {
        try {
          return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(cache) || readFileSync(`/proc/${p}/environ`, 'utf8').includes(cache);
        } catch {
          return false;
        }
      });
    expect(running).toEqual([]);
  });
});
