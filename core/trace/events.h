// What a decoding run reports, step by step: plain structs with no torch and
// no Qt, shared by the strategies (which fill them), the trace store (which
// keeps them), the exporters, and the views (which draw them).
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace specscope {

constexpr float kNoValue = std::numeric_limits<float>::quiet_NaN();  // "not applicable" (e.g. p_draft under ar)

// Where an emitted token came from.
enum class TokenSource {
    Prompt,         // part of the prompt
    AcceptedDraft,  // drafted and accepted by verification
    Correction,     // sampled by the target after a rejection (or the greedy mismatch)
    Bonus,          // sampled by the target after every draft token was accepted
    Target,         // plain decoding: one target forward, one token
};
const char* to_string(TokenSource s);
TokenSource token_source_from_string(const std::string& s);  // throws std::invalid_argument

enum class Verdict { Accepted, Rejected, NotReached };
const char* to_string(Verdict v);
Verdict verdict_from_string(const std::string& s);  // throws std::invalid_argument

struct TopKEntry {
    int32_t id = 0;
    float p = 0;
    std::string text;  // the token decoded alone ("" in traces from before schema 2)
    bool operator==(const TopKEntry& o) const { return id == o.id && p == o.p && text == o.text; }
};

// One token of the sequence (prompt or generated).
struct TokenRecord {
    int64_t position = 0;           // index in the whole sequence (prompt included)
    int32_t id = 0;
    std::string text;               // the token's text (may be a partial UTF-8 sequence)
    TokenSource source = TokenSource::Target;
    int step = -1;                  // step that emitted it; -1 for the prompt
    float p_target = kNoValue;      // target probability of this token (temperature 1)
    float p_draft = kNoValue;       // draft probability (temperature 1), when drafted
    float accept_prob = kNoValue;   // min(1, p/q) under the sampling distributions, when drafted
    float entropy_target = kNoValue;  // bits
    float entropy_draft = kNoValue;   // bits
    int exit_layer = -1;            // layer the token's prediction exited at; -1 = full depth
    std::vector<TopKEntry> top_k;   // the target's most likely alternatives
};

// One node of a step's draft tree. Node 0 is the root: the last emitted
// token, which the step's target forward processes first.
struct TreeNodeRecord {
    int step = 0;
    int node = 0;
    int parent = -1;                // -1 for the root
    int32_t token = 0;
    int depth = 0;                  // root = 0
    float p_draft = kNoValue;       // draft probability of the token at its parent
    Verdict verdict = Verdict::NotReached;
    std::string text;               // the token decoded alone ("" in traces from before schema 2)
};

// A per-layer record for one position (early exits, routing, logit lens).
struct LayerRecord {
    int64_t position = 0;
    int layer = 0;
    std::string route;              // "big" | "small" | "skip" | "exit" | "draft" | "verify" | ""
    float lens_entropy = kNoValue;  // bits, logit lens of the layer's hidden state
    float top1_agree = kNoValue;    // 1 if the lens's argmax equals the final layer's, else 0
    float cos_final = kNoValue;     // cosine of the layer's hidden state to the final one
};

struct StepRecord {
    int index = 0;
    std::string kind;               // "ar" | "verify" (a draft/verify round) | "route"
    int64_t start_us = 0;           // microseconds since the run started
    int64_t end_us = 0;
    int64_t draft_us = 0;           // time spent drafting
    int64_t verify_us = 0;          // time spent in the target forward and verification
    int drafted = 0;                // draft tokens proposed (tree: nodes, root excluded)
    int accepted = 0;               // draft tokens accepted
    std::vector<int32_t> emitted;   // tokens this step appended (accepted + correction/bonus)
    int draft_length = 0;           // the draft length chosen for this step
    std::string draft_reason;       // why: "fixed gamma=5", "confidence 0.31 < p_min 0.4 at 3", ...
    int target_forwards = 1;        // target forwards in this step (1 for every method here)
};

// Everything one step reports.
struct StepEvent {
    StepRecord step;
    std::vector<TokenRecord> tokens;   // the emitted tokens, in order
    std::vector<TreeNodeRecord> tree;  // empty for ar
    std::vector<LayerRecord> layers;   // empty unless the method records layers
};

struct RunTotals {
    int new_tokens = 0;
    int steps = 0;
    int drafted = 0;
    int accepted = 0;
    double wall_s = 0;
    double draft_s = 0;
    double verify_s = 0;
    double prefill_s = 0;
    double tau() const { return steps ? double(new_tokens) / steps : 0; }  // tokens per target forward
    double acceptance_rate() const { return drafted ? double(accepted) / drafted : 0; }
    double tokens_per_s() const { return wall_s > 0 ? new_tokens / wall_s : 0; }
};

struct RunInfo {
    int64_t id = 0;                 // assigned by the store
    std::string name;               // user-visible label (renamable)
    std::string strategy;
    nlohmann::json params = nlohmann::json::object();     // all parameters, defaults filled in
    nlohmann::json sampling = nlohmann::json::object();   // temperature, top_k, top_p, seed
    std::string target_model, draft_model;                // paths ("" when none)
    std::string target_hash, draft_hash;                  // config + embedding fingerprints
    std::string prompt;
    std::vector<int32_t> prompt_ids;
    std::string device, dtype;
    int64_t started_at_ms = 0;      // Unix time
    std::string status = "running"; // running | finished | cancelled | failed
    std::string error;              // for failed runs
    int num_layers = 0;             // target layers (for per-layer views)
    RunTotals totals;
    int schema_version = 0;         // of the store it came from
};

// Receives a run as it happens. The trace store is one; the GUI's live
// bridge is another.
class TraceSink {
public:
    virtual ~TraceSink() = default;
    virtual void begin_run(RunInfo& run) = 0;  // may assign run.id
    virtual void on_step(const RunInfo& run, const StepEvent& event) = 0;
    virtual void end_run(const RunInfo& run) = 0;  // status and totals final
};

} // namespace specscope
