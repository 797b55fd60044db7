// The only GUI translation unit that includes the engine (libtorch). No Qt here.
#include "gui/engine_session.h"

#include <ATen/ATen.h>

#include "bench/bench.h"
#include "decode/run.h"
#include "decode/strategy.h"
#include "model/model_loader.h"
#include "model/tokenizer.h"
#include "model/transformer.h"
#include "model/weights.h"
#include "util/error.h"
#include "util/paths.h"
#include "util/system_info.h"

namespace specscope {
namespace gui {

std::vector<StrategyDescription> describe_strategies() {
    std::vector<StrategyDescription> out;
    for (const StrategyInfo& s : strategy_registry()) {
        StrategyDescription d{s.name, s.description, s.needs_draft, s.lossless, {}};
        for (const ParamSpec& p : s.params)
            d.params.push_back({p.name, static_cast<ParamDescription::Type>(p.type), p.default_value, p.min, p.max,
                                p.choices, p.help});
        out.push_back(std::move(d));
    }
    return out;
}

std::vector<std::string> bundled_model_dirs() { return bundled_models(); }

std::vector<std::pair<std::string, std::string>> example_prompts() {
    std::vector<std::pair<std::string, std::string>> out;
    for (const std::string& dir : resource_dirs()) {
        try {
            for (const SuitePrompt& p : load_suite(dir + "/prompts/demo-suite.json").prompts)
                out.emplace_back(p.category, p.prompt);
            break;
        } catch (const std::exception&) {
            // not in this resource directory: try the next
        }
    }
    return out;
}

std::vector<std::string> available_devices() {
    std::vector<std::string> d{"cpu"};
    if (at::hasCUDA()) d.push_back("cuda");
    return d;
}

void init_engine_threads() { init_threads(); }

struct EngineSession::Impl {
    LoadedModel target, draft;
    std::string device = "cpu", dtype = "float32";
    std::unique_ptr<Run> run;
    std::vector<TokenRecord> prompt;
    RunInfo lastInfo;
};

EngineSession::EngineSession() : d(std::make_unique<Impl>()) {}
EngineSession::~EngineSession() = default;

void EngineSession::load(const std::string& target, const std::string& draft, const std::string& device,
                         const std::string& dtype, const std::function<bool(int, int)>& progress) {
    // Tensors in both models, for one progress bar: read from config.json
    // would need parsing twice; the per-model totals are enough when the
    // target is counted first and the draft after it.
    int offset = 0, lastTotal = 0;
    auto report = [&](int done, int total) {
        lastTotal = total;
        return progress ? progress(offset + done, offset + total) : true;
    };
    try {
        LoadedModel t = load_model(target, LoadOptions{device, dtype, report});
        LoadedModel dr;
        if (!draft.empty()) {
            offset = lastTotal;
            dr = load_model(draft, LoadOptions{device, dtype, report});
            check_draft_compatible(t, dr);
        }
        d->run.reset();
        d->target = std::move(t);
        d->draft = std::move(dr);
        d->device = device;
        d->dtype = dtype;
    } catch (const Cancelled&) {
        throw LoadCancelled();
    }
}

bool EngineSession::hasTarget() const { return d->target.model != nullptr; }
bool EngineSession::hasDraft() const { return d->draft.model != nullptr; }
std::string EngineSession::targetDir() const { return d->target.dir; }
std::string EngineSession::draftDir() const { return d->draft.dir; }
int EngineSession::targetLayers() const { return d->target.model ? d->target.model->num_layers() : 0; }

void EngineSession::start(const RunRequest& r, TraceSink* sink) {
    if (!d->target.model) throw Error("", "no target model is loaded");
    const StrategyInfo& s = find_strategy(r.strategy);
    if (s.needs_draft && !d->draft.model)
        throw Error("", "the method '" + r.strategy + "' needs a draft model: choose one and load the models");
    SamplingParams sampling;
    sampling.temperature = r.temperature;
    sampling.top_k = r.top_k;
    sampling.top_p = r.top_p;
    sampling.seed = r.seed;
    StrategyContext ctx{d->target.model.get(), s.needs_draft ? d->draft.model.get() : nullptr,
                        d->target.tokenizer.get(), sampling, d->target.dir};
    RunOptions options;
    options.max_new_tokens = r.max_new_tokens;
    for (int e : d->target.model->config().eos_token_ids) options.stop_ids.push_back(e);
    if (auto eos = d->target.tokenizer->eos_id()) options.stop_ids.push_back(*eos);

    RunInfo info;
    info.prompt = r.prompt;
    info.target_model = d->target.dir;
    info.target_hash = model_fingerprint(d->target);
    if (ctx.draft) {
        info.draft_model = d->draft.dir;
        info.draft_hash = model_fingerprint(d->draft);
    }
    info.device = d->device;
    info.dtype = d->dtype;
    info.num_layers = d->target.model->num_layers();

    const auto ids32 = d->target.tokenizer->encode(r.prompt, true);
    if (ids32.empty()) throw Error("", "the prompt encodes to no tokens: type some text");
    d->run.reset();
    auto run = std::make_unique<Run>(ctx, r.strategy, r.params, options, info, sink);
    d->prompt = prompt_records(*d->target.tokenizer, ids32);
    try {
        run->start(std::vector<int64_t>(ids32.begin(), ids32.end()));
    } catch (const std::exception& e) {
        run->finish("failed", e.what());  // a run the sink saw begin is also seen to end
        d->lastInfo = run->info();
        throw;
    }
    d->run = std::move(run);
}

std::vector<TokenRecord> EngineSession::promptRecords() const { return d->prompt; }

bool EngineSession::step() {
    if (!d->run || d->run->done()) return false;
    return d->run->step();
}

bool EngineSession::done() const { return !d->run || d->run->done(); }

void EngineSession::finish(const std::string& status, const std::string& error) {
    if (!d->run) return;
    d->run->finish(status, error);
    d->lastInfo = d->run->info();
}

const RunInfo& EngineSession::info() const { return d->run ? d->run->info() : d->lastInfo; }

} // namespace gui
} // namespace specscope
