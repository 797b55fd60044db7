// A whole stored run in memory, as the trace store loads it and the
// exporters and the importer pass it around; and the one-line summary the
// run list shows. Plain structs, no SQLite.
#pragma once

#include "trace/events.h"

#include <cstdint>
#include <string>
#include <vector>

namespace specscope {

struct RunTrace {
    RunInfo info;
    std::vector<StepEvent> steps;            // in step order
    std::vector<TokenRecord> prompt_tokens;  // source Prompt, step -1, positions 0..n-1
};

// One row of the run list. For a run still marked "running" (being recorded,
// or killed before end_run) the numbers are computed from its stored steps.
struct RunSummary {
    int64_t id = 0;
    std::string name;
    std::string strategy;
    std::string status;
    int64_t started_at_ms = 0;
    int new_tokens = 0;
    double tau = 0;           // tokens per target forward
    double acceptance = 0;    // accepted / drafted
    double tokens_per_s = 0;
    std::string prompt;
};

// Totals as far as the steps go: what a run that never reached end_run did.
// wall_s is the end of the last step; prefill_s is unknown (0).
RunTotals totals_from_steps(const std::vector<StepEvent>& steps);

} // namespace specscope
