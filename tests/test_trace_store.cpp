// Trace store, exporters and importer: a synthetic run (trees, NaN fields,
// top-k, layer records, text with quotes, commas, newlines and broken UTF-8)
// survives the store (through the TraceSink interface and write_run), JSON
// export + import, and CSV export field by field; the Perfetto export has the
// events it should; runs list, rename and delete (cascading); and the files a
// user can meet are handled: a writer killed by SIGKILL, read-only files,
// random bytes, a truncated or scribbled trace, a foreign SQLite database, a
// newer schema, and a full disk. All data is generated here.
#include "trace/export_csv.h"
#include "trace/export_json.h"
#include "trace/export_perfetto.h"
#include "trace/import_json.h"
#include "trace/trace_schema.h"
#include "trace/trace_store.h"
#include "util/error.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "expect_error.h"

using namespace specscope;
using nlohmann::json;


namespace {

std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_bytes(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
}

// Unmounts a test-only tmpfs even when the test fails half-way.
struct MountGuard {
    std::string dir;
    ~MountGuard() {
        if (!dir.empty()) ::umount2(dir.c_str(), MNT_DETACH);
    }
};

// Mounts a tmpfs of SIZE at DIR; returns an empty string or why it could not.
std::string mount_tmpfs(const std::string& dir, const char* size) {
    if (::geteuid() != 0) return "needs root to mount a tmpfs";
    const std::string opts = std::string("size=") + size;
    if (::mount("tmpfs", dir.c_str(), "tmpfs", 0, opts.c_str()) != 0)
        return std::string("cannot mount a tmpfs: ") + std::strerror(errno);
    return {};
}

// Raw SQLite access, to look behind the store's back.
struct RawDb {
    sqlite3* db = nullptr;
    explicit RawDb(const std::string& path) { sqlite3_open(path.c_str(), &db); }
    ~RawDb() { sqlite3_close(db); }
    int64_t value(const std::string& sql) {
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) return -999;
        const int64_t v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -998;
        sqlite3_finalize(s);
        return v;
    }
    std::string text(const std::string& sql) {
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) return "?";
        std::string v;
        if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
            v = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
        sqlite3_finalize(s);
        return v;
    }
    bool exec(const std::string& sql) { return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK; }
};

// --- a synthetic run ---

constexpr int kPromptLen = 5;

// Step i emits 1 + i % 3 tokens, so positions are known without the run.
int tokens_in_step(int i) { return 1 + i % 3; }
int64_t first_position(int i) { return kPromptLen + (i / 3) * 6 + (i % 3 == 0 ? 0 : i % 3 == 1 ? 1 : 3); }

StepEvent make_step(int i) {
    StepEvent e;
    StepRecord& s = e.step;
    const int n = tokens_in_step(i);
    s.index = i;
    s.kind = "verify";
    s.start_us = 1000 + int64_t(i) * 500;
    s.draft_us = 120 + i % 7;
    s.verify_us = 300 + i % 5;
    s.end_us = s.start_us + s.draft_us + s.verify_us + 3;
    s.drafted = 4;
    s.accepted = n - 1;
    s.draft_length = 4;
    s.draft_reason = i % 2 ? "confidence 0.31 < p_min 0.4, at \"3\"\nnext line" : "fixed gamma=4";
    s.target_forwards = 1;
    for (int j = 0; j < n; ++j) {
        TokenRecord t;
        t.position = first_position(i) + j;
        t.id = 100 + i * 7 + j;
        t.text = "tok" + std::to_string(i) + "_" + std::to_string(j);
        if (i % 4 == 1 && j == 0) t.text = "naïve, \"quoted\"\n";
        if (i % 5 == 2 && j == n - 1) t.text = "\xE2\x82";  // the first two bytes of "€"
        if (i % 6 == 3) t.text = " 日本語 😀 ";
        const bool last = j == n - 1;
        t.source = !last ? TokenSource::AcceptedDraft : i % 4 == 0 ? TokenSource::Bonus : TokenSource::Correction;
        t.step = i;
        t.p_target = 0.5f / float(j + 1) + 0.001f * float(i % 10);
        t.p_draft = last ? kNoValue : 0.25f + 0.1f * float(j);
        t.accept_prob = last ? kNoValue : 0.8f / float(j + 1);
        t.entropy_target = 1.5f + 0.01f * float(i % 50);
        t.entropy_draft = j % 2 ? kNoValue : 2.25f;
        t.exit_layer = i % 3 == 0 ? -1 : 2;
        // Alternatives' texts: plain, with JSON's and the column's own
        // syntax in them, a partial UTF-8 sequence, and none (old traces).
        static const char* alt_texts[] = {" lamb", "\"],[", "\xe2\x82", ""};
        for (int k = 0; k < (i + j) % 4; ++k)
            t.top_k.push_back({int32_t(t.id + k), k == 2 ? kNoValue : 0.3f / float(k + 1), alt_texts[(i + k) % 4]});
        s.emitted.push_back(t.id);
        e.tokens.push_back(t);
    }
    for (int k = 0; k < 5; ++k) {
        TreeNodeRecord node;
        node.step = i;
        node.node = k;
        node.parent = k == 0 ? -1 : (k - 1) / 2;
        node.token = 200 + i + k;
        node.depth = k == 0 ? 0 : k < 3 ? 1 : 2;
        node.p_draft = k == 0 ? kNoValue : 0.9f / float(k);
        node.verdict = k < n ? Verdict::Accepted : k == n ? Verdict::Rejected : Verdict::NotReached;
        node.text = k == 3 ? std::string("\xe2\x82") : " w" + std::to_string(i * 5 + k);  // one partial UTF-8 sequence
        e.tree.push_back(node);
    }
    static const char* routes[] = {"big", "small", "skip", "exit", ""};
    for (int layer = 0; layer < 5; ++layer) {
        LayerRecord l;
        l.position = first_position(i);
        l.layer = layer;
        l.route = routes[layer];
        l.lens_entropy = layer == 4 ? kNoValue : 3.0f - 0.5f * float(layer) + 0.001f * float(i % 100);
        l.top1_agree = layer >= 2 ? 1.0f : 0.0f;
        l.cos_final = layer == 0 ? kNoValue : 0.1f * float(layer) + 0.5f;
        e.layers.push_back(l);
    }
    return e;
}

RunInfo make_info() {
    RunInfo r;
    r.name = "Démo run, \"quoted\"\nsecond line ✓";
    r.strategy = "tree";
    r.params = {{"gamma", 4}, {"tree", {{"depth", 3}, {"width", 2}}}, {"note", "a, \"b\"\nc"}, {"p_min", 0.4}};
    r.sampling = {{"temperature", 0.7}, {"top_k", 50}, {"top_p", 0.95}, {"seed", 1234}};
    r.target_model = "/models/target, v2";
    r.draft_model = "/models/draft";
    r.target_hash = "abc123";
    r.draft_hash = "def456";
    r.prompt = "Hello, \"world\"\n— ünïcødé 😀";
    r.prompt_ids = {1, 2, 3, 4, 5};
    r.device = "cpu";
    r.dtype = "float32";
    r.started_at_ms = 1700000000123;
    r.status = "finished";
    r.num_layers = 4;
    return r;
}

RunTrace make_run(int steps) {
    RunTrace t;
    t.info = make_info();
    static const char* texts[] = {"Hello", ",", " \"world\"", "\n—", " ünïcødé 😀"};
    for (int i = 0; i < kPromptLen; ++i) {
        TokenRecord p;
        p.position = i;
        p.id = t.info.prompt_ids[std::size_t(i)];
        p.text = texts[i];
        p.source = TokenSource::Prompt;
        p.step = -1;
        p.p_target = i == 0 ? kNoValue : 0.1f * float(i);
        p.entropy_target = i == 0 ? kNoValue : 4.0f - float(i);
        if (i == 2) p.top_k = {{7, 0.5f, " ram"}, {8, 0.25f, {}}};
        t.prompt_tokens.push_back(p);
    }
    for (int i = 0; i < steps; ++i) t.steps.push_back(make_step(i));
    RunTotals& tot = t.info.totals;
    for (const StepEvent& e : t.steps) {
        tot.new_tokens += int(e.step.emitted.size());
        tot.drafted += e.step.drafted;
        tot.accepted += e.step.accepted;
    }
    tot.steps = steps;
    tot.wall_s = 1.25;
    tot.draft_s = 0.5;
    tot.verify_s = 0.7;
    tot.prefill_s = 0.05;
    return t;
}

// --- field-by-field comparison; the first difference is reported ---

std::string show(const std::string& s) { return "\"" + s + "\""; }
std::string show(const json& j) { return j.dump(); }
template <class T>
std::string show(const T& v) {
    std::ostringstream s;
    s << v;
    return s.str();
}
std::string show(const std::vector<int32_t>& v) {
    std::string s = "[";
    for (int32_t x : v) s += std::to_string(x) + " ";
    return s + "]";
}

struct Diff {
    std::string first;
    template <class T>
    void eq(const std::string& what, const T& a, const T& b) {
        if (first.empty() && !(a == b)) first = what + ": " + show(a) + " != " + show(b);
    }
    // NaN equals NaN here: kNoValue must come back as kNoValue.
    void eqf(const std::string& what, float a, float b) {
        const bool same = (std::isnan(a) && std::isnan(b)) || a == b;
        if (first.empty() && !same) first = what + ": " + show(a) + " != " + show(b);
    }
};

void compare(Diff& d, const std::string& w, const TokenRecord& a, const TokenRecord& b) {
    d.eq(w + ".position", a.position, b.position);
    d.eq(w + ".id", a.id, b.id);
    d.eq(w + ".text", a.text, b.text);
    d.eq(w + ".source", std::string(to_string(a.source)), std::string(to_string(b.source)));
    d.eq(w + ".step", a.step, b.step);
    d.eqf(w + ".p_target", a.p_target, b.p_target);
    d.eqf(w + ".p_draft", a.p_draft, b.p_draft);
    d.eqf(w + ".accept_prob", a.accept_prob, b.accept_prob);
    d.eqf(w + ".entropy_target", a.entropy_target, b.entropy_target);
    d.eqf(w + ".entropy_draft", a.entropy_draft, b.entropy_draft);
    d.eq(w + ".exit_layer", a.exit_layer, b.exit_layer);
    d.eq(w + ".top_k.size", a.top_k.size(), b.top_k.size());
    for (std::size_t k = 0; k < std::min(a.top_k.size(), b.top_k.size()); ++k) {
        d.eq(w + ".top_k.id", a.top_k[k].id, b.top_k[k].id);
        d.eqf(w + ".top_k.p", a.top_k[k].p, b.top_k[k].p);
        d.eq(w + ".top_k.text", a.top_k[k].text, b.top_k[k].text);
    }
}

void compare(Diff& d, const std::string& w, const StepEvent& a, const StepEvent& b) {
    const StepRecord &x = a.step, &y = b.step;
    d.eq(w + ".index", x.index, y.index);
    d.eq(w + ".kind", x.kind, y.kind);
    d.eq(w + ".start_us", x.start_us, y.start_us);
    d.eq(w + ".end_us", x.end_us, y.end_us);
    d.eq(w + ".draft_us", x.draft_us, y.draft_us);
    d.eq(w + ".verify_us", x.verify_us, y.verify_us);
    d.eq(w + ".drafted", x.drafted, y.drafted);
    d.eq(w + ".accepted", x.accepted, y.accepted);
    d.eq(w + ".emitted", x.emitted, y.emitted);
    d.eq(w + ".draft_length", x.draft_length, y.draft_length);
    d.eq(w + ".draft_reason", x.draft_reason, y.draft_reason);
    d.eq(w + ".target_forwards", x.target_forwards, y.target_forwards);
    d.eq(w + ".tokens.size", a.tokens.size(), b.tokens.size());
    for (std::size_t i = 0; i < std::min(a.tokens.size(), b.tokens.size()); ++i)
        compare(d, w + ".tokens[" + std::to_string(i) + "]", a.tokens[i], b.tokens[i]);
    d.eq(w + ".tree.size", a.tree.size(), b.tree.size());
    for (std::size_t i = 0; i < std::min(a.tree.size(), b.tree.size()); ++i) {
        const TreeNodeRecord &p = a.tree[i], &q = b.tree[i];
        const std::string t = w + ".tree[" + std::to_string(i) + "]";
        d.eq(t + ".step", p.step, q.step);
        d.eq(t + ".node", p.node, q.node);
        d.eq(t + ".parent", p.parent, q.parent);
        d.eq(t + ".token", p.token, q.token);
        d.eq(t + ".depth", p.depth, q.depth);
        d.eqf(t + ".p_draft", p.p_draft, q.p_draft);
        d.eq(t + ".verdict", std::string(to_string(p.verdict)), std::string(to_string(q.verdict)));
        d.eq(t + ".text", p.text, q.text);
    }
    d.eq(w + ".layers.size", a.layers.size(), b.layers.size());
    for (std::size_t i = 0; i < std::min(a.layers.size(), b.layers.size()); ++i) {
        const LayerRecord &p = a.layers[i], &q = b.layers[i];
        const std::string t = w + ".layers[" + std::to_string(i) + "]";
        d.eq(t + ".position", p.position, q.position);
        d.eq(t + ".layer", p.layer, q.layer);
        d.eq(t + ".route", p.route, q.route);
        d.eqf(t + ".lens_entropy", p.lens_entropy, q.lens_entropy);
        d.eqf(t + ".top1_agree", p.top1_agree, q.top1_agree);
        d.eqf(t + ".cos_final", p.cos_final, q.cos_final);
    }
}

void compare(Diff& d, const RunInfo& a, const RunInfo& b, bool with_id) {
    if (with_id) d.eq("info.id", a.id, b.id);
    d.eq("info.name", a.name, b.name);
    d.eq("info.strategy", a.strategy, b.strategy);
    d.eq("info.params", a.params, b.params);
    d.eq("info.sampling", a.sampling, b.sampling);
    d.eq("info.target_model", a.target_model, b.target_model);
    d.eq("info.draft_model", a.draft_model, b.draft_model);
    d.eq("info.target_hash", a.target_hash, b.target_hash);
    d.eq("info.draft_hash", a.draft_hash, b.draft_hash);
    d.eq("info.prompt", a.prompt, b.prompt);
    d.eq("info.prompt_ids", a.prompt_ids, b.prompt_ids);
    d.eq("info.device", a.device, b.device);
    d.eq("info.dtype", a.dtype, b.dtype);
    d.eq("info.started_at_ms", a.started_at_ms, b.started_at_ms);
    d.eq("info.status", a.status, b.status);
    d.eq("info.error", a.error, b.error);
    d.eq("info.num_layers", a.num_layers, b.num_layers);
    d.eq("totals.new_tokens", a.totals.new_tokens, b.totals.new_tokens);
    d.eq("totals.steps", a.totals.steps, b.totals.steps);
    d.eq("totals.drafted", a.totals.drafted, b.totals.drafted);
    d.eq("totals.accepted", a.totals.accepted, b.totals.accepted);
    d.eq("totals.wall_s", a.totals.wall_s, b.totals.wall_s);
    d.eq("totals.draft_s", a.totals.draft_s, b.totals.draft_s);
    d.eq("totals.verify_s", a.totals.verify_s, b.totals.verify_s);
    d.eq("totals.prefill_s", a.totals.prefill_s, b.totals.prefill_s);
}

// "" when equal (run ids and schema_version aside), else the first difference.
std::string diff(const RunTrace& a, const RunTrace& b, bool with_id = false) {
    Diff d;
    compare(d, a.info, b.info, with_id);
    d.eq("prompt_tokens.size", a.prompt_tokens.size(), b.prompt_tokens.size());
    for (std::size_t i = 0; i < std::min(a.prompt_tokens.size(), b.prompt_tokens.size()); ++i)
        compare(d, "prompt_tokens[" + std::to_string(i) + "]", a.prompt_tokens[i], b.prompt_tokens[i]);
    d.eq("steps.size", a.steps.size(), b.steps.size());
    for (std::size_t i = 0; i < std::min(a.steps.size(), b.steps.size()); ++i)
        compare(d, "steps[" + std::to_string(i) + "]", a.steps[i], b.steps[i]);
    return d.first;
}

#define EXPECT_SAME(A, B) \
    do { const std::string d_ = diff((A), (B)); QVERIFY2(d_.empty(), d_.c_str()); } while (0)

// RFC 4180 reader: quoted fields may hold commas, quotes ("") and newlines.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false, in_row = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += '"', ++i;
            else if (c == '"') quoted = false;
            else field += c;
            continue;
        }
        in_row = true;
        if (c == '"') quoted = true;
        else if (c == ',') row.push_back(field), field.clear();
        else if (c == '\n') {
            row.push_back(field), field.clear();
            rows.push_back(row), row.clear();
            in_row = false;
        } else field += c;
    }
    if (in_row) row.push_back(field), rows.push_back(row);
    return rows;
}

// A CSV number cell back to a float; an empty cell is kNoValue.
float csv_float(const std::string& cell) {
    if (cell.empty()) return kNoValue;
    float v = 0;
    std::from_chars(cell.data(), cell.data() + cell.size(), v);
    return v;
}

// Every token of a run in file order: prompt first, then step by step.
std::vector<TokenRecord> all_tokens(const RunTrace& t) {
    std::vector<TokenRecord> all = t.prompt_tokens;
    for (const StepEvent& e : t.steps) all.insert(all.end(), e.tokens.begin(), e.tokens.end());
    return all;
}

} // namespace

class TestTraceStore : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void newFileSchema();
    void sinkRoundTrip();
    void jsonRoundTrip();
    void jsonImportErrors();
    void csvExport();
    void perfettoExport();
    void listRenameDelete();
    void killedWriter();
    void readOnlyMode();
    void readOnlyFile();
    void corruptFiles();
    void foreignAndNewerFiles();
    void diskFull();
    void upgradesVersion1();
};

void TestTraceStore::newFileSchema() {
    QTemporaryDir tmp;
    const std::string path = join(tmp, "new.sstrace");
    {
        auto store = TraceStore::open(path);
        QCOMPARE(store->schema_version(), kTraceSchemaVersion);
        QVERIFY(store->list_runs().empty());
    }
    RawDb raw(path);
    QCOMPARE(raw.value("PRAGMA user_version"), int64_t(kTraceSchemaVersion));
    QCOMPARE(raw.value("PRAGMA application_id"), int64_t(0x53705363));
    QCOMPARE(raw.text("PRAGMA journal_mode"), std::string("wal"));
    for (const char* table : {"runs", "steps", "tokens", "tree_nodes", "layer_records"})
        QCOMPARE(raw.value(std::string("SELECT count(*) FROM sqlite_master WHERE type='table' AND name='") + table + "'"),
                 int64_t(1));

    // An empty file (as a file dialog may create) becomes a trace too.
    const std::string empty = join(tmp, "empty.sstrace");
    write_bytes(empty, "");
    QCOMPARE(TraceStore::open(empty)->schema_version(), kTraceSchemaVersion);
    // Reopening an existing trace is not a migration.
    QCOMPARE(TraceStore::open(path, TraceStore::Mode::ReadOnly)->schema_version(), kTraceSchemaVersion);
}

void TestTraceStore::sinkRoundTrip() {
    QTemporaryDir tmp;
    const std::string path = join(tmp, "runs.sstrace");
    const RunTrace orig = make_run(12);
    auto store = TraceStore::open(path);

    // Record it as a strategy would, through the sink interface only.
    TraceSink& sink = *store;
    RunInfo info = orig.info;
    info.status = "running";
    info.totals = RunTotals{};
    sink.begin_run(info);
    QVERIFY(info.id > 0);

    // The prompt is stored from its ids at begin_run ...
    RunTrace early = store->load_run(info.id);
    QCOMPARE(early.info.status, std::string("running"));
    QCOMPARE(early.prompt_tokens.size(), std::size_t(kPromptLen));
    for (int i = 0; i < kPromptLen; ++i) {
        QCOMPARE(early.prompt_tokens[std::size_t(i)].id, orig.info.prompt_ids[std::size_t(i)]);
        QCOMPARE(early.prompt_tokens[std::size_t(i)].position, int64_t(i));
        QVERIFY(early.prompt_tokens[std::size_t(i)].source == TokenSource::Prompt);
        QVERIFY(std::isnan(early.prompt_tokens[std::size_t(i)].p_target));
    }

    for (int i = 0; i < 6; ++i) sink.on_step(info, orig.steps[std::size_t(i)]);
    // ... and a run still running reports totals from its stored steps.
    RunTrace half = store->load_run(info.id);
    QCOMPARE(half.steps.size(), std::size_t(6));
    QCOMPARE(half.info.totals.steps, 6);
    QCOMPARE(half.info.totals.new_tokens, 1 + 2 + 3 + 1 + 2 + 3);
    QCOMPARE(half.info.totals.drafted, 6 * 4);
    QCOMPARE(store->list_runs().at(0).new_tokens, 12);

    for (int i = 6; i < 12; ++i) sink.on_step(info, orig.steps[std::size_t(i)]);
    info.status = "finished";
    info.totals = orig.info.totals;
    sink.end_run(info);
    store->set_prompt_tokens(info.id, orig.prompt_tokens);  // ... and replaced by full records

    RunTrace loaded = store->load_run(info.id);
    QCOMPARE(loaded.info.id, info.id);
    QCOMPARE(loaded.info.schema_version, kTraceSchemaVersion);
    EXPECT_SAME(orig, loaded);

    // The same after closing and reopening the file read-only.
    store.reset();
    auto reopened = TraceStore::open(path, TraceStore::Mode::ReadOnly);
    EXPECT_SAME(orig, reopened->load_run(info.id));
    reopened.reset();

    // write_run (import) stores the same thing in one go, under a new id.
    store = TraceStore::open(path);
    const int64_t id2 = store->write_run(orig);
    QVERIFY(id2 != info.id);
    EXPECT_SAME(orig, store->load_run(id2));

    // Misuse is an Error, not a crash.
    RunInfo never_begun = orig.info;
    never_begun.id = 0;
    EXPECT_ERROR(store->on_step(never_begun, orig.steps[0]), path, "begin_run");
    EXPECT_ERROR(store->on_step(info, orig.steps[0]), path, "invalid data");  // step 0 of this run exists
    EXPECT_ERROR(store->load_run(9999), path, "no run with id 9999");
    EXPECT_SAME(orig, store->load_run(info.id));  // the failed step left nothing behind
}

void TestTraceStore::jsonRoundTrip() {
    QTemporaryDir tmp;
    const RunTrace orig = make_run(10);
    auto source = TraceStore::open(join(tmp, "a.sstrace"));
    const RunTrace stored = source->load_run(source->write_run(orig));

    const std::string file = join(tmp, "run.json");
    export_json(stored, file);
    const std::string text = read_bytes(file);
    QVERIFY(text.rfind("{\"format\":\"specscope-trace\",\"version\":1,", 0) == 0);  // the header comes first
    const json doc = json::parse(text);
    QVERIFY(doc["prompt_tokens"][0]["p_target"].is_null());   // NaN is null
    QVERIFY(doc["steps"][0]["tokens"][0]["entropy_draft"].is_number());
    QVERIFY(doc["steps"][0]["tree"][0]["p_draft"].is_null());
    QCOMPARE(doc["steps"][2]["tokens"][2]["text_hex"].get<std::string>(), std::string("e282"));  // partial UTF-8
    QVERIFY(!doc["steps"][0]["tokens"][0].contains("text_hex"));

    const RunTrace imported = import_json(file);
    EXPECT_SAME(orig, imported);
    auto fresh = TraceStore::open(join(tmp, "b.sstrace"));
    const int64_t id = fresh->write_run(imported);
    EXPECT_SAME(orig, fresh->load_run(id));

    // A run that never finished exports and imports as such.
    RunTrace running = orig;
    running.info.status = "running";
    running.info.totals = totals_from_steps(running.steps);
    export_json(running, file);
    EXPECT_SAME(running, fresh->load_run(fresh->write_run(import_json(file))));
}

void TestTraceStore::jsonImportErrors() {
    QTemporaryDir tmp;
    const std::string file = join(tmp, "bad.json");
    const json good = json::parse(trace_to_json(make_run(3)).dump());

    EXPECT_ERROR(import_json(join(tmp, "missing.json")), "missing.json", "cannot read");
    write_bytes(file, "{\"format\": \"specscope-trace\", ");
    EXPECT_ERROR(import_json(file), file, "not valid JSON");
    write_bytes(file, "[1, 2, 3]");
    EXPECT_ERROR(import_json(file), file, "not a SpecScope trace export");

    // Each case edits a copy of a good export and names what must be reported.
    struct Case {
        std::function<void(json&)> edit;
        std::vector<std::string> expect;
    };
    const std::vector<Case> cases = {
        {[](json& d) { d["format"] = "chrome-trace"; }, {"not a SpecScope trace export"}},
        {[](json& d) { d.erase("format"); }, {"not a SpecScope trace export"}},
        {[](json& d) { d["version"] = 2; }, {"newer SpecScope", "version 2"}},
        {[](json& d) { d["version"] = "1"; }, {"version", "not an integer"}},
        {[](json& d) { d["version"] = 0; }, {"unsupported version 0"}},
        {[](json& d) { d.erase("steps"); }, {"steps: missing"}},
        {[](json& d) { d["prompt_tokens"] = json::object(); }, {"prompt_tokens: must be an array"}},
        {[](json& d) { d["run"].erase("strategy"); }, {"run.strategy: missing"}},
        {[](json& d) { d["run"]["totals"].erase("wall_s"); }, {"run.totals.wall_s: missing"}},
        {[](json& d) { d["run"]["params"] = 3; }, {"run.params: must be an object"}},
        {[](json& d) { d["steps"][1]["tokens"][0].erase("source"); }, {"steps[1].tokens[0].source: missing"}},
        {[](json& d) { d["steps"][1]["tokens"][1]["source"] = "guess"; }, {"steps[1].tokens[1].source", "guess"}},
        {[](json& d) { d["steps"][0]["tokens"][0]["p_target"] = "high"; }, {"p_target: must be a number or null"}},
        {[](json& d) { d["steps"][2]["tree"][3]["verdict"] = 1; }, {"steps[2].tree[3].verdict: must be a string"}},
        {[](json& d) { d["steps"][0]["layers"][0]["layer"] = 1.5; }, {"steps[0].layers[0].layer: must be an integer"}},
        {[](json& d) { d["steps"][0]["emitted"][0] = 1e12; }, {"steps[0].emitted[0]"}},
        {[](json& d) { d["steps"][0]["index"] = 1LL << 40; }, {"steps[0].index: out of range"}},
        {[](json& d) { d["steps"][0]["tokens"][0]["text_hex"] = "e28"; }, {"text_hex", "even"}},
        {[](json& d) { d["steps"][1] = 7; }, {"steps[1]: must be an object"}},
    };
    for (const Case& c : cases) {
        json doc = good;
        c.edit(doc);
        write_bytes(file, doc.dump());
        std::vector<std::string> kws = c.expect;
        kws.push_back(file);
        std::string msg;
        try {
            import_json(file);
        } catch (const Error& e) {
            msg = e.what();
        }
        for (const std::string& kw : kws)
            QVERIFY2(msg.find(kw) != std::string::npos,
                     qPrintable(QString::fromStdString("message \"" + msg + "\" lacks \"" + kw + "\"")));
    }

    // Unknown fields are ignored: a later export that only adds fields imports.
    json extra = good;
    extra["annotations"] = json::array({"later"});
    extra["steps"][0]["gpu_us"] = 12;
    write_bytes(file, extra.dump());
    EXPECT_SAME(make_run(3), import_json(file));
}

void TestTraceStore::csvExport() {
    QTemporaryDir tmp;
    const RunTrace orig = make_run(9);
    const std::string dir = join(tmp, "csv/run 1");  // created, spaces and all
    export_csv(orig, dir);

    auto load = [&](const char* name) { return parse_csv(read_bytes(dir + "/" + name)); };
    const auto run = load("run.csv");
    const auto steps = load("steps.csv");
    const auto tokens = load("tokens.csv");
    const auto tree = load("tree_nodes.csv");
    const auto layers = load("layer_records.csv");

    const std::vector<TokenRecord> all = all_tokens(orig);
    QCOMPARE(run.size(), std::size_t(2));
    QCOMPARE(steps.size(), 1 + orig.steps.size());
    QCOMPARE(tokens.size(), 1 + all.size());
    QCOMPARE(tree.size(), 1 + orig.steps.size() * 5);
    QCOMPARE(layers.size(), 1 + orig.steps.size() * 5);
    for (const auto* table : {&run, &steps, &tokens, &tree, &layers})
        for (const auto& row : *table) QCOMPARE(row.size(), table->front().size());

    // Columns by name, so the test does not depend on their order.
    auto col = [](const std::vector<std::vector<std::string>>& t, const char* name) {
        const auto& h = t.front();
        return std::size_t(std::find(h.begin(), h.end(), name) - h.begin());
    };
    QCOMPARE(run[1][col(run, "name")], orig.info.name);
    QCOMPARE(run[1][col(run, "prompt")], orig.info.prompt);
    QVERIFY(json::parse(run[1][col(run, "params")]) == orig.info.params);
    QCOMPARE(run[1][col(run, "new_tokens")], std::to_string(orig.info.totals.new_tokens));
    QCOMPARE(run[1][col(run, "wall_s")], std::string("1.25"));
    for (std::size_t i = 0; i < orig.steps.size(); ++i) {
        const StepRecord& s = orig.steps[i].step;
        QCOMPARE(steps[i + 1][col(steps, "step")], std::to_string(s.index));
        QCOMPARE(steps[i + 1][col(steps, "draft_reason")], s.draft_reason);
        QCOMPARE(json::parse(steps[i + 1][col(steps, "emitted")]).get<std::vector<int32_t>>(), s.emitted);
    }
    for (std::size_t i = 0; i < all.size(); ++i) {
        const auto& row = tokens[i + 1];
        const TokenRecord& t = all[i];
        QCOMPARE(row[col(tokens, "position")], std::to_string(t.position));
        QCOMPARE(row[col(tokens, "text")], t.text);
        QCOMPARE(row[col(tokens, "source")], std::string(to_string(t.source)));
        QCOMPARE(row[col(tokens, "step")], std::to_string(t.step));
        for (auto [name, value] : {std::pair{"p_target", t.p_target}, std::pair{"p_draft", t.p_draft},
                                   std::pair{"accept_prob", t.accept_prob},
                                   std::pair{"entropy_target", t.entropy_target},
                                   std::pair{"entropy_draft", t.entropy_draft}}) {
            const float back = csv_float(row[col(tokens, name)]);
            QVERIFY2((std::isnan(value) && std::isnan(back)) || back == value, name);
        }
        QCOMPARE(json::parse(row[col(tokens, "top_k")]).size(), t.top_k.size());
    }
    const LayerRecord& l = orig.steps[3].layers[2];
    const auto& lrow = layers[1 + 3 * 5 + 2];
    QCOMPARE(lrow[col(layers, "step")], std::string("3"));
    QCOMPARE(lrow[col(layers, "route")], l.route);
    QCOMPARE(csv_float(lrow[col(layers, "lens_entropy")]), l.lens_entropy);
    QCOMPARE(tree[1][col(tree, "p_draft")], std::string());  // the root has no draft probability
    QCOMPARE(tree[1][col(tree, "verdict")], std::string("accepted"));
    QCOMPARE(tree[2][col(tree, "verdict")], std::string("rejected"));

    // A file in the way of the directory is an Error naming it.
    const std::string blocker = join(tmp, "file");
    write_bytes(blocker, "x");
    EXPECT_ERROR(export_csv(orig, blocker + "/sub"), "file/sub", "cannot create");
}

void TestTraceStore::perfettoExport() {
    QTemporaryDir tmp;
    const int n = 8;
    const RunTrace orig = make_run(n);
    const std::string file = join(tmp, "run.perfetto.json");
    export_perfetto(orig, file);
    const json doc = json::parse(read_bytes(file));
    QCOMPARE(doc["displayTimeUnit"].get<std::string>(), std::string("ms"));
    const json& events = doc["traceEvents"];
    QVERIFY(events.is_array());

    int x = 0, c = 0, m = 0;
    std::vector<const json*> slices, tau;
    for (const json& e : events) {
        const std::string ph = e["ph"];
        if (ph == "X") ++x, slices.push_back(&e);
        if (ph == "C") ++c;
        if (ph == "M") ++m;
        if (ph == "C" && e["name"] == "tau") tau.push_back(&e);
    }
    QCOMPARE(x, 2 * n);  // draft + verify per step
    QCOMPARE(c, 3 * n);  // accepted length, acceptance rate, tau per step
    QCOMPARE(m, 3);      // process and two thread names
    const StepRecord& s0 = orig.steps[0].step;
    QCOMPARE((*slices[0])["name"].get<std::string>(), std::string("draft"));
    QCOMPARE((*slices[0])["ts"].get<int64_t>(), s0.start_us);
    QCOMPARE((*slices[0])["dur"].get<int64_t>(), s0.draft_us);
    QCOMPARE((*slices[1])["name"].get<std::string>(), std::string("verify"));
    QCOMPARE((*slices[1])["ts"].get<int64_t>(), s0.start_us + s0.draft_us);
    QCOMPARE((*slices[1])["dur"].get<int64_t>(), s0.verify_us);
    QCOMPARE((*slices[1])["args"]["draft_reason"].get<std::string>(), s0.draft_reason);
    QCOMPARE(tau.size(), std::size_t(n));
    QCOMPARE((*tau.back())["args"]["tau"].get<double>(), double(orig.info.totals.new_tokens) / n);

    // Plain decoding has no draft phase: one "forward" slice per step.
    RunTrace ar = orig;
    for (StepEvent& e : ar.steps) e.step.kind = "ar", e.step.draft_us = 0, e.step.drafted = 0;
    int forward = 0, other = 0;
    const auto ar_doc = trace_to_perfetto(ar);
    for (const auto& e : ar_doc["traceEvents"])
        if (e["ph"] == "X") (e["name"] == "forward" ? forward : other) += 1;
    QCOMPARE(forward, n);
    QCOMPARE(other, 0);
}

void TestTraceStore::listRenameDelete() {
    QTemporaryDir tmp;
    const std::string path = join(tmp, "runs.sstrace");
    auto store = TraceStore::open(path);
    const RunTrace done = make_run(6);
    const int64_t a = store->write_run(done);
    RunInfo live = make_info();
    live.name = "live";
    store->begin_run(live);
    for (int i = 0; i < 3; ++i) store->on_step(live, make_step(i));
    const RunTrace kept = store->load_run(live.id);

    auto list = store->list_runs();
    QCOMPARE(list.size(), std::size_t(2));
    QCOMPARE(list[0].id, a);
    QCOMPARE(list[0].name, done.info.name);
    QCOMPARE(list[0].strategy, std::string("tree"));
    QCOMPARE(list[0].status, std::string("finished"));
    QCOMPARE(list[0].started_at_ms, done.info.started_at_ms);
    QCOMPARE(list[0].new_tokens, done.info.totals.new_tokens);
    QCOMPARE(list[0].tau, done.info.totals.tau());
    QCOMPARE(list[0].acceptance, done.info.totals.acceptance_rate());
    QCOMPARE(list[0].tokens_per_s, done.info.totals.tokens_per_s());
    QCOMPARE(list[0].prompt, done.info.prompt);
    QCOMPARE(list[1].id, live.id);
    QCOMPARE(list[1].status, std::string("running"));
    QCOMPARE(list[1].new_tokens, 1 + 2 + 3);  // from the stored steps
    QCOMPARE(list[1].tau, 2.0);

    store->rename_run(a, "renamed, \"again\"");
    QCOMPARE(store->list_runs()[0].name, std::string("renamed, \"again\""));
    QCOMPARE(store->load_run(a).info.name, std::string("renamed, \"again\""));
    EXPECT_ERROR(store->rename_run(4242, "x"), path, "no run with id 4242");

    store->delete_run(a);
    QCOMPARE(store->list_runs().size(), std::size_t(1));
    EXPECT_ERROR(store->load_run(a), path, "no run with id");
    EXPECT_ERROR(store->delete_run(a), path, "no run with id");
    EXPECT_SAME(kept, store->load_run(live.id));  // the other run is untouched
    store.reset();

    // The delete cascaded: nothing of run a is left in any table.
    RawDb raw(path);
    for (const char* table : {"steps", "tokens", "tree_nodes", "layer_records"})
        QCOMPARE(raw.value(std::string("SELECT count(*) FROM ") + table + " WHERE run_id = " + std::to_string(a)),
                 int64_t(0));
    QVERIFY(raw.value(std::string("SELECT count(*) FROM tokens WHERE run_id = ") + std::to_string(live.id)) > 0);
}

void TestTraceStore::killedWriter() {
    // A child process records steps as fast as it can and reports each
    // completed on_step through a pipe; it is killed with SIGKILL after N
    // reports, mostly in the middle of writing the next step. Every reported
    // step must be there, intact, and the run still marked running.
    for (int n : {1, 25, 150}) {
        QTemporaryDir tmp;
        const std::string path = join(tmp, "killed.sstrace");
        int fds[2];
        QVERIFY(::pipe(fds) == 0);
        const pid_t pid = ::fork();
        QVERIFY(pid >= 0);
        if (pid == 0) {
            ::close(fds[0]);
            try {
                auto store = TraceStore::open(path);
                RunInfo info = make_info();
                store->begin_run(info);
                for (int i = 0;; ++i) {
                    store->on_step(info, make_step(i));
                    const std::string line = std::to_string(i) + "\n";
                    if (::write(fds[1], line.data(), line.size()) < 0) break;
                }
            } catch (...) {
            }
            ::_exit(1);
        }
        ::close(fds[1]);
        int reported = 0;
        char c;
        while (reported < n && ::read(fds[0], &c, 1) == 1)
            if (c == '\n') ++reported;
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
        ::close(fds[0]);
        QCOMPARE(reported, n);
        QVERIFY(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

        // Reopened read-only, as the GUI would after the crash: the leftover
        // -wal is read without being checkpointed by us.
        auto store = TraceStore::open(path, TraceStore::Mode::ReadOnly);
        const auto list = store->list_runs();
        QCOMPARE(list.size(), std::size_t(1));
        QCOMPARE(list[0].status, std::string("running"));
        const RunTrace loaded = store->load_run(list[0].id);
        QVERIFY2(loaded.steps.size() >= std::size_t(n), qPrintable(QString::number(loaded.steps.size())));
        for (std::size_t i = 0; i < loaded.steps.size(); ++i) {
            Diff d;
            compare(d, "steps[" + std::to_string(i) + "]", make_step(int(i)), loaded.steps[i]);
            QVERIFY2(d.first.empty(), d.first.c_str());
        }
        QCOMPARE(loaded.info.totals.steps, int(loaded.steps.size()));
        qInfo("killed after %d reported steps: %zu steps stored", n, loaded.steps.size());
        store.reset();
        RawDb raw(path);
        QCOMPARE(raw.text("PRAGMA integrity_check"), std::string("ok"));
    }
}

void TestTraceStore::readOnlyMode() {
    // Mode::ReadOnly is what protects a trace from the viewer: the file is
    // opened read-only by SQLite and the connection is query_only, whoever
    // runs the process (root included), and every write method throws before
    // touching anything. The file's bytes stay the same.
    QTemporaryDir tmp;
    const std::string path = join(tmp, "ro.sstrace");
    const RunTrace orig = make_run(4);
    int64_t id = 0;
    {
        auto store = TraceStore::open(path);
        id = store->write_run(orig);
    }
    const std::string before = read_bytes(path);
    {
        auto ro = TraceStore::open(path, TraceStore::Mode::ReadOnly);
        QVERIFY(ro->mode() == TraceStore::Mode::ReadOnly);
        EXPECT_SAME(orig, ro->load_run(id));
        RunInfo info = make_info();
        EXPECT_ERROR(ro->begin_run(info), path, "read-only");
        info.id = id;
        EXPECT_ERROR(ro->on_step(info, make_step(9)), path, "read-only");
        EXPECT_ERROR(ro->end_run(info), path, "read-only");
        EXPECT_ERROR(ro->set_prompt_tokens(id, {}), path, "read-only");
        EXPECT_ERROR(ro->rename_run(id, "x"), path, "read-only");
        EXPECT_ERROR(ro->delete_run(id), path, "read-only");
        EXPECT_ERROR(ro->write_run(orig), path, "read-only");
        EXPECT_SAME(orig, ro->load_run(id));
    }
    QVERIFY(read_bytes(path) == before);

    // ReadOnly never creates or initialises a file.
    EXPECT_ERROR(TraceStore::open(join(tmp, "absent.sstrace"), TraceStore::Mode::ReadOnly), "absent.sstrace",
                 "cannot open");
    QVERIFY(!QFile::exists(QString::fromStdString(join(tmp, "absent.sstrace"))));
    write_bytes(join(tmp, "empty.sstrace"), "");
    EXPECT_ERROR(TraceStore::open(join(tmp, "empty.sstrace"), TraceStore::Mode::ReadOnly), "empty.sstrace",
                 "empty file");
}

void TestTraceStore::readOnlyFile() {
    // A file the OS will not let us write, opened ReadWrite, is refused with
    // "read-only" (rather than failing at the first step), and opens fine
    // ReadOnly. chmod 0444 stops everyone but root, and CI runs as root, so
    // there a read-only tmpfs mount stands in: it stops root too. That mount
    // also leaves SQLite unable to create the WAL's -shm file, which the
    // ReadOnly open must get around.
    QTemporaryDir tmp;
    const RunTrace orig = make_run(4);
    std::string path = join(tmp, "locked.sstrace");
    MountGuard guard;
    struct Restore {  // lets QTemporaryDir clean up even after a failed check
        std::string dir;
        ~Restore() {
            if (::geteuid() != 0) ::chmod(dir.c_str(), 0755);
        }
    } restore{tmp.path().toStdString()};
    if (::geteuid() != 0) {
        TraceStore::open(path)->write_run(orig);
        QVERIFY(::chmod(path.c_str(), 0444) == 0);
        QVERIFY(::chmod(tmp.path().toLocal8Bit().constData(), 0555) == 0);  // no -shm can be created either
    } else {
        const std::string mnt = join(tmp, "ro");
        QVERIFY(QDir().mkdir(QString::fromStdString(mnt)));
        const std::string why = mount_tmpfs(mnt, "4m");
        if (!why.empty()) QSKIP(why.c_str());
        guard.dir = mnt;
        path = mnt + "/locked.sstrace";
        TraceStore::open(path)->write_run(orig);
        if (::mount(nullptr, mnt.c_str(), nullptr, MS_REMOUNT | MS_RDONLY, nullptr) != 0)
            QSKIP(qPrintable(QStringLiteral("cannot remount read-only: %1").arg(std::strerror(errno))));
    }
    const std::string before = read_bytes(path);
    EXPECT_ERROR(TraceStore::open(path), path, "read-only");
    auto ro = TraceStore::open(path, TraceStore::Mode::ReadOnly);
    QCOMPARE(ro->list_runs().size(), std::size_t(1));
    EXPECT_SAME(orig, ro->load_run(ro->list_runs()[0].id));
    ro.reset();
    QVERIFY(read_bytes(path) == before);
}

void TestTraceStore::corruptFiles() {
    QTemporaryDir tmp;
    std::mt19937 rng(42);

    // Random bytes: refused, named, and left as they were.
    const std::string noise = join(tmp, "noise.sstrace");
    std::string bytes(64 * 1024, '\0');
    for (char& b : bytes) b = char(rng());
    write_bytes(noise, bytes);
    EXPECT_ERROR(TraceStore::open(noise), noise, "not an SQLite database");
    EXPECT_ERROR(TraceStore::open(noise, TraceStore::Mode::ReadOnly), noise, "not an SQLite database");
    QVERIFY(read_bytes(noise) == bytes);

    // A directory is not a trace either.
    EXPECT_ERROR(TraceStore::open(tmp.path().toStdString()), tmp.path().toStdString());

    // A real trace, closed cleanly (checkpointed into the main file).
    const std::string good = join(tmp, "good.sstrace");
    TraceStore::open(good)->write_run(make_run(60));
    QVERIFY(!QFile::exists(QString::fromStdString(good + "-wal")));
    const std::string trace = read_bytes(good);
    QVERIFY(trace.size() > 16 * 4096);

    // Any of open, list and load may be where the damage shows; each must
    // throw Error naming the file, or work. Nothing else.
    auto open_list_load = [](const std::string& path) {
        auto store = TraceStore::open(path);
        for (const RunSummary& s : store->list_runs()) store->load_run(s.id);
    };

    // Truncated (a copy cut short by a full disk or an interrupted download).
    for (std::size_t keep : {trace.size() / 2, std::size_t(4096 * 3 + 100), std::size_t(50)}) {
        const std::string cut = join(tmp, "cut" + std::to_string(keep) + ".sstrace");
        write_bytes(cut, trace.substr(0, keep));
        EXPECT_ERROR(open_list_load(cut), cut, "corrupt");
    }

    // Scribbled over in the middle: SQLite may or may not notice, but
    // whatever it reads back must not crash the store.
    for (int round = 0; round < 20; ++round) {
        std::string damaged = trace;
        const std::size_t at = 4096 + rng() % (damaged.size() - 4096 - 512);
        for (std::size_t i = 0; i < 512; ++i) damaged[at + i] = char(rng());
        const std::string path = join(tmp, "scribbled" + std::to_string(round) + ".sstrace");
        write_bytes(path, damaged);
        try {
            open_list_load(path);
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find(path) != std::string::npos, e.what());
        } catch (const std::exception& e) {
            QFAIL(qPrintable(QStringLiteral("not a specscope::Error: %1").arg(e.what())));
        }
    }
}

void TestTraceStore::foreignAndNewerFiles() {
    QTemporaryDir tmp;

    // Another program's SQLite database: refused, and not switched to WAL.
    const std::string foreign = join(tmp, "foreign.db");
    {
        RawDb raw(foreign);
        QVERIFY(raw.exec("CREATE TABLE people (name TEXT); INSERT INTO people VALUES ('ada')"));
    }
    const std::string before = read_bytes(foreign);
    EXPECT_ERROR(TraceStore::open(foreign), foreign, "not a SpecScope trace");
    EXPECT_ERROR(TraceStore::open(foreign, TraceStore::Mode::ReadOnly), foreign, "not a SpecScope trace");
    QVERIFY(read_bytes(foreign) == before);

    // Even one that happens to have a table called runs.
    const std::string lookalike = join(tmp, "lookalike.db");
    {
        RawDb raw(lookalike);
        QVERIFY(raw.exec("CREATE TABLE runs (id INTEGER PRIMARY KEY, name TEXT)"));
    }
    EXPECT_ERROR(TraceStore::open(lookalike), lookalike, "not a SpecScope trace");

    // A trace from a newer SpecScope (a higher schema version).
    const std::string newer = join(tmp, "newer.sstrace");
    TraceStore::open(newer)->write_run(make_run(2));
    {
        RawDb raw(newer);
        QVERIFY(raw.exec("PRAGMA user_version = " + std::to_string(kTraceSchemaVersion + 1)));
    }
    EXPECT_ERROR(TraceStore::open(newer), newer, "written by a newer SpecScope",
                 "version " + std::to_string(kTraceSchemaVersion + 1));
    EXPECT_ERROR(TraceStore::open(newer, TraceStore::Mode::ReadOnly), newer, "newer SpecScope");
}

// A trace written before schema 2 (no node texts) opens read-write: it is
// upgraded in place, its runs load with empty node texts, and new runs keep
// theirs.
void TestTraceStore::upgradesVersion1() {
    QTemporaryDir tmp;
    const std::string path = join(tmp, "v1.sstrace");
    const RunTrace old = make_run(3);
    TraceStore::open(path)->write_run(old);
    {
        RawDb raw(path);
        QVERIFY(raw.exec("ALTER TABLE tree_nodes DROP COLUMN text"));
        QVERIFY(raw.exec("UPDATE tokens SET top_k = '[[7, 0.5], [8,null]]' WHERE step >= 0"));  // version 1's [id, p] pairs
        QVERIFY(raw.exec("PRAGMA user_version = 1"));
    }
    EXPECT_ERROR(TraceStore::open(path, TraceStore::Mode::ReadOnly), path, "older than this build's");
    auto store = TraceStore::open(path);
    QCOMPARE(store->schema_version(), kTraceSchemaVersion);
    RunTrace loaded = store->load_run(store->list_runs().at(0).id);
    RunTrace expected = old;
    for (auto& e : expected.steps) {
        for (auto& n : e.tree) n.text.clear();
        for (auto& t : e.tokens) t.top_k = {{7, 0.5f, {}}, {8, kNoValue, {}}};
    }
    EXPECT_SAME(expected, loaded);
    const RunTrace fresh = make_run(2);
    RunTrace again = store->load_run(store->write_run(fresh));
    EXPECT_SAME(fresh, again);
}

void TestTraceStore::diskFull() {
    // A 256 KiB tmpfs stands in for a full disk. Mounting needs root (CI runs
    // as root); elsewhere the test is skipped rather than faked.
    QTemporaryDir tmp;
    const std::string mnt = join(tmp, "small");
    QVERIFY(QDir().mkdir(QString::fromStdString(mnt)));
    const std::string why = mount_tmpfs(mnt, "256k");
    if (!why.empty()) QSKIP(why.c_str());
    MountGuard guard{mnt};

    const std::string path = mnt + "/full.sstrace";
    auto store = TraceStore::open(path);
    RunInfo info = make_info();
    store->begin_run(info);
    int committed = 0;
    std::string message;
    for (; committed < 100000; ++committed) {
        try {
            store->on_step(info, make_step(committed));
        } catch (const Error& e) {
            message = e.what();
            break;
        }
    }
    QVERIFY2(!message.empty(), "the disk never filled up");
    QVERIFY2(message.find("disk full") != std::string::npos, message.c_str());
    QVERIFY2(message.find(path) != std::string::npos, message.c_str());
    QVERIFY2(message.find("step " + std::to_string(committed)) != std::string::npos, message.c_str());
    QVERIFY(committed > 5);
    qInfo("%d steps committed, then: %s", committed, message.c_str());

    // The failed step was rolled back whole; the ones before it are intact,
    // in this connection and after reopening.
    auto check = [&](TraceStore& s) {
        const RunTrace loaded = s.load_run(info.id);
        QCOMPARE(loaded.steps.size(), std::size_t(committed));
        for (int i = 0; i < committed; ++i) {
            Diff d;
            compare(d, "steps[" + std::to_string(i) + "]", make_step(i), loaded.steps[std::size_t(i)]);
            QVERIFY2(d.first.empty(), d.first.c_str());
        }
    };
    check(*store);
    if (QTest::currentTestFailed()) return;
    EXPECT_ERROR(store->on_step(info, make_step(committed)), path, "disk full");
    store.reset();
    auto reopened = TraceStore::open(path, TraceStore::Mode::ReadOnly);
    check(*reopened);
    if (QTest::currentTestFailed()) return;
    QCOMPARE(reopened->list_runs().at(0).status, std::string("running"));
}

QTEST_APPLESS_MAIN(TestTraceStore)
#include "test_trace_store.moc"
