// The model runtime's contract with every decoding method: the KV cache can
// be extended one token at a time, branched with a tree mask, rolled back and
// compacted, and the model can be split into layer ranges, all without
// changing a single logit.
#include <QTemporaryDir>
#include <QtTest>

#include <ATen/ATen.h>

#include "decode/generate.h"
#include "model/rope.h"
#include "model/model_loader.h"
#include "tiny_model.h"

using namespace specscope;

namespace {

double max_diff(const at::Tensor& a, const at::Tensor& b) { return (a - b).abs().max().item<double>(); }

LoadedModel make(const QTemporaryDir& tmp, const test::TinySpec& spec, const std::string& dtype = "float32") {
    const std::string dir = tmp.filePath(QString::fromStdString(spec.family + spec.dtype)).toStdString();
    test::write_tiny_model(dir, spec);
    LoadOptions o;
    o.dtype = dtype;
    return load_model(dir, o);
}

std::vector<int64_t> ids_of(int n, int vocab, int salt = 0) {
    std::vector<int64_t> ids;
    for (int i = 0; i < n; ++i) ids.push_back((i * 37 + 11 + salt * 101) % vocab);
    return ids;
}

// Logits for `ids` after `prefix`, on a fresh cache: the ground truth.
at::Tensor fresh(const Transformer& m, const std::vector<int64_t>& prefix, const std::vector<int64_t>& ids) {
    KVCache c = m.new_cache();
    if (!prefix.empty()) m.forward(prefix, c);
    return m.forward(ids, c);
}

} // namespace

class TestTransformer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void families_data();
    void incremental_equals_full_forward_data() { families_data(); }
    void incremental_equals_full_forward();
    void tree_mask_equals_separate_branches_data() { families_data(); }
    void tree_mask_equals_separate_branches();
    void truncate_forgets_rejected_tokens_data() { families_data(); }
    void truncate_forgets_rejected_tokens();
    void keep_rows_compacts_accepted_path_data() { families_data(); }
    void keep_rows_compacts_accepted_path();
    void layer_ranges_compose_data() { families_data(); }
    void layer_ranges_compose();
    void logit_lens_of_last_layer_is_the_output();
    void sharded_and_half_precision_checkpoints_load();
    void bf16_runs_close_to_fp32();
    void linear_rope_scaling_is_position_division();
    void rope_table_rows_do_not_depend_on_the_batch();
    void rope_scaling_kinds_change_the_output();
    void dynamic_rope_and_sliding_window_decode_incrementally();
    void generate_greedy_matches_full_forward_argmax();
    void sampling_is_seeded_and_reproducible();
    void sampling_distribution_top_k_top_p();

private:
    QTemporaryDir tmp_;
};

void TestTransformer::families_data() {
    QTest::addColumn<QString>("family");
    QTest::addColumn<bool>("tied");
    QTest::newRow("llama-gqa") << "llama" << false;
    QTest::newRow("mistral") << "mistral" << false;
    QTest::newRow("qwen2-bias-tied") << "qwen2" << true;
    QTest::newRow("qwen3-qknorm") << "qwen3" << false;
    QTest::newRow("gpt2") << "gpt2" << true;
}

static test::TinySpec spec_from_data() {
    QFETCH(QString, family);
    QFETCH(bool, tied);
    test::TinySpec s;
    s.family = family.toStdString();
    s.tied = tied;
    return s;
}

void TestTransformer::incremental_equals_full_forward() {
    auto m = make(tmp_, spec_from_data());
    const auto ids = ids_of(14, 300);
    KVCache full_cache = m.model->new_cache();
    at::Tensor full = m.model->forward(ids, full_cache);  // [14, V]

    // Prefill 5, then one token at a time, with a small initial capacity so the cache grows.
    KVCache c = m.model->new_cache(/*initial_capacity=*/4);
    std::vector<at::Tensor> rows = {m.model->forward({ids.begin(), ids.begin() + 5}, c)};
    for (size_t i = 5; i < ids.size(); ++i) rows.push_back(m.model->forward({ids[i]}, c));
    at::Tensor incremental = at::cat(rows);
    QCOMPARE(incremental.size(0), full.size(0));
    QVERIFY2(max_diff(incremental, full) < 1e-5, qPrintable(QString::number(max_diff(incremental, full))));
    QVERIFY(full.abs().max().item<double>() > 0.5);  // logits are not degenerate
    QCOMPARE(c.length(), int64_t(ids.size()));
}

// A tree of 6 nodes under the prefix:   n0 ─┬─ n1 ── n3
//                                           ├─ n2 ── n4
//                                           └─ n5
void TestTransformer::tree_mask_equals_separate_branches() {
    auto m = make(tmp_, spec_from_data());
    const auto prefix = ids_of(7, 300);
    const std::vector<int64_t> tokens = {5, 17, 42, 99, 123, 200};
    const std::vector<int> parent = {-1, 0, 0, 1, 2, 0};
    const int n = static_cast<int>(tokens.size());
    at::Tensor mask = at::zeros({n, n}, at::kBool);
    std::vector<int64_t> positions(n);
    std::vector<std::vector<int64_t>> paths(n);
    for (int i = 0; i < n; ++i) {
        int depth = 0;
        for (int a = i; a >= 0; a = parent[a]) {
            mask[i][a] = true;
            paths[i].insert(paths[i].begin(), tokens[a]);
            ++depth;
        }
        positions[i] = static_cast<int64_t>(prefix.size()) + depth - 1;
    }
    KVCache c = m.model->new_cache();
    m.model->forward(prefix, c);
    at::Tensor tree = m.model->forward(tokens, c, mask, positions);  // [6, V]
    for (int i = 0; i < n; ++i) {
        at::Tensor branch = fresh(*m.model, prefix, paths[i]);
        double d = max_diff(tree[i], branch[branch.size(0) - 1]);
        QVERIFY2(d < 1e-5, qPrintable(QString("node %1: %2").arg(i).arg(d)));
    }
}

void TestTransformer::truncate_forgets_rejected_tokens() {
    auto m = make(tmp_, spec_from_data());
    const auto prefix = ids_of(6, 300);
    KVCache c = m.model->new_cache();
    m.model->forward(prefix, c);
    m.model->forward({77, 78, 79}, c);  // a rejected draft
    c.truncate(static_cast<int64_t>(prefix.size()));
    at::Tensor after = m.model->forward({150, 151}, c);

    KVCache clean = m.model->new_cache();
    m.model->forward(prefix, clean);
    at::Tensor expected = m.model->forward({150, 151}, clean);
    QVERIFY(max_diff(after, expected) < 1e-6);
    for (int l = 0; l < m.model->num_layers(); ++l) {
        QCOMPARE(c.length(l), clean.length(l));
        QVERIFY(at::equal(c.keys(l), clean.keys(l)));
        QVERIFY(at::equal(c.values(l), clean.values(l)));
        QCOMPARE(c.positions(l), clean.positions(l));
    }
}

void TestTransformer::keep_rows_compacts_accepted_path() {
    auto m = make(tmp_, spec_from_data());
    const auto prefix = ids_of(5, 300);
    // Tree: n0 ─┬─ n1 ── n3 ; └─ n2 ── n4. Accept the path n0, n2, n4.
    const std::vector<int64_t> tokens = {10, 11, 12, 13, 14};
    at::Tensor mask = at::zeros({5, 5}, at::kBool);
    const std::vector<int> parent = {-1, 0, 0, 1, 2};
    std::vector<int64_t> positions;
    for (int i = 0; i < 5; ++i) {
        int depth = 0;
        for (int a = i; a >= 0; a = parent[a], ++depth) mask[i][a] = true;
        positions.push_back(5 + depth - 1);
    }
    KVCache c = m.model->new_cache();
    m.model->forward(prefix, c);
    m.model->forward(tokens, c, mask, positions);
    c.keep_rows({0, 1, 2, 3, 4, 5, 7, 9});  // prefix rows + n0 (5), n2 (7), n4 (9)
    at::Tensor next = m.model->forward({42}, c);

    KVCache clean = m.model->new_cache();
    std::vector<int64_t> seq = prefix;
    seq.insert(seq.end(), {10, 12, 14});
    m.model->forward(seq, clean);
    at::Tensor expected = m.model->forward({42}, clean);
    QVERIFY2(max_diff(next, expected) < 1e-5, qPrintable(QString::number(max_diff(next, expected))));
    for (int l = 0; l < m.model->num_layers(); ++l) {
        QCOMPARE(c.positions(l), clean.positions(l));
        QVERIFY(max_diff(c.keys(l), clean.keys(l)) < 1e-5);
    }
}

void TestTransformer::layer_ranges_compose() {
    auto m = make(tmp_, spec_from_data());
    const auto ids = ids_of(9, 300);
    const at::Tensor full = fresh(*m.model, {}, ids);
    std::vector<int64_t> positions;
    for (size_t i = 0; i < ids.size(); ++i) positions.push_back(static_cast<int64_t>(i));
    const int L = m.model->num_layers();
    for (int k = 0; k <= L; ++k) {
        KVCache c = m.model->new_cache();
        at::Tensor h = m.model->embed(ids, positions);
        h = m.model->run_layers(0, k, h, positions, c);
        h = m.model->run_layers(k, L, h, positions, c);
        QVERIFY2(max_diff(m.model->logits(h), full) < 1e-5, qPrintable(QString("split at %1").arg(k)));
    }
    // Shallow layers ahead of deep ones (Kangaroo's pattern): layers [0, 2)
    // see three tokens one by one, then layers [2, L) catch up in one call.
    KVCache c = m.model->new_cache();
    m.model->forward({ids.begin(), ids.begin() + 6}, c);
    std::vector<at::Tensor> shallow;
    for (int64_t p = 6; p < 9; ++p) shallow.push_back(m.model->run_layers(0, 2, m.model->embed({ids[p]}, {p}), {p}, c));
    QCOMPARE(c.length(0), int64_t(9));
    QCOMPARE(c.length(L - 1), int64_t(6));
    at::Tensor deep = m.model->run_layers(2, L, at::cat(shallow), {6, 7, 8}, c);
    QVERIFY(max_diff(m.model->logits(deep), full.narrow(0, 6, 3)) < 1e-5);
}

void TestTransformer::logit_lens_of_last_layer_is_the_output() {
    auto m = make(tmp_, test::TinySpec{});
    std::vector<at::Tensor> taps;
    KVCache c = m.model->new_cache();
    at::Tensor out = m.model->forward(ids_of(6, 300), c, {}, {}, [&](int layer, const at::Tensor& h) {
        QCOMPARE(layer, static_cast<int>(taps.size()));
        taps.push_back(h);
    });
    QCOMPARE(static_cast<int>(taps.size()), m.model->num_layers());
    QVERIFY(max_diff(m.model->logits(taps.back()), out) < 1e-6);
    // Earlier layers give a different (but valid) distribution.
    QVERIFY(max_diff(m.model->logits(taps.front()), out) > 1e-3);
}

void TestTransformer::sharded_and_half_precision_checkpoints_load() {
    test::TinySpec single;
    test::TinySpec sharded;
    sharded.shards = 3;
    sharded.dtype = "F32";
    QTemporaryDir a, b;
    test::write_tiny_model(a.path().toStdString(), single);
    test::write_tiny_model(b.path().toStdString(), sharded);
    QVERIFY(QFile::exists(b.filePath("model.safetensors.index.json")));
    auto ma = load_model(a.path().toStdString());
    auto mb = load_model(b.path().toStdString());
    const auto ids = ids_of(5, 300);
    QVERIFY(max_diff(fresh(*ma.model, {}, ids), fresh(*mb.model, {}, ids)) == 0.0);

    for (const char* dt : {"F16", "BF16"}) {
        test::TinySpec half;
        half.dtype = dt;
        QTemporaryDir d;
        test::write_tiny_model(d.path().toStdString(), half);
        auto mh = load_model(d.path().toStdString());
        // Same seed, rounded weights: close to the fp32 model.
        const double diff = max_diff(fresh(*mh.model, {}, ids), fresh(*ma.model, {}, ids));
        QVERIFY2(diff < 0.2 && diff > 0, qPrintable(QString("%1: %2").arg(dt).arg(diff)));
    }
}

void TestTransformer::bf16_runs_close_to_fp32() {
    QTemporaryDir d;
    test::write_tiny_model(d.path().toStdString(), test::TinySpec{});
    auto f32 = load_model(d.path().toStdString());
    LoadOptions o;
    o.dtype = "bfloat16";
    auto bf16 = load_model(d.path().toStdString(), o);
    QCOMPARE(bf16.model->dtype(), at::kBFloat16);
    const auto ids = ids_of(10, 300);
    at::Tensor a = fresh(*f32.model, {}, ids), b = fresh(*bf16.model, {}, ids);
    QCOMPARE(b.scalar_type(), at::kFloat);  // logits always come back in fp32
    const double rel = max_diff(a, b) / a.abs().max().item<double>();
    QVERIFY2(rel < 0.05, qPrintable(QString::number(rel)));
    // Incremental decoding in bf16 is consistent with its own full forward.
    KVCache c = bf16.model->new_cache();
    bf16.model->forward({ids.begin(), ids.end() - 1}, c);
    at::Tensor last = bf16.model->forward({ids.back()}, c);
    QVERIFY(max_diff(last[0], b[b.size(0) - 1]) / b.abs().max().item<double>() < 0.05);
}

void TestTransformer::linear_rope_scaling_is_position_division() {
    // Linear scaling by 2 at positions 0, 2, 4, ... equals no scaling at 0, 1, 2, ...
    test::TinySpec plain, scaled;
    scaled.rope_scaling = {{"type", "linear"}, {"factor", 2.0}};
    QTemporaryDir a, b;
    test::write_tiny_model(a.path().toStdString(), plain);
    test::write_tiny_model(b.path().toStdString(), scaled);
    auto ma = load_model(a.path().toStdString()), mb = load_model(b.path().toStdString());
    const auto ids = ids_of(6, 300);
    KVCache ca = ma.model->new_cache(), cb = mb.model->new_cache();
    at::Tensor la = ma.model->forward(ids, ca, {}, {0, 1, 2, 3, 4, 5});
    at::Tensor lb = mb.model->forward(ids, cb, {}, {0, 2, 4, 6, 8, 10});
    QVERIFY(max_diff(la, lb) < 1e-4);
    QVERIFY(max_diff(la, fresh(*mb.model, {}, ids)) > 1e-3);
}

void TestTransformer::rope_scaling_kinds_change_the_output() {
    const auto ids = ids_of(12, 300);
    QTemporaryDir base_dir;
    test::write_tiny_model(base_dir.path().toStdString(), test::TinySpec{});
    const at::Tensor base = fresh(*load_model(base_dir.path().toStdString()).model, {}, ids);
    const std::vector<nlohmann::json> kinds = {
        {{"rope_type", "llama3"}, {"factor", 8.0}, {"low_freq_factor", 1.0}, {"high_freq_factor", 4.0},
         {"original_max_position_embeddings", 8}},
        {{"rope_type", "yarn"}, {"factor", 4.0}, {"original_max_position_embeddings", 8}},
        {{"type", "dynamic"}, {"factor", 2.0}, {"original_max_position_embeddings", 4}},
    };
    for (const auto& k : kinds) {
        test::TinySpec s;
        s.rope_scaling = k;
        QTemporaryDir d;
        test::write_tiny_model(d.path().toStdString(), s);
        auto m = load_model(d.path().toStdString());
        at::Tensor out = fresh(*m.model, {}, ids);
        QVERIFY2(at::isfinite(out).all().item<bool>(), k.dump().c_str());
        QVERIFY2(max_diff(out, base) > 1e-4, k.dump().c_str());
        // Position 0 has no rotation: unchanged unless yarn rescales attention.
        if (k.value("rope_type", "") != "yarn") QVERIFY(max_diff(out[0], base[0]) < 1e-5);
    }
}

// Dynamic NTK scaling (past its trained context) and a sliding window both
// depend on positions; one token at a time must still equal one forward.
void TestTransformer::dynamic_rope_and_sliding_window_decode_incrementally() {
    test::TinySpec dyn;
    dyn.rope_scaling = {{"type", "dynamic"}, {"factor", 2.0}, {"original_max_position_embeddings", 4}};
    test::TinySpec win;
    win.family = "mistral";
    win.sliding_window = 4;
    for (const auto& spec : {dyn, win}) {
        QTemporaryDir d;
        test::write_tiny_model(d.path().toStdString(), spec);
        auto m = load_model(d.path().toStdString());
        const auto ids = ids_of(12, 300);
        const at::Tensor full = fresh(*m.model, {}, ids);
        KVCache c = m.model->new_cache();
        std::vector<at::Tensor> rows = {m.model->forward({ids.begin(), ids.begin() + 3}, c)};
        for (size_t i = 3; i < ids.size(); ++i) rows.push_back(m.model->forward({ids[i]}, c));
        QVERIFY2(max_diff(at::cat(rows), full) < 1e-5, spec.family.c_str());
        if (spec.family == "mistral") {
            test::TinySpec wide = spec;
            wide.sliding_window = 4096;
            QTemporaryDir w;
            test::write_tiny_model(w.path().toStdString(), wide);
            QVERIFY(max_diff(fresh(*load_model(w.path().toStdString()).model, {}, ids), full) > 1e-3);  // the window bites
        }
    }
}

void TestTransformer::generate_greedy_matches_full_forward_argmax() {
    auto m = make(tmp_, test::TinySpec{});
    const auto prompt = ids_of(4, 300);
    GenerateOptions g;
    g.max_new_tokens = 12;
    GenerateResult r = generate(*m.model, prompt, g);
    QCOMPARE(static_cast<int>(r.ids.size()), 12);
    QCOMPARE(r.forwards, 12);
    // Every generated token is the argmax of a fresh full forward over what came before.
    std::vector<int64_t> seq = prompt;
    for (int64_t id : r.ids) {
        at::Tensor logits = fresh(*m.model, {}, seq);
        QCOMPARE(logits[logits.size(0) - 1].argmax().item<int64_t>(), id);
        seq.push_back(id);
    }
}

void TestTransformer::sampling_is_seeded_and_reproducible() {
    auto m = make(tmp_, test::TinySpec{});
    GenerateOptions g;
    g.max_new_tokens = 20;
    g.sampling.temperature = 1.5;
    g.sampling.seed = 7;
    const auto a = generate(*m.model, ids_of(3, 300), g).ids;
    const auto b = generate(*m.model, ids_of(3, 300), g).ids;
    QCOMPARE(a, b);
    g.sampling.seed = 8;
    QVERIFY(generate(*m.model, ids_of(3, 300), g).ids != a);
}

void TestTransformer::sampling_distribution_top_k_top_p() {
    at::Tensor logits = at::tensor(std::vector<float>{2.0f, 1.0f, 0.5f, 0.0f, -1.0f});
    SamplingParams p;
    p.temperature = 1.0;
    at::Tensor full = sampling_distribution(logits, p);
    QVERIFY(std::abs(full.sum().item<double>() - 1.0) < 1e-6);
    p.top_k = 2;
    at::Tensor k2 = sampling_distribution(logits, p);
    QCOMPARE((k2 > 0).sum().item<int64_t>(), int64_t(2));
    QVERIFY(std::abs(k2[0].item<double>() - full[0].item<double>() / (full[0] + full[1]).item<double>()) < 1e-6);
    p.top_k = 0;
    p.top_p = full[0].item<double>() + 0.01;  // needs the top two tokens to reach the mass
    at::Tensor nucleus = sampling_distribution(logits, p);
    QCOMPARE((nucleus > 0).sum().item<int64_t>(), int64_t(2));
    // Empirical frequencies follow the distribution (chi-square, 4 dof, p = 0.001 bound 18.47).
    p.top_p = 1.0;
    Sampler sampler(p);
    std::vector<int> counts(5, 0);
    const int n = 20000;
    for (int i = 0; i < n; ++i) ++counts[sampler.sample_from(full)];
    double chi2 = 0;
    for (int i = 0; i < 5; ++i) {
        const double e = n * full[i].item<double>();
        chi2 += (counts[i] - e) * (counts[i] - e) / e;
    }
    QVERIFY2(chi2 < 18.47, qPrintable(QString::number(chi2)));
}

QTEST_APPLESS_MAIN(TestTransformer)
// A position's cos/sin come from a table made once: the same bits whether the
// position is looked up alone or among others (a verification's tokens and a
// plain decode step must rotate identically), equal to the direct formula,
// and past the table the direct formula.
void TestTransformer::rope_table_rows_do_not_depend_on_the_batch() {
    ModelConfig c;
    c.head_dim = 64;
    c.rope_theta = 10000.0;
    c.max_position_embeddings = 40;
    Rope rope(c, at::kCPU);
    const auto [c_all, s_all] = rope.cos_sin(std::vector<int64_t>{3, 4, 5, 6, 7});
    const auto [c_one, s_one] = rope.cos_sin(std::vector<int64_t>{5});
    QVERIFY(at::equal(c_one[0], c_all[2]) && at::equal(s_one[0], s_all[2]));
    const auto [c_direct, s_direct] = rope.cos_sin(at::tensor(std::vector<int64_t>{3, 4, 5, 6, 7}, at::kLong));
    QVERIFY(max_diff(c_all, c_direct) < 1e-6 && max_diff(s_all, s_direct) < 1e-6);
    const auto [c_far, s_far] = rope.cos_sin(std::vector<int64_t>{39, 45});  // 45: past the table
    const auto [c_far_direct, s_far_direct] = rope.cos_sin(at::tensor(std::vector<int64_t>{39, 45}, at::kLong));
    QVERIFY(max_diff(c_far, c_far_direct) < 1e-6 && max_diff(s_far, s_far_direct) < 1e-6);
}

#include "test_transformer.moc"
