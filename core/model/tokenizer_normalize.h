// Normalizers of tokenizer.json ("normalizer"): NFC/NFD/NFKC/NFKD (ICU),
// Lowercase, Strip, Prepend, Replace and Sequence. Internal to the tokenizer.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace specscope::tok {

class Normalizer {
public:
    virtual ~Normalizer() = default;
    // s is valid UTF-8 on entry and stays so.
    virtual void normalize(std::string& s) const = 0;
};

// nullptr for a JSON null. Throws Error(path, ...) for an unsupported type.
std::unique_ptr<Normalizer> make_normalizer(const nlohmann::json& j, const std::string& path);

} // namespace specscope::tok
