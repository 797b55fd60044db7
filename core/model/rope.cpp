#include "model/rope.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "kernels/dispatch.h"

namespace specscope {
namespace {

// inv_freq[i] = 1 / base^(2i/dim), i in [0, dim/2)
at::Tensor default_inv_freq(double base, int dim) {
    at::Tensor exponents = at::arange(0, dim, 2, at::kDouble) / dim;
    return (1.0 / at::pow(base, exponents)).to(at::kFloat);
}

// Llama 3.1: leave high frequencies alone, divide low ones by `factor`, and
// blend smoothly in between.
at::Tensor llama3_inv_freq(const at::Tensor& inv_freq, const RopeScaling& s, int max_positions) {
    const double old_ctx = s.original_max_position_embeddings > 0 ? s.original_max_position_embeddings : max_positions;
    const double low_wavelen = old_ctx / s.low_freq_factor;
    const double high_wavelen = old_ctx / s.high_freq_factor;
    at::Tensor out = inv_freq.clone();
    auto f = out.accessor<float, 1>();
    for (int64_t i = 0; i < out.size(0); ++i) {
        const double freq = f[i];
        const double wavelen = 2 * M_PI / freq;
        if (wavelen < high_wavelen) continue;
        if (wavelen > low_wavelen) {
            f[i] = static_cast<float>(freq / s.factor);
        } else {
            const double smooth = (old_ctx / wavelen - s.low_freq_factor) / (s.high_freq_factor - s.low_freq_factor);
            f[i] = static_cast<float>((1 - smooth) * freq / s.factor + smooth * freq);
        }
    }
    return out;
}

// YaRN: interpolate low frequencies, extrapolate high ones, with a linear
// ramp between the correction dimensions given by beta_fast / beta_slow.
at::Tensor yarn_inv_freq(double base, int dim, const RopeScaling& s, int max_positions) {
    const double orig = s.original_max_position_embeddings > 0 ? s.original_max_position_embeddings : max_positions;
    auto correction_dim = [&](double rotations) {
        return (dim * std::log(orig / (rotations * 2 * M_PI))) / (2 * std::log(base));
    };
    double low = std::max(0.0, std::floor(correction_dim(s.beta_fast)));
    double high = std::min(double(dim - 1), std::ceil(correction_dim(s.beta_slow)));
    if (low == high) high += 0.001;
    at::Tensor pos_freqs = at::pow(base, at::arange(0, dim, 2, at::kDouble) / dim);
    at::Tensor extrapolation = 1.0 / pos_freqs;
    at::Tensor interpolation = 1.0 / (s.factor * pos_freqs);
    at::Tensor ramp = ((at::arange(dim / 2, at::kDouble) - low) / (high - low)).clamp(0, 1);
    at::Tensor extrapolation_weight = 1 - ramp;
    return (interpolation * (1 - extrapolation_weight) + extrapolation * extrapolation_weight).to(at::kFloat);
}

} // namespace

Rope::Rope(const ModelConfig& c, at::Device device)
    : scaling_(c.rope_scaling), head_dim_(c.head_dim), theta_(c.rope_theta), max_positions_(c.max_position_embeddings) {
    at::Tensor inv = default_inv_freq(theta_, head_dim_);
    const std::string& type = scaling_.type;
    if (type == "linear") inv = inv / scaling_.factor;
    else if (type == "llama3") inv = llama3_inv_freq(inv, scaling_, max_positions_);
    else if (type == "yarn") {
        inv = yarn_inv_freq(theta_, head_dim_, scaling_, max_positions_);
        attention_scaling_ = scaling_.attention_factor > 0 ? scaling_.attention_factor
                                                            : (scaling_.factor <= 1 ? 1.0 : 0.1 * std::log(scaling_.factor) + 1.0);
    }
    inv_freq_ = inv.to(device);
    if (scaling_.type != "dynamic") {
        const int64_t rows = std::min<int64_t>(std::max(max_positions_, 1), kTableRows);
        std::tie(cos_table_, sin_table_) = cos_sin(at::arange(rows, at::TensorOptions().dtype(at::kLong).device(device)));
    }
}

// Dynamic NTK: past the trained context, raise the base with the length.
// Each position gets the base for a sequence ending at it, so a token's
// rotation never depends on how many tokens were in the same forward (a
// speculative step verifies several at once; plain decoding one by one, and
// both must agree). Hugging Face instead keeps the largest base seen so far.
// positions [T] -> inv_freq [T, hd/2]
at::Tensor Rope::dynamic_inv_freq(const at::Tensor& positions) const {
    const double orig = scaling_.original_max_position_embeddings > 0 ? scaling_.original_max_position_embeddings
                                                                      : max_positions_;
    at::Tensor len = positions.to(at::kDouble) + 1;  // [T]
    at::Tensor grown = scaling_.factor * len / orig - (scaling_.factor - 1);
    at::Tensor base = at::where(len > orig, theta_ * at::pow(grown, double(head_dim_) / (head_dim_ - 2)),
                                at::full_like(len, theta_));
    at::Tensor exponents = at::arange(0, head_dim_, 2, at::TensorOptions().dtype(at::kDouble).device(len.device())) / head_dim_;
    return at::pow(base.unsqueeze(1), -exponents.unsqueeze(0)).to(at::kFloat);
}

std::pair<at::Tensor, at::Tensor> Rope::cos_sin(const std::vector<int64_t>& positions) const {
    const bool in_table = cos_table_.defined() && std::all_of(positions.begin(), positions.end(), [&](int64_t p) {
        return p >= 0 && p < cos_table_.size(0);
    });
    at::Tensor idx = at::tensor(positions, at::kLong).to(inv_freq_.device());
    if (!in_table) return cos_sin(idx);
    return {cos_table_.index_select(0, idx), sin_table_.index_select(0, idx)};
}

std::pair<at::Tensor, at::Tensor> Rope::cos_sin(const at::Tensor& positions) const {
    at::Tensor inv = scaling_.type == "dynamic" ? dynamic_inv_freq(positions) : inv_freq_.unsqueeze(0);  // [T or 1, hd/2]
    at::Tensor angles = positions.to(at::kFloat).unsqueeze(1) * inv;  // [T, hd/2]
    at::Tensor cos = angles.cos(), sin = angles.sin();
    if (attention_scaling_ != 1.0) {
        cos = cos * attention_scaling_;
        sin = sin * attention_scaling_;
    }
    return {cos, sin};
}

at::Tensor Rope::apply(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin) {
    return kernels::rope(x, cos, sin);  // rotate_half form; kernels/rope_cpu.cpp
}

} // namespace specscope
