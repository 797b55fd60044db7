#include "bench/bench.h"

#include <fstream>
#include <iomanip>
#include <map>
#include <ostream>
#include <set>
#include <sstream>

#include "decode/run.h"
#include "model/tokenizer.h"
#include "util/error.h"

namespace specscope {

Suite load_suite(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw Error(path, "cannot open the prompt suite");
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(in);
    } catch (const nlohmann::json::parse_error& e) {
        throw Error(path, std::string("malformed JSON: ") + e.what());
    }
    if (!j.is_object() || !j.contains("prompts") || !j["prompts"].is_array() || j["prompts"].empty())
        throw Error(path, "a suite is an object with a non-empty \"prompts\" array");
    Suite s;
    s.name = j.value("name", path);
    const int default_len = j.value("max_new_tokens", 64);
    for (const auto& p : j["prompts"]) {
        if (!p.is_object() || !p.contains("prompt") || !p["prompt"].is_string())
            throw Error(path, "every prompt needs a \"prompt\" string: " + p.dump());
        SuitePrompt sp;
        sp.prompt = p["prompt"].get<std::string>();
        sp.category = p.value("category", "default");
        sp.max_new_tokens = p.value("max_new_tokens", default_len);
        if (sp.max_new_tokens < 1) throw Error(path, "max_new_tokens must be >= 1");
        s.prompts.push_back(sp);
    }
    return s;
}

BenchEntry parse_bench_entry(const std::string& text) {
    BenchEntry e;
    std::stringstream ss(text);
    std::string part;
    std::getline(ss, e.strategy, ':');
    while (std::getline(ss, part, ':')) set_param_from_text(e.params, part);
    find_strategy(e.strategy);  // unknown names fail before anything runs
    return e;
}

namespace {

struct Sample {
    double tokens_per_s = 0;
    double traced_tokens_per_s = 0;  // the same run with the trace sink, when compared
    int new_tokens = 0, steps = 0, drafted = 0, accepted = 0;
    std::vector<int64_t> ids;
    double draft_s = 0, verify_s = 0;  // summed over the timed repeats
};

Sample run_once(const StrategyContext& ctx, const BenchEntry& e, const std::vector<int64_t>& prompt, int n,
                TraceSink* sink, const std::string& label) {
    StrategyContext c = ctx;
    if (!find_strategy(e.strategy).needs_draft) c.draft = nullptr;
    RunOptions o;
    o.max_new_tokens = n;
    RunInfo info;
    info.name = label;
    Run run(c, e.strategy, e.params, o, info, sink);
    run.run_to_end(prompt);
    const RunTotals& t = run.info().totals;
    return {t.tokens_per_s(), 0.0, t.new_tokens, t.steps, t.drafted, t.accepted, run.generated(), t.draft_s, t.verify_s};
}

} // namespace

std::vector<BenchRow> run_bench(const Suite& suite, const std::vector<BenchEntry>& entries_in, const StrategyContext& ctx,
                                const BenchOptions& options) {
    std::vector<std::pair<std::string, BenchEntry>> entries = {{"ar", BenchEntry{"ar", nlohmann::json::object()}}};
    for (const auto& e : entries_in) {
        std::string label = e.strategy;
        for (const auto& [k, v] : e.params.items()) label += ":" + k + "=" + (v.is_string() ? v.get<std::string>() : v.dump());
        if (label != "ar") entries.push_back({label, e});
    }
    std::vector<std::vector<int64_t>> prompts;
    for (const auto& p : suite.prompts) {
        auto ids = ctx.tokenizer->encode(p.prompt);
        prompts.emplace_back(ids.begin(), ids.end());
    }
    // samples[entry][prompt]
    // samples[entry][prompt]. The loop runs every strategy on one prompt
    // before moving to the next (and alternates traced and untraced runs when
    // both are measured), so drift in the machine's speed (other load,
    // frequency) hits every strategy alike instead of biasing the ratios.
    std::vector<std::vector<Sample>> samples(entries.size(), std::vector<Sample>(prompts.size()));
    for (size_t e = 0; e < entries.size(); ++e)
        for (int w = 0; w < options.warmup; ++w)
            run_once(ctx, entries[e].second, prompts[0], suite.prompts[0].max_new_tokens, nullptr, "");
    for (size_t p = 0; p < prompts.size(); ++p) {
        for (int r = 0; r < options.repeats; ++r) {
            for (size_t e = 0; e < entries.size(); ++e) {
                const std::string label = entries[e].first + " / " + suite.prompts[p].category;
                const int n = suite.prompts[p].max_new_tokens;
                Sample& mean = samples[e][p];
                const bool traced_first = options.compare_sink && (p + r + e) % 2 == 1;
                if (traced_first) mean.traced_tokens_per_s += run_once(ctx, entries[e].second, prompts[p], n, options.sink, label).tokens_per_s / options.repeats;
                Sample s = run_once(ctx, entries[e].second, prompts[p], n, options.compare_sink ? nullptr : options.sink, label);
                if (options.compare_sink && !traced_first)
                    mean.traced_tokens_per_s += run_once(ctx, entries[e].second, prompts[p], n, options.sink, label).tokens_per_s / options.repeats;
                mean.tokens_per_s += s.tokens_per_s / options.repeats;
                mean.new_tokens += s.new_tokens;
                mean.steps += s.steps;
                mean.drafted += s.drafted;
                mean.accepted += s.accepted;
                mean.draft_s += s.draft_s;
                mean.verify_s += s.verify_s;
                mean.ids = s.ids;
            }
        }
        if (options.progress) {
            std::ostringstream line;
            line << "prompt " << p + 1 << "/" << prompts.size() << " (" << suite.prompts[p].category << "):" << std::fixed;
            for (size_t e = 0; e < entries.size(); ++e)
                line << "  " << entries[e].first << " " << std::setprecision(1) << samples[e][p].tokens_per_s << " tok/s";
            options.progress(line.str());
        }
    }

    // Categories in suite order, then overall ("").
    std::vector<std::string> categories;
    for (const auto& p : suite.prompts)
        if (std::find(categories.begin(), categories.end(), p.category) == categories.end())
            categories.push_back(p.category);
    categories.push_back("");
    std::vector<BenchRow> rows;
    for (const auto& cat : categories) {
        double ar_tps = 0, ar_step_ms = 0;
        for (size_t e = 0; e < entries.size(); ++e) {
            BenchRow row;
            row.strategy = entries[e].first;
            row.category = cat;
            int tokens = 0, steps = 0, drafted = 0, accepted = 0;
            double draft_s = 0, verify_s = 0;
            for (size_t p = 0; p < prompts.size(); ++p) {
                if (!cat.empty() && suite.prompts[p].category != cat) continue;
                const Sample& s = samples[e][p];
                ++row.prompts;
                row.tokens_per_s += s.tokens_per_s;
                row.traced_tokens_per_s += s.traced_tokens_per_s;
                tokens += s.new_tokens;
                steps += s.steps;
                drafted += s.drafted;
                accepted += s.accepted;
                draft_s += s.draft_s;
                verify_s += s.verify_s;
                row.identical += s.ids == samples[0][p].ids;
            }
            row.tokens_per_s /= std::max(1, row.prompts);
            row.traced_tokens_per_s /= std::max(1, row.prompts);
            row.tau = steps ? double(tokens) / steps : 0;
            row.acceptance = drafted ? double(accepted) / drafted : 0;
            row.draft_ms_per_step = steps ? draft_s * 1e3 / steps : 0;
            row.verify_ms_per_step = steps ? verify_s * 1e3 / steps : 0;
            if (e == 0) {
                ar_tps = row.tokens_per_s;
                ar_step_ms = row.verify_ms_per_step;
            }
            row.break_even_tau = ar_step_ms > 0 ? (row.draft_ms_per_step + row.verify_ms_per_step) / ar_step_ms : 0;
            row.speedup = ar_tps > 0 ? row.tokens_per_s / ar_tps : 0;
            rows.push_back(row);
        }
    }
    return rows;
}

void print_bench_table(std::ostream& out, const std::vector<BenchRow>& rows) {
    std::string current = "\x01";
    for (const auto& r : rows) {
        if (r.category != current) {
            current = r.category;
            out << "\n== " << (r.category.empty() ? "overall" : r.category) << " (" << r.prompts << " prompts)\n";
            out << std::left << std::setw(36) << "strategy" << std::right << std::setw(7) << "tau" << std::setw(9)
                << "accept" << std::setw(11) << "tokens/s" << std::setw(9) << "speedup" << std::setw(12)
                << "same as ar" << std::setw(10) << "draft ms" << std::setw(11) << "verify ms" << std::setw(9)
                << "even τ" << "\n";
        }
        std::ostringstream same;
        same << r.identical << "/" << r.prompts;
        out << std::left << std::setw(36) << r.strategy << std::right << std::fixed << std::setprecision(2)
            << std::setw(7) << r.tau << std::setw(8) << std::setprecision(1) << r.acceptance * 100 << "%"
            << std::setw(11) << r.tokens_per_s << std::setw(8) << std::setprecision(2) << r.speedup << "x"
            << std::setw(12) << same.str() << std::setprecision(2) << std::setw(10) << r.draft_ms_per_step
            << std::setw(11) << r.verify_ms_per_step << std::setw(8) << r.break_even_tau << "\n";
    }
}

nlohmann::json bench_rows_to_json(const std::vector<BenchRow>& rows) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& r : rows)
        j.push_back({{"strategy", r.strategy}, {"category", r.category.empty() ? "overall" : r.category},
                     {"prompts", r.prompts}, {"tau", r.tau}, {"acceptance_rate", r.acceptance},
                     {"tokens_per_s", r.tokens_per_s}, {"speedup", r.speedup}, {"identical_to_ar", r.identical},
                     {"traced_tokens_per_s", r.traced_tokens_per_s}, {"draft_ms_per_step", r.draft_ms_per_step},
                     {"verify_ms_per_step", r.verify_ms_per_step}, {"break_even_tau", r.break_even_tau}});
    return j;
}

} // namespace specscope
