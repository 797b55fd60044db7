#include "decode/speculative.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

#include "model/tokenizer.h"

namespace specscope {
namespace {

using clock_type = std::chrono::steady_clock;
int64_t micros(clock_type::time_point a, clock_type::time_point b) {
    return std::chrono::duration_cast<std::chrono::microseconds>(b - a).count();
}

} // namespace


std::vector<TokenRecord> round_token_records(const StrategyContext& ctx, const DraftTree& tree, const VerifyResult& v,
                                             const at::Tensor& logits, const std::vector<int64_t>& context,
                                             int step_index, bool plain) {
    // Emitted tokens come from the rows of the root and the accepted nodes.
    std::vector<int> rows = {0};
    rows.insert(rows.end(), v.path.begin(), v.path.end());
    std::vector<int64_t> emitted;
    for (int node : v.path) emitted.push_back(tree.token[node]);
    emitted.push_back(v.next_token);
    // Target statistics of the emitted tokens (temperature 1): one softmax
    // over their rows, then plain loops over the CPU copy.
    at::Tensor idx = at::tensor(std::vector<int64_t>(rows.begin(), rows.end()), at::kLong).to(logits.device());
    const at::Tensor rows_logits = logits.index_select(0, idx).to(at::kCPU, at::kFloat).contiguous();  // [k+1, V]
    at::Tensor probs = at::softmax(rows_logits, -1).contiguous();                                    // [k+1, V]
    const int64_t vocab = probs.size(1);
    std::vector<TokenRecord> out;
    for (size_t i = 0; i < emitted.size(); ++i) {
        const float* p = probs.data_ptr<float>() + i * vocab;
        TokenRecord t;
        t.position = static_cast<int64_t>(context.size() + i);
        t.id = static_cast<int32_t>(emitted[i]);
        t.text = ctx.tokenizer ? ctx.tokenizer->decode({t.id}) : std::string();
        t.step = step_index;
        t.p_target = p[emitted[i]];
        t.entropy_target = entropy_bits(p, rows_logits.data_ptr<float>() + i * vocab, vocab);
        // The 5 most likely alternatives, by insertion into a short list.
        for (int64_t id = 0; id < vocab; ++id) {
            if (t.top_k.size() == 5 && p[id] <= t.top_k.back().p) continue;
            auto at = std::find_if(t.top_k.begin(), t.top_k.end(), [&](const TopKEntry& e) { return p[id] > e.p; });
            t.top_k.insert(at, {static_cast<int32_t>(id), p[id], {}});
            if (t.top_k.size() > 5) t.top_k.pop_back();
        }
        if (ctx.tokenizer)
            for (TopKEntry& k : t.top_k) k.text = ctx.tokenizer->decode({k.id});
        if (i < v.path.size()) {
            const int node = v.path[i];
            t.source = TokenSource::AcceptedDraft;
            t.p_draft = tree.p_draft[node];
            t.entropy_draft = tree.entropy_draft[node];
            t.accept_prob = v.accept_prob[node];
        } else {
            t.source = plain ? TokenSource::Target : v.bonus ? TokenSource::Bonus : TokenSource::Correction;
        }
        out.push_back(std::move(t));
    }
    return out;
}

std::vector<TreeNodeRecord> round_tree_records(const StrategyContext& ctx, const DraftTree& tree, const VerifyResult& v,
                                             int step_index) {
    std::vector<TreeNodeRecord> out;
    for (int i = 0; i < tree.size(); ++i) {
        TreeNodeRecord r;
        r.step = step_index;
        r.node = i;
        r.parent = tree.parent[i];
        r.token = static_cast<int32_t>(tree.token[i]);
        r.depth = tree.depth[i];
        r.p_draft = tree.p_draft[i];
        r.verdict = v.verdict[i];
        // Rejected and unreached drafts are never emitted: their text lives only here.
        if (ctx.tokenizer) r.text = ctx.tokenizer->decode({r.token});
        out.push_back(r);
    }
    return out;
}

SpeculativeStrategy::SpeculativeStrategy(const StrategyContext& ctx)
    : ctx_(ctx), sampler_(ctx.sampling), target_cache_(ctx.target->new_cache(512)) {
    if (ctx.draft) draft_ = std::make_unique<ModelSession>(*ctx.draft);
}

double SpeculativeStrategy::start(const std::vector<int64_t>& prompt) {
    auto t0 = clock_type::now();
    context_ = prompt;
    // Everything but the root goes into the target's cache now (prefill);
    // the draft model catches up on its first sync.
    if (prompt.size() > 1) ctx_.target->forward({prompt.begin(), prompt.end() - 1}, target_cache_);
    if (draft_ && prompt.size() > 1) draft_->sync(prompt, static_cast<int64_t>(prompt.size()) - 1);
    return std::chrono::duration<double>(clock_type::now() - t0).count();
}

SpeculativeStrategy::DraftDist SpeculativeStrategy::analyze(const at::Tensor& logits_row) {
    DraftDist d;
    const at::Tensor logits = logits_row.to(at::kCPU, at::kFloat).contiguous();
    d.probs = at::softmax(logits, -1).contiguous();
    const float* p = d.probs.data_ptr<float>();
    const int64_t n = d.probs.size(0);
    for (int64_t i = 0; i < n; ++i)
        if (p[i] > d.max) {
            d.max = p[i];
            d.argmax = i;
        }
    d.entropy = entropy_bits(p, logits.data_ptr<float>(), n);
    return d;
}

std::vector<int64_t> SpeculativeStrategy::DraftDist::top(int k) const {
    if (k == 1) return {argmax};
    const float* p = probs.data_ptr<float>();
    const int64_t n = probs.size(0);
    k = static_cast<int>(std::min<int64_t>(k, n));
    // One pass with a short sorted list (a tree draft asks this of every
    // node: sorting the whole vocabulary each time cost more than the draft
    // model's forward). Ties go to the lower id, as argmax does: ids arrive
    // in increasing order and an equal probability is inserted after.
    std::vector<int64_t> ids;
    ids.reserve(k + 1);
    for (int64_t id = 0; id < n; ++id) {
        if (static_cast<int>(ids.size()) == k && p[id] <= p[ids.back()]) continue;
        auto at = std::find_if(ids.begin(), ids.end(), [&](int64_t e) { return p[e] < p[id]; });
        ids.insert(at, id);
        if (static_cast<int>(ids.size()) > k) ids.pop_back();
    }
    return ids;
}

std::vector<int64_t> SpeculativeStrategy::pick_children(DraftTree& tree, int node, const at::Tensor& logits_row,
                                                        const DraftDist& dist, int k) {
    k = static_cast<int>(std::min<int64_t>(k, logits_row.size(0)));
    if (sampler_.params().greedy()) return dist.top(k);
    std::vector<int64_t> out;
    at::Tensor q = sampling_distribution(logits_row, sampler_.params());
    tree.q[node] = q;
    at::Tensor remaining = q.clone();
    float* r = remaining.data_ptr<float>();
    for (int i = 0; i < k; ++i) {
        double mass = 0;
        for (int64_t j = 0; j < remaining.size(0); ++j) mass += r[j];
        if (mass <= 0) break;  // fewer than k tokens have mass
        const int64_t x = sampler_.sample_from(remaining);
        out.push_back(x);
        r[x] = 0.0f;
    }
    return out;
}

at::Tensor SpeculativeStrategy::draft_forward_nodes(const DraftTree& tree, const std::vector<int>& nodes,
                                                   std::vector<int64_t>& draft_rows) {
    KVCache& cache = draft_->cache();
    const int64_t chain = draft_->length();  // context rows, the root's included
    const int64_t before = cache.length();
    const int64_t t = static_cast<int64_t>(nodes.size());
    draft_rows.resize(tree.size(), -1);
    draft_rows[0] = chain - 1;
    at::Tensor mask = at::zeros({t, before + t}, at::kBool);
    mask.narrow(1, 0, chain).fill_(true);
    auto m = mask.accessor<bool, 2>();  // element writes through ATen indexing cost an op each
    std::vector<int64_t> tokens, positions;
    const int64_t n = static_cast<int64_t>(context_.size());
    for (int64_t i = 0; i < t; ++i) {
        const int node = nodes[i];
        tokens.push_back(tree.token[node]);
        positions.push_back(n - 1 + tree.depth[node]);
        m[i][before + i] = true;
        for (int a = tree.parent[node]; a > 0; a = tree.parent[a]) m[i][draft_rows[a]] = true;
        draft_rows[node] = before + i;
    }
    return ctx_.draft->forward(tokens, cache, mask, positions);
}

StepEvent SpeculativeStrategy::step() {
    StepEvent ev;
    const auto t0 = clock_type::now();
    DraftTree tree = draft();
    const auto t1 = clock_type::now();

    // One target forward over root + draft. Rows of the cache: [0, n-1) the
    // prefix, n-1 the root, n-1+i node i.
    const int64_t n = static_cast<int64_t>(context_.size());
    std::vector<int64_t> positions;
    for (int i = 0; i < tree.size(); ++i) positions.push_back(n - 1 + tree.depth[i]);
    at::Tensor mask = tree.is_chain() ? at::Tensor() : tree.ancestor_mask();
    at::Tensor logits = ctx_.target->forward(tree.token, target_cache_, mask, positions);  // [N, V]
    VerifyResult v = verify_tree(tree, logits, sampler_);

    std::vector<int64_t> keep;
    for (int64_t r = 0; r < n; ++r) keep.push_back(r);
    for (int node : v.path) keep.push_back(n - 1 + node);
    target_cache_.keep_rows(keep);

    const bool plain = tree.size() == 1;
    std::vector<int64_t> emitted;
    for (int node : v.path) emitted.push_back(tree.token[node]);
    emitted.push_back(v.next_token);
    const auto t2 = clock_type::now();
    ev.tokens = round_token_records(ctx_, tree, v, logits, context_, step_index_, plain);
    if (!plain) ev.tree = round_tree_records(ctx_, tree, v, step_index_);
    context_.insert(context_.end(), emitted.begin(), emitted.end());

    StepRecord& s = ev.step;
    s.index = step_index_++;
    s.kind = plain && tree.draft_reason.empty() ? "ar" : "verify";
    s.draft_us = micros(t0, t1);
    s.verify_us = micros(t1, t2);
    s.drafted = tree.size() - 1;
    s.accepted = static_cast<int>(v.path.size());
    for (int64_t e : emitted) s.emitted.push_back(static_cast<int32_t>(e));
    s.draft_length = tree.draft_length;
    s.draft_reason = tree.draft_reason;
    after_round(s.drafted, s.accepted);
    return ev;
}

} // namespace specscope
