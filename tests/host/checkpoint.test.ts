import { mkdtempSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync, statSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CheckpointError, loadCheckpoint } from '../../host/model/checkpoint.ts';
import { configJson, modelConfigForShape } from '../../host/model/config.ts';
import { writeFixture } from '../../host/fixtures/fixture-writer.ts';
import type { ModelConfig } from '../../host/model/model.ts';
import { randomCheckpointTensors, randomPreparedModel } from '../../host/fixtures/random-model.ts';
import { SafetensorsWriter, writeSafetensors } from '../../host/model/safetensors.ts';
import { FloatReference } from '../../host/model/float-reference.ts';

const root = mkdtempSync(join(tmpdir(), 'tf-ckpt-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
const fresh = (): string => join(root, `case${counter++}`);

const config = modelConfigForShape({ vocabSize: 40, hiddenSize: 16, numLayers: 2, intermediateSize: 32 });

/** A single-file F32 checkpoint whose tensor list went through `edit`. */
function writeCase(
  edit: (t: { name: string; dtype: 'F32'; shape: number[]; data: Float32Array }[]) => typeof t,
  cfg: ModelConfig = config,
  tensorConfig: ModelConfig = config,
): string {
  const dir = fresh();
  writeFixture(dir, { config: cfg, seed: 1, dtype: 'F32', tokenizer: false });
  const tensors = [...randomCheckpointTensors(tensorConfig, 1)].map(({ spec, data }) => ({
    name: spec.name,
    dtype: 'F32' as const,
    shape: spec.shape,
    data,
  }));
  writeSafetensors(join(dir, 'model.safetensors'), edit(tensors));
  return dir;
}

function expectError(dir: string, pattern: RegExp, tensor?: string): void {
  let caught: unknown;
  try {
    loadCheckpoint(dir);
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(CheckpointError);
  const err = caught as CheckpointError;
  expect(err.message).toMatch(pattern);
  expect(err.message.split('\n')).toHaveLength(1);
  if (tensor !== undefined) expect(err.tensor).toBe(tensor);
}

describe('loadCheckpoint on good folders', () => {
  it('an F32 fixture loads to exactly the random model of its seed', () => {
    const dir = fresh();
    writeFixture(dir, { config, seed: 9, dtype: 'F32' });
    const { model, dtypes } = loadCheckpoint(dir);
    expect(dtypes).toEqual({ F32: 3 + 2 * 15 + 2 }); // embeddings, lower bounds, norm; 15 per layer; lm_head
    const want = randomPreparedModel(config, 9);
    expect(model.config).toEqual(want.config);
    expect(model.layers[1]!.downProj.weight).toEqual(want.layers[1]!.downProj.weight);
    expect(model.lmHead).toEqual(want.lmHead);
    expect(model.lowerBounds).toEqual(want.lowerBounds);
  });

  it('BF16, F16 and sharded fixtures load, and compute close to the F32 one', () => {
    const base = fresh();
    writeFixture(base, { config, seed: 4, dtype: 'F32' });
    const ref = new FloatReference(loadCheckpoint(base).model).run([1, 2, 3]);
    for (const [dtype, shards] of [['BF16', 1], ['F16', 1], ['BF16', 3], ['F32', 5]] as const) {
      const dir = fresh();
      const summary = writeFixture(dir, { config, seed: 4, dtype, shards });
      expect(summary.files).toHaveLength(shards);
      const loaded = loadCheckpoint(dir);
      expect(loaded.files).toHaveLength(shards);
      expect(Object.keys(loaded.dtypes)).toEqual([dtype]);
      const out = new FloatReference(loaded.model).run([1, 2, 3]);
      const diff = Math.max(...out[2]!.map((v, k) => Math.abs(v - ref[2]![k]!)));
      if (dtype === 'F32') expect(diff).toBe(0);
      else expect(diff).toBeLessThan(0.5);
    }
  });

  it('derives intermediate_size when config.json has null', () => {
    const c = modelConfigForShape({ vocabSize: 40, hiddenSize: 16, numLayers: 1 });
    expect(c.intermediateSize).toBe(256);
    const dir = fresh();
    writeFixture(dir, { config: c, seed: 2, dtype: 'F32' });
    const json = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    json.intermediate_size = null;
    writeFileSync(join(dir, 'config.json'), JSON.stringify(json));
    expect(loadCheckpoint(dir).model.config.intermediateSize).toBe(256);
  });
});

describe('config variants', () => {
  it('use_lower_bound false: no lower_bounds tensor, no bound applied', () => {
    const c = { ...config, useLowerBound: false };
    const dir = fresh();
    writeFixture(dir, { config: c, seed: 6, dtype: 'F32' });
    const { model } = loadCheckpoint(dir);
    expect(model.lowerBounds.length).toBe(0);
    expect(new FloatReference(model).step(3).logits.every(Number.isFinite)).toBe(true);
    // Switching the bound off changes what the same weights compute.
    const m = randomPreparedModel(config, 6);
    const off = { ...m, config: { ...m.config, useLowerBound: false } };
    expect(new FloatReference(off).run([1, 2])[1]).not.toEqual(new FloatReference(m).run([1, 2])[1]);
  });

  it('tie_word_embeddings: lm_head.weight absent, the head is the ternarized embedding table', () => {
    const c = { ...config, tieWordEmbeddings: true };
    const dir = fresh();
    writeFixture(dir, { config: c, seed: 6, dtype: 'F32' });
    const { model } = loadCheckpoint(dir);
    expect(model.lmHead.weight.rows).toBe(40);
    const nonzero = model.lmHead.weight.trits.reduce((a, t) => a + Math.abs(t), 0);
    expect(nonzero).toBeGreaterThan(0);
    const untied = fresh();
    writeFixture(untied, { config, seed: 6, dtype: 'F32' });
    const json = JSON.parse(readFileSync(join(untied, 'config.json'), 'utf8'));
    json.tie_word_embeddings = true;
    writeFileSync(join(untied, 'config.json'), JSON.stringify(json));
    expectError(untied, /unexpected tensor lm_head\.weight/, 'lm_head.weight');
  });
});

describe('loadCheckpoint rejects bad input with one clear line', () => {
  it('missing tensor', () => {
    const dir = writeCase((t) => t.filter((x) => x.name !== 'model.layers.1.attn.g_norm.weight'));
    expectError(dir, /tensor model\.layers\.1\.attn\.g_norm\.weight \[16\] is missing from the checkpoint/, 'model.layers.1.attn.g_norm.weight');
  });

  it('unexpected tensor', () => {
    const dir = writeCase((t) => [...t, { name: 'model.layers.0.attn.extra', dtype: 'F32', shape: [2], data: new Float32Array(2) }]);
    expectError(dir, /unexpected tensor model\.layers\.0\.attn\.extra; it is not part of an hgrn_bit model/, 'model.layers.0.attn.extra');
  });

  it('wrong shape', () => {
    const dir = writeCase((t) =>
      t.map((x) => (x.name === 'model.layers.0.attn.f_proj.weight' ? { ...x, shape: [8, 32], data: x.data } : x)),
    );
    expectError(dir, /tensor model\.layers\.0\.attn\.f_proj\.weight has shape \[8, 32\], expected \[16, 16\]/, 'model.layers.0.attn.f_proj.weight');
  });

  it('wrong dtype', () => {
    const dir = fresh();
    writeFixture(dir, { config, seed: 1, dtype: 'F32', tokenizer: false });
    const tensors = [...randomCheckpointTensors(config, 1)];
    const w = new SafetensorsWriter(
      join(dir, 'model.safetensors'),
      tensors.map(({ spec }) => ({ name: spec.name, dtype: spec.name === 'model.norm.weight' ? 'I32' : 'F32', shape: spec.shape })),
    );
    for (const { spec, data } of tensors) {
      if (spec.name === 'model.norm.weight') w.writeRaw(spec.name, new Uint8Array(data.length * 4));
      else w.write(spec.name, data);
    }
    w.close();
    expectError(dir, /tensor model\.norm\.weight has dtype I32; expected BF16, F16 or F32/, 'model.norm.weight');
  });

  it('NaN and Inf', () => {
    const nan = writeCase((t) => t.map((x) => (x.name === 'model.layers.1.mlp.down_proj.weight' ? { ...x, data: x.data.map((v, k) => (k === 37 ? NaN : v)) } : x)));
    expectError(nan, /tensor model\.layers\.1\.mlp\.down_proj\.weight contains NaN at flat index 37/, 'model.layers.1.mlp.down_proj.weight');
    const inf = writeCase((t) => t.map((x) => (x.name === 'model.lower_bounds' ? { ...x, data: x.data.map((v, k) => (k === 3 ? -Infinity : v)) } : x)));
    expectError(inf, /tensor model\.lower_bounds contains -Inf at flat index 3/, 'model.lower_bounds');
  });

  it('truncated file', () => {
    const dir = fresh();
    writeFixture(dir, { config, seed: 1, dtype: 'BF16' });
    const path = join(dir, 'model.safetensors');
    truncateSync(path, statSync(path).size - 10);
    expectError(dir, /tensor lm_head\.norm\.weight ends at byte \d+ of a \d+-byte data section \(file truncated\)/, 'lm_head.norm.weight');
  });

  it('corrupt header', () => {
    const dir = fresh();
    writeFixture(dir, { config, seed: 1, dtype: 'BF16' });
    const fd = openSync(join(dir, 'model.safetensors'), 'r+');
    writeSync(fd, Buffer.from('\u0000\u0001garbage'), 0, 9, 12);
    closeSync(fd);
    expectError(dir, /model\.safetensors: header is not valid UTF-8 JSON .*; the file is corrupt/);
  });

  it('config contradicting the tensors', () => {
    const wide = modelConfigForShape({ vocabSize: 40, hiddenSize: 24, numLayers: 2, intermediateSize: 32 });
    expectError(writeCase((t) => t, wide, config), /config\.json: hidden_size is 24 but model\.embeddings\.weight .* has shape \[40, 16\], which implies 16/);
    const shallow = { ...config, numLayers: 1 };
    expectError(writeCase((t) => t, shallow, config), /num_hidden_layers is 1 but the checkpoint holds model\.layers\.1\..* \(at least 2 layers\)/);
    const fat = { ...config, intermediateSize: 48 };
    expectError(writeCase((t) => t, fat, config), /intermediate_size \(given or derived\) is 48 but model\.layers\.0\.mlp\.down_proj\.weight .* implies 32/);
    const vocab = { ...config, vocabSize: 50 };
    expectError(writeCase((t) => t, vocab, config), /vocab_size is 50 but model\.embeddings\.weight .* implies 40/);
  });

  it('sharded index pointing to a missing file', () => {
    const dir = fresh();
    writeFixture(dir, { config, seed: 1, dtype: 'BF16', shards: 3 });
    unlinkSync(join(dir, 'model-00002-of-00003.safetensors'));
    expectError(dir, /model\.safetensors\.index\.json: tensor .* is mapped to model-00002-of-00003\.safetensors, which does not exist/);
  });

  it('index and shard disagreeing', () => {
    const dir = fresh();
    writeFixture(dir, { config, seed: 1, dtype: 'BF16', shards: 2 });
    const indexPath = join(dir, 'model.safetensors.index.json');
    const index = JSON.parse(readFileSync(indexPath, 'utf8'));
    index.weight_map['model.norm.weight'] = 'model-00001-of-00002.safetensors';
    writeFileSync(indexPath, JSON.stringify(index));
    expectError(dir, /tensor model\.norm\.weight is listed in model\.safetensors\.index\.json but not stored in this shard/);
  });

  it('bad or missing config.json, missing weights, missing folder', () => {
    const dir = fresh();
    writeFixture(dir, { config, seed: 1, dtype: 'BF16' });
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...configJson(config), hidden_size: 'wide' }));
    expectError(dir, /field hidden_size must be a positive integer, got "wide"/);
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...configJson(config), model_type: 'llama' }));
    expectError(dir, /model_type is "llama", ternforge reads "hgrn_bit"/);
    writeFileSync(join(dir, 'config.json'), '{');
    expectError(dir, /config\.json: not valid JSON/);
    unlinkSync(join(dir, 'config.json'));
    expectError(dir, /config\.json: cannot read \(ENOENT\)/);
    const empty = fresh();
    writeFixture(empty, { config, seed: 1 });
    unlinkSync(join(empty, 'model.safetensors'));
    expectError(empty, /neither model\.safetensors nor model\.safetensors\.index\.json found/);
    expectError(join(root, 'nope'), /checkpoint folder does not exist/);
  });
});
