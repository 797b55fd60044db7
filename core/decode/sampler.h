// Samplers: greedy, temperature, top-k, top-p; seeded and reproducible on
// every device (the draw itself happens on the CPU with our own generator).
#pragma once

#include <cstdint>
#include <random>

#include <ATen/ATen.h>

namespace specscope {

struct SamplingParams {
    double temperature = 0.0;  // 0 = greedy
    int top_k = 0;             // 0 = off
    double top_p = 1.0;        // 1 = off
    uint64_t seed = 0;

    bool greedy() const { return temperature <= 0.0; }
};

// The distribution a token is drawn from: softmax(logits / T) restricted to
// the top-k and the top-p nucleus, renormalised. logits [V] -> probs [V] fp32
// on the CPU. Greedy gives a one-hot at the argmax (ties: lowest id).
at::Tensor sampling_distribution(const at::Tensor& logits, const SamplingParams& params);

// Entropy in bits of probs = softmax(logits), both [n] on the CPU. Without
// a logarithm per entry (this runs for every drafted and emitted token):
// log p_i = l_i - m - log Z with m the largest logit, and p_max = 1 / Z, so
// H = -log p_max - Σ p_i (l_i - m).
float entropy_bits(const float* probs, const float* logits, int64_t n);

class Sampler {
public:
    explicit Sampler(SamplingParams params) : params_(params), rng_(params.seed) {}
    const SamplingParams& params() const { return params_; }

    // Draws a token from logits [V].
    int64_t sample(const at::Tensor& logits);
    // Draws a token from a ready distribution probs [V] (CPU fp32).
    int64_t sample_from(const at::Tensor& probs);
    // A uniform number in [0, 1) from the same stream (acceptance tests).
    double uniform();

private:
    SamplingParams params_;
    std::mt19937_64 rng_;
};

} // namespace specscope
