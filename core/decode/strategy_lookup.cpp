// lookup: prompt-lookup drafting, no draft model. Match the last n tokens
// (n = ngram_max .. 1) earlier in the context and draft the up to gamma tokens
// that followed the most recent match. The draft is deterministic: q is a
// one-hot on the drafted token, so the sampling rule accepts with p(x) and
// resamples from p without x.
#include <algorithm>
#include <sstream>

#include "decode/speculative.h"
#include "decode/strategies.h"

namespace specscope {
namespace {

class LookupStrategy : public SpeculativeStrategy {
public:
    LookupStrategy(const StrategyContext& ctx, const nlohmann::json& p)
        : SpeculativeStrategy(ctx), ngram_max_(p["ngram_max"].get<int>()), gamma_(p["gamma"].get<int>()) {}

protected:
    DraftTree draft() override {
        DraftTree tree(context_.back());
        const int64_t len = static_cast<int64_t>(context_.size());
        for (int n = std::min<int64_t>(ngram_max_, len - 1); n >= 1; --n) {
            // Most recent earlier occurrence of the last n tokens.
            for (int64_t start = len - n - 1; start >= 0; --start) {
                if (!std::equal(context_.begin() + start, context_.begin() + start + n, context_.end() - n)) continue;
                const int64_t from = start + n;
                const int64_t count = std::min<int64_t>(gamma_, len - from);
                int parent = 0;
                for (int64_t i = 0; i < count; ++i) {
                    const int64_t x = context_[from + i];
                    tree.q[parent] = one_hot(x);
                    parent = tree.add(parent, x, 1.0f, 0.0f);
                }
                std::ostringstream why;
                why << "matched a " << n << "-gram at position " << start << ", drafted " << count;
                tree.draft_reason = why.str();
                tree.draft_length = static_cast<int>(count);
                return tree;
            }
        }
        tree.draft_reason = "no n-gram match: plain step";
        return tree;
    }

private:
    at::Tensor one_hot(int64_t x) const {
        if (sampler_.params().greedy()) return {};  // greedy verification needs no q
        at::Tensor q = at::zeros({ctx_.target->vocab_size()}, at::kFloat);
        q[x] = 1.0f;
        return q;
    }

    int ngram_max_, gamma_;
};

} // namespace

StrategyInfo lookup_strategy_info() {
    StrategyInfo info;
    info.name = "lookup";
    info.description = "Prompt lookup: drafts what followed the last n-gram earlier in the context (no draft model).";
    info.params = {
        {"ngram_max", ParamSpec::Type::Int, 3, 1, 16, {}, "longest n-gram to match"},
        {"gamma", ParamSpec::Type::Int, 10, 1, 32, {}, "most tokens drafted per step"},
    };
    info.make = [](const StrategyContext& ctx, const nlohmann::json& p) {
        return std::make_unique<LookupStrategy>(ctx, p);
    };
    return info;
}

} // namespace specscope
