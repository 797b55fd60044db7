#include "trace/trace_store.h"

#include "trace/sqlite_db.h"
#include "trace/trace_columns.h"
#include "trace/trace_reader.h"
#include "trace/trace_schema.h"
#include "util/error.h"

#include <nlohmann/json.hpp>

namespace specscope {

using sqlite::Db;
using sqlite::Stmt;
using sqlite::Transaction;

namespace {

// JSON columns never throw on odd strings: invalid UTF-8 becomes U+FFFD.
std::string json_text(const nlohmann::json& j) {
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

int64_t insert_run(Db& db, const RunInfo& r, const std::string& status) {
    Stmt q(db, "INSERT INTO runs (name, strategy, params, sampling, target_model, draft_model, target_hash,"
               " draft_hash, prompt, prompt_ids, device, dtype, started_at_ms, status, error, num_layers, new_tokens,"
               " steps, drafted, accepted, wall_s, draft_s, verify_s, prefill_s)"
               " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,"
               " ?21, ?22, ?23, ?24)");
    const RunTotals& t = r.totals;
    q.bind(r.name, r.strategy, json_text(r.params), json_text(r.sampling), r.target_model, r.draft_model,
           r.target_hash, r.draft_hash, r.prompt, ids_to_column(r.prompt_ids), r.device, r.dtype, r.started_at_ms,
           status, r.error, r.num_layers, t.new_tokens, t.steps, t.drafted, t.accepted, t.wall_s, t.draft_s,
           t.verify_s, t.prefill_s)
        .run();
    return db.last_insert_id();
}

// Tokens are filed under STEP (the emitting step's index; -1 for the prompt)
// and their index in the list, which is the order they load back in.
void insert_tokens(Db& db, int64_t run_id, int step, const std::vector<TokenRecord>& tokens) {
    Stmt q(db, "INSERT INTO tokens (run_id, step, seq, position, token_id, text, source, p_target, p_draft,"
               " accept_prob, entropy_target, entropy_draft, exit_layer, top_k)"
               " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const TokenRecord& t = tokens[i];
        q.bind(run_id, step, int(i), t.position, t.id, t.text, to_string(t.source), t.p_target, t.p_draft,
               t.accept_prob, t.entropy_target, t.entropy_draft, t.exit_layer, top_k_to_column(t.top_k))
            .run();
    }
}

void insert_step(Db& db, int64_t run_id, const StepEvent& e) {
    const StepRecord& s = e.step;
    {
        Stmt q(db, "INSERT INTO steps (run_id, step, kind, start_us, end_us, draft_us, verify_us, drafted, accepted,"
                   " emitted, draft_length, draft_reason, target_forwards)"
                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
        q.bind(run_id, s.index, s.kind, s.start_us, s.end_us, s.draft_us, s.verify_us, s.drafted, s.accepted,
               ids_to_column(s.emitted), s.draft_length, s.draft_reason, s.target_forwards)
            .run();
    }
    insert_tokens(db, run_id, s.index, e.tokens);
    if (!e.tree.empty()) {
        Stmt q(db, "INSERT INTO tree_nodes (run_id, step, seq, node, parent, token, depth, p_draft, verdict, text)"
                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
        for (std::size_t i = 0; i < e.tree.size(); ++i) {
            const TreeNodeRecord& n = e.tree[i];
            q.bind(run_id, s.index, int(i), n.node, n.parent, n.token, n.depth, n.p_draft, to_string(n.verdict), n.text)
                .run();
        }
    }
    if (!e.layers.empty()) {
        Stmt q(db, "INSERT INTO layer_records (run_id, step, seq, position, layer, route, lens_entropy, top1_agree,"
                   " cos_final) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
        for (std::size_t i = 0; i < e.layers.size(); ++i) {
            const LayerRecord& l = e.layers[i];
            q.bind(run_id, s.index, int(i), l.position, l.layer, l.route, l.lens_entropy, l.top1_agree, l.cos_final)
                .run();
        }
    }
}

void require_run(Db& db, int64_t id) {
    Stmt q(db, "SELECT 1 FROM runs WHERE id = ?1");
    q.bind(id);
    if (!q.next()) throw Error(db.path(), "no run with id " + std::to_string(id));
}

} // namespace

std::unique_ptr<TraceStore> TraceStore::open(const std::string& path, Mode mode) {
    auto db = std::make_unique<Db>(path, mode == Mode::ReadOnly);
    const int version = prepare_trace_schema(*db);
    db->set_activity("opening the trace");
    if (mode == Mode::ReadOnly) {
        // A second guard besides the read-only open: SQLite itself refuses
        // any write on this connection.
        db->exec("PRAGMA query_only = ON");
    } else {
        // NORMAL in WAL mode: a commit is durable against a killed process
        // (the WAL is written before COMMIT returns) but only synced at
        // checkpoints, so a step costs no fsync. Power loss may drop the
        // last steps; it cannot corrupt the file.
        db->exec("PRAGMA synchronous = NORMAL");
        db->exec("PRAGMA foreign_keys = ON");  // delete_run cascades through the ON DELETE clauses
    }
    return std::unique_ptr<TraceStore>(new TraceStore(std::move(db), mode, version));
}

TraceStore::TraceStore(std::unique_ptr<Db> db, Mode mode, int schema_version)
    : db_(std::move(db)), mode_(mode), schema_version_(schema_version) {}

TraceStore::~TraceStore() = default;

const std::string& TraceStore::path() const { return db_->path(); }

void TraceStore::require_writable(const char* what) const {
    if (mode_ == Mode::ReadOnly) throw Error(path(), std::string("opened read-only: cannot ") + what);
}

void TraceStore::begin_run(RunInfo& run) {
    require_writable("record a run");
    db_->set_activity("recording the start of a run");
    std::vector<TokenRecord> prompt(run.prompt_ids.size());
    for (std::size_t i = 0; i < prompt.size(); ++i) {
        prompt[i].position = int64_t(i);
        prompt[i].id = run.prompt_ids[i];
        prompt[i].source = TokenSource::Prompt;
        prompt[i].step = -1;
    }
    Transaction tx(*db_);
    const int64_t id = insert_run(*db_, run, "running");
    insert_tokens(*db_, id, -1, prompt);
    tx.commit();
    run.id = id;
}

void TraceStore::on_step(const RunInfo& run, const StepEvent& event) {
    require_writable("record a step");
    if (run.id <= 0) throw Error(path(), "a step arrived for a run that was never begun (begin_run not called)");
    db_->set_activity("writing step " + std::to_string(event.step.index) + " of run " + std::to_string(run.id));
    Transaction tx(*db_);
    insert_step(*db_, run.id, event);
    tx.commit();
}

void TraceStore::end_run(const RunInfo& run) {
    require_writable("record the end of a run");
    db_->set_activity("recording the end of run " + std::to_string(run.id));
    const RunTotals& t = run.totals;
    Stmt q(*db_, "UPDATE runs SET status = ?1, error = ?2, new_tokens = ?3, steps = ?4, drafted = ?5, accepted = ?6,"
                 " wall_s = ?7, draft_s = ?8, verify_s = ?9, prefill_s = ?10 WHERE id = ?11");
    q.bind(run.status, run.error, t.new_tokens, t.steps, t.drafted, t.accepted, t.wall_s, t.draft_s, t.verify_s,
           t.prefill_s, run.id)
        .run();
    if (db_->changes() == 0) throw Error(path(), "no run with id " + std::to_string(run.id));
}

void TraceStore::set_prompt_tokens(int64_t run_id, const std::vector<TokenRecord>& tokens) {
    require_writable("store prompt tokens");
    db_->set_activity("storing the prompt tokens of run " + std::to_string(run_id));
    Transaction tx(*db_);
    require_run(*db_, run_id);
    {
        Stmt q(*db_, "DELETE FROM tokens WHERE run_id = ?1 AND step = -1");
        q.bind(run_id).run();
    }
    insert_tokens(*db_, run_id, -1, tokens);
    tx.commit();
}

std::vector<RunSummary> TraceStore::list_runs() { return read_run_list(*db_); }

RunTrace TraceStore::load_run(int64_t id) { return read_run(*db_, id); }

void TraceStore::rename_run(int64_t id, const std::string& name) {
    require_writable("rename a run");
    db_->set_activity("renaming run " + std::to_string(id));
    Stmt q(*db_, "UPDATE runs SET name = ?1 WHERE id = ?2");
    q.bind(name, id).run();
    if (db_->changes() == 0) throw Error(path(), "no run with id " + std::to_string(id));
}

void TraceStore::delete_run(int64_t id) {
    require_writable("delete a run");
    db_->set_activity("deleting run " + std::to_string(id));
    Stmt q(*db_, "DELETE FROM runs WHERE id = ?1");
    q.bind(id).run();
    if (db_->changes() == 0) throw Error(path(), "no run with id " + std::to_string(id));
}

int64_t TraceStore::write_run(const RunTrace& trace) {
    require_writable("import a run");
    db_->set_activity("importing run '" + trace.info.name + "'");
    Transaction tx(*db_);
    const int64_t id = insert_run(*db_, trace.info, trace.info.status);
    insert_tokens(*db_, id, -1, trace.prompt_tokens);
    for (const StepEvent& e : trace.steps) insert_step(*db_, id, e);
    tx.commit();
    return id;
}

} // namespace specscope
