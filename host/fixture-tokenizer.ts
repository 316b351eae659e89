/**
 * A small byte-level BPE tokenizer.json, built deterministically, for fixture checkpoints:
 * ids 0..2 are <unk>, <s>, </s> (the release's unk/bos/eos ids), then the 256 byte symbols
 * in the GPT-2 byte-to-unicode alphabet, then merged symbols learned greedily from a fixed
 * text until the vocabulary is full. Every string encodes (bytes never fall outside the
 * alphabet), and decode(encode(s)) = s.
 */

/** The GPT-2 byte → printable-unicode mapping: printable Latin-1 bytes map to themselves. */
export function byteToUnicode(): string[] {
  const keep: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) keep.push(b);
  for (let b = 0xa1; b <= 0xac; b++) keep.push(b);
  for (let b = 0xae; b <= 0xff; b++) keep.push(b);
  const map: string[] = new Array(256);
  const kept = new Set(keep);
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    map[b] = kept.has(b) ? String.fromCharCode(b) : String.fromCharCode(256 + extra++);
  }
  return map;
}

export const SPECIAL_TOKENS = ['<unk>', '<s>', '</s>'] as const;
/** The smallest vocabulary a byte-level tokenizer needs: 3 specials and 256 bytes. */
export const MIN_BYTE_LEVEL_VOCAB = SPECIAL_TOKENS.length + 256;

const TRAINING_TEXT =
  'the ternary model adds and subtracts; the hardware reads weights at 1.58 bits. ' +
  'a recurrent state replaces the cache, and the forget gate keeps a lower bound. ' +
  'the quick brown fox jumps over the lazy dog. hello world, hello ternforge. ';

export interface TokenizerFiles {
  tokenizerJson: Record<string, unknown>;
  tokenizerConfig: Record<string, unknown>;
}

/** A tokenizer with exactly `vocabSize` tokens (≥ 259). */
export function buildByteLevelTokenizer(vocabSize: number): TokenizerFiles {
  if (!Number.isInteger(vocabSize) || vocabSize < MIN_BYTE_LEVEL_VOCAB) {
    throw new RangeError(`a byte-level tokenizer needs a vocabulary of at least ${MIN_BYTE_LEVEL_VOCAB}, got ${vocabSize}`);
  }
  const b2u = byteToUnicode();
  const vocab: Record<string, number> = {};
  SPECIAL_TOKENS.forEach((t, i) => (vocab[t] = i));
  b2u.forEach((u) => (vocab[u] = Object.keys(vocab).length));
  // Words as the pre-tokenizer splits them (a leading space belongs to the word), as symbol lists.
  const words = (TRAINING_TEXT.match(/ ?[^ ]+/g) ?? []).map((w) =>
    [...new TextEncoder().encode(w)].map((b) => b2u[b]!),
  );
  const merges: [string, string][] = [];
  while (Object.keys(vocab).length < vocabSize) {
    const counts = new Map<string, number>();
    for (const w of words) {
      for (let k = 0; k + 1 < w.length; k++) {
        const key = `${w[k]}\u0000${w[k + 1]}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    let best = '';
    let bestCount = 0;
    for (const [key, n] of [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      if (n > bestCount) {
        best = key;
        bestCount = n;
      }
    }
    if (bestCount === 0) break;
    const [l, r] = best.split('\u0000') as [string, string];
    merges.push([l, r]);
    vocab[l + r] = Object.keys(vocab).length;
    for (const w of words) {
      for (let k = 0; k + 1 < w.length; k++) {
        if (w[k] === l && w[k + 1] === r) w.splice(k, 2, l + r);
      }
    }
  }
  // Pad with unused placeholder tokens if the text ran out of pairs.
  for (let n = Object.keys(vocab).length; n < vocabSize; n = Object.keys(vocab).length) vocab[`<unused${n}>`] = n;
  const tokenizerJson = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content, id) => ({
      id,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: null,
    decoder: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: '<unk>',
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      merges,
    },
  };
  const tokenizerConfig = {
    add_bos_token: true,
    add_eos_token: false,
    bos_token: '<s>',
    eos_token: '</s>',
    unk_token: '<unk>',
    clean_up_tokenization_spaces: false,
    model_max_length: 2048,
    tokenizer_class: 'PreTrainedTokenizerFast',
  };
  return { tokenizerJson, tokenizerConfig };
}
