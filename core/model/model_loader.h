// Loads a Hugging Face model directory (config.json, *.safetensors,
// tokenizer.json) into a Transformer and its Tokenizer.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "model/tokenizer.h"
#include "model/transformer.h"

namespace specscope {

struct LoadOptions {
    std::string device = "cpu";     // "cpu", "cuda", "cuda:1"
    std::string dtype = "float32";  // "float32" or "bfloat16"
    // Called with (done, total) tensors; return false to cancel (throws Cancelled).
    std::function<bool(int, int)> progress;
    // On the CPU in float32, keep a bf16 checkpoint's matrices in bf16
    // (exact: they are the checkpoint's own values). A decode step reads
    // every weight once, so this halves its memory traffic; the kernels
    // widen them on the fly. Training turns it off (autograd wants fp32).
    bool compact_cpu_weights = true;
};

struct LoadedModel {
    std::string dir;
    std::shared_ptr<const Transformer> model;
    std::shared_ptr<const Tokenizer> tokenizer;
};

// `dir_or_alias`: a directory, or "demo" / "demo-draft" (see util/paths.h).
// Throws Error naming the file and the problem for anything malformed.
LoadedModel load_model(const std::string& dir_or_alias, const LoadOptions& options = {});

at::ScalarType parse_dtype(const std::string& name);  // throws Error for an unknown name
at::Device parse_device(const std::string& name);     // throws Error, also when CUDA is not available

} // namespace specscope

namespace specscope {

// A draft must share the target's tokenizer (same ids for the same text):
// throws Error naming the draft's tokenizer.json otherwise.
void check_draft_compatible(const LoadedModel& target, const LoadedModel& draft);

// A short hash of a model's config.json and embedding matrix, recorded in
// traces and used to tell which model an add-on was trained for.
std::string model_fingerprint(const LoadedModel& model);
std::string model_fingerprint(const Transformer& model);

} // namespace specscope
