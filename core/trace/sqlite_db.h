// A thin RAII layer over the SQLite C API for the trace store: one
// connection, prepared statements cached for reuse, transactions that roll
// back unless committed, and every failure turned into a specscope::Error
// that names the file and says what went wrong in words a user can act on
// (disk full, read-only, corrupt, locked). Internal to core/trace: the public
// headers (trace_store.h) never include sqlite3.h.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <unordered_map>

namespace specscope::sqlite {

class Db {
public:
    // Opens (ReadWrite: creates) the file. A ReadWrite open of a file that
    // SQLite could only open read-only (permissions, read-only mount) is
    // refused here, before anything is read. A ReadOnly open of a WAL file on
    // a medium where its -shm file cannot be created falls back to SQLite's
    // immutable mode, so shipped or archived traces stay readable.
    Db(std::string path, bool read_only);
    ~Db();
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;

    const std::string& path() const { return path_; }
    bool read_only() const { return read_only_; }
    sqlite3* handle() const { return db_; }

    // What the store is doing, for error messages ("writing step 12").
    void set_activity(std::string activity) { activity_ = std::move(activity); }

    void exec(const char* sql);                 // statements without results
    int64_t query_int(const char* sql);         // the first column of the first row (0 if none)
    sqlite3_stmt* cached(const char* sql);      // prepared once, reused until close
    int64_t changes() const { return sqlite3_changes64(db_); }
    int64_t last_insert_id() const { return sqlite3_last_insert_rowid(db_); }

    // Throws Error(path, problem) for an SQLite result code.
    [[noreturn]] void fail(int rc) const;

private:
    void open(int flags, const std::string& name);
    void close();

    std::string path_;
    bool read_only_;
    sqlite3* db_ = nullptr;
    std::string activity_ = "opening the trace";
    std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

// One use of a cached statement: bind, step, read columns. The statement is
// reset when this goes out of scope, so it can be reused at once and never
// holds a read lock longer than its scope.
class Stmt {
public:
    Stmt(Db& db, const char* sql) : db_(db), s_(db.cached(sql)) {}
    ~Stmt() {
        sqlite3_reset(s_);
        sqlite3_clear_bindings(s_);
    }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;

    // Binds the values to ?1, ?2, ... in order.
    template <class... T>
    Stmt& bind(const T&... values) {
        int i = 0;
        (bind_one(++i, values), ...);
        return *this;
    }

    bool next();  // steps: true while there is a row
    void run();   // runs a statement that returns no rows, then resets it for the next bind()

    bool is_null(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
    int64_t i64(int col) const { return sqlite3_column_int64(s_, col); }
    int i32(int col) const { return sqlite3_column_int(s_, col); }
    double f64(int col) const { return sqlite3_column_double(s_, col); }
    float f32(int col) const;  // NULL reads back as kNoValue (NaN)
    std::string text(int col) const;

private:
    void bind_one(int i, int v);
    void bind_one(int i, int64_t v);
    void bind_one(int i, double v);
    void bind_one(int i, float v);  // NaN is stored as NULL
    void bind_one(int i, const std::string& v);
    void bind_one(int i, const char* v);
    void check(int rc) const;

    Db& db_;
    sqlite3_stmt* s_;
};

// BEGIN IMMEDIATE ... COMMIT. Rolls back unless commit() succeeded, so an
// error thrown half-way (disk full, a bad row) leaves nothing behind.
// IMMEDIATE takes the write lock up front: a second writer waits (busy
// timeout) instead of failing half-way through the transaction.
class Transaction {
public:
    explicit Transaction(Db& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Db& db_;
    bool done_ = false;
};

} // namespace specscope::sqlite
