#!/usr/bin/env -S npx tsx
/**
 * The ternforge command line: generate the core for a MatMul-free LM checkpoint, run it in
 * Verilator, generate text, verify it bit for bit against the integer spec, and report.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { DEFAULT_HARDWARE, DEFAULT_MODEL, formatMismatch, HardwareSession, type HardwareOptions } from '../host/driver.ts';
import { checkDesignFolder, writeDesignFolder } from '../host/design-folder.ts';
import { coreShapeForConfig } from '../host/intspec/core-image.ts';
import { generate, verifySequence } from '../host/generate.ts';
import { ProgressLine } from '../host/progress.ts';
import { validateSampling } from '../host/sampling.ts';
import type { RunRecord } from '../host/run-record.ts';
import { Prng } from '../host/prng.ts';
import { readModelConfig, modelConfigForShape } from '../host/config.ts';
import type { WeightFormat } from '../hdl-gen/blocks/lm-core-layout.ts';
import { PRESET_NAMES, preset } from '../hdl-gen/blocks/lm-core/presets.ts';

/** --preset sets the lanes and the weight format (it overrides --lanes and --format). */
function applyPreset(a: { preset?: string | undefined; lanes: number; format: string }): void {
  if (a.preset === undefined) return;
  const p = preset(a.preset);
  a.lanes = p.lanes;
  a.format = p.format;
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Errors the user can cause: printed as one line. Anything else is a bug and keeps its stack. */
const BUILTIN_ERRORS = new Set(['TypeError', 'ReferenceError', 'SyntaxError', 'EvalError', 'URIError', 'AggregateError']);
function isUserError(e: unknown): e is Error {
  return e instanceof Error && !BUILTIN_ERRORS.has(e.name) && !(e.name === 'RangeError' && /Invalid array length|call stack/.test(e.message));
}

class UsageError extends Error {
  override name = 'UsageError';
}

function requireVerilator(): void {
  const r = spawnSync('verilator', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new UsageError("Verilator was not found on PATH; run 'npm run setup' (installs it with apt-get) or 'apt-get install verilator'");
  }
}

function modelDir(arg: string | undefined): string {
  return arg ?? join(root, DEFAULT_MODEL);
}

function hardwareOptions(a: { preset?: string | undefined; lanes: number; format: string; 'mem-latency': number }): HardwareOptions {
  applyPreset(a);
  if (!Number.isInteger(a.lanes) || a.lanes < 1) throw new UsageError(`--lanes must be a positive integer (got ${a.lanes})`);
  if (!Number.isInteger(a['mem-latency']) || a['mem-latency'] < 1) {
    throw new UsageError(`--mem-latency must be an integer ≥ 1 (got ${a['mem-latency']})`);
  }
  return { lanes: a.lanes, format: a.format as WeightFormat, memLatency: a['mem-latency'] };
}

function hardwareFlags<T>(y: Argv<T>) {
  return y
    .option('model', { type: 'string', describe: `Hugging Face MMfreeLM folder (default: the shipped ${DEFAULT_MODEL})` })
    .option('preset', { choices: PRESET_NAMES, describe: 'core preset (sets --lanes and --format): up5k, balanced or fast' })
    .option('lanes', { type: 'number', default: DEFAULT_HARDWARE.lanes, describe: 'ternary lanes of the accumulator array' })
    .option('format', {
      choices: ['base3', '2bit'] as const,
      default: DEFAULT_HARDWARE.format,
      describe: 'weight memory format: base3 = 5 trits per byte (1.6 bits/weight), 2bit = 2 bits per weight',
    })
    .option('mem-latency', { type: 'number', default: DEFAULT_HARDWARE.memLatency, describe: 'external memory latency in cycles' })
    .option('design', { type: 'string', describe: "a folder written by 'ternforge gen'; checked against the model before running" })
    .option('json', { type: 'boolean', default: false, describe: 'print the run record as JSON instead of text' })
    .option('record', { type: 'string', describe: 'also write the run record (JSON) to this file' });
}

/** Ctrl-C: the first asks the run to stop after the current token, the second exits at once. */
function installInterrupt(): () => boolean {
  let count = 0;
  process.on('SIGINT', () => {
    count++;
    if (count === 1) process.stderr.write('\nternforge: stopping after the current token (Ctrl-C again to abort)\n');
    else process.exit(130);
  });
  return () => count > 0;
}

async function openSession(a: {
  model?: string | undefined;
  lanes: number;
  format: string;
  'mem-latency': number;
  design?: string | undefined;
}, progress: ProgressLine, float = true): Promise<HardwareSession> {
  requireVerilator();
  const dir = modelDir(a.model);
  const hardware = hardwareOptions(a);
  if (a.design !== undefined) {
    const config = readModelConfig(join(dir, 'config.json'));
    checkDesignFolder(a.design, coreShapeForConfig(config, hardware.lanes, hardware.format));
  }
  return HardwareSession.open({ modelDir: dir, hardware, float, onStatus: (s) => progress.update(`ternforge: ${s}…`) });
}

function writeRecord(path: string | undefined, record: RunRecord): void {
  if (path === undefined) return;
  mkdirSync(dirname(resolve(path)), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(record, null, 2) + '\n');
  // rename is atomic on one filesystem: a reader never sees half a record.
  renameSync(tmp, path);
}

function figureLines(r: RunRecord): string[] {
  const f = r.figures;
  const lines = [
    `tokens: ${f.tokens}  simulation: ${f.tokensPerSecond.toFixed(2)} tokens/s, ${(f.simCyclesPerSecond / 1e6).toFixed(2)} M cycles/s`,
    `cycles/token: ${Math.round(f.cyclesPerToken)} (ideal ${Math.round(f.idealCyclesPerToken)} at ${r.hardware.lanes} lanes: lane utilization ${(100 * f.laneUtilization).toFixed(1)} %)`,
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
  return lines;
}

async function cmdRun(a: Record<string, unknown> & Parameters<typeof openSession>[0]): Promise<number> {
  const progress = new ProgressLine(process.stderr);
  const cancelled = installInterrupt();
  const json = a.json as boolean;
  const sampling = { temperature: a.temperature as number, topK: a['top-k'] as number, topP: a['top-p'] as number, seed: a.seed as number };
  validateSampling(sampling);
  if ((a.prompt as string).trim() === '') throw new UsageError('the prompt is empty; pass --prompt with some text');
  const maxTokens = a['max-tokens'] as number;
  if (!Number.isInteger(maxTokens) || maxTokens < 1) throw new UsageError(`--max-tokens must be a positive integer (got ${maxTokens})`);
  const session = await openSession(a, progress, a.float as boolean);
  try {
    progress.clear();
    const prompt = a.prompt as string;
    if (!json) process.stdout.write(prompt);
    let produced = 0;
    let simSec = 0;
    let cycles = 0;
    const { record } = await generate(session, {
      prompt,
      maxTokens,
      sampling,
      checkRecords: a.check === 'records',
      stopAtEos: true,
      cancelled,
      onToken: (piece, entry) => {
        produced++;
        simSec += entry.wallSeconds;
        cycles += entry.cycles;
        progress.clear();
        if (!json) process.stdout.write(piece);
        progress.update(
          `  [${produced}/${a['max-tokens']} tokens, ${(produced / Math.max(1e-9, simSec)).toFixed(2)} tokens/s, ${Math.round(cycles / produced)} cycles/token${entry.bitExact ? ', bit-exact so far' : ', MISMATCH'}]`,
        );
      },
    });
    progress.clear();
    writeRecord(a.record as string | undefined, record);
    if (json) process.stdout.write(JSON.stringify(record, null, 2) + '\n');
    else process.stdout.write('\n\n' + figureLines(record).join('\n') + '\n');
    return record.verdict.bitExact ? 0 : 1;
  } finally {
    progress.clear();
    await session.close();
  }
}

async function cmdVerify(a: Record<string, unknown> & Parameters<typeof openSession>[0]): Promise<number> {
  const progress = new ProgressLine(process.stderr);
  installInterrupt();
  const json = a.json as boolean;
  const session = await openSession(a, progress, false);
  try {
    const n = a.tokens as number;
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--tokens must be a positive integer (got ${n})`);
    let tokens: number[];
    if (a.ids !== undefined) {
      tokens = String(a.ids).split(',').map((x) => Number(x.trim()));
      const V = session.config.vocabSize;
      const bad = tokens.find((t) => !Number.isInteger(t) || t < 0 || t >= V);
      if (bad !== undefined) throw new UsageError(`--ids: token id ${bad} is outside the vocabulary [0, ${V}) of ${session.modelDir}`);
    } else if (a.prompt !== undefined) {
      tokens = session.tokenizer.encode(a.prompt as string).slice(0, n);
    } else {
      const rng = new Prng(a.seed as number);
      tokens = Array.from({ length: n }, (_, i) => (i === 0 ? session.config.bosTokenId : rng.int(0, session.config.vocabSize - 1)));
    }
    const record = await verifySequence(session, {
      tokens,
      onStep: (r) => progress.update(`ternforge verify: step ${r.step + 1}/${tokens.length}, ${r.recordsChecked} records${r.bitExact ? ' equal' : ' — mismatch'}`),
    });
    progress.clear();
    const m = record.verdict.mismatch;
    if (m && a.wave !== undefined) {
      const window = a.window as number;
      // m.cycle counts from reset; the window is placed relative to the failing step's start.
      const relative = m.cycle !== undefined ? m.cycle - (record.tokens[m.step]?.startCycle ?? 0) : 0;
      await session.traceWindow(tokens.slice(0, m.step), tokens[m.step]!, relative - window, relative + window, a.wave as string);
      process.stderr.write(`ternforge verify: waveform of cycles ±${window} around the mismatch written to ${a.wave}\n`);
    }
    writeRecord(a.record as string | undefined, record);
    if (json) process.stdout.write(JSON.stringify(record, null, 2) + '\n');
    else process.stdout.write(figureLines(record).join('\n') + '\n');
    return record.verdict.bitExact ? 0 : 1;
  } finally {
    progress.clear();
    await session.close();
  }
}

async function cmdGen(a: Record<string, unknown>): Promise<number> {
  applyPreset(a as { preset?: string; lanes: number; format: string });
  const lanes = a.lanes as number;
  if (!Number.isInteger(lanes) || lanes < 1) throw new UsageError(`--lanes must be a positive integer (got ${lanes})`);
  let config;
  if (a.shape !== undefined) {
    const parts = String(a.shape).split(',').map((s) => Number(s.trim()));
    if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 1)) {
      throw new UsageError(`--shape must be d,L,I,V as four positive integers (got '${a.shape}')`);
    }
    const [d, L, I, V] = parts as [number, number, number, number];
    config = modelConfigForShape({ hiddenSize: d, numLayers: L, intermediateSize: I, vocabSize: V });
  } else {
    config = readModelConfig(join(modelDir(a.model as string | undefined), 'config.json'));
  }
  const shape = coreShapeForConfig(config, lanes, a.format as WeightFormat);
  const { manifest, design } = writeDesignFolder(shape, a.out as string);
  if (a.check as boolean) {
    const { checkWithAllTools, formatReports } = await import('../sim/toolcheck.ts');
    const { clean, reports } = checkWithAllTools(design);
    process.stdout.write(formatReports(reports) + '\n');
    if (!clean) return 1;
  }
  if (a.json as boolean) process.stdout.write(JSON.stringify(manifest, null, 2) + '\n');
  else {
    process.stdout.write(
      `wrote ${manifest.modules.length} modules of ${manifest.top} to ${a.out} (d ${shape.hiddenSize}, L ${shape.numLayers}, I ${shape.intermediateSize}, V ${shape.vocabSize}, ${lanes} lanes, ${shape.format}, ${manifest.parameters.memWordBits}-bit memory words, image ${manifest.memory.bytes} bytes)\n`,
    );
  }
  return 0;
}

async function cmdReport(a: Record<string, unknown>): Promise<number> {
  const { writeReport } = await import('../host/report.ts');
  const { numericsProfile } = await import('../host/numerics-profile.ts');
  const { loadCheckpoint } = await import('../host/checkpoint.ts');
  const from = a.from as string;
  let record: RunRecord;
  try {
    record = JSON.parse(readFileSync(from, 'utf8')) as RunRecord;
  } catch (e) {
    throw new UsageError(`${from}: cannot read a run record (${(e as Error).message}); write one with 'ternforge run --record FILE'`);
  }
  if (typeof record !== 'object' || record === null || !Array.isArray(record.tokens) || record.figures === undefined) {
    throw new UsageError(`${from}: not a ternforge run record; write one with 'ternforge run --record FILE'`);
  }
  const { model } = loadCheckpoint(record.model.dir);
  const profile = numericsProfile(model, record.tokens.map((t) => t.token));
  const out = writeReport(record, profile, a.out as string);
  process.stdout.write(`wrote ${out.files.join(', ')}\n`);
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const parser = yargs(argv)
    .scriptName('ternforge')
    .usage('$0 <command> [options]\n\nTurns MatMul-free ternary language models into Verilog, runs them in Verilator and proves them bit-exact.')
    .command(
      'run',
      'generate the core for a model, simulate it, generate text and verify every token',
      (y) =>
        hardwareFlags(y)
          .option('prompt', { type: 'string', default: 'The', describe: 'text to continue' })
          .option('max-tokens', { type: 'number', default: 32, describe: 'tokens to generate' })
          .option('temperature', { type: 'number', default: 0, describe: '0 = greedy (the core’s argmax)' })
          .option('top-k', { type: 'number', default: 0, describe: 'sample among the k most likely (0 = all)' })
          .option('top-p', { type: 'number', default: 1, describe: 'nucleus sampling mass' })
          .option('seed', { type: 'number', default: 0, describe: 'sampling seed' })
          .option('check', {
            choices: ['records', 'logits'] as const,
            default: 'records',
            describe: 'records: compare every debug record with the integer spec; logits: logits and argmax only (faster)',
          })
          .option('float', { type: 'boolean', default: true, describe: 'also run the float reference (--no-float skips it)' }),
      async (a) => {
        code = await cmdRun(a as never);
      },
    )
    .command(
      'verify',
      'run a token sequence through the core and the integer spec and compare every intermediate',
      (y) =>
        hardwareFlags(y)
          .option('tokens', { type: 'number', default: 8, describe: 'sequence length' })
          .option('seed', { type: 'number', default: 1, describe: 'seed of the random token sequence' })
          .option('prompt', { type: 'string', describe: 'use the tokens of this text instead of random ones' })
          .option('ids', { type: 'string', describe: 'comma-separated token ids instead of random ones' })
          .option('wave', { type: 'string', describe: 'on a mismatch, write a VCD of the cycles around it to this file' })
          .option('window', { type: 'number', default: 200, describe: 'cycles either side of the mismatch in --wave' }),
      async (a) => {
        code = await cmdVerify(a as never);
      },
    )
    .command(
      'gen',
      'write the Verilog of a core configuration to a folder, with a manifest',
      (y) =>
        y
          .option('model', { type: 'string', describe: `model folder whose shapes to use (default: ${DEFAULT_MODEL})` })
          .option('shape', { type: 'string', describe: 'd,L,I,V instead of a model' })
          .option('preset', { choices: PRESET_NAMES, describe: 'core preset (sets --lanes and --format): up5k, balanced or fast' })
          .option('lanes', { type: 'number', default: DEFAULT_HARDWARE.lanes })
          .option('format', { choices: ['base3', '2bit'] as const, default: DEFAULT_HARDWARE.format })
          .option('out', { type: 'string', demandOption: true, describe: 'output folder' })
          .option('check', { type: 'boolean', default: false, describe: 'also run Verilator lint, Yosys synth -check and Icarus' })
          .option('json', { type: 'boolean', default: false }),
      async (a) => {
        code = await cmdGen(a);
      },
    )
    .command(
      'report',
      'turn a run record into report.json, report.md and SVG plots',
      (y) =>
        y
          .option('from', { type: 'string', demandOption: true, describe: "run record written by 'ternforge run --record'" })
          .option('out', { type: 'string', default: 'report', describe: 'output folder' }),
      async (a) => {
        code = await cmdReport(a);
      },
    )
    .demandCommand(1, 'name a command: run, verify, gen or report')
    .strict()
    .help()
    .alias('h', 'help')
    .version(false)
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .fail((msg, err) => {
      if (err) throw err;
      throw new UsageError(`${msg} (see 'ternforge --help')`);
    });
  await parser.parseAsync();
  return code;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(hideBin(process.argv)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      if (isUserError(e)) {
        process.stderr.write(`ternforge: ${e.message.split('\n')[0]}\n`);
        process.exit(e instanceof UsageError ? 2 : 1);
      }
      process.stderr.write(`ternforge: internal error\n${(e as Error)?.stack ?? String(e)}\n`);
      process.exit(70);
    },
  );
}

