// specscope-cli doctor: what the engine runs on, and what is installed.
#include <filesystem>
#include <iomanip>
#include <iostream>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "model/hf_config.h"
#include "util/paths.h"
#include "util/system_info.h"

namespace specscope::cli {

int cmd_doctor(const std::vector<std::string>& argv) {
    Args(argv, {}).only({});
    const SystemInfo info = system_info();
    std::cout << "libtorch:      " << info.torch_version << "\n";
    std::cout << "BLAS:          " << info.blas_kind << (info.blas_library.empty() ? "" : " (" + info.blas_library + ")")
              << "\n";
    std::cout << "GEMM 512x512:  " << std::fixed << std::setprecision(1) << measure_gemm_gflops() << " GFLOP/s\n";
    std::cout << "threads:       " << info.threads << " (cores: " << info.cores << ")\n";
    std::cout << "CUDA devices:  ";
    if (info.cuda_devices.empty()) std::cout << "none (this libtorch build or machine has no CUDA)";
    for (size_t i = 0; i < info.cuda_devices.size(); ++i) std::cout << (i ? ", " : "") << info.cuda_devices[i];
    std::cout << "\nCUDA kernels:  " << (info.cuda_kernels_built ? "built" : "not built") << "\n";

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
