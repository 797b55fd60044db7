// RMSNorm on CUDA: one block per row, fp32 accumulation, warp-shuffle
// reduction. Matches kernels/rms_norm_cpu.cpp (fp32 math, cast back to the
// input dtype before multiplying by the weight, as Hugging Face Llama does).
#include "kernels/rms_norm_cuda.h"

#include <cuda_bf16.h>
#include <cuda_runtime.h>

namespace {

template <typename T> __device__ float to_float(T v);
template <> __device__ float to_float<float>(float v) { return v; }
template <> __device__ float to_float<__nv_bfloat16>(__nv_bfloat16 v) { return __bfloat162float(v); }
template <typename T> __device__ T from_float(float v);
template <> __device__ float from_float<float>(float v) { return v; }
template <> __device__ __nv_bfloat16 from_float<__nv_bfloat16>(float v) { return __float2bfloat16(v); }

template <typename T>
__global__ void rms_norm_kernel(const T* x, const T* w, T* y, int64_t cols, float eps) {
    const T* row = x + blockIdx.x * cols;
    T* out = y + blockIdx.x * cols;
    float sum = 0.f;
    for (int64_t i = threadIdx.x; i < cols; i += blockDim.x) {
        float v = to_float(row[i]);
        sum += v * v;
    }
    // Reduce within each warp, then across warps through shared memory.
    for (int offset = 16; offset > 0; offset /= 2) sum += __shfl_down_sync(0xffffffff, sum, offset);
    __shared__ float warp_sums[32];
    const int lane = threadIdx.x % 32, warp = threadIdx.x / 32;
    if (lane == 0) warp_sums[warp] = sum;
    __syncthreads();
    if (warp == 0) {
        sum = lane < (blockDim.x + 31) / 32 ? warp_sums[lane] : 0.f;
        for (int offset = 16; offset > 0; offset /= 2) sum += __shfl_down_sync(0xffffffff, sum, offset);
        if (lane == 0) warp_sums[0] = sum;
    }
    __syncthreads();
    const float scale = rsqrtf(warp_sums[0] / float(cols) + eps);
    for (int64_t i = threadIdx.x; i < cols; i += blockDim.x) {
        T normed = from_float<T>(to_float(row[i]) * scale);
        out[i] = from_float<T>(to_float(w[i]) * to_float(normed));
    }
}

} // namespace

namespace specscope::kernels::cuda {

int rms_norm(const void* x, const void* w, void* y, int64_t rows, int64_t cols, float eps, int dtype, void* stream) {
    const int threads = 256;
    auto s = static_cast<cudaStream_t>(stream);
    if (dtype == 0)
        rms_norm_kernel<float><<<rows, threads, 0, s>>>(static_cast<const float*>(x), static_cast<const float*>(w),
                                                         static_cast<float*>(y), cols, eps);
    else
        rms_norm_kernel<__nv_bfloat16><<<rows, threads, 0, s>>>(static_cast<const __nv_bfloat16*>(x),
                                                                 static_cast<const __nv_bfloat16*>(w),
                                                                 static_cast<__nv_bfloat16*>(y), cols, eps);
    return static_cast<int>(cudaGetLastError());
}

} // namespace specscope::kernels::cuda
