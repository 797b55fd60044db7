#include "model/model_loader.h"

#include <filesystem>

#include "model/safetensors.h"
#include "util/error.h"
#include "util/paths.h"

namespace fs = std::filesystem;

namespace specscope {

at::ScalarType parse_dtype(const std::string& name) {
    if (name == "float32" || name == "fp32" || name == "f32") return at::kFloat;
    if (name == "bfloat16" || name == "bf16") return at::kBFloat16;
    throw Error("", "unknown dtype '" + name + "' (use float32 or bfloat16)");
}

at::Device parse_device(const std::string& name) {
    if (name == "cpu") return at::Device(at::kCPU);
    if (name.rfind("cuda", 0) == 0) {
        if (!at::hasCUDA())
            throw Error("", "device '" + name + "' requested but this build of libtorch has no CUDA (or no GPU is visible)");
        return name == "cuda" ? at::Device(at::kCUDA, 0) : at::Device(name);
    }
    throw Error("", "unknown device '" + name + "' (use cpu, cuda or cuda:N)");
}

LoadedModel load_model(const std::string& dir_or_alias, const LoadOptions& options) {
    const std::string dir = resolve_model_path(dir_or_alias);
    if (!fs::is_directory(dir)) throw Error(dir, "not a model directory (it does not exist or is not a folder)");
    const auto dtype = parse_dtype(options.dtype);
    const auto device = parse_device(options.device);

    ModelConfig config = load_model_config((fs::path(dir) / "config.json").string());
    const std::string tok_path = (fs::path(dir) / "tokenizer.json").string();
    if (!fs::exists(tok_path))
        throw Error(tok_path, "missing: SpecScope needs the model's tokenizer.json (tokenizer.model alone is not supported)");
    auto tokenizer = std::shared_ptr<const Tokenizer>(Tokenizer::load(tok_path));
    if (tokenizer->vocab_size() > config.vocab_size)
        throw Error(tok_path, "the tokenizer has " + std::to_string(tokenizer->vocab_size()) +
                                  " tokens but config.json says vocab_size is " + std::to_string(config.vocab_size));

    Checkpoint ckpt = Checkpoint::open_dir(dir);
    ModelWeights weights = load_weights(ckpt, config, dtype, device, options.progress);
    if (options.compact_cpu_weights && device.is_cpu() && dtype == at::kFloat && checkpoint_is_bf16(ckpt))
        keep_matrices_in_bf16(weights);
    LoadedModel out;
    out.dir = dir;
    out.model = std::make_shared<const Transformer>(std::move(config), std::move(weights), dtype, device);
    out.tokenizer = std::move(tokenizer);
    return out;
}

} // namespace specscope

namespace specscope {

void check_draft_compatible(const LoadedModel& target, const LoadedModel& draft) {
    if (target.tokenizer->fingerprint() != draft.tokenizer->fingerprint())
        throw Error(draft.dir + "/tokenizer.json",
                    "the draft model uses a different tokenizer than the target (" + target.dir +
                        "): speculative decoding needs both to produce the same token ids");
    if (target.model->vocab_size() != draft.model->vocab_size())
        throw Error(draft.dir + "/config.json", "the draft's vocab_size (" + std::to_string(draft.model->vocab_size()) +
                                                    ") differs from the target's (" +
                                                    std::to_string(target.model->vocab_size()) + ")");
}

std::string model_fingerprint(const LoadedModel& m) { return model_fingerprint(*m.model); }

std::string model_fingerprint(const Transformer& model) {
    // FNV-1a over the config text and a strided sample of the embedding.
    uint64_t h = 1469598103934665603ULL;
    auto mix = [&](const void* data, size_t n) {
        const auto* p = static_cast<const unsigned char*>(data);
        for (size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 1099511628211ULL;
    };
    const std::string config = model.config().raw.dump();
    mix(config.data(), config.size());
    at::Tensor e = model.weights().embed.to(at::kCPU, at::kFloat).flatten();
    at::Tensor sample = e.index_select(0, at::arange(0, e.size(0), std::max<int64_t>(1, e.size(0) / 4096)));
    sample = sample.contiguous();
    mix(sample.data_ptr(), sample.numel() * sizeof(float));
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

} // namespace specscope
