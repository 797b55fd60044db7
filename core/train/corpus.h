// Reading a training corpus: UTF-8 checked, tokenized once.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace specscope {

class Tokenizer;

// The whole file as text; throws Error(path, ...) when it is missing, empty,
// or not valid UTF-8 (naming the byte offset).
std::string read_corpus_text(const std::string& path);

std::vector<int32_t> tokenize_corpus(const Tokenizer& tokenizer, const std::string& text);

} // namespace specscope
