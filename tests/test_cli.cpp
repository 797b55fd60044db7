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

private:
    QTemporaryDir tmp_;
    QString model_;
};

QTEST_APPLESS_MAIN(TestCli)
#include "test_cli.moc"
