#!/usr/bin/env bash
# One-shot parity check for the GPU machine (../shared/GPU.md): builds
# specscope-cli with the GUI off against the machine's libtorch, then runs
# hf_parity.py on CPU and on CUDA. Results land in ${OUT:-parity-out}.
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${OUT:-parity-out}"
prefix="$(python3 -c 'import torch;print(torch.utils.cmake_prefix_path)')"
cmake -S . -B build-gpu -G Ninja -DCMAKE_BUILD_TYPE=Release -DSPECSCOPE_GUI=OFF -DCMAKE_PREFIX_PATH="$prefix"
cmake --build build-gpu -j16 --target specscope-cli
build-gpu/app/specscope-cli doctor | tee "$out-doctor.txt"
python3 scripts/parity/hf_parity.py --cli build-gpu/app/specscope-cli --out "$out/cpu" --device cpu
python3 scripts/parity/hf_parity.py --cli build-gpu/app/specscope-cli --out "$out/cuda" --device cuda
