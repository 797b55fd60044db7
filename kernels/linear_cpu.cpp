// y = x · Wᵀ + b for the few rows of a decode step or a verification
// (T ≤ kLinearRowsMax), on the CPU, in fp32 with fp32 or bf16 weights.
//
// Why not BLAS: for T = 1..16 OpenBLAS's sgemm packs (copies) the whole
// weight matrix on every call, which costs more than the multiply itself;
// decoding is bound by reading the weights once. Here each weight row is
// read once and multiplied with all T input rows while it sits in registers.
//
// Every output y[t][n] is summed in the same order whatever T is, whatever
// the thread split and whichever instruction set runs: a token's logits do
// not depend on how many tokens were verified with it, so speculative
// decoding stays token-for-token equal to plain greedy decoding.
// The helpers below return 64-byte vectors; they are always inlined into the
// clones, so no call crosses an ABI boundary.
#pragma GCC diagnostic ignored "-Wpsabi"

#include <ATen/Parallel.h>

#include <cstdint>
#include <cstring>

#include "kernels/dispatch.h"

namespace specscope::kernels {
namespace {

// GCC vector extensions: 16 fp32 lanes, lowered to one AVX-512 register, two
// AVX2 or four SSE ones by the target_clones below.
typedef float f32x16 __attribute__((vector_size(64), aligned(4)));
typedef uint32_t u32x16 __attribute__((vector_size(64)));
typedef uint16_t u16x16 __attribute__((vector_size(32), aligned(2)));
constexpr int kLanes = 16;
constexpr int kOutBlock = 4;  // output features per pass: 4 independent FMA chains for T = 1
constexpr int kPrefetch = 512;  // weights read ahead, in elements
constexpr int kRowBlock = 6;  // input rows per pass: 24 accumulators + 6 inputs + 1 weight in 32 registers

#define SPECSCOPE_INLINE inline __attribute__((always_inline))

SPECSCOPE_INLINE f32x16 load(const float* p) { return *reinterpret_cast<const f32x16*>(p); }
SPECSCOPE_INLINE f32x16 load(const uint16_t* p) {
    // bf16 is the top half of an fp32: widening is exact.
    const u32x16 wide = __builtin_convertvector(*reinterpret_cast<const u16x16*>(p), u32x16) << 16;
    return reinterpret_cast<const f32x16&>(wide);
}
SPECSCOPE_INLINE float scalar(float v) { return v; }
SPECSCOPE_INLINE float scalar(uint16_t v) {
    const uint32_t bits = static_cast<uint32_t>(v) << 16;
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}
// A fixed tree of halvings (the same for every tile shape and clone): a few
// vector adds instead of 16 dependent scalar ones.
typedef float f32x8 __attribute__((vector_size(32)));
typedef float f32x4 __attribute__((vector_size(16)));
SPECSCOPE_INLINE float sum_lanes(const f32x16& v) {
    const f32x8 a = __builtin_shufflevector(v, v, 0, 1, 2, 3, 4, 5, 6, 7) +
                    __builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15);
    const f32x4 b = __builtin_shufflevector(a, a, 0, 1, 2, 3) + __builtin_shufflevector(a, a, 4, 5, 6, 7);
    return (b[0] + b[2]) + (b[1] + b[3]);
}

// y[t0 .. t0+TB)[n .. n+NB) from x (rows `ldx` apart) and W[N, K]. NB and
// TB are compile-time so that the NB x TB accumulators live in registers.
template <int NB, int TB, typename W>
SPECSCOPE_INLINE void linear_tile(const float* x, int64_t ldx, int64_t K, const W* w, const float* bias, float* y,
                                  int64_t N, int64_t n, int64_t t0) {
    const int64_t k_vec = K - K % kLanes;
    f32x16 acc[NB][TB] = {};
    for (int64_t k = 0; k < k_vec; k += kLanes) {
        f32x16 xv[TB];
        for (int t = 0; t < TB; ++t) xv[t] = load(x + (t0 + t) * ldx + k);
        for (int o = 0; o < NB; ++o) {
            __builtin_prefetch(w + (n + o) * K + k + kPrefetch);
            const f32x16 wv = load(w + (n + o) * K + k);
            for (int t = 0; t < TB; ++t) acc[o][t] += wv * xv[t];
        }
    }
    for (int o = 0; o < NB; ++o)
        for (int t = 0; t < TB; ++t) {
            float s = sum_lanes(acc[o][t]);
            for (int64_t k = k_vec; k < K; ++k) s += scalar(w[(n + o) * K + k]) * x[(t0 + t) * ldx + k];
            if (bias) s += bias[n + o];
            y[(t0 + t) * N + n + o] = s;
        }
}

template <int NB, typename W>
SPECSCOPE_INLINE void linear_tiles(const float* x, int64_t ldx, int64_t T, int64_t K, const W* w, const float* bias,
                                   float* y, int64_t N, int64_t n) {
    int64_t t0 = 0;
    for (; t0 + kRowBlock <= T; t0 += kRowBlock) linear_tile<NB, kRowBlock>(x, ldx, K, w, bias, y, N, n, t0);
    switch (T - t0) {
    case 5: linear_tile<NB, 5>(x, ldx, K, w, bias, y, N, n, t0); break;
    case 4: linear_tile<NB, 4>(x, ldx, K, w, bias, y, N, n, t0); break;
    case 3: linear_tile<NB, 3>(x, ldx, K, w, bias, y, N, n, t0); break;
    case 2: linear_tile<NB, 2>(x, ldx, K, w, bias, y, N, n, t0); break;
    case 1: linear_tile<NB, 1>(x, ldx, K, w, bias, y, N, n, t0); break;
    default: break;
    }
}

// Outputs [n0, n1) of y[T, N] from x[T, K] and W[N, K].
template <typename W>
SPECSCOPE_INLINE void linear_block(const float* x, int64_t ldx, int64_t T, int64_t K, const W* w, const float* bias,
                                   float* y, int64_t N, int64_t n0, int64_t n1) {
    int64_t n = n0;
    for (; n + kOutBlock <= n1; n += kOutBlock) linear_tiles<kOutBlock>(x, ldx, T, K, w, bias, y, N, n);
    for (; n < n1; ++n) linear_tiles<1>(x, ldx, T, K, w, bias, y, N, n);
}

// One clone per instruction set, chosen when the library loads.
#define SPECSCOPE_CLONES __attribute__((target_clones("avx512f", "arch=haswell", "default")))

SPECSCOPE_CLONES void linear_rows_f32(const float* x, int64_t ldx, int64_t T, int64_t K, const float* w,
                                      const float* bias, float* y, int64_t N, int64_t n0, int64_t n1) {
    linear_block(x, ldx, T, K, w, bias, y, N, n0, n1);
}
SPECSCOPE_CLONES void linear_rows_bf16(const float* x, int64_t ldx, int64_t T, int64_t K, const uint16_t* w,
                                       const float* bias, float* y, int64_t N, int64_t n0, int64_t n1) {
    linear_block(x, ldx, T, K, w, bias, y, N, n0, n1);
}

} // namespace

bool linear_rows_applies(const at::Tensor& x, const at::Tensor& w, const at::Tensor& b) {
    const auto wt = w.scalar_type();
    return x.device().is_cpu() && w.device().is_cpu() && x.dim() == 2 && x.size(0) <= kLinearRowsMax &&
           x.scalar_type() == at::kFloat && (wt == at::kFloat || wt == at::kBFloat16) && w.dim() == 2 &&
           w.is_contiguous() && x.size(1) == w.size(1) && x.stride(1) == 1 &&
           (!b.defined() || (b.scalar_type() == at::kFloat && b.is_contiguous())) && !x.requires_grad() &&
           !w.requires_grad() && !(b.defined() && b.requires_grad());
}

at::Tensor linear_rows(const at::Tensor& x, const at::Tensor& w, const at::Tensor& b) {
    const int64_t T = x.size(0), K = x.size(1), N = w.size(0);
    at::Tensor y = at::empty({T, N}, x.options());
    const float* xp = x.data_ptr<float>();
    const float* bp = b.defined() ? b.data_ptr<float>() : nullptr;
    float* yp = y.data_ptr<float>();
    const bool bf16 = w.scalar_type() == at::kBFloat16;
    const void* wp = w.data_ptr();
    // Threads split the output features; a split costs a few microseconds,
    // so small matrices (a draft model's) run on the calling thread.
    const int64_t blocks = (N + kOutBlock - 1) / kOutBlock;
    const int64_t grain = std::max<int64_t>(1, (1 << 16) / std::max<int64_t>(1, K * kOutBlock));
    at::parallel_for(0, blocks, grain, [&](int64_t b0, int64_t b1) {
        const int64_t n0 = b0 * kOutBlock, n1 = std::min(N, b1 * kOutBlock);
        if (bf16)
            linear_rows_bf16(xp, x.stride(0), T, K, static_cast<const uint16_t*>(wp), bp, yp, N, n0, n1);
        else
            linear_rows_f32(xp, x.stride(0), T, K, static_cast<const float*>(wp), bp, yp, N, n0, n1);
    });
    return y;
}

at::Tensor linear(const at::Tensor& x, const at::Tensor& w, const at::Tensor& b) {
    if (x.dim() == 2 && linear_rows_applies(x, w, b)) return linear_rows(x, w, b);
    // Everything else (prefill, batches, training, CUDA): ATen, with the
    // weights in the activations' dtype.
    if (w.scalar_type() != x.scalar_type()) return at::linear(x, w.to(x.scalar_type()), b.defined() ? b.to(x.scalar_type()) : b);
    return at::linear(x, w, b);
}

} // namespace specscope::kernels
