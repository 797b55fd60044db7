#include "kernels/dispatch.h"

#include <stdexcept>
#include <string>

#ifdef SPECSCOPE_HAVE_CUDA
#include "kernels/rms_norm_cuda.h"
#endif

namespace specscope::kernels {

bool cuda_kernels_built() {
#ifdef SPECSCOPE_HAVE_CUDA
    return true;
#else
    return false;
#endif
}

at::Tensor rms_norm(const at::Tensor& x, const at::Tensor& weight, double eps) {
#ifdef SPECSCOPE_HAVE_CUDA
    const auto dt = x.scalar_type();
    // The CUDA kernel has no backward: training goes through the reference.
    if (x.is_cuda() && !x.requires_grad() && !weight.requires_grad() && (dt == at::kFloat || dt == at::kBFloat16) && weight.scalar_type() == dt) {
        at::Tensor xc = x.contiguous();
        at::Tensor wc = weight.contiguous();
        at::Tensor y = at::empty_like(xc);
        const int64_t cols = xc.size(-1);
        // The current stream of libtorch is not reachable from ATen.h alone;
        // the default stream (nullptr) keeps ordering with libtorch's default.
        int err = cuda::rms_norm(xc.data_ptr(), wc.data_ptr(), y.data_ptr(), xc.numel() / cols, cols,
                                 static_cast<float>(eps), dt == at::kFloat ? 0 : 1, nullptr);
        if (err != 0) throw std::runtime_error("CUDA rms_norm kernel failed with error " + std::to_string(err));
        return y;
    }
#endif
    if (rms_norm_rows_applies(x, weight)) return rms_norm_rows(x, weight, eps);
    return rms_norm_reference(x, weight, eps);
}

} // namespace specscope::kernels
