#include "trace/export_perfetto.h"

#include "trace/text_file.h"

namespace specscope {

using json = nlohmann::ordered_json;

namespace {

constexpr int kPid = 1;
constexpr int kDraftTid = 1;
constexpr int kTargetTid = 2;

json metadata(const char* what, int tid, const std::string& name) {
    return {{"name", what}, {"ph", "M"}, {"pid", kPid}, {"tid", tid}, {"args", {{"name", name}}}};
}

json slice(const char* name, const std::string& kind, int tid, int64_t ts, int64_t dur, const json& args) {
    return {{"name", name}, {"cat", kind}, {"ph", "X"}, {"pid", kPid},   {"tid", tid},
            {"ts", ts},     {"dur", dur},  {"args", args}};
}

json counter(const char* name, int64_t ts, const char* series, double value) {
    return {{"name", name}, {"ph", "C"}, {"pid", kPid}, {"ts", ts}, {"args", {{series, value}}}};
}

} // namespace

json trace_to_perfetto(const RunTrace& trace) {
    const RunInfo& r = trace.info;
    json events = json::array();
    events.push_back(metadata("process_name", 0,
                              "SpecScope run " + std::to_string(r.id) + ": " + r.name + " (" + r.strategy + ")"));
    events.push_back(metadata("thread_name", kDraftTid, "draft"));
    events.push_back(metadata("thread_name", kTargetTid, "target"));

    // Running sums for the counters.
    int64_t drafted = 0, accepted = 0, emitted = 0, forwards = 0;
    for (const StepEvent& e : trace.steps) {
        const StepRecord& s = e.step;
        std::string text;
        for (const TokenRecord& t : e.tokens) text += t.text;
        const json args = {{"step", s.index},
                           {"kind", s.kind},
                           {"drafted", s.drafted},
                           {"accepted", s.accepted},
                           {"emitted", s.emitted},
                           {"text", text},
                           {"draft_length", s.draft_length},
                           {"draft_reason", s.draft_reason},
                           {"target_forwards", s.target_forwards},
                           {"tree_nodes", e.tree.size()}};
        const bool drafts = s.draft_us > 0 || s.drafted > 0;
        if (drafts) events.push_back(slice("draft", s.kind, kDraftTid, s.start_us, s.draft_us, args));
        events.push_back(slice(drafts ? "verify" : "forward", s.kind, kTargetTid, s.start_us + s.draft_us,
                               s.verify_us, args));

        drafted += s.drafted;
        accepted += s.accepted;
        emitted += int64_t(s.emitted.size());
        forwards += s.target_forwards;
        events.push_back(counter("accepted length", s.end_us, "accepted", s.accepted));
        events.push_back(counter("acceptance rate", s.end_us, "rate", drafted ? double(accepted) / drafted : 0.0));
        events.push_back(counter("tau", s.end_us, "tau", forwards ? double(emitted) / forwards : 0.0));
    }

    return {
        {"traceEvents", std::move(events)},
        {"displayTimeUnit", "ms"},
        {"otherData",
         {{"strategy", r.strategy},
          {"target_model", r.target_model},
          {"draft_model", r.draft_model},
          {"status", r.status},
          {"prompt", r.prompt}}},
    };
}

void export_perfetto(const RunTrace& trace, const std::string& path) {
    // replace: token texts may end inside a UTF-8 character; a viewer only
    // needs to show them, so U+FFFD is fine here.
    write_file_atomic(path, trace_to_perfetto(trace).dump(-1, ' ', false, json::error_handler_t::replace) + "\n");
}

} // namespace specscope
