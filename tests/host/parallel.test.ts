/**
 * Sweeps over cores and machines: shard selection, the job pool, merging shard run sets
 * (and refusing to merge what does not belong together), and end to end on a small
 * checkpoint: a sweep run with two worker processes equals the same sweep run as two
 * shards and merged, sequence k equals `verify --seed seed+k`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelConfigForShape } from '../../host/model/config.ts';
import { writeFixture } from '../../host/fixtures/fixture-writer.ts';
import { mergeRunSets, missingSequences, parseShard, runPool, runSet, shardIndices, type RunSet, type SweepEntry } from '../../host/cosim/parallel.ts';
import type { RunRecord } from '../../host/cosim/run-record.ts';

describe('sweep plumbing', () => {
  it('parses shards and splits a sweep into disjoint covering shards', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/4', '5/4', '1/0', 'a/b', '1', '-1/2']) expect(() => parseShard(bad), bad).toThrow(/--shard/);
    const parts = [1, 2, 3].map((i) => shardIndices(10, { index: i, count: 3 }));
    expect(parts).toEqual([[0, 3, 6, 9], [1, 4, 7], [2, 5, 8]]);
    expect(shardIndices(4)).toEqual([0, 1, 2, 3]);
  });

  it('runs at most `jobs` items at once and keeps item order', async () => {
    let running = 0;
    let peak = 0;
    const out = await runPool([5, 1, 4, 2, 3, 0], 3, async (x) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5 * x));
      running--;
      return x * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0]);
    expect(peak).toBe(3);
    await expect(runPool([1, 2], 0, async (x) => x)).rejects.toThrow(/--jobs/);
    const started: number[] = [];
    await expect(
      runPool([0, 1, 2, 3], 1, async (x) => {
        started.push(x);
        if (x === 1) throw new Error('boom');
        return x;
      }),
    ).rejects.toThrow('boom');
    expect(started).toEqual([0, 1]);
  });

  const record = (bitExact: boolean, records: number, lanes = 16): RunRecord =>
    ({
      model: { config: { hiddenSize: 40 } },
      hardware: { lanes },
      verdict: { bitExact, tokensChecked: 2, recordsChecked: records, ...(bitExact ? {} : { mismatch: { step: 1, layer: 0, tensor: 't' } }) },
      figures: { simSeconds: 1, seconds: 2 },
    }) as unknown as RunRecord;
  const entry = (sequence: number, r: RunRecord): SweepEntry => ({ sequence, seed: 7 + sequence, record: r });
  const set = (shard: string, entries: SweepEntry[]): RunSet => runSet({ total: 5, tokens: 2, seed: 7, shards: [shard], seconds: 3, jobs: 2 }, entries);

  it('merges shards, names the lowest failing sequence and what is missing, refuses mixes', () => {
    const a = set('1/3', [entry(0, record(true, 10)), entry(3, record(false, 4))]);
    const b = set('2/3', [entry(4, record(true, 10)), entry(1, record(false, 6))]);
    const m = mergeRunSets([a, b]);
    expect(m.entries.map((e) => e.sequence)).toEqual([0, 1, 3, 4]);
    expect(m.shards).toEqual(['1/3', '2/3']);
    expect(m.verdict.bitExact).toBe(false);
    expect(m.verdict.firstMismatch?.sequence).toBe(1);
    expect(m.verdict.recordsChecked).toBe(30);
    expect(m.figures.seconds).toBe(6);
    expect(missingSequences(m)).toEqual([2]);
    expect(() => mergeRunSets([a, a])).toThrow(/given twice/);
    expect(() => mergeRunSets([a, set('2/3', [entry(0, record(true, 1))])])).toThrow(/appears twice/);
    const other = runSet({ total: 6, tokens: 2, seed: 7, shards: ['2/3'], seconds: 1, jobs: 1 }, []);
    expect(() => mergeRunSets([a, other], ['a.json', 'b.json'])).toThrow(/b.json: a different sweep/);
    expect(() => mergeRunSets([a, set('3/3', [entry(2, record(true, 1, 32))])], ['a.json', 'c.json'])).toThrow(/c.json: ran another model or hardware/);
    expect(() => mergeRunSets([])).toThrow(/nothing to merge/);
  });
});

describe('sweep end to end', () => {
  const root = resolve(import.meta.dirname, '../..');
  const tmp = mkdtempSync(join(tmpdir(), 'ternforge-sweep-test-'));
  const model = join(tmp, 'model');
  const cli = (...args: string[]): { code: number; stdout: string; stderr: string } => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/ternforge.ts'), ...args], { cwd: root, encoding: 'utf8', timeout: 600_000 });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
  const hw = ['--model', model, '--lanes', '16', '--mem-latency', '3', '--tokens', '3', '--seed', '4'];
  beforeAll(() => {
    writeFixture(model, { config: modelConfigForShape({ vocabSize: 300, hiddenSize: 40, numLayers: 2, intermediateSize: 72 }), seed: 5, dtype: 'F32' });
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('gives the same run set with two worker processes as with two shards merged', { timeout: 900_000 }, () => {
    const whole = cli('verify', ...hw, '--sequences', '3', '--jobs', '2', '--record', join(tmp, 'whole.json'));
    expect(whole.code, whole.stderr).toBe(0);
    expect(whole.stdout).toContain('sweep: 3 of 3 sequences');
    const s1 = cli('verify', ...hw, '--sequences', '3', '--shard', '1/2', '--jobs', '1', '--record', join(tmp, 's1.json'));
    const s2 = cli('verify', ...hw, '--sequences', '3', '--shard', '2/2', '--record', join(tmp, 's2.json'));
    expect([s1.code, s2.code]).toEqual([0, 0]);
    expect(s1.stdout).toContain('not yet run: sequences 1');
    const merged = cli('merge', join(tmp, 's1.json'), join(tmp, 's2.json'), '--out', join(tmp, 'merged.json'));
    expect(merged.code, merged.stderr).toBe(0);
    const read = (f: string): RunSet => JSON.parse(readFileSync(join(tmp, f), 'utf8')) as RunSet;
    const a = read('whole.json');
    const b = read('merged.json');
    const summary = (s: RunSet) => s.entries.map((e) => ({ k: e.sequence, seed: e.seed, tokens: e.record.tokens.map((t) => [t.token, t.argmax, t.cycles, t.recordsChecked]), ok: e.record.verdict.bitExact }));
    expect(summary(b)).toEqual(summary(a));
    expect(a.verdict.bitExact).toBe(true);
    expect(a.verdict.recordsChecked).toBeGreaterThan(3 * 3 * 1000);
    // Sequence k is `verify --seed seed+k`.
    const one = cli('verify', ...hw.slice(0, -1), '5', '--json');
    expect(one.code, one.stderr).toBe(0);
    const single = JSON.parse(one.stdout) as RunRecord;
    expect(single.tokens.map((t) => t.token)).toEqual(a.entries[1]!.record.tokens.map((t) => t.token));
  });

  it('refuses --wave in a sweep and a bad shard with one line', () => {
    const r = cli('verify', ...hw, '--sequences', '2', '--wave', join(tmp, 'w.vcd'));
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^ternforge: --wave works on one sequence/);
    expect(cli('verify', ...hw, '--shard', '3/2').stderr.trim()).toMatch(/^ternforge: --shard 3\/2: expected i\/n/);
  });
});
