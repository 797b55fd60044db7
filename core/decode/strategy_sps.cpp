// sps: speculative sampling with a draft model (Leviathan et al. 2023; Chen
// et al. 2023). The draft proposes a chain of up to gamma tokens; the target
// verifies them in one forward. The draft length follows a policy:
//   fixed      always gamma
//   confidence stop once the draft's top probability for the next token
//              < p_min (that token is not drafted; at least one is)
//   heuristic  Hugging Face's schedule: +2 after a fully accepted round,
//              -1 (to at least 1) otherwise
#include <cmath>
#include <sstream>

#include "decode/sampler.h"
#include "decode/speculative.h"
#include "decode/strategies.h"

namespace specscope {
namespace {

constexpr int kMaxGamma = 32;

class SpsStrategy : public SpeculativeStrategy {
public:
    SpsStrategy(const StrategyContext& ctx, const nlohmann::json& p)
        : SpeculativeStrategy(ctx), gamma_(p["gamma"].get<int>()), policy_(p["policy"].get<std::string>()),
          p_min_(p["p_min"].get<double>()) {}

protected:
    DraftTree draft() override {
        DraftTree tree(context_.back());
        at::Tensor logits = draft_->sync(context_);  // [V] after the root
        std::ostringstream why;
        int parent = 0;
        for (int i = 0; i < gamma_; ++i) {
            const DraftDist dist = analyze(logits);
            // Decide before drawing: stopping on the drawn token's own
            // probability would bias the draws that continue, and sampling
            // would no longer be lossless. Under greedy decoding the two agree.
            if (policy_ == "confidence" && i > 0 && dist.max < p_min_) {
                why << "confidence " << dist.max << " < p_min " << p_min_ << " at token " << i + 1;
                break;
            }
            const int64_t x = pick_children(tree, parent, logits, dist, 1).at(0);
            parent = tree.add(parent, x, dist.p(x), dist.entropy);
            if (i + 1 < gamma_) logits = draft_->feed(x);
        }
        tree.draft_length = tree.size() - 1;
        if (why.str().empty()) why << policy_ << " gamma=" << gamma_;
        tree.draft_reason = why.str();
        return tree;
    }

    void after_round(int drafted, int accepted) override {
        if (policy_ != "heuristic") return;
        gamma_ = accepted == drafted ? std::min(kMaxGamma, gamma_ + 2) : std::max(1, gamma_ - 1);
    }

private:
    int gamma_;
    std::string policy_;
    double p_min_;
};

} // namespace

StrategyInfo sps_strategy_info() {
    StrategyInfo info;
    info.name = "sps";
    info.description = "Speculative sampling: a draft model proposes a chain, the target verifies it in one forward.";
    info.needs_draft = true;
    info.params = {
        {"gamma", ParamSpec::Type::Int, 5, 1, kMaxGamma, {}, "draft length (the start value under 'heuristic')"},
        {"policy", ParamSpec::Type::Choice, "fixed", 0, 0, {"fixed", "confidence", "heuristic"},
         "draft-length policy"},
        {"p_min", ParamSpec::Type::Double, 0.4, 0.0, 1.0, {}, "'confidence': stop drafting below this probability"},
    };
    info.make = [](const StrategyContext& ctx, const nlohmann::json& p) { return std::make_unique<SpsStrategy>(ctx, p); };
    return info;
}

} // namespace specscope
