// Trains a byte-level BPE tokenizer (GPT-2 style) on a UTF-8 text file and
// returns it as a Hugging Face tokenizer.json that specscope::Tokenizer (and
// HF tokenizers) load. No torch and no Qt here.
//
// Vocabulary layout, stable for a given corpus and options:
//   ids 0..255     the 256 bytes (id = byte value, as GPT-2's stand-in characters)
//   ids 256..      the merges, in the order they were learned
//   last ids       the special tokens, in the order given (also in added_tokens)
// The vocabulary has exactly vocab_size entries unless the corpus runs out of
// pairs that occur at least min_frequency times first.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace specscope {

struct BpeTrainOptions {
    int vocab_size = 4096;  // 256 bytes + merges + special tokens
    int min_frequency = 2;  // a pair seen fewer times is never merged
    std::vector<std::string> special_tokens = {"<|endoftext|>"};
    size_t max_bytes = 0;  // train on the first max_bytes of the corpus (cut at a line end); 0 = all
    std::function<void(const std::string&)> progress;  // progress lines, if set
};

// Throws Error(corpus_path, ...) for a missing/unreadable or empty corpus,
// one that is not UTF-8 (naming the byte offset), or bad options (a
// vocab_size below 257 + the special tokens, empty/duplicate special tokens).
nlohmann::json train_bpe_tokenizer(const std::string& corpus_path, const BpeTrainOptions& options = {});

// The text train_bpe_tokenizer trains on: the file (or its first max_bytes,
// cut back to the last line end, else to a character boundary), checked to
// be non-empty UTF-8. Same errors as above. For measuring the result on it.
std::string read_bpe_corpus(const std::string& corpus_path, size_t max_bytes = 0);

} // namespace specscope
