#include "trace/trace_reader.h"

#include "trace/sqlite_db.h"
#include "trace/trace_columns.h"
#include "util/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <exception>
#include <string>

namespace specscope {

using sqlite::Db;
using sqlite::Stmt;

namespace {

constexpr int kRunLevel = -2;  // a run column, not a step's

// Runs F, which decodes a column SQLite cannot check for us (JSON text, an
// enum name); any failure means the file was damaged or written by hand.
// The message is only built on failure: this runs for every token.
template <class F>
auto decode(const Db& db, const char* what, int step, F&& f) {
    try {
        return f();
    } catch (const std::exception& e) {
        const std::string where = step == kRunLevel ? "" : step < 0 ? " of the prompt" : " in step " + std::to_string(step);
        throw Error(db.path(), std::string("the trace is corrupt: bad ") + what + where + " (" + e.what() + ")");
    }
}

} // namespace

RunTotals totals_from_steps(const std::vector<StepEvent>& steps) {
    RunTotals t;
    for (const StepEvent& e : steps) {
        t.new_tokens += int(e.step.emitted.size());
        t.steps += 1;
        t.drafted += e.step.drafted;
        t.accepted += e.step.accepted;
        t.draft_s += e.step.draft_us / 1e6;
        t.verify_s += e.step.verify_us / 1e6;
        t.wall_s = std::max(t.wall_s, e.step.end_us / 1e6);
    }
    return t;
}

std::vector<RunSummary> read_run_list(Db& db) {
    db.set_activity("listing the runs");
    std::vector<RunSummary> list;
    Stmt q(db, "SELECT id, name, strategy, status, started_at_ms, new_tokens, steps, drafted, accepted, wall_s, prompt"
               " FROM runs ORDER BY id");
    while (q.next()) {
        RunSummary s;
        s.id = q.i64(0);
        s.name = q.text(1);
        s.strategy = q.text(2);
        s.status = q.text(3);
        s.started_at_ms = q.i64(4);
        s.prompt = q.text(10);
        RunTotals t;
        if (s.status == "running") {
            // Never finished (still recording, or killed): count what is stored.
            Stmt sums(db, "SELECT count(*), coalesce(sum(json_array_length(emitted)), 0), coalesce(sum(drafted), 0),"
                          " coalesce(sum(accepted), 0), coalesce(max(end_us), 0) FROM steps WHERE run_id = ?");
            sums.bind(s.id);
            sums.next();
            t.steps = sums.i32(0);
            t.new_tokens = sums.i32(1);
            t.drafted = sums.i32(2);
            t.accepted = sums.i32(3);
            t.wall_s = sums.i64(4) / 1e6;
        } else {
            t.new_tokens = q.i32(5);
            t.steps = q.i32(6);
            t.drafted = q.i32(7);
            t.accepted = q.i32(8);
            t.wall_s = q.f64(9);
        }
        s.new_tokens = t.new_tokens;
        s.tau = t.tau();
        s.acceptance = t.acceptance_rate();
        s.tokens_per_s = t.tokens_per_s();
        list.push_back(std::move(s));
    }
    return list;
}

RunTrace read_run(Db& db, int64_t id) {
    db.set_activity("loading run " + std::to_string(id));
    RunTrace trace;
    RunInfo& r = trace.info;
    {
        Stmt q(db, "SELECT name, strategy, params, sampling, target_model, draft_model, target_hash, draft_hash,"
                   " prompt, prompt_ids, device, dtype, started_at_ms, status, error, num_layers, new_tokens, steps,"
                   " drafted, accepted, wall_s, draft_s, verify_s, prefill_s FROM runs WHERE id = ?");
        q.bind(id);
        if (!q.next()) throw Error(db.path(), "no run with id " + std::to_string(id));
        r.id = id;
        r.name = q.text(0);
        r.strategy = q.text(1);
        r.params = decode(db, "run parameters", kRunLevel, [&] { return nlohmann::json::parse(q.text(2)); });
        r.sampling = decode(db, "sampling settings", kRunLevel, [&] { return nlohmann::json::parse(q.text(3)); });
        r.target_model = q.text(4);
        r.draft_model = q.text(5);
        r.target_hash = q.text(6);
        r.draft_hash = q.text(7);
        r.prompt = q.text(8);
        r.prompt_ids = decode(db, "prompt ids", kRunLevel, [&] { return ids_from_column(q.text(9)); });
        r.device = q.text(10);
        r.dtype = q.text(11);
        r.started_at_ms = q.i64(12);
        r.status = q.text(13);
        r.error = q.text(14);
        r.num_layers = q.i32(15);
        r.totals.new_tokens = q.i32(16);
        r.totals.steps = q.i32(17);
        r.totals.drafted = q.i32(18);
        r.totals.accepted = q.i32(19);
        r.totals.wall_s = q.f64(20);
        r.totals.draft_s = q.f64(21);
        r.totals.verify_s = q.f64(22);
        r.totals.prefill_s = q.f64(23);
    }
    r.schema_version = int(db.query_int("PRAGMA user_version"));

    {
        Stmt q(db, "SELECT step, kind, start_us, end_us, draft_us, verify_us, drafted, accepted, emitted,"
                   " draft_length, draft_reason, target_forwards FROM steps WHERE run_id = ? ORDER BY step");
        q.bind(id);
        while (q.next()) {
            StepRecord& s = trace.steps.emplace_back().step;
            s.index = q.i32(0);
            s.kind = q.text(1);
            s.start_us = q.i64(2);
            s.end_us = q.i64(3);
            s.draft_us = q.i64(4);
            s.verify_us = q.i64(5);
            s.drafted = q.i32(6);
            s.accepted = q.i32(7);
            s.emitted = decode(db, "emitted tokens", s.index, [&] { return ids_from_column(q.text(8)); });
            s.draft_length = q.i32(9);
            s.draft_reason = q.text(10);
            s.target_forwards = q.i32(11);
        }
    }

    // The child tables come ordered by (step, seq), like the steps: walk the
    // steps alongside instead of looking each row's step up.
    std::size_t cursor = 0;
    auto event_for = [&](int step) -> StepEvent& {
        while (cursor < trace.steps.size() && trace.steps[cursor].step.index < step) ++cursor;
        if (cursor == trace.steps.size() || trace.steps[cursor].step.index != step)
            throw Error(db.path(), "the trace is corrupt: rows for step " + std::to_string(step) +
                                       " of run " + std::to_string(id) + ", which has no such step");
        return trace.steps[cursor];
    };

    {
        Stmt q(db, "SELECT step, position, token_id, text, source, p_target, p_draft, accept_prob, entropy_target,"
                   " entropy_draft, exit_layer, top_k FROM tokens WHERE run_id = ? ORDER BY step, seq");
        q.bind(id);
        while (q.next()) {
            const int step = q.i32(0);
            TokenRecord t;
            t.position = q.i64(1);
            t.id = q.i32(2);
            t.text = q.text(3);
            t.source = decode(db, "token source", step, [&] { return token_source_from_string(q.text(4)); });
            t.step = step;
            t.p_target = q.f32(5);
            t.p_draft = q.f32(6);
            t.accept_prob = q.f32(7);
            t.entropy_target = q.f32(8);
            t.entropy_draft = q.f32(9);
            t.exit_layer = q.i32(10);
            t.top_k = decode(db, "top-k", step, [&] { return top_k_from_column(q.text(11)); });
            if (step < 0) trace.prompt_tokens.push_back(std::move(t));
            else event_for(step).tokens.push_back(std::move(t));
        }
    }

    cursor = 0;
    {
        Stmt q(db, "SELECT step, node, parent, token, depth, p_draft, verdict, text FROM tree_nodes"
                   " WHERE run_id = ? ORDER BY step, seq");
        q.bind(id);
        while (q.next()) {
            TreeNodeRecord n;
            n.step = q.i32(0);
            n.node = q.i32(1);
            n.parent = q.i32(2);
            n.token = q.i32(3);
            n.depth = q.i32(4);
            n.p_draft = q.f32(5);
            n.verdict = decode(db, "verdict", n.step, [&] { return verdict_from_string(q.text(6)); });
            n.text = q.text(7);
            event_for(n.step).tree.push_back(n);
        }
    }

    cursor = 0;
    {
        Stmt q(db, "SELECT step, position, layer, route, lens_entropy, top1_agree, cos_final FROM layer_records"
                   " WHERE run_id = ? ORDER BY step, seq");
        q.bind(id);
        while (q.next()) {
            LayerRecord l;
            const int step = q.i32(0);
            l.position = q.i64(1);
            l.layer = q.i32(2);
            l.route = q.text(3);
            l.lens_entropy = q.f32(4);
            l.top1_agree = q.f32(5);
            l.cos_final = q.f32(6);
            event_for(step).layers.push_back(std::move(l));
        }
    }

    if (r.status == "running") r.totals = totals_from_steps(trace.steps);
    return trace;
}

} // namespace specscope
