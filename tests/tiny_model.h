// Tiny random models in the Hugging Face layout (config.json, safetensors,
// tokenizer.json), written by the tests themselves: no downloads.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace specscope::test {

struct TinySpec {
    std::string family = "llama";  // llama | mistral | qwen2 | qwen3 | gpt2
    int vocab = 300;
    int hidden = 64;
    int intermediate = 96;
    int layers = 4;
    int heads = 4;
    int kv_heads = 2;              // GQA unless equal to heads (GPT-2 ignores it)
    bool tied = false;
    std::string dtype = "F32";     // storage dtype: F32, F16, BF16
    nlohmann::json rope_scaling;   // null = none
    int shards = 1;                // > 1 writes an index and that many shards (about)
    uint64_t seed = 1;
    double std = 0.15;             // weight scale: large enough for peaky logits
    int sliding_window = 4096;     // Mistral only
};

// Writes the model into `dir` (created if missing). Returns the config JSON written.
nlohmann::json write_tiny_model(const std::string& dir, const TinySpec& spec);

// A byte-level BPE tokenizer.json over the 256 bytes plus two merges and an
// <|endoftext|> special token (ids 0..258).
nlohmann::json tiny_tokenizer_json();

} // namespace specscope::test
