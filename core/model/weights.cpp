#include "model/weights.h"

#include <cstring>
#include <sstream>

#include "kernels/dispatch.h"
#include "util/error.h"

namespace specscope {
namespace {

std::string shape_str(const std::vector<int64_t>& s) {
    std::ostringstream o;
    o << "[";
    for (size_t i = 0; i < s.size(); ++i) o << (i ? ", " : "") << s[i];
    o << "]";
    return o.str();
}

// Finds tensors by their Hugging Face names, trying the prefixes the same
// architecture is saved with ("model." for *ForCausalLM, none for the bare
// model; "transformer." or none for GPT-2).
class TensorSource {
public:
    TensorSource(const Checkpoint& ckpt, std::vector<std::string> prefixes, at::ScalarType dtype, at::Device device,
                 std::function<bool(int, int)> progress, int total)
        : ckpt_(ckpt), prefixes_(std::move(prefixes)), dtype_(dtype), device_(device), progress_(std::move(progress)),
          total_(total) {}

    const TensorView* find(const std::string& name) const {
        for (const auto& p : prefixes_)
            if (const TensorView* t = ckpt_.find(p + name)) return t;
        return nullptr;
    }
    bool has(const std::string& name) const { return find(name) != nullptr; }

    // The tensor `name` with shape `expect`, as dtype_ on device_.
    at::Tensor get(const std::string& name, const std::vector<int64_t>& expect) {
        const TensorView* t = find(name);
        if (!t)
            throw Error(ckpt_.dir(), "tensor '" + prefixes_.front() + name +
                                         "' not found in the checkpoint (does config.json match the weights?)");
        if (t->shape != expect)
            throw Error(t->file, "tensor '" + t->name + "' has shape " + shape_str(t->shape) + " but config.json implies " +
                                     shape_str(expect));
        at::ScalarType src;
        switch (t->dtype) {
        case DType::F32: src = at::kFloat; break;
        case DType::F16: src = at::kHalf; break;
        case DType::BF16: src = at::kBFloat16; break;
        default:
            throw Error(t->file, "tensor '" + t->name + "' has dtype " + dtype_name(t->dtype) +
                                     "; weights must be F32, F16 or BF16");
        }
        // Byte-copy out of the mapping: tensors in a safetensors file need not
        // be aligned to their element size, and the copy makes the weights
        // independent of the file (the checkpoint may be closed afterwards).
        at::Tensor host = at::empty(t->shape, at::TensorOptions().dtype(src));
        std::memcpy(host.data_ptr(), t->data, t->nbytes);
        at::Tensor out = host.to(at::TensorOptions().dtype(dtype_).device(device_));
        if (progress_ && !progress_(++done_, total_)) throw Cancelled();
        return out;
    }

private:
    const Checkpoint& ckpt_;
    std::vector<std::string> prefixes_;
    at::ScalarType dtype_;
    at::Device device_;
    std::function<bool(int, int)> progress_;
    int total_ = 0;
    int done_ = 0;
};

ModelWeights load_llama_like(TensorSource& src, const ModelConfig& c) {
    const int64_t D = c.hidden_size, I = c.intermediate_size, V = c.vocab_size, hd = c.head_dim;
    const int64_t q_rows = int64_t(c.num_heads) * hd, kv_rows = int64_t(c.num_kv_heads) * hd;
    ModelWeights w;
    w.embed = src.get("embed_tokens.weight", {V, D});
    for (int i = 0; i < c.num_layers; ++i) {
        const std::string p = "layers." + std::to_string(i) + ".";
        LayerWeights l;
        l.attn_norm_w = src.get(p + "input_layernorm.weight", {D});
        l.qkv_w = at::cat({src.get(p + "self_attn.q_proj.weight", {q_rows, D}),
                           src.get(p + "self_attn.k_proj.weight", {kv_rows, D}),
                           src.get(p + "self_attn.v_proj.weight", {kv_rows, D})});
        if (c.qkv_bias)
            l.qkv_b = at::cat({src.get(p + "self_attn.q_proj.bias", {q_rows}), src.get(p + "self_attn.k_proj.bias", {kv_rows}),
                               src.get(p + "self_attn.v_proj.bias", {kv_rows})});
        if (c.qk_norm) {
            l.q_norm_w = src.get(p + "self_attn.q_norm.weight", {hd});
            l.k_norm_w = src.get(p + "self_attn.k_norm.weight", {hd});
        }
        l.o_w = src.get(p + "self_attn.o_proj.weight", {D, q_rows});
        if (c.attn_out_bias) l.o_b = src.get(p + "self_attn.o_proj.bias", {D});
        l.mlp_norm_w = src.get(p + "post_attention_layernorm.weight", {D});
        l.up_w = at::cat({src.get(p + "mlp.gate_proj.weight", {I, D}), src.get(p + "mlp.up_proj.weight", {I, D})});
        if (c.mlp_bias) l.up_b = at::cat({src.get(p + "mlp.gate_proj.bias", {I}), src.get(p + "mlp.up_proj.bias", {I})});
        l.down_w = src.get(p + "mlp.down_proj.weight", {D, I});
        if (c.mlp_bias) l.down_b = src.get(p + "mlp.down_proj.bias", {D});
        w.layers.push_back(std::move(l));
    }
    w.final_norm_w = src.get("norm.weight", {D});
    return w;
}

// GPT-2 stores Conv1D weights as [in, out]; transpose them to Linear's [out, in].
ModelWeights load_gpt2(TensorSource& src, const ModelConfig& c) {
    const int64_t D = c.hidden_size, I = c.intermediate_size, V = c.vocab_size;
    ModelWeights w;
    w.embed = src.get("wte.weight", {V, D});
    w.pos_embed = src.get("wpe.weight", {c.max_position_embeddings, D});
    for (int i = 0; i < c.num_layers; ++i) {
        const std::string p = "h." + std::to_string(i) + ".";
        LayerWeights l;
        l.attn_norm_w = src.get(p + "ln_1.weight", {D});
        l.attn_norm_b = src.get(p + "ln_1.bias", {D});
        l.qkv_w = src.get(p + "attn.c_attn.weight", {D, 3 * D}).t().contiguous();
        l.qkv_b = src.get(p + "attn.c_attn.bias", {3 * D});
        l.o_w = src.get(p + "attn.c_proj.weight", {D, D}).t().contiguous();
        l.o_b = src.get(p + "attn.c_proj.bias", {D});
        l.mlp_norm_w = src.get(p + "ln_2.weight", {D});
        l.mlp_norm_b = src.get(p + "ln_2.bias", {D});
        l.up_w = src.get(p + "mlp.c_fc.weight", {D, I}).t().contiguous();
        l.up_b = src.get(p + "mlp.c_fc.bias", {I});
        l.down_w = src.get(p + "mlp.c_proj.weight", {I, D}).t().contiguous();
        l.down_b = src.get(p + "mlp.c_proj.bias", {D});
        w.layers.push_back(std::move(l));
    }
    w.final_norm_w = src.get("ln_f.weight", {D});
    w.final_norm_b = src.get("ln_f.bias", {D});
    return w;
}

} // namespace

ModelWeights load_weights(const Checkpoint& ckpt, const ModelConfig& c, at::ScalarType dtype, at::Device device,
                          const std::function<bool(int, int)>& progress) {
    const bool gpt2 = c.model_type == "gpt2";
    const int total = static_cast<int>(ckpt.names().size());
    TensorSource src(ckpt, gpt2 ? std::vector<std::string>{"transformer.", ""} : std::vector<std::string>{"model.", ""},
                     dtype, device, progress, total);
    ModelWeights w = gpt2 ? load_gpt2(src, c) : load_llama_like(src, c);

    // The LM head: tied to the embedding unless the checkpoint has its own.
    const TensorView* head = ckpt.find("lm_head.weight");
    if (head && !c.tie_word_embeddings) {
        TensorSource top(ckpt, {""}, dtype, device, {}, 0);
        w.lm_head = top.get("lm_head.weight", {c.vocab_size, c.hidden_size});
    } else if (!head && !c.tie_word_embeddings && !gpt2) {
        throw Error(ckpt.dir(), "tensor 'lm_head.weight' not found and config.json says tie_word_embeddings is false");
    } else {
        w.lm_head = w.embed;
    }
    return w;
}

bool checkpoint_is_bf16(const Checkpoint& ckpt) {
    const auto names = ckpt.names();
    if (names.empty()) return false;
    for (const auto& name : names)
        if (ckpt.find(name)->dtype != DType::BF16) return false;
    return true;
}

void keep_matrices_in_bf16(ModelWeights& w) {
    auto bf16 = [](at::Tensor& t) {
        if (!t.defined()) return;
        t = t.to(at::kBFloat16).contiguous();
        if (kernels::linear_weight_packable(t)) t = kernels::pack_linear_weight(t);
    };
    for (auto& l : w.layers) {
        bf16(l.qkv_w);
        bf16(l.o_w);
        bf16(l.up_w);
        bf16(l.down_w);
    }
    bf16(w.lm_head);  // a tied head becomes a copy: embed stays in the compute dtype for lookups
}

} // namespace specscope

namespace specscope {

ModelWeights random_weights(const ModelConfig& c, at::ScalarType dtype, at::Device device, uint64_t seed) {
    at::manual_seed(seed);
    auto opts = at::TensorOptions().dtype(dtype).device(device);
    auto normal = [&](std::vector<int64_t> shape) { return (at::randn(shape) * 0.02).to(opts); };
    auto ones = [&](int64_t n) { return at::ones({n}, opts); };
    auto zeros = [&](int64_t n) { return at::zeros({n}, opts); };
    const int64_t D = c.hidden_size, I = c.intermediate_size, hd = c.head_dim;
    const int64_t qkv = int64_t(c.num_heads + 2 * c.num_kv_heads) * hd;
    const bool ln = c.norm == NormKind::LayerNorm;
    ModelWeights w;
    w.embed = normal({c.vocab_size, D});
    if (c.positions == PositionKind::Learned) w.pos_embed = normal({c.max_position_embeddings, D});
    for (int i = 0; i < c.num_layers; ++i) {
        LayerWeights l;
        l.attn_norm_w = ones(D);
        l.mlp_norm_w = ones(D);
        if (ln) { l.attn_norm_b = zeros(D); l.mlp_norm_b = zeros(D); }
        l.qkv_w = normal({qkv, D});
        if (c.qkv_bias) l.qkv_b = zeros(qkv);
        if (c.qk_norm) { l.q_norm_w = ones(hd); l.k_norm_w = ones(hd); }
        l.o_w = normal({D, int64_t(c.num_heads) * hd});
        if (c.attn_out_bias) l.o_b = zeros(D);
        const int64_t up_rows = c.mlp == MlpKind::Gated ? 2 * I : I;
        l.up_w = normal({up_rows, D});
        if (c.mlp_bias) { l.up_b = zeros(up_rows); l.down_b = zeros(D); }
        l.down_w = normal({D, I});
        w.layers.push_back(std::move(l));
    }
    w.final_norm_w = ones(D);
    if (ln) w.final_norm_b = zeros(D);
    w.lm_head = c.tie_word_embeddings ? w.embed : normal({c.vocab_size, D});
    return w;
}

} // namespace specscope
