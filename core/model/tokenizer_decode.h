// Decoders of tokenizer.json ("decoder"): ByteLevel, Metaspace, Replace,
// ByteFallback, Fuse, Strip, BPEDecoder and Sequence. Each transforms the list
// of token strings as Hugging Face's decode_chain does; the caller joins them.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace specscope::tok {

class Decoder {
public:
    virtual ~Decoder() = default;
    virtual void decode_chain(std::vector<std::string>& tokens) const = 0;
};

// nullptr for a JSON null. Throws Error(path, ...) for an unsupported type.
std::unique_ptr<Decoder> make_decoder(const nlohmann::json& j, const std::string& path);

} // namespace specscope::tok
