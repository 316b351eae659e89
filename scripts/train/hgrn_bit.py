"""HGRNBit (MatMul-free LM) in PyTorch: the quantization-aware training model
and the float inference arithmetic, both with the state-dict names of the
released HGRNBitForCausalLM checkpoints (see docs of the model: MODEL.md).

Training model (HGRNBitForCausalLM):
  * every projection, lm_head included, is a BitLinear: RMSNorm with its own
    weight, then per-token absmax int8 activations and per-tensor absmean
    ternary weights, both through a straight-through estimator; fp32 master
    weights. The integer-valued product runs in bf16 on a GPU (exact: |q| <= 128,
    t in {-1, 0, 1}, fp32 accumulation) and is rescaled in fp32.
  * MLGRU token mixer: f = sigmoid(f_proj), lower bound for layers > 0,
    c = SiLU(i) * (1 - f), h_t = f_t * h_{t-1} + c_t (parallel scan),
    o = RMSNorm(g; g_norm) * SiLU(h), then o_proj.
  * GLU channel mixer: [gate; up] = gate_proj, down_proj(SiLU(gate) * up).

Inference arithmetic (reference_logits): fp32 throughout, RMSNorm eps 1e-6,
activation scale s = 127 / max(max|y|, 1e-5), q = clamp(round(s y), -128, 127)
(torch.round: half to even), weights t = clamp(round(W / max(mean|W|, 1e-5)),
-1, 1), out = (t q) * mean|W| / s, recurrence run token by token.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F

EPS = 1e-6


@dataclass
class HGRNBitConfig:
    vocab_size: int = 2048
    hidden_size: int = 256
    num_hidden_layers: int = 6
    intermediate_size: int | None = None
    hidden_ratio: int = 4
    rms_norm_eps: float = EPS
    initializer_range: float = 0.02
    max_position_embeddings: int = 2048
    dropout: float = 0.0  # training only, on the residual branches; not part of the released config
    bos_token_id: int = 1
    eos_token_id: int = 2

    def resolved_intermediate(self) -> int:
        if self.intermediate_size is not None:
            return self.intermediate_size
        return 256 * math.ceil(int(self.hidden_size * self.hidden_ratio * 2 / 3) / 256)

    def hf_config(self, transformers_version: str) -> dict:
        """config.json with the fields the official code writes."""
        return {
            "vocab_size": self.vocab_size,
            "max_position_embeddings": self.max_position_embeddings,
            "hidden_size": self.hidden_size,
            "num_hidden_layers": self.num_hidden_layers,
            "attn_mode": "fused_recurrent",
            "num_heads": 1,
            "expand_ratio": 1,
            "use_short_conv": False,
            "conv_size": 4,
            "share_conv_kernel": True,
            "use_lower_bound": True,
            "hidden_ratio": self.hidden_ratio,
            "intermediate_size": self.resolved_intermediate(),
            "hidden_act": "swish",
            "rms_norm_eps": self.rms_norm_eps,
            "use_cache": True,
            "initializer_range": self.initializer_range,
            "fuse_cross_entropy": True,
            "transformers_version": transformers_version,
            "architectures": ["HGRNBitForCausalLM"],
            "output_hidden_states": False,
            "return_dict": True,
            "dtype": None,
            "chunk_size_feed_forward": 0,
            "is_encoder_decoder": False,
            "id2label": {"0": "LABEL_0", "1": "LABEL_1"},
            "label2id": {"LABEL_0": 0, "LABEL_1": 1},
            "problem_type": None,
            "_name_or_path": "",
            "pad_token_id": None,
            "bos_token_id": self.bos_token_id,
            "eos_token_id": self.eos_token_id,
            "tie_word_embeddings": False,
            "model_type": "hgrn_bit",
            "output_attentions": False,
            "torch_dtype": "bfloat16",
        }

    def ternary_weights_per_token(self) -> int:
        d, i, l, v = self.hidden_size, self.resolved_intermediate(), self.num_hidden_layers, self.vocab_size
        return (4 * d * d + 3 * d * i) * l + d * v


def rms_norm(u: torch.Tensor, w: torch.Tensor, eps: float = EPS) -> torch.Tensor:
    return u * torch.rsqrt(u.pow(2).mean(-1, keepdim=True) + eps) * w


class RMSNorm(nn.Module):
    def __init__(self, dim: int, eps: float = EPS):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))
        self.eps = eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return rms_norm(x.float(), self.weight, self.eps)


def _ste_round(x: torch.Tensor, lo: float, hi: float) -> torch.Tensor:
    """Rounded and clamped value forward, identity gradient backward."""
    return x + (torch.round(x).clamp(lo, hi) - x).detach()


class BitLinear(nn.Module):
    """Linear layer with an input RMSNorm, int8 absmax activations and absmean
    ternary weights (quantization-aware, straight-through estimator)."""

    def __init__(self, in_features: int, out_features: int, matmul_dtype: torch.dtype):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(out_features, in_features))
        self.norm = RMSNorm(in_features)
        self.matmul_dtype = matmul_dtype

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.norm(x)
        s = (127.0 / y.detach().abs().amax(-1, keepdim=True).clamp(min=1e-5))
        q = _ste_round(y * s, -128.0, 127.0)
        w = self.weight
        w_scale = w.detach().abs().mean().clamp(min=1e-5)
        t = _ste_round(w / w_scale, -1.0, 1.0)
        out = F.linear(q.to(self.matmul_dtype), t.to(self.matmul_dtype)).float()
        return out * (w_scale / s)


def linear_scan(f: torch.Tensor, c: torch.Tensor) -> torch.Tensor:
    """h_t = f_t * h_{t-1} + c_t with h_0 = 0 along dim 1 (Hillis-Steele scan,
    log2(T) elementwise steps; every factor is a product of gates in (0, 1))."""
    a, b = f, c
    T = f.shape[1]
    k = 1
    while k < T:
        b_prev = F.pad(b[:, :-k], (0, 0, k, 0))
        a_prev = F.pad(a[:, :-k], (0, 0, k, 0), value=1.0)
        b = b + a * b_prev
        a = a * a_prev
        k *= 2
    return b


class HGRNBitAttention(nn.Module):
    def __init__(self, cfg: HGRNBitConfig, layer_idx: int, mm: torch.dtype):
        super().__init__()
        d = cfg.hidden_size
        self.layer_idx = layer_idx
        self.i_proj = BitLinear(d, d, mm)
        self.f_proj = BitLinear(d, d, mm)
        self.g_proj = BitLinear(d, d, mm)
        self.g_norm = RMSNorm(d, cfg.rms_norm_eps)
        self.o_proj = BitLinear(d, d, mm)

    def forward(self, x: torch.Tensor, lower_bound: torch.Tensor | None) -> torch.Tensor:
        i = self.i_proj(x)
        f = torch.sigmoid(self.f_proj(x))
        if lower_bound is not None and self.layer_idx > 0:
            f = lower_bound + (1 - lower_bound) * f
        c = F.silu(i) * (1 - f)
        h = linear_scan(f, c)
        o = self.g_norm(self.g_proj(x)) * F.silu(h)
        return self.o_proj(o)


class HGRNBitMLP(nn.Module):
    def __init__(self, cfg: HGRNBitConfig, mm: torch.dtype):
        super().__init__()
        d, inter = cfg.hidden_size, cfg.resolved_intermediate()
        self.inter = inter
        self.gate_proj = BitLinear(d, 2 * inter, mm)
        self.down_proj = BitLinear(inter, d, mm)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        gate, up = self.gate_proj(x).split(self.inter, dim=-1)
        return self.down_proj(F.silu(gate) * up)


class HGRNBitBlock(nn.Module):
    def __init__(self, cfg: HGRNBitConfig, layer_idx: int, mm: torch.dtype):
        super().__init__()
        self.attn_norm = RMSNorm(cfg.hidden_size, cfg.rms_norm_eps)
        self.attn = HGRNBitAttention(cfg, layer_idx, mm)
        self.mlp_norm = RMSNorm(cfg.hidden_size, cfg.rms_norm_eps)
        self.mlp = HGRNBitMLP(cfg, mm)
        self.dropout = cfg.dropout

    def forward(self, x: torch.Tensor, lower_bound: torch.Tensor | None) -> torch.Tensor:
        x = x + F.dropout(self.attn(self.attn_norm(x), lower_bound), self.dropout, self.training)
        return x + F.dropout(self.mlp(self.mlp_norm(x)), self.dropout, self.training)


class HGRNBitModel(nn.Module):
    def __init__(self, cfg: HGRNBitConfig, mm: torch.dtype):
        super().__init__()
        self.embeddings = nn.Embedding(cfg.vocab_size, cfg.hidden_size)
        self.lower_bounds = nn.Parameter(torch.zeros(cfg.num_hidden_layers, cfg.hidden_size))
        self.layers = nn.ModuleList(HGRNBitBlock(cfg, l, mm) for l in range(cfg.num_hidden_layers))
        self.norm = RMSNorm(cfg.hidden_size, cfg.rms_norm_eps)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        x = self.embeddings(ids).float()
        lb = self.lower_bounds.softmax(0)
        lb = lb.cumsum(0) - lb[0]
        for l, layer in enumerate(self.layers):
            x = layer(x, lb[l] if l > 0 else None)
        return self.norm(x)


class HGRNBitForCausalLM(nn.Module):
    def __init__(self, cfg: HGRNBitConfig, matmul_dtype: torch.dtype = torch.float32):
        super().__init__()
        self.cfg = cfg
        self.model = HGRNBitModel(cfg, matmul_dtype)
        self.lm_head = BitLinear(cfg.hidden_size, cfg.vocab_size, matmul_dtype)
        self._init_weights()

    def _init_weights(self) -> None:
        std = self.cfg.initializer_range
        for m in self.modules():
            if isinstance(m, (BitLinear, nn.Embedding)):
                nn.init.normal_(m.weight, mean=0.0, std=std)
        # GPT-2 style rescale of the residual-branch outputs (two per block).
        with torch.no_grad():
            for layer in self.model.layers:
                for p in (layer.attn.o_proj.weight, layer.mlp.down_proj.weight):
                    p /= math.sqrt(2 * self.cfg.num_hidden_layers)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        return self.lm_head(self.model(ids))


# ---------------------------------------------------------------------------
# Inference arithmetic on a state dict (the shipped weights), fp32.
# ---------------------------------------------------------------------------

def _ternarize(w: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    scale = w.abs().mean().clamp(min=1e-5)  # = 1 / s_w
    return torch.round(w / scale).clamp(-1, 1), scale


def is_ternary_weight(name: str) -> bool:
    return name.endswith("_proj.weight") or name == "lm_head.weight"


def snap_ternary(w: torch.Tensor) -> torch.Tensor:
    """The weight that a bf16 file can hold exactly and that ternarizes to the
    same matrix and the same scale as w: every entry t * c with t the ternary
    value of w and c = bf16(mean|w| / p), p the share of nonzero t. Its absmean
    is p * c, within 2^-9 of mean|w|, and t / p rounds back to t since p <= 1.
    Rounding the fp32 latent weights to bf16 directly would flip the entries
    that training left next to the rounding threshold +-mean|w|/2."""
    w = w.float()
    t, scale = _ternarize(w)
    p = t.abs().mean()
    if float(p) == 0.0:
        return torch.zeros_like(w)
    c = (scale / p).to(torch.bfloat16).float()
    return t * c


class ReferenceModel:
    """The float inference arithmetic of MODEL.md over a state dict."""

    def __init__(self, sd: dict[str, torch.Tensor], cfg: HGRNBitConfig):
        self.cfg = cfg
        self.sd = {k: v.float() for k, v in sd.items()}
        self.tern: dict[str, tuple[torch.Tensor, torch.Tensor]] = {}
        for k, v in self.sd.items():
            if is_ternary_weight(k):
                self.tern[k[: -len(".weight")]] = _ternarize(v)
        lb = self.sd["model.lower_bounds"].softmax(0)
        self.lb = lb.cumsum(0) - lb[0]

    def bitlinear(self, u: torch.Tensor, name: str) -> torch.Tensor:
        y = rms_norm(u, self.sd[name + ".norm.weight"])
        s = 127.0 / y.abs().amax(-1, keepdim=True).clamp(min=1e-5)
        q = torch.round(y * s).clamp(-128, 127)
        t, w_scale = self.tern[name]
        return (q @ t.t()) * (w_scale / s)

    @torch.no_grad()
    def logits(self, ids: torch.Tensor) -> torch.Tensor:
        """ids [B, T] -> logits [B, T, V]; state zero at each row's start."""
        sd = self.sd
        x = sd["model.embeddings.weight"][ids]
        for l in range(self.cfg.num_hidden_layers):
            p = f"model.layers.{l}."
            a = rms_norm(x, sd[p + "attn_norm.weight"])
            i = self.bitlinear(a, p + "attn.i_proj")
            f = torch.sigmoid(self.bitlinear(a, p + "attn.f_proj"))
            g = self.bitlinear(a, p + "attn.g_proj")
            if l > 0:
                f = self.lb[l] + (1 - self.lb[l]) * f
            c = F.silu(i) * (1 - f)
            h = torch.zeros_like(c[:, 0])
            hs = []
            for t in range(ids.shape[1]):
                h = f[:, t] * h + c[:, t]
                hs.append(h)
            hseq = torch.stack(hs, 1)
            o = rms_norm(g, sd[p + "attn.g_norm.weight"]) * F.silu(hseq)
            x = x + self.bitlinear(o, p + "attn.o_proj")
            m = rms_norm(x, sd[p + "mlp_norm.weight"])
            gate, up = self.bitlinear(m, p + "mlp.gate_proj").split(self.cfg.resolved_intermediate(), -1)
            x = x + self.bitlinear(F.silu(gate) * up, p + "mlp.down_proj")
        return self.bitlinear(rms_norm(x, sd["model.norm.weight"]), "lm_head")

    @torch.no_grad()
    def greedy(self, prompt: list[int], new_tokens: int) -> list[int]:
        """Greedy continuation (argmax, lowest id on ties), one token at a time
        with the recurrent state; stops after new_tokens or at </s>."""
        sd, cfg = self.sd, self.cfg
        dev = sd["model.embeddings.weight"].device
        states = [torch.zeros(1, cfg.hidden_size, device=dev) for _ in range(cfg.num_hidden_layers)]
        out: list[int] = []
        tok_seq = list(prompt)
        for step in range(len(prompt) + new_tokens - 1):
            tok = tok_seq[step]
            x = sd["model.embeddings.weight"][torch.tensor([tok], device=dev)]
            for l in range(cfg.num_hidden_layers):
                p = f"model.layers.{l}."
                a = rms_norm(x, sd[p + "attn_norm.weight"])
                i = self.bitlinear(a, p + "attn.i_proj")
                f = torch.sigmoid(self.bitlinear(a, p + "attn.f_proj"))
                g = self.bitlinear(a, p + "attn.g_proj")
                if l > 0:
                    f = self.lb[l] + (1 - self.lb[l]) * f
                states[l] = f * states[l] + F.silu(i) * (1 - f)
                o = rms_norm(g, sd[p + "attn.g_norm.weight"]) * F.silu(states[l])
                x = x + self.bitlinear(o, p + "attn.o_proj")
                m = rms_norm(x, sd[p + "mlp_norm.weight"])
                gate, up = self.bitlinear(m, p + "mlp.gate_proj").split(cfg.resolved_intermediate(), -1)
                x = x + self.bitlinear(F.silu(gate) * up, p + "mlp.down_proj")
            logits = self.bitlinear(rms_norm(x, sd["model.norm.weight"]), "lm_head")
            if step + 1 >= len(tok_seq):
                nxt = int(torch.argmax(logits[0]).item())
                tok_seq.append(nxt)
                out.append(nxt)
                if nxt == cfg.eos_token_id:
                    break
        return out
