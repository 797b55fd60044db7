// specscope-cli as a user runs it: generate, tokenize (and --decode back),
// doctor, and clear errors with the right exit codes.
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include "decode/generate.h"
#include "model/model_loader.h"
#include "tiny_model.h"

using namespace specscope;

namespace {

struct Result {
    int code;
    QString out, err;
};

Result cli(const QStringList& args) {
    QProcess p;
    p.start(QStringLiteral(SPECSCOPE_BINARY_DIR "/app/specscope-cli"), args);
    if (!p.waitForFinished(120000)) return {-1, "", "timeout"};
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        model_ = tmp_.filePath("tiny");
        test::write_tiny_model(model_.toStdString(), test::TinySpec{});
    }
    void generate_prints_the_greedy_continuation() {
        Result r = cli({"generate", "--model", model_, "--prompt", "the cat", "--max-new-tokens", "10"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        // The same continuation through the library.
        LoadedModel m = load_model(model_.toStdString());
        auto ids32 = m.tokenizer->encode("the cat");
        GenerateOptions g;
        g.max_new_tokens = 10;
        g.stop_ids = {258};
        auto out = generate(*m.model, std::vector<int64_t>(ids32.begin(), ids32.end()), g).ids;
        std::vector<int32_t> out32(out.begin(), out.end());
        QCOMPARE(r.out, QString::fromStdString(m.tokenizer->decode(out32, true)) + "\n");
    }
    void sampling_with_a_seed_is_reproducible() {
        QStringList a = {"generate", "--model", model_, "--prompt", "hello", "--max-new-tokens", "12",
                         "--temperature", "1.2", "--top-k", "50", "--top-p", "0.95", "--seed", "3"};
        Result r1 = cli(a), r2 = cli(a);
        QCOMPARE(r1.code, 0);
        QCOMPARE(r1.out, r2.out);
    }
    void tokenize_and_decode_round_trip() {
        const QString text = "héllo wörld, the 猫 🐈 sat";
        Result r = cli({"tokenize", "--model", model_, "--text", text});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        auto ids = nlohmann::json::parse(r.out.toStdString());
        QVERIFY(ids.is_array() && ids.size() > 10);
        Result back = cli({"tokenize", "--tokenizer", model_ + "/tokenizer.json", "--decode", "--text",
                           QString::fromStdString(ids.dump())});
        QVERIFY2(back.code == 0, qPrintable(back.err));
        QCOMPARE(back.out, text + "\n");
    }
    void tokenize_from_file() {
        QFile f(tmp_.filePath("in.txt"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("he the");
        f.close();
        Result r = cli({"tokenize", "--model", model_, "--file", f.fileName()});
        QCOMPARE(r.code, 0);
        // "he" is one merged token (257), " t" another (256), then "he" again.
        QCOMPARE(r.out.trimmed(), QString("[257,256,257]"));
    }
    void doctor_reports_blas_threads_and_devices() {
        Result r = cli({"doctor"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("BLAS:") && r.out.contains("threads:") && r.out.contains("CUDA devices:") &&
                     r.out.contains("bundled models:"),
                 qPrintable(r.out));
        // The set-up command installs OpenBLAS; reference BLAS is 30x slower.
        QVERIFY2(r.out.contains("OpenBLAS"), qPrintable(r.out));
    }
    void bench_forward_reports_ms_per_token() {
        Result r = cli({"bench-forward", "--model", model_, "--prompt-tokens", "8", "--decode-tokens", "8",
                        "--repeats", "1"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        auto last = nlohmann::json::parse(r.out.trimmed().split('\n').last().toStdString());
        QVERIFY(last["decode_ms_per_token"].get<double>() > 0);
    }
    void bad_input_gives_clear_errors() {
        Result r = cli({"generate", "--model", tmp_.filePath("missing"), "--prompt", "x"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(tmp_.filePath("missing")) && r.err.contains("not a model directory"), qPrintable(r.err));
        r = cli({"generate", "--model", model_, "--prompt", "x", "--max-new-tokens", "many"});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("--max-new-tokens must be an integer"));
        r = cli({"generate", "--model", model_, "--prompt", "x", "--temprature", "1"});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("unknown option --temprature"));
        r = cli({"frobnicate"});
        QCOMPARE(r.code, 2);
        r = cli({"tokenize", "--model", model_, "--decode", "--text", "[1, 99999]"});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("99999"));
    }

    void run_prints_text_then_totals_and_matches_ar() {
        auto totals_of = [](const Result& r) { return nlohmann::json::parse(r.out.trimmed().split('\n').last().toStdString()); };
        Result ar = cli({"run", "--strategy", "ar", "--target", model_, "--prompt", "the cat", "--max-new-tokens", "12"});
        QVERIFY2(ar.code == 0, qPrintable(ar.err));
        Result sps = cli({"run", "--strategy", "sps", "--target", model_, "--draft", model_, "--prompt", "the cat",
                          "--max-new-tokens", "12", "--param", "gamma=3", "--param", "policy=heuristic"});
        QVERIFY2(sps.code == 0, qPrintable(sps.err));
        const auto a = totals_of(ar), s = totals_of(sps);
        for (const char* key : {"new_tokens", "ids", "steps", "tau", "acceptance_rate", "tokens_per_s", "wall_s", "run_id"})
            QVERIFY2(s.contains(key), key);
        QCOMPARE(s["ids"], a["ids"]);
        QCOMPARE(s["new_tokens"].get<int>(), 12);
        QVERIFY(s["tau"].get<double>() > 1.5);  // the draft is the target itself
        QCOMPARE(a["tau"].get<double>(), 1.0);
        // The text printed first is the decoded continuation.
        QCOMPARE(sps.out.trimmed().split('\n').first(), ar.out.trimmed().split('\n').first());
    }
    void run_traces_then_exports_and_imports() {
        const QString db = tmp_.filePath("runs.db");
        Result r = cli({"run", "--strategy", "tree-dynamic", "--target", model_, "--draft", model_, "--prompt", "hello",
                        "--max-new-tokens", "10", "--param", "total_tokens=12", "--trace", db});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const int id = nlohmann::json::parse(r.out.trimmed().split('\n').last().toStdString())["run_id"].get<int>();
        Result list = cli({"runs", "--trace", db});
        QVERIFY2(list.code == 0 && list.out.contains("tree-dynamic") && list.out.contains("finished"), qPrintable(list.out));
        for (const char* fmt : {"json", "perfetto"}) {
            const QString out = tmp_.filePath(QString("run.%1.json").arg(fmt));
            Result e = cli({"export", "--trace", db, "--run", QString::number(id), "--format", fmt, "--out", out});
            QVERIFY2(e.code == 0, qPrintable(e.err));
            QVERIFY(QFileInfo(out).size() > 100);
        }
        Result csv = cli({"export", "--trace", db, "--run", QString::number(id), "--format", "csv", "--out", tmp_.filePath("csv")});
        QVERIFY2(csv.code == 0 && QFile::exists(tmp_.filePath("csv/tokens.csv")), qPrintable(csv.err));
        Result imp = cli({"import", "--trace", tmp_.filePath("other.db"), "--in", tmp_.filePath("run.json.json")});
        QVERIFY2(imp.code == 0, qPrintable(imp.err));
        QVERIFY(cli({"runs", "--trace", tmp_.filePath("other.db")}).out.contains("tree-dynamic"));
        Result missing = cli({"export", "--trace", db, "--run", "999", "--format", "json", "--out", tmp_.filePath("x.json")});
        QCOMPARE(missing.code, 1);
    }
    void run_rejects_bad_strategies_and_parameters() {
        Result r = cli({"run", "--strategy", "medusa", "--target", model_, "--prompt", "x"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("unknown strategy 'medusa'") && r.err.contains("sps"), qPrintable(r.err));
        r = cli({"run", "--strategy", "sps", "--target", model_, "--draft", model_, "--prompt", "x", "--param", "gama=2"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("unknown parameter 'gama'"), qPrintable(r.err));
        r = cli({"run", "--strategy", "sps", "--target", model_, "--prompt", "x"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("needs a draft model"), qPrintable(r.err));
        QFile bad(tmp_.filePath("corrupt.db"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write(QByteArray(4096, 'x'));
        bad.close();
        r = cli({"run", "--strategy", "ar", "--target", model_, "--prompt", "x", "--trace", bad.fileName()});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("corrupt.db"), qPrintable(r.err));
    }

private:
    QTemporaryDir tmp_;
    QString model_;
};

QTEST_APPLESS_MAIN(TestCli)
#include "test_cli.moc"
