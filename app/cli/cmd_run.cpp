// specscope-cli run: one decoding run with any strategy, streamed to stdout,
// optionally traced into a SQLite file; the last line is a JSON object with
// the totals.
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "decode/run.h"
#include "trace/trace_store.h"

namespace specscope::cli {

namespace {

// Prints each step's tokens as they come, in order.
class StreamingSink : public TraceSink {
public:
    StreamingSink(const Tokenizer& tok, TraceSink* next) : stream_(tok), tok_(tok), next_(next) {}
    void begin_run(RunInfo& run) override { if (next_) next_->begin_run(run); }
    void on_step(const RunInfo& run, const StepEvent& ev) override {
        for (const auto& t : ev.tokens)
            if (!tok_.is_special(t.id)) std::cout << stream_.feed(t.id);
        std::cout << std::flush;
        if (next_) next_->on_step(run, ev);
    }
    void end_run(const RunInfo& run) override {
        std::cout << stream_.flush() << std::endl;
        if (next_) next_->end_run(run);
    }

private:
    Tokenizer::StreamDecoder stream_;
    const Tokenizer& tok_;
    TraceSink* next_;
};

} // namespace

int cmd_run(const std::vector<std::string>& argv) {
    // --param may repeat: collect those first.
    nlohmann::json params = nlohmann::json::object();
    std::vector<std::string> rest;
    for (size_t i = 0; i < argv.size(); ++i) {
        if (argv[i] == "--param") {
            if (i + 1 >= argv.size()) throw UsageError("option --param needs key=value");
            set_param_from_text(params, argv[++i]);
        } else {
            rest.push_back(argv[i]);
        }
    }
    Args args(rest, {"no-special"});
    args.only({"strategy", "target", "draft", "prompt", "max-new-tokens", "temperature", "top-k", "top-p", "seed",
               "dtype", "device", "trace", "no-special"});
    const std::string strategy = args.required("strategy");
    find_strategy(strategy);
    const LoadOptions lo = load_options_from(args);
    auto [target, draft] = load_models_from(args);
    StrategyContext ctx{target.model.get(), draft.model.get(), target.tokenizer.get(), sampling_from(args), target.dir};

    RunOptions options;
    options.max_new_tokens = static_cast<int>(args.integer("max-new-tokens", 64, 1, 1 << 20));
    for (int e : target.model->config().eos_token_ids) options.stop_ids.push_back(e);
    if (auto eos = target.tokenizer->eos_id()) options.stop_ids.push_back(*eos);

    RunInfo info;
    info.prompt = args.required("prompt");
    info.target_model = target.dir;
    info.target_hash = model_fingerprint(target);
    if (draft.model) {
        info.draft_model = draft.dir;
        info.draft_hash = model_fingerprint(draft);
    }
    info.device = lo.device;
    info.dtype = lo.dtype;
    info.num_layers = target.model->num_layers();

    std::unique_ptr<TraceStore> store;
    if (args.has("trace")) store = TraceStore::open(args.str("trace", ""), TraceStore::Mode::ReadWrite);
    StreamingSink sink(*target.tokenizer, store.get());
    Run run(ctx, strategy, params, options, info, &sink);
    const auto ids32 = target.tokenizer->encode(info.prompt, !args.has("no-special"));
    if (ids32.empty()) throw UsageError("the prompt encodes to no tokens");
    run.run_to_end(std::vector<int64_t>(ids32.begin(), ids32.end()));

    if (store) store->set_prompt_tokens(run.info().id, prompt_records(*target.tokenizer, run.info().prompt_ids));

    const RunTotals& t = run.info().totals;
    nlohmann::json totals = {{"strategy", strategy},
                             {"new_tokens", t.new_tokens},
                             {"ids", run.generated()},
                             {"steps", t.steps},
                             {"tau", t.tau()},
                             {"acceptance_rate", t.acceptance_rate()},
                             {"tokens_per_s", t.tokens_per_s()},
                             {"wall_s", t.wall_s},
                             {"run_id", store ? nlohmann::json(run.info().id) : nlohmann::json(nullptr)}};
    std::cout << totals.dump() << std::endl;
    return 0;
}

} // namespace specscope::cli
