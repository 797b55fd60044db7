#!/usr/bin/env python3
"""Parity of SpecScope's runtime with Hugging Face transformers.

Run on a machine with PyTorch and transformers (the GPU machine, see
../shared/GPU.md), after building specscope-cli there:

    python3 scripts/parity/hf_parity.py --cli build-gpu/app/specscope-cli --out parity-out

For each family it builds a randomly initialised checkpoint with
transformers (no network), saves it with save_pretrained (safetensors), runs
the same token ids through transformers and through `specscope-cli logits`,
and requires logits within --atol (1e-4 in fp32) and identical greedy
continuations. It prints one line per model and exits non-zero on any
mismatch; a JSON report goes to OUT/report.json.
"""
import argparse
import json
import os
import subprocess
import sys

import torch
import transformers as tf


def tiny_tokenizer_json(vocab_size):
    # A byte-level BPE tokenizer.json over the 256 bytes (enough for the loader:
    # parity feeds token ids directly).
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    vocab = {chr(c): b for b, c in zip(bs, cs)}
    return {
        "version": "1.0", "added_tokens": [], "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
        "post_processor": None,
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                  "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False,
                  "vocab": vocab, "merges": []},
    }


def families():
    common = dict(vocab_size=512, hidden_size=128, intermediate_size=256, num_hidden_layers=4,
                  num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=512)
    return [
        ("llama", lambda: tf.LlamaConfig(**common), "float32", None),
        ("llama3-rope", lambda: tf.LlamaConfig(**common, rope_theta=500000.0,
                                       rope_scaling={"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0,
                                                     "high_freq_factor": 4.0,
                                                     "original_max_position_embeddings": 64}), "float32", None),
        ("qwen2-sharded", lambda: tf.Qwen2Config(**common, tie_word_embeddings=True), "float32", "100KB"),
        ("mistral", lambda: tf.MistralConfig(**common, sliding_window=4096), "float32", None),
        ("gpt2", lambda: tf.GPT2Config(vocab_size=512, n_embd=128, n_layer=4, n_head=4, n_positions=512), "float32", None),
        ("llama-bf16", lambda: tf.LlamaConfig(**common), "bfloat16", None),
    ]


def check_one(args, ids, report, name, config, dtype, shard):
    model_dir = os.path.join(args.out, name)
    model = tf.AutoModelForCausalLM.from_config(config()).eval()  # configs are built lazily: one may fail
    # Random init has tiny logits; scale the weights so argmax is decisive.
    with torch.no_grad():
        for p in model.parameters():
            if p.dim() >= 2:
                p.mul_(5.0)
    model = model.to(getattr(torch, dtype))
    kwargs = {"safe_serialization": True}
    if shard:
        kwargs["max_shard_size"] = shard
    model.save_pretrained(model_dir, **kwargs)
    with open(os.path.join(model_dir, "tokenizer.json"), "w") as f:
        json.dump(tiny_tokenizer_json(512), f)
    with torch.no_grad():
        x = torch.tensor([ids])
        ref_logits = model(x).logits[0].float()
        ref_greedy = model.generate(x, max_new_tokens=16, do_sample=False, min_new_tokens=16,
                                    pad_token_id=0)[0, len(ids):].tolist()
    out_json = os.path.join(args.out, name + ".json")
    subprocess.run([args.cli, "logits", "--model", model_dir, "--ids", ",".join(map(str, ids)),
                    "--generate", "16", "--dtype", dtype, "--device", args.device, "--out", out_json], check=True)
    with open(out_json) as f:
        ours = json.load(f)
    diff = (torch.tensor(ours["logits"]) - ref_logits).abs().max().item()
    atol = args.atol if dtype == "float32" else 5e-2 * ref_logits.abs().max().item()
    same_greedy = ours["greedy"] == ref_greedy
    passed = diff <= atol and (same_greedy or dtype != "float32")
    report.append({"model": name, "dtype": dtype, "max_abs_diff": diff, "atol": atol,
                   "greedy_identical": same_greedy, "passed": passed})
    print(f"{'PASS' if passed else 'FAIL'} {name:14s} {dtype:9s} max|dlogit|={diff:.2e} (atol {atol:.1e}) "
          f"greedy identical={same_greedy}")
    return passed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--out", default="parity-out")
    ap.add_argument("--atol", type=float, default=1e-4)
    ap.add_argument("--device", default="cpu")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    torch.manual_seed(0)
    ids = [int(x) for x in torch.randint(0, 512, (24,))]
    report, ok = [], True
    for name, config, dtype, shard in families():
        try:
            passed = check_one(args, ids, report, name, config, dtype, shard)
        except Exception as e:  # one family failing (e.g. a transformers API change) must not hide the rest
            passed = False
            report.append({"model": name, "dtype": dtype, "error": repr(e), "passed": False})
            print(f"FAIL {name:14s} {dtype:9s} error: {e!r}")
        ok &= passed
    with open(os.path.join(args.out, "report.json"), "w") as f:
        json.dump(report, f, indent=2)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
