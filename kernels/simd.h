// What the CPU kernels share: 16-lane fp32/int vectors written with GCC's
// vector extensions (one AVX-512 register, two AVX2 or four SSE ones,
// depending on the clone), and one clone of a kernel per instruction set,
// chosen when the library loads.
#pragma once

// Helpers that take or return 64-byte vectors are always inlined into the
// clones, so no call crosses an ABI boundary: the ABI note does not apply.
#pragma GCC diagnostic ignored "-Wpsabi"

#include <cstdint>

namespace specscope::kernels {

typedef float f32x16 __attribute__((vector_size(64), aligned(4)));
typedef uint32_t u32x16 __attribute__((vector_size(64), aligned(4)));
typedef int32_t i32x16 __attribute__((vector_size(64), aligned(4)));
constexpr int kLanes = 16;

} // namespace specscope::kernels

#define SPECSCOPE_INLINE inline __attribute__((always_inline))

#if defined(__x86_64__) && defined(__GNUC__)
#define SPECSCOPE_CLONES __attribute__((target_clones("avx512f", "arch=haswell", "default")))
#else
#define SPECSCOPE_CLONES
#endif
