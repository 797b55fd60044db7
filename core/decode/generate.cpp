#include "decode/generate.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>

namespace specscope {

GenerateResult generate(const Transformer& model, const std::vector<int64_t>& prompt, const GenerateOptions& options,
                        const std::function<bool(int64_t)>& on_token) {
    if (prompt.empty()) throw std::invalid_argument("generate: the prompt has no tokens");
    using clock = std::chrono::steady_clock;
    GenerateResult result;
    Sampler sampler(options.sampling);
    const int64_t context = model.config().max_position_embeddings;
    KVCache cache = model.new_cache(static_cast<int64_t>(prompt.size()) + options.max_new_tokens + 1);

    auto t0 = clock::now();
    at::Tensor logits = model.forward(prompt, cache);  // [T, V]
    result.forwards = 1;
    result.prefill_s = std::chrono::duration<double>(clock::now() - t0).count();

    auto t1 = clock::now();
    result.stop_reason = "max_new_tokens";
    for (int i = 0; i < options.max_new_tokens; ++i) {
        const int64_t next = sampler.sample(logits[logits.size(0) - 1]);
        result.ids.push_back(next);
        if (on_token && !on_token(next)) { result.stop_reason = "cancelled"; break; }
        if (std::find(options.stop_ids.begin(), options.stop_ids.end(), next) != options.stop_ids.end()) {
            result.stop_reason = "eos";
            break;
        }
        if (i + 1 == options.max_new_tokens) break;
        if (cache.length() >= context) { result.stop_reason = "context_full"; break; }
        logits = model.forward({next}, cache);  // [1, V]
        ++result.forwards;
    }
    result.decode_s = std::chrono::duration<double>(clock::now() - t1).count();
    return result;
}

} // namespace specscope
