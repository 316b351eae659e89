/**
 * The run report: a RunRecord (and optionally a numerics profile) turned into a folder with
 * report.json, a readable report.md and SVG plots. All content is computed before anything is
 * written; files are written under temporary names and renamed into place only when all of
 * them were written, so a failure leaves the previous report (or nothing) behind. The output
 * depends only on its inputs: no clock, no locale.
 */
import { existsSync, mkdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatMismatch } from '../cosim/run-record.ts';
import { formatName, type NumericsProfile, type ProfileEntry } from '../spec/numerics-profile.ts';
import type { RunRecord, TokenEntry } from '../cosim/run-record.ts';
import { barChart, rangeChart, type Bar } from './svg-plot.ts';

export const REPORT_VERSION = 1;

/** The numerics chart draws magnitudes from 2^-16 (one step of Q10.16) up. */
const NUMERICS_FLOOR_LOG2 = -16;

export class ReportError extends Error {
  override name = 'ReportError';
}

export const REPORT_FILES = {
  json: 'report.json',
  markdown: 'report.md',
  cyclesPerLayer: 'cycles-per-layer.svg',
  cyclesPerUnit: 'cycles-per-unit.svg',
  numerics: 'numerics-ranges.svg',
} as const;

// ---------------------------------------------------------------------------------------------
// Figures derived from the record.

/** One stretch of a token between consecutive phase marks. */
export interface PhaseSegment {
  /** 'embedding' for the stretch before the first mark, else the group name. */
  group: string;
  /** null for the embedding and lm_head. */
  layer: number | null;
  start: number;
  cycles: number;
}

export interface LayerCycles {
  /** The step whose phase marks these are. */
  step: number;
  tokenCycles: number;
  segments: PhaseSegment[];
  /** embedding, layer 0 … layer L−1, lm_head: sums of the segments. */
  rows: Bar[];
}

/**
 * Cycles per layer and group of the token the phase marks belong to (the first whose records
 * were checked): differences of consecutive marks, the stretch before the first mark as the
 * embedding, and the last group ending at the token's cycle count. Undefined without marks.
 */
export function cyclesPerLayer(record: RunRecord): LayerCycles | undefined {
  if (record.phases.length === 0) return undefined;
  const token = record.tokens.find((t) => t.recordsChecked > 0) ?? record.tokens[0];
  if (token === undefined) return undefined;
  const marks = record.phases;
  const segments: PhaseSegment[] = [];
  if (marks[0]!.cycle > 0) segments.push({ group: 'embedding', layer: null, start: 0, cycles: marks[0]!.cycle });
  marks.forEach((m, i) => {
    const end = i + 1 < marks.length ? marks[i + 1]!.cycle : token.cycles;
    const head = m.group === 'head';
    segments.push({ group: head ? 'lm_head' : m.group, layer: head ? null : m.layer, start: m.cycle, cycles: end - m.cycle });
  });
  const rows = new Map<string, number>();
  for (const s of segments) {
    const label = s.layer === null ? s.group : `layer ${s.layer}`;
    rows.set(label, (rows.get(label) ?? 0) + s.cycles);
  }
  return { step: token.step, tokenCycles: token.cycles, segments, rows: [...rows].map(([label, value]) => ({ label, value })) };
}

export interface UnitCycles {
  /** Means per token of the core's counters. */
  cycles: number;
  pass: number;
  scalar: number;
  stall: number;
  /** Cycles in which a memory word was accepted (perf.words: at most one word per cycle). */
  accumulate: number;
  /** The rest: state changes, post-processing, the head's argmax. */
  other: number;
}

const mean = (tokens: readonly TokenEntry[], f: (t: TokenEntry) => number): number =>
  tokens.length === 0 ? 0 : tokens.reduce((a, t) => a + f(t), 0) / tokens.length;

/** Per-token means of the performance counters, split by unit. */
export function cyclesPerUnit(record: RunRecord): UnitCycles {
  const t = record.tokens;
  const cycles = mean(t, (e) => e.perf.cycles);
  const pass = mean(t, (e) => e.perf.pass);
  const scalar = mean(t, (e) => e.perf.scalar);
  const stall = mean(t, (e) => e.perf.stall);
  const accumulate = mean(t, (e) => e.perf.words);
  return { cycles, pass, scalar, stall, accumulate, other: cycles - pass - scalar - stall - accumulate };
}

export interface ExcessSplit {
  ideal: number;
  actual: number;
  excess: number;
  pass: number;
  scalar: number;
  stall: number;
  other: number;
}

/** Ideal cycles (ternary weights / lanes) against actual, and the excess split by unit. */
export function utilizationSplit(record: RunRecord): ExcessSplit {
  const u = cyclesPerUnit(record);
  const ideal = record.figures.idealCyclesPerToken;
  const actual = record.figures.cyclesPerToken;
  const excess = actual - ideal;
  return { ideal, actual, excess, pass: u.pass, scalar: u.scalar, stall: u.stall, other: excess - u.pass - u.scalar - u.stall };
}

export interface MemoryTraffic {
  wordsPerToken: number;
  bytesPerToken: number;
  /** Measured: words fetched · word bits / ternary weights. */
  bitsPerWeight: number;
  weightWordsPerToken: number;
  /** Words beyond the weights (embedding row and the like). */
  otherWordsPerToken: number;
}

export function memoryTraffic(record: RunRecord): MemoryTraffic {
  // Words the memory served (embedding row included) when the record has them; records
  // before that field counted only the words the accumulator consumed.
  const served = record.tokens.every((t) => t.perf.memWords !== undefined);
  const words = mean(record.tokens, (t) => (served ? t.perf.memWords! : t.perf.words));
  const bits = record.hardware.memWordBits;
  return {
    wordsPerToken: words,
    bytesPerToken: (words * bits) / 8,
    bitsPerWeight: record.model.ternaryWeights > 0 ? (words * bits) / record.model.ternaryWeights : 0,
    weightWordsPerToken: record.hardware.weightWordsPerToken,
    otherWordsPerToken: words - record.hardware.weightWordsPerToken,
  };
}

// ---------------------------------------------------------------------------------------------
// Number formatting: fixed rules, no locale.

/** Integer with thin groups of three: 1234567 → 1 234 567. */
function int(v: number): string {
  const s = Math.round(Math.abs(v)).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return (v < 0 && Math.round(v) !== 0 ? '−' : '') + s;
}

/** A count or mean: integer when integral, else one decimal. */
function num(v: number): string {
  if (Number.isInteger(v)) return int(v);
  const [whole, tenth] = Math.abs(v).toFixed(1).split('.') as [string, string];
  const body = int(Number(whole)) + (tenth === '0' ? '' : `.${tenth}`);
  return v < 0 && body !== '0' ? `−${body}` : body;
}

function pct(v: number): string {
  return `${(v * 100).toFixed(1)} %`;
}

/** Significant-digit format for real values. */
function real(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  const s = a >= 1e5 || a < 1e-3 ? v.toExponential(3) : Number(v.toPrecision(4)).toString();
  return s.replace('-', '−');
}

function secs(v: number): string {
  return `${v.toFixed(3)} s`;
}

function table(head: string[], rows: string[][], align?: ('l' | 'r')[]): string {
  const sep = head.map((_, i) => ((align?.[i] ?? 'r') === 'l' ? '---' : '---:'));
  return [head, sep, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

// ---------------------------------------------------------------------------------------------
// The page.

const TOKEN_ROWS_FULL = 40;
const TOKEN_ROWS_HEAD = 20;
const TOKEN_ROWS_TAIL = 10;

function tokenTable(tokens: readonly TokenEntry[]): string {
  const row = (t: TokenEntry): string[] => [
    String(t.step),
    String(t.token),
    t.phase,
    t.next === undefined ? '' : String(t.next),
    String(t.argmax),
    t.floatArgmax === undefined ? '' : t.floatArgmax === t.argmax ? '=' : String(t.floatArgmax),
    t.bitExact ? 'yes' : '**no**',
    int(t.cycles),
    int(t.perf.words),
    int(t.perf.pass),
    int(t.perf.scalar),
    int(t.perf.stall),
    t.simSeconds.toFixed(3),
  ];
  const shown =
    tokens.length <= TOKEN_ROWS_FULL
      ? tokens.map(row)
      : [
          ...tokens.slice(0, TOKEN_ROWS_HEAD).map(row),
          [`…`, `${tokens.length - TOKEN_ROWS_HEAD - TOKEN_ROWS_TAIL} more`, '', '', '', '', '', '', '', '', '', '', ''],
          ...tokens.slice(-TOKEN_ROWS_TAIL).map(row),
        ];
  const head = ['step', 'token', 'phase', 'next', 'argmax', 'float', 'exact', 'cycles', 'words', 'pass', 'scalar', 'stall', 'sim s'];
  return table(head, shown, ['r', 'r', 'l', 'r', 'r', 'r', 'l', 'r', 'r', 'r', 'r', 'r', 'r']);
}

function numericsSection(p: NumericsProfile): string[] {
  const out: string[] = [];
  out.push('## Numerics profile', '');
  out.push(
    `The integer spec over ${p.tokens.length} token(s) (${p.tokens.slice(0, 12).join(', ')}${p.tokens.length > 12 ? ', …' : ''}): ` +
      'the observed range of every intermediate against its number format. Headroom = bits of the format ' +
      'unused at the top; "at limit" = values sitting on the saturation or clamp limit where the spec narrows.',
    '',
  );
  const fmtCell = (e: ProfileEntry): string => (e.format ? formatName(e.format) : 'not determined');
  const rows = p.kinds.map((e) => [
    `\`${e.tensor}\``,
    fmtCell(e),
    int(e.count),
    int(e.intMin),
    int(e.intMax),
    e.realMin === null ? '' : real(e.realMin),
    e.realMax === null ? '' : real(e.realMax),
    e.headroomBits === null ? '' : String(e.headroomBits),
    e.saturatedShare === null ? '' : `${int(e.saturated!)} (${pct(e.saturatedShare)})`,
  ]);
  out.push(table(['tensor', 'format', 'values', 'int min', 'int max', 'real min', 'real max', 'headroom (bits)', 'at limit'], rows, ['l', 'l']), '');
  const outside = p.kinds.filter((e) => e.inside === false);
  out.push(outside.length === 0 ? 'Every value with a determined format lies inside it.' : `**Outside their format:** ${outside.map((e) => `\`${e.tensor}\``).join(', ')}.`, '');
  if (p.undetermined.length > 0) {
    const reasons = new Map<string, string[]>();
    for (const u of p.undetermined) reasons.set(u.reason, [...(reasons.get(u.reason) ?? []), u.tensor]);
    out.push('Formats the spec does not determine (their observed integer ranges are listed above):', '');
    for (const [reason, tensors] of reasons) out.push(`- ${tensors.map((t) => `\`${t}\``).join(', ')}: ${reason.replace(/^not determined: /, '')}`);
    out.push('');
  }
  const layerKinds = [...new Set(p.perLayer.map((e) => e.tensor))].filter((k) => p.perLayer.some((e) => e.tensor === k && e.format !== null));
  const layers = [...new Set(p.perLayer.map((e) => e.layer!))].sort((a, b) => a - b);
  if (layerKinds.length > 0) {
    out.push('Headroom in bits per layer:', '');
    const cell = (k: string, l: number): string => {
      const e = p.perLayer.find((x) => x.tensor === k && x.layer === l);
      return e?.headroomBits === null || e === undefined ? '' : String(e.headroomBits);
    };
    out.push(table(['tensor', ...layers.map((l) => `L${l}`)], layerKinds.map((k) => [`\`${k}\``, ...layers.map((l) => cell(k, l))]), ['l']), '');
  }
  out.push(`![numerics ranges](${REPORT_FILES.numerics})`, '', 'The chart shows the vectors on a symmetric log2 scale; the per-token scalars (`.group.*`, `.scalars.*`) are in the table only.', '');
  return out;
}

/** The Markdown page of a run. */
export function reportMarkdown(record: RunRecord, profile: NumericsProfile | undefined): string {
  const { model, hardware, figures, verdict } = record;
  const c = model.config;
  const o: string[] = [];
  o.push(`# ternforge ${record.command} report`, '');

  o.push('## Model and hardware', '');
  o.push(
    table(
      ['', 'value'],
      [
        ['model', `\`${model.dir}\``],
        ['shape', `d ${c.hiddenSize}, layers ${c.numLayers}, intermediate ${c.intermediateSize}, vocabulary ${c.vocabSize}`],
        ['ternary weights per token', int(model.ternaryWeights)],
        ['core', `\`${hardware.top}\`, ${hardware.lanes} lanes${(hardware.rowUnits ?? 1) > 1 ? ` × ${hardware.rowUnits} row units` : ''}, ${hardware.format} weights`],
        ['memory', `${hardware.memWordBits}-bit words, latency ${hardware.memLatency} cycles, image ${int(hardware.imageBytes)} bytes`],
        ['weight words per token', int(hardware.weightWordsPerToken)],
      ],
      ['l', 'l'],
    ),
    '',
  );
  if (record.prompt !== undefined) o.push(`Prompt: \`${record.prompt.replace(/`/g, "'")}\``, '');
  if (record.text !== undefined) o.push(`Text: \`${record.text.replace(/`/g, "'")}\``, '');
  if (record.sampling) {
    const s = record.sampling;
    o.push(`Sampling: temperature ${s.temperature}, top-k ${s.topK}, top-p ${s.topP}, seed ${s.seed}`, '');
  }

  o.push('## Verdict', '');
  o.push(
    verdict.bitExact
      ? `**Bit-exact**: the core equals the integer spec on ${int(verdict.tokensChecked)} token(s), ${int(verdict.recordsChecked)} debug records checked, every logit and argmax.`
      : `**Not bit-exact** over ${int(verdict.tokensChecked)} token(s) (${int(verdict.recordsChecked)} debug records checked).`,
    '',
  );
  if (verdict.mismatch) o.push(formatMismatch(verdict.mismatch), '');

  o.push('## Figures', '');
  o.push(
    table(
      ['figure', 'value'],
      [
        ['tokens', int(figures.tokens)],
        ['wall time', secs(figures.seconds)],
        ['simulator / bridge / host', `${secs(figures.simSeconds)} / ${secs(figures.bridgeSeconds)} / ${secs(figures.hostSeconds)}`],
        ['tokens per second (simulated)', real(figures.tokensPerSecond)],
        ['cycles per token', num(figures.cyclesPerToken)],
        ['ideal cycles per token', num(figures.idealCyclesPerToken)],
        ['lane utilization', pct(figures.laneUtilization)],
        ['simulated cycles per second', real(figures.simCyclesPerSecond)],
        ['weight bits per weight', figures.weightBitsPerWeight.toFixed(3)],
        ['time outside the simulator', pct(figures.outsideSimulatorShare)],
      ],
      ['l', 'r'],
    ),
    '',
  );

  o.push('## Agreement with the float reference', '');
  if (record.floatAgreement) {
    const f = record.floatAgreement;
    o.push(`Top-1 agreement ${f.top1}/${f.of} (${pct(f.of > 0 ? f.top1 / f.of : 0)}), largest |logit difference| ${real(f.maxAbsLogitDiff)}.`, '');
  } else {
    o.push('The float reference was not run.', '');
  }

  o.push('## Tokens', '');
  o.push('`float`: the float reference\'s argmax, `=` where it equals the core\'s.', '');
  o.push(tokenTable(record.tokens), '');

  o.push('## Cycles per layer', '');
  const lc = cyclesPerLayer(record);
  if (lc === undefined) {
    o.push('No phase marks in the record (no token had its debug records checked).', '');
  } else {
    o.push(`Token at step ${lc.step}, ${int(lc.tokenCycles)} cycles, from the first cycle of each group (phase marks).`, '');
    const groups = [...new Set(lc.segments.filter((s) => s.layer !== null).map((s) => s.group))];
    const rows = lc.rows.map((r) => {
      const segs = lc.segments.filter((s) => (s.layer === null ? s.group : `layer ${s.layer}`) === r.label);
      const cells = groups.map((g) => (segs.some((s) => s.layer !== null) ? int(segs.filter((s) => s.group === g).reduce((a, s) => a + s.cycles, 0)) : ''));
      return [r.label, ...cells, int(r.value), pct(r.value / lc.tokenCycles)];
    });
    o.push(table(['', ...groups, 'total', 'share'], rows, ['l']), '');
    o.push(`![cycles per layer](${REPORT_FILES.cyclesPerLayer})`, '');
  }

  o.push('## Cycles per unit', '');
  const u = cyclesPerUnit(record);
  o.push('Means per token of the core\'s counters. `accumulate` counts the cycles in which a memory word arrived (one word per cycle at most); `other` is the rest.', '');
  const unitRows: [string, number][] = [
    ['accumulate', u.accumulate],
    ['pass (statistics, quantization)', u.pass],
    ['scalar (divider, square root)', u.scalar],
    ['stall (waiting for memory)', u.stall],
    ['other', u.other],
  ];
  o.push(table(['unit', 'cycles', 'share'], [...unitRows.map(([n, v]) => [n, num(v), pct(u.cycles > 0 ? v / u.cycles : 0)]), ['total', num(u.cycles), '100.0 %']], ['l']), '');
  o.push(`![cycles per unit](${REPORT_FILES.cyclesPerUnit})`, '');

  o.push('## Lane utilization', '');
  const x = utilizationSplit(record);
  o.push(
    `Ideal: ${int(model.ternaryWeights)} ternary weights / ${(hardware.rowUnits ?? 1) > 1 ? `(${hardware.lanes} lanes · ${hardware.rowUnits} row units)` : `${hardware.lanes} lanes`} = ${num(x.ideal)} cycles per token; ` +
      `actual ${num(x.actual)}: utilization ${pct(figures.laneUtilization)}. Where the ${num(x.excess)} excess cycles go:`,
    '',
  );
  const share = (v: number): string => (x.excess !== 0 ? pct(v / x.excess) : '');
  o.push(
    table(
      ['', 'cycles per token', 'share of excess'],
      [
        ['pass', num(x.pass), share(x.pass)],
        ['scalar', num(x.scalar), share(x.scalar)],
        ['stall', num(x.stall), share(x.stall)],
        ['other (embedding, post-processing, partly filled lane groups, control)', num(x.other), share(x.other)],
      ],
      ['l'],
    ),
    '',
  );

  o.push('## Memory traffic', '');
  const m = memoryTraffic(record);
  o.push(
    table(
      ['', 'per token'],
      [
        ['words fetched', num(m.wordsPerToken)],
        ['of which weight words', int(m.weightWordsPerToken)],
        ['other words (embedding row, …)', num(m.otherWordsPerToken)],
        ['bytes', num(m.bytesPerToken)],
        ['bits per ternary weight (all words fetched)', m.bitsPerWeight.toFixed(3)],
        ['bits per ternary weight (weight words)', figures.weightBitsPerWeight.toFixed(3)],
      ],
      ['l'],
    ),
    '',
  );

  if (profile) o.push(...numericsSection(profile));
  return o.join('\n').replace(/\n+$/, '\n');
}

/** The SVG plots of a report, by file name. */
export function reportPlots(record: RunRecord, profile: NumericsProfile | undefined): Map<string, string> {
  const plots = new Map<string, string>();
  const lc = cyclesPerLayer(record);
  if (lc) plots.set(REPORT_FILES.cyclesPerLayer, barChart(`Cycles per layer (token at step ${lc.step})`, lc.rows));
  const u = cyclesPerUnit(record);
  plots.set(
    REPORT_FILES.cyclesPerUnit,
    barChart('Cycles per token by unit', [
      { label: 'accumulate', value: u.accumulate },
      { label: 'pass', value: u.pass },
      { label: 'scalar', value: u.scalar },
      { label: 'stall', value: u.stall },
      { label: 'other', value: u.other },
    ]),
  );
  if (profile) {
    const ranges = profile.kinds
      .filter((e) => e.format !== null && e.count > 0 && !/\.(group|scalars)\./.test(e.tensor))
      .map((e) => ({ label: e.tensor, min: e.realMin!, max: e.realMax!, formatMin: e.formatMin! * 2 ** -e.format!.frac, formatMax: e.formatMax! * 2 ** -e.format!.frac }));
    plots.set(REPORT_FILES.numerics, rangeChart('Vectors: observed range (blue) in the format (grey), real values', ranges, { floorLog2: NUMERICS_FLOOR_LOG2 }));
  }
  return plots;
}

/** JSON with non-finite numbers refused (they would not survive a round trip). */
function toJson(value: unknown): string {
  return `${JSON.stringify(
    value,
    (key, v) => {
      if (typeof v === 'number' && !Number.isFinite(v)) throw new ReportError(`report.json: field '${key}' is ${v}; the record holds a non-finite number`);
      return v;
    },
    2,
  )}\n`;
}

/**
 * Write report.json, report.md and the plots into `outDir` (created if missing). Everything is
 * rendered first, then written under temporary names and renamed into place; on any failure
 * the temporary files are removed and a ReportError names the folder.
 */
export function writeReport(record: RunRecord, profile: NumericsProfile | undefined, outDir: string): { markdown: string; files: string[] } {
  const markdown = reportMarkdown(record, profile);
  const contents = new Map<string, string>();
  contents.set(REPORT_FILES.json, toJson({ reportVersion: REPORT_VERSION, record, numericsProfile: profile ?? null }));
  contents.set(REPORT_FILES.markdown, markdown);
  for (const [name, text] of reportPlots(record, profile)) contents.set(name, text);
  const names = [...contents.keys()].sort();

  const fail = (what: string, e: unknown): never => {
    const code = (e as NodeJS.ErrnoException)?.code;
    throw new ReportError(`${outDir}: cannot ${what}${code ? ` (${code})` : ''}; pass a writable output folder`);
  };
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (e) {
    fail('create the report folder', e);
  }
  for (const name of names) {
    const target = join(outDir, name);
    if (existsSync(target) && !statSync(target).isFile()) {
      throw new ReportError(`${target}: exists and is not a file; remove it or pass another output folder`);
    }
  }
  const temps: string[] = [];
  try {
    for (const name of names) {
      const tmp = join(outDir, `.${name}.tmp-${process.pid}`);
      try {
        writeFileSync(tmp, contents.get(name)!);
      } finally {
        // A write that failed part way may have created the file: it is ours to remove.
        if (existsSync(tmp) && statSync(tmp).isFile()) temps.push(tmp);
      }
    }
  } catch (e) {
    for (const t of temps) unlinkSync(t);
    fail('write the report', e);
  }
  names.forEach((name, i) => renameSync(temps[i]!, join(outDir, name)));
  return { markdown, files: names.map((n) => join(outDir, n)) };
}
