// specscope-cli train-tokenizer: trains a byte-level BPE tokenizer on a text
// corpus (core/train/bpe_trainer) and writes its tokenizer.json, then
// measures it with the runtime Tokenizer on the same text.
#include <chrono>
#include <filesystem>
#include <iomanip>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "model/tokenizer.h"
#include "trace/text_file.h"
#include "train/bpe_trainer.h"
#include "util/error.h"

namespace specscope::cli {

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// --out names the file, or a directory (existing, or written with a trailing
// '/') to put tokenizer.json in.
std::filesystem::path output_path(const std::string& out) {
    std::filesystem::path p(out);
    std::error_code ec;
    if (std::filesystem::is_directory(p, ec) || out.back() == '/') p /= "tokenizer.json";
    return p;
}

} // namespace

int cmd_train_tokenizer(const std::vector<std::string>& argv) {
    Args args(argv, {"overwrite"});
    args.only({"corpus", "out", "vocab-size", "max-bytes", "min-frequency", "overwrite"});
    const std::string corpus = args.required("corpus");
    const std::string out_arg = args.required("out");
    if (out_arg.empty()) throw UsageError("--out must not be empty");
    BpeTrainOptions options;
    // 256 bytes + <|endoftext|> + at least one merge
    options.vocab_size = static_cast<int>(args.integer("vocab-size", 4096, 258, 1 << 24));
    options.max_bytes = static_cast<size_t>(args.integer("max-bytes", 0, 0, 1LL << 50));
    options.min_frequency = static_cast<int>(args.integer("min-frequency", 2, 1, 1 << 30));
    options.progress = [](const std::string& line) { std::cout << line << std::endl; };

    // Refuse before spending time on training, not after.
    const std::filesystem::path out = output_path(out_arg);
    std::error_code ec;
    if (std::filesystem::exists(out, ec) && !args.has("overwrite"))
        throw Error(out.string(), "already exists (pass --overwrite to replace it)");

    const auto t0 = std::chrono::steady_clock::now();
    const nlohmann::json j = train_bpe_tokenizer(corpus, options);
    const double train_s = seconds_since(t0);

    if (out.has_parent_path()) {
        std::filesystem::create_directories(out.parent_path(), ec);
        if (ec) throw Error(out.string(), "cannot create its directory: " + ec.message());
    }
    write_file_atomic(out.string(), j.dump(2) + "\n");  // tmp + fsync + rename

    // Measure what the runtime makes of the file just written, on the text
    // it was trained on: compression, and that decoding gives the text back.
    const auto t1 = std::chrono::steady_clock::now();
    const auto tok = Tokenizer::load(out.string());
    const std::string text = read_bpe_corpus(corpus, options.max_bytes);
    const std::vector<int32_t> ids = tok->encode(text, /*add_special_tokens=*/false);
    size_t chars = 0;
    for (const char c : text) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;  // UTF-8 lead bytes
    if (tok->decode(ids) != text)
        throw Error(out.string(), "the trained tokenizer does not give the corpus back when decoding (a bug)");
    const double measure_s = seconds_since(t1);

    const size_t specials = j.at("added_tokens").size();
    std::cout << std::fixed << "wrote " << out.string() << "\n"
              << "  vocab:       " << tok->vocab_size() << " tokens (256 bytes, " << j.at("model").at("merges").size()
              << " merges, " << specials << " special)\n"
              << "  corpus:      " << text.size() << " bytes, " << chars << " characters\n"
              << "  time:        " << std::setprecision(1) << train_s << " s training, " << measure_s
              << " s measuring\n"
              << "  chars/token: " << std::setprecision(2) << (ids.empty() ? 0.0 : double(chars) / ids.size()) << " ("
              << ids.size() << " tokens; decode gives the corpus back)\n";
    return 0;
}

} // namespace specscope::cli
