// The trace store: one SQLite file holding any number of runs. As a
// TraceSink it records a run while it happens, one transaction per step, so
// a process killed at any moment leaves every completed step readable (the
// run's status then stays "running"). It also lists, loads, renames, deletes
// and imports whole runs. Schema: core/trace/trace_schema.cpp.
//
// One TraceStore is one connection and is not thread-safe; a reader in
// another thread or process opens its own (WAL: readers never block the
// writer). Every failure throws specscope::Error naming the file.
#pragma once

#include "trace/events.h"
#include "trace/run_trace.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace specscope {

namespace sqlite {
class Db;
}

class TraceStore : public TraceSink {
public:
    enum class Mode {
        ReadWrite,  // creates the file if missing; refuses a file it cannot write
        ReadOnly,   // never writes, not even the schema; every write method throws
    };

    // Throws Error(path, ...) when the file cannot be opened, is not an SQLite
    // database, is an SQLite database but not a trace, was written by a newer
    // SpecScope, is corrupt, or (ReadWrite) is read-only.
    static std::unique_ptr<TraceStore> open(const std::string& path, Mode mode = Mode::ReadWrite);
    ~TraceStore() override;

    const std::string& path() const;
    Mode mode() const { return mode_; }
    int schema_version() const { return schema_version_; }

    // --- TraceSink: recording a run as it happens ---
    // Inserts the run with status "running" and assigns run.id. Its prompt
    // tokens are stored from run.prompt_ids (ids only: the sink sees no
    // texts); set_prompt_tokens() replaces them with full records.
    void begin_run(RunInfo& run) override;
    // Writes the step with its tokens, tree and layer records in one
    // transaction: all of it or (on any error) none of it. Each record is
    // filed under event.step.index, which is what it reads back with.
    void on_step(const RunInfo& run, const StepEvent& event) override;
    // Stores the final status, error and totals.
    void end_run(const RunInfo& run) override;

    void set_prompt_tokens(int64_t run_id, const std::vector<TokenRecord>& tokens);

    // --- whole runs ---
    std::vector<RunSummary> list_runs();
    RunTrace load_run(int64_t id);              // schema_version is this file's
    void rename_run(int64_t id, const std::string& name);
    void delete_run(int64_t id);                // with all its steps and records
    int64_t write_run(const RunTrace& trace);   // one transaction; returns the new id (trace.info.id is ignored)

private:
    TraceStore(std::unique_ptr<sqlite::Db> db, Mode mode, int schema_version);
    void require_writable(const char* what) const;

    std::unique_ptr<sqlite::Db> db_;
    Mode mode_;
    int schema_version_;
};

} // namespace specscope
