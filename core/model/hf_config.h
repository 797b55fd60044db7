// config.json of the supported Hugging Face families (Llama, Qwen2, Qwen3,
// Mistral, GPT-2), read into one flat description of a decoder-only
// transformer. Everything the forward pass branches on is decided here, once.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace specscope {

enum class NormKind { RMSNorm, LayerNorm };
enum class MlpKind { Gated, Plain };            // gate/up/down (SwiGLU) or fc/proj (GPT-2)
enum class Activation { SiLU, GeluTanh, Gelu, Relu };
enum class PositionKind { Rope, Learned };

// rope_scaling of config.json. "default" means none.
struct RopeScaling {
    std::string type = "default";  // default | linear | dynamic | llama3 | yarn
    double factor = 1.0;
    double low_freq_factor = 1.0;   // llama3
    double high_freq_factor = 4.0;  // llama3
    int original_max_position_embeddings = 0;  // llama3, yarn, dynamic
    double beta_fast = 32.0;        // yarn
    double beta_slow = 1.0;         // yarn
    double attention_factor = 0.0;  // yarn; 0 = 0.1 * ln(factor) + 1
};

struct ModelConfig {
    std::string model_type;  // as in config.json: llama, qwen2, qwen3, mistral, gpt2
    int vocab_size = 0;
    int hidden_size = 0;
    int intermediate_size = 0;
    int num_layers = 0;
    int num_heads = 0;
    int num_kv_heads = 0;  // < num_heads: grouped-query attention
    int head_dim = 0;
    int max_position_embeddings = 0;

    NormKind norm = NormKind::RMSNorm;
    double norm_eps = 1e-6;
    PositionKind positions = PositionKind::Rope;
    double rope_theta = 10000.0;
    RopeScaling rope_scaling;
    MlpKind mlp = MlpKind::Gated;
    Activation activation = Activation::SiLU;

    bool tie_word_embeddings = false;
    bool qkv_bias = false;         // Qwen2, GPT-2
    bool attn_out_bias = false;    // GPT-2
    bool mlp_bias = false;         // GPT-2
    bool qk_norm = false;          // Qwen3: RMSNorm per head on q and k
    int sliding_window = 0;        // Mistral; 0 = none

    int bos_token_id = -1;
    std::vector<int> eos_token_ids;
    std::string torch_dtype;       // as stored; informative only

    nlohmann::json raw;            // the file as read, for traces and re-writing
};

// Reads and validates PATH (a config.json). Throws Error(path, problem) for a
// missing file, malformed JSON, an unsupported model_type, or missing/invalid
// fields (names the field).
ModelConfig load_model_config(const std::string& path);
ModelConfig parse_model_config(const nlohmann::json& j, const std::string& path_for_errors);

// A Llama-style config.json for a model of the given shape (tests, trainer).
nlohmann::json make_llama_config_json(int vocab_size, int hidden_size, int intermediate_size, int num_layers,
                                      int num_heads, int num_kv_heads, int max_positions);

} // namespace specscope
