#!/usr/bin/env bash
# Trains the bundled demo family into resources/models/ from the Debian-package
# corpus: tokenizer, target, and a draft distilled from the target.
#
#   scripts/train_demo_models.sh            # the CPU family (what ships now)
#   DEVICE=cuda STEPS=... scripts/train_demo_models.sh   # on a GPU machine
#
# Sizes and steps are environment variables so a GPU run can train a bigger
# family with the same script. Expects build/app/specscope-cli (scripts/setup.sh build).
set -euo pipefail
cd "$(dirname "$0")/.."
cli=build/app/specscope-cli
work="${WORK:-build/demo-training}"
device="${DEVICE:-cpu}"
mkdir -p "$work"

[ -f corpus/corpus.txt ] || scripts/prepare_corpus.sh
"$cli" train-tokenizer --corpus corpus/corpus.txt --out "$work/tokenizer.json" --vocab-size "${VOCAB:-4096}" --overwrite

# Target: 8 layers, 320 wide (12.8 M parameters) on CPU.
"$cli" train --corpus corpus/corpus.txt --valid corpus/valid.txt --tokenizer "$work/tokenizer.json" \
  --out "$work/demo-target" --layers "${TARGET_LAYERS:-8}" --hidden "${TARGET_HIDDEN:-320}" --heads "${TARGET_HEADS:-5}" \
  --steps "${TARGET_STEPS:-640}" --batch 16 --seq 128 --context 512 --lr 2e-3 --min-lr 2e-4 --warmup 30 \
  --eval-every 160 --save-every 80 --save-dtype bfloat16 --seed 1 --device "$device" --overwrite

# Draft: 2 layers, 128 wide, tied embeddings (under a tenth of the target's
# compute per token), distilled from the target's distribution.
"$cli" train --corpus corpus/corpus.txt --valid corpus/valid.txt --teacher "$work/demo-target" \
  --out "$work/demo-draft" --layers "${DRAFT_LAYERS:-2}" --hidden "${DRAFT_HIDDEN:-128}" --heads 2 --tie-embeddings \
  --steps "${DRAFT_STEPS:-500}" --batch 16 --seq 128 --context 512 --lr 3e-3 --min-lr 3e-4 --warmup 30 \
  --eval-every 250 --save-every 100 --save-dtype bfloat16 --seed 2 --device "$device" --overwrite

for m in demo-target demo-draft; do
  rm -rf "resources/models/$m"
  mkdir -p "resources/models/$m"
  cp "$work/$m"/{config.json,model.safetensors,tokenizer.json,generation_config.json,training.json} "resources/models/$m/"
  "$cli" eval --model "resources/models/$m" --text corpus/valid.txt
done

# Kangaroo's adapters for the target, one per exit layer; ℓ = 1 is the default
# (the fastest on the CPU; docs/benchmarks.md).
for l in 1 2 3; do
  "$cli" train-adapter --method kangaroo --target resources/models/demo-target --exit-layer "$l" \
    --corpus corpus/corpus.txt --valid corpus/valid.txt --steps 3000 --time-budget "${ADAPTER_SECONDS:-400}" \
    --self-distill "${ADAPTER_SELF_DISTILL:-3000}" \
    --batch 8 --seq 128 --lr 2e-3 --warmup 20 --eval-every 100 --save-every 0 --overwrite --device "$device" \
    $([ "$l" = 1 ] && echo --default)
done
