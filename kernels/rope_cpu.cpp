// Rotary position embedding of the rows of a decode step or a prefill, on
// the CPU in fp32: one pass instead of the reference's ten ATen ops (to,
// two narrows, four products, a sum, a difference, a cat), which for one
// token cost far more than their arithmetic. Each element is computed alone,
// so the result does not depend on how many rows come together.
#include "kernels/dispatch.h"

namespace specscope::kernels {

at::Tensor rope_reference(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin) {
    // rotate_half: (x1, x2) -> (x1 cos - x2 sin, x2 cos + x1 sin), halves of the head dim.
    const int64_t half = x.size(-1) / 2;
    at::Tensor xf = x.to(at::kFloat);
    at::Tensor x1 = xf.narrow(-1, 0, half), x2 = xf.narrow(-1, half, half);
    return at::cat({x1 * cos - x2 * sin, x2 * cos + x1 * sin}, -1).to(x.scalar_type());
}

bool rope_rows_applies(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin) {
    auto cpu_f32 = [](const at::Tensor& t) {
        return t.device().is_cpu() && t.scalar_type() == at::kFloat && !t.requires_grad();
    };
    return cpu_f32(x) && cpu_f32(cos) && cpu_f32(sin) && x.dim() == 3 && x.stride(2) == 1 && x.size(2) % 2 == 0 &&
           cos.dim() == 2 && cos.is_contiguous() && sin.is_contiguous() && cos.sizes() == sin.sizes() &&
           cos.size(0) == x.size(1) && cos.size(1) == x.size(2) / 2;
}

at::Tensor rope_rows(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin) {
    const int64_t N = x.size(0), T = x.size(1), half = x.size(2) / 2;
    at::Tensor out = at::empty({N, T, 2 * half}, x.options());
    const float* xp = x.data_ptr<float>();
    const float* cp = cos.data_ptr<float>();
    const float* sp = sin.data_ptr<float>();
    float* op = out.data_ptr<float>();
    for (int64_t n = 0; n < N; ++n)
        for (int64_t t = 0; t < T; ++t) {
            const float* xr = xp + n * x.stride(0) + t * x.stride(1);
            const float* c = cp + t * half;
            const float* s = sp + t * half;
            float* o = op + (n * T + t) * 2 * half;
            for (int64_t i = 0; i < half; ++i) {
                const float x1 = xr[i], x2 = xr[i + half];
                o[i] = x1 * c[i] - x2 * s[i];
                o[i + half] = x2 * c[i] + x1 * s[i];
            }
        }
    return out;
}

at::Tensor rope(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin) {
    if (rope_rows_applies(x, cos, sin)) return rope_rows(x, cos, sin);
    return rope_reference(x, cos, sin);
}

} // namespace specscope::kernels
