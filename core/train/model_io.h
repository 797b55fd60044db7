// Writing a model in the Hugging Face layout (config.json +
// model.safetensors), splitting the runtime's fused q/k/v and gate/up
// tensors back into the standard Llama names, and the trainer's helpers to
// make weights trainable.
#pragma once

#include <string>
#include <vector>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include "model/hf_config.h"
#include "model/safetensors.h"
#include "model/weights.h"

namespace specscope {

// Named HF tensors of Llama-family weights (CPU, contiguous, `dtype`).
std::vector<std::pair<std::string, at::Tensor>> to_hf_tensors(const ModelConfig& config, const ModelWeights& w,
                                                              at::ScalarType dtype);

// config.json (config.raw) and model.safetensors into dir (which must exist).
// Files are written atomically (tmp + rename).
void save_model_dir(const std::string& dir, const ModelConfig& config, const ModelWeights& w, at::ScalarType dtype,
                    const std::map<std::string, std::string>& metadata = {});

// Writes named tensors to one safetensors file (fp32/bf16/fp16 and int64).
void save_tensors(const std::string& path, const std::vector<std::pair<std::string, at::Tensor>>& tensors,
                  const std::map<std::string, std::string>& metadata = {});
// Reads every tensor of a safetensors file into CPU tensors.
std::map<std::string, at::Tensor> load_tensors(const std::string& path);

// Every distinct trainable tensor of the weights (tied ones once).
std::vector<at::Tensor*> parameters(ModelWeights& w);

// Writes a text file atomically; throws Error(path, ...) on failure.
void write_text_file(const std::string& path, const std::string& text);

} // namespace specscope
