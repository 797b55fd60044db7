#include "model/hf_config.h"

#include <cmath>
#include <fstream>
#include <sstream>

#include "util/error.h"

namespace specscope {
namespace {

struct Reader {
    const nlohmann::json& j;
    const std::string& path;

    bool has(const char* key) const { return j.contains(key) && !j.at(key).is_null(); }

    int required_int(const char* key) const {
        if (!has(key)) throw Error(path, std::string("missing field \"") + key + "\"");
        const auto& v = j.at(key);
        if (!v.is_number_integer()) throw Error(path, std::string("field \"") + key + "\" must be an integer");
        long long x = v.get<long long>();
        if (x <= 0 || x > (1LL << 30)) throw Error(path, std::string("field \"") + key + "\" is out of range: " + v.dump());
        return static_cast<int>(x);
    }
    int optional_int(const char* key, int fallback) const { return has(key) ? required_int(key) : fallback; }
    double optional_double(const char* key, double fallback) const {
        if (!has(key)) return fallback;
        const auto& v = j.at(key);
        if (!v.is_number()) throw Error(path, std::string("field \"") + key + "\" must be a number");
        return v.get<double>();
    }
    bool optional_bool(const char* key, bool fallback) const {
        if (!has(key)) return fallback;
        const auto& v = j.at(key);
        if (!v.is_boolean()) throw Error(path, std::string("field \"") + key + "\" must be true or false");
        return v.get<bool>();
    }
    std::string optional_string(const char* key, const std::string& fallback) const {
        if (!has(key)) return fallback;
        const auto& v = j.at(key);
        if (!v.is_string()) throw Error(path, std::string("field \"") + key + "\" must be a string");
        return v.get<std::string>();
    }
};

Activation parse_activation(const std::string& name, const std::string& path) {
    if (name == "silu" || name == "swish") return Activation::SiLU;
    if (name == "gelu_new" || name == "gelu_pytorch_tanh" || name == "gelu_fast") return Activation::GeluTanh;
    if (name == "gelu") return Activation::Gelu;
    if (name == "relu") return Activation::Relu;
    throw Error(path, "unsupported activation \"" + name + "\" (supported: silu, gelu, gelu_new, gelu_pytorch_tanh, relu)");
}

RopeScaling parse_rope_scaling(const nlohmann::json& j, const std::string& path) {
    RopeScaling s;
    // transformers 5 writes "rope_parameters" (rope_theta and the scaling in
    // one object); earlier versions "rope_scaling" beside a top-level rope_theta.
    const char* key = j.contains("rope_scaling") && !j.at("rope_scaling").is_null() ? "rope_scaling" : "rope_parameters";
    if (!j.contains(key) || j.at(key).is_null()) return s;
    const auto& r = j.at(key);
    if (!r.is_object()) throw Error(path, std::string("field \"") + key + "\" must be an object or null");
    Reader rr{r, path};
    // Older configs say "type", newer ones "rope_type".
    s.type = rr.optional_string("rope_type", rr.optional_string("type", "default"));
    s.factor = rr.optional_double("factor", 1.0);
    s.low_freq_factor = rr.optional_double("low_freq_factor", 1.0);
    s.high_freq_factor = rr.optional_double("high_freq_factor", 4.0);
    s.original_max_position_embeddings = rr.optional_int("original_max_position_embeddings", 0);
    s.beta_fast = rr.optional_double("beta_fast", 32.0);
    s.beta_slow = rr.optional_double("beta_slow", 1.0);
    s.attention_factor = rr.optional_double("attention_factor", 0.0);
    if (s.type != "default" && s.type != "linear" && s.type != "dynamic" && s.type != "llama3" && s.type != "yarn")
        throw Error(path, "unsupported rope_scaling type \"" + s.type + "\" (supported: linear, dynamic, llama3, yarn)");
    if (s.type != "default" && !(s.factor > 0)) throw Error(path, "rope_scaling.factor must be > 0");
    return s;
}

std::vector<int> parse_eos(const nlohmann::json& j) {
    std::vector<int> ids;
    if (!j.contains("eos_token_id")) return ids;
    const auto& e = j.at("eos_token_id");
    if (e.is_number_integer()) ids.push_back(e.get<int>());
    else if (e.is_array())
        for (const auto& x : e)
            if (x.is_number_integer()) ids.push_back(x.get<int>());
    return ids;
}

void parse_gpt2(const Reader& r, ModelConfig& c) {
    c.vocab_size = r.required_int("vocab_size");
    c.hidden_size = r.required_int("n_embd");
    c.num_layers = r.required_int("n_layer");
    c.num_heads = r.required_int("n_head");
    c.num_kv_heads = c.num_heads;
    c.intermediate_size = r.optional_int("n_inner", 4 * c.hidden_size);
    c.max_position_embeddings = r.required_int("n_positions");
    c.norm = NormKind::LayerNorm;
    c.norm_eps = r.optional_double("layer_norm_epsilon", 1e-5);
    c.positions = PositionKind::Learned;
    c.mlp = MlpKind::Plain;
    c.activation = parse_activation(r.optional_string("activation_function", "gelu_new"), r.path);
    c.tie_word_embeddings = r.optional_bool("tie_word_embeddings", true);
    c.qkv_bias = c.attn_out_bias = c.mlp_bias = true;
}

void parse_llama_like(const Reader& r, ModelConfig& c) {
    c.vocab_size = r.required_int("vocab_size");
    c.hidden_size = r.required_int("hidden_size");
    c.intermediate_size = r.required_int("intermediate_size");
    c.num_layers = r.required_int("num_hidden_layers");
    c.num_heads = r.required_int("num_attention_heads");
    c.num_kv_heads = r.optional_int("num_key_value_heads", c.num_heads);
    c.max_position_embeddings = r.optional_int("max_position_embeddings", 2048);
    c.norm = NormKind::RMSNorm;
    c.norm_eps = r.optional_double("rms_norm_eps", 1e-6);
    c.positions = PositionKind::Rope;
    c.rope_theta = r.optional_double("rope_theta", 10000.0);
    if (!r.j.contains("rope_theta") && r.j.contains("rope_parameters") && r.j.at("rope_parameters").is_object())
        c.rope_theta = Reader{r.j.at("rope_parameters"), r.path}.optional_double("rope_theta", 10000.0);
    c.rope_scaling = parse_rope_scaling(r.j, r.path);
    c.mlp = MlpKind::Gated;
    c.activation = parse_activation(r.optional_string("hidden_act", "silu"), r.path);
    c.tie_word_embeddings = r.optional_bool("tie_word_embeddings", false);
    const bool qwen2 = c.model_type == "qwen2";
    c.qkv_bias = r.optional_bool("attention_bias", qwen2);  // Qwen2 always has q/k/v bias
    c.attn_out_bias = c.model_type == "llama" && c.qkv_bias;  // Llama's attention_bias covers o_proj too
    c.mlp_bias = r.optional_bool("mlp_bias", false);
    c.qk_norm = c.model_type == "qwen3";
    if (r.has("sliding_window") && (c.model_type == "mistral" || r.optional_bool("use_sliding_window", false)))
        c.sliding_window = r.j.at("sliding_window").is_number_integer() ? r.j.at("sliding_window").get<int>() : 0;
    if (r.has("head_dim")) c.head_dim = r.required_int("head_dim");
}

} // namespace

ModelConfig parse_model_config(const nlohmann::json& j, const std::string& path) {
    if (!j.is_object()) throw Error(path, "config.json must hold a JSON object");
    Reader r{j, path};
    ModelConfig c;
    c.raw = j;
    c.model_type = r.optional_string("model_type", "");
    if (c.model_type == "gpt2") parse_gpt2(r, c);
    else if (c.model_type == "llama" || c.model_type == "mistral" || c.model_type == "qwen2" || c.model_type == "qwen3")
        parse_llama_like(r, c);
    else if (c.model_type.empty())
        throw Error(path, "missing field \"model_type\"");
    else
        throw Error(path, "unsupported model_type \"" + c.model_type + "\" (supported: llama, mistral, qwen2, qwen3, gpt2)");

    if (c.hidden_size % c.num_heads != 0 && c.head_dim == 0)
        throw Error(path, "hidden_size " + std::to_string(c.hidden_size) + " is not divisible by the number of heads " +
                              std::to_string(c.num_heads));
    if (c.head_dim == 0) c.head_dim = c.hidden_size / c.num_heads;
    if (c.num_heads % c.num_kv_heads != 0)
        throw Error(path, "num_attention_heads " + std::to_string(c.num_heads) +
                              " is not a multiple of num_key_value_heads " + std::to_string(c.num_kv_heads));
    if (c.positions == PositionKind::Rope && c.head_dim % 2 != 0)
        throw Error(path, "head_dim must be even for rotary embeddings");
    c.bos_token_id = j.contains("bos_token_id") && j.at("bos_token_id").is_number_integer() ? j.at("bos_token_id").get<int>() : -1;
    c.eos_token_ids = parse_eos(j);
    c.torch_dtype = r.optional_string("torch_dtype", r.optional_string("dtype", ""));
    return c;
}

ModelConfig load_model_config(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw Error(path, "cannot open config.json (missing or unreadable)");
    std::stringstream ss;
    ss << in.rdbuf();
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(ss.str());
    } catch (const nlohmann::json::parse_error& e) {
        throw Error(path, std::string("malformed JSON: ") + e.what());
    }
    return parse_model_config(j, path);
}

nlohmann::json make_llama_config_json(int vocab_size, int hidden_size, int intermediate_size, int num_layers,
                                      int num_heads, int num_kv_heads, int max_positions) {
    return {
        {"architectures", {"LlamaForCausalLM"}},
        {"model_type", "llama"},
        {"vocab_size", vocab_size},
        {"hidden_size", hidden_size},
        {"intermediate_size", intermediate_size},
        {"num_hidden_layers", num_layers},
        {"num_attention_heads", num_heads},
        {"num_key_value_heads", num_kv_heads},
        {"max_position_embeddings", max_positions},
        {"rms_norm_eps", 1e-5},
        {"rope_theta", 10000.0},
        {"hidden_act", "silu"},
        {"tie_word_embeddings", false},
        {"torch_dtype", "float32"},
    };
}

} // namespace specscope
