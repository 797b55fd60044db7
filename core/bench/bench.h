// The prompt-suite benchmark (Spec-Bench conventions, ALGORITHMS.md §8):
// every prompt of a suite is run with `ar` and with each strategy in the same
// process; per category and overall we report tau (tokens per target
// forward), acceptance rate, tokens/s, speedup (mean tokens/s of the method
// over mean tokens/s of ar on the same prompts), and whether each greedy
// output is identical to ar's.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "decode/strategy.h"
#include "trace/events.h"

namespace specscope {

class Tokenizer;

struct SuitePrompt {
    std::string category;
    std::string prompt;
    int max_new_tokens = 64;
};

struct Suite {
    std::string name;
    std::vector<SuitePrompt> prompts;
};

// Reads a suite JSON: {"name": ..., "max_new_tokens": N, "prompts": [{"category":
// ..., "prompt": ..., "max_new_tokens"?: N}]}. Throws Error naming the file.
Suite load_suite(const std::string& path);

struct BenchEntry {
    std::string strategy;  // may carry parameters: "sps:gamma=3"
    nlohmann::json params = nlohmann::json::object();
};

// "sps", "sps:gamma=3:policy=heuristic" -> name + params.
BenchEntry parse_bench_entry(const std::string& text);

struct BenchRow {
    std::string strategy;      // label as given
    std::string category;      // "" = overall
    int prompts = 0;
    double tau = 0;
    double acceptance = 0;
    double tokens_per_s = 0;   // mean over prompts
    double speedup = 0;        // mean tokens/s / ar's mean tokens/s (same prompts)
    int identical = 0;         // prompts whose output equals ar's
    double traced_tokens_per_s = 0;  // with BenchOptions::compare_sink: mean tokens/s of the traced runs
    // Where a step's time goes, mean over steps: drafting, and the target's
    // forward with verification (for ar: one decode step). With tau they
    // give a method's cost per token: (draft + verify) / tau.
    double draft_ms_per_step = 0;
    double verify_ms_per_step = 0;
    // The tau at which this method's steps would match ar's speed:
    // (draft + verify) / ar's verify ms. Speedup is about tau / break_even_tau.
    double break_even_tau = 0;
};

struct BenchOptions {
    int repeats = 1;           // timed repeats per prompt (the mean is used)
    int warmup = 1;            // untimed runs of the first prompt per strategy
    TraceSink* sink = nullptr; // when set, every timed run is traced
    bool compare_sink = false; // run each twice, with and without `sink`, to measure what tracing costs
    std::function<void(const std::string&)> progress;  // one line per finished run
};

// Runs the suite. `ctx` gives models and sampling; strategies that need no
// draft get ctx.draft = nullptr. Always includes "ar" first.
std::vector<BenchRow> run_bench(const Suite& suite, const std::vector<BenchEntry>& entries, const StrategyContext& ctx,
                                const BenchOptions& options);

void print_bench_table(std::ostream& out, const std::vector<BenchRow>& rows);
nlohmann::json bench_rows_to_json(const std::vector<BenchRow>& rows);

} // namespace specscope
