// A decoder-only transformer (Llama / Mistral / Qwen2 / Qwen3 / GPT-2) on ATen.
// It holds only weights; a run's state lives in a KVCache. One forward pass,
// end to end:
//
//   ids [T] --embed--> h [T, D] --layers [0, L)--> h [T, D] --logits--> [T, V]
//
// and each layer is  h += Attn(Norm(h));  h += MLP(Norm(h)).
// The pieces are public so that methods can run part of the model: a range
// of layers on given hidden states (early exit, Kangaroo), the logit lens of
// any layer (logits() on that layer's hidden state), and forwards over
// several new tokens whose mutual visibility is an arbitrary mask (trees).
#pragma once

#include <functional>
#include <vector>

#include <ATen/ATen.h>

#include "model/hf_config.h"
#include "model/kv_cache.h"
#include "model/rope.h"
#include "model/weights.h"

namespace specscope {

// Called after each layer with that layer's output hidden states [T, D].
using LayerTap = std::function<void(int layer, const at::Tensor& hidden)>;

class Transformer {
public:
    Transformer(ModelConfig config, ModelWeights weights, at::ScalarType dtype, at::Device device);

    const ModelConfig& config() const { return config_; }
    int num_layers() const { return config_.num_layers; }
    int vocab_size() const { return config_.vocab_size; }
    at::ScalarType dtype() const { return dtype_; }
    at::Device device() const { return device_; }
    const ModelWeights& weights() const { return weights_; }

    KVCache new_cache(int64_t initial_capacity = 256) const;

    // Token (and learned position) embeddings: ids, positions: T values -> [T, D].
    at::Tensor embed(const std::vector<int64_t>& ids, const std::vector<int64_t>& positions) const;

    // Runs layers [first, last) over hidden [T, D] of T new tokens at
    // `positions`, appending their keys/values to those layers of `cache`.
    // Every new token sees all rows already in the layer's cache; among
    // themselves they see what `tree_mask` allows ([T, T] bool, true = may
    // attend; undefined = causal). A [T, S] mask (S = rows after appending)
    // instead says what each new token sees of every row: drafting a tree
    // level by level needs it, since earlier tree rows are not all ancestors.
    // Returns [T, D].
    at::Tensor run_layers(int first, int last, at::Tensor hidden, const std::vector<int64_t>& positions, KVCache& cache,
                          const at::Tensor& tree_mask = {}, const LayerTap& tap = {}) const;

    // For tests and benchmarks: from now on, adds the rows (tokens) each
    // layer processes to (*counts)[layer]; nullptr stops counting. Proves, for
    // example, that Kangaroo never runs its shallow layers twice for a token.
    void count_layer_rows(std::vector<int64_t>* counts) const;
    // Final norm + LM head: hidden [T, D] (of any layer: logit lens) -> [T, V] fp32.
    at::Tensor logits(const at::Tensor& hidden) const;

    // The whole model over new tokens `ids` (positions default to
    // cache.length() + i; a tree passes prefix length + depth). -> [T, V] fp32.
    at::Tensor forward(const std::vector<int64_t>& ids, KVCache& cache, const at::Tensor& tree_mask = {},
                       std::vector<int64_t> positions = {}, const LayerTap& tap = {}) const;

private:
    at::Tensor norm(const at::Tensor& x, const at::Tensor& w, const at::Tensor& b) const;
    struct BiasCache {
        int64_t rows = -1;  // the layer length the bias was built for
        at::Tensor bias;    // [T, rows] or undefined (nothing masked)
    };
    // skip + Attn(x) and skip + MLP(x), x = norm(skip) [T, D] -> [T, D] (the
    // skip connection is added in the output projection's epilogue).
    at::Tensor attention(int layer, const at::Tensor& x, const at::Tensor& skip, const std::vector<int64_t>& positions,
                         const std::pair<at::Tensor, at::Tensor>& cos_sin, KVCache& cache, const at::Tensor& tree_mask,
                         BiasCache& bias_cache) const;
    at::Tensor mlp(const LayerWeights& l, const at::Tensor& x, const at::Tensor& skip) const;
    at::Tensor attention_bias(const KVCache& cache, int layer, const std::vector<int64_t>& positions,
                              const at::Tensor& tree_mask) const;

    ModelConfig config_;
    ModelWeights weights_;
    at::ScalarType dtype_;
    at::Device device_;
    Rope rope_;
    mutable std::vector<int64_t>* layer_rows_ = nullptr;  // see count_layer_rows
};

} // namespace specscope
