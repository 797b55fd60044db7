// Plain autoregressive generation: prefill the prompt, then one token per
// forward. The reference every speculative method must equal under greedy
// decoding (issue 3 wraps it as the `ar` strategy).
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "decode/sampler.h"
#include "model/transformer.h"

namespace specscope {

struct GenerateOptions {
    int max_new_tokens = 64;
    SamplingParams sampling;
    std::vector<int64_t> stop_ids;  // generation ends after emitting one of these
};

struct GenerateResult {
    std::vector<int64_t> ids;  // the new tokens only
    double prefill_s = 0;
    double decode_s = 0;       // wall time of the one-token forwards
    int forwards = 0;          // target forwards, prefill included
    std::string stop_reason;   // "max_new_tokens", "eos", "context_full", "cancelled"
};

// `on_token(id)` is called as each token is produced; returning false stops.
GenerateResult generate(const Transformer& model, const std::vector<int64_t>& prompt, const GenerateOptions& options,
                        const std::function<bool(int64_t)>& on_token = {});

} // namespace specscope
