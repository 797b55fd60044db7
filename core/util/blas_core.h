// OpenBLAS picks its kernels from the CPU model at load time. Debian 12's
// OpenBLAS 0.3.21 predates Sapphire Rapids and later CPUs: on them it falls
// back to its Prescott (SSE3) kernels, which run a decode step of the demo
// target 1.3-1.7x and a prefill 3x slower than the AVX-512 ones the CPU
// could use. select_blas_core() repairs that at start-up.
#pragma once

#include <string>

namespace specscope {

struct BlasCore {
    bool openblas = false;   // an OpenBLAS with runtime kernel selection (DYNAMIC_ARCH) is loaded
    std::string detected;    // the kernels OpenBLAS chose by itself ("Prescott", "Haswell", ...)
    std::string active;      // the kernels in use now
    std::string reason;      // why they differ, or why nothing was changed
};

// When OpenBLAS fell back to Prescott on a CPU with AVX2 or AVX-512 and the
// user has not set OPENBLAS_CORETYPE, switches it to the best kernels the CPU
// supports (Cooperlake, SkylakeX or Haswell). Call before the first BLAS
// call; later calls only report. With another BLAS it does nothing.
BlasCore select_blas_core();

} // namespace specscope
