// The per-layer math shared by the inference Transformer (one sequence, KV
// cache) and the trainer's batched forward: norms and the MLP. Shapes are
// [..., D] in and out.
#pragma once

#include <ATen/ATen.h>

#include "model/hf_config.h"
#include "model/weights.h"

namespace specscope {

// RMSNorm or LayerNorm as the config says; b is used by LayerNorm only.
at::Tensor norm_op(const ModelConfig& config, const at::Tensor& x, const at::Tensor& w, const at::Tensor& b);

// Gated (SwiGLU: down(act(gate x) * up x)) or plain (down(act(fc x))) MLP,
// plus `residual` when given (added in the down projection's epilogue).
at::Tensor mlp_op(const ModelConfig& config, const LayerWeights& l, const at::Tensor& x, const at::Tensor& residual = {});

} // namespace specscope
