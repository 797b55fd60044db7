#include "kernels/dispatch.h"

namespace specscope::kernels {

at::Tensor rms_norm_reference(const at::Tensor& x, const at::Tensor& weight, double eps) {
    const auto in_dtype = x.scalar_type();
    at::Tensor h = x.to(at::kFloat);
    at::Tensor variance = h.pow(2).mean(-1, /*keepdim=*/true);
    h = h * at::rsqrt(variance + eps);
    return weight * h.to(in_dtype);
}

} // namespace specscope::kernels
