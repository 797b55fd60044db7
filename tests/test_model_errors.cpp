// Bad model directories give an Error that names the file and the problem;
// nothing crashes.
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>

#include "model/model_loader.h"
#include "tiny_model.h"
#include "util/error.h"

using namespace specscope;
namespace fs = std::filesystem;

namespace {

// Loads `dir` and returns the error message; fails the test if loading works.
QString load_error(const std::string& dir) {
    try {
        load_model(dir);
    } catch (const Error& e) {
        return QString::fromStdString(e.what());
    } catch (const std::exception& e) {
        return QString("NOT A specscope::Error: ") + e.what();
    }
    return "LOADED WITHOUT ERROR";
}

void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

} // namespace

class TestModelErrors : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() {
        dir_ = std::make_unique<QTemporaryDir>();
        path_ = dir_->path().toStdString();
        test::write_tiny_model(path_, test::TinySpec{});
    }
    void good_model_loads() { QCOMPARE(load_error(path_), QString("LOADED WITHOUT ERROR")); }
    void missing_directory() {
        QString e = load_error(path_ + "/nope");
        QVERIFY2(e.contains("/nope") && e.contains("not a model directory"), qPrintable(e));
    }
    void malformed_config_json() {
        write(fs::path(path_) / "config.json", "{\"model_type\": \"llama\", ");
        QString e = load_error(path_);
        QVERIFY2(e.contains("config.json") && e.contains("malformed JSON"), qPrintable(e));
    }
    void config_missing_field() {
        auto j = nlohmann::json::parse(std::ifstream(fs::path(path_) / "config.json"));
        j.erase("num_hidden_layers");
        write(fs::path(path_) / "config.json", j.dump());
        QString e = load_error(path_);
        QVERIFY2(e.contains("config.json") && e.contains("num_hidden_layers"), qPrintable(e));
    }
    void unsupported_model_type() {
        auto j = nlohmann::json::parse(std::ifstream(fs::path(path_) / "config.json"));
        j["model_type"] = "bert";
        write(fs::path(path_) / "config.json", j.dump());
        QString e = load_error(path_);
        QVERIFY2(e.contains("config.json") && e.contains("unsupported model_type \"bert\""), qPrintable(e));
    }
    void shapes_disagree_with_config() {
        auto j = nlohmann::json::parse(std::ifstream(fs::path(path_) / "config.json"));
        j["intermediate_size"] = 128;  // the weights were written with 96
        write(fs::path(path_) / "config.json", j.dump());
        QString e = load_error(path_);
        QVERIFY2(e.contains("model.safetensors") && e.contains("gate_proj") && e.contains("[96, 64]") &&
                     e.contains("[128, 64]"),
                 qPrintable(e));
    }
    void missing_tensor() {
        auto j = nlohmann::json::parse(std::ifstream(fs::path(path_) / "config.json"));
        j["num_hidden_layers"] = 5;  // only 4 layers on disk
        write(fs::path(path_) / "config.json", j.dump());
        QString e = load_error(path_);
        QVERIFY2(e.contains("model.layers.4.") && e.contains("not found"), qPrintable(e));
    }
    void missing_tokenizer() {
        fs::remove(fs::path(path_) / "tokenizer.json");
        QString e = load_error(path_);
        QVERIFY2(e.contains("tokenizer.json") && e.contains("missing"), qPrintable(e));
    }
    void malformed_tokenizer() {
        write(fs::path(path_) / "tokenizer.json", "{\"model\": [1, 2");
        QString e = load_error(path_);
        QVERIFY2(e.contains("tokenizer.json"), qPrintable(e));
    }
    void truncated_safetensors() {
        const auto p = fs::path(path_) / "model.safetensors";
        fs::resize_file(p, fs::file_size(p) / 2);
        QString e = load_error(path_);
        QVERIFY2(e.contains("model.safetensors") && (e.contains("truncated") || e.contains("past the end")), qPrintable(e));
    }
    void weights_with_integer_dtype() {
        // A checkpoint whose weights are stored as I64 (e.g. a quantised or foreign file).
        fs::remove(fs::path(path_) / "model.safetensors");
        std::vector<int64_t> data(300 * 64, 1);
        write_safetensors((fs::path(path_) / "model.safetensors").string(),
                          {{"model.embed_tokens.weight", DType::I64, {300, 64}, data.data()}});
        QString e = load_error(path_);
        QVERIFY2(e.contains("model.safetensors") && e.contains("dtype I64"), qPrintable(e));
    }
    void pickle_only_checkpoint_is_refused() {
        fs::remove(fs::path(path_) / "model.safetensors");
        write(fs::path(path_) / "pytorch_model.bin", "not really a pickle");
        QString e = load_error(path_);
        QVERIFY2(e.contains("pickle") && e.contains(QString::fromStdString(path_)), qPrintable(e));
    }
    void unknown_dtype_option() {
        LoadOptions o;
        o.dtype = "int4";
        try {
            load_model(path_, o);
            QFAIL("loaded with dtype int4");
        } catch (const Error& e) {
            QVERIFY(QString(e.what()).contains("int4"));
        }
    }
    void cuda_on_a_cpu_build_is_refused() {
        if (at::hasCUDA()) QSKIP("this machine has CUDA");
        LoadOptions o;
        o.device = "cuda";
        try {
            load_model(path_, o);
            QFAIL("loaded on cuda without CUDA");
        } catch (const Error& e) {
            QVERIFY(QString(e.what()).contains("CUDA"));
        }
    }
    void cancel_during_load() {
        LoadOptions o;
        int calls = 0;
        o.progress = [&](int done, int total) {
            ++calls;
            return done < total / 2;
        };
        QVERIFY_THROWS_EXCEPTION(Cancelled, load_model(path_, o));
        QVERIFY(calls > 1);
    }

private:
    std::unique_ptr<QTemporaryDir> dir_;
    std::string path_;
};

QTEST_APPLESS_MAIN(TestModelErrors)
#include "test_model_errors.moc"
