// ar: plain autoregressive decoding, the baseline. A draft tree of just the
// root: each step is one target forward and emits one token.
#include "decode/speculative.h"
#include "decode/strategies.h"

namespace specscope {
namespace {

class ArStrategy : public SpeculativeStrategy {
public:
    using SpeculativeStrategy::SpeculativeStrategy;

protected:
    DraftTree draft() override { return DraftTree(context_.back()); }
};

} // namespace

StrategyInfo ar_strategy_info() {
    StrategyInfo info;
    info.name = "ar";
    info.description = "Plain autoregressive decoding: one target forward per token (the baseline).";
    info.make = [](const StrategyContext& ctx, const nlohmann::json&) { return std::make_unique<ArStrategy>(ctx); };
    return info;
}

} // namespace specscope
