// What the machine gives the engine: BLAS library actually loaded, threads,
// CUDA devices. Used by `specscope-cli doctor` and recorded in traces.
#pragma once

#include <string>
#include <vector>

namespace specscope {

// Sets libtorch's intra-op threads to the core count (it starts with 1 on
// Debian) unless SPECSCOPE_THREADS says otherwise, and lets OpenBLAS use the
// CPU's best kernels (util/blas_core.h). Call once at start-up.
void init_threads();

struct SystemInfo {
    std::string blas_library;   // path of the BLAS shared library mapped into this process
    std::string blas_kind;      // "OpenBLAS (openmp)", "reference BLAS (slow)", "MKL", ...
    std::string blas_kernels;   // OpenBLAS: the kernel set in use and why ("Cooperlake (...)"); else empty
    int threads = 0;            // libtorch intra-op threads
    int cores = 0;
    std::vector<std::string> cuda_devices;  // empty when none (or a CPU-only libtorch)
    bool cuda_kernels_built = false;
    std::string torch_version;
};

SystemInfo system_info();

// A short GEMM measurement in GFLOP/s (n x n fp32 matmul), to tell a slow
// BLAS at a glance.
double measure_gemm_gflops(int n = 512);

} // namespace specscope
