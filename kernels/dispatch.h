// One entry point per kernel. Each picks the CUDA implementation for CUDA
// tensors (when SpecScope was built with CUDA) and the CPU reference twin
// otherwise, so the model code never branches on the device.
#pragma once

#include <ATen/ATen.h>

namespace specscope::kernels {

// RMSNorm as Hugging Face Llama computes it: in fp32, then cast back before
// the weight multiply. x: [..., D], weight: [D] -> [..., D] in x's dtype.
at::Tensor rms_norm(const at::Tensor& x, const at::Tensor& weight, double eps);

// The CPU reference (also the ground truth the CUDA kernel is checked against).
at::Tensor rms_norm_reference(const at::Tensor& x, const at::Tensor& weight, double eps);

bool cuda_kernels_built();

} // namespace specscope::kernels
