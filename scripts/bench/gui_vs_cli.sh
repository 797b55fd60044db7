#!/usr/bin/env bash
# The workbench's two speed figures (docs/benchmarks.md), on this machine:
#  1. opening a stored 100,000-token run and drawing every view
#     (specscope --bench-open), built from a real sps run by long_trace.py;
#  2. a live run with every view open against the same run from
#     specscope-cli, interleaved, REPEATS times each.
# Needs a display: run under Xvfb (xvfb-run) on a server.
#   scripts/bench/gui_vs_cli.sh [REPEATS] [STRATEGY] [TOKENS]
set -euo pipefail
cd "$(dirname "$0")/../.."
repeats="${1:-3}"; strategy="${2:-sps}"; tokens="${3:-300}"
gui=build/app/gui/specscope; cli=build/app/specscope-cli
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export HOME="$work/home"; mkdir -p "$HOME"   # fresh settings: the default window layout
prompt="In the beginning God created the heaven and the earth."

echo "== open and draw a 100,000-token run"
"$cli" run --strategy sps --target demo --draft demo-draft --prompt "$prompt" --max-new-tokens 128 --trace "$work/seed.db" > /dev/null
"$cli" export --trace "$work/seed.db" --run 1 --format json --out "$work/seed.json" > /dev/null
python3 scripts/bench/long_trace.py --in "$work/seed.json" --tokens 100000 --out "$work/long.json"
"$cli" import --trace "$work/long.db" --in "$work/long.json" > /dev/null
for i in $(seq "$repeats"); do "$gui" --trace "$work/long.db" --run 1 --bench-open --store "$work/gui.db" 2>/dev/null; done

echo "== live run: specscope (all views open) vs specscope-cli, $strategy, $tokens tokens"
for i in $(seq "$repeats"); do
  "$cli" run --strategy "$strategy" --target demo --draft demo-draft --prompt "$prompt" --max-new-tokens "$tokens" \
    | tail -1 | python3 -c 'import json,sys; d=json.load(sys.stdin); print("cli", round(d["tokens_per_s"],2))'
  "$gui" --demo --strategy "$strategy" --max-new-tokens "$tokens" --bench-live --store "$work/gui.db" 2>/dev/null \
    | python3 -c 'import json,sys; d=json.loads(sys.stdin.read().strip().splitlines()[-1]); print("gui", round(d["tokens_per_s"],2))'
done
