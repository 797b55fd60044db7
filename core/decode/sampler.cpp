#include "decode/sampler.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace specscope {

at::Tensor sampling_distribution(const at::Tensor& logits_in, const SamplingParams& p) {
    at::Tensor logits = logits_in.to(at::kCPU, at::kFloat).contiguous();  // [V]
    const int64_t vocab = logits.size(0);
    if (p.greedy()) {
        at::Tensor probs = at::zeros({vocab}, at::kFloat);
        probs[logits.argmax().item<int64_t>()] = 1.0f;
        return probs;
    }
    at::Tensor scaled = logits / p.temperature;
    if (p.top_k > 0 && p.top_k < vocab) {
        at::Tensor kth = std::get<0>(scaled.topk(p.top_k)).min();
        scaled = scaled.masked_fill(scaled < kth, -std::numeric_limits<float>::infinity());
    }
    at::Tensor probs = at::softmax(scaled, 0);
    if (p.top_p < 1.0) {
        // Keep the smallest set of most likely tokens whose mass reaches top_p
        // (the token that crosses the threshold is kept).
        auto sorted = probs.sort(0, /*descending=*/true);
        at::Tensor sorted_probs = std::get<0>(sorted), order = std::get<1>(sorted);
        at::Tensor mass_before = sorted_probs.cumsum(0) - sorted_probs;
        at::Tensor drop_sorted = mass_before >= p.top_p;
        at::Tensor drop = at::zeros({vocab}, at::kBool).index_put_({order}, drop_sorted);
        probs = probs.masked_fill(drop, 0.0f);
        probs = probs / probs.sum();
    }
    return probs;
}

float entropy_bits(const float* probs, const float* logits, int64_t n) {
    float m = -std::numeric_limits<float>::infinity(), p_max = 0;
    for (int64_t i = 0; i < n; ++i) {
        m = std::max(m, logits[i]);
        p_max = std::max(p_max, probs[i]);
    }
    if (p_max <= 0) return 0;
    // Eight partial sums: independent chains the compiler can vectorise.
    // Entries with p = 0 (masked logits of -inf among them) add nothing.
    constexpr int kParts = 8;
    float part[kParts] = {};
    int64_t i = 0;
    for (; i + kParts <= n; i += kParts)
        for (int j = 0; j < kParts; ++j) part[j] += probs[i + j] > 0 ? probs[i + j] * (logits[i + j] - m) : 0.0f;
    double sum = 0;
    for (; i < n; ++i) sum += probs[i] > 0 ? probs[i] * (logits[i] - m) : 0.0f;
    for (float v : part) sum += v;
    const double h = (-std::log(double(p_max)) - sum) / std::log(2.0);
    return static_cast<float>(std::max(0.0, h));
}

double Sampler::uniform() { return std::uniform_real_distribution<double>(0.0, 1.0)(rng_); }

int64_t Sampler::sample_from(const at::Tensor& probs_in) {
    at::Tensor probs = probs_in.to(at::kCPU, at::kFloat).contiguous();
    const float* p = probs.data_ptr<float>();
    const int64_t n = probs.size(0);
    double total = 0;
    for (int64_t i = 0; i < n; ++i) total += p[i];
    // Inverse CDF; the last token with mass absorbs rounding at the top end.
    const double r = uniform() * total;
    double acc = 0;
    int64_t last_nonzero = 0;
    for (int64_t i = 0; i < n; ++i) {
        if (p[i] <= 0) continue;
        acc += p[i];
        last_nonzero = i;
        if (r < acc) return i;
    }
    return last_nonzero;
}

int64_t Sampler::sample(const at::Tensor& logits) {
    if (params_.greedy()) return logits.argmax().item<int64_t>();
    return sample_from(sampling_distribution(logits, params_));
}

} // namespace specscope
