// The gated MLP's activation, silu(gate) * up, for the rows of a decode step
// or a verification on the CPU in fp32: one pass over the fused gate/up
// projection instead of four ATen ops (two narrows, silu, a product) and
// two allocations per layer. Each element is computed alone, so a row's
// result does not depend on the rows next to it.

#include <cmath>
#include <cstdint>

#include "kernels/dispatch.h"
#include "kernels/simd.h"

namespace specscope::kernels {
namespace {

// e^x, Cephes' single-precision method (x = n ln2 + r, |r| <= ln2/2, a
// degree-6 polynomial for e^r, times 2^n): about 1 ulp, like the vectorised
// exp ATen's silu uses.
SPECSCOPE_INLINE f32x16 exp16(f32x16 x) {
    const f32x16 upper = f32x16{} + 88.3762626647949f, lower = f32x16{} - 87.3365478515625f;
    x = x > upper ? upper : x;  // e^x stays finite and normal
    x = x < lower ? lower : x;
    // Round x / ln2 to the nearest integer with the 1.5 * 2^23 trick (|x / ln2| < 2^22).
    const f32x16 magic = f32x16{} + 12582912.0f;
    const f32x16 n = (x * 1.44269504088896341f + magic) - magic;
    const f32x16 r = x - n * 0.693359375f + n * 2.12194440e-4f;
    f32x16 p = f32x16{} + 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * (r * r) + r + 1.0f;
    const i32x16 bits = (__builtin_convertvector(n, i32x16) + 127) << 23;  // 2^n
    return p * reinterpret_cast<const f32x16&>(bits);
}

// out[t][i] = silu(up[t][i]) * up[t][I + i] for T rows of width 2I.
SPECSCOPE_CLONES void swiglu(const float* up, int64_t T, int64_t I, float* out) {
    for (int64_t t = 0; t < T; ++t) {
        const float* gate = up + t * 2 * I;
        const float* lin = gate + I;
        float* o = out + t * I;
        int64_t i = 0;
        for (; i + kLanes <= I; i += kLanes) {
            const f32x16 g = *reinterpret_cast<const f32x16*>(gate + i);
            const f32x16 u = *reinterpret_cast<const f32x16*>(lin + i);
            *reinterpret_cast<f32x16*>(o + i) = g / (1.0f + exp16(-g)) * u;
        }
        for (; i < I; ++i) o[i] = gate[i] / (1.0f + std::exp(-gate[i])) * lin[i];
    }
}

} // namespace

bool swiglu_rows_applies(const at::Tensor& up) {
    return up.device().is_cpu() && up.scalar_type() == at::kFloat && !up.requires_grad() && up.dim() == 2 &&
           up.is_contiguous() && up.size(1) % 2 == 0;
}

at::Tensor swiglu_rows(const at::Tensor& up) {
    const int64_t T = up.size(0), I = up.size(1) / 2;
    at::Tensor out = at::empty({T, I}, up.options());
    swiglu(up.data_ptr<float>(), T, I, out.data_ptr<float>());
    return out;
}

} // namespace specscope::kernels
