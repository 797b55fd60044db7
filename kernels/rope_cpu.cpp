// Rotary position embedding of the rows of a decode step or a prefill, on
// the CPU in fp32: one pass instead of the reference's ten ATen ops (to,
// two narrows, four products, a sum, a difference, a cat), which for one
// token cost far more than their arithmetic. Each element is computed alone,
// so the result does not depend on how many rows come together.
// qkv_rope_rows goes one step further for attention: it splits the fused
// q/k/v projection, rotates q and k, and writes k and v straight into the
// KV cache's rows (a dozen view, copy and rotate ops per layer before).
#include <cstring>

#include "kernels/dispatch.h"

namespace specscope::kernels {

namespace {
// (x1, x2) halves of one head's row -> rotated, into o.
inline void rotate_half(const float* x, const float* c, const float* s, int64_t half, float* o) {
    for (int64_t i = 0; i < half; ++i) {
        const float x1 = x[i], x2 = x[i + half];
        o[i] = x1 * c[i] - x2 * s[i];
        o[i + half] = x2 * c[i] + x1 * s[i];
    }
}
} // namespace

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
            rotate_half(xr, c, s, half, op + (n * T + t) * 2 * half);
        }
    return out;
}

bool qkv_rope_rows_applies(const at::Tensor& qkv, const at::Tensor& cos, const at::Tensor& sin, int64_t H,
                           int64_t Hkv) {
    auto cpu_f32 = [](const at::Tensor& t) {
        return t.device().is_cpu() && t.scalar_type() == at::kFloat && !t.requires_grad();
    };
    return cpu_f32(qkv) && cpu_f32(cos) && cpu_f32(sin) && qkv.dim() == 2 && qkv.is_contiguous() && cos.dim() == 2 &&
           cos.is_contiguous() && sin.is_contiguous() && cos.sizes() == sin.sizes() && cos.size(0) == qkv.size(0) &&
           qkv.size(1) == (H + 2 * Hkv) * 2 * cos.size(1);
}

at::Tensor qkv_rope_rows(const at::Tensor& qkv, const at::Tensor& cos, const at::Tensor& sin, int64_t H,
                         int64_t Hkv, const at::Tensor& k_dst, const at::Tensor& v_dst) {
    const int64_t T = qkv.size(0), half = cos.size(1), hd = 2 * half, width = qkv.size(1);
    for (const at::Tensor* d : {&k_dst, &v_dst})
        TORCH_CHECK(d->scalar_type() == at::kFloat && d->device().is_cpu() && d->dim() == 3 && d->size(0) == Hkv &&
                        d->size(1) == T && d->size(2) == hd && d->stride(2) == 1,
                    "qkv_rope_rows: the cache rows must be fp32 [Hkv, T, hd]");
    at::Tensor q = at::empty({H, T, hd}, qkv.options());
    const float* x = qkv.data_ptr<float>();
    const float* cp = cos.data_ptr<float>();
    const float* sp = sin.data_ptr<float>();
    float* qp = q.data_ptr<float>();
    float* kp = k_dst.data_ptr<float>();
    float* vp = v_dst.data_ptr<float>();
    for (int64_t t = 0; t < T; ++t) {
        const float* row = x + t * width;  // [q heads | k heads | v heads], hd each
        const float* c = cp + t * half;
        const float* s = sp + t * half;
        for (int64_t h = 0; h < H; ++h) rotate_half(row + h * hd, c, s, half, qp + (h * T + t) * hd);
        for (int64_t h = 0; h < Hkv; ++h) {
            rotate_half(row + (H + h) * hd, c, s, half, kp + h * k_dst.stride(0) + t * k_dst.stride(1));
            std::memcpy(vp + h * v_dst.stride(0) + t * v_dst.stride(1), row + (H + Hkv + h) * hd, hd * sizeof(float));
        }
    }
    return q;
}

at::Tensor rope(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin) {
    if (rope_rows_applies(x, cos, sin)) return rope_rows(x, cos, sin);
    return rope_reference(x, cos, sin);
}

} // namespace specscope::kernels
