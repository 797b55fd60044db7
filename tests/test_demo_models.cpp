// The bundled demo family (resources/models) loads through the `demo` and
// `demo-draft` aliases, fits the size and compute budget it promises, and
// runs: sps with the demo draft reproduces plain greedy decoding.
#include <QtTest>

#include <filesystem>

#include "decode/run.h"
#include "model/model_loader.h"
#include "util/paths.h"

using namespace specscope;
namespace fs = std::filesystem;

namespace {

// Multiply-accumulates per token of the matrix products (layers + LM head).
double macs_per_token(const ModelConfig& c) {
    const double d = c.hidden_size, hd = c.head_dim;
    const double attn = d * hd * (c.num_heads * 2 + c.num_kv_heads * 2);
    const double mlp = 3.0 * d * c.intermediate_size;
    return c.num_layers * (attn + mlp) + d * c.vocab_size;
}

std::vector<int64_t> run_ids(const StrategyContext& ctx, const std::string& strategy, const std::vector<int64_t>& prompt) {
    RunOptions o;
    o.max_new_tokens = 24;
    Run run(ctx, strategy, {}, o, RunInfo{}, nullptr);
    run.run_to_end(prompt);
    return run.generated();
}

} // namespace

class TestDemoModels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        target_ = load_model("demo");
        draft_ = load_model("demo-draft");
    }
    void the_pair_shares_a_tokenizer_and_fits_the_budget() {
        check_draft_compatible(target_, draft_);
        const ModelConfig& t = target_.model->config();
        QVERIFY2(t.num_layers >= 8, "the target is deep enough for per-layer pictures");
        const double ratio = macs_per_token(draft_.model->config()) / macs_per_token(t);
        QVERIFY2(ratio <= 0.10, qPrintable(QString("draft compute ratio %1").arg(ratio)));
        uintmax_t bytes = 0;
        for (const auto& dir : {target_.dir, draft_.dir})
            for (const auto& e : fs::recursive_directory_iterator(dir)) bytes += e.is_regular_file() ? e.file_size() : 0;
        QVERIFY2(bytes < 64u * 1024 * 1024, qPrintable(QString("%1 bytes").arg(bytes)));
    }
    // The shipped weights are bf16; on the CPU their matrices stay bf16 (half
    // the memory traffic of a decode step). Widening bf16 is exact, so the
    // logits are those of the model loaded in fp32 up to the order of the
    // sums, and greedy decoding picks the same tokens.
    void compact_cpu_weights_keep_the_model() {
        QCOMPARE(target_.model->weights().layers[0].qkv_w.scalar_type(), at::kBFloat16);
        QCOMPARE(target_.model->weights().embed.scalar_type(), at::kFloat);
        LoadOptions wide;
        wide.compact_cpu_weights = false;
        const LoadedModel fp32 = load_model("demo", wide);
        QCOMPARE(fp32.model->weights().layers[0].qkv_w.scalar_type(), at::kFloat);
        const std::vector<int64_t> prompt = {5, 99, 1000, 42, 7, 300};
        KVCache a = target_.model->new_cache(), b = fp32.model->new_cache();
        target_.model->forward(prompt, a);
        fp32.model->forward(prompt, b);
        for (const std::vector<int64_t>& ids : std::vector<std::vector<int64_t>>{{11}, {12}, {1, 2, 3, 4, 5, 6}}) {
            at::Tensor la = target_.model->forward(ids, a), lb = fp32.model->forward(ids, b);
            const double d = (la - lb).abs().max().item<double>();
            QVERIFY2(d < 1e-3, qPrintable(QString::number(d)));
        }
        auto ids = target_.tokenizer->encode("And the LORD spake unto Moses, saying,");
        const std::vector<int64_t> p(ids.begin(), ids.end());
        StrategyContext compact{target_.model.get(), nullptr, target_.tokenizer.get(), {}};
        StrategyContext full{fp32.model.get(), nullptr, fp32.tokenizer.get(), {}};
        QCOMPARE(run_ids(compact, "ar", p), run_ids(full, "ar", p));
    }
    void the_target_writes_text() {
        auto ids = target_.tokenizer->encode("In the beginning God created");
        StrategyContext ctx{target_.model.get(), nullptr, target_.tokenizer.get(), {}};
        const auto out = run_ids(ctx, "ar", std::vector<int64_t>(ids.begin(), ids.end()));
        QCOMPARE(out.size(), size_t(24));
        const std::string text = target_.tokenizer->decode(std::vector<int32_t>(out.begin(), out.end()));
        QVERIFY2(text.find(' ') != std::string::npos, text.c_str());  // words, not one long token run
    }
    void sps_with_the_demo_draft_equals_plain_decoding() {
        for (const char* prompt : {"def main():\n    parser = argparse.ArgumentParser()", "And the LORD spake unto Moses,"}) {
            auto ids32 = target_.tokenizer->encode(prompt);
            std::vector<int64_t> ids(ids32.begin(), ids32.end());
            StrategyContext ar{target_.model.get(), nullptr, target_.tokenizer.get(), {}};
            StrategyContext sps{target_.model.get(), draft_.model.get(), target_.tokenizer.get(), {}};
            QCOMPARE(run_ids(sps, "sps", ids), run_ids(ar, "ar", ids));
        }
    }
    // The shipped Kangaroo adapter loads for the shipped target (its
    // fingerprint matches) and drafts losslessly.
    void kangaroo_with_the_shipped_adapter_equals_plain_decoding() {
        StrategyContext ar{target_.model.get(), nullptr, target_.tokenizer.get(), {}};
        StrategyContext kangaroo{target_.model.get(), nullptr, target_.tokenizer.get(), {}, target_.dir};
        for (const char* prompt : {"def main():\n    parser = argparse.ArgumentParser()", "And the LORD spake unto Moses,"}) {
            auto ids32 = target_.tokenizer->encode(prompt);
            std::vector<int64_t> ids(ids32.begin(), ids32.end());
            QCOMPARE(run_ids(kangaroo, "kangaroo", ids), run_ids(ar, "ar", ids));
        }
    }

private:
    LoadedModel target_, draft_;
};

QTEST_APPLESS_MAIN(TestDemoModels)
#include "test_demo_models.moc"
