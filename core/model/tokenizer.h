// Tokenizer for Hugging Face tokenizer.json files: byte-level BPE (GPT-2,
// Llama 3, Qwen2/3 style: ByteLevel pre-tokenizer with the model's Split regex,
// run through PCRE2 with Unicode properties) and Metaspace/SentencePiece-style
// BPE (Llama 2 style: Prepend/Replace normalizers or Metaspace pre-tokenizer,
// byte_fallback). Added/special tokens are matched before the model runs.
// No torch and no Qt here.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace specscope {

class Tokenizer {
public:
    // Throws Error(path, ...) for a missing/unreadable file, malformed JSON,
    // or an unsupported model/normalizer/pre-tokenizer/decoder type (the
    // message names the unsupported type).
    static std::unique_ptr<Tokenizer> load(const std::string& path);
    static std::unique_ptr<Tokenizer> from_json(const nlohmann::json& j, const std::string& path_for_errors);
    virtual ~Tokenizer();

    // add_special_tokens applies the post-processor (e.g. Llama's BOS), as
    // Hugging Face's encode(text, add_special_tokens=True) does.
    std::vector<int32_t> encode(std::string_view text, bool add_special_tokens = true) const;
    std::string decode(const std::vector<int32_t>& ids, bool skip_special_tokens = false) const;

    // Streaming decode for generation: feed ids one at a time, get back the
    // text that is now complete. Bytes of a UTF-8 character split across
    // tokens are held back until the character is whole.
    class StreamDecoder {
    public:
        explicit StreamDecoder(const Tokenizer& tok);
        std::string feed(int32_t id);
        std::string flush();  // whatever is left (invalid bytes as U+FFFD)
    private:
        const Tokenizer& tok_;
        std::vector<int32_t> ids_;
        std::size_t emitted_bytes_ = 0;
    };

    int32_t vocab_size() const;  // largest id + 1, added tokens included
    std::optional<int32_t> token_to_id(const std::string& token) const;
    std::string id_to_token(int32_t id) const;  // raw vocabulary string; "" if out of range
    bool is_special(int32_t id) const;
    std::optional<int32_t> bos_id() const;
    std::optional<int32_t> eos_id() const;

    // A stable hash of vocabulary, merges and added tokens: two tokenizers
    // with the same fingerprint produce the same ids (draft/target check).
    std::string fingerprint() const;

    struct Impl;

private:
    Tokenizer();
    std::unique_ptr<Impl> impl_;
};

} // namespace specscope
