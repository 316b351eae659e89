import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { modelConfigForShape } from '../../host/model/config.ts';
import { buildByteLevelTokenizer, MIN_BYTE_LEVEL_VOCAB } from '../../host/fixtures/fixture-tokenizer.ts';
import { writeFixture } from '../../host/fixtures/fixture-writer.ts';
import { TextTokenizer, TokenizerError } from '../../host/model/tokenizer.ts';

const root = mkdtempSync(join(tmpdir(), 'tf-tok-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('fixture tokenizer through @huggingface/tokenizers', () => {
  const config = modelConfigForShape({ vocabSize: 320, hiddenSize: 8, numLayers: 1, intermediateSize: 16 });
  const dir = join(root, 'fx');
  writeFixture(dir, { config, seed: 1 });
  const tok = TextTokenizer.fromFolder(dir, config);

  it('has exactly the model vocabulary and uses its merges', () => {
    expect(tok.size).toBe(320);
    expect(tok.bosId).toBe(1);
    expect(tok.eosId).toBe(2);
    const ids = tok.encode('hello world', { addBos: false });
    expect(ids.length).toBeLessThan('hello world'.length); // merges applied
    expect(Math.max(...ids)).toBeGreaterThanOrEqual(MIN_BYTE_LEVEL_VOCAB);
  });

  it('prepends BOS by default, only when asked, and decodes back exactly', () => {
    for (const text of ['hello world', 'the ternary model', 'Grüße 🙂 x\n  y', ' leading space']) {
      const ids = tok.encode(text);
      expect(ids[0]).toBe(1);
      expect(ids.slice(1)).toEqual(tok.encode(text, { addBos: false }));
      expect(tok.decode(ids)).toBe(text);
      expect(tok.decode([...ids, 2], { skipSpecial: false })).toBe(`<s>${text}</s>`);
    }
    expect(tok.encode('')).toEqual([1]);
    expect(tok.decode([])).toBe('');
  });

  it('rejects a tokenizer larger than the model vocabulary', () => {
    const small = modelConfigForShape({ vocabSize: 300, hiddenSize: 8, numLayers: 1, intermediateSize: 16 });
    expect(() => TextTokenizer.fromFolder(dir, small)).toThrow(/produces ids up to 319 but the model's vocab_size is 300/);
  });

  it('reports missing and broken tokenizer files', () => {
    const bad = join(root, 'bad');
    writeFixture(bad, { config, seed: 1, tokenizer: false });
    expect(() => TextTokenizer.fromFolder(bad)).toThrow(TokenizerError);
    expect(() => TextTokenizer.fromFolder(bad)).toThrow(/tokenizer\.json: not found/);
    writeFileSync(join(bad, 'tokenizer.json'), '{"x": 1}');
    expect(() => TextTokenizer.fromFolder(bad)).toThrow(/not a tokenizer\.json/);
  });

  it('builds deterministically and refuses a vocabulary too small for bytes', () => {
    expect(JSON.stringify(buildByteLevelTokenizer(300))).toBe(JSON.stringify(buildByteLevelTokenizer(300)));
    expect(() => buildByteLevelTokenizer(100)).toThrow(/at least 259/);
  });
});
