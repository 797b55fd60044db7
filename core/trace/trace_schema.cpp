#include "trace/trace_schema.h"

#include "trace/sqlite_db.h"
#include "util/error.h"

#include <string>

namespace specscope {

namespace {

using sqlite::Db;

// "SpSc" in PRAGMA application_id marks the file as a SpecScope trace, so a
// foreign database is told apart from ours without guessing from table names.
constexpr int64_t kApplicationId = 0x53705363;

// One step of the schema's history: the SQL that takes a trace from
// version - 1 to `version`. A later SpecScope appends a migration (new
// tables, ALTER TABLE ... ADD COLUMN with a default) and raises
// kTraceSchemaVersion. Never edit a released migration: files exist at every
// version and each must upgrade the same way.
struct Migration {
    int version;
    const char* sql;
};

// Version 1. Child tables are keyed (run_id, step, seq), seq being the
// record's index in its StepEvent vector: a run loads with one ordered range
// scan per table and comes back in exactly the order it was written. Prompt
// tokens are tokens with step -1. Nested values (params, ids, top-k) are JSON
// text; NaN floats (kNoValue) are NULL.
const Migration kMigrations[] = {
    {1, R"sql(
CREATE TABLE runs (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL,
    strategy      TEXT    NOT NULL,
    params        TEXT    NOT NULL,  -- JSON object
    sampling      TEXT    NOT NULL,  -- JSON object
    target_model  TEXT    NOT NULL,
    draft_model   TEXT    NOT NULL,
    target_hash   TEXT    NOT NULL,
    draft_hash    TEXT    NOT NULL,
    prompt        TEXT    NOT NULL,
    prompt_ids    TEXT    NOT NULL,  -- JSON array of token ids
    device        TEXT    NOT NULL,
    dtype         TEXT    NOT NULL,
    started_at_ms INTEGER NOT NULL,
    status        TEXT    NOT NULL,  -- running | finished | cancelled | failed
    error         TEXT    NOT NULL,
    num_layers    INTEGER NOT NULL,
    new_tokens    INTEGER NOT NULL,  -- totals, final once status is not running
    steps         INTEGER NOT NULL,
    drafted       INTEGER NOT NULL,
    accepted      INTEGER NOT NULL,
    wall_s        REAL    NOT NULL,
    draft_s       REAL    NOT NULL,
    verify_s      REAL    NOT NULL,
    prefill_s     REAL    NOT NULL
);

CREATE TABLE steps (
    run_id          INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    step            INTEGER NOT NULL,
    kind            TEXT    NOT NULL,
    start_us        INTEGER NOT NULL,
    end_us          INTEGER NOT NULL,
    draft_us        INTEGER NOT NULL,
    verify_us       INTEGER NOT NULL,
    drafted         INTEGER NOT NULL,
    accepted        INTEGER NOT NULL,
    emitted         TEXT    NOT NULL,  -- JSON array of token ids
    draft_length    INTEGER NOT NULL,
    draft_reason    TEXT    NOT NULL,
    target_forwards INTEGER NOT NULL,
    PRIMARY KEY (run_id, step)
) WITHOUT ROWID;

CREATE TABLE tokens (
    run_id         INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    step           INTEGER NOT NULL,  -- -1 for the prompt
    seq            INTEGER NOT NULL,
    position       INTEGER NOT NULL,
    token_id       INTEGER NOT NULL,
    text           TEXT    NOT NULL,
    source         TEXT    NOT NULL,  -- prompt | accepted_draft | correction | bonus | target
    p_target       REAL,
    p_draft        REAL,
    accept_prob    REAL,
    entropy_target REAL,
    entropy_draft  REAL,
    exit_layer     INTEGER NOT NULL,
    top_k          TEXT    NOT NULL,  -- JSON [[id, p], ...]
    PRIMARY KEY (run_id, step, seq)
) WITHOUT ROWID;
CREATE INDEX tokens_by_position ON tokens (run_id, position);

CREATE TABLE tree_nodes (
    run_id  INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    step    INTEGER NOT NULL,
    seq     INTEGER NOT NULL,
    node    INTEGER NOT NULL,
    parent  INTEGER NOT NULL,
    token   INTEGER NOT NULL,
    depth   INTEGER NOT NULL,
    p_draft REAL,
    verdict TEXT    NOT NULL,  -- accepted | rejected | not_reached
    PRIMARY KEY (run_id, step, seq)
) WITHOUT ROWID;

CREATE TABLE layer_records (
    run_id       INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    step         INTEGER NOT NULL,
    seq          INTEGER NOT NULL,
    position     INTEGER NOT NULL,
    layer        INTEGER NOT NULL,
    route        TEXT    NOT NULL,
    lens_entropy REAL,
    top1_agree   REAL,
    cos_final    REAL,
    PRIMARY KEY (run_id, step, seq)
) WITHOUT ROWID;
CREATE INDEX layer_records_by_position ON layer_records (run_id, position, layer);
)sql"},
    // Version 2: the text of every draft-tree node, so that rejected and
    // unreached drafts (never emitted as tokens) can be shown as text. Also
    // from version 2, tokens.top_k entries may carry a third element, the
    // alternative's text in hex ([[id, p, "6c616d62"], ...]; trace_columns.cpp).
    {2, R"sql(
ALTER TABLE tree_nodes ADD COLUMN text TEXT NOT NULL DEFAULT '';
)sql"},
};

void migrate(Db& db) {
    db.set_activity("creating or upgrading the trace's tables");
    sqlite::Transaction tx(db);
    // Read again inside the write lock: another process may have created or
    // upgraded the file since we looked.
    const int64_t from = db.query_int("PRAGMA user_version");
    if (from >= kTraceSchemaVersion) return;  // nothing to do; the destructor ends the transaction
    for (const Migration& m : kMigrations)
        if (m.version > from) db.exec(m.sql);
    db.exec(("PRAGMA application_id = " + std::to_string(kApplicationId)).c_str());
    db.exec(("PRAGMA user_version = " + std::to_string(kTraceSchemaVersion)).c_str());
    tx.commit();
}

} // namespace

int prepare_trace_schema(Db& db) {
    const std::string& path = db.path();
    db.set_activity("opening the trace");
    const int64_t version = db.query_int("PRAGMA user_version");
    const int64_t app = db.query_int("PRAGMA application_id");
    const bool fresh = version == 0 && app == 0 && db.query_int("SELECT count(*) FROM sqlite_master") == 0;

    // Look before touching anything: a foreign file is refused unchanged.
    if (!fresh) {
        if (app != kApplicationId ||
            db.query_int("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'runs'") == 0)
            throw Error(path, "an SQLite database, but not a SpecScope trace");
        if (version > kTraceSchemaVersion)
            throw Error(path, "written by a newer SpecScope (trace schema version " + std::to_string(version) +
                                  "; this build reads versions up to " + std::to_string(kTraceSchemaVersion) + ")");
    }
    if (db.read_only()) {
        if (fresh) throw Error(path, "empty file, not a SpecScope trace");
        if (version < kTraceSchemaVersion)
            throw Error(path, "trace schema version " + std::to_string(version) +
                                  " is older than this build's; open it once read-write to upgrade it");
        return int(version);
    }

    // WAL: a reader (the GUI) never blocks the writer, and a commit is one
    // append, so a killed process loses at most the step it was writing.
    // The mode is stored in the file; it cannot change inside a transaction.
    db.exec("PRAGMA journal_mode = WAL");
    if (version < kTraceSchemaVersion) migrate(db);
    return kTraceSchemaVersion;
}

} // namespace specscope
