#include "model/transformer.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "kernels/dispatch.h"
#include "model/layer_ops.h"

namespace specscope {

Transformer::Transformer(ModelConfig config, ModelWeights weights, at::ScalarType dtype, at::Device device)
    : config_(std::move(config)), weights_(std::move(weights)), dtype_(dtype), device_(device), rope_(config_, device) {}

KVCache Transformer::new_cache(int64_t initial_capacity) const {
    return KVCache(config_.num_layers, config_.num_kv_heads, config_.head_dim, dtype_, device_, initial_capacity);
}

at::Tensor Transformer::embed(const std::vector<int64_t>& ids, const std::vector<int64_t>& positions) const {
    at::Tensor idx = at::tensor(ids, at::kLong).to(device_);
    at::Tensor h = weights_.embed.index_select(0, idx);  // [T, D]
    if (config_.positions == PositionKind::Learned)
        h = h + weights_.pos_embed.index_select(0, at::tensor(positions, at::kLong).to(device_));
    return h;
}

at::Tensor Transformer::norm(const at::Tensor& x, const at::Tensor& w, const at::Tensor& b) const {
    return norm_op(config_, x, w, b);
}

// Additive attention bias [T, S] for T new tokens over a layer holding S rows
// (the last T of which are the new tokens): 0 where a query may attend,
// -inf elsewhere. Undefined when nothing is masked (a single new token with no
// sliding window), which saves the add on the hot decode path.
at::Tensor Transformer::attention_bias(const KVCache& cache, int layer, const std::vector<int64_t>& positions,
                                       const at::Tensor& tree_mask) const {
    const int64_t t = static_cast<int64_t>(positions.size());
    const int64_t s = cache.length(layer);
    const int64_t past = s - t;
    const int window = config_.sliding_window;
    const auto& row_pos = cache.positions(layer);
    const int64_t newest = *std::max_element(positions.begin(), positions.end());
    const bool window_bites = window > 0 && newest - row_pos.front() >= window;
    if (t == 1 && !window_bites && !tree_mask.defined()) return {};

    // Written element by element on the CPU: a verification builds this once
    // per forward, and a chain of ATen ops cost more than the few T x S writes.
    const float masked = -std::numeric_limits<float>::infinity();
    at::Tensor bias = at::zeros({t, s}, at::kFloat);
    float* b = bias.data_ptr<float>();
    if (tree_mask.defined()) {
        const at::Tensor m = tree_mask.to(at::kCPU, at::kBool).contiguous();
        const bool* allowed = m.data_ptr<bool>();
        if (m.size(1) == s && s != t) {  // a mask over every row of the layer
            for (int64_t i = 0; i < t * s; ++i)
                if (!allowed[i]) b[i] = masked;
        } else {                         // a mask among the new rows
            for (int64_t i = 0; i < t; ++i)
                for (int64_t j = 0; j < t; ++j)
                    if (!allowed[i * t + j]) b[i * s + past + j] = masked;
        }
    } else {  // causal among the new rows
        for (int64_t i = 0; i < t; ++i)
            for (int64_t j = i + 1; j < t; ++j) b[i * s + past + j] = masked;
    }
    if (window_bites)
        for (int64_t i = 0; i < t; ++i)
            for (int64_t j = 0; j < s; ++j)
                if (positions[i] - row_pos[j] >= window) b[i * s + j] = masked;
    return bias.to(device_);
}

at::Tensor Transformer::attention(int layer, const at::Tensor& x, const at::Tensor& skip,
                                  const std::vector<int64_t>& positions,
                                  const std::pair<at::Tensor, at::Tensor>& cos_sin, KVCache& cache,
                                  const at::Tensor& tree_mask, BiasCache& bias_cache) const {
    const LayerWeights& l = weights_.layers[layer];
    const int64_t t = x.size(0), H = config_.num_heads, Hkv = config_.num_kv_heads, hd = config_.head_dim;
    const int64_t G = H / Hkv;  // query heads per key/value head

    at::Tensor qkv = kernels::linear(x, l.qkv_w, l.qkv_b);  // [T, (H + 2 Hkv) hd]
    at::Tensor q;                                           // [H, T, hd], rotated
    const bool rope = config_.positions == PositionKind::Rope;
    if (rope && !config_.qk_norm && dtype_ == at::kFloat &&
        kernels::qkv_rope_rows_applies(qkv, cos_sin.first, cos_sin.second, H, Hkv)) {
        // CPU decoding: split, rotate, and write k and v into the cache in one pass.
        auto [k_rows, v_rows] = cache.append_slots(layer, t, positions);
        q = kernels::qkv_rope_rows(qkv, cos_sin.first, cos_sin.second, H, Hkv, k_rows, v_rows);
    } else {
        // Queries and keys side by side, [H + Hkv, T, hd], so that RoPE is one pass.
        at::Tensor qk = qkv.narrow(1, 0, (H + Hkv) * hd).view({t, H + Hkv, hd}).transpose(0, 1);
        at::Tensor v = qkv.narrow(1, (H + Hkv) * hd, Hkv * hd).view({t, Hkv, hd}).transpose(0, 1);  // [Hkv, T, hd]
        if (config_.qk_norm)
            qk = at::cat({kernels::rms_norm(qk.narrow(0, 0, H), l.q_norm_w, config_.norm_eps),
                          kernels::rms_norm(qk.narrow(0, H, Hkv), l.k_norm_w, config_.norm_eps)});
        if (rope) qk = Rope::apply(qk, cos_sin.first, cos_sin.second);
        q = qk.narrow(0, 0, H);
        cache.append(layer, qk.narrow(0, H, Hkv), v, positions);
    }
    at::Tensor keys = cache.keys(layer), values = cache.values(layer);  // [Hkv, S, hd]
    const int64_t s = keys.size(1);

    // Layers holding the same rows share one bias: build it once per forward.
    if (bias_cache.rows != s) {
        bias_cache.bias = attention_bias(cache, layer, positions, tree_mask);
        bias_cache.rows = s;
    }
    const at::Tensor& bias = bias_cache.bias;
    const double scale = 1.0 / std::sqrt(double(hd));
    // Decode steps and verifications on the CPU: one kernel reads the cache in place.
    if (at::Tensor qc = q.contiguous(); kernels::attention_rows_applies(qc, keys, values, bias))
        return kernels::linear(kernels::attention_rows(qc, keys, values, bias, scale), l.o_w, l.o_b, skip);  // [T, D]

    // Grouped-query attention without repeating K/V: fold the G query heads
    // that share a K/V head into the row dimension. Query head h uses K/V
    // head h / G, as Hugging Face's repeat_kv does.
    at::Tensor qg = q.reshape({Hkv, G * t, hd});
    at::Tensor scores = at::matmul(qg, keys.transpose(1, 2)).to(at::kFloat) * scale;  // [Hkv, G T, S]
    if (bias.defined()) scores = (scores.view({Hkv, G, t, s}) + bias).view({Hkv, G * t, s});
    at::Tensor probs = at::softmax(scores, -1).to(dtype_);
    at::Tensor out = at::matmul(probs, values);                  // [Hkv, G T, hd]
    out = out.view({H, t, hd}).transpose(0, 1).reshape({t, H * hd});  // [T, H hd]
    return kernels::linear(out, l.o_w, l.o_b, skip);                  // [T, D]
}

at::Tensor Transformer::mlp(const LayerWeights& l, const at::Tensor& x, const at::Tensor& skip) const {
    return mlp_op(config_, l, x, skip);
}

at::Tensor Transformer::run_layers(int first, int last, at::Tensor h, const std::vector<int64_t>& positions,
                                   KVCache& cache, const at::Tensor& tree_mask, const LayerTap& tap) const {
    std::pair<at::Tensor, at::Tensor> cos_sin;
    if (config_.positions == PositionKind::Rope)
        cos_sin = rope_.cos_sin(positions);  // two [T, hd/2]
    BiasCache bias_cache;
    for (int i = first; i < last; ++i) {
        const LayerWeights& l = weights_.layers[i];
        h = attention(i, norm(h, l.attn_norm_w, l.attn_norm_b), h, positions, cos_sin, cache, tree_mask, bias_cache);
        if (l.up_w.defined()) h = mlp(l, norm(h, l.mlp_norm_w, l.mlp_norm_b), h);  // no MLP: Kangaroo's adapter
        if (layer_rows_) (*layer_rows_)[i] += h.size(0);
        if (tap) tap(i, h);
    }
    return h;
}

void Transformer::count_layer_rows(std::vector<int64_t>* counts) const {
    layer_rows_ = counts;
    if (counts) counts->resize(config_.num_layers, 0);
}

at::Tensor Transformer::logits(const at::Tensor& hidden) const {
    return kernels::linear(norm(hidden, weights_.final_norm_w, weights_.final_norm_b), weights_.lm_head).to(at::kFloat);
}

at::Tensor Transformer::forward(const std::vector<int64_t>& ids, KVCache& cache, const at::Tensor& tree_mask,
                                std::vector<int64_t> positions, const LayerTap& tap) const {
    if (positions.empty())
        for (size_t i = 0; i < ids.size(); ++i) positions.push_back(cache.length() + static_cast<int64_t>(i));
    at::Tensor h = embed(ids, positions);
    h = run_layers(0, num_layers(), h, positions, cache, tree_mask, tap);
    return logits(h);
}

} // namespace specscope
