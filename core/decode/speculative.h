// The shared skeleton of every method here: draft a tree (possibly just the
// root), run ONE target forward over root + draft with a tree mask, verify,
// keep the accepted path in the target's KV cache, and report the step.
// Subclasses only decide how to draft.
//
// Cache invariant between steps: the target's cache holds context minus its
// last token (the root), so each step's forward starts with the root.
#pragma once

#include "decode/draft_tree.h"
#include "decode/model_session.h"
#include "decode/strategy.h"
#include "decode/verify.h"

namespace specscope {

// The records of a verified round, shared by every speculative method:
// the emitted tokens (accepted nodes, then the correction or bonus token)
// with the target's statistics from `logits` ([N, V], row i after node i),
// and the tree's nodes with their verdicts. `context` is the sequence before
// the round; `plain` marks a round with no draft (its token is a Target token).
std::vector<TokenRecord> round_token_records(const StrategyContext& ctx, const DraftTree& tree, const VerifyResult& v,
                                             const at::Tensor& logits, const std::vector<int64_t>& context,
                                             int step_index, bool plain);
std::vector<TreeNodeRecord> round_tree_records(const StrategyContext& ctx, const DraftTree& tree, const VerifyResult& v,
                                             int step_index);

class SpeculativeStrategy : public Strategy {
public:
    explicit SpeculativeStrategy(const StrategyContext& ctx);

    double start(const std::vector<int64_t>& prompt) override;
    StepEvent step() override;
    const std::vector<int64_t>& context() const override { return context_; }

protected:
    // Builds this step's draft tree rooted at context_.back().
    virtual DraftTree draft() = 0;
    // Told how the round went (adaptive draft lengths).
    virtual void after_round(int /*drafted*/, int /*accepted*/) {}

    // A draft model's next-token distribution at temperature 1 (for display,
    // confidence and scores), summarised in one pass over the CPU copy: the
    // drafting loop is latency-bound, and a handful of small tensor ops per
    // token would cost more than the loop.
    struct DraftDist {
        at::Tensor probs;  // [V] CPU fp32, contiguous
        float max = 0;
        int64_t argmax = 0;
        float entropy = 0;  // bits
        float p(int64_t x) const { return probs.data_ptr<float>()[x]; }
        std::vector<int64_t> top(int k) const;  // ids of the k most likely, best first
    };
    static DraftDist analyze(const at::Tensor& logits_row);

    // The next `k` distinct children of `node`: top-k under greedy decoding,
    // draws without replacement from the sampling distribution otherwise
    // (stored into tree.q[node] for verification).
    std::vector<int64_t> pick_children(DraftTree& tree, int node, const at::Tensor& logits_row, const DraftDist& dist,
                                       int k);

    // Runs the draft model over tree `nodes` (all of one depth) whose
    // ancestors other than the root were forwarded before (their cache rows
    // in draft_rows). Rows stay in the draft cache until the caller truncates
    // it back to the context. -> logits [T, V].
    at::Tensor draft_forward_nodes(const DraftTree& tree, const std::vector<int>& nodes, std::vector<int64_t>& draft_rows);

    StrategyContext ctx_;
    Sampler sampler_;
    std::vector<int64_t> context_;
    KVCache target_cache_;
    std::unique_ptr<ModelSession> draft_;  // set when ctx_.draft is given

private:
    int step_index_ = 0;
};

} // namespace specscope
