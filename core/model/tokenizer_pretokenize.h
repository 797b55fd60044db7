// Pre-tokenizers of tokenizer.json ("pre_tokenizer"): ByteLevel, Split,
// Metaspace, Digits, Whitespace, WhitespaceSplit, Punctuation and Sequence.
// They cut a normalized section into the words the model encodes one by one,
// following the split semantics of Hugging Face tokenizers.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace specscope::tok {

struct PreToken {
    std::string text;
    // True for the piece that starts the input text (offset 0); Metaspace's
    // prepend_scheme "first" adds its "▁" only there.
    bool at_start = false;
};

class PreTokenizer {
public:
    virtual ~PreTokenizer() = default;
    // Replaces each piece by the pieces it splits into (empty ones are dropped).
    virtual void pre_tokenize(std::vector<PreToken>& pieces) const = 0;
};

// nullptr for a JSON null. Throws Error(path, ...) for an unsupported type.
std::unique_ptr<PreTokenizer> make_pre_tokenizer(const nlohmann::json& j, const std::string& path);

} // namespace specscope::tok
