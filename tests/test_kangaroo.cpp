// Kangaroo: the adapter trains, saves and loads; the strategy is lossless
// (greedy output equals ar's) and never runs the shallow layers twice for a
// token; bad adapters are refused with clear errors. Tiny random models.
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <fstream>

#include "decode/run.h"
#include "expect_error.h"
#include "model/kangaroo_adapter.h"
#include "model/model_loader.h"
#include "tiny_model.h"
#include "train/adapter_trainer.h"
#include "util/error.h"

using namespace specscope;

namespace {

std::vector<int64_t> run_ids(const StrategyContext& ctx, const std::string& strategy, const nlohmann::json& params,
                             const std::vector<int64_t>& prompt, int n, RunTotals* totals = nullptr,
                             std::vector<StepEvent>* steps = nullptr) {
    struct Collect : TraceSink {
        std::vector<StepEvent>* out;
        void begin_run(RunInfo&) override {}
        void on_step(const RunInfo&, const StepEvent& e) override {
            if (out) out->push_back(e);
        }
        void end_run(const RunInfo&) override {}
    } sink;
    sink.out = steps;
    RunOptions o;
    o.max_new_tokens = n;
    Run run(ctx, strategy, params, o, RunInfo{}, &sink);
    run.run_to_end(prompt);
    if (totals) *totals = run.info().totals;
    return run.generated();
}

} // namespace

class TestKangaroo : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    std::string target_dir_, other_dir_, corpus_;
    LoadedModel target_, other_;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        test::TinySpec t;
        t.layers = 4;
        target_dir_ = tmp_.filePath("target").toStdString();
        test::write_tiny_model(target_dir_, t);
        target_ = load_model(target_dir_);
        test::TinySpec o = t;
        o.hidden = 32;
        o.intermediate = 48;
        o.seed = 5;
        other_dir_ = tmp_.filePath("other").toStdString();
        test::write_tiny_model(other_dir_, o);
        other_ = load_model(other_dir_);
        // A repetitive corpus the adapter can learn quickly.
        corpus_ = tmp_.filePath("corpus.txt").toStdString();
        std::ofstream f(corpus_);
        for (int i = 0; i < 300; ++i) f << "the cat sat on the mat. " << (i % 7) << " dogs ran far away.\n";
    }

    // A short training run on the tiny target and corpus.
    AdapterTrainOptions tiny_training(int exit_layer, int steps, int seq) const {
        AdapterTrainOptions o;
        o.target = target_dir_;
        o.exit_layer = exit_layer;
        o.corpus = corpus_;
        o.steps = steps;
        o.batch = 4;
        o.seq = seq;
        o.lr = 3e-3;
        o.warmup = 5;
        o.eval_every = 0;
        o.save_every = 0;
        return o;
    }

    void training_raises_the_expected_acceptance() {
        AdapterTrainOptions o = tiny_training(2, 60, 32);
        o.make_default = true;
        const AdapterTrainResult r = train_adapter(o);
        QCOMPARE(r.steps_done, 60);
        QVERIFY2(r.acceptance > r.acceptance_before + 0.02,
                 qPrintable(QString("Σmin(p,q) %1 -> %2").arg(r.acceptance_before).arg(r.acceptance)));
        double first = 0, last = 0;
        for (int i = 0; i < 10; ++i) first += r.losses[i], last += r.losses[r.losses.size() - 1 - i];
        QVERIFY2(last < first, "the loss did not fall");
        QVERIFY(std::filesystem::exists(kangaroo_adapter_stem(target_dir_, 2) + ".safetensors"));
        QCOMPARE(kangaroo_default_exit_layer(target_dir_), 2);
        const KangarooAdapter a = load_kangaroo_adapter(kangaroo_adapter_stem(target_dir_, 2), *target_.model);
        QCOMPARE(a.exit_layer, 2);
        QCOMPARE(a.model->num_layers(), 1);
        QVERIFY(!a.model->weights().layers[0].up_w.defined());  // attention only
        // Refuses to overwrite, resumes nothing that is not there.
        EXPECT_ERROR((train_adapter(o)), "exists");
        o.resume = true;
        EXPECT_ERROR((train_adapter(o)), "no checkpoint");
    }

    // Self-distillation: half of each batch from the target's own greedy
    // continuations; the held-out continuations get their own measures,
    // recorded next to the adapter.
    void self_distillation_trains_on_greedy_continuations() {
        AdapterTrainOptions o = tiny_training(1, 40, 24);
        o.out = (std::filesystem::path(target_dir_) / "self_distilled").string();
        o.eval_batches = 2;
        o.self_distill_rows = 12;
        const AdapterTrainResult r = train_adapter(o);
        QCOMPARE(r.steps_done, 40);
        QVERIFY(r.continuation_top1 >= 0 && r.continuation_top1 <= 1);
        QVERIFY(r.continuation_acceptance > 0 && r.continuation_acceptance <= 1.0001);
        std::ifstream f(o.out + ".json");
        const auto j = nlohmann::json::parse(f);
        QCOMPARE(j["training"]["self_distill_rows"].get<int>(), 12);
        QCOMPARE(j["training"]["continuation_top1"].get<double>(), r.continuation_top1);
        o.self_distill_rows = -1;
        o.overwrite = true;
        EXPECT_ERROR((train_adapter(o)), "negative");
    }

    void greedy_output_equals_ar_data() {
        QTest::addColumn<int>("exit");
        QTest::addColumn<double>("threshold");
        QTest::addColumn<int>("gamma");
        for (int exit : {1, 2, 3})
            for (double eta : {0.0, 0.6, 1.0})
                for (int g : {1, 6}) QTest::addRow("l%d-eta%.1f-g%d", exit, eta, g) << exit << eta << g;
    }
    void greedy_output_equals_ar() {
        QFETCH(int, exit);
        QFETCH(double, threshold);
        QFETCH(int, gamma);
        // An untrained (warm-start) adapter for exits 1 and 3; the trained one for 2.
        const std::string stem = kangaroo_adapter_stem(target_dir_, exit);
        if (!std::filesystem::exists(stem + ".json"))
            save_kangaroo_adapter(stem, *target_.model, exit, kangaroo_adapter_init(*target_.model, exit), {});
        StrategyContext ctx{target_.model.get(), nullptr, target_.tokenizer.get(), {}, target_dir_};
        const nlohmann::json p = {{"exit_layer", exit}, {"threshold", threshold}, {"gamma", gamma}};
        for (const std::vector<int64_t>& prompt : std::vector<std::vector<int64_t>>{{7}, {1, 2, 3, 4, 5}, {200, 3, 77, 150, 9, 42, 11}})
            for (int n : {1, 9, 40}) {
                const auto expected = run_ids(ctx, "ar", {}, prompt, n);
                const auto got = run_ids(ctx, "kangaroo", p, prompt, n);
                QVERIFY2(got == expected, qPrintable(QString("prompt of %1 tokens, n=%2").arg(prompt.size()).arg(n)));
            }
    }

    // Verification runs layers [ℓ, L) only: each token passes the shallow
    // layers exactly once (while drafting, or the last draft token during
    // verification), so every layer processes the same number of rows.
    void shallow_layers_never_run_twice() {
        StrategyContext ctx{target_.model.get(), nullptr, target_.tokenizer.get(), {}, target_dir_};
        std::vector<int64_t> rows;
        target_.model->count_layer_rows(&rows);
        std::vector<StepEvent> steps;
        const std::vector<int64_t> prompt = {1, 2, 3, 4, 5};
        run_ids(ctx, "kangaroo", {{"exit_layer", 2}, {"threshold", 0.0}, {"gamma", 4}}, prompt, 60, nullptr, &steps);
        target_.model->count_layer_rows(nullptr);
        int64_t processed = static_cast<int64_t>(prompt.size()) - 1;  // the prefill
        for (const auto& s : steps) processed += s.step.drafted + 1;  // root + drafts, each once
        QCOMPARE(rows.size(), size_t(4));
        for (int layer = 0; layer < 4; ++layer)
            QVERIFY2(rows[layer] == processed, qPrintable(QString("layer %1 processed %2 rows, expected %3")
                                                              .arg(layer).arg(rows[layer]).arg(processed)));
        // The trace says where each layer ran: shallow layers while drafting, deep ones verifying.
        bool sawDraft = false;
        for (const auto& s : steps) {
            QVERIFY(!s.layers.empty());
            for (const auto& l : s.layers) {
                if (l.layer >= 2) QCOMPARE(QString::fromStdString(l.route), QString("verify"));
                sawDraft |= l.route == "draft";
            }
            for (const auto& t : s.tokens)
                if (t.source == TokenSource::AcceptedDraft) QCOMPARE(t.exit_layer, 2);
        }
        QVERIFY(sawDraft);
    }

    void bad_adapters_are_refused() {
        StrategyContext ctx{target_.model.get(), nullptr, target_.tokenizer.get(), {}, target_dir_};
        // Exit layer out of range: as a parameter and in training.
        EXPECT_ERROR((run_ids(ctx, "kangaroo", {{"exit_layer", 4}}, {1, 2}, 4)), "out of range");
        AdapterTrainOptions o;
        o.target = target_dir_;
        o.exit_layer = 7;
        o.corpus = corpus_;
        EXPECT_ERROR((train_adapter(o)), "out of range");
        // An adapter trained for another model: its fingerprint differs.
        const std::string foreign = tmp_.filePath("foreign/adapter_l2").toStdString();
        save_kangaroo_adapter(foreign, *other_.model, 2, kangaroo_adapter_init(*other_.model, 2), {});
        EXPECT_ERROR((run_ids(ctx, "kangaroo", {{"adapter", foreign}}, {1, 2}, 4)), "another model");
        // The same file claiming this target: its shapes do not match.
        nlohmann::json j = nlohmann::json::parse(std::ifstream(foreign + ".json"));
        j["target_fingerprint"] = model_fingerprint(target_);
        std::ofstream(foreign + ".json") << j.dump();
        EXPECT_ERROR((run_ids(ctx, "kangaroo", {{"adapter", foreign}}, {1, 2}, 4)), "shape");
        // No adapter at all.
        StrategyContext none{other_.model.get(), nullptr, other_.tokenizer.get(), {}, other_dir_};
        EXPECT_ERROR((run_ids(none, "kangaroo", {}, {1, 2}, 4)), "train-adapter");
    }
};

QTEST_MAIN(TestKangaroo)
#include "test_kangaroo.moc"
