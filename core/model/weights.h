// The weights of a decoder-only transformer in one layout for every family,
// converted once at load time (q/k/v fused, gate/up fused, GPT-2's Conv1D
// transposed), so the forward pass has a single code path.
#pragma once

#include <functional>
#include <vector>

#include <ATen/ATen.h>

#include "model/hf_config.h"
#include "model/safetensors.h"

namespace specscope {

struct LayerWeights {
    at::Tensor attn_norm_w, attn_norm_b;  // [D]; b only for LayerNorm
    at::Tensor qkv_w, qkv_b;              // [(H + 2*Hkv) * hd, D], [(H + 2*Hkv) * hd]
    at::Tensor q_norm_w, k_norm_w;        // [hd] (Qwen3 only)
    at::Tensor o_w, o_b;                  // [D, H * hd], [D]
    at::Tensor mlp_norm_w, mlp_norm_b;    // [D]
    at::Tensor up_w, up_b;                // gated: [2 * I, D] (gate rows first, then up); plain: [I, D]
    at::Tensor down_w, down_b;            // [D, I], [D]
};

struct ModelWeights {
    at::Tensor embed;                     // [V, D]
    at::Tensor pos_embed;                 // [P, D] (learned positions only)
    std::vector<LayerWeights> layers;
    at::Tensor final_norm_w, final_norm_b;  // [D]
    at::Tensor lm_head;                   // [V, D]; the same storage as embed when tied
};

// Reads every tensor the config calls for from the checkpoint, checks its
// shape against config.json and its dtype (F32/F16/BF16), and converts it to
// `dtype` on `device`. Throws Error naming the file and tensor on a missing
// tensor, a shape that disagrees with config.json, or an unsupported dtype.
// `progress(done, total)` is called per tensor; returning false cancels (throws Cancelled).
ModelWeights load_weights(const Checkpoint& ckpt, const ModelConfig& config, at::ScalarType dtype, at::Device device,
                          const std::function<bool(int, int)>& progress = {});

// True when every tensor of the checkpoint is stored as BF16.
bool checkpoint_is_bf16(const Checkpoint& ckpt);

// Converts the matrices that the kernels read (qkv, o, up, down, LM head) to
// bf16 in the CPU kernels' packed layout where their shape allows
// (kernels::pack_linear_weight), leaving the embedding, norms and biases as
// they are; a tied LM head gets its own copy. Lossless only for weights that
// came from bf16. Only kernels::linear reads such a model's matrices.
void keep_matrices_in_bf16(ModelWeights& weights);

// Thrown when a progress callback asks to stop.
struct Cancelled : std::exception {
    const char* what() const noexcept override { return "cancelled"; }
};

} // namespace specscope

namespace specscope {

// Random weights for a config (normal, std 0.02, norms at 1, as Hugging Face
// initialises): benchmarks of a model shape without a checkpoint on disk.
ModelWeights random_weights(const ModelConfig& config, at::ScalarType dtype, at::Device device, uint64_t seed);

} // namespace specscope
