import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, deriveIntermediateSize, HGRN_BIT_DEFAULTS, parseHgrnBitConfig, toModelConfig } from '../../host/model/config.ts';

describe('config.json', () => {
  it('derives the released intermediate sizes', () => {
    expect(deriveIntermediateSize(1024)).toBe(2816);
    expect(deriveIntermediateSize(2048)).toBe(5632);
    expect(deriveIntermediateSize(2560)).toBe(6912);
    expect(deriveIntermediateSize(128)).toBe(512);
  });

  it('reads the official fixture config with every field', () => {
    const json = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/official-small-a/config.json'), 'utf8'));
    const raw = parseHgrnBitConfig(json);
    expect(raw.attn_mode).toBe('fused_recurrent');
    expect(raw.intermediate_size).toBeNull();
    expect(toModelConfig(raw)).toEqual({
      vocabSize: 512,
      hiddenSize: 128,
      numLayers: 3,
      intermediateSize: 512,
      rmsNormEps: 1e-6,
      useLowerBound: true,
      bosTokenId: 1,
      eosTokenId: 2,
      tieWordEmbeddings: false,
    });
  });

  it('applies the release defaults to an empty object', () => {
    expect(parseHgrnBitConfig({})).toEqual(HGRN_BIT_DEFAULTS);
    expect(toModelConfig(parseHgrnBitConfig({})).intermediateSize).toBe(5632);
  });

  it('rejects wrong types and unsupported variants with the field named', () => {
    expect(() => parseHgrnBitConfig({ num_hidden_layers: 2.5 })).toThrow(ConfigError);
    expect(() => parseHgrnBitConfig({ num_hidden_layers: 2.5 })).toThrow(/field num_hidden_layers must be a positive integer, got 2.5/);
    expect(() => parseHgrnBitConfig({ use_lower_bound: 'yes' })).toThrow(/field use_lower_bound must be true or false/);
    expect(() => parseHgrnBitConfig([])).toThrow(/expected a JSON object/);
    expect(() => toModelConfig(parseHgrnBitConfig({ use_short_conv: true }))).toThrow(/use_short_conv = true is not supported/);
    expect(() => toModelConfig(parseHgrnBitConfig({ num_heads: 4 }))).toThrow(/num_heads = 4 is not supported/);
    expect(() => toModelConfig(parseHgrnBitConfig({ vocab_size: 10, bos_token_id: 12 }))).toThrow(/bos_token_id 12 is outside the vocabulary/);
  });
});
