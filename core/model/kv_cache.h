// The key/value cache of one sequence: a run's state, kept apart from the
// model's weights (one Transformer can serve many caches).
//
// Per layer, rows are stored in the order tokens were fed; keys are stored
// already rotated (RoPE), so a row never needs its position again, but the
// position is kept for sliding-window masks and for inspection. Layers may
// hold different numbers of rows for a while: Kangaroo drafts through the
// shallow layers only and fills the deep ones at verification.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include <ATen/ATen.h>

namespace specscope {

class KVCache {
public:
    // k/v per layer: [n_kv_heads, capacity, head_dim]; capacity grows by doubling.
    KVCache(int num_layers, int num_kv_heads, int head_dim, at::ScalarType dtype, at::Device device,
            int64_t initial_capacity = 256);

    int num_layers() const { return static_cast<int>(layers_.size()); }
    int64_t length(int layer) const { return layers_[layer].length; }
    int64_t length() const;  // rows of the last layer: tokens the whole model has seen

    // Appends T rows to one layer. k, v: [n_kv_heads, T, head_dim]; positions: T values.
    void append(int layer, const at::Tensor& k, const at::Tensor& v, const std::vector<int64_t>& positions);
    // The same, for a caller that writes the rows itself (a kernel that
    // rotates keys straight into the cache): makes room for T rows, counts
    // them, and returns their key and value views [n_kv_heads, T, head_dim].
    std::pair<at::Tensor, at::Tensor> append_slots(int layer, int64_t t, const std::vector<int64_t>& positions);

    // Views of the layer's rows: [n_kv_heads, length(layer), head_dim].
    at::Tensor keys(int layer) const;
    at::Tensor values(int layer) const;
    const std::vector<int64_t>& positions(int layer) const { return layers_[layer].positions; }

    // Drops rows past `length` in every layer (rejected draft tokens).
    void truncate(int64_t length);
    void truncate_layers(int first, int last, int64_t length);

    // Keeps only `rows` (ascending, unique) of every layer and packs them to
    // the front, in that order: used to compact an accepted tree path, e.g.
    // rows = [0 .. prefix) + accepted node rows. Throws std::out_of_range for a
    // row at or past a layer's length.
    void keep_rows(const std::vector<int64_t>& rows);

    void clear() { truncate(0); }

private:
    struct Layer {
        at::Tensor k, v;  // [n_kv_heads, capacity, head_dim]
        int64_t length = 0;
        std::vector<int64_t> positions;
    };
    void reserve(Layer& layer, int64_t rows);

    std::vector<Layer> layers_;
};

} // namespace specscope
