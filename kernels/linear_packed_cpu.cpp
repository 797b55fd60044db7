// y = x · Wᵀ + b on the CPU for bf16 weights stored in panels (any T rows,
// fp32 activations): the kernel behind a loaded bf16 checkpoint.
//
// Why panels: the row-streaming kernel (linear_cpu.cpp) multiplies a weight
// row with an input row as two vectors, so every output ends in a horizontal
// sum of 16 lanes; at K = 384 that epilogue costs as much as the multiply and
// a forward over 4 tokens took 2.3x one over 1 token. Here a register holds
// one input feature k of 16 consecutive output features, so 16 outputs are
// accumulated side by side, each in its own lane, and nothing is summed
// across lanes: the multiply runs near the FMA units' rate and a forward
// over a few tokens costs about what reading the weights once costs.
//
// Layout, made once at load (pack_linear_weight): W [N, K] bf16 becomes
// [N/16, K/2, 32]: panel p, pair j holds, for the outputs 16p .. 16p+15,
// W[n][2j] and W[n][2j+1] side by side, 32 bits per output. A bf16 is the top
// half of an fp32, so the pair's 32-bit lane shifted left by 16 is W[n][2j]
// and the lane with its low half cleared is W[n][2j+1]: exact, one
// instruction per 16 weights.
//
// Every output y[t][n] is one chain of multiply-adds over k = 0 .. K-1 in
// order, the same whatever T is, whichever rows share a pass and however the
// threads split the panels: a token's logits do not depend on how many
// tokens were verified with it (speculative decoding stays token-for-token
// equal to plain greedy decoding).

#include <ATen/Parallel.h>

#include <algorithm>
#include <atomic>
#include <cstdint>

#include "kernels/dispatch.h"
#include "kernels/simd.h"

namespace specscope::kernels {
namespace {

constexpr int kPanels = 4;  // panels per pass: 4 x 4 accumulators + 8 weights of 32 registers
constexpr int kRows = 4;    // input rows per pass

// Out: y = x · Wᵀ (+ bias) (+ residual), each [T, ldy], the two adds in that order.
struct Out {
    const float* bias;      // [N] or null
    const float* residual;  // [T, ldy] or null
    float* y;
    int64_t ldy;
};

// y[t0 .. t0+TB)[16 p0 .. 16 (p0+NP)): NP x TB accumulators of 16 outputs.
// w: the packed weights, `pairs` = K/2 pairs of 16 lanes per panel.
template <int NP, int TB>
SPECSCOPE_INLINE void packed_tile(const float* x, int64_t ldx, int64_t pairs, const uint32_t* w, const Out& out,
                                  int64_t p0, int64_t t0) {
    f32x16 acc[NP][TB] = {};
    const uint32_t* panel[NP];
    for (int p = 0; p < NP; ++p) panel[p] = w + (p0 + p) * pairs * kLanes;
    const float* xr[TB];
    for (int t = 0; t < TB; ++t) xr[t] = x + (t0 + t) * ldx;
    for (int64_t j = 0; j < pairs; ++j) {
        f32x16 even[NP], odd[NP];
        for (int p = 0; p < NP; ++p) {
            const u32x16 v = *reinterpret_cast<const u32x16*>(panel[p] + j * kLanes);
            const u32x16 e = v << 16, o = v & 0xFFFF0000u;
            even[p] = reinterpret_cast<const f32x16&>(e);
            odd[p] = reinterpret_cast<const f32x16&>(o);
        }
        for (int t = 0; t < TB; ++t) {
            const float xe = xr[t][2 * j], xo = xr[t][2 * j + 1];
            for (int p = 0; p < NP; ++p) acc[p][t] += even[p] * xe;
            for (int p = 0; p < NP; ++p) acc[p][t] += odd[p] * xo;
        }
    }
    for (int p = 0; p < NP; ++p) {
        const int64_t n = (p0 + p) * kLanes;
        for (int t = 0; t < TB; ++t) {
            f32x16 v = acc[p][t];
            if (out.bias) v += *reinterpret_cast<const f32x16*>(out.bias + n);
            const int64_t at = (t0 + t) * out.ldy + n;
            if (out.residual) v = *reinterpret_cast<const f32x16*>(out.residual + at) + v;
            *reinterpret_cast<f32x16*>(out.y + at) = v;
        }
    }
}

template <int NP>
SPECSCOPE_INLINE void packed_rows(const float* x, int64_t ldx, int64_t T, int64_t pairs, const uint32_t* w,
                                  const Out& out, int64_t p0) {
    int64_t t0 = 0;
    for (; t0 + kRows <= T; t0 += kRows) packed_tile<NP, kRows>(x, ldx, pairs, w, out, p0, t0);
    switch (T - t0) {
    case 3: packed_tile<NP, 3>(x, ldx, pairs, w, out, p0, t0); break;
    case 2: packed_tile<NP, 2>(x, ldx, pairs, w, out, p0, t0); break;
    case 1: packed_tile<NP, 1>(x, ldx, pairs, w, out, p0, t0); break;
    default: break;
    }
}

// Panels [p0, p1) of y[T, 16 P] from x[T, K] and the packed W.
// 5 to 8 rows (a verification of a 4..7-token draft) in one pass over two
// panels at a time: each weight is read and widened once for all rows.
template <int TB>
SPECSCOPE_INLINE void wide_panels(const float* x, int64_t ldx, int64_t pairs, const uint32_t* w, const Out& out,
                                  int64_t p0, int64_t p1) {
    int64_t p = p0;
    for (; p + 2 <= p1; p += 2) packed_tile<2, TB>(x, ldx, pairs, w, out, p, 0);
    if (p < p1) packed_tile<1, TB>(x, ldx, pairs, w, out, p, 0);
}

SPECSCOPE_CLONES void packed_panels(const float* x, int64_t ldx, int64_t T, int64_t pairs, const uint32_t* w,
                                    const Out& out, int64_t p0, int64_t p1) {
    switch (T) {
    case 5: return wide_panels<5>(x, ldx, pairs, w, out, p0, p1);
    case 6: return wide_panels<6>(x, ldx, pairs, w, out, p0, p1);
    case 7: return wide_panels<7>(x, ldx, pairs, w, out, p0, p1);
    case 8: return wide_panels<8>(x, ldx, pairs, w, out, p0, p1);
    default: break;
    }
    int64_t p = p0;
    for (; p + kPanels <= p1; p += kPanels) packed_rows<kPanels>(x, ldx, T, pairs, w, out, p);
    switch (p1 - p) {
    case 3: packed_rows<3>(x, ldx, T, pairs, w, out, p); break;
    case 2: packed_rows<2>(x, ldx, T, pairs, w, out, p); break;
    case 1: packed_rows<1>(x, ldx, T, pairs, w, out, p); break;
    default: break;
    }
}

} // namespace

bool linear_weight_packable(const at::Tensor& w) {
    return w.dim() == 2 && w.scalar_type() == at::kBFloat16 && w.device().is_cpu() && w.size(0) % kLanes == 0 &&
           w.size(1) % 2 == 0 && w.size(0) > 0 && w.size(1) > 0;
}

bool is_packed_linear_weight(const at::Tensor& w) { return w.defined() && w.dim() == 3; }

at::Tensor pack_linear_weight(const at::Tensor& w) {
    const int64_t N = w.size(0), K = w.size(1);
    // [N, K] -> [N/16, 16, K/2, 2] -> [N/16, K/2, 16, 2]: per panel and pair, 16 (even, odd) pairs.
    return w.contiguous().view({N / kLanes, kLanes, K / 2, 2}).permute({0, 2, 1, 3}).contiguous().view(
        {N / kLanes, K / 2, 2 * kLanes});
}

at::Tensor unpack_linear_weight(const at::Tensor& w) {
    if (!is_packed_linear_weight(w)) return w;
    const int64_t P = w.size(0), pairs = w.size(1);
    return w.view({P, pairs, kLanes, 2}).permute({0, 2, 1, 3}).contiguous().view({P * kLanes, pairs * 2});
}

int64_t linear_out_features(const at::Tensor& w) { return is_packed_linear_weight(w) ? w.size(0) * kLanes : w.size(0); }
int64_t linear_in_features(const at::Tensor& w) { return is_packed_linear_weight(w) ? w.size(1) * 2 : w.size(1); }

bool linear_packed_applies(const at::Tensor& x, const at::Tensor& w, const at::Tensor& b, const at::Tensor& residual) {
    const int64_t N = linear_out_features(w);
    auto f32 = [](const at::Tensor& t) {
        return t.device().is_cpu() && t.scalar_type() == at::kFloat && !t.requires_grad();
    };
    return is_packed_linear_weight(w) && w.scalar_type() == at::kBFloat16 && w.is_contiguous() &&
           w.device().is_cpu() && f32(x) && x.dim() == 2 && x.size(1) == linear_in_features(w) && x.stride(1) == 1 &&
           (!b.defined() || (f32(b) && b.is_contiguous() && b.numel() == N)) &&
           (!residual.defined() || (f32(residual) && residual.is_contiguous() && residual.dim() == 2 &&
                                    residual.size(0) == x.size(0) && residual.size(1) == N));
}

at::Tensor linear_packed(const at::Tensor& x, const at::Tensor& w, const at::Tensor& b, const at::Tensor& residual) {
    const int64_t T = x.size(0), P = w.size(0), pairs = w.size(1), N = P * kLanes;
    at::Tensor y = at::empty({T, N}, x.options());
    const float* xp = x.data_ptr<float>();
    const int64_t ldx = x.stride(0);
    const Out out{b.defined() ? b.data_ptr<float>() : nullptr,
                  residual.defined() ? residual.data_ptr<float>() : nullptr, y.data_ptr<float>(), N};
    const auto* wp = reinterpret_cast<const uint32_t*>(w.data_ptr());
    // Threads split the panels, in whole passes; a split costs a few
    // microseconds, so a small matrix (a draft model's) stays on one thread.
    const int64_t passes = (P + kPanels - 1) / kPanels;
    const int64_t work_per_pass = kPanels * kLanes * pairs * 2 * std::max<int64_t>(T, 4);
    const int64_t grain = std::max<int64_t>(1, (int64_t(1) << 18) / work_per_pass);
    // Passes are handed out one chunk at a time to whichever thread is free
    // (a thread woken late would otherwise hold up the whole call); the
    // result does not depend on which thread computes which panels.
    const int64_t chunk = std::max<int64_t>(grain, passes / 8);
    const int threads = static_cast<int>(std::min<int64_t>(at::get_num_threads(), (passes + grain - 1) / grain));
    std::atomic<int64_t> next{0};
    auto work = [&] {
        for (int64_t q0; (q0 = next.fetch_add(chunk)) < passes;)
            packed_panels(xp, ldx, T, pairs, wp, out, q0 * kPanels, std::min(P, (q0 + chunk) * kPanels));
    };
    if (threads <= 1 || at::in_parallel_region()) {
        work();
    } else {
#pragma omp parallel num_threads(threads)
        work();
    }
    return y;
}

} // namespace specscope::kernels
