// Tree speculation with a draft model, verified in one target forward with a
// tree attention mask.
//
// tree-static: a fixed shape given as paths of top-k ranks (Medusa style):
//   [[0],[1],[0,0]] = the draft's best two tokens after the root, and the
//   best token after the first of them. Under sampling, rank r is the r-th
//   draw without replacement (so verification stays lossless).
// tree-dynamic: EAGLE-2's tree: expand the top_k frontier nodes by
//   cumulative draft log-probability for `depth` levels, top_k children
//   each, then keep the best total_tokens - 1 nodes.
#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <sstream>

#include "decode/sampler.h"
#include "decode/speculative.h"
#include "decode/strategies.h"
#include "util/error.h"

namespace specscope {
namespace {

// The shipped default: 15 nodes, depth 4, wide near the root where the
// draft is least sure which of its top tokens the target wants.
const char* kDefaultTree = "[[0],[1],[2],[3],[0,0],[0,1],[0,2],[1,0],[1,1],[2,0],[0,0,0],[0,0,1],[0,1,0],[1,0,0],[0,0,0,0]]";

struct ShapeNode {
    int parent = -1;  // index into the shape; -1 for the root
    int rank = 0;
    int depth = 0;
    int max_child_rank = -1;
};

// Parses and checks the shape; node 0 is the root. Nodes are ordered by depth.
std::vector<ShapeNode> parse_shape(const std::string& text) {
    const std::string who = "strategy 'tree-static': parameter 'tree'";
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text == "default" ? kDefaultTree : text);
    } catch (const nlohmann::json::parse_error&) {
        throw Error("", who + " must be 'default' or a JSON list of rank paths like [[0],[1],[0,0]]");
    }
    if (!j.is_array() || j.empty()) throw Error("", who + " must be a non-empty list of rank paths");
    std::vector<std::vector<int>> paths;
    for (const auto& p : j) {
        if (!p.is_array() || p.empty() || p.size() > 32)
            throw Error("", who + ": every path must be a list of 1 to 32 ranks, got " + p.dump());
        std::vector<int> path;
        for (const auto& r : p) {
            if (!r.is_number_integer() || r.get<int>() < 0 || r.get<int>() > 63)
                throw Error("", who + ": ranks must be integers in [0, 63], got " + p.dump());
            path.push_back(r.get<int>());
        }
        paths.push_back(path);
    }
    std::sort(paths.begin(), paths.end(), [](const auto& a, const auto& b) {
        return a.size() != b.size() ? a.size() < b.size() : a < b;
    });
    std::map<std::vector<int>, int> index = {{{}, 0}};
    std::vector<ShapeNode> shape(1);
    for (const auto& path : paths) {
        std::string shown = nlohmann::json(path).dump();
        if (index.count(path)) throw Error("", who + ": path " + shown + " appears twice");
        std::vector<int> parent_path(path.begin(), path.end() - 1);
        auto it = index.find(parent_path);
        if (it == index.end()) throw Error("", who + ": path " + shown + " has no parent path in the tree");
        ShapeNode node{it->second, path.back(), static_cast<int>(path.size()), -1};
        index[path] = static_cast<int>(shape.size());
        shape.push_back(node);
        shape[node.parent].max_child_rank = std::max(shape[node.parent].max_child_rank, node.rank);
    }
    // Ranks under a parent must be 0..k-1: drawing without replacement tries
    // children in rank order, and a missing rank would skip a draw.
    for (size_t i = 0; i < shape.size(); ++i) {
        int children = 0;
        for (const auto& s : shape) children += s.parent == static_cast<int>(i);
        if (children != shape[i].max_child_rank + 1)
            throw Error("", who + ": the ranks under each node must be 0, 1, ..., k-1 without gaps");
    }
    return shape;
}

class TreeStaticStrategy : public SpeculativeStrategy {
public:
    TreeStaticStrategy(const StrategyContext& ctx, const nlohmann::json& p)
        : SpeculativeStrategy(ctx), shape_(parse_shape(p["tree"].get<std::string>())) {
        for (const auto& s : shape_) depth_ = std::max(depth_, s.depth);
    }

protected:
    DraftTree draft() override {
        DraftTree tree(context_.back());
        std::vector<int> node_of(shape_.size(), -1);  // shape index -> tree node
        std::vector<at::Tensor> logits_of(shape_.size());
        node_of[0] = 0;
        logits_of[0] = draft_->sync(context_);  // [V]
        std::vector<int64_t> rows;
        for (int d = 1; d <= depth_; ++d) {
            std::vector<int> forward_nodes, forward_shapes;
            for (size_t s = 0; s < shape_.size(); ++s) {
                if (shape_[s].depth != d - 1 || node_of[s] < 0 || shape_[s].max_child_rank < 0) continue;
                const DraftDist dist = analyze(logits_of[s]);
                auto picks = pick_children(tree, node_of[s], logits_of[s], dist, shape_[s].max_child_rank + 1);
                for (size_t c = 0; c < shape_.size(); ++c) {
                    if (shape_[c].parent != static_cast<int>(s) || shape_[c].rank >= static_cast<int>(picks.size()))
                        continue;
                    const int64_t x = picks[shape_[c].rank];
                    node_of[c] = tree.add(node_of[s], x, dist.p(x), dist.entropy);
                    if (shape_[c].max_child_rank >= 0 && d < depth_) {
                        forward_nodes.push_back(node_of[c]);
                        forward_shapes.push_back(static_cast<int>(c));
                    }
                }
            }
            if (forward_nodes.empty()) break;
            at::Tensor logits = draft_forward_nodes(tree, forward_nodes, rows);  // [T, V]
            for (size_t i = 0; i < forward_shapes.size(); ++i) logits_of[forward_shapes[i]] = logits[i];
        }
        draft_->truncate(draft_->length());  // drop the tree rows, keep the context
        tree.draft_length = depth_;
        tree.draft_reason = "static tree: " + std::to_string(shape_.size() - 1) + " nodes, depth " + std::to_string(depth_);
        return tree;
    }

private:
    std::vector<ShapeNode> shape_;
    int depth_ = 0;
};

class TreeDynamicStrategy : public SpeculativeStrategy {
public:
    TreeDynamicStrategy(const StrategyContext& ctx, const nlohmann::json& p)
        : SpeculativeStrategy(ctx), total_(p["total_tokens"].get<int>()), depth_(p["depth"].get<int>()),
          top_k_(p["top_k"].get<int>()) {}

protected:
    DraftTree draft() override {
        // Grow a candidate tree, then keep the best total_tokens - 1 nodes.
        DraftTree all(context_.back());
        std::vector<double> score = {0.0};  // cumulative draft log-probability
        std::vector<int> frontier = {0};
        std::vector<at::Tensor> logits_of = {draft_->sync(context_)};
        std::vector<int64_t> rows;
        const bool sampling = !sampler_.params().greedy();
        for (int d = 1; d <= depth_ && !frontier.empty(); ++d) {
            std::vector<int> fresh;
            for (int node : frontier) {
                const DraftDist dist = analyze(logits_of[node]);
                // Under sampling a child's score must not depend on the token
                // drawn: keeping a draw because of its own value would bias the
                // draws and verification would no longer be lossless. So the
                // i-th draw scores as the i-th most likely token would, which
                // also keeps the kept children a prefix of the draw order.
                const std::vector<int64_t> ranked = sampling ? dist.top(top_k_) : std::vector<int64_t>();
                int rank = 0;
                for (int64_t x : pick_children(all, node, logits_of[node], dist, top_k_)) {
                    const double p = sampling ? dist.p(ranked[rank]) : dist.p(x);
                    ++rank;
                    fresh.push_back(all.add(node, x, dist.p(x), dist.entropy));
                    score.push_back(score[node] + std::log(std::max(1e-30, p)));
                    logits_of.emplace_back();
                }
            }
            if (d == depth_) break;
            // The next frontier: the top_k new nodes by score (stable: draw order breaks ties).
            std::stable_sort(fresh.begin(), fresh.end(), [&](int a, int b) { return score[a] > score[b]; });
            if (static_cast<int>(fresh.size()) > top_k_) fresh.resize(top_k_);
            std::sort(fresh.begin(), fresh.end());
            at::Tensor logits = draft_forward_nodes(all, fresh, rows);  // [T, V]
            for (size_t i = 0; i < fresh.size(); ++i) logits_of[fresh[i]] = logits[i];
            frontier = fresh;
        }
        draft_->truncate(draft_->length());

        // Keep the best nodes. A parent scores >= its children and is older,
        // so the (score desc, creation order) ranking keeps a connected tree.
        std::vector<int> order(all.size() - 1);
        std::iota(order.begin(), order.end(), 1);
        std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return score[a] > score[b]; });
        if (static_cast<int>(order.size()) > total_ - 1) order.resize(total_ - 1);
        std::sort(order.begin(), order.end());  // creation order: parents before children
        DraftTree tree(context_.back());
        std::vector<int> new_index(all.size(), -1);
        new_index[0] = 0;
        tree.q[0] = all.q[0];
        for (int old : order) {
            new_index[old] = tree.add(new_index[all.parent[old]], all.token[old], all.p_draft[old], all.entropy_draft[old]);
            tree.q[new_index[old]] = all.q[old];
        }
        int depth = 0;
        for (int d : tree.depth) depth = std::max(depth, d);
        tree.draft_length = depth;
        std::ostringstream why;
        why << "dynamic tree: kept " << tree.size() - 1 << " of " << all.size() - 1 << " candidates, depth " << depth;
        tree.draft_reason = why.str();
        return tree;
    }

private:
    int total_, depth_, top_k_;
};

} // namespace

StrategyInfo tree_static_strategy_info() {
    StrategyInfo info;
    info.name = "tree-static";
    info.description = "A fixed tree of the draft's top-ranked tokens, verified in one target forward.";
    info.needs_draft = true;
    info.params = {{"tree", ParamSpec::Type::Text, "default", 0, 0, {},
                    "'default' or rank paths as JSON, e.g. [[0],[1],[0,0]]"}};
    info.make = [](const StrategyContext& ctx, const nlohmann::json& p) {
        return std::make_unique<TreeStaticStrategy>(ctx, p);
    };
    return info;
}

StrategyInfo tree_dynamic_strategy_info() {
    StrategyInfo info;
    info.name = "tree-dynamic";
    info.description = "EAGLE-2-style tree grown by cumulative draft probability, verified in one target forward.";
    info.needs_draft = true;
    info.params = {
        {"total_tokens", ParamSpec::Type::Int, 60, 2, 512, {}, "tree size, root included"},
        {"depth", ParamSpec::Type::Int, 6, 1, 32, {}, "levels to grow"},
        {"top_k", ParamSpec::Type::Int, 10, 1, 64, {}, "children per expanded node and nodes expanded per level"},
    };
    info.make = [](const StrategyContext& ctx, const nlohmann::json& p) {
        return std::make_unique<TreeDynamicStrategy>(ctx, p);
    };
    return info;
}

} // namespace specscope
