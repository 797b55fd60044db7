// Verification of a draft tree against the target, shared by every
// speculative method (a chain is a one-path tree).
//
// Greedy: from the root, descend to the child whose token is the target's
// argmax; at the first node with no such child emit the argmax (correction,
// or bonus when the node has no children at all).
//
// Sampling (lossless; SpecInfer's recursive rejection, with children drawn
// from q without replacement): at a node with target distribution p, try
// its children in draw order: accept x with probability min(1, p(x)/q(x))
// and descend; otherwise p <- norm(max(0, p - q)) and q loses x
// (renormalised). If no child is accepted, sample from the final p.
#pragma once

#include <functional>
#include <vector>

#include <ATen/ATen.h>

#include "decode/draft_tree.h"
#include "decode/sampler.h"

namespace specscope {

struct VerifyResult {
    std::vector<int> path;           // accepted nodes, root excluded, in order
    int64_t next_token = 0;          // the correction or bonus token
    bool bonus = false;              // true when the last accepted node had no children to try
    std::vector<Verdict> verdict;    // per node (root: Accepted)
    std::vector<float> accept_prob;  // per node: min(1, p/q) when tried under sampling; 1/0 under greedy
};

// `target_logits`: [N, V] fp32, row i = the target's logits after node i.
VerifyResult verify_tree(const DraftTree& tree, const at::Tensor& target_logits, Sampler& sampler);

} // namespace specscope
