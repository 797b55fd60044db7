#include "tiny_model.h"

#include <filesystem>
#include <fstream>
#include <map>

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include "model/safetensors.h"

namespace fs = std::filesystem;

namespace specscope::test {
namespace {

std::string utf8(uint32_t cp) {
    std::string s;
    if (cp < 0x80) s += char(cp);
    else if (cp < 0x800) { s += char(0xC0 | (cp >> 6)); s += char(0x80 | (cp & 0x3F)); }
    else { s += char(0xE0 | (cp >> 12)); s += char(0x80 | ((cp >> 6) & 0x3F)); s += char(0x80 | (cp & 0x3F)); }
    return s;
}

// GPT-2's printable stand-ins for the 256 byte values.
std::vector<std::string> byte_symbols() {
    std::vector<int> printable;
    for (int b = '!'; b <= '~'; ++b) printable.push_back(b);
    for (int b = 0xA1; b <= 0xAC; ++b) printable.push_back(b);
    for (int b = 0xAE; b <= 0xFF; ++b) printable.push_back(b);
    std::vector<std::string> out(256);
    int extra = 0;
    for (int b = 0; b < 256; ++b) {
        bool is_printable = std::find(printable.begin(), printable.end(), b) != printable.end();
        out[b] = utf8(is_printable ? b : 256 + extra++);
    }
    return out;
}

// Named tensors, kept alive until written.
struct TensorSet {
    std::vector<std::pair<std::string, at::Tensor>> items;
    at::Generator gen;
    double std;
    at::Tensor normal(std::vector<int64_t> shape) { return at::randn(shape, gen) * std; }
    at::Tensor around_one(int64_t n) { return 1.0 + at::randn({n}, gen) * 0.1; }
    void add(const std::string& name, at::Tensor t) { items.push_back({name, t.contiguous()}); }
};

} // namespace

nlohmann::json tiny_tokenizer_json() {
    const auto sym = byte_symbols();
    nlohmann::json vocab = nlohmann::json::object();
    for (int b = 0; b < 256; ++b) vocab[sym[b]] = b;
    vocab[sym[' '] + "t"] = 256;
    vocab["he"] = 257;
    return {
        {"version", "1.0"},
        {"added_tokens", {{{"id", 258}, {"content", "<|endoftext|>"}, {"single_word", false}, {"lstrip", false},
                           {"rstrip", false}, {"normalized", false}, {"special", true}}}},
        {"normalizer", nullptr},
        {"pre_tokenizer", {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", true}}},
        {"post_processor", nullptr},
        {"decoder", {{"type", "ByteLevel"}, {"add_prefix_space", true}, {"trim_offsets", true}, {"use_regex", true}}},
        {"model",
         {{"type", "BPE"}, {"dropout", nullptr}, {"unk_token", nullptr}, {"continuing_subword_prefix", nullptr},
          {"end_of_word_suffix", nullptr}, {"fuse_unk", false}, {"byte_fallback", false}, {"vocab", vocab},
          {"merges", {sym[' '] + " t", "h e"}}}},
    };
}

nlohmann::json write_tiny_model(const std::string& dir, const TinySpec& s) {
    fs::create_directories(dir);
    TensorSet t{{}, at::make_generator<at::CPUGeneratorImpl>(s.seed), s.std};
    const int64_t D = s.hidden, I = s.intermediate, V = s.vocab, H = s.heads;
    nlohmann::json config;
    if (s.family == "gpt2") {
        config = {{"model_type", "gpt2"}, {"vocab_size", V}, {"n_embd", D}, {"n_layer", s.layers}, {"n_head", H},
                  {"n_inner", I}, {"n_positions", 128}, {"layer_norm_epsilon", 1e-5}, {"activation_function", "gelu_new"},
                  {"eos_token_id", 258}, {"bos_token_id", 258}};
        t.add("wte.weight", t.normal({V, D}));
        t.add("wpe.weight", t.normal({128, D}));
        for (int i = 0; i < s.layers; ++i) {
            const std::string p = "h." + std::to_string(i) + ".";
            t.add(p + "ln_1.weight", t.around_one(D));
            t.add(p + "ln_1.bias", t.normal({D}));
            t.add(p + "attn.c_attn.weight", t.normal({D, 3 * D}));  // Conv1D: [in, out]
            t.add(p + "attn.c_attn.bias", t.normal({3 * D}));
            t.add(p + "attn.c_proj.weight", t.normal({D, D}));
            t.add(p + "attn.c_proj.bias", t.normal({D}));
            t.add(p + "ln_2.weight", t.around_one(D));
            t.add(p + "ln_2.bias", t.normal({D}));
            t.add(p + "mlp.c_fc.weight", t.normal({D, I}));
            t.add(p + "mlp.c_fc.bias", t.normal({I}));
            t.add(p + "mlp.c_proj.weight", t.normal({I, D}));
            t.add(p + "mlp.c_proj.bias", t.normal({D}));
        }
        t.add("ln_f.weight", t.around_one(D));
        t.add("ln_f.bias", t.normal({D}));
    } else {
        const bool qwen = s.family == "qwen2" || s.family == "qwen3";
        const int64_t hd = s.family == "qwen3" ? 2 * D / H : D / H;  // Qwen3 sets head_dim explicitly
        const int64_t KV = s.kv_heads;
        config = {{"model_type", s.family}, {"vocab_size", V}, {"hidden_size", D}, {"intermediate_size", I},
                  {"num_hidden_layers", s.layers}, {"num_attention_heads", H}, {"num_key_value_heads", KV},
                  {"max_position_embeddings", 256}, {"rms_norm_eps", 1e-6}, {"rope_theta", 10000.0},
                  {"hidden_act", "silu"}, {"tie_word_embeddings", s.tied}, {"eos_token_id", 258}, {"bos_token_id", 258}};
        if (s.family == "qwen3") config["head_dim"] = hd;
        if (s.family == "mistral") config["sliding_window"] = s.sliding_window;
        if (!s.rope_scaling.is_null()) config["rope_scaling"] = s.rope_scaling;
        t.add("model.embed_tokens.weight", t.normal({V, D}));
        for (int i = 0; i < s.layers; ++i) {
            const std::string p = "model.layers." + std::to_string(i) + ".";
            t.add(p + "input_layernorm.weight", t.around_one(D));
            t.add(p + "self_attn.q_proj.weight", t.normal({H * hd, D}));
            t.add(p + "self_attn.k_proj.weight", t.normal({KV * hd, D}));
            t.add(p + "self_attn.v_proj.weight", t.normal({KV * hd, D}));
            if (s.family == "qwen2") {
                t.add(p + "self_attn.q_proj.bias", t.normal({H * hd}));
                t.add(p + "self_attn.k_proj.bias", t.normal({KV * hd}));
                t.add(p + "self_attn.v_proj.bias", t.normal({KV * hd}));
            }
            if (s.family == "qwen3") {
                t.add(p + "self_attn.q_norm.weight", t.around_one(hd));
                t.add(p + "self_attn.k_norm.weight", t.around_one(hd));
            }
            t.add(p + "self_attn.o_proj.weight", t.normal({D, H * hd}));
            t.add(p + "post_attention_layernorm.weight", t.around_one(D));
            t.add(p + "mlp.gate_proj.weight", t.normal({I, D}));
            t.add(p + "mlp.up_proj.weight", t.normal({I, D}));
            t.add(p + "mlp.down_proj.weight", t.normal({D, I}));
        }
        t.add("model.norm.weight", t.around_one(D));
        if (!s.tied) t.add("lm_head.weight", t.normal({V, D}));
        (void)qwen;
    }

    // Convert to the storage dtype; keep the converted tensors alive while writing.
    const DType dt = s.dtype == "BF16" ? DType::BF16 : s.dtype == "F16" ? DType::F16 : DType::F32;
    const at::ScalarType st = dt == DType::BF16 ? at::kBFloat16 : dt == DType::F16 ? at::kHalf : at::kFloat;
    std::vector<at::Tensor> keep;
    std::vector<TensorToWrite> out;
    for (auto& [name, tensor] : t.items) {
        keep.push_back(tensor.to(st).contiguous());
        out.push_back({name, dt, keep.back().sizes().vec(), keep.back().data_ptr()});
    }
    if (s.shards > 1) {
        size_t total = 0;
        for (auto& k : keep) total += k.nbytes();
        write_safetensors_sharded(dir, out, total / s.shards + 1);
    } else {
        write_safetensors((fs::path(dir) / "model.safetensors").string(), out);
    }
    std::ofstream(fs::path(dir) / "config.json") << config.dump(2);
    std::ofstream(fs::path(dir) / "tokenizer.json") << tiny_tokenizer_json().dump(2);
    return config;
}

} // namespace specscope::test
