#include "trace/export_csv.h"

#include "trace/text_file.h"
#include "trace/trace_columns.h"
#include "util/error.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <system_error>

namespace specscope {

namespace {

// Builds one CSV file in memory, a row at a time.
class Csv {
public:
    explicit Csv(std::initializer_list<const char*> header) {
        for (const char* h : header) add(std::string(h));
        end_row();
    }

    Csv& add(const std::string& s) {
        sep();
        const bool quote = s.find_first_of(",\"\r\n") != std::string::npos ||
                           (!s.empty() && (s.front() == ' ' || s.back() == ' '));
        if (!quote) {
            out_ += s;
            return *this;
        }
        out_ += '"';
        for (char c : s) {
            if (c == '"') out_ += '"';
            out_ += c;
        }
        out_ += '"';
        return *this;
    }
    Csv& add(const char* s) { return add(std::string(s)); }
    Csv& add(int v) { return add(int64_t(v)); }
    Csv& add(int64_t v) {
        sep();
        out_ += std::to_string(v);
        return *this;
    }
    // Shortest text that reads back to the same value; the C locale's digits
    // whatever the process locale (Qt sets LC_NUMERIC from the environment).
    template <class F>
    Csv& add_real(F v) {
        sep();
        if (std::isnan(v)) return *this;  // kNoValue: empty cell
        char buf[64];
        const auto r = std::to_chars(buf, buf + sizeof buf, v);
        out_.append(buf, r.ptr);
        return *this;
    }
    Csv& add(float v) { return add_real(v); }
    Csv& add(double v) { return add_real(v); }

    void end_row() {
        out_ += '\n';
        first_ = true;
    }
    const std::string& text() const { return out_; }

private:
    void sep() {
        if (!first_) out_ += ',';
        first_ = false;
    }
    std::string out_;
    bool first_ = true;
};

std::string json_text(const nlohmann::json& j) {
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void add_token(Csv& csv, const TokenRecord& t) {
    csv.add(t.position).add(t.id).add(t.text).add(to_string(t.source)).add(t.step).add(t.p_target).add(t.p_draft);
    csv.add(t.accept_prob).add(t.entropy_target).add(t.entropy_draft).add(t.exit_layer).add(top_k_to_column(t.top_k));
    csv.end_row();
}

} // namespace

void export_csv(const RunTrace& trace, const std::string& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw Error(dir, "cannot create the export directory: " + ec.message());

    const RunInfo& r = trace.info;
    const RunTotals& t = r.totals;
    Csv run({"id", "name", "strategy", "params", "sampling", "target_model", "draft_model", "target_hash",
             "draft_hash", "prompt", "prompt_ids", "device", "dtype", "started_at_ms", "status", "error", "num_layers",
             "new_tokens", "steps", "drafted", "accepted", "wall_s", "draft_s", "verify_s", "prefill_s", "tau",
             "acceptance_rate", "tokens_per_s"});
    run.add(r.id).add(r.name).add(r.strategy).add(json_text(r.params)).add(json_text(r.sampling));
    run.add(r.target_model).add(r.draft_model).add(r.target_hash).add(r.draft_hash).add(r.prompt);
    run.add(ids_to_column(r.prompt_ids)).add(r.device).add(r.dtype).add(r.started_at_ms).add(r.status).add(r.error);
    run.add(r.num_layers).add(t.new_tokens).add(t.steps).add(t.drafted).add(t.accepted).add(t.wall_s).add(t.draft_s);
    run.add(t.verify_s).add(t.prefill_s).add(t.tau()).add(t.acceptance_rate()).add(t.tokens_per_s());
    run.end_row();

    Csv steps({"step", "kind", "start_us", "end_us", "draft_us", "verify_us", "drafted", "accepted", "emitted",
               "draft_length", "draft_reason", "target_forwards"});
    Csv tokens({"position", "id", "text", "source", "step", "p_target", "p_draft", "accept_prob", "entropy_target",
                "entropy_draft", "exit_layer", "top_k"});
    Csv tree({"step", "node", "parent", "token", "depth", "p_draft", "verdict", "text"});
    Csv layers({"step", "position", "layer", "route", "lens_entropy", "top1_agree", "cos_final"});

    for (const TokenRecord& tok : trace.prompt_tokens) add_token(tokens, tok);
    for (const StepEvent& e : trace.steps) {
        const StepRecord& s = e.step;
        steps.add(s.index).add(s.kind).add(s.start_us).add(s.end_us).add(s.draft_us).add(s.verify_us).add(s.drafted);
        steps.add(s.accepted).add(ids_to_column(s.emitted)).add(s.draft_length).add(s.draft_reason);
        steps.add(s.target_forwards);
        steps.end_row();
        for (const TokenRecord& tok : e.tokens) add_token(tokens, tok);
        for (const TreeNodeRecord& n : e.tree) {
            tree.add(n.step).add(n.node).add(n.parent).add(n.token).add(n.depth).add(n.p_draft);
            tree.add(to_string(n.verdict)).add(n.text);
            tree.end_row();
        }
        // LayerRecord has no step of its own: the file says which step it came with.
        for (const LayerRecord& l : e.layers) {
            layers.add(s.index).add(l.position).add(l.layer).add(l.route).add(l.lens_entropy).add(l.top1_agree);
            layers.add(l.cos_final);
            layers.end_row();
        }
    }

    const std::string base = dir + "/";
    write_file_atomic(base + "run.csv", run.text());
    write_file_atomic(base + "steps.csv", steps.text());
    write_file_atomic(base + "tokens.csv", tokens.text());
    write_file_atomic(base + "tree_nodes.csv", tree.text());
    write_file_atomic(base + "layer_records.csv", layers.text());
}

} // namespace specscope
