"""Byte-level BPE tokenizer for the Brown corpus (Hugging Face `tokenizers`).

  python3 scripts/train/tokenizer.py train  --corpus .train/brown --out models/NAME [--vocab 2048]
  python3 scripts/train/tokenizer.py encode --corpus .train/brown --tokenizer models/NAME/tokenizer.json
  python3 scripts/train/tokenizer.py samples --corpus .train/brown --tokenizer models/NAME/tokenizer.json --out data/tokenizer-samples.json

train:   trains on the training split only; special tokens <unk>=0, <s>=1, </s>=2;
         byte-level pre-tokenizer (GPT-2 split regex, no prefix space) and decoder,
         so decode(encode(text)) == text for any text; adds no special tokens itself.
         Writes tokenizer.json and tokenizer_config.json.
encode:  writes CORPUS/tokens.npz: train and valid as uint16 streams, each document
         framed as <s> text </s>, documents in file-name order.
samples: writes texts and their Python encodings, for the cross-check of the
         JavaScript tokenizer.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

BOS, EOS, UNK = "<s>", "</s>", "<unk>"


def load_docs(corpus: str, split: str) -> list[dict]:
    path = os.path.join(corpus, f"{split}.json")
    if not os.path.exists(path):
        sys.exit(f"tokenizer: {path} not found; run `npx tsx scripts/build-corpus.ts` first")
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def train(corpus: str, out: str, vocab: int) -> None:
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    docs = load_docs(corpus, "train")
    tok = Tokenizer(models.BPE(unk_token=None))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab,
        min_frequency=2,
        special_tokens=[UNK, BOS, EOS],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator((d["text"] for d in docs), trainer=trainer, length=len(docs))
    assert tok.token_to_id(UNK) == 0 and tok.token_to_id(BOS) == 1 and tok.token_to_id(EOS) == 2
    os.makedirs(out, exist_ok=True)
    tok.save(os.path.join(out, "tokenizer.json"))
    config = {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "bos_token": BOS,
        "eos_token": EOS,
        "unk_token": UNK,
        "add_bos_token": False,
        "add_eos_token": False,
        "clean_up_tokenization_spaces": False,
        "model_max_length": 2048,
    }
    with open(os.path.join(out, "tokenizer_config.json"), "w", encoding="utf-8") as fh:
        json.dump(config, fh, indent=2)
        fh.write("\n")
    print(f"tokenizer: vocabulary {tok.get_vocab_size()} trained on {len(docs)} documents -> {out}")


def encode(corpus: str, tokenizer_path: str) -> None:
    import numpy as np
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(tokenizer_path)
    bos, eos = tok.token_to_id(BOS), tok.token_to_id(EOS)
    arrays = {}
    for split in ("train", "valid"):
        docs = load_docs(corpus, split)
        encs = tok.encode_batch([d["text"] for d in docs], add_special_tokens=False)
        ids: list[int] = []
        for d, e in zip(docs, encs):
            if tok.decode(e.ids, skip_special_tokens=False) != d["text"]:
                sys.exit(f"tokenizer: decode(encode(text)) differs for document {d['id']}")
            ids.append(bos)
            ids.extend(e.ids)
            ids.append(eos)
        arrays[split] = np.asarray(ids, dtype=np.uint16)
        chars = sum(len(d["text"]) for d in docs)
        print(f"tokenizer: {split}: {len(docs)} documents, {chars} chars, {len(ids)} tokens "
              f"({chars / len(ids):.2f} chars/token)")
    np.savez(os.path.join(corpus, "tokens.npz"), **arrays)


SAMPLE_EXTRA = [
    "Hello, world!",
    "The jury said Friday, \"it's over.\"\nA new line  with  two spaces, tabs\tand 1,234.56 numbers -- done.",
    "Ünïcödé text: café, naïve, 東京, emoji 🙂, and a trailing space ",
    "   leading spaces and\n\n\nblank lines",
    "",
]


def samples(corpus: str, tokenizer_path: str, out: str) -> None:
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(tokenizer_path)
    docs = load_docs(corpus, "valid")
    texts = [d["text"][:600] for d in docs[:6]] + SAMPLE_EXTRA
    rows = []
    for t in texts:
        ids = tok.encode(t, add_special_tokens=False).ids
        rows.append({"text": t, "ids": ids, "decoded": tok.decode(ids, skip_special_tokens=False)})
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    with open(out, "w", encoding="utf-8") as fh:
        json.dump({"tokenizer": os.path.basename(tokenizer_path), "samples": rows}, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    print(f"tokenizer: {len(rows)} sample encodings -> {out}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("command", choices=["train", "encode", "samples"])
    ap.add_argument("--corpus", default=".train/brown")
    ap.add_argument("--out", default=None)
    ap.add_argument("--tokenizer", default=None)
    ap.add_argument("--vocab", type=int, default=2048)
    a = ap.parse_args()
    if a.command == "train":
        if not a.out:
            sys.exit("tokenizer: train needs --out DIR")
        train(a.corpus, a.out, a.vocab)
    elif a.command == "encode":
        if not a.tokenizer:
            sys.exit("tokenizer: encode needs --tokenizer PATH")
        encode(a.corpus, a.tokenizer)
    else:
        if not a.tokenizer or not a.out:
            sys.exit("tokenizer: samples needs --tokenizer PATH and --out FILE")
        samples(a.corpus, a.tokenizer, a.out)


if __name__ == "__main__":
    main()
