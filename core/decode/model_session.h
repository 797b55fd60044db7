// A model following a growing token sequence: its KV cache holds a prefix of
// the sequence, fed in order ("chain rows"). sync() rolls the cache back to
// the longest prefix it shares with the sequence and feeds the rest in one
// forward. Draft models use it between rounds; the target uses the cache
// directly for tree verification and compaction.
#pragma once

#include <vector>

#include <ATen/ATen.h>

#include "model/transformer.h"

namespace specscope {

class ModelSession {
public:
    explicit ModelSession(const Transformer& model, int64_t capacity = 512)
        : model_(model), cache_(model.new_cache(capacity)) {}

    const Transformer& model() const { return model_; }
    KVCache& cache() { return cache_; }
    int64_t length() const { return static_cast<int64_t>(tokens_.size()); }

    // Makes the cache hold sequence[0, upto) and returns the logits after the
    // last of them ([V] fp32). Always runs at least one token (the last), so
    // the caller gets fresh logits. `upto` defaults to the whole sequence.
    at::Tensor sync(const std::vector<int64_t>& sequence, int64_t upto = -1);

    // Feeds one more token in chain order. -> logits [V] fp32.
    at::Tensor feed(int64_t token);

    // Forgets rows past `length` (they are no longer chain rows).
    void truncate(int64_t length);

    // Rows appended outside this class (tree nodes) must be dropped with
    // truncate(length()) before the next sync.

private:
    const Transformer& model_;
    KVCache cache_;
    std::vector<int64_t> tokens_;  // tokens of the chain rows, in order
};

} // namespace specscope
