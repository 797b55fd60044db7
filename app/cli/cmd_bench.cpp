// specscope-cli bench: a prompt suite through ar and the given strategies in
// one process (see core/bench/bench.h), with an optional measurement of what
// tracing costs.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "bench/bench.h"
#include "cli/cli_util.h"
#include "cli/commands.h"
#include "trace/trace_store.h"
#include "util/error.h"
#include "util/paths.h"
#include "util/system_info.h"

namespace specscope::cli {

namespace {

std::string default_suite() {
    for (const auto& dir : resource_dirs()) {
        const std::string p = dir + "/prompts/demo-suite.json";
        if (std::filesystem::exists(p)) return p;
    }
    throw UsageError("no --suite given and the bundled demo-suite.json was not found");
}

} // namespace

int cmd_bench(const std::vector<std::string>& argv) {
    Args args(argv, {"trace-cost", "quiet"});
    args.only({"suite", "strategies", "target", "draft", "json", "repeats", "warmup", "temperature", "top-k", "top-p",
               "seed", "dtype", "device", "trace-cost", "quiet", "max-new-tokens"});
    const Suite suite_in = load_suite(args.has("suite") ? args.str("suite", "") : default_suite());
    Suite suite = suite_in;
    if (args.has("max-new-tokens"))
        for (auto& p : suite.prompts) p.max_new_tokens = static_cast<int>(args.integer("max-new-tokens", 64, 1, 100000));
    std::vector<BenchEntry> entries;
    std::stringstream ss(args.str("strategies", "sps"));
    for (std::string item; std::getline(ss, item, ',');)
        if (!item.empty()) entries.push_back(parse_bench_entry(item));

    auto [target, draft] = load_models_from(args);
    for (const auto& e : entries)
        if (find_strategy(e.strategy).needs_draft && !draft.model)
            throw UsageError("strategy '" + e.strategy + "' needs --draft");
    StrategyContext ctx{target.model.get(), draft.model.get(), target.tokenizer.get(), sampling_from(args), target.dir};

    BenchOptions options;
    options.repeats = static_cast<int>(args.integer("repeats", 1, 1, 100));
    options.warmup = static_cast<int>(args.integer("warmup", 1, 0, 100));
    if (!args.has("quiet")) options.progress = [](const std::string& line) { std::cerr << line << "\n"; };

    const SystemInfo info = system_info();
    std::cout << "suite " << suite.name << ": " << suite.prompts.size() << " prompts; target " << target.dir
              << (draft.model ? "; draft " + draft.dir : std::string()) << "\nmachine: " << info.threads
              << " threads, " << info.blas_kind
              << (info.blas_kernels.empty() ? "" : " (" + info.blas_kernels.substr(0, info.blas_kernels.find(' ')) + ")")
              << "; sampling: "
              << (ctx.sampling.greedy() ? "greedy" : "temperature " + std::to_string(ctx.sampling.temperature))
              << "\n";
    // With --trace-cost every run is made twice, traced into a scratch store
    // and untraced, back to back.
    const std::string scratch = (std::filesystem::temp_directory_path() / "specscope-bench-trace.db").string();
    std::unique_ptr<TraceStore> store;
    if (args.has("trace-cost")) {
        std::filesystem::remove(scratch);
        store = TraceStore::open(scratch, TraceStore::Mode::ReadWrite);
        options.sink = store.get();
        options.compare_sink = true;
    }
    const auto rows = run_bench(suite, entries, ctx, options);
    print_bench_table(std::cout, rows);
    nlohmann::json out = {{"suite", suite.name}, {"target", target.dir}, {"draft", draft.dir},
                          {"threads", info.threads}, {"rows", bench_rows_to_json(rows)}};
    if (store) {
        std::cout << "\n== cost of tracing (overall tokens/s, traced and untraced runs back to back)\n";
        std::cout << std::left << std::setw(36) << "strategy" << std::right << std::setw(12) << "untraced"
                  << std::setw(12) << "traced" << std::setw(10) << "slower" << "\n";
        for (const auto& r : rows) {
            if (!r.category.empty()) continue;
            const double off = r.tokens_per_s, on = r.traced_tokens_per_s;
            std::cout << std::left << std::setw(36) << r.strategy << std::right << std::fixed << std::setprecision(1)
                      << std::setw(12) << off << std::setw(12) << on << std::setw(9) << (off > 0 ? (1 - on / off) * 100 : 0)
                      << "%\n";
        }
        store.reset();
        for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(scratch + suffix);
    }
    if (args.has("json")) {
        std::ofstream f(args.str("json", ""));
        f << out.dump(2) << "\n";
        if (!f.flush()) throw Error(args.str("json", ""), "cannot write the JSON report");
    }
    return 0;
}

} // namespace specscope::cli
