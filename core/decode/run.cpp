#include "decode/run.h"

#include <algorithm>
#include <stdexcept>

#include <c10/core/InferenceMode.h>

#include "model/tokenizer.h"
#include "model/transformer.h"
#include "util/error.h"

namespace specscope {

Run::Run(const StrategyContext& ctx, const std::string& strategy, const nlohmann::json& params, RunOptions options,
         RunInfo info, TraceSink* sink)
    : options_(std::move(options)), info_(std::move(info)), sink_(sink) {
    nlohmann::json resolved;
    strategy_ = make_strategy(strategy, ctx, params, &resolved);
    context_limit_ = ctx.target->config().max_position_embeddings;
    if (ctx.draft && find_strategy(strategy).needs_draft)
        context_limit_ = std::min(context_limit_, ctx.draft->config().max_position_embeddings);
    info_.strategy = strategy;
    info_.params = resolved;
    info_.sampling = {{"temperature", ctx.sampling.temperature},
                      {"top_k", ctx.sampling.top_k},
                      {"top_p", ctx.sampling.top_p},
                      {"seed", ctx.sampling.seed}};
    if (info_.name.empty()) info_.name = strategy;
}

void Run::start(const std::vector<int64_t>& prompt) {
    if (started_) throw std::logic_error("Run::start called twice");
    if (prompt.empty()) throw std::invalid_argument("the prompt has no tokens");
    // Drafts reach up to 32 positions past the context (gamma and tree depth
    // are capped there): stop early enough that no position passes the
    // model's context.
    constexpr int kDraftReach = 33;
    const int room = context_limit_ - static_cast<int>(prompt.size()) - kDraftReach;
    if (room < 1)
        throw Error("", "the prompt has " + std::to_string(prompt.size()) + " tokens; the models' context is " +
                            std::to_string(context_limit_) + " tokens (with room for drafts)");
    options_.max_new_tokens = std::min(options_.max_new_tokens, room);
    started_ = true;
    t0_ = std::chrono::steady_clock::now();
    info_.prompt_ids.assign(prompt.begin(), prompt.end());
    info_.started_at_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::system_clock::now().time_since_epoch()).count();
    info_.status = "running";
    if (sink_) sink_->begin_run(info_);
    // Decoding never needs autograd: inference mode skips its bookkeeping
    // (view metadata, version counters) on every op, ~5 % of a decode step.
    c10::InferenceMode inference;
    info_.totals.prefill_s = strategy_->start(prompt);
    done_ = options_.max_new_tokens <= 0;
}

bool Run::step() {
    if (!started_) throw std::logic_error("Run::step before start");
    if (done_) return false;
    const auto t_start = std::chrono::steady_clock::now();
    StepEvent ev;
    {
        c10::InferenceMode inference;
        ev = strategy_->step();
    }
    const auto t_end = std::chrono::steady_clock::now();
    auto us = [&](std::chrono::steady_clock::time_point t) {
        return std::chrono::duration_cast<std::chrono::microseconds>(t - t0_).count();
    };
    ev.step.start_us = us(t_start);
    ev.step.end_us = us(t_end);

    // Keep what the run still wants: up to max_new_tokens, through the first stop token.
    size_t keep = 0;
    for (; keep < ev.tokens.size(); ++keep) {
        if (static_cast<int>(generated_.size()) >= options_.max_new_tokens) break;
        generated_.push_back(ev.tokens[keep].id);
        const auto& stops = options_.stop_ids;
        if (std::find(stops.begin(), stops.end(), ev.tokens[keep].id) != stops.end()) {
            ++keep;
            done_ = true;
            break;
        }
    }
    ev.tokens.resize(keep);
    ev.step.emitted.resize(keep);
    if (static_cast<int>(generated_.size()) >= options_.max_new_tokens) done_ = true;

    RunTotals& t = info_.totals;
    t.steps += 1;
    t.new_tokens = static_cast<int>(generated_.size());
    t.drafted += ev.step.drafted;
    t.accepted += ev.step.accepted;
    t.draft_s += ev.step.draft_us / 1e6;
    t.verify_s += ev.step.verify_us / 1e6;
    t.wall_s = std::chrono::duration<double>(t_end - t0_).count();
    if (sink_) sink_->on_step(info_, ev);
    last_ = std::move(ev);
    return true;
}

void Run::finish(const std::string& status, const std::string& error) {
    if (finished_) return;
    finished_ = true;
    done_ = true;
    info_.status = status;
    info_.error = error;
    if (started_) info_.totals.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count();
    if (sink_ && started_) sink_->end_run(info_);
}

void Run::run_to_end(const std::vector<int64_t>& prompt, const std::atomic<bool>* cancel) {
    try {
        start(prompt);
        while (!done_) {
            if (cancel && cancel->load()) {
                finish("cancelled");
                return;
            }
            step();
        }
        finish("finished");
    } catch (const std::exception& e) {
        finish("failed", e.what());
        throw;
    }
}

} // namespace specscope

namespace specscope {

std::vector<TokenRecord> prompt_records(const Tokenizer& tokenizer, const std::vector<int32_t>& ids) {
    std::vector<TokenRecord> out;
    for (size_t i = 0; i < ids.size(); ++i) {
        TokenRecord t;
        t.position = static_cast<int64_t>(i);
        t.id = ids[i];
        t.text = tokenizer.decode({ids[i]});
        t.source = TokenSource::Prompt;
        t.step = -1;
        out.push_back(std::move(t));
    }
    return out;
}

} // namespace specscope
