import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Testbench } from '../../sim/testbench.ts';
import { buildCounters, buildDesign } from '../../sim/verilator-build.ts';
import { SimCommandError, SimCrashError, SimTimeoutError } from '../../sim/sim-errors.ts';
import { counterDesign, crashDesign } from './handwritten-designs.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');

/** True while `pid` names a live (not zombie) process. */
function running(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

function procState(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').slice(0, 80);
  } catch {
    return 'no such process';
  }
}

async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return cond();
}

function startScript(script: string, args: string[] = []): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(here, 'fixtures', script), ...args], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function lineMatching(child: ChildProcess, re: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let buf = '';
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = re.exec(buf);
      if (m) resolve(m);
    });
    child.on('exit', (code) => reject(new Error(`child exited (${code}) before printing ${re}: ${err}`)));
  });
}

describe('harness failures', () => {
  it('a harness crash rejects pending operations with an error naming the design and the command', async () => {
    const tb = await Testbench.start(crashDesign());
    tb.dut.set('d', 7);
    await tb.tick();
    expect(await tb.dut.get('q')).toBe(7);
    tb.dut.set('boom', 1);
    const ticking = tb.tick(1);
    const reading = tb.dut.get('q');
    reading.catch(() => undefined);
    const err = await ticking.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SimCrashError);
    expect((err as Error).message).toMatch(/^design 'crashy': the harness was killed by SIGABRT while running 'tick 1'/);
    await expect(reading).rejects.toBeInstanceOf(SimCrashError);
    await expect(tb.dut.get('q')).rejects.toThrow(/design 'crashy'/);
    await tb.close();
  });

  it('keeps $display output off the protocol and reports $finish as a command error', async () => {
    let printed = '';
    const tb = await Testbench.start(crashDesign(), { onOutput: (t) => (printed += t) });
    tb.dut.set('talk', 1);
    for (let i = 1; i <= 5; i++) {
      tb.dut.set('d', i);
      await tb.tick();
      expect(await tb.dut.get('q')).toBe(i);
    }
    tb.dut.set('fin', 1);
    const err = await tb.tick().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SimCommandError);
    expect((err as Error).message).toMatch(/design 'crashy': 'tick 1' failed: the design called \$finish at cycle 6/);
    await tb.close();
    expect(printed).toMatch(/ok q=4\n/);
  });

  it('a hang times out, rejects with a SimTimeoutError and kills the harness', async () => {
    const tb = await Testbench.start(counterDesign());
    await tb.reset();
    const pid = tb.pid!;
    const t0 = Date.now();
    const err = await tb.waitUntil('count', 5, { timeout: 1e15, timeoutMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SimTimeoutError);
    expect((err as Error).message).toMatch(/design 'counter': no reply to 'waitUntil count == 5 within 1000000000000000 cycles' within 300 ms; the harness was killed/);
    expect(Date.now() - t0).toBeLessThan(5000);
    const gone = await waitFor(() => !running(pid), 10_000);
    expect(gone, `harness ${pid} still there: ${procState(pid)}`).toBe(true);
    await tb.close();
  });

  it('leaves no orphan harness when the parent is SIGKILLed', async () => {
    const child = startScript('start-and-wait.ts');
    const pid = Number((await lineMatching(child, /HARNESS (\d+)\n/))[1]);
    expect(running(pid)).toBe(true);
    child.kill('SIGKILL');
    expect(await waitFor(() => !running(pid), 10_000), `harness ${pid}: ${procState(pid)}`).toBe(true);
  });

  it('kills its harness and exits 130 on SIGINT (exit handlers run)', async () => {
    const child = startScript('start-and-wait.ts');
    const pid = Number((await lineMatching(child, /HARNESS (\d+)\n/))[1]);
    expect(running(pid)).toBe(true);
    const exited = new Promise<NodeJS.Signals | number | null>((r) => child.on('exit', (code, sig) => r(sig ?? code)));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(await waitFor(() => !running(pid), 10_000), `harness ${pid}: ${procState(pid)}`).toBe(true);
  });
});

describe('build atomicity', () => {
  it('a build killed mid-way leaves the cache usable; concurrent builders compile once', async () => {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-atomic-'));
    try {
      const child = startScript('build-into.ts', [cacheDir]);
      const pgid = Number((await lineMatching(child, /PGID (\d+)\n/))[1]);
      // Let the C++ compile get going, then kill the builder and its whole build.
      const objDir = (): boolean =>
        fs.readdirSync(cacheDir).some((n) => n.startsWith('tmp-') && fs.existsSync(path.join(cacheDir, n, 'obj', 'Vcounter.mk')));
      expect(await waitFor(objDir, 20_000)).toBe(true);
      const exited = new Promise((r) => child.on('exit', r));
      child.kill('SIGKILL');
      process.kill(-pgid, 'SIGKILL');
      await exited;
      const names = fs.readdirSync(cacheDir);
      expect(names.some((n) => /^[0-9a-f]{64}$/.test(n))).toBe(false);
      expect(names.some((n) => n.startsWith('tmp-'))).toBe(true);

      const before = buildCounters.compiles;
      const [a, b] = await Promise.all([buildDesign(counterDesign(), { cacheDir }), buildDesign(counterDesign(), { cacheDir })]);
      expect(buildCounters.compiles).toBe(before + 1);
      expect([a.compiled, b.compiled].sort()).toEqual([false, true]);
      expect(a.exe).toBe(b.exe);
      // The entry and the kept Verilator runtime objects; no temporary folder is left.
      const left = fs.readdirSync(cacheDir).sort();
      expect(left.filter((n) => !n.startsWith('runtime-'))).toEqual([a.key]);
      expect(left.filter((n) => n.startsWith('runtime-'))).toHaveLength(1);

      const tb = await Testbench.startBuilt(a);
      await tb.reset();
      tb.dut.set('en', 1);
      await tb.tick(9);
      expect(await tb.dut.get('count')).toBe(9);
      await tb.close();
    } finally {
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
