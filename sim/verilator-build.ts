/**
 * Verilator build with a content-addressed cache. A design is built once with
 * `verilator --cc --exe --build` against the harness generated for it; the result lives
 * in <cache>/<sha256>/ where the key covers the RTL text, the harness text and version,
 * the flags and `verilator --version`. The cache root is $TERNFORGE_CACHE/verilator when
 * that is set, else .cache/verilator under the repository root (for an installed package,
 * ternforge/verilator in the user's cache folder).
 *
 * Writes are atomic: the build runs in <cache>/tmp-<key>-<pid>-<nonce>/ and is renamed
 * into place only when complete, so an interrupted build leaves nothing a later build
 * would trust. A lock file per key makes a second concurrent builder wait for the first
 * instead of compiling the same thing twice; a lock held by a dead process is taken over.
 */
import { spawn, execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EmittedDesign } from '../hdl-gen/emitted.ts';
import { designText } from '../hdl-gen/emitted.ts';
import { HARNESS_VERSION, harnessSource } from './harness-source.ts';
import { interruptCount, trackChild } from './child-processes.ts';
import { ensureDir, errnoText } from './fs-safe.ts';
import { defaultCacheRoot } from './package-root.ts';
import { SimBuildError, SimCacheError } from './sim-errors.ts';

export interface BuildOptions {
  /** Cache root; default $TERNFORGE_CACHE/verilator or <repo>/.cache/verilator. */
  cacheDir?: string;
  /** Compile VCD tracing in (default true). A model built without it cannot trace. */
  trace?: boolean;
  /**
   * Initial values of variables without a reset (default 'fast': zero). 'unique' compiles in a
   * per-variable random initial value, chosen at run time by +verilator+rand+reset+2 and
   * +verilator+seed+N (Testbench plusargs): for checking that nothing depends on them.
   */
  xInitial?: 'fast' | 'unique';
  /**
   * Simulation threads (Verilator's --threads; default 1). A model built for N threads
   * runs its evaluation on N threads: worth it only for large designs on free cores.
   */
  threads?: number;
  /** Called with the process group id of the Verilator build once it starts. */
  onBuildStart?: (pgid: number) => void;
}

export interface BuiltModel {
  design: EmittedDesign;
  /** The cache key (sha256 hex). */
  key: string;
  /** The cache entry's directory. */
  dir: string;
  /** Verilator's output directory inside it (headers, V<top>__ALL.a, libverilated.a). */
  objDir: string;
  /** The harness executable. */
  exe: string;
  /** True when this call ran the compiler; false on a cache hit. */
  compiled: boolean;
  trace: boolean;
}

/** Counts of what buildDesign did in this process: tests assert on these, not on timings. */
export const buildCounters = { compiles: 0, cacheHits: 0 };


/** Flags given to Verilator; part of the cache key. `-j 2` keeps to two cores. */
export const VERILATOR_FLAGS: readonly string[] = [
  '--cc',
  '--exe',
  '--build',
  '-j',
  '2',
  '-O3',
  '--x-assign',
  'fast',
  '--x-initial',
  'fast',
  '--no-assert',
  '-MAKEFLAGS',
  'OPT_FAST=-O2',
  '-MAKEFLAGS',
  'OPT_SLOW=-O1',
  '-MAKEFLAGS',
  'OPT_GLOBAL=-O2',
];

export function defaultCacheDir(): string {
  const env = process.env['TERNFORGE_CACHE'];
  return env ? path.join(path.resolve(env), 'verilator') : path.join(defaultCacheRoot(), 'verilator');
}

let versionMemo: string | undefined;
/** `verilator --version`, once per process. */
export function verilatorVersion(): string {
  if (versionMemo === undefined) {
    try {
      versionMemo = execFileSync('verilator', ['--version'], { encoding: 'utf8' }).trim();
    } catch {
      throw new SimBuildError('verilator not found on PATH; install Verilator 5.006 (Debian: apt-get install verilator) or run npm run setup', '');
    }
  }
  return versionMemo;
}

/** Cache key of a build: everything that can change the executable. */
export function buildKey(design: EmittedDesign, harness: string, flags: readonly string[]): string {
  const h = createHash('sha256');
  const parts = [`harness-v${HARNESS_VERSION}`, verilatorVersion(), design.top, flags.join('\0'), harness, designText(design)];
  for (const p of parts) h.update(`${p.length}:${p}\n`);
  return h.digest('hex');
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function entryComplete(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'meta.json'));
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Takes the per-key lock; waits while a live process holds it. Returns the release function. */
async function lockKey(cache: string, key: string, entry: string): Promise<(() => void) | undefined> {
  const lock = path.join(cache, `${key}.lock`);
  for (;;) {
    if (entryComplete(entry)) return undefined;
    try {
      const fd = fs.openSync(lock, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      // Released on every way out, an exit in the middle of the build included.
      const release = (): void => {
        process.removeListener('exit', release);
        fs.rmSync(lock, { force: true });
      };
      process.on('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let holder = NaN;
    try {
      holder = Number(fs.readFileSync(lock, 'utf8'));
    } catch {
      continue; // released between our two calls
    }
    if (Number.isInteger(holder) && holder > 0 && !pidAlive(holder)) {
      fs.rmSync(lock, { force: true });
      continue;
    }
    await sleep(200);
  }
}

/** Removes build directories left by processes that no longer exist. */
function removeStaleTemps(cache: string): void {
  for (const name of fs.readdirSync(cache)) {
    const m = /^tmp-[0-9a-f]+-(\d+)-[0-9a-f]+$/.exec(name);
    if (m && Number(m[1]) !== process.pid && !pidAlive(Number(m[1]))) {
      fs.rmSync(path.join(cache, name), { recursive: true, force: true });
    }
  }
}

/** A log line cut to `max` characters (a compiler command line can run to thousands). */
function oneLine(s: string, max: number): string {
  const t = s.trim().replace(/\s+/g, ' ');
  return t.length <= max ? t : `${t.slice(0, max - 1)}…`;
}

function runVerilator(args: string[], cwd: string, onStart?: (pgid: number) => void): Promise<{ code: number | null; signal: NodeJS.Signals | null; log: string }> {
  return new Promise((resolve, reject) => {
    // A process group of its own, so that the whole build (verilator, make, g++) can be
    // killed at once when the parent is interrupted.
    const child = spawn('verilator', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const untrack = trackChild(() => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    });
    if (child.pid !== undefined) onStart?.(child.pid);
    const chunks: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.stderr.on('data', (d: Buffer) => chunks.push(d));
    child.on('error', (e) => {
      untrack();
      reject(new SimBuildError(`cannot run verilator: ${e.message}; install Verilator 5.006 or run npm run setup`, ''));
    });
    child.on('close', (code, signal) => {
      untrack();
      resolve({ code, signal, log: Buffer.concat(chunks).toString('utf8') });
    });
  });
}

/**
 * The Verilator runtime (verilated.cpp, verilated_vcd_c.cpp, verilated_threads.cpp) compiles to
 * the same objects for every design built with the same Verilator and flags, and it is most of
 * a small design's build time. Its objects are kept once per flag set in the cache and copied
 * into each new build folder, and make is told not to remake them (`--old-file`).
 */
const RUNTIME_OBJECT = /^verilated[a-z_]*\.o$/;

function runtimeDir(cache: string, flags: readonly string[]): string {
  const h = createHash('sha256');
  for (const p of [`harness-v${HARNESS_VERSION}`, verilatorVersion(), ...flags]) h.update(`${p.length}:${p}\n`);
  return path.join(cache, `runtime-${h.digest('hex').slice(0, 32)}`);
}

/** Copies the kept runtime objects into a new build's object folder; returns their names (none kept yet: none). */
function seedRuntime(runtime: string, objDir: string): string[] {
  if (!fs.existsSync(path.join(runtime, 'complete'))) return [];
  fs.mkdirSync(objDir, { recursive: true });
  const files = fs.readdirSync(runtime).filter((f) => RUNTIME_OBJECT.test(f));
  for (const f of files) fs.copyFileSync(path.join(runtime, f), path.join(objDir, f));
  return files;
}

/** Keeps the runtime objects of a successful build, unless kept already; best effort. */
function keepRuntime(cache: string, runtime: string, objDir: string): void {
  if (fs.existsSync(path.join(runtime, 'complete'))) return;
  const files = fs.readdirSync(objDir).filter((f) => RUNTIME_OBJECT.test(f));
  if (files.length === 0) return;
  const tmp = path.join(cache, `tmp-${path.basename(runtime).slice(8, 24)}-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    fs.mkdirSync(tmp);
    for (const f of files) fs.copyFileSync(path.join(objDir, f), path.join(tmp, f));
    fs.writeFileSync(path.join(tmp, 'complete'), `${files.join('\n')}\n`);
    fs.renameSync(tmp, runtime);
  } catch {
    // Another process kept them first, or the cache is full: the next build compiles them again.
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Builds (or finds in the cache) the Verilated model and harness of a design. */
export async function buildDesign(design: EmittedDesign, opts: BuildOptions = {}): Promise<BuiltModel> {
  const trace = opts.trace ?? true;
  const harness = harnessSource(design, { trace, plusargs: opts.xInitial === 'unique', ...(opts.threads !== undefined ? { threads: opts.threads } : {}) });
  const base = opts.xInitial === 'unique' ? VERILATOR_FLAGS.map((f, i) => (VERILATOR_FLAGS[i - 1] === '--x-initial' ? 'unique' : f)) : VERILATOR_FLAGS;
  const threads = opts.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1) throw new SimBuildError(`design '${design.top}': threads must be a positive integer (got ${threads})`, '');
  const flags = [...base, ...(trace ? ['--trace'] : []), ...(threads > 1 ? ['--threads', String(threads)] : [])];
  const key = buildKey(design, harness, flags);
  const cache = path.resolve(opts.cacheDir ?? defaultCacheDir());
  const hint = opts.cacheDir === undefined ? '; set TERNFORGE_CACHE to a writable folder' : '';
  try {
    ensureDir(cache, 'the Verilator build cache', hint);
  } catch (e) {
    throw new SimCacheError((e as Error).message);
  }
  /** Errors of the cache's own files (lock, temporary build folder) name the cache. */
  const cacheError = (e: unknown, what: string): SimCacheError =>
    new SimCacheError(`the Verilator build cache ${cache}: cannot ${what}: ${errnoText(e)}${hint}`);
  const entry = path.join(cache, key);
  const result = (compiled: boolean): BuiltModel => ({
    design,
    key,
    dir: entry,
    objDir: path.join(entry, 'obj'),
    exe: path.join(entry, 'obj', 'harness'),
    compiled,
    trace,
  });
  if (entryComplete(entry)) {
    buildCounters.cacheHits++;
    return result(false);
  }
  let release: (() => void) | undefined;
  try {
    release = await lockKey(cache, key, entry);
  } catch (e) {
    throw cacheError(e, 'take the build lock');
  }
  if (!release) {
    buildCounters.cacheHits++;
    return result(false);
  }
  try {
    if (entryComplete(entry)) {
      buildCounters.cacheHits++;
      return result(false);
    }
    removeStaleTemps(cache);
    // A directory without meta.json at the entry's path cannot come from a rename of
    // ours; it is debris from elsewhere and is replaced.
    if (fs.existsSync(entry)) fs.rmSync(entry, { recursive: true, force: true });
    const tmp = path.join(cache, `tmp-${key.slice(0, 16)}-${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      fs.mkdirSync(tmp);
      fs.writeFileSync(path.join(tmp, 'design.v'), designText(design));
      fs.writeFileSync(path.join(tmp, 'harness.cpp'), harness);
    } catch (e) {
      fs.rmSync(tmp, { recursive: true, force: true });
      throw cacheError(e, 'write a build folder');
    }
    // A process that exits in the middle (Ctrl-C twice, an uncaught error) leaves no debris.
    const removeTmp = (): void => fs.rmSync(tmp, { recursive: true, force: true });
    process.on('exit', removeTmp);
    try {
      const runtime = runtimeDir(cache, flags);
      let seeded: string[];
      try {
        seeded = seedRuntime(runtime, path.join(tmp, 'obj'));
      } catch (e) {
        throw cacheError(e, 'copy the Verilator runtime objects');
      }
      const keep = seeded.flatMap((f) => ['-MAKEFLAGS', `--old-file=${f}`]);
      const args = [...flags, ...keep, '--top-module', design.top, '-Mdir', 'obj', '-o', 'harness', 'harness.cpp', 'design.v'];
      const run = await runVerilator(args, tmp, opts.onBuildStart);
      fs.writeFileSync(path.join(tmp, 'build.log'), run.log);
      if (run.signal) {
        const why = interruptCount() > 0 ? 'interrupted' : `killed by ${run.signal}`;
        throw new SimBuildError(`design '${design.top}': the Verilator build was ${why}; nothing was cached`, run.log.slice(-8000));
      }
      if (run.code !== 0 || !fs.existsSync(path.join(tmp, 'obj', 'harness'))) {
        const first = run.log.split('\n').find((l) => /^%(Error|Warning)/.test(l) || /error:/.test(l)) ?? run.log.trim().split('\n').pop() ?? '';
        throw new SimBuildError(`design '${design.top}': Verilator build failed: ${oneLine(first, 240)}`, run.log.slice(-8000));
      }
      keepRuntime(cache, runtime, path.join(tmp, 'obj'));
      fs.writeFileSync(
        path.join(tmp, 'meta.json'),
        JSON.stringify({ top: design.top, key, harnessVersion: HARNESS_VERSION, verilator: verilatorVersion(), flags, trace }, null, 2) + '\n',
      );
      fs.renameSync(tmp, entry);
    } catch (e) {
      removeTmp();
      throw e;
    } finally {
      process.removeListener('exit', removeTmp);
    }
    buildCounters.compiles++;
    return result(true);
  } finally {
    release();
  }
}
