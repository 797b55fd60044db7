// specscope-cli logits: every position's logits for given ids, and a greedy
// continuation, as JSON. scripts/parity/ compares them with Hugging Face
// transformers on the GPU machine.
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "decode/generate.h"
#include "util/error.h"

namespace specscope::cli {

int cmd_logits(const std::vector<std::string>& argv) {
    Args args(argv, {});
    args.only({"model", "ids", "generate", "dtype", "device", "out"});
    std::vector<int64_t> ids;
    std::stringstream ss(args.required("ids"));
    for (std::string item; std::getline(ss, item, ',');) {
        try {
            ids.push_back(std::stoll(item));
        } catch (const std::exception&) {
            throw UsageError("--ids expects comma-separated integers, got '" + item + "'");
        }
    }
    if (ids.empty()) throw UsageError("--ids is empty");
    LoadedModel m = load_model(args.required("model"), load_options_from(args));
    for (int64_t id : ids)
        if (id < 0 || id >= m.model->vocab_size()) throw UsageError("token id " + std::to_string(id) + " out of range");

    KVCache cache = m.model->new_cache();
    at::Tensor logits = m.model->forward(ids, cache).to(at::kCPU).contiguous();  // [T, V] fp32, read on the host
    nlohmann::json j;
    j["model"] = m.dir;
    j["ids"] = ids;
    j["logits"] = nlohmann::json::array();
    for (int64_t t = 0; t < logits.size(0); ++t) {
        const float* row = logits[t].data_ptr<float>();
        j["logits"].push_back(std::vector<float>(row, row + logits.size(1)));
    }
    GenerateOptions g;
    g.max_new_tokens = static_cast<int>(args.integer("generate", 16, 1, 100000));
    j["greedy"] = generate(*m.model, ids, g).ids;

    const std::string out = args.str("out", "");
    if (out.empty()) {
        std::cout << j.dump() << std::endl;
    } else {
        std::ofstream f(out);
        f << j.dump();
        if (!f.flush()) throw Error(out, "cannot write the output file");
    }
    return 0;
}

} // namespace specscope::cli
