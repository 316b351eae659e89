import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  cyclesPerLayer,
  cyclesPerUnit,
  memoryTraffic,
  ReportError,
  REPORT_FILES,
  utilizationSplit,
  writeReport,
} from '../../host/report/report.ts';
import { formatRange, headroomBits, type NumberFormat, type NumericsProfile, type ProfileEntry } from '../../host/spec/numerics-profile.ts';
import type { ModelConfig } from '../../host/model/model.ts';
import type { PhaseMark, RunRecord, TokenEntry } from '../../host/cosim/run-record.ts';

const config: ModelConfig = { vocabSize: 256, hiddenSize: 64, numLayers: 2, intermediateSize: 176, rmsNormEps: 1e-6, useLowerBound: true, bosTokenId: 1, eosTokenId: 2, tieWordEmbeddings: false };
// (4·64² + 3·64·176)·2 + 64·256
const TERNARY = 116_736;
const LANES = 64;

function token(step: number, tok: number, cycles: number, extra: Partial<TokenEntry> = {}): TokenEntry {
  return {
    step, token: tok, phase: step < 2 ? 'prompt' : 'generated', argmax: (tok * 7) % 256, bitExact: true,
    recordsChecked: step === 0 ? 9_000 : 0, cycles, startCycle: 52_000 + step * 3_110,
    perf: { words: 1_850, cycles: cycles - 1, pass: 610, scalar: 342, stall: 97 + step },
    simSeconds: 0.0125 + step * 0.001, bridgeSeconds: 0.004, hostSeconds: 0.002,
    wallSeconds: 0.0185 + step * 0.001, goldenSeconds: 0.011,
    ...extra,
  };
}

/** A hand-built record of a 4-token run with plausible numbers. */
function syntheticRecord(): RunRecord {
  const tokens = [
    token(0, 1, 3_101, { next: 55, floatArgmax: 7, floatMaxAbsDiff: 0.0123 }),
    token(1, 55, 3_099, { next: 91, floatArgmax: 91, floatMaxAbsDiff: 0.0087, argmax: 91 }),
    token(2, 91, 3_100, { floatArgmax: 12, floatMaxAbsDiff: 0.0101, argmax: 12 }),
    token(3, 12, 3_104, { floatArgmax: 40, floatMaxAbsDiff: 0.02, argmax: 41 }),
  ];
  const phases: PhaseMark[] = [
    { layer: 0, group: 'ifg', cycle: 41 },
    { layer: 0, group: 'o', cycle: 702 },
    { layer: 0, group: 'gate_up', cycle: 950 },
    { layer: 0, group: 'down', cycle: 1_390 },
    { layer: 1, group: 'ifg', cycle: 1_640 },
    { layer: 1, group: 'o', cycle: 2_299 },
    { layer: 1, group: 'gate_up', cycle: 2_547 },
    { layer: 1, group: 'down', cycle: 2_600 },
    { layer: 1, group: 'head', cycle: 2_851 },
  ];
  const n = tokens.length;
  const sum = (f: (t: TokenEntry) => number): number => tokens.reduce((a, t) => a + f(t), 0);
  const cyclesPerToken = sum((t) => t.cycles) / n;
  const simSeconds = sum((t) => t.simSeconds);
  return {
    version: 1,
    command: 'run',
    model: { dir: 'models/synthetic-64', config, ternaryWeights: TERNARY },
    hardware: { top: 'lm_core_tb', lanes: LANES, format: 'base3', memLatency: 4, memWordBits: 64, imageBytes: 40_960, weightWordsPerToken: 1_842 },
    prompt: 'the cat',
    text: 'the cat sat',
    tokens,
    phases,
    verdict: { bitExact: true, tokensChecked: n, recordsChecked: 9_000 },
    floatAgreement: { top1: 3, of: 4, maxAbsLogitDiff: 0.02 },
    figures: {
      tokens: n,
      seconds: 0.25,
      simSeconds,
      bridgeSeconds: 0.016,
      hostSeconds: 0.008,
      goldenSeconds: 0.044,
      tokensPerSecond: n / (simSeconds + 0.016),
      cyclesPerToken,
      idealCyclesPerToken: TERNARY / LANES,
      laneUtilization: TERNARY / LANES / cyclesPerToken,
      simCyclesPerSecond: sum((t) => t.cycles) / simSeconds,
      weightBitsPerWeight: (1_842 * 64) / TERNARY,
      outsideSimulatorShare: 0.024 / (simSeconds + 0.024),
    },
  };
}

function entry(tensor: string, layer: number | null, format: NumberFormat | null, min: number, max: number, count: number, saturated: number | null): ProfileEntry {
  const range = format ? formatRange(format) : null;
  return {
    tensor, layer, count, intMin: min, intMax: max,
    realMin: format ? min * 2 ** -format.frac : null,
    realMax: format ? max * 2 ** -format.frac : null,
    format, formatMin: range?.[0] ?? null, formatMax: range?.[1] ?? null,
    source: format ? 'test format' : 'not determined: a shift amount, and the spec states no width for it',
    narrowing: saturated === null ? 'exact' : 'saturate',
    headroomBits: format ? headroomBits(format, min, max) : null,
    inside: range ? min >= range[0] && max <= range[1] : null,
    saturated, saturatedShare: saturated === null ? null : saturated / count,
  };
}

function syntheticProfile(): NumericsProfile {
  const X = { bits: 32, frac: 20, signed: true };
  const V = { bits: 27, frac: 16, signed: true };
  const acc = { bits: 14, frac: 0, signed: true };
  return {
    version: 1,
    config,
    tokens: [1, 55, 91, 12],
    kinds: [
      entry('embedding', null, X, -3_019_904, 3_780_736, 256, 0),
      entry('x_attn', null, X, -2_959_855, 4_159_826, 512, 0),
      entry('h', null, V, -4_449, 5_031, 512, null),
      entry('i_proj.acc', null, acc, -733, 641, 512, null),
      entry('i_proj.group.sR', null, null, 20, 21, 8, null),
    ],
    perLayer: [
      entry('x_attn', 0, X, -2_959_855, 4_000_001, 256, 0),
      entry('h', 0, V, -4_449, 2_000, 256, null),
      entry('i_proj.acc', 0, acc, -733, 641, 256, null),
      entry('i_proj.group.sR', 0, null, 20, 21, 4, null),
      entry('x_attn', 1, X, -1_000_000, 4_159_826, 256, 0),
      entry('h', 1, V, -100, 5_031, 256, null),
      entry('i_proj.acc', 1, acc, -500, 600, 256, null),
      entry('i_proj.group.sR', 1, null, 20, 20, 4, null),
    ],
    undetermined: [{ tensor: 'i_proj.group.sR', reason: 'not determined: a shift amount, and the spec states no width for it' }],
  };
}

const scratch = mkdtempSync(join(tmpdir(), 'ternforge-report-'));
afterAll(() => {
  chmodSync(scratch, 0o755);
  rmSync(scratch, { recursive: true, force: true });
});

describe('report figures', () => {
  it('cycles per layer are the differences of the phase marks and sum to the token’s cycles', () => {
    const record = syntheticRecord();
    const lc = cyclesPerLayer(record)!;
    expect(lc.step).toBe(0);
    expect(lc.tokenCycles).toBe(3_101);
    expect(lc.segments.reduce((a, s) => a + s.cycles, 0)).toBe(3_101);
    expect(lc.rows.reduce((a, r) => a + r.value, 0)).toBe(3_101);
    expect(lc.rows.map((r) => r.label)).toEqual(['embedding', 'layer 0', 'layer 1', 'lm_head']);
    expect(lc.rows.map((r) => r.value)).toEqual([41, 1_640 - 41, 2_851 - 1_640, 3_101 - 2_851]);
    expect(lc.segments.find((s) => s.layer === 0 && s.group === 'o')!.cycles).toBe(950 - 702);
  });

  it('the phase marks belong to the first token whose records were checked', () => {
    const record = syntheticRecord();
    record.tokens[0]!.recordsChecked = 0;
    record.tokens[2]!.recordsChecked = 9_000;
    const lc = cyclesPerLayer(record)!;
    expect(lc.step).toBe(2);
    expect(lc.rows.reduce((a, r) => a + r.value, 0)).toBe(3_100);
    record.phases = [];
    expect(cyclesPerLayer(record)).toBeUndefined();
  });

  it('splits cycles by unit and the excess over the ideal by cause', () => {
    const record = syntheticRecord();
    const u = cyclesPerUnit(record);
    expect(u.cycles).toBe((3_100 + 3_098 + 3_099 + 3_103) / 4);
    expect(u.stall).toBe(98.5);
    expect(u.accumulate + u.pass + u.scalar + u.stall + u.other).toBeCloseTo(u.cycles, 9);
    const x = utilizationSplit(record);
    expect(x.ideal).toBe(1_824);
    expect(x.excess).toBe(3_101 - 1_824);
    expect(x.pass + x.scalar + x.stall + x.other).toBeCloseTo(x.excess, 9);
    const m = memoryTraffic(record);
    expect(m.bytesPerToken).toBe(1_850 * 8);
    expect(m.bitsPerWeight).toBeCloseTo((1_850 * 64) / TERNARY, 12);
    expect(m.otherWordsPerToken).toBe(8);
  });
});

describe('writeReport', () => {
  it('writes report.md, report.json and the plots (snapshot)', () => {
    const dir = join(scratch, 'ok');
    const { markdown, files } = writeReport(syntheticRecord(), syntheticProfile(), dir);
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual([
      REPORT_FILES.cyclesPerLayer,
      REPORT_FILES.cyclesPerUnit,
      REPORT_FILES.numerics,
      REPORT_FILES.json,
      REPORT_FILES.markdown,
    ]);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toBe(markdown);
    expect(markdown).toMatchSnapshot();
    expect(readFileSync(join(dir, REPORT_FILES.cyclesPerLayer), 'utf8')).toMatchSnapshot();
    const json = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(json.record).toEqual(syntheticRecord());
    expect(json.numericsProfile).toEqual(syntheticProfile());
    expect(readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('is deterministic, and writes no numerics plot without a profile', () => {
    const a = join(scratch, 'det-a');
    const b = join(scratch, 'det-b');
    writeReport(syntheticRecord(), syntheticProfile(), a);
    writeReport(syntheticRecord(), syntheticProfile(), b);
    for (const f of readdirSync(a)) expect(readFileSync(join(b, f), 'utf8')).toBe(readFileSync(join(a, f), 'utf8'));
    const c = join(scratch, 'no-profile');
    const { markdown, files } = writeReport(syntheticRecord(), undefined, c);
    expect(files.some((f) => f.endsWith(REPORT_FILES.numerics))).toBe(false);
    expect(markdown).not.toMatch(/Numerics profile/);
    expect(JSON.parse(readFileSync(join(c, 'report.json'), 'utf8')).numericsProfile).toBeNull();
  });

  it('shows a mismatch and a long run compactly', () => {
    const record = syntheticRecord();
    const base = record.tokens[3]!;
    for (let s = 4; s < 60; s++) record.tokens.push({ ...base, step: s });
    record.tokens[1]!.bitExact = false;
    record.verdict = {
      bitExact: false, tokensChecked: 60, recordsChecked: 9_000,
      mismatch: { step: 1, token: 55, record: 812, layer: 0, tensor: 'layers.0.f_proj.acc[17]', expected: '-12', got: '-13', cycle: 4_000, detail: 'row layer 0 group ifg proj 1 index 17: [-13]' },
    };
    const { markdown } = writeReport(record, undefined, join(scratch, 'long'));
    expect(markdown).toMatch(/\*\*Not bit-exact\*\*/);
    expect(markdown).toMatch(/layers\.0\.f_proj\.acc\[17\]: spec -12, core -13, cycle 4000/);
    expect(markdown).toMatch(/\| … \| 30 more \|/);
    const tokenRows = markdown.split('\n').filter((l) => /^\| \d+ \| \d+ \| (prompt|generated) \|/.test(l));
    expect(tokenRows).toHaveLength(30);
  });
});

describe('writeReport failures leave nothing half-written', () => {
  it('an output path below a file is a clear error and creates nothing', () => {
    const file = join(scratch, 'a-file');
    writeFileSync(file, 'x');
    const out = join(file, 'report');
    expect(() => writeReport(syntheticRecord(), undefined, out)).toThrow(ReportError);
    expect(() => writeReport(syntheticRecord(), undefined, out)).toThrow(/a-file\/report: cannot create the report folder \(ENOTDIR\); pass a writable output folder/);
    expect(readFileSync(file, 'utf8')).toBe('x');
  });

  it('a failed write keeps the previous report and removes every temporary file', () => {
    const dir = join(scratch, 'midway');
    mkdirSync(dir);
    writeFileSync(join(dir, 'report.md'), 'previous report\n');
    // The last file to be written cannot be: its temporary name is taken by a folder.
    mkdirSync(join(dir, `.report.md.tmp-${process.pid}`));
    expect(() => writeReport(syntheticRecord(), syntheticProfile(), dir)).toThrow(/midway: cannot write the report \(EISDIR\)/);
    expect(readdirSync(dir).sort()).toEqual([`.report.md.tmp-${process.pid}`, 'report.md']);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toBe('previous report\n');
  });

  it('a report file name taken by a folder is refused before anything is written', () => {
    const dir = join(scratch, 'taken');
    mkdirSync(join(dir, 'report.json'), { recursive: true });
    expect(() => writeReport(syntheticRecord(), undefined, dir)).toThrow(/taken\/report\.json: exists and is not a file/);
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  const asRoot = process.getuid?.() === 0;
  if (asRoot) console.warn('skipping the read-only output folder test: as root every folder is writable');
  it.skipIf(asRoot)('a read-only output folder is a clear error', () => {
    const dir = join(scratch, 'read-only');
    mkdirSync(dir);
    chmodSync(dir, 0o555);
    try {
      expect(() => writeReport(syntheticRecord(), undefined, dir)).toThrow(/read-only: cannot write the report \(EACCES\)/);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      chmodSync(dir, 0o755);
    }
  });

  it('refuses a record with a non-finite number before writing', () => {
    const record = syntheticRecord();
    record.figures.tokensPerSecond = Infinity;
    const dir = join(scratch, 'non-finite');
    expect(() => writeReport(record, undefined, dir)).toThrow(/tokensPerSecond' is Infinity/);
    expect(existsSync(dir)).toBe(false);
  });
});
