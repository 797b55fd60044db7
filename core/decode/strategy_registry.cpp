#include "decode/strategies.h"
#include "model/tokenizer.h"
#include "model/transformer.h"
#include "util/error.h"

namespace specscope {

const std::vector<StrategyInfo>& strategy_registry() {
    static const std::vector<StrategyInfo> registry = {
        ar_strategy_info(), sps_strategy_info(), tree_static_strategy_info(), tree_dynamic_strategy_info(),
        lookup_strategy_info(), kangaroo_strategy_info(),
    };
    return registry;
}

const StrategyInfo& find_strategy(const std::string& name) {
    std::string known;
    for (const auto& s : strategy_registry()) {
        if (s.name == name) return s;
        known += (known.empty() ? "" : ", ") + s.name;
    }
    throw Error("", "unknown strategy '" + name + "' (known: " + known + ")");
}

std::unique_ptr<Strategy> make_strategy(const std::string& name, const StrategyContext& ctx,
                                        const nlohmann::json& params, nlohmann::json* resolved) {
    const StrategyInfo& info = find_strategy(name);
    nlohmann::json full = validate_params(name, info.params, params);
    if (!ctx.target) throw Error("", "strategy '" + name + "' needs a target model");
    if (info.needs_draft && !ctx.draft) throw Error("", "strategy '" + name + "' needs a draft model (--draft)");
    if (ctx.draft && ctx.draft->vocab_size() != ctx.target->vocab_size())
        throw Error("", "the draft model's vocabulary (" + std::to_string(ctx.draft->vocab_size()) +
                            ") differs from the target's (" + std::to_string(ctx.target->vocab_size()) +
                            "): they must share a tokenizer");
    if (resolved) *resolved = full;
    return info.make(ctx, full);
}

} // namespace specscope
