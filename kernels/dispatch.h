// One entry point per kernel. Each picks the CUDA implementation for CUDA
// tensors (when SpecScope was built with CUDA) and the CPU reference twin
// otherwise, so the model code never branches on the device.
#pragma once

#include <ATen/ATen.h>

namespace specscope::kernels {

// RMSNorm as Hugging Face Llama computes it: in fp32, then cast back before
// the weight multiply. x: [..., D], weight: [D] -> [..., D] in x's dtype.
at::Tensor rms_norm(const at::Tensor& x, const at::Tensor& weight, double eps);

// The CPU reference (also the ground truth the kernels are checked against).
at::Tensor rms_norm_reference(const at::Tensor& x, const at::Tensor& weight, double eps);
// The CPU kernel for fp32 inference (no autograd): one pass per row.
bool rms_norm_rows_applies(const at::Tensor& x, const at::Tensor& weight);
at::Tensor rms_norm_rows(const at::Tensor& x, const at::Tensor& weight, double eps);

// y = x · Wᵀ + b (at::linear's contract: x [..., K], w [N, K] or packed, b [N]
// or undefined -> [..., N]), plus `residual` [..., N] when given (added last,
// in the packed kernel's epilogue: a transformer's skip connection). On the CPU with fp32 activations and no
// autograd: packed weights run linear_packed; others linear_rows for T ≤
// kLinearRowsMax (any T for bf16 weights); everything else ATen, with the
// weights unpacked and widened to the activations' dtype.
at::Tensor linear(const at::Tensor& x, const at::Tensor& w, const at::Tensor& b = {}, const at::Tensor& residual = {});

// The CPU kernel for the rows of a decode step or a verification: streams
// each weight row once for all T rows, with a summation order independent
// of T and of threads (kernels/linear_cpu.cpp).
constexpr int64_t kLinearRowsMax = 16;
bool linear_rows_applies(const at::Tensor& x, const at::Tensor& w, const at::Tensor& b);
at::Tensor linear_rows(const at::Tensor& x, const at::Tensor& w, const at::Tensor& b);

// bf16 weights in the packed layout of kernels/linear_packed_cpu.cpp
// ([N/16, K/2, 32] bf16: panels of 16 output features, input features in
// pairs), made once at load. kernels::linear takes either layout; anything
// else that reads a weight matrix must unpack it first.
bool linear_weight_packable(const at::Tensor& w);  // bf16 [N, K] on the CPU, N % 16 == 0, K even
at::Tensor pack_linear_weight(const at::Tensor& w);    // [N, K] -> [N/16, K/2, 32]
at::Tensor unpack_linear_weight(const at::Tensor& w);  // [N/16, K/2, 32] -> [N, K]; other tensors as they are
bool is_packed_linear_weight(const at::Tensor& w);
int64_t linear_out_features(const at::Tensor& w);  // N, in either layout
int64_t linear_in_features(const at::Tensor& w);   // K, in either layout
// The packed kernel: x [T, K] fp32 (any T), no autograd -> [T, N].
bool linear_packed_applies(const at::Tensor& x, const at::Tensor& w, const at::Tensor& b, const at::Tensor& residual = {});
at::Tensor linear_packed(const at::Tensor& x, const at::Tensor& w, const at::Tensor& b, const at::Tensor& residual = {});

// Attention of T <= kLinearRowsMax new rows over a layer's cache, on the CPU
// in fp32: q [H, T, hd] (contiguous rows), keys and values [Hkv, S, hd]
// (the cache's strided views; query head h reads K/V head h / (H / Hkv)),
// bias [T, S] additive (-inf where masked) or undefined. -> [T, H * hd].
// Each row is computed alone, in an order independent of T and threads.
bool attention_rows_applies(const at::Tensor& q, const at::Tensor& keys, const at::Tensor& values,
                            const at::Tensor& bias);
at::Tensor attention_rows(const at::Tensor& q, const at::Tensor& keys, const at::Tensor& values,
                          const at::Tensor& bias, double scale);

// Rotary position embedding, Hugging Face's rotate_half form: x [..., hd],
// cos and sin [T, hd/2] broadcast over the leading dimensions -> x's shape.
// On the CPU in fp32 (x [N, T, hd], no autograd) one pass; else the reference.
at::Tensor rope(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin);
at::Tensor rope_reference(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin);
bool rope_rows_applies(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin);
at::Tensor rope_rows(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin);
// Attention's prologue in one pass: qkv [T, (H + 2 Hkv) hd] (fused projection,
// contiguous) -> rotated q [H, T, hd]; rotated k and plain v written into
// k_dst, v_dst [Hkv, T, hd] fp32 (the cache's new rows, KVCache::append_slots).
// CPU, fp32, no autograd.
bool qkv_rope_rows_applies(const at::Tensor& qkv, const at::Tensor& cos, const at::Tensor& sin, int64_t H,
                           int64_t Hkv);
at::Tensor qkv_rope_rows(const at::Tensor& qkv, const at::Tensor& cos, const at::Tensor& sin, int64_t H,
                         int64_t Hkv, const at::Tensor& k_dst, const at::Tensor& v_dst);

// The gated MLP's activation: up [T, 2I] (gate columns, then up columns) ->
// silu(gate) * up [T, I]. CPU, fp32, contiguous, no autograd.
bool swiglu_rows_applies(const at::Tensor& up);
at::Tensor swiglu_rows(const at::Tensor& up);

bool cuda_kernels_built();

} // namespace specscope::kernels
