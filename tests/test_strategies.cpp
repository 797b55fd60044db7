// Losslessness of every speculative strategy: under greedy decoding each
// one's output equals plain decoding token for token, on many prompts,
// lengths, draft models, tree shapes and gammas; under sampling, the
// distribution of generated sequences matches the target's exactly
// (chi-square against the exact sequence probabilities).
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <cmath>
#include <fstream>
#include <map>

#include "decode/run.h"
#include "decode/sampler.h"
#include "decode/strategy.h"
#include "decode/verify.h"
#include "model/model_loader.h"
#include "model/kangaroo_adapter.h"
#include "tiny_model.h"
#include "util/error.h"

using namespace specscope;

namespace {

std::vector<int64_t> run_ids(const StrategyContext& ctx, const std::string& strategy, const nlohmann::json& params,
                             const std::vector<int64_t>& prompt, int n, RunTotals* totals = nullptr) {
    RunOptions o;
    o.max_new_tokens = n;
    Run run(ctx, strategy, params, o, RunInfo{}, nullptr);
    run.run_to_end(prompt);
    if (totals) *totals = run.info().totals;
    return run.generated();
}

// Upper quantile of the chi-square distribution (Wilson-Hilferty), z for p = 0.001.
double chi2_critical(int dof) {
    const double z = 3.0902, k = dof;
    return k * std::pow(1 - 2 / (9 * k) + z * std::sqrt(2 / (9 * k)), 3);
}

// Chi-square statistic of observed counts against expected probabilities,
// pooling cells with expected count < 5 into one.
std::pair<double, int> chi2(const std::map<std::vector<int64_t>, int>& counts,
                            const std::map<std::vector<int64_t>, double>& probs, int n) {
    double stat = 0, pooled_e = 0, pooled_o = 0;
    int cells = 0;
    for (const auto& [seq, p] : probs) {
        const double e = p * n;
        auto it = counts.find(seq);
        const double o = it == counts.end() ? 0 : it->second;
        if (e < 5) {
            pooled_e += e;
            pooled_o += o;
            continue;
        }
        stat += (o - e) * (o - e) / e;
        ++cells;
    }
    if (pooled_e > 0) {
        stat += (pooled_o - pooled_e) * (pooled_o - pooled_e) / pooled_e;
        ++cells;
    }
    return {stat, cells - 1};
}

} // namespace

class TestStrategies : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void greedy_output_equals_ar_data();
    void greedy_output_equals_ar();
    void a_perfect_draft_is_fully_accepted();
    void sampling_matches_the_target_distribution_data();
    void sampling_matches_the_target_distribution();
    void a_wrong_acceptance_rule_is_caught();
    void parameters_are_validated();
    void draft_with_another_tokenizer_is_refused();
    void stop_token_and_length_end_the_run();
    void the_context_limit_is_respected();
    void a_run_steps_pauses_and_cancels();
    void entropy_matches_its_definition();

private:
    LoadedModel load(const test::TinySpec& spec, const QString& name) {
        const std::string dir = tmp_.filePath(name).toStdString();
        test::write_tiny_model(dir, spec);
        return load_model(dir);
    }
    QTemporaryDir tmp_;
    LoadedModel target_, same_, shallow_, other_;
    // The sampling tests: a 6-token vocabulary, built in memory.
    std::shared_ptr<Transformer> small_target_, small_draft_;
    std::string small_adapter_;  // Kangaroo's adapter for small_target_
};

void TestStrategies::initTestCase() {
    test::TinySpec t;
    t.layers = 4;
    target_ = load(t, "target");
    same_ = load(t, "same");  // identical weights: every draft is right
    test::TinySpec shallow = t;
    shallow.layers = 2;       // same seed: shares embedding and first layers
    shallow_ = load(shallow, "shallow");
    test::TinySpec other = t;
    other.seed = 99;          // unrelated: most drafts are wrong
    other_ = load(other, "other");

    auto config = [](int layers) {
        return parse_model_config(make_llama_config_json(6, 32, 48, layers, 2, 2, 64), "tiny");
    };
    // Peaky enough that the sequence distribution is far from uniform.
    ModelConfig ct = config(2), cd = config(1);
    ModelWeights wt = random_weights(ct, at::kFloat, at::kCPU, 5), wd = random_weights(cd, at::kFloat, at::kCPU, 6);
    wt.lm_head = wt.lm_head * 60;
    wd.lm_head = wd.lm_head * 60;
    small_target_ = std::make_shared<Transformer>(ct, wt, at::kFloat, at::kCPU);
    small_draft_ = std::make_shared<Transformer>(cd, wd, at::kFloat, at::kCPU);
    // Kangaroo's adapter for the small target (exit layer 1, warm start): its
    // quality does not matter to losslessness.
    small_adapter_ = tmp_.filePath("small-kangaroo/adapter_l1").toStdString();
    save_kangaroo_adapter(small_adapter_, *small_target_, 1, kangaroo_adapter_init(*small_target_, 1), {});
}

void TestStrategies::greedy_output_equals_ar_data() {
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QString>("params");
    QTest::addColumn<QString>("draft");
    for (const char* d : {"same", "shallow", "other"}) {
        for (int g : {1, 3, 5, 8})
            QTest::addRow("sps-g%d-%s", g, d) << "sps" << QString("{\"gamma\":%1}").arg(g) << d;
        QTest::addRow("sps-confidence-%s", d) << "sps" << R"({"policy":"confidence","p_min":0.5})" << d;
        QTest::addRow("sps-heuristic-%s", d) << "sps" << R"({"policy":"heuristic","gamma":2})" << d;
        QTest::addRow("tree-static-default-%s", d) << "tree-static" << "{}" << d;
        QTest::addRow("tree-static-wide-%s", d) << "tree-static" << R"({"tree":"[[0],[1],[2],[0,0],[1,0],[0,0,0]]"})" << d;
        QTest::addRow("tree-static-chain-%s", d) << "tree-static" << R"({"tree":"[[0],[0,0],[0,0,0]]"})" << d;
        QTest::addRow("tree-dynamic-default-%s", d) << "tree-dynamic" << "{}" << d;
        QTest::addRow("tree-dynamic-small-%s", d) << "tree-dynamic" << R"({"total_tokens":8,"depth":3,"top_k":2})" << d;
    }
    QTest::addRow("lookup") << "lookup" << "{}" << "";
    QTest::addRow("lookup-short") << "lookup" << R"({"ngram_max":1,"gamma":2})" << "";
}

void TestStrategies::greedy_output_equals_ar() {
    QFETCH(QString, strategy);
    QFETCH(QString, params);
    QFETCH(QString, draft);
    StrategyContext ctx{target_.model.get(), nullptr, target_.tokenizer.get(), {}};
    if (draft == "same") ctx.draft = same_.model.get();
    if (draft == "shallow") ctx.draft = shallow_.model.get();
    if (draft == "other") ctx.draft = other_.model.get();
    const auto p = nlohmann::json::parse(params.toStdString());
    // Prompts of several lengths, one with repetition for lookup to find.
    const std::vector<std::vector<int64_t>> prompts = {
        {7}, {1, 2, 3, 4, 5}, {10, 20, 30, 10, 20, 30, 10, 20}, {200, 3, 77, 150, 9, 42, 11, 250, 5, 6, 7, 8}};
    for (const auto& prompt : prompts) {
        for (int n : {1, 9, 30}) {
            StrategyContext ar_ctx = ctx;
            ar_ctx.draft = nullptr;
            const auto expected = run_ids(ar_ctx, "ar", {}, prompt, n);
            const auto got = run_ids(ctx, strategy.toStdString(), p, prompt, n);
            QCOMPARE(got.size(), expected.size());
            QVERIFY2(got == expected, qPrintable(QString("prompt of %1 tokens, n=%2").arg(prompt.size()).arg(n)));
        }
    }
}

void TestStrategies::a_perfect_draft_is_fully_accepted() {
    StrategyContext ctx{target_.model.get(), same_.model.get(), target_.tokenizer.get(), {}};
    RunTotals t;
    run_ids(ctx, "sps", {{"gamma", 4}}, {1, 2, 3}, 40, &t);
    QCOMPARE(t.accepted, t.drafted);
    QCOMPARE(t.tau(), 5.0);  // 4 accepted + 1 bonus per target forward
    run_ids(ctx, "tree-dynamic", {{"total_tokens", 5}, {"depth", 4}, {"top_k", 1}}, {1, 2, 3}, 40, &t);
    QCOMPARE(t.tau(), 5.0);  // a one-wide tree is a chain of 4, always right
    run_ids(ctx, "tree-dynamic", {{"total_tokens", 10}, {"depth", 4}, {"top_k", 3}}, {1, 2, 3}, 40, &t);
    QVERIFY(t.tau() > 2.0);  // the draft's best path is in the tree and right
    StrategyContext bad{target_.model.get(), other_.model.get(), target_.tokenizer.get(), {}};
    run_ids(bad, "sps", {{"gamma", 4}}, {1, 2, 3}, 40, &t);
    QVERIFY(t.acceptance_rate() < 0.5);
}

void TestStrategies::sampling_matches_the_target_distribution_data() {
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QString>("params");
    QTest::addColumn<double>("top_p");
    QTest::addRow("ar") << "ar" << "{}" << 1.0;
    QTest::addRow("sps") << "sps" << R"({"gamma":3})" << 1.0;
    QTest::addRow("sps-top-p") << "sps" << R"({"gamma":2})" << 0.9;
    QTest::addRow("sps-confidence") << "sps" << R"({"gamma":3,"policy":"confidence","p_min":0.6})" << 1.0;
    QTest::addRow("tree-static") << "tree-static" << R"({"tree":"[[0],[1],[2],[0,0],[1,0],[0,0,0]]"})" << 1.0;
    QTest::addRow("tree-dynamic") << "tree-dynamic" << R"({"total_tokens":8,"depth":3,"top_k":3})" << 1.0;
    QTest::addRow("lookup") << "lookup" << R"({"ngram_max":2,"gamma":3})" << 1.0;
    const QString adapter = QString::fromStdString(small_adapter_);
    QTest::addRow("kangaroo") << "kangaroo" << QString(R"({"adapter":"%1","threshold":0.5,"gamma":3})").arg(adapter) << 1.0;
    QTest::addRow("kangaroo-top-p") << "kangaroo" << QString(R"({"adapter":"%1","threshold":0.9,"gamma":2})").arg(adapter) << 0.9;
}

void TestStrategies::sampling_matches_the_target_distribution() {
    QFETCH(QString, strategy);
    QFETCH(QString, params);
    QFETCH(double, top_p);
    const std::vector<int64_t> prompt = {1, 2, 1, 2, 1};
    const int len = 3, n = 4000;
    SamplingParams sp;
    sp.temperature = 1.0;
    sp.top_p = top_p;

    // Exact probabilities of every 3-token continuation under the target.
    std::map<std::vector<int64_t>, double> exact;
    std::function<void(std::vector<int64_t>, double)> walk = [&](std::vector<int64_t> seq, double prob) {
        if (static_cast<int>(seq.size()) == len) {
            exact[seq] = prob;
            return;
        }
        std::vector<int64_t> ctx = prompt;
        ctx.insert(ctx.end(), seq.begin(), seq.end());
        KVCache c = small_target_->new_cache();
        at::Tensor logits = small_target_->forward(ctx, c);
        at::Tensor p = sampling_distribution(logits[logits.size(0) - 1], sp);
        for (int64_t x = 0; x < p.size(0); ++x) {
            const double px = p[x].item<double>();
            if (px <= 0) continue;
            auto next = seq;
            next.push_back(x);
            walk(next, prob * px);
        }
    };
    walk({}, 1.0);

    std::map<std::vector<int64_t>, int> counts;
    for (int i = 0; i < n; ++i) {
        sp.seed = 1000 + i;
        StrategyContext ctx{small_target_.get(), small_draft_.get(), nullptr, sp};
        if (strategy == "ar" || strategy == "lookup" || strategy == "kangaroo") ctx.draft = nullptr;
        ++counts[run_ids(ctx, strategy.toStdString(), nlohmann::json::parse(params.toStdString()), prompt, len)];
    }
    auto [stat, dof] = chi2(counts, exact, n);
    QVERIFY2(dof >= 10, qPrintable(QString("too few cells: %1").arg(dof)));
    QVERIFY2(stat < chi2_critical(dof),
             qPrintable(QString("chi2 = %1 with %2 dof (critical %3)").arg(stat).arg(dof).arg(chi2_critical(dof))));
}

// The statistical test has power: verification told the wrong draft
// distribution (q claimed to be p, i.e. "accept whatever was drafted")
// produces the draft's distribution and is rejected by the same test.
void TestStrategies::a_wrong_acceptance_rule_is_caught() {
    SamplingParams sp;
    sp.temperature = 1.0;
    const std::vector<int64_t> prompt = {1, 2, 1, 2, 1};
    KVCache ct = small_target_->new_cache(), cd = small_draft_->new_cache();
    at::Tensor pl = small_target_->forward(prompt, ct), ql = small_draft_->forward(prompt, cd);
    const at::Tensor p = sampling_distribution(pl[pl.size(0) - 1], sp), q = sampling_distribution(ql[ql.size(0) - 1], sp);
    const int n = 4000;
    std::map<std::vector<int64_t>, int> right, wrong;
    std::map<std::vector<int64_t>, double> exact;
    for (int64_t x = 0; x < p.size(0); ++x) exact[{x}] = p[x].item<double>();
    Sampler s(sp);
    for (int i = 0; i < n; ++i) {
        DraftTree tree(prompt.back());
        const int64_t x = s.sample_from(q);
        tree.q[0] = q;
        tree.add(0, x, q[x].item<float>(), 0);
        // Row 0 is the target's logits at the root; row 1 (after x) is unused by the first token.
        at::Tensor logits = at::stack({pl[pl.size(0) - 1], pl[pl.size(0) - 1]});
        VerifyResult r = verify_tree(tree, logits, s);
        ++right[{r.path.empty() ? r.next_token : x}];
        tree.q[0] = p;  // the wrong rule: pretend the draft was drawn from p
        r = verify_tree(tree, logits, s);
        ++wrong[{r.path.empty() ? r.next_token : x}];
    }
    auto [ok_stat, ok_dof] = chi2(right, exact, n);
    auto [bad_stat, bad_dof] = chi2(wrong, exact, n);
    QVERIFY2(ok_stat < chi2_critical(ok_dof), qPrintable(QString::number(ok_stat)));
    QVERIFY2(bad_stat > chi2_critical(bad_dof), qPrintable(QString::number(bad_stat)));
}

void TestStrategies::parameters_are_validated() {
    StrategyContext ctx{target_.model.get(), same_.model.get(), target_.tokenizer.get(), {}};
    auto error_of = [&](const std::string& name, const nlohmann::json& p) -> QString {
        try {
            make_strategy(name, ctx, p);
        } catch (const Error& e) {
            return e.what();
        }
        return "OK";
    };
    QVERIFY(error_of("nope", {}).contains("unknown strategy 'nope'"));
    QVERIFY(error_of("nope", {}).contains("tree-dynamic"));
    QVERIFY(error_of("sps", {{"gama", 3}}).contains("unknown parameter 'gama'"));
    QVERIFY(error_of("sps", {{"gamma", 0}}).contains("out of range"));
    QVERIFY(error_of("sps", {{"gamma", 2.5}}).contains("integer"));
    QVERIFY(error_of("sps", {{"policy", "greedy"}}).contains("fixed | confidence | heuristic"));
    QVERIFY(error_of("tree-static", {{"tree", "[[1]]"}}).contains("without gaps"));
    QVERIFY(error_of("tree-static", {{"tree", "[[0,0]]"}}).contains("no parent"));
    QVERIFY(error_of("tree-static", {{"tree", "nonsense"}}).contains("JSON list"));
    QVERIFY(error_of("ar", {{"gamma", 3}}).contains("takes no parameters"));
    StrategyContext no_draft{target_.model.get(), nullptr, target_.tokenizer.get(), {}};
    try {
        make_strategy("sps", no_draft, {});
        QFAIL("sps without a draft");
    } catch (const Error& e) {
        QVERIFY(QString(e.what()).contains("needs a draft model"));
    }
    QCOMPARE(QString(error_of("sps", {{"gamma", 7}, {"policy", "heuristic"}})), QString("OK"));
}

void TestStrategies::draft_with_another_tokenizer_is_refused() {
    test::TinySpec s;
    const std::string dir = tmp_.filePath("othertok").toStdString();
    test::write_tiny_model(dir, s);
    auto tok = test::tiny_tokenizer_json();
    tok["model"]["vocab"]["a"] = 98;  // "a" and "b" swap ids: same text, other ids
    tok["model"]["vocab"]["b"] = 97;
    std::ofstream(dir + "/tokenizer.json") << tok.dump();
    LoadedModel other_tok = load_model(dir);
    try {
        check_draft_compatible(target_, other_tok);
        QFAIL("accepted a draft with another tokenizer");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("different tokenizer") && QString(e.what()).contains("othertok"),
                 e.what());
    }
    check_draft_compatible(target_, same_);  // same tokenizer: fine
}

void TestStrategies::stop_token_and_length_end_the_run() {
    StrategyContext ctx{target_.model.get(), same_.model.get(), target_.tokenizer.get(), {}};
    const auto free_run = run_ids(ctx, "sps", {{"gamma", 5}}, {1, 2, 3}, 20);
    QCOMPARE(free_run.size(), size_t(20));
    // Stop at the 7th token: the run ends right after it, even mid-draft.
    RunOptions o;
    o.max_new_tokens = 20;
    o.stop_ids = {free_run[6]};
    Run run(ctx, "sps", {{"gamma", 5}}, o, RunInfo{}, nullptr);
    run.run_to_end({1, 2, 3});
    const auto first = std::find(free_run.begin(), free_run.end(), free_run[6]) - free_run.begin();
    QCOMPARE(run.generated().size(), size_t(first + 1));
    QCOMPARE(run.info().status, std::string("finished"));
}

void TestStrategies::the_context_limit_is_respected() {
    // The small model's context is 64 positions; drafts may reach 32 past the end.
    StrategyContext ctx{small_target_.get(), small_draft_.get(), nullptr, {}};
    const auto out = run_ids(ctx, "sps", {{"gamma", 32}}, {1, 2, 3, 4, 5}, 1000);
    QCOMPARE(static_cast<int>(out.size()), 64 - 5 - 33);
    std::vector<int64_t> long_prompt(40, 1);
    try {
        run_ids(ctx, "ar", {}, long_prompt, 10);
        QFAIL("a prompt past the context ran");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("context is 64"), e.what());
    }
    // The draft's context counts too: a 32-position draft leaves no room for 5 + 33.
    ModelConfig short_cfg = parse_model_config(make_llama_config_json(6, 32, 48, 1, 2, 2, 32), "short");
    Transformer short_draft(short_cfg, random_weights(short_cfg, at::kFloat, at::kCPU, 3), at::kFloat, at::kCPU);
    StrategyContext with_short{small_target_.get(), &short_draft, nullptr, {}};
    try {
        run_ids(with_short, "sps", {}, {1, 2, 3, 4, 5}, 10);
        QFAIL("ran past the draft's context");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("context is 32"), e.what());
    }
}

// A caller drives a run one step at a time (Step), may simply stop calling
// step() (Pause), and a cancel flag ends run_to_end before the next step.
void TestStrategies::a_run_steps_pauses_and_cancels() {
    struct Counter : TraceSink {
        std::atomic<bool>* cancel = nullptr;
        int steps = 0, begun = 0, ended = 0;
        void begin_run(RunInfo&) override { ++begun; }
        void on_step(const RunInfo&, const StepEvent& ev) override {
            QCOMPARE(ev.step.index, steps);  // steps arrive in order
            if (++steps == 3 && cancel) *cancel = true;
        }
        void end_run(const RunInfo&) override { ++ended; }
    };
    StrategyContext ctx{target_.model.get(), shallow_.model.get(), target_.tokenizer.get(), {}};
    RunOptions o;
    o.max_new_tokens = 50;

    Counter stepped;
    Run manual(ctx, "sps", {{"gamma", 3}}, o, RunInfo{}, &stepped);
    manual.start({1, 2, 3});
    QVERIFY(manual.step());
    QCOMPARE(stepped.steps, 1);  // exactly one step per call
    QVERIFY(manual.step());
    QCOMPARE(stepped.steps, 2);
    QCOMPARE(manual.info().totals.steps, 2);
    manual.finish("cancelled");
    QCOMPARE(stepped.ended, 1);
    QVERIFY(!manual.step());

    std::atomic<bool> cancel{false};
    Counter counted;
    counted.cancel = &cancel;
    Run run(ctx, "sps", {{"gamma", 3}}, o, RunInfo{}, &counted);
    run.run_to_end({1, 2, 3}, &cancel);
    QCOMPARE(counted.steps, 3);  // cancelled right after the third step
    QCOMPARE(run.info().status, std::string("cancelled"));
    QCOMPARE(counted.ended, 1);
    QVERIFY(run.generated().size() < 50u);
}

QTEST_APPLESS_MAIN(TestStrategies)
// The entropy shown for every drafted and emitted token (computed without
// a logarithm per entry) is -Σ p log2 p, also with masked (-inf) logits and
// for a nearly one-hot distribution.
void TestStrategies::entropy_matches_its_definition() {
    at::manual_seed(3);
    for (double scale : {0.1, 1.0, 5.0, 60.0}) {
        at::Tensor logits = at::randn({4099}) * scale;
        logits.narrow(0, 100, 50).fill_(-std::numeric_limits<float>::infinity());
        at::Tensor p = at::softmax(logits, -1);
        at::Tensor nz = p.masked_select(p > 0);
        const double want = -(nz.to(at::kDouble) * nz.to(at::kDouble).log2()).sum().item<double>();
        const float got = entropy_bits(p.data_ptr<float>(), logits.data_ptr<float>(), logits.size(0));
        QVERIFY2(std::abs(got - want) < 1e-4 * std::max(1.0, want), qPrintable(QString("%1 vs %2").arg(got).arg(want)));
    }
}

#include "test_strategies.moc"
