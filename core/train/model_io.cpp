#include "train/model_io.h"

#include <cstdio>
#include <cstring>
#include <fstream>

#include "util/error.h"

namespace specscope {

std::vector<std::pair<std::string, at::Tensor>> to_hf_tensors(const ModelConfig& c, const ModelWeights& w,
                                                              at::ScalarType dtype) {
    if (c.model_type == "gpt2") throw Error("", "writing GPT-2 checkpoints is not supported (the trainer writes Llama-style models)");
    std::vector<std::pair<std::string, at::Tensor>> out;
    auto add = [&](const std::string& name, const at::Tensor& t) {
        out.push_back({name, t.detach().to(at::kCPU, dtype).contiguous()});
    };
    const int64_t q = int64_t(c.num_heads) * c.head_dim, kv = int64_t(c.num_kv_heads) * c.head_dim;
    const int64_t I = c.intermediate_size;
    add("model.embed_tokens.weight", w.embed);
    for (size_t i = 0; i < w.layers.size(); ++i) {
        const LayerWeights& l = w.layers[i];
        const std::string p = "model.layers." + std::to_string(i) + ".";
        add(p + "input_layernorm.weight", l.attn_norm_w);
        add(p + "self_attn.q_proj.weight", l.qkv_w.narrow(0, 0, q));
        add(p + "self_attn.k_proj.weight", l.qkv_w.narrow(0, q, kv));
        add(p + "self_attn.v_proj.weight", l.qkv_w.narrow(0, q + kv, kv));
        if (l.qkv_b.defined()) {
            add(p + "self_attn.q_proj.bias", l.qkv_b.narrow(0, 0, q));
            add(p + "self_attn.k_proj.bias", l.qkv_b.narrow(0, q, kv));
            add(p + "self_attn.v_proj.bias", l.qkv_b.narrow(0, q + kv, kv));
        }
        if (l.q_norm_w.defined()) {
            add(p + "self_attn.q_norm.weight", l.q_norm_w);
            add(p + "self_attn.k_norm.weight", l.k_norm_w);
        }
        add(p + "self_attn.o_proj.weight", l.o_w);
        if (l.o_b.defined()) add(p + "self_attn.o_proj.bias", l.o_b);
        add(p + "post_attention_layernorm.weight", l.mlp_norm_w);
        add(p + "mlp.gate_proj.weight", l.up_w.narrow(0, 0, I));
        add(p + "mlp.up_proj.weight", l.up_w.narrow(0, I, I));
        add(p + "mlp.down_proj.weight", l.down_w);
    }
    add("model.norm.weight", w.final_norm_w);
    if (!c.tie_word_embeddings) add("lm_head.weight", w.lm_head);
    return out;
}

void save_tensors(const std::string& path, const std::vector<std::pair<std::string, at::Tensor>>& tensors,
                  const std::map<std::string, std::string>& metadata) {
    std::vector<TensorToWrite> out;
    for (const auto& [name, t] : tensors) {
        DType dt;
        switch (t.scalar_type()) {
        case at::kFloat: dt = DType::F32; break;
        case at::kBFloat16: dt = DType::BF16; break;
        case at::kHalf: dt = DType::F16; break;
        case at::kLong: dt = DType::I64; break;
        default: throw Error(path, "cannot store tensor '" + name + "' of this dtype");
        }
        out.push_back({name, dt, t.sizes().vec(), t.data_ptr()});
    }
    write_safetensors(path, out, metadata);
}

std::map<std::string, at::Tensor> load_tensors(const std::string& path) {
    auto file = SafetensorsFile::open(path);
    std::map<std::string, at::Tensor> out;
    for (const auto& t : file->tensors()) {
        at::ScalarType st;
        switch (t.dtype) {
        case DType::F32: st = at::kFloat; break;
        case DType::BF16: st = at::kBFloat16; break;
        case DType::F16: st = at::kHalf; break;
        case DType::I64: st = at::kLong; break;
        default: throw Error(path, "tensor '" + t.name + "' has unsupported dtype " + dtype_name(t.dtype));
        }
        at::Tensor x = at::empty(t.shape, at::TensorOptions().dtype(st));
        std::memcpy(x.data_ptr(), t.data, t.nbytes);
        out[t.name] = x;
    }
    return out;
}

void write_text_file(const std::string& path, const std::string& text) {
    const std::string tmp = path + ".tmp";
    {
        std::ofstream f(tmp, std::ios::binary);
        f << text;
        if (!f.flush()) {
            std::remove(tmp.c_str());
            throw Error(path, "cannot write the file (disk full or no permission?)");
        }
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::remove(tmp.c_str());
        throw Error(path, std::string("cannot write the file: ") + std::strerror(errno));
    }
}

void save_model_dir(const std::string& dir, const ModelConfig& c, const ModelWeights& w, at::ScalarType dtype,
                    const std::map<std::string, std::string>& metadata) {
    save_tensors(dir + "/model.safetensors", to_hf_tensors(c, w, dtype), metadata);
    nlohmann::json config = c.raw;
    config["torch_dtype"] = dtype == at::kBFloat16 ? "bfloat16" : dtype == at::kHalf ? "float16" : "float32";
    write_text_file(dir + "/config.json", config.dump(2) + "\n");
}

std::vector<at::Tensor*> parameters(ModelWeights& w) {
    std::vector<at::Tensor*> out;
    auto add = [&](at::Tensor& t) {
        if (t.defined()) out.push_back(&t);
    };
    add(w.embed);
    add(w.pos_embed);
    for (auto& l : w.layers) {
        for (at::Tensor* t : {&l.attn_norm_w, &l.attn_norm_b, &l.qkv_w, &l.qkv_b, &l.q_norm_w, &l.k_norm_w, &l.o_w,
                              &l.o_b, &l.mlp_norm_w, &l.mlp_norm_b, &l.up_w, &l.up_b, &l.down_w, &l.down_b})
            add(*t);
    }
    add(w.final_norm_w);
    add(w.final_norm_b);
    if (!w.lm_head.is_same(w.embed)) add(w.lm_head);
    return out;
}

} // namespace specscope
