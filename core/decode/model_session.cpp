#include "decode/model_session.h"

#include <algorithm>
#include <stdexcept>

namespace specscope {

at::Tensor ModelSession::sync(const std::vector<int64_t>& seq, int64_t upto) {
    if (upto < 0) upto = static_cast<int64_t>(seq.size());
    if (upto == 0) throw std::invalid_argument("ModelSession::sync: empty sequence");
    int64_t common = 0;
    const int64_t limit = std::min<int64_t>(length(), upto - 1);  // re-run at least the last token
    while (common < limit && tokens_[common] == seq[common]) ++common;
    truncate(common);
    std::vector<int64_t> fresh(seq.begin() + common, seq.begin() + upto);
    at::Tensor logits = model_.forward(fresh, cache_);  // [T, V]
    tokens_.insert(tokens_.end(), fresh.begin(), fresh.end());
    return logits[logits.size(0) - 1];
}

at::Tensor ModelSession::feed(int64_t token) {
    at::Tensor logits = model_.forward({token}, cache_);
    tokens_.push_back(token);
    return logits[0];
}

void ModelSession::truncate(int64_t length) {
    cache_.truncate(length);
    if (length < this->length()) tokens_.resize(length);
}

} // namespace specscope
