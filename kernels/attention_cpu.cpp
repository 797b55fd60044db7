// Attention of the few new rows of a decode step or a verification over the
// KV cache, on the CPU in fp32, read from the cache in place.
//
// Why not ATen: per layer the matmul / scale / mask / softmax / matmul chain
// is about ten ops, and at::matmul copies the strided cache views before
// OpenBLAS packs them again; for T <= 16 rows that costs more than the
// arithmetic (about T x S x hd x 2 multiply-adds per head).
//
// As in linear_cpu.cpp, every output row is computed on its own, in the same
// order whatever T is and however the threads split the work.
#include <ATen/Parallel.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "kernels/dispatch.h"
#include "kernels/simd.h"

namespace specscope::kernels {
namespace {

SPECSCOPE_INLINE f32x16 load(const float* p) { return *reinterpret_cast<const f32x16*>(p); }
SPECSCOPE_INLINE void store(float* p, const f32x16& v) { *reinterpret_cast<f32x16*>(p) = v; }
SPECSCOPE_INLINE f32x16 splat(float v) { return f32x16{} + v; }
SPECSCOPE_INLINE float sum_lanes(const f32x16& v) {
    float s = 0;
    for (int i = 0; i < kLanes; ++i) s += v[i];
    return s;
}

// out[j] = the sum of the lanes of a[j], for 16 vectors at once: four levels
// of pairwise shuffles and adds (15 adds instead of 16 separate reductions).
SPECSCOPE_INLINE f32x16 sum_lanes_each(const f32x16 (&a)[kLanes]) {
    f32x16 c[8], d[4], e[2];
    for (int i = 0; i < 8; ++i)  // c[i] = 8 partial sums of a[2i], then 8 of a[2i+1]
        c[i] = __builtin_shufflevector(a[2 * i], a[2 * i + 1], 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23) +
               __builtin_shufflevector(a[2 * i], a[2 * i + 1], 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31);
    for (int i = 0; i < 4; ++i)  // 4 partial sums each of 4 sources
        d[i] = __builtin_shufflevector(c[2 * i], c[2 * i + 1], 0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27) +
               __builtin_shufflevector(c[2 * i], c[2 * i + 1], 4, 5, 6, 7, 12, 13, 14, 15, 20, 21, 22, 23, 28, 29, 30, 31);
    for (int i = 0; i < 2; ++i)  // 2 partial sums each of 8 sources
        e[i] = __builtin_shufflevector(d[2 * i], d[2 * i + 1], 0, 1, 4, 5, 8, 9, 12, 13, 16, 17, 20, 21, 24, 25, 28, 29) +
               __builtin_shufflevector(d[2 * i], d[2 * i + 1], 2, 3, 6, 7, 10, 11, 14, 15, 18, 19, 22, 23, 26, 27, 30, 31);
    return __builtin_shufflevector(e[0], e[1], 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30) +
           __builtin_shufflevector(e[0], e[1], 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
}

// exp for x <= 0 (softmax after subtracting the maximum): 2^n * p(r) with
// x = n ln2 + r, |r| <= ln2/2, p Cephes' polynomial (relative error about
// 2e-7, as accurate as fp32 softmax needs). Below -87 it returns 0.
SPECSCOPE_INLINE f32x16 exp_nonpositive(f32x16 x) {
    const f32x16 lo = splat(-87.0f);
    x = x < lo ? lo : x;
    // Round to nearest (x <= 0: truncation of y - 0.5 rounds y).
    const f32x16 n = __builtin_convertvector(__builtin_convertvector(x * 1.44269504f - 0.5f, i32x16), f32x16);
    const f32x16 r = x - n * 0.693359375f + n * 2.12194440e-4f;
    f32x16 p = splat(1.9875691500e-4f);
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * r * r + r + 1.0f;
    const i32x16 bits = (__builtin_convertvector(n, i32x16) + 127) << 23;
    const f32x16 scale = reinterpret_cast<const f32x16&>(bits);
    const f32x16 out = p * scale;
    return x <= lo ? splat(0.0f) : out;
}

struct Problem {
    const float* q;  // [H, T, hd], rows hd apart, heads q_head apart
    int64_t q_head;
    const float* k;  // [Hkv, S, hd], rows k_row apart, heads k_head apart
    int64_t k_head, k_row;
    const float* v;
    int64_t v_head, v_row;
    const float* bias;  // [T, S] or null
    float* out;         // [T, H * hd]
    int64_t H, G, T, S, hd;
    float scale;
};

// One query row of one head: scores over the S cached rows, softmax, and the
// weighted sum of values. `scores` has room for S floats (plus a vector),
// `zeros` holds hd zeros, `q_scaled` room for hd floats.
SPECSCOPE_INLINE void attend_row(const Problem& p, int64_t h, int64_t t, float* scores, const float* zeros,
                                 float* q_scaled) {
    // The scale goes into the query: a score is then a sum plus the bias, with
    // no product next to the add that the compiler could fuse in one case and
    // not the other (bias or none must give the same bits).
    const float* q_in = p.q + h * p.q_head + t * p.hd;
    float* q = q_scaled;
    for (int64_t d = 0; d < p.hd; ++d) q[d] = q_in[d] * p.scale;
    const float* k = p.k + (h / p.G) * p.k_head;
    const float* v = p.v + (h / p.G) * p.v_head;
    const int64_t hd_vec = p.hd - p.hd % kLanes;
    float best = -std::numeric_limits<float>::infinity();
    // Scores 16 cached rows at a time: 16 running dot products, then one
    // transposing reduction. Rows past S in the last block stay zero.
    for (int64_t s0 = 0; s0 < p.S; s0 += kLanes) {
        const int rows = static_cast<int>(std::min<int64_t>(kLanes, p.S - s0));
        // Always 16 rows (a fixed count keeps the accumulators in registers):
        // past S they read a row of zeros.
        const float* kr[kLanes];
        for (int j = 0; j < kLanes; ++j) kr[j] = j < rows ? k + (s0 + j) * p.k_row : zeros;
        f32x16 acc[kLanes] = {};
        for (int64_t d = 0; d < hd_vec; d += kLanes) {
            const f32x16 qv = load(q + d);
            for (int j = 0; j < kLanes; ++j) acc[j] += qv * load(kr[j] + d);
        }
        const f32x16 dots = sum_lanes_each(acc);
        for (int j = 0; j < rows; ++j) {
            const float* ks = k + (s0 + j) * p.k_row;
            float dot = dots[j];
            for (int64_t d = hd_vec; d < p.hd; ++d) dot += q[d] * ks[d];
            const float x = p.bias ? dot + p.bias[t * p.S + s0 + j] : dot;
            scores[s0 + j] = x;
            best = x > best ? x : best;
        }
    }
    // Softmax in place; rows past S in the last vector are padding.
    const int64_t s_pad = (p.S + kLanes - 1) / kLanes * kLanes;
    for (int64_t s = p.S; s < s_pad; ++s) scores[s] = -std::numeric_limits<float>::infinity();
    f32x16 total{};
    for (int64_t s = 0; s < s_pad; s += kLanes) {
        const f32x16 e = exp_nonpositive(load(scores + s) - best);
        store(scores + s, e);
        total += e;
    }
    const float inv = 1.0f / sum_lanes(total);
    for (int64_t s = 0; s < p.S; ++s) scores[s] *= inv;
    // The weighted sum of values, 16 dimensions at a time in registers. Row s
    // always goes to partial sum s % 4, through the same expression (rows
    // past S, to the next multiple of 4, add exact zeros), so the result does
    // not depend on how many masked rows follow in the cache.
    const int64_t s4 = (p.S + 3) / 4 * 4;
    for (int64_t s = p.S; s < s4; ++s) scores[s] = 0;
    float* out = p.out + t * p.H * p.hd + h * p.hd;
    for (int64_t d = 0; d < hd_vec; d += kLanes) {
        f32x16 part[4] = {};
        for (int64_t s = 0; s < s4; s += 4)
            for (int i = 0; i < 4; ++i) {
                const float* vs = s + i < p.S ? v + (s + i) * p.v_row : zeros;
                part[i] += scores[s + i] * load(vs + d);
            }
        store(out + d, (part[0] + part[1]) + (part[2] + part[3]));
    }
    for (int64_t d = hd_vec; d < p.hd; ++d) {
        float part[4] = {};
        for (int64_t s = 0; s < s4; s += 4)
            for (int i = 0; i < 4; ++i) part[i] += scores[s + i] * (s + i < p.S ? v[(s + i) * p.v_row + d] : 0.0f);
        out[d] = (part[0] + part[1]) + (part[2] + part[3]);
    }
}


// Rows [r0, r1) of the H x T (head, row) pairs.
SPECSCOPE_CLONES void attend_rows(const Problem& p, int64_t r0, int64_t r1) {
    std::vector<float> scores(static_cast<size_t>(p.S + kLanes)), zeros(static_cast<size_t>(p.hd), 0.0f),
        q_scaled(static_cast<size_t>(p.hd));
    for (int64_t r = r0; r < r1; ++r) attend_row(p, r / p.T, r % p.T, scores.data(), zeros.data(), q_scaled.data());
}

} // namespace

bool attention_rows_applies(const at::Tensor& q, const at::Tensor& keys, const at::Tensor& values,
                            const at::Tensor& bias) {
    auto ok = [](const at::Tensor& t) {
        return t.device().is_cpu() && t.scalar_type() == at::kFloat && t.dim() == 3 && t.stride(2) == 1 &&
               !t.requires_grad();
    };
    if (!ok(q) || !ok(keys) || !ok(values)) return false;
    if (q.size(1) > kLinearRowsMax || q.stride(1) != q.size(2)) return false;
    if (keys.sizes() != values.sizes() || keys.size(2) != q.size(2) || q.size(0) % keys.size(0) != 0) return false;
    if (bias.defined() && (bias.scalar_type() != at::kFloat || !bias.is_contiguous() || bias.dim() != 2 ||
                           bias.size(0) != q.size(1) || bias.size(1) != keys.size(1) || !bias.device().is_cpu()))
        return false;
    return true;
}

at::Tensor attention_rows(const at::Tensor& q, const at::Tensor& keys, const at::Tensor& values,
                          const at::Tensor& bias, double scale) {
    const int64_t H = q.size(0), T = q.size(1), hd = q.size(2), S = keys.size(1);
    at::Tensor out = at::empty({T, H * hd}, q.options());
    Problem p{q.data_ptr<float>(), q.stride(0),
              keys.data_ptr<float>(), keys.stride(0), keys.stride(1),
              values.data_ptr<float>(), values.stride(0), values.stride(1),
              bias.defined() ? bias.data_ptr<float>() : nullptr, out.data_ptr<float>(),
              H, H / keys.size(0), T, S, hd, static_cast<float>(scale)};
    // About 4 x S x hd flops per (head, row): split across threads only when
    // each share is worth a fork.
    const int64_t grain = std::max<int64_t>(1, (1 << 15) / std::max<int64_t>(1, S * hd));
    at::parallel_for(0, H * T, grain, [&](int64_t r0, int64_t r1) { attend_rows(p, r0, r1); });
    return out;
}

} // namespace specscope::kernels
