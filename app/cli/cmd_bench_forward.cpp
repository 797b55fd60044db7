// specscope-cli bench-forward: the cost of one forward pass of a model shape,
// the number every decoding method's speed is built from: decode ms/token,
// prefill ms/token, and the cost of verifying k tokens in one forward.
#include <chrono>
#include <iomanip>
#include <iostream>

#include <c10/core/InferenceMode.h>

#include <nlohmann/json.hpp>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "model/model_loader.h"
#include "util/system_info.h"

namespace specscope::cli {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// "6x384" -> a Llama-style config: heads of 64, SwiGLU width 8/3 D rounded to 64.
ModelConfig random_config(const std::string& spec, int vocab) {
    auto x = spec.find('x');
    if (x == std::string::npos) throw UsageError("--random expects LAYERSxWIDTH, e.g. 6x384");
    int layers = std::stoi(spec.substr(0, x)), width = std::stoi(spec.substr(x + 1));
    if (layers < 1 || width < 64 || width % 64 != 0) throw UsageError("--random: layers >= 1 and width a multiple of 64");
    int inter = ((width * 8 / 3) + 63) / 64 * 64;
    return parse_model_config(make_llama_config_json(vocab, width, inter, layers, width / 64, width / 64, 4096),
                              "--random " + spec);
}

} // namespace

int cmd_bench_forward(const std::vector<std::string>& argv) {
    Args args(argv, {});
    args.only({"model", "random", "vocab", "prompt-tokens", "decode-tokens", "dtype", "device", "repeats"});
    if (args.has("model") == args.has("random")) throw UsageError("give exactly one of --model or --random");
    const int prompt_tokens = static_cast<int>(args.integer("prompt-tokens", 64, 1, 100000));
    const int decode_tokens = static_cast<int>(args.integer("decode-tokens", 128, 1, 100000));
    const int repeats = static_cast<int>(args.integer("repeats", 3, 1, 100));

    std::shared_ptr<const Transformer> model;
    std::string what;
    if (args.has("model")) {
        model = load_model(args.str("model", ""), load_options_from(args)).model;
        what = args.str("model", "");
    } else {
        const LoadOptions lo = load_options_from(args);
        ModelConfig c = random_config(args.str("random", ""), static_cast<int>(args.integer("vocab", 8192, 16, 1 << 20)));
        auto dtype = parse_dtype(lo.dtype);
        auto device = parse_device(lo.device);
        ModelWeights w = random_weights(c, dtype, device, 1234);
        // Stored as a bf16 checkpoint would be, so the shape runs the kernels a real model runs.
        if (lo.compact_cpu_weights && device.is_cpu() && dtype == at::kFloat) keep_matrices_in_bf16(w);
        model = std::make_shared<const Transformer>(c, std::move(w), dtype, device);
        what = "random llama " + args.str("random", "");
    }
    const ModelConfig& c = model->config();
    std::vector<int64_t> prompt;
    for (int i = 0; i < prompt_tokens; ++i) prompt.push_back((i * 7919 + 13) % c.vocab_size);

    double best_prefill = 1e9, best_decode = 1e9;
    std::vector<std::pair<int, double>> verify;  // k -> best seconds for a k-token forward
    const std::vector<int> ks = {1, 2, 4, 8, 16, 32};
    c10::InferenceMode inference;  // as decoding runs (decode/run.cpp)
    for (int r = 0; r < repeats; ++r) {
        KVCache cache = model->new_cache(prompt_tokens + decode_tokens + 64);
        auto t0 = std::chrono::steady_clock::now();
        at::Tensor logits = model->forward(prompt, cache);
        best_prefill = std::min(best_prefill, seconds_since(t0));
        int64_t next = logits[logits.size(0) - 1].argmax().item<int64_t>();
        t0 = std::chrono::steady_clock::now();
        for (int i = 0; i < decode_tokens; ++i) {
            logits = model->forward({next}, cache);
            next = logits[0].argmax().item<int64_t>();
        }
        best_decode = std::min(best_decode, seconds_since(t0));
        // A k-token forward on top of the context, rolled back each time:
        // what verifying a draft of k tokens costs.
        const int64_t len = cache.length();
        for (size_t i = 0; i < ks.size(); ++i) {
            std::vector<int64_t> draft(ks[i], next);
            constexpr int kTimes = 10;  // one forward is too short to time alone on a noisy machine
            auto t1 = std::chrono::steady_clock::now();
            for (int j = 0; j < kTimes; ++j) {
                model->forward(draft, cache).sum().item<float>();  // item() waits for the result (CUDA)
                cache.truncate(len);
            }
            double s = seconds_since(t1) / kTimes;
            if (r == 0) verify.push_back({ks[i], s});
            else verify[i].second = std::min(verify[i].second, s);
        }
    }
    const double decode_ms = best_decode * 1000 / decode_tokens;
    const SystemInfo info = system_info();
    std::cout << "model:    " << what << " (" << c.num_layers << " layers, " << c.hidden_size << " wide, vocab "
              << c.vocab_size << ", " << (model->dtype() == at::kBFloat16 ? "bf16" : "fp32") << ")\n";
    std::cout << "machine:  " << info.threads << " threads, " << info.blas_kind
              << (info.blas_kernels.empty() ? "" : ", kernels " + info.blas_kernels) << "\n" << std::fixed;
    std::cout << "decode:   " << std::setprecision(2) << decode_ms << " ms/token (" << std::setprecision(1)
              << 1000 / decode_ms << " tokens/s, best of " << repeats << ")\n";
    std::cout << "prefill:  " << std::setprecision(3) << best_prefill * 1000 / prompt_tokens << " ms/token over "
              << prompt_tokens << " tokens\n";
    std::cout << "verify k tokens in one forward (ms):";
    for (auto& [k, s] : verify) std::cout << "  k=" << k << ": " << std::setprecision(2) << s * 1000;
    std::cout << "\n";
    nlohmann::json j = {{"model", what}, {"decode_ms_per_token", decode_ms},
                        {"prefill_ms_per_token", best_prefill * 1000 / prompt_tokens}, {"threads", info.threads}};
    for (auto& [k, s] : verify) j["verify_ms"][std::to_string(k)] = s * 1000;
    std::cout << j.dump() << std::endl;
    return 0;
}

} // namespace specscope::cli
