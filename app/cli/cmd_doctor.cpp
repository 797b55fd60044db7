// specscope-cli doctor: what the engine runs on, and what is installed.
#include <filesystem>
#include <iomanip>
#include <iostream>

#include <chrono>

#include <ATen/ATen.h>

#include "cli/cli_util.h"
#include "kernels/dispatch.h"
#include "cli/commands.h"
#include "model/hf_config.h"
#include "util/paths.h"
#include "util/system_info.h"

namespace specscope::cli {
namespace {

// The CUDA kernels against their CPU-reference twins run on the same GPU
// (ATen ops): largest difference and time per call. x: [rows, cols].
void check_cuda_kernels() {
    const int64_t rows = 4096, cols = 4096;
    for (at::ScalarType dt : {at::kFloat, at::kBFloat16}) {
        at::manual_seed(0);
        at::Tensor x = at::randn({rows, cols}, at::TensorOptions().device(at::kCUDA).dtype(dt));
        at::Tensor w = at::rand({cols}, x.options()) + 0.5;
        at::Tensor fast = kernels::rms_norm(x, w, 1e-6), ref = kernels::rms_norm_reference(x, w, 1e-6);
        const double diff = (fast.to(at::kFloat) - ref.to(at::kFloat)).abs().max().item<double>();
        auto time_ms = [&](auto&& f) {
            f();
            (void)x.sum().item<double>();  // synchronises
            const auto t0 = std::chrono::steady_clock::now();
            at::Tensor y;
            for (int i = 0; i < 50; ++i) y = f();
            (void)y.sum().item<double>();
            return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() / 50;
        };
        const double t_fast = time_ms([&] { return kernels::rms_norm(x, w, 1e-6); });
        const double t_ref = time_ms([&] { return kernels::rms_norm_reference(x, w, 1e-6); });
        std::cout << "  rms_norm " << (dt == at::kFloat ? "fp32" : "bf16") << " " << rows << "x" << cols
                  << ": max |kernel - reference| " << std::scientific << std::setprecision(2) << diff << std::fixed
                  << std::setprecision(3) << ", " << t_fast << " ms vs " << t_ref << " ms (ATen reference)\n";
    }
}

} // namespace

int cmd_doctor(const std::vector<std::string>& argv) {
    Args(argv, {}).only({});
    const SystemInfo info = system_info();
    std::cout << "libtorch:      " << info.torch_version << "\n";
    std::cout << "BLAS:          " << info.blas_kind << (info.blas_library.empty() ? "" : " (" + info.blas_library + ")")
              << "\n";
    if (!info.blas_kernels.empty()) std::cout << "BLAS kernels:  " << info.blas_kernels << "\n";
    std::cout << "GEMM 512x512:  " << std::fixed << std::setprecision(1) << measure_gemm_gflops() << " GFLOP/s\n";
    std::cout << "threads:       " << info.threads << " (cores: " << info.cores << ")\n";
    std::cout << "CUDA devices:  ";
    if (info.cuda_devices.empty()) std::cout << "none (this libtorch build or machine has no CUDA)";
    for (size_t i = 0; i < info.cuda_devices.size(); ++i) std::cout << (i ? ", " : "") << info.cuda_devices[i];
    std::cout << "\nCUDA kernels:  " << (info.cuda_kernels_built ? "built" : "not built") << "\n";
    if (info.cuda_kernels_built && !info.cuda_devices.empty()) check_cuda_kernels();

    std::cout << "resources:     ";
    const auto dirs = resource_dirs();
    if (dirs.empty()) std::cout << "none found";
    for (size_t i = 0; i < dirs.size(); ++i) std::cout << (i ? ", " : "") << dirs[i];
    std::cout << "\nbundled models:";
    const auto models = bundled_models();
    if (models.empty()) std::cout << " none found";
    std::cout << "\n";
    for (const auto& dir : models) {
        std::cout << "  " << std::filesystem::path(dir).filename().string() << "  " << dir;
        try {
            const ModelConfig c = load_model_config(dir + "/config.json");
            std::cout << "  (" << c.model_type << ", " << c.num_layers << " layers, " << c.hidden_size << " wide, vocab "
                      << c.vocab_size << ")";
        } catch (const std::exception& e) {
            std::cout << "  (unreadable: " << e.what() << ")";
        }
        std::cout << "\n";
    }
    return 0;
}

} // namespace specscope::cli
