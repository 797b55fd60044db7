#include "model/layer_ops.h"

#include "kernels/dispatch.h"

namespace specscope {

at::Tensor norm_op(const ModelConfig& c, const at::Tensor& x, const at::Tensor& w, const at::Tensor& b) {
    if (c.norm == NormKind::LayerNorm) return at::layer_norm(x, {x.size(-1)}, w, b, c.norm_eps);
    return kernels::rms_norm(x, w, c.norm_eps);
}

at::Tensor mlp_op(const ModelConfig& c, const LayerWeights& l, const at::Tensor& x, const at::Tensor& residual) {
    at::Tensor up = kernels::linear(x, l.up_w, l.up_b);  // gated: [..., 2I]; plain: [..., I]
    if (c.mlp == MlpKind::Gated && c.activation == Activation::SiLU && kernels::swiglu_rows_applies(up))
        return kernels::linear(kernels::swiglu_rows(up), l.down_w, l.down_b, residual);  // decoding on the CPU
    auto act = [&](const at::Tensor& a) {
        switch (c.activation) {
        case Activation::SiLU: return at::silu(a);
        case Activation::GeluTanh: return at::gelu(a, "tanh");
        case Activation::Gelu: return at::gelu(a);
        case Activation::Relu: return at::relu(a);
        }
        return a;
    };
    at::Tensor hidden;
    if (c.mlp == MlpKind::Gated) {
        const int64_t I = c.intermediate_size;
        hidden = act(up.narrow(-1, 0, I)) * up.narrow(-1, I, I);  // [..., I]
    } else {
        hidden = act(up);
    }
    return kernels::linear(hidden, l.down_w, l.down_b, residual);  // [..., D]
}

} // namespace specscope
