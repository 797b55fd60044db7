#!/usr/bin/env python3
"""Makes a long trace for the workbench's open-and-draw benchmark.

Real runs of the bundled models stop at their 512-token context, so a
100,000-token trace is built by repeating the steps of a real exported run
(`specscope-cli export --format json`) with shifted step indexes, positions
and times until it holds --tokens generated tokens. The result is a JSON
trace that `specscope-cli import` stores.

    python3 scripts/bench/long_trace.py --in run.json --tokens 100000 --out long.json
"""
import argparse
import copy
import json


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--in", dest="src", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--tokens", type=int, default=100000)
    args = ap.parse_args()
    with open(args.src) as f:
        run = json.load(f)
    steps = run["steps"]
    if not steps:
        raise SystemExit(f"{args.src}: the run has no steps")
    prompt = len(run["prompt_tokens"])
    span_us = steps[-1]["end_us"]
    out, generated, rounds = [], 0, 0
    while generated < args.tokens:
        for s in steps:
            t = copy.deepcopy(s)
            index = len(out)
            shift = prompt + generated - t["tokens"][0]["position"] if t["tokens"] else 0
            t["index"] = index
            t["start_us"] += rounds * span_us
            t["end_us"] += rounds * span_us
            for tok in t["tokens"]:
                tok["position"] += shift
                tok["step"] = index
            for node in t["tree"]:
                node["step"] = index
            for layer in t["layers"]:
                layer["position"] += shift
            generated += len(t["tokens"])
            out.append(t)
            if generated >= args.tokens:
                break
        rounds += 1
    run["steps"] = out
    totals = run["run"]["totals"]
    totals["new_tokens"] = generated
    totals["steps"] = len(out)
    totals["drafted"] = sum(s["drafted"] for s in out)
    totals["accepted"] = sum(s["accepted"] for s in out)
    totals["wall_s"] = out[-1]["end_us"] / 1e6
    run["run"]["name"] = f"{run['run']['name']} ×{rounds} ({generated} tokens)"
    with open(args.out, "w") as f:
        json.dump(run, f)
    print(f"{args.out}: {len(out)} steps, {generated} generated tokens")


if __name__ == "__main__":
    main()
