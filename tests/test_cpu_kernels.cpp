// The CPU kernels against ATen: the same numbers (to rounding), the same
// numbers whatever the number of rows or threads (what keeps speculative
// decoding equal to plain decoding), and the dispatch that falls back to ATen
// where the kernels do not apply.
#include <QtTest>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <cmath>

#include "kernels/dispatch.h"

using namespace specscope;

namespace {

double max_diff(const at::Tensor& a, const at::Tensor& b) { return (a - b).abs().max().item<double>(); }
bool same_bits(const at::Tensor& a, const at::Tensor& b) { return at::equal(a, b); }

} // namespace

class TestCpuKernels : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        at::manual_seed(7);
        at::set_num_threads(2);
    }

    // Every shape the kernel tiles differently: rows 1..16 (passes of 6 and
    // a remainder), output features not a multiple of 4, inputs not a
    // multiple of 16 lanes, with and without bias, fp32 and bf16 weights.
    void linearMatchesAten_data() {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("in");
        QTest::addColumn<int>("out");
        QTest::addColumn<bool>("bias");
        QTest::addColumn<bool>("bf16");
        for (int rows : {1, 2, 5, 6, 7, 13, 16})
            for (int in : {16, 37, 384})
                for (int out : {1, 6, 130})
                    for (bool bias : {false, true})
                        for (bool bf16 : {false, true})
                            QTest::addRow("T%d K%d N%d%s%s", rows, in, out, bias ? " bias" : "", bf16 ? " bf16" : "")
                                << rows << in << out << bias << bf16;
    }
    void linearMatchesAten() {
        QFETCH(int, rows);
        QFETCH(int, in);
        QFETCH(int, out);
        QFETCH(bool, bias);
        QFETCH(bool, bf16);
        at::Tensor x = at::randn({rows, in});
        at::Tensor w = at::randn({out, in}) * 0.1;
        if (bf16) w = w.to(at::kBFloat16);
        at::Tensor b = bias ? at::randn({out}) : at::Tensor();
        QVERIFY(kernels::linear_rows_applies(x, w, b));
        at::Tensor got = kernels::linear_rows(x, w, b);
        at::Tensor want = at::linear(x, w.to(at::kFloat), b);
        QCOMPARE(got.sizes(), want.sizes());
        QVERIFY2(max_diff(got, want) < 1e-4, qPrintable(QString::number(max_diff(got, want))));
    }

    // A row's result does not depend on the other rows it is computed with,
    // nor on how many threads split the outputs: bit for bit.
    void linearIsBatchAndThreadInvariant() {
        for (auto dtype : {at::kFloat, at::kBFloat16}) {
            at::Tensor w = (at::randn({1030, 384}) * 0.05).to(dtype);
            at::Tensor b = at::randn({1030});
            at::Tensor x = at::randn({11, 384});
            at::set_num_threads(2);
            at::Tensor all = kernels::linear_rows(x, w, b);
            for (int t = 0; t < x.size(0); ++t) {
                QVERIFY(same_bits(kernels::linear_rows(x.narrow(0, t, 1), w, b), all.narrow(0, t, 1)));
                QVERIFY(same_bits(kernels::linear_rows(x.narrow(0, 0, t + 1), w, b), all.narrow(0, 0, t + 1)));
            }
            at::set_num_threads(1);
            QVERIFY(same_bits(kernels::linear_rows(x, w, b), all));
            at::set_num_threads(2);
        }
    }

    // Rows of x may be further apart than their length (a narrowed view).
    void linearReadsStridedRows() {
        at::Tensor wide = at::randn({4, 100});
        at::Tensor x = wide.narrow(1, 3, 64);
        QVERIFY(!x.is_contiguous());
        at::Tensor w = at::randn({20, 64});
        QVERIFY(kernels::linear_rows_applies(x, w, {}));
        QVERIFY(max_diff(kernels::linear_rows(x, w, {}), at::linear(x, w)) < 1e-4);
    }

    // Where the kernel does not apply, kernels::linear is ATen's linear:
    // many rows, 3-D batches, autograd, a weight in another dtype.
    void linearFallsBackToAten() {
        at::Tensor w = at::randn({12, 32});
        at::Tensor many = at::randn({kernels::kLinearRowsMax + 1, 32});
        QVERIFY(!kernels::linear_rows_applies(many, w, {}));
        QVERIFY(max_diff(kernels::linear(many, w), at::linear(many, w)) < 1e-5);
        // bf16 weights stay in the kernel at any row count (no widened copy per call).
        QVERIFY(kernels::linear_rows_applies(many, w.to(at::kBFloat16), {}));
        QVERIFY(max_diff(kernels::linear(many, w.to(at::kBFloat16)), at::linear(many, w.to(at::kBFloat16).to(at::kFloat))) < 1e-5);
        at::Tensor bf16_trained = w.to(at::kBFloat16).requires_grad_(true);
        QVERIFY(!kernels::linear_rows_applies(many, bf16_trained, {}));

        at::Tensor batch = at::randn({2, 3, 32});
        QVERIFY(max_diff(kernels::linear(batch, w), at::linear(batch, w)) < 1e-5);

        at::Tensor trained = w.clone().requires_grad_(true);
        at::Tensor x = at::randn({1, 32});
        QVERIFY(!kernels::linear_rows_applies(x, trained, {}));
        at::Tensor y = kernels::linear(x, trained);
        y.sum().backward();
        QVERIFY(trained.grad().defined());  // autograd went through ATen
    }

    // Packed bf16 weights (what a bf16 checkpoint is loaded as): packing is
    // exact and reversible, and the packed kernel computes ATen's linear for
    // every pass shape (rows 1..4 per pass and remainders, 1..4 panels per
    // pass, 5..8 rows in one wide pass, thread chunks), with and without bias.
    void packedLinearMatchesAten_data() {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("in");
        QTest::addColumn<int>("out");
        QTest::addColumn<bool>("bias");
        for (int rows : {1, 2, 3, 4, 5, 6, 7, 8, 16, 37})
            for (int in : {2, 38, 384})
                for (int out : {16, 48, 80, 1152})
                    for (bool bias : {false, true})
                        QTest::addRow("T%d K%d N%d%s", rows, in, out, bias ? " bias" : "") << rows << in << out << bias;
    }
    void packedLinearMatchesAten() {
        QFETCH(int, rows);
        QFETCH(int, in);
        QFETCH(int, out);
        QFETCH(bool, bias);
        at::Tensor w = (at::randn({out, in}) * 0.1).to(at::kBFloat16);
        QVERIFY(kernels::linear_weight_packable(w));
        at::Tensor p = kernels::pack_linear_weight(w);
        QVERIFY(kernels::is_packed_linear_weight(p));
        QCOMPARE(kernels::linear_out_features(p), int64_t(out));
        QCOMPARE(kernels::linear_in_features(p), int64_t(in));
        QVERIFY(same_bits(kernels::unpack_linear_weight(p), w));
        at::Tensor x = at::randn({rows, in});
        at::Tensor b = bias ? at::randn({out}) : at::Tensor();
        QVERIFY(kernels::linear_packed_applies(x, p, b));
        at::Tensor got = kernels::linear(x, p, b);
        at::Tensor want = at::linear(x, w.to(at::kFloat), b);
        QCOMPARE(got.sizes(), want.sizes());
        QVERIFY2(max_diff(got, want) < 1e-4, qPrintable(QString::number(max_diff(got, want))));
    }

    // The packed kernel's promise to speculative decoding: a row's logits are
    // the same bits whatever rows share the call and however many threads
    // split it.
    void packedLinearIsBatchAndThreadInvariant() {
        at::Tensor p = kernels::pack_linear_weight((at::randn({4096, 384}) * 0.05).to(at::kBFloat16));
        at::Tensor x = at::randn({11, 384});
        at::set_num_threads(2);
        at::Tensor all = kernels::linear(x, p);
        for (int t = 0; t < x.size(0); ++t) {
            QVERIFY(same_bits(kernels::linear(x.narrow(0, t, 1), p), all.narrow(0, t, 1)));
            QVERIFY(same_bits(kernels::linear(x.narrow(0, 0, t + 1), p), all.narrow(0, 0, t + 1)));
        }
        at::set_num_threads(1);
        QVERIFY(same_bits(kernels::linear(x, p), all));
        at::set_num_threads(2);
    }

    // Only shapes the panels fit are packed; where the packed kernel does not
    // apply (bf16 activations, autograd, a batch) kernels::linear still
    // computes the same linear.
    void packedLinearFallsBack() {
        QVERIFY(!kernels::linear_weight_packable(at::zeros({50257 % 1000, 64}, at::kBFloat16)));  // N % 16 != 0
        QVERIFY(!kernels::linear_weight_packable(at::zeros({32, 63}, at::kBFloat16)));           // K odd
        QVERIFY(!kernels::linear_weight_packable(at::zeros({32, 64})));                          // fp32
        at::Tensor w = (at::randn({32, 64}) * 0.1).to(at::kBFloat16);
        at::Tensor p = kernels::pack_linear_weight(w);
        at::Tensor wf = w.to(at::kFloat);
        at::Tensor batch = at::randn({2, 3, 64});
        QVERIFY(max_diff(kernels::linear(batch, p), at::linear(batch, wf)) < 1e-4);
        at::Tensor strided = batch.transpose(0, 1);  // not contiguous: goes through the unpacked weight
        QVERIFY(max_diff(kernels::linear(strided, p), at::linear(strided, wf)) < 1e-4);
        at::Tensor xb = at::randn({3, 64}).to(at::kBFloat16);
        QVERIFY(!kernels::linear_packed_applies(xb, p, {}));
        QVERIFY(max_diff(kernels::linear(xb, p).to(at::kFloat), at::linear(xb, w).to(at::kFloat)) < 1e-2);
        at::Tensor xg = at::randn({3, 64}).requires_grad_(true);
        QVERIFY(!kernels::linear_packed_applies(xg, p, {}));
        kernels::linear(xg, p).sum().backward();
        QVERIFY(xg.grad().defined());
    }

    // Attention over a cache view: plain and grouped-query heads, head sizes
    // on and off the 16 lanes, with and without a mask, against the ATen chain.
    void attentionMatchesAten_data() {
        QTest::addColumn<int>("heads");
        QTest::addColumn<int>("kvHeads");
        QTest::addColumn<int>("headDim");
        QTest::addColumn<int>("rows");
        QTest::addColumn<bool>("masked");
        for (auto [h, kv] : std::vector<std::pair<int, int>>{{6, 6}, {8, 2}})
            for (int hd : {64, 24})
                for (int rows : {1, 6})
                    for (bool masked : {false, true})
                        QTest::addRow("H%d/%d hd%d T%d%s", h, kv, hd, rows, masked ? " masked" : "")
                            << h << kv << hd << rows << masked;
    }
    void attentionMatchesAten() {
        QFETCH(int, heads);
        QFETCH(int, kvHeads);
        QFETCH(int, headDim);
        QFETCH(int, rows);
        QFETCH(bool, masked);
        const int64_t S = 37, capacity = 64;
        // The cache holds `capacity` rows of which S are filled: a strided view, as in KVCache.
        at::Tensor kstore = at::randn({kvHeads, capacity, headDim}), vstore = at::randn({kvHeads, capacity, headDim});
        at::Tensor keys = kstore.narrow(1, 0, S), values = vstore.narrow(1, 0, S);
        at::Tensor q = at::randn({heads, rows, headDim});
        at::Tensor bias;
        if (masked) {  // causal over the last `rows` rows, and one early row hidden
            bias = at::zeros({rows, S});
            for (int t = 0; t < rows; ++t)
                for (int64_t s = S - rows + t + 1; s < S; ++s) bias[t][s] = -INFINITY;
            bias.select(1, 3).fill_(-INFINITY);
        }
        const double scale = 1.0 / std::sqrt(double(headDim));
        QVERIFY(kernels::attention_rows_applies(q, keys, values, bias));
        at::Tensor got = kernels::attention_rows(q, keys, values, bias, scale);  // [T, H hd]

        const int G = heads / kvHeads;
        at::Tensor k = keys.repeat_interleave(G, 0), v = values.repeat_interleave(G, 0);  // [H, S, hd]
        at::Tensor scores = at::matmul(q, k.transpose(1, 2)) * scale;                     // [H, T, S]
        if (masked) scores = scores + bias;
        at::Tensor want = at::matmul(at::softmax(scores, -1), v).transpose(0, 1).reshape({rows, heads * headDim});
        const double d = max_diff(got, want);
        QVERIFY2(d < 1e-5, qPrintable(QString::number(d)));

        // Each row alone gives the same bits as the rows together.
        for (int t = 0; t < rows; ++t) {
            at::Tensor one = kernels::attention_rows(q.narrow(1, t, 1).contiguous(), keys, values,
                                                     masked ? bias.narrow(0, t, 1).contiguous() : bias, scale);
            QVERIFY(same_bits(one, got.narrow(0, t, 1)));
        }
    }

    // A verification attends over cache rows that plain decoding had not
    // written yet, masked out: the row's result must keep every bit.
    void attentionIgnoresMaskedRowsExactly() {
        const int64_t H = 4, hd = 64, S = 53, extra = 6;
        at::Tensor kstore = at::randn({H, S + extra, hd}), vstore = at::randn({H, S + extra, hd});
        at::Tensor q = at::randn({H, 1, hd});
        const double scale = 0.125;
        at::Tensor alone = kernels::attention_rows(q, kstore.narrow(1, 0, S), vstore.narrow(1, 0, S), {}, scale);
        at::Tensor bias = at::zeros({1, S + extra});
        bias.narrow(1, S, extra).fill_(-INFINITY);
        at::Tensor masked = kernels::attention_rows(q, kstore, vstore, bias, scale);
        QVERIFY2(same_bits(alone, masked), qPrintable(QString::number(max_diff(alone, masked))));
    }

    // RoPE over a transposed view (as the model passes it), against the reference.
    void ropeMatchesReference() {
        const int64_t T = 5, heads = 3, hd = 64;
        at::Tensor qkv = at::randn({T, heads * hd});
        at::Tensor x = qkv.view({T, heads, hd}).transpose(0, 1);  // [heads, T, hd], rows strided
        at::Tensor angles = at::randn({T, hd / 2});
        at::Tensor cos = angles.cos(), sin = angles.sin();
        QVERIFY(kernels::rope_rows_applies(x, cos, sin));
        const double d = max_diff(kernels::rope_rows(x, cos, sin), kernels::rope_reference(x, cos, sin));
        QVERIFY2(d < 1e-5, qPrintable(QString::number(d)));
        // One row alone gives the same bits.
        at::Tensor all = kernels::rope_rows(x, cos, sin);
        at::Tensor one = kernels::rope_rows(x.narrow(1, 2, 1), cos.narrow(0, 2, 1), sin.narrow(0, 2, 1));
        QVERIFY(same_bits(one, all.narrow(1, 2, 1)));
        QVERIFY(!kernels::rope_rows_applies(x.clone().requires_grad_(true), cos, sin));
    }

    // The fused attention prologue: the same q as splitting the projection
    // and rotating with the reference, and the cache rows (strided views of
    // a bigger buffer) hold the rotated keys and the plain values.
    void qkvRopeMatchesReference() {
        const int64_t T = 3, H = 4, Hkv = 2, hd = 16, cap = 10, at_row = 5;
        at::Tensor qkv = at::randn({T, (H + 2 * Hkv) * hd});
        at::Tensor angles = at::randn({T, hd / 2});
        at::Tensor cos = angles.cos(), sin = angles.sin();
        at::Tensor kbuf = at::zeros({Hkv, cap, hd}), vbuf = at::zeros({Hkv, cap, hd});
        QVERIFY(kernels::qkv_rope_rows_applies(qkv, cos, sin, H, Hkv));
        at::Tensor q = kernels::qkv_rope_rows(qkv, cos, sin, H, Hkv, kbuf.narrow(1, at_row, T), vbuf.narrow(1, at_row, T));
        auto heads = [&](int64_t first, int64_t n) { return qkv.narrow(1, first * hd, n * hd).view({T, n, hd}).transpose(0, 1); };
        QVERIFY(max_diff(q, kernels::rope_reference(heads(0, H), cos, sin)) < 1e-5);
        QVERIFY(max_diff(kbuf.narrow(1, at_row, T), kernels::rope_reference(heads(H, Hkv), cos, sin)) < 1e-5);
        QVERIFY(same_bits(vbuf.narrow(1, at_row, T), heads(H + Hkv, Hkv)));
        QCOMPARE(kbuf.narrow(1, 0, at_row).abs().sum().item<float>(), 0.0f);  // rows before are untouched
        QVERIFY(!kernels::qkv_rope_rows_applies(qkv, cos, sin, H, Hkv + 1));
    }

    // The fused SwiGLU against ATen's silu, on and off the 16 lanes and
    // across the range where e^x over- or underflows.
    void swigluMatchesAten() {
        for (int64_t I : {1024, 37}) {
            at::Tensor up = at::randn({3, 2 * I}) * 8;
            up[0][0] = 120.0f;
            up[0][1] = -120.0f;
            QVERIFY(kernels::swiglu_rows_applies(up));
            at::Tensor want = at::silu(up.narrow(1, 0, I)) * up.narrow(1, I, I);
            at::Tensor got = kernels::swiglu_rows(up);
            const double rel = ((got - want).abs() / (want.abs() + 1e-3)).max().item<double>();
            QVERIFY2(rel < 1e-5, qPrintable(QString::number(rel)));
            QVERIFY(same_bits(kernels::swiglu_rows(up.narrow(0, 1, 1).contiguous()), got.narrow(0, 1, 1)));
        }
        QVERIFY(!kernels::swiglu_rows_applies(at::randn({2, 8}).requires_grad_(true)));
    }

    // The skip connection added in the packed kernel's epilogue gives the
    // same bits as adding it after.
    void linearAddsTheResidualExactly() {
        at::Tensor p = kernels::pack_linear_weight((at::randn({64, 96}) * 0.1).to(at::kBFloat16));
        at::Tensor x = at::randn({5, 96}), b = at::randn({64}), r = at::randn({5, 64});
        QVERIFY(kernels::linear_packed_applies(x, p, b, r));
        QVERIFY(same_bits(kernels::linear(x, p, b, r), r + kernels::linear(x, p, b)));
        at::Tensor w = at::randn({64, 96});  // unpacked weights: the add after the kernel
        QVERIFY(same_bits(kernels::linear(x, w, b, r), r + kernels::linear(x, w, b)));
    }

    void rmsNormMatchesReference() {
        for (auto shape : {std::vector<int64_t>{1, 384}, {5, 7}, {2, 3, 64}}) {
            at::Tensor x = at::randn(shape) * 3;
            at::Tensor w = at::randn({shape.back()});
            QVERIFY(kernels::rms_norm_rows_applies(x, w));
            const double d = max_diff(kernels::rms_norm_rows(x, w, 1e-6), kernels::rms_norm_reference(x, w, 1e-6));
            QVERIFY2(d < 1e-5, qPrintable(QString::number(d)));
            QVERIFY(max_diff(kernels::rms_norm(x, w, 1e-6), kernels::rms_norm_reference(x, w, 1e-6)) < 1e-5);
        }
        at::Tensor trained = at::randn({8}).requires_grad_(true);
        QVERIFY(!kernels::rms_norm_rows_applies(at::randn({2, 8}), trained));
    }
};

QTEST_APPLESS_MAIN(TestCpuKernels)
#include "test_cpu_kernels.moc"
