#include "trace/import_json.h"

#include "trace/export_json.h"
#include "trace/text_file.h"
#include "util/error.h"

#include <cstdint>
#include <limits>
#include <stdexcept>

namespace specscope {

using nlohmann::json;

namespace {

// A field that is missing or wrong, thrown while reading and turned into an
// Error at the top. `where` grows outwards ("source" -> "tokens[0].source"
// -> "steps[3].tokens[0].source") as it passes each enclosing loop, so the
// path is only built for the one field that failed.
struct Bad {
    std::string where;
    std::string problem;
};

void prefix(Bad& b, const std::string& p) { b.where = b.where.empty() ? p : p + "." + b.where; }

const json& field(const json& o, const char* key) {
    auto it = o.find(key);
    if (it == o.end()) throw Bad{key, "missing"};
    return *it;
}

int64_t integer(const json& o, const char* key, int64_t lo = std::numeric_limits<int32_t>::min(),
                int64_t hi = std::numeric_limits<int32_t>::max()) {
    const json& v = field(o, key);
    if (!v.is_number_integer()) throw Bad{key, "must be an integer"};
    if (v.is_number_unsigned() && v.get<uint64_t>() > uint64_t(std::numeric_limits<int64_t>::max()))
        throw Bad{key, "out of range"};
    const int64_t x = v.get<int64_t>();
    if (x < lo || x > hi) throw Bad{key, "out of range"};
    return x;
}

int64_t integer64(const json& o, const char* key) {
    return integer(o, key, std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max());
}

double real(const json& o, const char* key) {
    const json& v = field(o, key);
    if (!v.is_number()) throw Bad{key, "must be a number"};
    return v.get<double>();
}

// null is kNoValue (NaN).
float real_or_none(const json& o, const char* key) {
    const json& v = field(o, key);
    if (v.is_null()) return kNoValue;
    if (!v.is_number()) throw Bad{key, "must be a number or null"};
    return v.get<float>();
}

std::string text(const json& o, const char* key) {
    const json& v = field(o, key);
    if (!v.is_string()) throw Bad{key, "must be a string"};
    return v.get<std::string>();
}

const json& object(const json& v) {
    if (!v.is_object()) throw Bad{"", "must be an object"};
    return v;
}

// Reads each element of the array O[KEY] with READ, naming the element on failure.
template <class T, class F>
std::vector<T> read_array(const json& o, const char* key, F&& read) {
    const json& a = field(o, key);
    if (!a.is_array()) throw Bad{key, "must be an array"};
    std::vector<T> out;
    out.reserve(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        try {
            out.push_back(read(a[i]));
        } catch (Bad& b) {
            prefix(b, std::string(key) + "[" + std::to_string(i) + "]");
            throw;
        }
    }
    return out;
}

std::vector<int32_t> ids(const json& o, const char* key) {
    return read_array<int32_t>(o, key, [](const json& v) {
        if (!v.is_number_integer() || v.get<int64_t>() < std::numeric_limits<int32_t>::min() ||
            v.get<int64_t>() > std::numeric_limits<int32_t>::max())
            throw Bad{"", "must be a token id (an integer)"};
        return v.get<int32_t>();
    });
}

// Converts an enum name with FROM_STRING, which throws std::invalid_argument.
template <class E, class F>
E enum_field(const json& o, const char* key, F from_string) {
    try {
        return from_string(text(o, key));
    } catch (const std::invalid_argument& e) {
        throw Bad{key, e.what()};
    }
}

std::string unhex(const std::string& hex) {
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    if (hex.size() % 2) throw Bad{"text_hex", "must have an even number of hex digits"};
    std::string out;
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        const int a = nibble(hex[i]), b = nibble(hex[i + 1]);
        if (a < 0 || b < 0) throw Bad{"text_hex", "must be hex digits"};
        out += char(a * 16 + b);
    }
    return out;
}

// "text" (or its exact bytes in "text_hex"), optional: exports from before
// trace schema 2 have no texts for tree nodes and top-k entries.
std::string optional_text(const json& o) {
    if (o.contains("text_hex")) return unhex(text(o, "text_hex"));
    if (o.contains("text")) return text(o, "text");
    return {};
}

TokenRecord token(const json& v) {
    const json& o = object(v);
    TokenRecord t;
    t.position = integer64(o, "position");
    t.id = int32_t(integer(o, "id"));
    t.text = o.contains("text_hex") ? unhex(text(o, "text_hex")) : text(o, "text");
    t.source = enum_field<TokenSource>(o, "source", token_source_from_string);
    t.step = int(integer(o, "step"));
    t.p_target = real_or_none(o, "p_target");
    t.p_draft = real_or_none(o, "p_draft");
    t.accept_prob = real_or_none(o, "accept_prob");
    t.entropy_target = real_or_none(o, "entropy_target");
    t.entropy_draft = real_or_none(o, "entropy_draft");
    t.exit_layer = int(integer(o, "exit_layer"));
    t.top_k = read_array<TopKEntry>(o, "top_k", [](const json& e) {
        const json& eo = object(e);
        return TopKEntry{int32_t(integer(eo, "id")), real_or_none(eo, "p"), optional_text(eo)};
    });
    return t;
}

TreeNodeRecord tree_node(const json& v) {
    const json& o = object(v);
    TreeNodeRecord n;
    n.step = int(integer(o, "step"));
    n.node = int(integer(o, "node"));
    n.parent = int(integer(o, "parent"));
    n.token = int32_t(integer(o, "token"));
    n.depth = int(integer(o, "depth"));
    n.p_draft = real_or_none(o, "p_draft");
    n.verdict = enum_field<Verdict>(o, "verdict", verdict_from_string);
    n.text = optional_text(o);
    return n;
}

LayerRecord layer(const json& v) {
    const json& o = object(v);
    LayerRecord l;
    l.position = integer64(o, "position");
    l.layer = int(integer(o, "layer"));
    l.route = text(o, "route");
    l.lens_entropy = real_or_none(o, "lens_entropy");
    l.top1_agree = real_or_none(o, "top1_agree");
    l.cos_final = real_or_none(o, "cos_final");
    return l;
}

StepEvent step(const json& v) {
    const json& o = object(v);
    StepEvent e;
    StepRecord& s = e.step;
    s.index = int(integer(o, "index"));
    s.kind = text(o, "kind");
    s.start_us = integer64(o, "start_us");
    s.end_us = integer64(o, "end_us");
    s.draft_us = integer64(o, "draft_us");
    s.verify_us = integer64(o, "verify_us");
    s.drafted = int(integer(o, "drafted"));
    s.accepted = int(integer(o, "accepted"));
    s.emitted = ids(o, "emitted");
    s.draft_length = int(integer(o, "draft_length"));
    s.draft_reason = text(o, "draft_reason");
    s.target_forwards = int(integer(o, "target_forwards"));
    e.tokens = read_array<TokenRecord>(o, "tokens", token);
    e.tree = read_array<TreeNodeRecord>(o, "tree", tree_node);
    e.layers = read_array<LayerRecord>(o, "layers", layer);
    return e;
}

RunInfo run(const json& v) {
    const json& o = object(v);
    RunInfo r;
    r.name = text(o, "name");
    r.strategy = text(o, "strategy");
    r.params = field(o, "params");
    if (!r.params.is_object()) throw Bad{"params", "must be an object"};
    r.sampling = field(o, "sampling");
    if (!r.sampling.is_object()) throw Bad{"sampling", "must be an object"};
    r.target_model = text(o, "target_model");
    r.draft_model = text(o, "draft_model");
    r.target_hash = text(o, "target_hash");
    r.draft_hash = text(o, "draft_hash");
    r.prompt = text(o, "prompt");
    r.prompt_ids = ids(o, "prompt_ids");
    r.device = text(o, "device");
    r.dtype = text(o, "dtype");
    r.started_at_ms = integer64(o, "started_at_ms");
    r.status = text(o, "status");
    r.error = text(o, "error");
    r.num_layers = int(integer(o, "num_layers"));
    try {
        const json& t = object(field(o, "totals"));
        r.totals.new_tokens = int(integer(t, "new_tokens"));
        r.totals.steps = int(integer(t, "steps"));
        r.totals.drafted = int(integer(t, "drafted"));
        r.totals.accepted = int(integer(t, "accepted"));
        r.totals.wall_s = real(t, "wall_s");
        r.totals.draft_s = real(t, "draft_s");
        r.totals.verify_s = real(t, "verify_s");
        r.totals.prefill_s = real(t, "prefill_s");
    } catch (Bad& b) {
        prefix(b, "totals");
        throw;
    }
    return r;
}

} // namespace

RunTrace trace_from_json(const json& doc, const std::string& file) {
    const std::string not_ours = std::string("not a SpecScope trace export (no \"format\": \"") + kTraceJsonFormat + "\")";
    if (!doc.is_object()) throw Error(file, not_ours);
    auto format = doc.find("format");
    if (format == doc.end() || *format != kTraceJsonFormat) throw Error(file, not_ours);
    auto version = doc.find("version");
    if (version == doc.end() || !version->is_number_integer())
        throw Error(file, "invalid trace export: \"version\" is missing or not an integer");
    const int64_t v = version->get<int64_t>();
    if (v > kTraceJsonVersion)
        throw Error(file, "written by a newer SpecScope (trace export version " + std::to_string(v) +
                              "; this build reads version " + std::to_string(kTraceJsonVersion) + ")");
    if (v < 1) throw Error(file, "invalid trace export: unsupported version " + std::to_string(v));

    try {
        RunTrace trace;
        try {
            trace.info = run(field(doc, "run"));
        } catch (Bad& b) {
            prefix(b, "run");
            throw;
        }
        trace.prompt_tokens = read_array<TokenRecord>(doc, "prompt_tokens", token);
        trace.steps = read_array<StepEvent>(doc, "steps", step);
        return trace;
    } catch (const Bad& b) {
        throw Error(file, "invalid trace export: " + (b.where.empty() ? std::string("document") : b.where) + ": " +
                              b.problem);
    }
}

RunTrace import_json(const std::string& path) {
    const std::string data = read_file(path);
    json doc;
    try {
        doc = json::parse(data);
    } catch (const json::parse_error& e) {
        throw Error(path, std::string("not valid JSON: ") + e.what());
    }
    return trace_from_json(doc, path);
}

} // namespace specscope
