#include "util/blas_core.h"

#include <dlfcn.h>

#include <cstdlib>
#include <mutex>

namespace specscope {

namespace {

// OpenBLAS's own entry points for DYNAMIC_ARCH builds (driver/others/dynamic.c):
// gotoblas_dynamic_quit() forgets the chosen kernel table and
// gotoblas_dynamic_init() chooses again, honouring OPENBLAS_CORETYPE.
using CoreNameFn = char* (*)();
using VoidFn = void (*)();

std::string best_core_for_this_cpu() {
#if defined(__x86_64__) && defined(__GNUC__)
    __builtin_cpu_init();
    const bool avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                        __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
    if (avx512 && __builtin_cpu_supports("avx512bf16")) return "Cooperlake";
    if (avx512) return "SkylakeX";
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "Haswell";
#endif
    return {};
}

BlasCore choose() {
    BlasCore r;
    auto corename = reinterpret_cast<CoreNameFn>(dlsym(RTLD_DEFAULT, "gotoblas_corename"));
    auto quit = reinterpret_cast<VoidFn>(dlsym(RTLD_DEFAULT, "gotoblas_dynamic_quit"));
    auto init = reinterpret_cast<VoidFn>(dlsym(RTLD_DEFAULT, "gotoblas_dynamic_init"));
    if (!corename) {
        r.reason = "not an OpenBLAS with runtime kernel selection";
        return r;
    }
    r.openblas = true;
    r.detected = r.active = corename();
    if (std::getenv("OPENBLAS_CORETYPE")) {
        r.reason = "OPENBLAS_CORETYPE is set";
        return r;
    }
    if (r.detected != "Prescott") {
        r.reason = "chosen by OpenBLAS";
        return r;
    }
    const std::string best = best_core_for_this_cpu();
    if (best.empty() || !quit || !init) {
        r.reason = "chosen by OpenBLAS";
        return r;
    }
    // OpenBLAS reads the variable only inside gotoblas_dynamic_init; the
    // environment is restored afterwards so that child processes choose for
    // themselves.
    setenv("OPENBLAS_CORETYPE", best.c_str(), 1);
    quit();
    init();
    unsetenv("OPENBLAS_CORETYPE");
    r.active = corename();
    r.reason = "OpenBLAS chose Prescott, its fallback for CPUs it does not know; this CPU runs " + best + "'s kernels";
    return r;
}

} // namespace

BlasCore select_blas_core() {
    static std::once_flag once;
    static BlasCore result;
    std::call_once(once, [] { result = choose(); });
    return result;
}

} // namespace specscope
