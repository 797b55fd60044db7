// One decoding run: a strategy driven step by step until enough tokens,
// an end-of-sequence token, or a cancel. The CLI, the bench and the GUI's
// worker all run methods through this class; the GUI pauses by simply not
// calling step() and steps by calling it once.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <vector>

#include "decode/strategy.h"
#include "trace/events.h"

namespace specscope {

struct RunOptions {
    int max_new_tokens = 64;
    std::vector<int64_t> stop_ids;  // the run ends after emitting one of these
};

class Run {
public:
    // `info` carries what the caller knows (models, prompt text, device...);
    // the run fills in strategy, params, sampling, totals and status.
    // `sink` (may be null) receives every step as it completes.
    Run(const StrategyContext& ctx, const std::string& strategy, const nlohmann::json& params, RunOptions options,
        RunInfo info, TraceSink* sink);

    void start(const std::vector<int64_t>& prompt_ids);  // prefill, begin_run
    // One step; returns false once the run is done (then the step did nothing).
    bool step();
    // Ends the run: "finished", "cancelled" or "failed" (with error).
    void finish(const std::string& status, const std::string& error = "");
    // start(), then step() until done or *cancel becomes true; then finish().
    void run_to_end(const std::vector<int64_t>& prompt_ids, const std::atomic<bool>* cancel = nullptr);

    bool done() const { return done_; }
    const RunInfo& info() const { return info_; }
    const std::vector<int64_t>& generated() const { return generated_; }
    const StepEvent& last_event() const { return last_; }

private:
    std::unique_ptr<Strategy> strategy_;
    int context_limit_ = 0;  // the target's max_position_embeddings
    RunOptions options_;
    RunInfo info_;
    TraceSink* sink_;
    std::vector<int64_t> generated_;
    StepEvent last_;
    std::chrono::steady_clock::time_point t0_;
    bool started_ = false;
    bool done_ = false;
    bool finished_ = false;
};

} // namespace specscope

namespace specscope {

class Tokenizer;

// The prompt as token records (source Prompt, step -1) with their texts, for
// stores and views.
std::vector<TokenRecord> prompt_records(const Tokenizer& tokenizer, const std::vector<int32_t>& ids);

} // namespace specscope
