#include "synthetic_trace.h"

#include <cmath>
#include <string>

namespace specscope::testing {

int synthetic_accepted(const SyntheticSpec& spec, int step) { return step % (spec.gamma + 1); }

namespace {

TokenRecord make_token(int64_t position, int step, TokenSource source) {
    TokenRecord t;
    t.position = position;
    t.id = static_cast<int32_t>(100 + position % 50);
    t.text = position % 7 == 6 ? "\n" : " t" + std::to_string(position);
    t.source = source;
    t.step = step;
    if (source != TokenSource::Prompt) {
        t.p_target = 0.5f + 0.4f * std::sin(0.1f * position) * 0.5f;     // in (0.3, 0.7)
        t.entropy_target = 1.0f + static_cast<float>(position % 5);      // 1..5 bits
        if (source == TokenSource::AcceptedDraft || source == TokenSource::Correction) {
            t.p_draft = 0.6f;
            t.entropy_draft = 2.0f;
            t.accept_prob = source == TokenSource::AcceptedDraft ? 1.0f : 0.25f;
        }
        t.top_k = {{t.id, t.p_target, t.text}, {t.id + 1, (1 - t.p_target) / 2, {}}};  // the second as in old traces
    }
    return t;
}

} // namespace

RunTrace make_synthetic_trace(const SyntheticSpec& spec) {
    RunTrace r;
    RunInfo& info = r.info;
    info.id = 1;
    info.name = "synthetic " + spec.strategy;
    info.strategy = spec.strategy;
    info.params = {{"gamma", spec.gamma}};
    info.sampling = {{"temperature", 0.0}};
    info.target_model = "synthetic-target";
    info.draft_model = "synthetic-draft";
    info.prompt = "synthetic prompt";
    info.device = "cpu";
    info.dtype = "float32";
    info.started_at_ms = 1700000000000;
    info.status = "finished";
    info.num_layers = spec.layers;
    for (int i = 0; i < spec.prompt_tokens; ++i) {
        r.prompt_tokens.push_back(make_token(i, -1, TokenSource::Prompt));
        info.prompt_ids.push_back(r.prompt_tokens.back().id);
    }
    int64_t position = spec.prompt_tokens;
    int64_t t_us = 1000;
    for (int s = 0; s < spec.steps; ++s) {
        StepEvent e;
        const int accepted = synthetic_accepted(spec, s);
        e.step.index = s;
        e.step.kind = "verify";
        e.step.start_us = t_us;
        e.step.draft_us = 400;
        e.step.verify_us = 600;
        e.step.end_us = t_us + 1000;
        t_us += 1000;
        e.step.drafted = spec.gamma;
        e.step.accepted = accepted;
        e.step.draft_length = spec.gamma;
        e.step.draft_reason = "fixed gamma=" + std::to_string(spec.gamma);
        e.tree.push_back({s, 0, -1, 99, 0, kNoValue, Verdict::Accepted});
        for (int n = 1; n <= spec.gamma; ++n) {
            const Verdict v = n <= accepted ? Verdict::Accepted : n == accepted + 1 ? Verdict::Rejected : Verdict::NotReached;
            e.tree.push_back({s, n, n - 1, static_cast<int32_t>(200 + n), n, 0.9f - 0.1f * n, v});
        }
        for (int k = 0; k <= accepted; ++k) {
            const TokenSource src = k < accepted ? TokenSource::AcceptedDraft
                                    : accepted == spec.gamma ? TokenSource::Bonus
                                                             : TokenSource::Correction;
            e.tokens.push_back(make_token(position, s, src));
            e.step.emitted.push_back(e.tokens.back().id);
            for (int l = 0; l < spec.layers; ++l) {
                LayerRecord lr;
                lr.position = position;
                lr.layer = l;
                lr.route = l < std::max(1, spec.layers / 4) ? "draft" : "verify";
                lr.lens_entropy = static_cast<float>(spec.layers - l);
                lr.top1_agree = l >= spec.layers / 2 ? 1.0f : 0.0f;
                lr.cos_final = static_cast<float>(l + 1) / spec.layers;
                e.layers.push_back(lr);
            }
            ++position;
        }
        info.totals.steps++;
        info.totals.new_tokens += static_cast<int>(e.tokens.size());
        info.totals.drafted += spec.gamma;
        info.totals.accepted += accepted;
        info.totals.draft_s += 400e-6;
        info.totals.verify_s += 600e-6;
        r.steps.push_back(std::move(e));
    }
    info.totals.wall_s = t_us * 1e-6;
    return r;
}

} // namespace specscope::testing
