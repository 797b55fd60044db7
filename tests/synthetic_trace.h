// A synthetic run trace with known contents, for the view tests and the
// view benchmark: no model needed. Every number is a simple function of the
// step or position, so a test can compute what a view must show.
//
// Step s (0-based) is a draft/verify round with a chain of `gamma` drafted
// tokens of which accepted(s) = s % (gamma + 1) are accepted; it emits the
// accepted tokens, then a correction (or a bonus when all were accepted).
// Its tree has the root (node 0) and gamma chain nodes: the first accepted(s)
// nodes Accepted, the next one Rejected (if any), the rest NotReached.
// With `layers` > 0 every emitted token has one LayerRecord per layer:
// route "draft" below layer layers/4 (at least 1), "verify" above;
// lens_entropy = layers - layer (bits), top1_agree = 1 from layer layers/2 on.
#pragma once

#include "trace/run_trace.h"

namespace specscope::testing {

struct SyntheticSpec {
    int steps = 20;
    int gamma = 4;
    int layers = 0;        // per-layer records per emitted token (0: none)
    int prompt_tokens = 5;
    std::string strategy = "sps";
};

int synthetic_accepted(const SyntheticSpec& spec, int step);  // accepted(s)
RunTrace make_synthetic_trace(const SyntheticSpec& spec = {});

} // namespace specscope::testing
