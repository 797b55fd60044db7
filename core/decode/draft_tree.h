// A step's draft: a tree whose node 0 is the root (the last emitted token,
// not yet seen by the target) and whose other nodes are drafted tokens, each
// after its parent. A chain is the tree where every parent is the previous
// node. Parents always come before their children.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <ATen/ATen.h>

#include "trace/events.h"

namespace specscope {

struct DraftTree {
    std::vector<int64_t> token;
    std::vector<int> parent;           // parent[0] = -1
    std::vector<int> depth;            // depth[0] = 0
    std::vector<float> p_draft;        // draft probability (temperature 1) of the token at its parent
    std::vector<float> entropy_draft;  // entropy (bits) of the draft distribution at its parent
    // Per node: the draft's sampling distribution its children were drawn
    // from, [V] CPU fp32. Needed for lossless sampling verification; left
    // undefined under greedy decoding.
    std::vector<at::Tensor> q;
    int draft_length = 0;              // as the policy decided (chain length, tree depth)
    std::string draft_reason;          // why the draft is this long

    explicit DraftTree(int64_t root) { add(-1, root, kNoValue, kNoValue); }
    int size() const { return static_cast<int>(token.size()); }
    int add(int parent_node, int64_t tok, float p, float entropy) {
        token.push_back(tok);
        parent.push_back(parent_node);
        depth.push_back(parent_node < 0 ? 0 : depth[parent_node] + 1);
        p_draft.push_back(p);
        entropy_draft.push_back(entropy);
        q.emplace_back();
        return size() - 1;
    }
    bool is_chain() const {
        for (int i = 1; i < size(); ++i)
            if (parent[i] != i - 1) return false;
        return true;
    }
    std::vector<int> children(int node) const {
        std::vector<int> out;
        for (int i = node + 1; i < size(); ++i)
            if (parent[i] == node) out.push_back(i);
        return out;
    }
    // [N, N] bool: node i may attend to node j iff j is i or an ancestor of i.
    at::Tensor ancestor_mask() const {
        at::Tensor m = at::zeros({size(), size()}, at::kBool);
        auto a = m.accessor<bool, 2>();
        for (int i = 0; i < size(); ++i)
            for (int j = i; j >= 0; j = parent[j]) a[i][j] = true;
        return m;
    }
};

} // namespace specscope
