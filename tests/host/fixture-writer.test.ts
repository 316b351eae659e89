import { mkdtempSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { modelConfigForShape } from '../../host/model/config.ts';
import { FIXTURE_MARKER, fixtureIsCurrent, writeFixture } from '../../host/fixtures/fixture-writer.ts';
import { loadCheckpoint } from '../../host/model/checkpoint.ts';

const root = mkdtempSync(join(tmpdir(), 'tf-fx-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const config = modelConfigForShape({ vocabSize: 40, hiddenSize: 16, numLayers: 3, intermediateSize: 32 });

describe('writeFixture', () => {
  it('marks a finished fixture as current for exactly its options', () => {
    const dir = join(root, 'a');
    writeFixture(dir, { config, seed: 3, dtype: 'F16' });
    expect(fixtureIsCurrent(dir, { config, seed: 3, dtype: 'F16' })).toBe(true);
    expect(fixtureIsCurrent(dir, { config, seed: 4, dtype: 'F16' })).toBe(false);
    expect(fixtureIsCurrent(dir, { config, seed: 3, dtype: 'BF16' })).toBe(false);
    unlinkSync(join(dir, FIXTURE_MARKER));
    expect(fixtureIsCurrent(dir, { config, seed: 3, dtype: 'F16' })).toBe(false);
  });

  it('is byte-for-byte deterministic', () => {
    writeFixture(join(root, 'b1'), { config, seed: 5, shards: 2 });
    writeFixture(join(root, 'b2'), { config, seed: 5, shards: 2 });
    for (const f of ['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors', 'model.safetensors.index.json', 'config.json']) {
      expect(readFileSync(join(root, 'b1', f))).toEqual(readFileSync(join(root, 'b2', f)));
    }
  });

  it('never leaves a shard empty, even with as many shards as tensors', () => {
    const dir = join(root, 'c');
    const n = 3 + 3 * 15 + 2;
    const summary = writeFixture(dir, { config, seed: 1, shards: n });
    expect(summary.files).toHaveLength(n);
    const index = JSON.parse(readFileSync(join(dir, 'model.safetensors.index.json'), 'utf8'));
    expect(new Set(Object.values(index.weight_map)).size).toBe(n);
    expect(loadCheckpoint(dir).files).toHaveLength(n);
  });

  it('the make-fixture CLI writes a loadable folder and reports bad flags in one line', () => {
    const dir = join(root, 'cli');
    const ok = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/make-fixture.ts', '--out', dir, '--vocab', '300', '--hidden', '8', '--layers', '1', '--intermediate', '16', '--dtype', 'f32'], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/wrote .*V 300 d 8 L 1 I 16, F32, 1 file\(s\)/);
    expect(loadCheckpoint(dir).model.config.vocabSize).toBe(300);
    const bad = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/make-fixture.ts', '--out', dir, '--dtype', 'f8'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toBe('make-fixture: --dtype must be bf16, f16 or f32, got f8');
  });
});
