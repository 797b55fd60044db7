#include "trace/export_json.h"

#include "trace/text_file.h"

#include <cmath>

namespace specscope {

using json = nlohmann::ordered_json;

namespace {

// kNoValue (NaN) is null: JSON has no NaN. Infinities (never produced by a
// run) would print as null too and come back as NaN.
json number(float v) { return std::isnan(v) ? json(nullptr) : json(double(v)); }

std::string hex(const std::string& bytes) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

// The length of the well-formed UTF-8 sequence starting at text[i] (RFC
// 3629: no overlong forms, no surrogates, nothing above U+10FFFF), or 0.
std::size_t utf8_length_at(const std::string& text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return unsigned(static_cast<unsigned char>(text[k])); };
    const unsigned c = byte(i);
    std::size_t more;
    unsigned lo = 0x80, hi = 0xBF;  // allowed range of the first continuation byte
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) more = 1;
    else if (c >= 0xE0 && c <= 0xEF) {
        more = 2;
        if (c == 0xE0) lo = 0xA0;       // overlong
        else if (c == 0xED) hi = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
        more = 3;
        if (c == 0xF0) lo = 0x90;       // overlong
        else if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
    } else {
        return 0;
    }
    for (std::size_t k = 1; k <= more; ++k) {
        if (i + k >= text.size()) return 0;
        const unsigned b = byte(i + k);
        if (b < (k == 1 ? lo : 0x80u) || b > (k == 1 ? hi : 0xBFu)) return 0;
    }
    return more + 1;
}

// TEXT with each byte that is not part of a well-formed sequence replaced
// by U+FFFD, so the document dumps without an error handler.
std::string to_valid_utf8(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t n = utf8_length_at(text, i);
        if (n == 0) {
            out += "\xEF\xBF\xBD";
            ++i;
        } else {
            out.append(text, i, n);
            i += n;
        }
    }
    return out;
}

// JSON strings are Unicode: a partial UTF-8 sequence (a byte-level token)
// cannot be written as is. "text" then shows it with U+FFFD and "text_hex"
// keeps the bytes.
void put_text(json& j, const std::string& text) {
    if (is_valid_utf8(text)) {
        j["text"] = text;
    } else {
        j["text"] = to_valid_utf8(text);
        j["text_hex"] = hex(text);
    }
}

json token_json(const TokenRecord& t) {
    json top_k = json::array();
    for (const TopKEntry& e : t.top_k) {
        json entry = {{"id", e.id}, {"p", number(e.p)}};
        if (!e.text.empty()) put_text(entry, e.text);
        top_k.push_back(std::move(entry));
    }
    json j = {
        {"position", t.position},
        {"id", t.id},
        {"source", to_string(t.source)},
        {"step", t.step},
        {"p_target", number(t.p_target)},
        {"p_draft", number(t.p_draft)},
        {"accept_prob", number(t.accept_prob)},
        {"entropy_target", number(t.entropy_target)},
        {"entropy_draft", number(t.entropy_draft)},
        {"exit_layer", t.exit_layer},
        {"top_k", std::move(top_k)},
    };
    put_text(j, t.text);
    return j;
}

json step_json(const StepEvent& e) {
    const StepRecord& s = e.step;
    json tokens = json::array(), tree = json::array(), layers = json::array();
    for (const TokenRecord& t : e.tokens) tokens.push_back(token_json(t));
    for (const TreeNodeRecord& n : e.tree) {
        json node = {{"step", n.step},
                     {"node", n.node},
                     {"parent", n.parent},
                     {"token", n.token},
                     {"depth", n.depth},
                     {"p_draft", number(n.p_draft)},
                     {"verdict", to_string(n.verdict)}};
        put_text(node, n.text);
        tree.push_back(std::move(node));
    }
    for (const LayerRecord& l : e.layers)
        layers.push_back({{"position", l.position},
                          {"layer", l.layer},
                          {"route", l.route},
                          {"lens_entropy", number(l.lens_entropy)},
                          {"top1_agree", number(l.top1_agree)},
                          {"cos_final", number(l.cos_final)}});
    return {
        {"index", s.index},
        {"kind", s.kind},
        {"start_us", s.start_us},
        {"end_us", s.end_us},
        {"draft_us", s.draft_us},
        {"verify_us", s.verify_us},
        {"drafted", s.drafted},
        {"accepted", s.accepted},
        {"emitted", s.emitted},
        {"draft_length", s.draft_length},
        {"draft_reason", s.draft_reason},
        {"target_forwards", s.target_forwards},
        {"tokens", std::move(tokens)},
        {"tree", std::move(tree)},
        {"layers", std::move(layers)},
    };
}

json run_json(const RunInfo& r) {
    const RunTotals& t = r.totals;
    return {
        {"id", r.id},
        {"name", r.name},
        {"strategy", r.strategy},
        {"params", r.params},
        {"sampling", r.sampling},
        {"target_model", r.target_model},
        {"draft_model", r.draft_model},
        {"target_hash", r.target_hash},
        {"draft_hash", r.draft_hash},
        {"prompt", r.prompt},
        {"prompt_ids", r.prompt_ids},
        {"device", r.device},
        {"dtype", r.dtype},
        {"started_at_ms", r.started_at_ms},
        {"status", r.status},
        {"error", r.error},
        {"num_layers", r.num_layers},
        {"totals",
         {{"new_tokens", t.new_tokens},
          {"steps", t.steps},
          {"drafted", t.drafted},
          {"accepted", t.accepted},
          {"wall_s", t.wall_s},
          {"draft_s", t.draft_s},
          {"verify_s", t.verify_s},
          {"prefill_s", t.prefill_s},
          // Derived, for readers of the file; the importer ignores them.
          {"tau", t.tau()},
          {"acceptance_rate", t.acceptance_rate()},
          {"tokens_per_s", t.tokens_per_s()}}},
    };
}

} // namespace

bool is_valid_utf8(const std::string& text) {
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t n = utf8_length_at(text, i);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

json trace_to_json(const RunTrace& trace) {
    json prompt = json::array(), steps = json::array();
    for (const TokenRecord& t : trace.prompt_tokens) prompt.push_back(token_json(t));
    for (const StepEvent& e : trace.steps) steps.push_back(step_json(e));
    return {
        {"format", kTraceJsonFormat},
        {"version", kTraceJsonVersion},
        {"run", run_json(trace.info)},
        {"prompt_tokens", std::move(prompt)},
        {"steps", std::move(steps)},
    };
}

void export_json(const RunTrace& trace, const std::string& path) {
    // replace: a stray invalid byte outside token texts (kept by text_hex)
    // must not make the whole export fail.
    write_file_atomic(path, trace_to_json(trace).dump(-1, ' ', false, json::error_handler_t::replace) + "\n");
}

} // namespace specscope
