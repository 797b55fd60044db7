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
#pragma GCC diagnostic ignored "-Wpsabi"  // vector helpers are always inlined

#include <ATen/Parallel.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "kernels/dispatch.h"

namespace specscope::kernels {
namespace {

typedef float f32x16 __attribute__((vector_size(64), aligned(4)));
typedef int32_t i32x16 __attribute__((vector_size(64)));
typedef float f32x8 __attribute__((vector_size(32)));
typedef float f32x4 __attribute__((vector_size(16)));
constexpr int kLanes = 16;

#define SPECSCOPE_INLINE inline __attribute__((always_inline))

SPECSCOPE_INLINE f32x16 load(const float* p) { return *reinterpret_cast<const f32x16*>(p); }
SPECSCOPE_INLINE void store(float* p, const f32x16& v) { *reinterpret_cast<f32x16*>(p) = v; }
SPECSCOPE_INLINE f32x16 splat(float v) { return f32x16{} + v; }
SPECSCOPE_INLINE float sum_lanes(const f32x16& v) {
    const f32x8 a = __builtin_shufflevector(v, v, 0, 1, 2, 3, 4, 5, 6, 7) +
                    __builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15);
    const f32x4 b = __builtin_shufflevector(a, a, 0, 1, 2, 3) + __builtin_shufflevector(a, a, 4, 5, 6, 7);
    return (b[0] + b[2]) + (b[1] + b[3]);
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
// weighted sum of values. `scores` has room for S floats (plus a vector).
SPECSCOPE_INLINE void attend_row(const Problem& p, int64_t h, int64_t t, float* scores) {
    const float* q = p.q + h * p.q_head + t * p.hd;
    const float* k = p.k + (h / p.G) * p.k_head;
    const float* v = p.v + (h / p.G) * p.v_head;
    const int64_t hd_vec = p.hd - p.hd % kLanes;
    float best = -std::numeric_limits<float>::infinity();
    for (int64_t s = 0; s < p.S; ++s) {
        const float* ks = k + s * p.k_row;
        f32x16 acc{};
        for (int64_t d = 0; d < hd_vec; d += kLanes) acc += load(q + d) * load(ks + d);
        float dot = sum_lanes(acc);
        for (int64_t d = hd_vec; d < p.hd; ++d) dot += q[d] * ks[d];
        float x = dot * p.scale;
        if (p.bias) x += p.bias[t * p.S + s];
        scores[s] = x;
        best = x > best ? x : best;
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
    float* out = p.out + t * p.H * p.hd + h * p.hd;
    for (int64_t d = 0; d < p.hd; ++d) out[d] = 0;
    for (int64_t s = 0; s < p.S; ++s) {
        const float w = scores[s] * inv;
        if (w == 0) continue;
        const float* vs = v + s * p.v_row;
        for (int64_t d = 0; d < hd_vec; d += kLanes) store(out + d, load(out + d) + w * load(vs + d));
        for (int64_t d = hd_vec; d < p.hd; ++d) out[d] += w * vs[d];
    }
}

#if defined(__x86_64__) && defined(__GNUC__)
#define SPECSCOPE_CLONES __attribute__((target_clones("avx512f", "arch=haswell", "default")))
#else
#define SPECSCOPE_CLONES
#endif

// Rows [r0, r1) of the H x T (head, row) pairs.
SPECSCOPE_CLONES void attend_rows(const Problem& p, int64_t r0, int64_t r1) {
    std::vector<float> scores(static_cast<size_t>(p.S + kLanes));
    for (int64_t r = r0; r < r1; ++r) attend_row(p, r / p.T, r % p.T, scores.data());
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
