// specscope-cli generate: plain autoregressive decoding, streamed to stdout.
#include <iostream>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "decode/generate.h"

namespace specscope::cli {

int cmd_generate(const std::vector<std::string>& argv) {
    Args args(argv, {"no-special"});
    args.only({"model", "prompt", "max-new-tokens", "temperature", "top-k", "top-p", "seed", "dtype", "device",
               "no-special"});
    const std::string prompt = args.required("prompt");
    GenerateOptions options;
    options.max_new_tokens = static_cast<int>(args.integer("max-new-tokens", 64, 1, 1 << 20));
    options.sampling = sampling_from(args);

    LoadedModel m = load_model(args.required("model"), load_options_from(args));
    const auto ids32 = m.tokenizer->encode(prompt, !args.has("no-special"));
    if (ids32.empty()) throw UsageError("the prompt encodes to no tokens");
    std::vector<int64_t> ids(ids32.begin(), ids32.end());
    for (int e : m.model->config().eos_token_ids) options.stop_ids.push_back(e);
    if (auto eos = m.tokenizer->eos_id()) options.stop_ids.push_back(*eos);

    Tokenizer::StreamDecoder stream(*m.tokenizer);
    generate(*m.model, ids, options, [&](int64_t id) {
        if (m.tokenizer->is_special(static_cast<int32_t>(id))) return true;
        std::cout << stream.feed(static_cast<int32_t>(id)) << std::flush;
        return true;
    });
    std::cout << stream.flush() << std::endl;
    return 0;
}

} // namespace specscope::cli
