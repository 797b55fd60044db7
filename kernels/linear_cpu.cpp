// y = x · Wᵀ + b for the few rows of a decode step or a verification
// (T ≤ kLinearRowsMax; any T for bf16 weights), on the CPU, in fp32 with fp32
// or bf16 weights.
//
// Why not BLAS: for T = 1..16 OpenBLAS's sgemm packs (copies) the whole
// weight matrix on every call, which costs more than the multiply itself;
// decoding is bound by reading the weights once. Here each weight row is
// read once and multiplied with all T input rows while it sits in registers.
//
// Every output y[t][n] is summed in the same order whatever T is and
// however the threads split the work (one machine always runs the same
// clone): a token's logits do not depend on how many tokens were verified
// with it, so speculative decoding stays token-for-token equal to plain
// greedy decoding.

#include <ATen/Parallel.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "kernels/dispatch.h"
#include "kernels/simd.h"

namespace specscope::kernels {
namespace {

typedef float f32x8 __attribute__((vector_size(32)));
typedef float f32x4 __attribute__((vector_size(16)));
constexpr int kPrefetch = 2048;  // bytes of each weight row read ahead
constexpr int kRowBlock = 6;     // input rows per pass (a verification of gamma = 5 in one)

SPECSCOPE_INLINE f32x16 load(const float* p) { return *reinterpret_cast<const f32x16*>(p); }

// A fixed tree of halvings (the same for every tile shape and clone): a few
// vector adds instead of 16 dependent scalar ones.
SPECSCOPE_INLINE float sum_lanes(const f32x16& v) {
    const f32x8 a = __builtin_shufflevector(v, v, 0, 1, 2, 3, 4, 5, 6, 7) +
                    __builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15);
    const f32x4 b = __builtin_shufflevector(a, a, 0, 1, 2, 3) + __builtin_shufflevector(a, a, 4, 5, 6, 7);
    return (b[0] + b[2]) + (b[1] + b[3]);
}

// fp32 weights: a step is 16 consecutive inputs, one register per row.
struct F32 {
    using W = float;
    static constexpr int kStep = 16;
    static constexpr int kOut = 4;  // 4 x 6 accumulators + 4 weights + 1 input of 32 registers
    struct Vec { f32x16 v; };
    static SPECSCOPE_INLINE Vec weights(const float* w) { return {load(w)}; }
    static SPECSCOPE_INLINE Vec inputs(const float* x) { return {load(x)}; }
    static SPECSCOPE_INLINE void fma(f32x16& acc, const Vec& w, const Vec& x) { acc += w.v * x.v; }
    static SPECSCOPE_INLINE float scalar(float v) { return v; }
};

// bf16 weights: a step is 32 inputs read as 16 pairs. bf16 is the top half of
// an fp32, so the even element of a pair is the 32-bit lane shifted left and
// the odd one the lane with its low half cleared: exact, and one instruction
// per 16 weights. The inputs are packed to match (packed_inputs): per 32,
// the 16 even ones, then the 16 odd ones.
struct BF16 {
    using W = uint16_t;
    static constexpr int kStep = 32;
    static constexpr int kOut = 3;  // 3 x 6 accumulators + 6 weights + 2 inputs
    struct Vec { f32x16 even, odd; };
    static SPECSCOPE_INLINE Vec weights(const uint16_t* w) {
        const u32x16 pairs = *reinterpret_cast<const u32x16*>(w);
        const u32x16 even = pairs << 16, odd = pairs & 0xFFFF0000u;
        return {reinterpret_cast<const f32x16&>(even), reinterpret_cast<const f32x16&>(odd)};
    }
    static SPECSCOPE_INLINE Vec inputs(const float* x) { return {load(x), load(x + kLanes)}; }
    static SPECSCOPE_INLINE void fma(f32x16& acc, const Vec& w, const Vec& x) {
        acc += w.even * x.even;
        acc += w.odd * x.odd;
    }
    static SPECSCOPE_INLINE float scalar(uint16_t v) {
        const uint32_t bits = static_cast<uint32_t>(v) << 16;
        float f;
        std::memcpy(&f, &bits, sizeof f);
        return f;
    }
};

// What a kernel call reads: x as the format wants it (`xs`, rows `ldxs`
// apart) for the vector steps, x as given for the tail of K that does not
// fill a step.
struct Inputs {
    const float* xs;
    int64_t ldxs;
    const float* x;
    int64_t ldx;
};

// y[t0 .. t0+TB)[n .. n+NB): the NB x TB accumulators live in registers; each
// weight step is loaded once for the TB rows. The order of the sums for one
// output is the same for every NB, TB and t0.
template <class F, int NB, int TB>
SPECSCOPE_INLINE void linear_tile(const Inputs& in, int64_t K, const typename F::W* w, const float* bias, float* y,
                                  int64_t N, int64_t n, int64_t t0) {
    const int64_t k_vec = K - K % F::kStep;
    f32x16 acc[NB][TB] = {};
    for (int64_t k = 0; k < k_vec; k += F::kStep) {
        typename F::Vec wv[NB];
        for (int o = 0; o < NB; ++o) {
            const typename F::W* row = w + (n + o) * K + k;
            __builtin_prefetch(reinterpret_cast<const char*>(row) + kPrefetch);
            wv[o] = F::weights(row);
        }
        for (int t = 0; t < TB; ++t) {
            const typename F::Vec xv = F::inputs(in.xs + (t0 + t) * in.ldxs + k);
            for (int o = 0; o < NB; ++o) F::fma(acc[o][t], wv[o], xv);
        }
    }
    for (int o = 0; o < NB; ++o)
        for (int t = 0; t < TB; ++t) {
            float s = sum_lanes(acc[o][t]);
            for (int64_t k = k_vec; k < K; ++k) s += F::scalar(w[(n + o) * K + k]) * in.x[(t0 + t) * in.ldx + k];
            if (bias) s += bias[n + o];
            y[(t0 + t) * N + n + o] = s;
        }
}

template <class F, int NB>
SPECSCOPE_INLINE void linear_tiles(const Inputs& in, int64_t T, int64_t K, const typename F::W* w, const float* bias,
                                   float* y, int64_t N, int64_t n) {
    int64_t t0 = 0;
    for (; t0 + kRowBlock <= T; t0 += kRowBlock) linear_tile<F, NB, kRowBlock>(in, K, w, bias, y, N, n, t0);
    switch (T - t0) {
    case 5: linear_tile<F, NB, 5>(in, K, w, bias, y, N, n, t0); break;
    case 4: linear_tile<F, NB, 4>(in, K, w, bias, y, N, n, t0); break;
    case 3: linear_tile<F, NB, 3>(in, K, w, bias, y, N, n, t0); break;
    case 2: linear_tile<F, NB, 2>(in, K, w, bias, y, N, n, t0); break;
    case 1: linear_tile<F, NB, 1>(in, K, w, bias, y, N, n, t0); break;
    default: break;
    }
}

// Outputs [n0, n1) of y[T, N] from x[T, K] and W[N, K].
template <class F>
SPECSCOPE_INLINE void linear_block(const Inputs& in, int64_t T, int64_t K, const typename F::W* w, const float* bias,
                                   float* y, int64_t N, int64_t n0, int64_t n1) {
    int64_t n = n0;
    for (; n + F::kOut <= n1; n += F::kOut) linear_tiles<F, F::kOut>(in, T, K, w, bias, y, N, n);
    for (; n < n1; ++n) linear_tiles<F, 1>(in, T, K, w, bias, y, N, n);
}


SPECSCOPE_CLONES void linear_rows_f32(const Inputs& in, int64_t T, int64_t K, const float* w, const float* bias,
                                      float* y, int64_t N, int64_t n0, int64_t n1) {
    linear_block<F32>(in, T, K, w, bias, y, N, n0, n1);
}
SPECSCOPE_CLONES void linear_rows_bf16(const Inputs& in, int64_t T, int64_t K, const uint16_t* w, const float* bias,
                                       float* y, int64_t N, int64_t n0, int64_t n1) {
    linear_block<BF16>(in, T, K, w, bias, y, N, n0, n1);
}

// x [T, K] (rows ldx apart) in BF16's order: per 32 inputs the even ones,
// then the odd ones; the tail that does not fill 32 is left out. -> [T, K]
std::vector<float> packed_inputs(const float* x, int64_t ldx, int64_t T, int64_t K) {
    std::vector<float> out(static_cast<size_t>(T * K));
    const int64_t k_vec = K - K % BF16::kStep;
    for (int64_t t = 0; t < T; ++t)
        for (int64_t k = 0; k < k_vec; k += BF16::kStep)
            for (int i = 0; i < kLanes; ++i) {
                out[t * K + k + i] = x[t * ldx + k + 2 * i];
                out[t * K + k + kLanes + i] = x[t * ldx + k + 2 * i + 1];
            }
    return out;
}

} // namespace

bool linear_rows_applies(const at::Tensor& x, const at::Tensor& w, const at::Tensor& b) {
    const auto wt = w.scalar_type();
    // Past kLinearRowsMax rows OpenBLAS is faster with fp32 weights; bf16
    // weights stay here (ATen would widen the whole matrix on every call).
    const bool rows_ok = x.dim() == 2 && (x.size(0) <= kLinearRowsMax || wt == at::kBFloat16);
    return x.device().is_cpu() && w.device().is_cpu() && rows_ok &&
           x.scalar_type() == at::kFloat && (wt == at::kFloat || wt == at::kBFloat16) && w.dim() == 2 &&
           w.is_contiguous() && x.size(1) == w.size(1) && x.stride(1) == 1 &&
           (!b.defined() || (b.scalar_type() == at::kFloat && b.is_contiguous())) && !x.requires_grad() &&
           !w.requires_grad() && !(b.defined() && b.requires_grad());
}

at::Tensor linear_rows(const at::Tensor& x, const at::Tensor& w, const at::Tensor& b) {
    const int64_t T = x.size(0), K = x.size(1), N = w.size(0);
    at::Tensor y = at::empty({T, N}, x.options());
    const float* bp = b.defined() ? b.data_ptr<float>() : nullptr;
    float* yp = y.data_ptr<float>();
    const bool bf16 = w.scalar_type() == at::kBFloat16;
    Inputs in{x.data_ptr<float>(), x.stride(0), x.data_ptr<float>(), x.stride(0)};
    std::vector<float> packed;
    if (bf16) {
        packed = packed_inputs(in.x, in.ldx, T, K);
        in.xs = packed.data();
        in.ldxs = K;
    }
    const void* wp = w.data_ptr();
    // Threads split the output features; a split costs a few microseconds,
    // so small matrices (a draft model's) run on the calling thread.
    const int64_t out_block = bf16 ? BF16::kOut : F32::kOut;
    const int64_t blocks = (N + out_block - 1) / out_block;
    const int64_t grain = std::max<int64_t>(1, (1 << 16) / std::max<int64_t>(1, K * out_block));
    at::parallel_for(0, blocks, grain, [&](int64_t b0, int64_t b1) {
        const int64_t n0 = b0 * out_block, n1 = std::min(N, b1 * out_block);
        if (bf16)
            linear_rows_bf16(in, T, K, static_cast<const uint16_t*>(wp), bp, yp, N, n0, n1);
        else
            linear_rows_f32(in, T, K, static_cast<const float*>(wp), bp, yp, N, n0, n1);
    });
    return y;
}

at::Tensor linear(const at::Tensor& x, const at::Tensor& w, const at::Tensor& b, const at::Tensor& residual) {
    if (is_packed_linear_weight(w)) {
        if (x.dim() == 2 && linear_packed_applies(x, w, b, residual)) return linear_packed(x, w, b, residual);
        if (x.dim() > 2 && x.is_contiguous() && !residual.defined()) {
            at::Tensor x2 = x.view({-1, x.size(-1)});
            if (linear_packed_applies(x2, w, b)) {
                std::vector<int64_t> shape(x.sizes().begin(), x.sizes().end());
                shape.back() = linear_out_features(w);
                return linear_packed(x2, w, b).view(shape);
            }
        }
    }
    if (residual.defined()) return residual + linear(x, w, b);
    if (is_packed_linear_weight(w)) return linear(x, unpack_linear_weight(w), b);
    if (x.dim() == 2 && linear_rows_applies(x, w, b)) return linear_rows(x, w, b);
    // Everything else (prefill, batches, training, CUDA): ATen, with the
    // weights in the activations' dtype.
    if (w.scalar_type() != x.scalar_type()) return at::linear(x, w.to(x.scalar_type()), b.defined() ? b.to(x.scalar_type()) : b);
    return at::linear(x, w, b);
}

} // namespace specscope::kernels
