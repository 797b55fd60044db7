#include "train/corpus.h"

#include <fstream>
#include <sstream>

#include "model/tokenizer.h"
#include "util/error.h"

namespace specscope {
namespace {

// Offset of the first invalid UTF-8 byte, or npos.
size_t first_invalid_utf8(const std::string& s) {
    size_t i = 0;
    while (i < s.size()) {
        const unsigned char c = s[i];
        int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (len == 0 || i + len > s.size()) return i;
        for (int k = 1; k < len; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
        i += len;
    }
    return std::string::npos;
}

} // namespace

std::string read_corpus_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path, "cannot open the corpus (missing or unreadable)");
    std::ostringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) throw Error(path, "the corpus is empty");
    const size_t bad = first_invalid_utf8(text);
    if (bad != std::string::npos)
        throw Error(path, "the corpus is not valid UTF-8 (first bad byte at offset " + std::to_string(bad) + ")");
    return text;
}

std::vector<int32_t> tokenize_corpus(const Tokenizer& tokenizer, const std::string& text) {
    return tokenizer.encode(text, /*add_special_tokens=*/false);
}

} // namespace specscope
