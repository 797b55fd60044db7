// Plain C launch interface of kernels/rms_norm.cu: no ATen in nvcc's
// translation units (they would take minutes to compile).
#pragma once

#include <cstdint>

namespace specscope::kernels::cuda {

// x, y: [rows, cols] row-major; w: [cols]. dtype: 0 = fp32, 1 = bf16.
// Returns 0 on success, else a cudaError_t value.
int rms_norm(const void* x, const void* w, void* y, int64_t rows, int64_t cols, float eps, int dtype, void* stream);

} // namespace specscope::kernels::cuda
