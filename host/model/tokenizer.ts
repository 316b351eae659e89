/**
 * Text ↔ token ids for a checkpoint folder, through tokenizer.json (and tokenizer_config.json
 * when present) with @huggingface/tokenizers. BOS handling is explicit and independent of the
 * tokenizer's own post-processor: `encode` never lets the post-processor add specials, and
 * prepends the BOS id itself when asked (the default, as the releases were trained).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import type { ModelConfig } from './model.ts';

export class TokenizerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenizerError';
  }
}

export interface EncodeOptions {
  /** Prepend the BOS token (default true). */
  addBos?: boolean;
}
export interface DecodeOptions {
  /** Drop special tokens such as BOS/EOS from the text (default true). */
  skipSpecial?: boolean;
}

export class TextTokenizer {
  private constructor(
    private readonly tokenizer: Tokenizer,
    readonly bosId: number,
    readonly eosId: number,
    /** Number of ids the tokenizer can produce (largest id + 1). */
    readonly size: number,
  ) {}

  /** Build from parsed tokenizer.json / tokenizer_config.json objects. */
  static fromJson(
    tokenizerJson: unknown,
    tokenizerConfig: Record<string, unknown> = {},
    ids: { bosId?: number; eosId?: number } = {},
    where = 'tokenizer.json',
  ): TextTokenizer {
    if (typeof tokenizerJson !== 'object' || tokenizerJson === null || !('model' in tokenizerJson)) {
      throw new TokenizerError(`${where}: not a tokenizer.json (no "model" section)`);
    }
    let tokenizer: Tokenizer;
    try {
      tokenizer = new Tokenizer(tokenizerJson, tokenizerConfig);
    } catch (e) {
      throw new TokenizerError(`${where}: cannot be loaded (${(e as Error).message})`);
    }
    const special = (key: string, fallback: string): number | undefined => {
      const v = tokenizerConfig[key];
      const content = typeof v === 'string' ? v : typeof v === 'object' && v !== null && 'content' in v ? String((v as { content: unknown }).content) : fallback;
      return tokenizer.token_to_id(content);
    };
    const bosId = ids.bosId ?? special('bos_token', '<s>');
    const eosId = ids.eosId ?? special('eos_token', '</s>');
    if (bosId === undefined) throw new TokenizerError(`${where}: no BOS token found (bos_token in tokenizer_config.json, or <s>)`);
    if (eosId === undefined) throw new TokenizerError(`${where}: no EOS token found (eos_token in tokenizer_config.json, or </s>)`);
    let size = 0;
    for (const id of tokenizer.get_vocab(true).values()) size = Math.max(size, id + 1);
    return new TextTokenizer(tokenizer, bosId, eosId, size);
  }

  /**
   * Load tokenizer.json (+ tokenizer_config.json if present) from a checkpoint folder. With a
   * model config, BOS/EOS come from it and every token id must fit the model's vocabulary.
   */
  static fromFolder(dir: string, config?: ModelConfig): TextTokenizer {
    const path = join(dir, 'tokenizer.json');
    if (!existsSync(path)) throw new TokenizerError(`${path}: not found; the checkpoint folder needs a tokenizer.json`);
    const json = readJson(path);
    const cfgPath = join(dir, 'tokenizer_config.json');
    const cfg = existsSync(cfgPath) ? readJson(cfgPath) : {};
    const ids = config === undefined ? {} : { bosId: config.bosTokenId, eosId: config.eosTokenId };
    const t = TextTokenizer.fromJson(json, cfg as Record<string, unknown>, ids, path);
    if (config !== undefined && t.size > config.vocabSize) {
      throw new TokenizerError(
        `${path}: produces ids up to ${t.size - 1} but the model's vocab_size is ${config.vocabSize}; the tokenizer belongs to another model`,
      );
    }
    return t;
  }

  encode(text: string, options: EncodeOptions = {}): number[] {
    const ids = text === '' ? [] : this.tokenizer.encode(text, { add_special_tokens: false }).ids;
    return (options.addBos ?? true) ? [this.bosId, ...ids] : ids;
  }

  decode(ids: readonly number[], options: DecodeOptions = {}): string {
    if (ids.length === 0) return '';
    return this.tokenizer.decode([...ids], {
      skip_special_tokens: options.skipSpecial ?? true,
      clean_up_tokenization_spaces: false,
    });
  }
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new TokenizerError(`${path}: not valid JSON (${(e as Error).message})`);
  }
}
