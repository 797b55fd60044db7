// specscope-cli tokenize: text -> ids (JSON array), or ids -> text with --decode.
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "util/error.h"
#include "util/paths.h"

namespace specscope::cli {

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path, "cannot open the input file");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace

int cmd_tokenize(const std::vector<std::string>& argv) {
    Args args(argv, {"decode", "no-special", "skip-special"});
    args.only({"model", "tokenizer", "text", "file", "decode", "no-special", "skip-special"});
    if (args.has("model") == args.has("tokenizer")) throw UsageError("give exactly one of --model or --tokenizer");
    if (args.has("text") == args.has("file")) throw UsageError("give exactly one of --text or --file");

    const std::string tok_path = args.has("tokenizer") ? args.str("tokenizer", "")
                                                       : resolve_model_path(args.str("model", "")) + "/tokenizer.json";
    auto tok = Tokenizer::load(tok_path);
    const std::string input = args.has("text") ? args.str("text", "") : read_file(args.str("file", ""));

    if (args.has("decode")) {
        nlohmann::json j;
        try {
            j = nlohmann::json::parse(input);
        } catch (const nlohmann::json::parse_error& e) {
            throw UsageError(std::string("--decode expects a JSON array of token ids: ") + e.what());
        }
        if (!j.is_array()) throw UsageError("--decode expects a JSON array of token ids");
        std::vector<int32_t> ids;
        for (const auto& v : j) {
            if (!v.is_number_integer() || v.get<long long>() < 0 || v.get<long long>() >= tok->vocab_size())
                throw UsageError("token id " + v.dump() + " is not in the vocabulary (size " +
                                 std::to_string(tok->vocab_size()) + ")");
            ids.push_back(v.get<int32_t>());
        }
        std::cout << tok->decode(ids, args.has("skip-special")) << std::endl;
        return 0;
    }
    std::cout << nlohmann::json(tok->encode(input, !args.has("no-special"))).dump() << std::endl;
    return 0;
}

} // namespace specscope::cli
