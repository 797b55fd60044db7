// The trainer's forward pass: a batch of sequences, causal attention, no KV
// cache, differentiable. Uses the same weights layout and layer math as the
// inference Transformer (model/layer_ops.h), so a trained model runs there
// unchanged.
#pragma once

#include <ATen/ATen.h>

#include "model/hf_config.h"
#include "model/rope.h"
#include "model/weights.h"

namespace specscope {

// ids [B, T] int64 -> logits [B, T, V] fp32.
at::Tensor batch_forward(const ModelConfig& config, const ModelWeights& w, const Rope& rope, const at::Tensor& ids);

// The pieces, for training add-ons on part of a model (Kangaroo's adapter):
// ids [B, T] -> embeddings [B, T, D];
at::Tensor batch_embed(const ModelConfig& config, const ModelWeights& w, const at::Tensor& ids);
// layers [first, last) over h [B, T, D] (causal) -> [B, T, D]; a layer with
// no MLP weights (up_w undefined) is attention only;
at::Tensor batch_layers(const ModelConfig& config, const ModelWeights& w, const Rope& rope, at::Tensor h, int first,
                        int last);
// final norm + LM head: h [B, T, D] -> logits [B, T, V] fp32.
at::Tensor batch_head(const ModelConfig& config, const ModelWeights& w, const at::Tensor& h);

// Mean next-token cross-entropy of logits [B, T, V] against ids [B, T]
// (position t predicts t+1).
at::Tensor next_token_loss(const at::Tensor& logits, const at::Tensor& ids);

} // namespace specscope
