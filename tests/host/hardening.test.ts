/**
 * The pieces behind the command line's behaviour on a user's day: run-record validation,
 * exact bar labels, memory traffic with the embedding row, the progress line on and off a
 * terminal, and folder creation that names what is wrong.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureDir } from '../../sim/fs-safe.ts';
import { ProgressLine } from '../../host/common/progress.ts';
import { memoryTraffic } from '../../host/report/report.ts';
import { validateRunRecord, type RunRecord } from '../../host/cosim/run-record.ts';
import { barChart, formatBarValue } from '../../host/report/svg-plot.ts';

const tmp = mkdtempSync(join(tmpdir(), 'ternforge-harden-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A small but complete record, as `run --record` writes it. */
export function validRecord(): RunRecord {
  const entry = (step: number) => ({
    step, token: 5 + step, phase: 'prompt' as const, argmax: 7, bitExact: true, recordsChecked: 10, cycles: 1000, startCycle: 500 + 1000 * step,
    perf: { words: 900, cycles: 999, pass: 40, scalar: 30, stall: 5, memWords: 917 },
    simSeconds: 0.01, bridgeSeconds: 0.002, hostSeconds: 0.001, wallSeconds: 0.015, goldenSeconds: 0.004,
  });
  return {
    version: 1, command: 'verify',
    model: { dir: 'models/x', config: { vocabSize: 64, hiddenSize: 32, numLayers: 1, intermediateSize: 64, rmsNormEps: 1e-6, useLowerBound: true, bosTokenId: 1, eosTokenId: 2, tieWordEmbeddings: false }, ternaryWeights: 14336 },
    hardware: { top: 'lm_core', lanes: 16, format: 'base3', memLatency: 4, memWordBits: 32, imageBytes: 4096, weightWordsPerToken: 900 },
    tokens: [entry(0), entry(1)],
    phases: [{ layer: 0, group: 'ifg', cycle: 20 }],
    verdict: { bitExact: true, tokensChecked: 2, recordsChecked: 20 },
    figures: {
      tokens: 2, seconds: 0.05, simSeconds: 0.02, bridgeSeconds: 0.004, hostSeconds: 0.002, goldenSeconds: 0.008, tokensPerSecond: 66.7,
      cyclesPerToken: 1000, idealCyclesPerToken: 896, laneUtilization: 0.896, simCyclesPerSecond: 1e5, weightBitsPerWeight: 2.01, outsideSimulatorShare: 0.3,
    },
  };
}

describe('run record validation', () => {
  it('accepts a complete record', () => {
    expect(validateRunRecord(validRecord(), 'r.json').tokens).toHaveLength(2);
  });

  const bad: [string, (r: Record<string, any>) => void, RegExp][] = [
    ['no phases', (r) => delete r.phases, /record\.phases must be an array \(got undefined\)/],
    ['a string for a number', (r) => (r.tokens[1].cycles = 'many'), /record\.tokens\[1\]\.cycles must be an integer ≥ 0 \(got "many"\)/],
    ['no tokens', (r) => (r.tokens = []), /record\.tokens is empty/],
    ['version 99', (r) => (r.version = 99), /version 99 is not supported \(this ternforge reads version 1\)/],
    ['a NaN figure (null in JSON)', (r) => (r.figures.tokensPerSecond = null), /record\.figures\.tokensPerSecond must be a finite number \(got null\)/],
    ['an unknown command', (r) => (r.command = 'dance'), /record\.command must be one of run, verify/],
    ['not an object', (r) => (r.model = [1]), /record\.model must be an object/],
  ];
  for (const [what, mutate, message] of bad) {
    it(`refuses ${what} with one line naming the field`, () => {
      const r = JSON.parse(JSON.stringify(validRecord())) as Record<string, any>;
      mutate(r);
      const err = (() => {
        try {
          validateRunRecord(r, 'r.json');
        } catch (e) {
          return e as Error;
        }
        return undefined;
      })();
      expect(err?.name).toBe('RunRecordError');
      expect(err!.message).toMatch(/^r\.json: not a usable run record: /);
      expect(err!.message).toMatch(message);
      expect(err!.message).not.toContain('\n');
    });
  }
});

describe('numbers that agree', () => {
  it('labels integer bars exactly, so parts add up to the whole', () => {
    expect(formatBarValue(14_252)).toBe('14\u2009252');
    expect(formatBarValue(94_127)).toBe('94\u2009127');
    expect(formatBarValue(-3)).toBe('−3');
    expect(formatBarValue(1234.56)).toBe('1\u2009234.6');
    expect(formatBarValue(0.125)).toBe('0.125');
    const parts = [14_252, 61_321, 18_554];
    const svg = barChart('cycles', parts.map((value, i) => ({ label: `p${i}`, value })));
    const labels = [...svg.matchAll(/>([\d\u2009]+)<\/text>/g)].map((m) => Number(m[1]!.replace(/\u2009/g, '')));
    expect(labels).toEqual(parts);
    expect(labels.reduce((a, b) => a + b, 0)).toBe(94_127);
  });

  it('counts the words the memory served, embedding row included', () => {
    const m = memoryTraffic(validRecord());
    expect(m.wordsPerToken).toBe(917);
    expect(m.otherWordsPerToken).toBe(17);
    // A record written before memWords existed falls back to the accumulator's count.
    const old = validRecord();
    for (const t of old.tokens) delete t.perf.memWords;
    expect(memoryTraffic(old).otherWordsPerToken).toBe(0);
  });
});

/** A stand-in for process.stderr that records what is written. */
function fakeStream(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const s = { text: '', isTTY, columns: 0, write(d: string) { s.text += d; return true; } };
  return s as unknown as NodeJS.WriteStream & { text: string };
}

describe('progress', () => {
  it('off a terminal: silent for short phases, a line after quietSeconds, then every everySeconds', () => {
    let now = 0;
    const s = fakeStream(false);
    const p = new ProgressLine(s, { quietSeconds: 10, everySeconds: 30, now: () => now });
    p.status('ternforge: building the core…');
    for (now = 0; now <= 9_000; now += 1000) p.tick();
    expect(s.text).toBe('');
    for (; now <= 75_000; now += 1000) p.tick();
    expect(s.text.split('\n').filter(Boolean)).toEqual([
      'ternforge: building the core… (10 s so far)',
      'ternforge: building the core… (40 s so far)',
      'ternforge: building the core… (70 s so far)',
    ]);
    p.clear();
    expect(s.text).not.toContain('\r');
  });

  it('on a terminal: elapsed seconds tick on the line, even with a 0-column terminal', () => {
    let now = 0;
    const s = fakeStream(true);
    const p = new ProgressLine(s, { now: () => now });
    p.status('ternforge: building the core…');
    now = 3_000;
    p.tick();
    p.clear();
    expect(s.text).toContain('ternforge: building the core… 3 s');
  });

  it('on a shared terminal: draws nothing while text streams into the current line', () => {
    const s = fakeStream(true);
    const p = new ProgressLine(s);
    const stdoutTTY = process.stdout.isTTY;
    (process.stdout as { isTTY: boolean }).isTTY = true;
    try {
      p.streaming = true;
      p.update('  [1/3 tokens]');
      p.clear();
      expect(s.text).toBe('');
      p.streaming = false;
      p.update('  [2/3 tokens]');
      expect(s.text).toContain('[2/3 tokens]');
    } finally {
      (process.stdout as { isTTY: boolean | undefined }).isTTY = stdoutTTY;
      p.clear();
    }
  });
});

describe('folders', () => {
  it('names a file in the way, and does not loop under /proc', () => {
    const file = join(tmp, 'a-file');
    writeFileSync(file, 'x');
    expect(() => ensureDir(join(file, 'sub'), 'the report folder')).toThrow(/^the report folder .*a-file\/sub: .*a-file is a file, not a folder$/);
    const t0 = Date.now();
    expect(() => ensureDir('/proc/nope/deeper', '--out')).toThrow(/--out \/proc\/nope\/deeper: cannot create \/proc\/nope: no such file or directory \(ENOENT\)/);
    expect(Date.now() - t0).toBeLessThan(1000);
    ensureDir(join(tmp, 'x', 'y', 'z'), 'out');
    ensureDir(join(tmp, 'x', 'y', 'z'), 'out');
  });
});
