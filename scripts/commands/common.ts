/**
 * What the ternforge commands share: exit codes and error classes, flag checks, the hardware
 * flags, opening a simulated core with progress, Ctrl-C handling, and run records on disk.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { ARRAY_STYLES, type ArrayStyle, arrayPassWidth } from '../../hdl-gen/blocks/lm-core/accumulator.ts';
import { DEFAULT_HARDWARE, DEFAULT_MODEL, HardwareSession, type HardwareOptions } from '../../host/cosim/driver.ts';
import { formatMismatch } from '../../host/cosim/run-record.ts';
import { checkDesignFolder, MANIFEST_FILE, type DesignManifest } from '../../host/cosim/design-folder.ts';
import { coreShapeForConfig } from '../../host/image/core-image.ts';
import { readModelConfig } from '../../host/model/config.ts';
import { ensureDir, errnoText } from '../../sim/fs-safe.ts';
import { packageRoot } from '../../sim/package-root.ts';
import { ProgressLine } from '../../host/common/progress.ts';
import type { RunRecord } from '../../host/cosim/run-record.ts';
import type { RunSet } from '../../host/cosim/parallel.ts';
import { setInterruptPolicy } from '../../sim/child-processes.ts';
import { orList, ROW_UNITS, type WeightFormat } from '../../hdl-gen/blocks/lm-core-layout.ts';
import { PRESET_NAMES, PRESETS, preset } from '../../hdl-gen/blocks/lm-core/presets.ts';

/** Exit codes of every command (README, "Exit codes"). */
export const EXIT = {
  ok: 0,
  /** The check failed: the core is not bit-exact with the integer spec, or gen --check found problems. */
  checkFailed: 1,
  /** The command line is wrong: unknown flag, bad value. Nothing was run. */
  usage: 2,
  /** An input or the environment is wrong: model folder, design folder, run record, a path, a missing tool. */
  input: 3,
  /** The simulator or a tool failed: Verilator build, harness crash or time-out. */
  simulator: 4,
  /** A bug in ternforge: the message keeps its stack. */
  internal: 70,
  /** Stopped by Ctrl-C (128 + SIGINT). */
  interrupted: 130,
} as const;

/** A bad command line: exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
  readonly exitCode = EXIT.usage;
}

/** Any argument a command receives (yargs' parsed argv). */
export type Args = Record<string, unknown>;

/** One subcommand: registered in scripts/ternforge.ts's list of commands. */
export interface CliCommand {
  /** yargs command string, e.g. 'run'. */
  command: string;
  describe: string;
  builder: (y: Argv) => Argv;
  /** Returns the exit code. */
  run: (a: Args) => Promise<number>;
}

export const ROOT = packageRoot();

/** The version in package.json. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The value a flag was given on the command line, as typed (for messages about bad numbers). */
export function rawFlag(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === `--${name}`) return argv[i + 1];
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
  }
  return undefined;
}

/**
 * yargs turns a non-numeric value of a number flag into NaN; this names the flag and what was
 * typed instead. Call before using the arguments.
 */
export function rejectNonNumbers(a: Args, argv: readonly string[]): void {
  for (const [k, v] of Object.entries(a)) {
    if (typeof v === 'number' && Number.isNaN(v) && !/[A-Z]/.test(k)) {
      const raw = rawFlag(argv, k);
      throw new UsageError(raw === undefined || raw.startsWith('--') ? `--${k} needs a number` : `--${k} must be a number (got '${raw}')`);
    }
  }
}

export function integerFlag(a: Args, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const v = a[name] as number;
  if (!Number.isInteger(v) || v < min || v > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer from ${min} to ${max}`;
    throw new UsageError(`--${name} must be ${range} (got ${v})`);
  }
  return v;
}

export function requireVerilator(): void {
  const r = spawnSync('verilator', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new ToolError("Verilator was not found on PATH; run 'npm run setup' (installs it with apt-get) or 'apt-get install verilator'");
  }
}

/** A missing system tool: exit 3. */
export class ToolError extends Error {
  override name = 'ToolError';
}

export function modelDir(arg: unknown): string {
  return typeof arg === 'string' ? arg : join(ROOT, DEFAULT_MODEL);
}

/** The largest lane count the generator accepts from the command line. */
export const MAX_LANES = 4096;

/** Lanes/format flags shared by gen, run and verify. No yargs default: a --design folder's manifest comes first. */
export function shapeFlags(y: Argv): Argv {
  return y
    .option('preset', {
      choices: PRESET_NAMES,
      requiresArg: true,
      describe: `core preset, instead of --lanes and --format: ${PRESET_NAMES.map((n) => `${n} (${PRESETS[n].description})`).join('; ')}`,
    })
    .option('lanes', {
      type: 'number',
      requiresArg: true,
      defaultDescription: `${DEFAULT_HARDWARE.lanes}, or the --design folder's`,
      describe: `ternary lanes of the accumulator array: weights applied per cycle (1 to ${MAX_LANES})`,
    })
    .option('format', {
      choices: ['base3', '2bit'] as const,
      requiresArg: true,
      defaultDescription: `${DEFAULT_HARDWARE.format}, or the --design folder's`,
      describe: 'weight memory format: base3 = 5 trits per byte (1.6 bits/weight), 2bit = 2 bits per weight',
    })
    .option('row-units', {
      type: 'number',
      requiresArg: true,
      defaultDescription: "1, or the --design folder's",
      describe: `rows of a weight matrix accumulated side by side (${ROW_UNITS.join(', ')}): lanes × row units weights per cycle, a memory word of one lane group per row unit`,
    })
    .option('array-style', {
      type: 'string',
      requiresArg: true,
      defaultDescription: "masked, or the --design folder's",
      describe: `how the lanes apply their trits: ${orList(ARRAY_STYLES)} (folded: the smaller form on Xilinx, one cycle of latency; addressed: the fewest LUT4 on iCE40, two cycles, a block RAM per two lanes, one row unit and pass width 1; docs/ARCHITECTURE.md)`,
    });
}

export function hardwareFlags(y: Argv): Argv {
  return shapeFlags(y)
    .option('model', { type: 'string', requiresArg: true, describe: `Hugging Face MMfreeLM folder (default: the shipped ${DEFAULT_MODEL})` })
    .option('mem-latency', { type: 'number', requiresArg: true, default: DEFAULT_HARDWARE.memLatency, describe: 'external memory latency in cycles' })
    .option('design', {
      type: 'string',
      requiresArg: true,
      describe: "a folder written by 'ternforge gen': its lanes and format are used, and it is checked against the model before running",
    })
    .option('json', { type: 'boolean', default: false, describe: 'print the run record as JSON instead of text' })
    .option('record', { type: 'string', requiresArg: true, describe: 'also write the run record (JSON) to this file (checked before the run)' })
    .option('wave', {
      type: 'string',
      requiresArg: true,
      describe: 'write a VCD waveform of every cycle of the run to this file (large: about 1 MB per 10 000 cycles)',
    });
}

function readManifest(dir: string): DesignManifest | undefined {
  const p = join(dir, MANIFEST_FILE);
  if (!existsSync(p)) return undefined;
  try {
    return JSON.parse(readFileSync(p, 'utf8')) as DesignManifest;
  } catch {
    return undefined; // checkDesignFolder names the problem
  }
}

/** --lanes and --format: given on the command line, else from --design's manifest, else the defaults. */
export function lanesAndFormat(a: Args): { lanes: number; format: WeightFormat } {
  if (a.preset !== undefined) {
    if (a.lanes !== undefined || a.format !== undefined) throw new UsageError('--preset sets the lanes and the format; give either --preset or --lanes/--format');
    const p = preset(String(a.preset));
    a.lanes = p.lanes;
    a.format = p.format;
  }
  const manifest = typeof a.design === 'string' ? readManifest(a.design) : undefined;
  if (a.lanes === undefined) a.lanes = manifest?.parameters?.lanes ?? DEFAULT_HARDWARE.lanes;
  if (a.format === undefined) a.format = manifest?.parameters?.format ?? DEFAULT_HARDWARE.format;
  const lanes = integerFlag(a, 'lanes', 1, MAX_LANES);
  return { lanes, format: a.format as WeightFormat };
}

/** A hardware flag with a fixed set of values: given on the command line, else from --design's manifest, else `fallback`. */
function choiceFlag<T extends number | string>(a: Args, flag: 'row-units' | 'array-style', key: 'rowUnits' | 'arrayStyle', values: readonly T[], fallback: T): T {
  const manifest = typeof a.design === 'string' ? readManifest(a.design) : undefined;
  const v: unknown = a[flag] ?? manifest?.parameters?.[key] ?? fallback;
  if (!(values as readonly unknown[]).includes(v)) throw new UsageError(`--${flag} must be ${orList(values)} (got ${String(v)})`);
  return v as T;
}

/** --row-units: given on the command line, else from --design's manifest, else 1. */
export function rowUnitsFlag(a: Args): number {
  return choiceFlag<number>(a, 'row-units', 'rowUnits', ROW_UNITS, 1);
}

/** --array-style: given on the command line, else from --design's manifest, else masked. */
export function arrayStyleFlag(a: Args): ArrayStyle {
  return choiceFlag(a, 'array-style', 'arrayStyle', ARRAY_STYLES, 'masked');
}

export function hardwareOptions(a: Args): HardwareOptions {
  const { lanes, format } = lanesAndFormat(a);
  const memLatency = integerFlag(a, 'mem-latency', 1, 1000);
  const rowUnits = rowUnitsFlag(a);
  const arrayStyle = arrayStyleFlag(a);
  return { lanes, format, memLatency, ...(rowUnits > 1 ? { rowUnits } : {}), ...(arrayStyle !== 'masked' ? { arrayStyle } : {}) };
}

/**
 * Ctrl-C during a command. While `stoppable` is set (tokens are running) the first Ctrl-C
 * asks the command to stop after the current token; the harness, in a process group of its
 * own, finishes it. Otherwise (building, loading), or at the second Ctrl-C, every child is
 * killed and the process exits 130 with one line.
 */
export class Interrupt {
  private requested = false;
  stoppable = false;

  constructor(progress: ProgressLine, what: string) {
    setInterruptPolicy({
      onInterrupt: (count) => {
        if (count === 1 && this.stoppable) {
          this.requested = true;
          progress.clear();
          process.stderr.write(`\nternforge: stopping after the current ${what} (Ctrl-C again to abort)\n`);
          return 'continue';
        }
        return 'abort';
      },
      aborted: () => {
        const phase = progress.phaseText ?? '';
        progress.clear();
        const why = this.stoppable
          ? '; no summary or record written'
          : /building the core/.test(phase)
            ? ' during the Verilator build; nothing was cached (the next run builds again)'
            : phase
              ? ` while ${phase.replace(/^ternforge[^:]*: /, '').replace(/…$/, '')}`
              : '';
        process.stderr.write(`\nternforge: interrupted${why}\n`);
        process.exit(EXIT.interrupted);
      },
    });
  }

  get cancelled(): boolean {
    return this.requested;
  }

  dispose(): void {
    setInterruptPolicy(undefined);
  }
}

export async function openSession(a: Args, progress: ProgressLine, opts: { float: boolean; text: boolean }): Promise<HardwareSession> {
  requireVerilator();
  const dir = modelDir(a.model);
  const hardware = hardwareOptions(a);
  if (typeof a.design === 'string') {
    const config = readModelConfig(join(dir, 'config.json'));
    checkDesignFolder(a.design, coreShapeForConfig(config, hardware.lanes, hardware.format, arrayPassWidth(hardware.arrayStyle), undefined, hardware.rowUnits), hardware.arrayStyle ?? 'masked');
  }
  return HardwareSession.open({
    modelDir: dir,
    hardware,
    float: opts.float,
    text: opts.text,
    onStatus: (s) =>
      progress.status(
        s.startsWith('building')
          ? 'ternforge: building the core with Verilator (the first build of a configuration takes a few minutes; later runs use the cache)…'
          : `ternforge: ${s}…`,
      ),
  });
}

/**
 * Checks before any work that a record (or other output file) can be written at `path`:
 * its folder is created, and a probe file written and removed.
 */
export function checkWritable(path: string, flag: string): void {
  const abs = resolve(path);
  if (existsSync(abs) && statSync(abs).isDirectory()) throw new UsageError(`${flag} ${path}: is a folder; name a file`);
  ensureDir(dirname(abs), `${flag} ${path}: the folder`);
  const probe = join(dirname(abs), `.${basename(abs)}.probe-${process.pid}`);
  try {
    writeFileSync(probe, '');
  } catch (e) {
    throw new UsageError(`${flag} ${path}: cannot write there: ${errnoText(e)}`);
  } finally {
    rmSync(probe, { force: true });
  }
}

export function writeRecord(path: string | undefined, record: RunRecord | RunSet): void {
  if (path === undefined) return;
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, JSON.stringify(record, null, 2) + '\n');
    // rename is atomic on one filesystem: a reader never sees half a record.
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new RecordWriteError(`--record ${path}: cannot write the run record: ${errnoText(e)}`);
  }
}

/** The record could not be written after the run (its figures were printed first). */
export class RecordWriteError extends Error {
  override name = 'RecordWriteError';
}

export function figureLines(r: RunRecord): string[] {
  const f = r.figures;
  const lines = [
    `tokens: ${f.tokens}  simulation: ${f.tokensPerSecond.toFixed(2)} tokens/s, ${(f.simCyclesPerSecond / 1e6).toFixed(2)} M cycles/s`,
    `cycles/token: ${Math.round(f.cyclesPerToken)} (ideal ${Math.round(f.idealCyclesPerToken)} at ${r.hardware.lanes} lanes${(r.hardware.rowUnits ?? 1) > 1 ? ` × ${r.hardware.rowUnits} row units` : ''}: lane utilization ${(100 * f.laneUtilization).toFixed(1)} %)`,
    `weight traffic: ${f.weightBitsPerWeight.toFixed(3)} bits per weight (${r.hardware.format}, ${r.hardware.memWordBits}-bit memory words)`,
    `time: simulator ${f.simSeconds.toFixed(2)} s, bridge ${f.bridgeSeconds.toFixed(2)} s, golden models ${f.goldenSeconds.toFixed(2)} s (${f.hostSeconds.toFixed(2)} s not hidden by the simulation); outside the simulator: ${(100 * f.outsideSimulatorShare).toFixed(1)} % of the wall-clock time`,
  ];
  const v = r.verdict;
  lines.push(
    v.bitExact
      ? `verdict: bit-exact — ${v.tokensChecked} tokens, ${v.recordsChecked} debug records, every logit and argmax equal to the integer spec`
      : `verdict: MISMATCH — ${v.mismatch ? formatMismatch(v.mismatch) : 'see the token table'}`,
  );
  if (r.floatAgreement) {
    const a = r.floatAgreement;
    lines.push(`float reference: top-1 agreement ${a.top1}/${a.of} (${((100 * a.top1) / a.of).toFixed(1)} %), max |logit difference| ${a.maxAbsLogitDiff.toFixed(4)}`);
  }
  if (r.interrupted) lines.push(`stopped by Ctrl-C after ${f.tokens} tokens: the figures cover the tokens done`);
  return lines;
}

/** Exit code of a finished run or verify. */
export function verdictCode(r: RunRecord, interrupted: boolean): number {
  if (!r.verdict.bitExact) return EXIT.checkFailed;
  return interrupted ? EXIT.interrupted : EXIT.ok;
}
