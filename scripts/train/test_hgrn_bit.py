"""Checks of the training model and the inference arithmetic (CPU, seconds).

  python3 -m unittest discover -s scripts/train -p 'test_*.py'

The official-checkpoint check reads tests/fixtures/official-small-a (or
$TERNFORGE_FIXTURES/official-small-a) and is skipped when that folder is absent.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
import unittest

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hgrn_bit import HGRNBitConfig, HGRNBitForCausalLM, ReferenceModel, _ternarize, linear_scan, snap_ternary  # noqa: E402
from train import load_safetensors, save_safetensors  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.environ.get("TERNFORGE_FIXTURES", os.path.join(ROOT, "tests", "fixtures"))


def tiny_model(seed: int = 0) -> tuple[HGRNBitConfig, HGRNBitForCausalLM]:
    torch.manual_seed(seed)
    cfg = HGRNBitConfig(vocab_size=97, hidden_size=32, num_hidden_layers=3)
    m = HGRNBitForCausalLM(cfg)
    with torch.no_grad():  # make norms and lower bounds matter
        for n, p in m.named_parameters():
            if n.endswith("norm.weight"):
                p.uniform_(0.5, 1.5)
        m.model.lower_bounds.normal_(0, 1)
    return cfg, m


class TestHGRNBit(unittest.TestCase):
    def test_scan_matches_loop(self) -> None:
        torch.manual_seed(1)
        f = torch.rand(3, 37, 5)
        c = torch.randn(3, 37, 5)
        h = torch.zeros(3, 5)
        ref = []
        for t in range(37):
            h = f[:, t] * h + c[:, t]
            ref.append(h)
        self.assertTrue(torch.allclose(linear_scan(f, c), torch.stack(ref, 1), atol=1e-5))

    def test_state_dict_names_and_shapes(self) -> None:
        cfg, m = tiny_model()
        sd = m.state_dict()
        d, i, v = cfg.hidden_size, cfg.resolved_intermediate(), cfg.vocab_size
        self.assertEqual(i, 256)
        want = {"model.embeddings.weight": [v, d], "model.lower_bounds": [3, d], "model.norm.weight": [d],
                "lm_head.weight": [v, d], "lm_head.norm.weight": [d]}
        for l in range(3):
            p = f"model.layers.{l}."
            want[p + "attn_norm.weight"] = [d]
            want[p + "mlp_norm.weight"] = [d]
            want[p + "attn.g_norm.weight"] = [d]
            for proj in "ifgo":
                want[p + f"attn.{proj}_proj.weight"] = [d, d]
                want[p + f"attn.{proj}_proj.norm.weight"] = [d]
            want[p + "mlp.gate_proj.weight"] = [2 * i, d]
            want[p + "mlp.gate_proj.norm.weight"] = [d]
            want[p + "mlp.down_proj.weight"] = [d, i]
            want[p + "mlp.down_proj.norm.weight"] = [i]
        self.assertEqual({k: list(t.shape) for k, t in sd.items()}, want)

    def test_training_forward_equals_inference_arithmetic(self) -> None:
        cfg, m = tiny_model()
        ids = torch.randint(0, cfg.vocab_size, (2, 40), generator=torch.Generator().manual_seed(3))
        with torch.no_grad():
            a = m(ids)
        b = ReferenceModel(m.state_dict(), cfg).logits(ids)
        self.assertLess(float((a - b).abs().max()), 1e-3)
        self.assertTrue(torch.equal(a.argmax(-1), b.argmax(-1)))

    def test_greedy_matches_parallel_logits(self) -> None:
        cfg, m = tiny_model(2)
        ref = ReferenceModel(m.state_dict(), cfg)
        prompt = [1, 5, 9, 11]
        out = ref.greedy(prompt, 6)
        seq = prompt + out
        logits = ref.logits(torch.tensor([seq]))
        for k, tok in enumerate(out):
            self.assertEqual(int(logits[0, len(prompt) - 1 + k].argmax()), tok)

    def test_snap_ternary_keeps_ternary_matrix_and_scale(self) -> None:
        torch.manual_seed(4)
        for _ in range(20):
            w = torch.randn(64, 48) * 0.03
            t, m = _ternarize(w)
            s = snap_ternary(w).to(torch.bfloat16).float()
            t2, m2 = _ternarize(s)
            self.assertTrue(torch.equal(t, t2))
            self.assertLess(abs(float(m2 / m) - 1), 2.0 ** -8)

    def test_safetensors_round_trip(self) -> None:
        _, m = tiny_model()
        sd = {k: v.to(torch.bfloat16) for k, v in m.state_dict().items()}
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "m.safetensors")
            save_safetensors(sd, path)
            back = load_safetensors(path)
        self.assertEqual(set(back), set(sd))
        for k in sd:
            self.assertTrue(torch.equal(back[k], sd[k]), k)

    def test_official_checkpoint_logits(self) -> None:
        folder = os.path.join(FIXTURES, "official-small-a")
        if not os.path.isdir(folder):
            self.skipTest(f"{folder} not present")
        with open(os.path.join(folder, "config.json")) as fh:
            c = json.load(fh)
        cfg = HGRNBitConfig(vocab_size=c["vocab_size"], hidden_size=c["hidden_size"],
                            num_hidden_layers=c["num_hidden_layers"], intermediate_size=c["intermediate_size"])
        with open(os.path.join(folder, "official_logits.json")) as fh:
            want = json.load(fh)
        ref = ReferenceModel(load_safetensors(os.path.join(folder, "model.safetensors")), cfg)
        got = ref.logits(torch.tensor([want["input_ids"]]))[0]
        diff = float((got - torch.tensor(want["logits"])).abs().max())
        self.assertLess(diff, 1e-4)
        self.assertEqual(got.argmax(-1).tolist(), want["argmax"])


if __name__ == "__main__":
    unittest.main()
