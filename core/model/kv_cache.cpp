#include "model/kv_cache.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace specscope {

KVCache::KVCache(int num_layers, int num_kv_heads, int head_dim, at::ScalarType dtype, at::Device device,
                 int64_t initial_capacity)
    : layers_(num_layers) {
    auto opts = at::TensorOptions().dtype(dtype).device(device);
    for (auto& l : layers_) {
        l.k = at::empty({num_kv_heads, initial_capacity, head_dim}, opts);
        l.v = at::empty({num_kv_heads, initial_capacity, head_dim}, opts);
    }
}

int64_t KVCache::length() const { return layers_.empty() ? 0 : layers_.back().length; }

void KVCache::reserve(Layer& l, int64_t rows) {
    int64_t cap = l.k.size(1);
    if (rows <= cap) return;
    cap = std::max<int64_t>(cap, 1);
    while (cap < rows) cap *= 2;
    auto grow = [&](const at::Tensor& old) {
        at::Tensor bigger = at::empty({old.size(0), cap, old.size(2)}, old.options());
        bigger.narrow(1, 0, l.length).copy_(old.narrow(1, 0, l.length));
        return bigger;
    };
    l.k = grow(l.k);
    l.v = grow(l.v);
}

void KVCache::append(int layer, const at::Tensor& k, const at::Tensor& v, const std::vector<int64_t>& positions) {
    auto [ks, vs] = append_slots(layer, k.size(1), positions);
    ks.copy_(k);
    vs.copy_(v);
}

std::pair<at::Tensor, at::Tensor> KVCache::append_slots(int layer, int64_t t, const std::vector<int64_t>& positions) {
    Layer& l = layers_.at(layer);
    reserve(l, l.length + t);
    std::pair<at::Tensor, at::Tensor> slots{l.k.narrow(1, l.length, t), l.v.narrow(1, l.length, t)};
    l.length += t;
    l.positions.insert(l.positions.end(), positions.begin(), positions.end());
    return slots;
}

at::Tensor KVCache::keys(int layer) const { return layers_[layer].k.narrow(1, 0, layers_[layer].length); }
at::Tensor KVCache::values(int layer) const { return layers_[layer].v.narrow(1, 0, layers_[layer].length); }

void KVCache::truncate(int64_t length) { truncate_layers(0, num_layers(), length); }

void KVCache::truncate_layers(int first, int last, int64_t length) {
    if (length < 0) throw std::out_of_range("KVCache::truncate: negative length");
    for (int i = first; i < last; ++i) {
        Layer& l = layers_.at(i);
        if (length < l.length) {
            l.length = length;
            l.positions.resize(length);
        }
    }
}

void KVCache::keep_rows(const std::vector<int64_t>& rows) {
    for (size_t i = 1; i < rows.size(); ++i)
        if (rows[i] <= rows[i - 1]) throw std::invalid_argument("KVCache::keep_rows: rows must be ascending and unique");
    if (rows.empty()) {
        clear();
        return;
    }
    // Rows that already sit where they belong (the shared prefix) need no copy.
    int64_t in_place = 0;
    while (in_place < static_cast<int64_t>(rows.size()) && rows[in_place] == in_place) ++in_place;
    for (auto& l : layers_) {
        if (rows.back() >= l.length)
            throw std::out_of_range("KVCache::keep_rows: row " + std::to_string(rows.back()) + " past layer length " +
                                    std::to_string(l.length));
        if (in_place < static_cast<int64_t>(rows.size())) {
            std::vector<int64_t> tail(rows.begin() + in_place, rows.end());
            at::Tensor index = at::tensor(tail, at::kLong).to(l.k.device());
            const int64_t n = static_cast<int64_t>(tail.size());
            // index_select copies first, so overlapping source/destination rows are safe.
            l.k.narrow(1, in_place, n).copy_(l.k.index_select(1, index));
            l.v.narrow(1, in_place, n).copy_(l.v.index_select(1, index));
        }
        std::vector<int64_t> kept;
        kept.reserve(rows.size());
        for (int64_t r : rows) kept.push_back(l.positions[r]);
        l.positions = std::move(kept);
        l.length = static_cast<int64_t>(rows.size());
    }
}

} // namespace specscope
