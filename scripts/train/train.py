"""Trains a small HGRNBit (MatMul-free, ternary) language model on the Brown corpus
and writes a release-style model folder.

  npx tsx scripts/build-corpus.ts                       # .train/brown/{train,valid}.json
  python3 scripts/train/tokenizer.py encode --corpus .train/brown --tokenizer models/NAME/tokenizer.json
  python3 scripts/train/train.py --corpus .train/brown --tokenizer models/NAME/tokenizer.json --out OUTDIR [options]

Writes to OUTDIR: config.json, model.safetensors (bf16), loss.csv, eval.json,
samples.json, train.log.

Data: CORPUS/tokens.npz (uint16 streams, each document framed <s> ... </s>).
Batches are windows of --seq tokens at seeded uniformly random offsets of the
training stream. The validation loss is measured every --eval-every steps over
the whole validation stream in non-overlapping windows; the weights with the
lowest validation loss are the ones exported.

Evaluation of the exported weights (after bf16 rounding), with the float
inference arithmetic of hgrn_bit.ReferenceModel:
  * eval set: the first --eval-windows windows of --eval-window tokens of the
    validation stream (window k = tokens [k*W, (k+1)*W)); each window starts
    from a zero recurrent state; positions 1..W-1 of each window are scored
    (predicted from the tokens before them in the same window);
    perplexity = exp(mean negative log-likelihood) over those W-1 per window.
  * full validation: the same windowing over every whole window of the stream.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import os
import platform
import struct
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hgrn_bit import HGRNBitConfig, HGRNBitForCausalLM, ReferenceModel, is_ternary_weight, snap_ternary  # noqa: E402

PROMPTS = [
    "The jury said",
    "It was a dark night, and",
    "The President of the United States",
    "In the first place, the",
    "She looked at him and said,",
]


# --------------------------------------------------------------------------- safetensors

_DT = {torch.bfloat16: "BF16", torch.float32: "F32", torch.float16: "F16"}
_DT_INV = {v: k for k, v in _DT.items()}


def save_safetensors(tensors: dict[str, torch.Tensor], path: str) -> None:
    """Writes the safetensors format: u64 header length, JSON header, raw
    little-endian data in header order (names sorted)."""
    header: dict = {"__metadata__": {"format": "pt"}}
    blobs = []
    offset = 0
    for name in sorted(tensors):
        t = tensors[name].detach().contiguous().cpu()
        raw = t.view(torch.int16).numpy().tobytes() if t.dtype == torch.bfloat16 else t.numpy().tobytes()
        header[name] = {"dtype": _DT[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    hj = json.dumps(header, separators=(",", ":")).encode()
    hj += b" " * ((8 - len(hj) % 8) % 8)
    with open(path, "wb") as fh:
        fh.write(struct.pack("<Q", len(hj)))
        fh.write(hj)
        for b in blobs:
            fh.write(b)


def load_safetensors(path: str) -> dict[str, torch.Tensor]:
    with open(path, "rb") as fh:
        data = fh.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n])
    base = 8 + n
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        b, e = info["data_offsets"]
        dt = _DT_INV[info["dtype"]]
        buf = bytearray(data[base + b : base + e])
        if dt == torch.bfloat16:
            t = torch.frombuffer(buf, dtype=torch.int16).view(torch.bfloat16)
        else:
            t = torch.frombuffer(buf, dtype=dt)
        out[name] = t.reshape(info["shape"]).clone()
    return out


# --------------------------------------------------------------------------- helpers

def windows(stream: torch.Tensor, w: int, count: int | None = None) -> torch.Tensor:
    n = stream.numel() // w if count is None else count
    if n * w > stream.numel():
        raise SystemExit(f"train: the validation stream has {stream.numel()} tokens, fewer than {count} windows of {w}")
    return stream[: n * w].view(n, w).long()


def nll_sum(logits: torch.Tensor, ids: torch.Tensor) -> tuple[float, int]:
    """Sum of -log p(ids[:, t] | ids[:, :t]) over t = 1..W-1, in float64."""
    lp = torch.log_softmax(logits[:, :-1].double(), -1)
    tgt = ids[:, 1:]
    return float(-lp.gather(-1, tgt.unsqueeze(-1)).sum()), tgt.numel()


@torch.no_grad()
def eval_training_model(model, val_windows: torch.Tensor, batch: int) -> float:
    model.eval()
    tot, cnt = 0.0, 0
    for k in range(0, val_windows.shape[0], batch):
        ids = val_windows[k : k + batch]
        s, c = nll_sum(model(ids).float(), ids)
        tot += s
        cnt += c
    model.train()
    return tot / cnt


def lr_at(step: int, a) -> float:
    if step < a.warmup:
        return a.lr * (step + 1) / a.warmup
    p = (step - a.warmup) / max(1, a.steps - a.warmup)
    return a.lr * (a.min_lr_frac + (1 - a.min_lr_frac) * 0.5 * (1 + math.cos(math.pi * min(1.0, p))))


# --------------------------------------------------------------------------- main

def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=".train/brown")
    ap.add_argument("--tokenizer", default=None, help="tokenizer.json, for the sample generations")
    ap.add_argument("--out", required=True)
    ap.add_argument("--vocab", type=int, default=2048)
    ap.add_argument("--d", type=int, default=256)
    ap.add_argument("--layers", type=int, default=6)
    ap.add_argument("--steps", type=int, default=2000)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--seq", type=int, default=512)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--min-lr-frac", type=float, default=0.05)
    ap.add_argument("--warmup", type=int, default=100)
    ap.add_argument("--wd", type=float, default=0.1)
    ap.add_argument("--dropout", type=float, default=0.0)
    ap.add_argument("--eval-every", type=int, default=100)
    ap.add_argument("--log-every", type=int, default=10)
    ap.add_argument("--eval-window", type=int, default=512)
    ap.add_argument("--eval-windows", type=int, default=8)
    ap.add_argument("--gen-tokens", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--time-limit", type=float, default=1e9, help="stop training after this many seconds")
    ap.add_argument("--compile", action="store_true")
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    a = ap.parse_args()

    os.makedirs(a.out, exist_ok=True)
    log_fh = open(os.path.join(a.out, "train.log"), "w")

    def log(msg: str) -> None:
        print(msg, flush=True)
        log_fh.write(msg + "\n")
        log_fh.flush()

    torch.manual_seed(a.seed)
    np.random.seed(a.seed)
    dev = torch.device(a.device)
    if dev.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
    mm_dtype = torch.bfloat16 if dev.type == "cuda" else torch.float32

    tok_path = os.path.join(a.corpus, "tokens.npz")
    if not os.path.exists(tok_path):
        raise SystemExit(f"train: {tok_path} not found; run scripts/train/tokenizer.py encode first")
    arrs = np.load(tok_path)
    train_stream = torch.from_numpy(arrs["train"].astype(np.int64)).to(dev)
    valid_stream = torch.from_numpy(arrs["valid"].astype(np.int64)).to(dev)
    log(f"data: train {train_stream.numel()} tokens, valid {valid_stream.numel()} tokens")

    cfg = HGRNBitConfig(vocab_size=a.vocab, hidden_size=a.d, num_hidden_layers=a.layers, dropout=a.dropout)
    model = HGRNBitForCausalLM(cfg, mm_dtype).to(dev)
    n_params = sum(p.numel() for p in model.parameters())
    log(f"model: d={cfg.hidden_size} L={cfg.num_hidden_layers} I={cfg.resolved_intermediate()} V={cfg.vocab_size}; "
        f"{n_params} parameters, {cfg.ternary_weights_per_token()} ternary weights")

    decay = [p for n, p in model.named_parameters() if p.dim() == 2 and n != "model.lower_bounds"]
    no_decay = [p for n, p in model.named_parameters() if not (p.dim() == 2 and n != "model.lower_bounds")]
    opt_kwargs = {"fused": True} if dev.type == "cuda" else {}
    opt = torch.optim.AdamW(
        [{"params": decay, "weight_decay": a.wd}, {"params": no_decay, "weight_decay": 0.0}],
        lr=a.lr, betas=(0.9, 0.95), eps=1e-8, **opt_kwargs,
    )
    fwd = torch.compile(model) if a.compile and hasattr(torch, "compile") else model

    val_windows = windows(valid_stream, a.seq)
    gen = torch.Generator().manual_seed(a.seed)
    hi = train_stream.numel() - a.seq
    offs = torch.arange(a.seq, device=dev)

    csv_fh = open(os.path.join(a.out, "loss.csv"), "w", newline="")
    cw = csv.writer(csv_fh)
    cw.writerow(["step", "tokens", "train_loss", "val_loss", "lr", "seconds"])
    best = (float("inf"), -1)
    best_state = None
    t0 = time.time()
    run_loss: torch.Tensor | float = 0.0
    run_n = 0
    step = 0
    for step in range(a.steps):
        lr = lr_at(step, a)
        for g in opt.param_groups:
            g["lr"] = lr
        starts = torch.randint(0, hi, (a.batch,), generator=gen).to(dev)
        ids = train_stream[starts[:, None] + offs]
        opt.zero_grad(set_to_none=True)
        try:
            loss = F.cross_entropy(fwd(ids)[:, :-1].reshape(-1, cfg.vocab_size).float(), ids[:, 1:].reshape(-1))
            loss.backward()
        except Exception as e:  # a torch.compile failure shows at the first step: fall back to eager
            if fwd is model or step > 0:
                raise
            log(f"compile failed ({type(e).__name__}: {str(e).splitlines()[0][:200]}); running eager")
            fwd = model
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(fwd(ids)[:, :-1].reshape(-1, cfg.vocab_size).float(), ids[:, 1:].reshape(-1))
            loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        run_loss = run_loss + loss.detach()
        run_n += 1
        last = step == a.steps - 1 or time.time() - t0 > a.time_limit
        if (step + 1) % a.eval_every == 0 or last:
            tl = float(run_loss) / max(run_n, 1)
            v = eval_training_model(model, val_windows, 64)
            if v < best[0]:
                best = (v, step + 1)
                best_state = {k: t.detach().clone() for k, t in model.state_dict().items()}
            cw.writerow([step + 1, (step + 1) * a.batch * a.seq, f"{tl:.5f}", f"{v:.5f}",
                         f"{lr:.3e}", f"{time.time() - t0:.1f}"])
            log(f"step {step + 1}: train {tl:.4f} val {v:.4f} lr {lr:.2e} "
                f"{time.time() - t0:.1f}s")
            run_loss, run_n = 0.0, 0
        elif (step + 1) % a.log_every == 0:
            cw.writerow([step + 1, (step + 1) * a.batch * a.seq, f"{float(run_loss) / run_n:.5f}", "", f"{lr:.3e}",
                         f"{time.time() - t0:.1f}"])
            run_loss, run_n = 0.0, 0
        csv_fh.flush()
        if last:
            break
    train_seconds = time.time() - t0
    steps_done = step + 1
    log(f"training: {steps_done} steps in {train_seconds:.1f}s; best val loss {best[0]:.4f} at step {best[1]}")

    # ---- export the best weights as bf16, release names
    assert best_state is not None
    model.load_state_dict(best_state)
    # bf16 like the releases; ternary weights snapped first (see snap_ternary) so that the
    # file ternarizes exactly as the trained fp32 weights do.
    sd = {k: (snap_ternary(v) if is_ternary_weight(k) else v).to(torch.bfloat16)
          for k, v in model.state_dict().items()}
    st_path = os.path.join(a.out, "model.safetensors")
    save_safetensors(sd, st_path)
    try:
        import transformers  # noqa: F401
        tv = transformers.__version__
    except Exception:  # transformers is optional: only its version string is recorded
        tv = "5.17.0"
    with open(os.path.join(a.out, "config.json"), "w") as fh:
        json.dump(cfg.hf_config(tv), fh, indent=2)
        fh.write("\n")

    # ---- evaluate the shipped weights with the inference arithmetic
    shipped = {k: v.to(dev) for k, v in load_safetensors(st_path).items()}
    ref = ReferenceModel(shipped, cfg)
    t1 = time.time()
    ew = windows(valid_stream, a.eval_window, a.eval_windows)
    s, c = nll_sum(ref.logits(ew), ew)
    eval_loss = s / c
    fw = windows(valid_stream, a.eval_window)
    tot, cnt = 0.0, 0
    for k in range(0, fw.shape[0], 64):
        s2, c2 = nll_sum(ref.logits(fw[k : k + 64]), fw[k : k + 64])
        tot += s2
        cnt += c2
    full_loss = tot / cnt
    qat_full = eval_training_model(model, fw, 64)
    log(f"shipped weights, inference arithmetic: eval set {c} tokens loss {eval_loss:.5f} ppl {math.exp(eval_loss):.4f}; "
        f"full validation {cnt} tokens loss {full_loss:.5f} ppl {math.exp(full_loss):.4f} "
        f"(training model, fp32 weights: {qat_full:.5f}); {time.time() - t1:.1f}s")

    samples = []
    try:
        from tokenizers import Tokenizer
        tok = Tokenizer.from_file(a.tokenizer) if a.tokenizer else None
    except ImportError:
        tok = None
    if tok is None:
        log("samples: skipped (needs the tokenizers package and --tokenizer)")
    else:
        for p in PROMPTS:
            ids = [cfg.bos_token_id] + tok.encode(p, add_special_tokens=False).ids
            out = ref.greedy(ids, a.gen_tokens)
            text = tok.decode(out, skip_special_tokens=False)
            samples.append({"prompt": p, "prompt_ids": ids, "ids": out, "text": text})
            log(f"sample: {p!r} -> {text!r}")
    with open(os.path.join(a.out, "samples.json"), "w") as fh:
        json.dump({"decoding": f"greedy, {a.gen_tokens} new tokens at most, stops at </s>; prompt prefixed by <s>",
                   "samples": samples}, fh, indent=1, ensure_ascii=False)
        fh.write("\n")

    result = {
        "hardware": torch.cuda.get_device_name(0) if dev.type == "cuda" else platform.processor() or "cpu",
        "torch": torch.__version__,
        "args": vars(a),
        "parameters": n_params,
        "ternary_weights": cfg.ternary_weights_per_token(),
        "train_tokens": train_stream.numel(),
        "valid_tokens": valid_stream.numel(),
        "steps": steps_done,
        "tokens_seen": steps_done * a.batch * a.seq,
        "train_seconds": round(train_seconds, 1),
        "best_step": best[1],
        "best_val_loss_training_model": best[0],
        "eval_set": {
            "definition": f"validation stream tokens [0, {a.eval_windows}*{a.eval_window}), {a.eval_windows} windows of "
                          f"{a.eval_window}, zero state at each window start, positions 1..{a.eval_window - 1} scored",
            "scored_tokens": c, "loss": eval_loss, "perplexity": math.exp(eval_loss),
        },
        "full_validation": {"windows": fw.shape[0], "scored_tokens": cnt, "loss": full_loss,
                            "perplexity": math.exp(full_loss), "training_model_loss": qat_full},
    }
    with open(os.path.join(a.out, "eval.json"), "w") as fh:
        json.dump(result, fh, indent=2)
        fh.write("\n")
    log("done")


if __name__ == "__main__":
    main()
