#include "util/system_info.h"

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <ATen/Context.h>
#include <torch/version.h>

#include "kernels/dispatch.h"
#include "util/blas_core.h"

namespace specscope {

void init_threads() {
    select_blas_core();  // before the first BLAS call
    int n = static_cast<int>(std::thread::hardware_concurrency());
    if (const char* env = std::getenv("SPECSCOPE_THREADS")) n = std::atoi(env);
    if (n > 0) at::set_num_threads(n);
}

namespace {

// libtorch links libblas.so.3, and Debian's alternatives decide which
// implementation that is; the mapped file tells what actually runs.
void find_blas(SystemInfo& info) {
    // Make sure BLAS is loaded and used once.
    at::matmul(at::ones({8, 8}), at::ones({8, 8}));
    std::ifstream maps("/proc/self/maps");
    std::string line;
    while (std::getline(maps, line)) {
        auto pos = line.find('/');
        if (pos == std::string::npos) continue;
        std::string path = line.substr(pos);
        if (path.find("openblas") != std::string::npos) {
            info.blas_library = path;
            info.blas_kind = path.find("openmp") != std::string::npos ? "OpenBLAS (openmp)"
                             : path.find("pthread") != std::string::npos ? "OpenBLAS (pthread)"
                                                                         : "OpenBLAS";
            return;
        }
        if (path.find("libmkl") != std::string::npos) { info.blas_library = path; info.blas_kind = "MKL"; return; }
        if (path.find("blis") != std::string::npos) { info.blas_library = path; info.blas_kind = "BLIS"; return; }
        if (path.find("atlas") != std::string::npos) { info.blas_library = path; info.blas_kind = "ATLAS"; return; }
        if (path.find("libblas.so") != std::string::npos && info.blas_library.empty()) {
            info.blas_library = path;
            info.blas_kind = "reference BLAS (slow: install libopenblas0-openmp)";
        }
    }
    if (info.blas_library.empty()) info.blas_kind = "none found (libtorch may use its own kernels)";
}

} // namespace

SystemInfo system_info() {
    SystemInfo info;
    find_blas(info);
    const BlasCore core = select_blas_core();
    if (core.openblas) {
        info.blas_kernels = core.active + " (" + core.reason + ")";
    }
    info.threads = at::get_num_threads();
    info.cores = static_cast<int>(std::thread::hardware_concurrency());
    info.cuda_kernels_built = kernels::cuda_kernels_built();
    info.torch_version = TORCH_VERSION;
    if (at::hasCUDA()) {
        // Device names need the CUDA runtime headers; the count is what
        // ATen.h can tell without them.
        for (int i = 0; i < static_cast<int>(at::getNumGPUs()); ++i)
            info.cuda_devices.push_back("cuda:" + std::to_string(i));
    }
    return info;
}

double measure_gemm_gflops(int n) {
    at::Tensor a = at::randn({n, n}), b = at::randn({n, n});
    at::matmul(a, b);  // warm-up
    const int reps = 10;
    auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < reps; ++i) at::matmul(a, b);
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return 2.0 * n * n * n * reps / s / 1e9;
}

} // namespace specscope
