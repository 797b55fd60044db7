// Rotary position embeddings with the rope_scaling kinds of config.json
// (linear, dynamic NTK, llama3, yarn), in Hugging Face's rotate_half layout.
#pragma once

#include <vector>

#include <ATen/ATen.h>

#include "model/hf_config.h"

namespace specscope {

class Rope {
public:
    Rope(const ModelConfig& config, at::Device device);

    // cos, sin for the given positions: positions [T] int64 -> two [T, head_dim/2]
    // fp32 tensors, already multiplied by the attention scaling (yarn).
    std::pair<at::Tensor, at::Tensor> cos_sin(const at::Tensor& positions) const;
    // The same for a decode step or a verification: rows of a table made once
    // (positions below kTableRows, all but dynamic scaling), so a position's
    // rotation is the same bits however many tokens share the forward, and a
    // step costs one lookup instead of a chain of small ops.
    std::pair<at::Tensor, at::Tensor> cos_sin(const std::vector<int64_t>& positions) const;
    static constexpr int64_t kTableRows = 8192;

    // x: [heads, T, head_dim]; cos/sin: [T, head_dim/2] -> rotated x, same dtype.
    static at::Tensor apply(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin);

    const at::Tensor& inv_freq() const { return inv_freq_; }  // [head_dim/2] fp32

private:
    at::Tensor dynamic_inv_freq(const at::Tensor& positions) const;

    RopeScaling scaling_;
    int head_dim_ = 0;
    double theta_ = 10000.0;
    int max_positions_ = 0;
    double attention_scaling_ = 1.0;
    at::Tensor inv_freq_;
    at::Tensor cos_table_, sin_table_;  // [min(max positions, kTableRows), head_dim/2], or undefined
};

} // namespace specscope
