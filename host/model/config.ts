/**
 * config.json of an HGRNBit checkpoint (`model_type: "hgrn_bit"`): every field the released
 * configuration class defines, with its defaults, checked for type, and reduced to the
 * ModelConfig that ternforge computes with. See MODEL.md, "Shapes".
 */
import { readFileSync } from 'node:fs';
import type { ModelConfig } from './model.ts';

/** A config.json that ternforge cannot use; the message names the field and the fix. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Every HGRNBit config field, defaults applied (intermediate_size may still be null here). */
export interface HgrnBitConfig {
  vocab_size: number;
  hidden_size: number;
  num_hidden_layers: number;
  attn_mode: string;
  num_heads: number;
  expand_ratio: number;
  use_short_conv: boolean;
  conv_size: number;
  share_conv_kernel: boolean;
  use_lower_bound: boolean;
  hidden_ratio: number;
  intermediate_size: number | null;
  hidden_act: string;
  max_position_embeddings: number;
  rms_norm_eps: number;
  use_cache: boolean;
  pad_token_id: number | null;
  bos_token_id: number;
  eos_token_id: number;
  tie_word_embeddings: boolean;
  initializer_range: number;
  fuse_cross_entropy: boolean;
}

export const HGRN_BIT_DEFAULTS: Readonly<HgrnBitConfig> = Object.freeze({
  vocab_size: 32000,
  hidden_size: 2048,
  num_hidden_layers: 24,
  attn_mode: 'fused_recurrent',
  num_heads: 1,
  expand_ratio: 1,
  use_short_conv: false,
  conv_size: 4,
  share_conv_kernel: true,
  use_lower_bound: true,
  hidden_ratio: 4,
  intermediate_size: null,
  hidden_act: 'swish',
  max_position_embeddings: 2048,
  rms_norm_eps: 1e-6,
  use_cache: true,
  pad_token_id: null,
  bos_token_id: 1,
  eos_token_id: 2,
  tie_word_embeddings: false,
  initializer_range: 0.02,
  fuse_cross_entropy: true,
});

type FieldKind = 'posint' | 'int' | 'number' | 'boolean' | 'string' | 'nullable-posint' | 'nullable-int';
const FIELD_KINDS: Record<keyof HgrnBitConfig, FieldKind> = {
  vocab_size: 'posint',
  hidden_size: 'posint',
  num_hidden_layers: 'posint',
  attn_mode: 'string',
  num_heads: 'posint',
  expand_ratio: 'posint',
  use_short_conv: 'boolean',
  conv_size: 'posint',
  share_conv_kernel: 'boolean',
  use_lower_bound: 'boolean',
  hidden_ratio: 'number',
  intermediate_size: 'nullable-posint',
  hidden_act: 'string',
  max_position_embeddings: 'posint',
  rms_norm_eps: 'number',
  use_cache: 'boolean',
  pad_token_id: 'nullable-int',
  bos_token_id: 'int',
  eos_token_id: 'int',
  tie_word_embeddings: 'boolean',
  initializer_range: 'number',
  fuse_cross_entropy: 'boolean',
};

/** I = 256 · ceil(int(d · hidden_ratio · 2/3) / 256), the released code's rule when intermediate_size is null. */
export function deriveIntermediateSize(hiddenSize: number, hiddenRatio = 4): number {
  const raw = Math.trunc((hiddenSize * hiddenRatio * 2) / 3);
  return 256 * Math.ceil(raw / 256);
}

/** Apply defaults and check every field's type. `where` names the file in messages. */
export function parseHgrnBitConfig(json: unknown, where = 'config.json'): HgrnBitConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ConfigError(`${where}: expected a JSON object`);
  }
  const raw = json as Record<string, unknown>;
  if ('model_type' in raw && raw['model_type'] !== 'hgrn_bit') {
    throw new ConfigError(
      `${where}: model_type is ${JSON.stringify(raw['model_type'])}, ternforge reads "hgrn_bit" (MMfreeLM) checkpoints only`,
    );
  }
  const out: Record<string, unknown> = { ...HGRN_BIT_DEFAULTS };
  for (const key of Object.keys(FIELD_KINDS) as (keyof HgrnBitConfig)[]) {
    if (!(key in raw) || raw[key] === undefined) continue;
    const v = raw[key];
    const kind = FIELD_KINDS[key];
    const bad = (what: string): never => {
      throw new ConfigError(`${where}: field ${key} must be ${what}, got ${JSON.stringify(v)}`);
    };
    switch (kind) {
      case 'posint':
        if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) bad('a positive integer');
        break;
      case 'int':
        if (typeof v !== 'number' || !Number.isInteger(v)) bad('an integer');
        break;
      case 'nullable-posint':
        if (v !== null && (typeof v !== 'number' || !Number.isInteger(v) || v <= 0)) bad('a positive integer or null');
        break;
      case 'nullable-int':
        if (v !== null && (typeof v !== 'number' || !Number.isInteger(v))) bad('an integer or null');
        break;
      case 'number':
        if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) bad('a positive number');
        break;
      case 'boolean':
        if (typeof v !== 'boolean') bad('true or false');
        break;
      case 'string':
        if (typeof v !== 'string') bad('a string');
        break;
    }
    out[key] = v;
  }
  return out as unknown as HgrnBitConfig;
}

/** Reduce to the computing configuration; rejects variants the model description does not cover. */
export function toModelConfig(c: HgrnBitConfig, where = 'config.json'): ModelConfig {
  const unsupported = (field: string, value: unknown, need: string): never => {
    throw new ConfigError(`${where}: ${field} = ${JSON.stringify(value)} is not supported; ternforge needs ${need}`);
  };
  if (c.num_heads !== 1) unsupported('num_heads', c.num_heads, '1 (as in every MMfreeLM release)');
  if (c.expand_ratio !== 1) unsupported('expand_ratio', c.expand_ratio, '1 (as in every MMfreeLM release)');
  if (c.use_short_conv) unsupported('use_short_conv', c.use_short_conv, 'false (as in every MMfreeLM release)');
  if (c.hidden_act !== 'swish' && c.hidden_act !== 'silu') unsupported('hidden_act', c.hidden_act, '"swish"');
  if (c.bos_token_id < 0 || c.bos_token_id >= c.vocab_size) {
    throw new ConfigError(`${where}: bos_token_id ${c.bos_token_id} is outside the vocabulary (vocab_size ${c.vocab_size})`);
  }
  if (c.eos_token_id < 0 || c.eos_token_id >= c.vocab_size) {
    throw new ConfigError(`${where}: eos_token_id ${c.eos_token_id} is outside the vocabulary (vocab_size ${c.vocab_size})`);
  }
  return {
    vocabSize: c.vocab_size,
    hiddenSize: c.hidden_size,
    numLayers: c.num_hidden_layers,
    intermediateSize: c.intermediate_size ?? deriveIntermediateSize(c.hidden_size, c.hidden_ratio),
    rmsNormEps: c.rms_norm_eps,
    useLowerBound: c.use_lower_bound,
    bosTokenId: c.bos_token_id,
    eosTokenId: c.eos_token_id,
    tieWordEmbeddings: c.tie_word_embeddings,
  };
}

/** Read and parse a config.json file. */
export function readModelConfig(path: string): ModelConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)}); a checkpoint folder needs a config.json`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${path}: not valid JSON (${(e as Error).message})`);
  }
  return toModelConfig(parseHgrnBitConfig(json, path), path);
}

/** The four dimensions a core is built for. */
export interface ModelDims {
  hiddenSize: number;
  numLayers: number;
  intermediateSize: number;
  vocabSize: number;
}

/** `d,L,I,V` (four positive integers, as the `--shape` flags take it); undefined when the text is not that. */
export function parseModelDims(text: string): ModelDims | undefined {
  const parts = text.split(',').map((s) => s.trim());
  if (parts.length !== 4 || parts.some((p) => !/^\d+$/.test(p) || Number(p) < 1)) return undefined;
  const [d, L, I, V] = parts.map(Number) as [number, number, number, number];
  return { hiddenSize: d, numLayers: L, intermediateSize: I, vocabSize: V };
}

/** A ModelConfig for a given shape with the release defaults for everything else. */
export function modelConfigForShape(shape: {
  vocabSize: number;
  hiddenSize: number;
  numLayers: number;
  intermediateSize?: number;
}): ModelConfig {
  return toModelConfig(
    parseHgrnBitConfig({
      vocab_size: shape.vocabSize,
      hidden_size: shape.hiddenSize,
      num_hidden_layers: shape.numLayers,
      intermediate_size: shape.intermediateSize ?? null,
    }),
    'shape',
  );
}

/** The config.json text a release would carry for a ModelConfig (used by the fixture writer). */
export function configJson(config: ModelConfig): Record<string, unknown> {
  return {
    ...HGRN_BIT_DEFAULTS,
    architectures: ['HGRNBitForCausalLM'],
    model_type: 'hgrn_bit',
    vocab_size: config.vocabSize,
    hidden_size: config.hiddenSize,
    num_hidden_layers: config.numLayers,
    intermediate_size: config.intermediateSize,
    rms_norm_eps: config.rmsNormEps,
    use_lower_bound: config.useLowerBound,
    bos_token_id: config.bosTokenId,
    eos_token_id: config.eosTokenId,
    tie_word_embeddings: config.tieWordEmbeddings,
    torch_dtype: 'bfloat16',
  };
}
