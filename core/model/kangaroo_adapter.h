// Kangaroo's adapter (ALGORITHMS.md §3): one decoder layer without an MLP,
// run over the target's layer-ℓ hidden states, then its own final norm and
// the target's frozen LM head. Together with the target's first ℓ layers it
// is the self-draft model:
//
//   token --embed--> layers [0, ℓ) of the target --> h_ℓ [T, D]
//         --adapter: h + Attn(Norm(h))--> Norm --> target's LM head --> [T, V]
//
// Stored next to the target as <target>/kangaroo/adapter_l<ℓ>.safetensors
// (tensors "attn_norm.weight", "qkv.weight", "o_proj.weight", "norm.weight",
// plus biases and q/k norms where the target's layers have them) and
// adapter_l<ℓ>.json (method, exit layer, shapes, the target's fingerprint,
// the training record).
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "model/transformer.h"

namespace specscope {

struct KangarooAdapter {
    int exit_layer = 0;
    std::string path;                    // the .json file it was read from ("" when made in memory)
    std::string target_fingerprint;
    nlohmann::json record;               // the .json contents
    std::shared_ptr<Transformer> model;  // one layer (no MLP); the target's LM head, its own final norm
};

// The adapter's layer as a one-layer model config (the target's shapes).
ModelConfig kangaroo_adapter_config(const ModelConfig& target);

// Fresh adapter weights: the attention of the target's layer ℓ (a warm
// start that already reads layer-ℓ states) and the target's final norm;
// the LM head is the target's tensor itself (frozen, not copied).
ModelWeights kangaroo_adapter_init(const Transformer& target, int exit_layer);

// <target_dir>/kangaroo/adapter_l<ℓ> (add .json / .safetensors).
std::string kangaroo_adapter_stem(const std::string& target_dir, int exit_layer);
// The exit layer of the shipped default adapter (<target_dir>/kangaroo/default.json),
// or 0 when there is none.
int kangaroo_default_exit_layer(const std::string& target_dir);

// Writes stem.safetensors and stem.json (atomically, directories created).
void save_kangaroo_adapter(const std::string& stem, const Transformer& target, int exit_layer, const ModelWeights& w,
                           const nlohmann::json& training_record, at::ScalarType dtype = at::kBFloat16);

// Loads stem.json + stem.safetensors for `target`. Throws Error naming the
// file for: a missing or malformed file, another method, an exit layer out
// of range 1..L-1, tensors whose shapes do not match the target, and an
// adapter trained for another model (its recorded fingerprint of the
// target's config and embedding differs).
KangarooAdapter load_kangaroo_adapter(const std::string& stem, const Transformer& target);

} // namespace specscope
