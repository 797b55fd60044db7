#include "trace/sqlite_db.h"

#include "trace/events.h"
#include "util/error.h"

#include <sys/stat.h>

#include <cctype>
#include <cerrno>
#include <cstring>

namespace specscope::sqlite {

namespace {

// A file: URI for PATH (needed to pass ?immutable=1): every byte outside the
// unreserved set is percent-encoded, so '?', '#' and '%' in names are safe.
std::string file_uri(const std::string& path) {
    static const char* hex = "0123456789ABCDEF";
    std::string uri = "file:";
    for (unsigned char c : path) {
        if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
            uri += char(c);
        } else {
            uri += '%';
            uri += hex[c >> 4];
            uri += hex[c & 15];
        }
    }
    return uri;
}

bool file_exists(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0;
}

} // namespace

Db::Db(std::string path, bool read_only) : path_(std::move(path)), read_only_(read_only) {
    if (read_only) {
        open(SQLITE_OPEN_READONLY, path_);
        // A WAL database needs its -shm file even to read. Where it cannot be
        // created (read-only mount: CANTOPEN; a directory we may not write:
        // READONLY_DIRECTORY) no writer can have the file open either (it
        // would have created the -shm), so immutable mode is safe.
        sqlite3_extended_result_codes(db_, 1);
        const int rc = sqlite3_exec(db_, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr);
        if (((rc & 0xff) == SQLITE_CANTOPEN || rc == SQLITE_READONLY_DIRECTORY) && file_exists(path_)) {
            close();
            open(SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, file_uri(path_) + "?immutable=1");
        }
        // Other probe failures (not a database, corrupt) surface at the first
        // real query, where the caller's activity makes the message clearer.
    } else {
        open(SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, path_);
        // SQLite silently falls back to read-only when the file cannot be
        // opened for writing; refuse here rather than fail at the first step.
        if (sqlite3_db_readonly(db_, "main") == 1) {
            close();
            throw Error(path_, "the file is read-only (permissions or a read-only file system); "
                               "open it read-only to view it");
        }
    }
    sqlite3_extended_result_codes(db_, 1);
    // Another process may hold the write lock for a moment (a run being
    // recorded while the GUI imports): wait rather than fail.
    sqlite3_busy_timeout(db_, 5000);
}

Db::~Db() { close(); }

void Db::open(int flags, const std::string& name) {
    const int rc = sqlite3_open_v2(name.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        const int sys = db_ ? sqlite3_system_errno(db_) : 0;
        const std::string why = sys ? std::strerror(sys) : sqlite3_errstr(rc);
        close();
        throw Error(path_, "cannot open: " + why);
    }
}

void Db::close() {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    cache_.clear();
    if (db_) sqlite3_close_v2(db_);
    db_ = nullptr;
}

void Db::fail(int rc) const {
    const int sys = db_ ? sqlite3_system_errno(db_) : 0;
    const std::string detail = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    std::string problem;
    switch (rc & 0xff) {
    case SQLITE_FULL: problem = "disk full"; break;
    case SQLITE_IOERR:
        problem = sys == ENOSPC ? "disk full" : "I/O error: " + std::string(sys ? std::strerror(sys) : detail.c_str());
        break;
    case SQLITE_READONLY:
        problem = rc == SQLITE_READONLY_DIRECTORY
                      ? "read-only: the trace's directory is not writable (SQLite keeps its -wal and -shm files there)"
                      : "the file is read-only (" + detail + ")";
        break;
    case SQLITE_NOTADB: problem = "not an SQLite database, so not a SpecScope trace (" + detail + ")"; break;
    case SQLITE_CORRUPT: problem = "the trace is corrupt (" + detail + ")"; break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: problem = "the trace is locked by another process (" + detail + ")"; break;
    case SQLITE_CANTOPEN:
        problem = "cannot open the trace or its -wal/-shm files: " + std::string(sys ? std::strerror(sys) : detail.c_str());
        break;
    case SQLITE_PERM:
    case SQLITE_AUTH: problem = "permission denied (" + detail + ")"; break;
    case SQLITE_CONSTRAINT: problem = "invalid data (" + detail + ")"; break;
    default: problem = detail; break;
    }
    throw Error(path_, problem + " while " + activity_);
}

void Db::exec(const char* sql) {
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) fail(rc);
}

int64_t Db::query_int(const char* sql) {
    sqlite3_stmt* s = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql, -1, &s, nullptr);
    if (rc != SQLITE_OK) fail(rc);
    rc = sqlite3_step(s);
    const int64_t value = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        // Keep the error message of the step, not of the finalize.
        try {
            fail(rc);
        } catch (...) {
            sqlite3_finalize(s);
            throw;
        }
    }
    sqlite3_finalize(s);
    return value;
}

sqlite3_stmt* Db::cached(const char* sql) {
    auto it = cache_.find(sql);
    if (it != cache_.end()) return it->second;
    sqlite3_stmt* s = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr);
    if (rc != SQLITE_OK) fail(rc);
    cache_.emplace(sql, s);
    return s;
}

// --- Stmt ---

bool Stmt::next() {
    const int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    db_.fail(rc);
}

void Stmt::run() {
    while (next()) {
    }
    sqlite3_reset(s_);
}

float Stmt::f32(int col) const { return is_null(col) ? kNoValue : float(sqlite3_column_double(s_, col)); }

std::string Stmt::text(int col) const {
    // Bytes, not a C string: token texts may hold partial UTF-8 or NULs.
    const auto* p = static_cast<const char*>(sqlite3_column_blob(s_, col));
    return p ? std::string(p, std::size_t(sqlite3_column_bytes(s_, col))) : std::string();
}

void Stmt::check(int rc) const {
    if (rc != SQLITE_OK) db_.fail(rc);
}

void Stmt::bind_one(int i, int v) { check(sqlite3_bind_int(s_, i, v)); }
void Stmt::bind_one(int i, int64_t v) { check(sqlite3_bind_int64(s_, i, v)); }
void Stmt::bind_one(int i, double v) { check(v != v ? sqlite3_bind_null(s_, i) : sqlite3_bind_double(s_, i, v)); }
void Stmt::bind_one(int i, float v) { bind_one(i, double(v)); }
void Stmt::bind_one(int i, const char* v) { check(sqlite3_bind_text(s_, i, v, -1, SQLITE_TRANSIENT)); }
void Stmt::bind_one(int i, const std::string& v) {
    check(sqlite3_bind_text(s_, i, v.data(), int(v.size()), SQLITE_TRANSIENT));
}

// --- Transaction ---

Transaction::Transaction(Db& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
    // After some errors (SQLITE_FULL among them) SQLite has already rolled
    // back; only roll back a transaction that is still open.
    if (!done_ && !sqlite3_get_autocommit(db_.handle()))
        sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
    db_.exec("COMMIT");
    done_ = true;
}

} // namespace specscope::sqlite
