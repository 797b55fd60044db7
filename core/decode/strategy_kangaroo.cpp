// Kangaroo (ALGORITHMS.md §3): lossless self-speculative decoding by double
// early exit. The draft model is the target's own first ℓ layers plus a
// small adapter (model/kangaroo_adapter.h):
//
//   drafting, per token:  embed -> layers [0, ℓ) (cached, state h_ℓ kept)
//                         -> adapter -> LM head -> next draft token;
//                         stop when its probability < η (second exit) or at γ
//   verification:         layers [ℓ, L) over the kept h_ℓ of root + drafts
//                         (the shallow layers never run twice for a token),
//                         then greedy or lossless rejection as in sps.
//
// Caches between steps hold the context minus its last token (the root) in
// every target layer; the adapter's cache may lag by the last accepted draft
// token, whose h_ℓ waits in pending_ until the next drafting.
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "decode/speculative.h"
#include "decode/strategies.h"
#include "model/kangaroo_adapter.h"
#include "util/error.h"

namespace specscope {
namespace {

using clock_type = std::chrono::steady_clock;
int64_t micros(clock_type::time_point a, clock_type::time_point b) {
    return std::chrono::duration_cast<std::chrono::microseconds>(b - a).count();
}

KangarooAdapter load_for(const StrategyContext& ctx, const nlohmann::json& params) {
    const std::string given = params.value("adapter", "");
    int layer = params.value("exit_layer", 0);
    if (!given.empty()) {
        // A stem path or its .json file.
        std::string stem = given;
        if (stem.size() > 5 && stem.substr(stem.size() - 5) == ".json") stem.resize(stem.size() - 5);
        KangarooAdapter a = load_kangaroo_adapter(stem, *ctx.target);
        if (layer != 0 && layer != a.exit_layer)
            throw Error(a.path, "the adapter exits at layer " + std::to_string(a.exit_layer) + ", not " +
                                    std::to_string(layer));
        return a;
    }
    if (ctx.target_dir.empty())
        throw Error("", "kangaroo needs an adapter: pass --param adapter=PATH (no target directory is known)");
    if (layer == 0) layer = kangaroo_default_exit_layer(ctx.target_dir);
    if (layer == 0)
        throw Error(ctx.target_dir + "/kangaroo", "no default Kangaroo adapter for this target: train one with "
                                                  "`specscope-cli train-adapter --method kangaroo` or pass exit_layer");
    const int L = ctx.target->num_layers();
    if (layer < 1 || layer >= L)
        throw Error("", "exit_layer " + std::to_string(layer) + " is out of range for a target with " +
                            std::to_string(L) + " layers (1.." + std::to_string(L - 1) + ")");
    return load_kangaroo_adapter(kangaroo_adapter_stem(ctx.target_dir, layer), *ctx.target);
}

class KangarooStrategy : public SpeculativeStrategy {
public:
    KangarooStrategy(const StrategyContext& ctx, const nlohmann::json& params)
        : SpeculativeStrategy(ctx),
          adapter_(load_for(ctx, params)),
          exit_(adapter_.exit_layer),
          eta_(params.at("threshold").get<double>()),
          gamma_(params.at("gamma").get<int>()),
          adapter_cache_(adapter_.model->new_cache(512)) {}

    double start(const std::vector<int64_t>& prompt) override {
        const auto t0 = clock_type::now();
        context_ = prompt;
        if (prompt.size() > 1) {
            std::vector<int64_t> ids(prompt.begin(), prompt.end() - 1), pos;
            for (size_t i = 0; i < ids.size(); ++i) pos.push_back(static_cast<int64_t>(i));
            at::Tensor h = ctx_.target->run_layers(0, exit_, ctx_.target->embed(ids, pos), pos, target_cache_);
            ctx_.target->run_layers(exit_, ctx_.target->num_layers(), h, pos, target_cache_);
            adapter_.model->run_layers(0, 1, h, pos, adapter_cache_);
        }
        return std::chrono::duration<double>(clock_type::now() - t0).count();
    }

    StepEvent step() override;

protected:
    DraftTree draft() override;

private:
    // Layers [0, ℓ) for one token at `pos`, appended to the target's cache. -> h_ℓ [1, D]
    at::Tensor shallow(int64_t token, int64_t pos) {
        return ctx_.target->run_layers(0, exit_, ctx_.target->embed({token}, {pos}), {pos}, target_cache_);
    }

    KangarooAdapter adapter_;
    int exit_;
    double eta_;
    int gamma_;
    KVCache adapter_cache_;
    std::vector<at::Tensor> states_;   // this round's h_ℓ: root, d1, ... (as far as drafted)
    at::Tensor pending_;               // [1, D] h_ℓ of an accepted token the adapter has not seen
    int64_t pending_pos_ = -1;
    int round_ = 0;
};

DraftTree KangarooStrategy::draft() {
    const int64_t n = static_cast<int64_t>(context_.size());
    DraftTree tree(context_.back());
    states_.clear();
    int node = 0;
    while (true) {
        const int64_t pos = n - 1 + tree.depth[node];
        at::Tensor s = shallow(tree.token[node], pos);  // [1, D]
        states_.push_back(s);
        // The adapter sees the lagging state first (if any), then this one.
        at::Tensor in = s;
        std::vector<int64_t> positions = {pos};
        if (pending_.defined()) {
            in = at::cat({pending_, s});
            positions.insert(positions.begin(), pending_pos_);
            pending_ = at::Tensor();
        }
        at::Tensor a = adapter_.model->run_layers(0, 1, in, positions, adapter_cache_);
        at::Tensor logits = adapter_.model->logits(a.narrow(0, a.size(0) - 1, 1))[0];  // [V]
        const DraftDist dist = analyze(logits);
        const int64_t x = pick_children(tree, node, logits, dist, 1).at(0);
        node = tree.add(node, x, dist.p(x), dist.entropy);
        const int drafted = tree.size() - 1;
        char reason[96];
        if (dist.max < eta_) {  // the second early exit: the low-confidence token stays in the draft
            std::snprintf(reason, sizeof reason, "confidence %.2f < η %.2f at token %d", dist.max, eta_, drafted);
            tree.draft_reason = reason;
            break;
        }
        if (drafted >= gamma_) {
            std::snprintf(reason, sizeof reason, "γ=%d reached (confidence %.2f)", gamma_, dist.max);
            tree.draft_reason = reason;
            break;
        }
    }
    tree.draft_length = tree.size() - 1;
    return tree;
}

StepEvent KangarooStrategy::step() {
    StepEvent ev;
    const auto t0 = clock_type::now();
    DraftTree tree = draft();
    const auto t1 = clock_type::now();
    const int64_t n = static_cast<int64_t>(context_.size());
    const int k = tree.size() - 1;
    const int L = ctx_.target->num_layers();

    // Verification: the last draft token's shallow layers (the only shallow
    // work of this phase), then layers [ℓ, L) over every kept h_ℓ.
    states_.push_back(shallow(tree.token[k], n - 1 + k));
    std::vector<int64_t> positions;
    for (int i = 0; i <= k; ++i) positions.push_back(n - 1 + i);
    at::Tensor deep = ctx_.target->run_layers(exit_, L, at::cat(states_), positions, target_cache_);  // [k+1, D]
    at::Tensor logits = ctx_.target->logits(deep);                                                     // [k+1, V]
    VerifyResult v = verify_tree(tree, logits, sampler_);
    const int a = static_cast<int>(v.path.size());

    // Keep the prefix, the root and the accepted drafts in every cache.
    target_cache_.truncate(n + a);
    if (adapter_cache_.length(0) > n + a) adapter_cache_.truncate(n + a);
    if (a == k) {  // the adapter never saw the last draft token's state: it catches up next round
        pending_ = states_.back();
        pending_pos_ = n - 1 + k;
    }
    std::vector<int64_t> emitted;
    for (int node : v.path) emitted.push_back(tree.token[node]);
    emitted.push_back(v.next_token);
    const auto t2 = clock_type::now();

    ev.tokens = round_token_records(ctx_, tree, v, logits, context_, round_, false);
    for (int i = 0; i < a; ++i) ev.tokens[i].exit_layer = exit_;  // drafted from the shallow exit
    ev.tree = round_tree_records(ctx_, tree, v, round_);
    // Which layers ran where, for the positions this round kept (root and
    // accepted drafts): shallow layers while drafting (the last draft token's
    // during verification), deep layers during verification.
    for (int i = 0; i <= a; ++i)
        for (int layer = 0; layer < L; ++layer) {
            LayerRecord r;
            r.position = n - 1 + i;
            r.layer = layer;
            r.route = layer >= exit_ || i == k ? "verify" : "draft";
            ev.layers.push_back(r);
        }
    context_.insert(context_.end(), emitted.begin(), emitted.end());

    StepRecord& s = ev.step;
    s.index = round_++;
    s.kind = "verify";
    s.draft_us = micros(t0, t1);
    s.verify_us = micros(t1, t2);
    s.drafted = k;
    s.accepted = a;
    for (int64_t e : emitted) s.emitted.push_back(static_cast<int32_t>(e));
    s.draft_length = k;
    // The shallow work verification did not repeat: ℓ layers for the root and k-1 drafts.
    s.draft_reason = tree.draft_reason + "; verification reused " + std::to_string(k) + "×" + std::to_string(exit_) +
                     " shallow layer passes";
    return ev;
}

} // namespace

StrategyInfo kangaroo_strategy_info() {
    StrategyInfo info;
    info.name = "kangaroo";
    info.description =
        "Kangaroo: the target's first layers plus a small trained adapter draft; drafting stops when the adapter's "
        "confidence drops below the threshold; verification runs only the remaining layers. Lossless.";
    info.needs_draft = false;
    info.params = {
        {"exit_layer", ParamSpec::Type::Int, 0, 0, 256, {}, "layer ℓ the draft exits at; 0 = the target's default adapter"},
        {"threshold", ParamSpec::Type::Double, 0.6, 0.0, 1.0, {}, "η: stop drafting when the adapter's top probability is below it"},
        {"gamma", ParamSpec::Type::Int, 6, 1, 32, {}, "the longest draft"},
        {"adapter", ParamSpec::Type::Text, "", 0, 0, {}, "adapter file (stem or .json); empty = <target>/kangaroo/adapter_l<ℓ>"},
    };
    info.make = [](const StrategyContext& ctx, const nlohmann::json& params) -> std::unique_ptr<Strategy> {
        return std::make_unique<KangarooStrategy>(ctx, params);
    };
    return info;
}

} // namespace specscope
