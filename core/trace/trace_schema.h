// The trace file's schema: identity checks (is this a SpecScope trace at
// all, and one this build can read?) and the migrations that create and
// upgrade it. Internal to core/trace.
#pragma once

namespace specscope::sqlite {
class Db;
}

namespace specscope {

constexpr int kTraceSchemaVersion = 2;  // PRAGMA user_version of a current trace

// Checks the opened file and, when writable, creates or upgrades the schema
// (all pending migrations in one transaction). Returns the schema version.
// Throws Error(path, ...) for: not an SQLite database, an SQLite database that
// is not a trace, a trace written by a newer SpecScope, an empty or outdated
// file opened read-only, corruption.
int prepare_trace_schema(sqlite::Db& db);

} // namespace specscope
