#include "model/kangaroo_adapter.h"

#include <filesystem>
#include <fstream>

#include "kernels/dispatch.h"
#include "model/model_loader.h"
#include "train/model_io.h"
#include "util/error.h"

namespace fs = std::filesystem;

namespace specscope {

ModelConfig kangaroo_adapter_config(const ModelConfig& target) {
    ModelConfig c = target;
    c.num_layers = 1;
    c.sliding_window = 0;
    return c;
}

ModelWeights kangaroo_adapter_init(const Transformer& target, int exit_layer) {
    const ModelWeights& t = target.weights();
    const LayerWeights& src = t.layers.at(exit_layer);
    // A compact target keeps packed matrices; the adapter gets them as [N, K].
    auto copy = [](const at::Tensor& x) { return x.defined() ? kernels::unpack_linear_weight(x.detach()).clone() : x; };
    ModelWeights w;
    LayerWeights l;
    l.attn_norm_w = copy(src.attn_norm_w);
    l.attn_norm_b = copy(src.attn_norm_b);
    l.qkv_w = copy(src.qkv_w);
    l.qkv_b = copy(src.qkv_b);
    l.q_norm_w = copy(src.q_norm_w);
    l.k_norm_w = copy(src.k_norm_w);
    l.o_w = copy(src.o_w);
    l.o_b = copy(src.o_b);
    w.layers.push_back(l);  // no MLP: up_w stays undefined
    w.final_norm_w = copy(t.final_norm_w);
    w.final_norm_b = copy(t.final_norm_b);
    w.embed = t.embed;      // unused by the adapter; kept so the weights are complete
    w.lm_head = t.lm_head;  // shared and frozen
    return w;
}

std::string kangaroo_adapter_stem(const std::string& target_dir, int exit_layer) {
    return (fs::path(target_dir) / "kangaroo" / ("adapter_l" + std::to_string(exit_layer))).string();
}

int kangaroo_default_exit_layer(const std::string& target_dir) {
    const fs::path p = fs::path(target_dir) / "kangaroo" / "default.json";
    std::ifstream f(p);
    if (!f) return 0;
    const auto j = nlohmann::json::parse(f, nullptr, false);
    if (j.is_discarded() || !j.contains("exit_layer") || !j["exit_layer"].is_number_integer())
        throw Error(p.string(), "malformed: expected {\"exit_layer\": N}");
    return j["exit_layer"].get<int>();
}

namespace {

std::vector<std::pair<std::string, at::Tensor>> adapter_tensors(const ModelWeights& w, at::ScalarType dtype) {
    std::vector<std::pair<std::string, at::Tensor>> out;
    auto add = [&](const std::string& name, const at::Tensor& t) {
        if (t.defined()) out.push_back({name, t.detach().to(at::kCPU, dtype).contiguous()});
    };
    const LayerWeights& l = w.layers.at(0);
    add("attn_norm.weight", l.attn_norm_w);
    add("attn_norm.bias", l.attn_norm_b);
    add("qkv.weight", l.qkv_w);
    add("qkv.bias", l.qkv_b);
    add("q_norm.weight", l.q_norm_w);
    add("k_norm.weight", l.k_norm_w);
    add("o_proj.weight", l.o_w);
    add("o_proj.bias", l.o_b);
    add("norm.weight", w.final_norm_w);
    add("norm.bias", w.final_norm_b);
    return out;
}

} // namespace

void save_kangaroo_adapter(const std::string& stem, const Transformer& target, int exit_layer, const ModelWeights& w,
                           const nlohmann::json& training_record, at::ScalarType dtype) {
    fs::create_directories(fs::path(stem).parent_path());
    save_tensors(stem + ".safetensors", adapter_tensors(w, dtype));
    const ModelConfig& c = target.config();
    nlohmann::json j = {{"method", "kangaroo"},
                        {"exit_layer", exit_layer},
                        {"target_layers", c.num_layers},
                        {"hidden_size", c.hidden_size},
                        {"num_heads", c.num_heads},
                        {"num_kv_heads", c.num_kv_heads},
                        {"head_dim", c.head_dim},
                        {"target_fingerprint", model_fingerprint(target)},
                        {"training", training_record}};
    write_text_file(stem + ".json", j.dump(2) + "\n");
}

KangarooAdapter load_kangaroo_adapter(const std::string& stem, const Transformer& target) {
    const std::string jpath = stem + ".json", tpath = stem + ".safetensors";
    std::ifstream f(jpath);
    if (!f) throw Error(jpath, "no Kangaroo adapter here: train one with `specscope-cli train-adapter --method kangaroo`");
    const auto j = nlohmann::json::parse(f, nullptr, false);
    if (j.is_discarded() || !j.is_object()) throw Error(jpath, "not valid JSON");
    if (j.value("method", "") != "kangaroo") throw Error(jpath, "not a Kangaroo adapter (method is not \"kangaroo\")");
    if (!j.contains("exit_layer") || !j["exit_layer"].is_number_integer()) throw Error(jpath, "missing integer field \"exit_layer\"");
    const ModelConfig& c = target.config();
    KangarooAdapter a;
    a.path = jpath;
    a.record = j;
    a.exit_layer = j["exit_layer"].get<int>();
    if (a.exit_layer < 1 || a.exit_layer >= c.num_layers)
        throw Error(jpath, "exit layer " + std::to_string(a.exit_layer) + " is out of range for a target with " +
                               std::to_string(c.num_layers) + " layers (1.." + std::to_string(c.num_layers - 1) + ")");
    a.target_fingerprint = j.value("target_fingerprint", "");
    const std::string fp = model_fingerprint(target);
    if (a.target_fingerprint != fp)
        throw Error(jpath, "this adapter was trained for another model (target fingerprint " + a.target_fingerprint +
                               ", this target's is " + fp + ")");

    const ModelWeights init = kangaroo_adapter_init(target, a.exit_layer);  // the expected shapes
    std::map<std::string, at::Tensor> tensors;
    try {
        tensors = load_tensors(tpath);
    } catch (const Error&) {
        throw;
    } catch (const std::exception& e) {
        throw Error(tpath, e.what());
    }
    ModelWeights w = init;
    auto take = [&](const std::string& name, at::Tensor& dst) {
        if (!dst.defined()) return;
        auto it = tensors.find(name);
        if (it == tensors.end()) throw Error(tpath, "missing tensor \"" + name + "\"");
        if (it->second.sizes() != dst.sizes()) {
            std::ostringstream msg;
            msg << "tensor \"" << name << "\" has shape " << it->second.sizes() << ", the target needs " << dst.sizes();
            throw Error(tpath, msg.str());
        }
        dst = it->second.to(dst.device(), dst.scalar_type());
    };
    LayerWeights& l = w.layers[0];
    take("attn_norm.weight", l.attn_norm_w);
    take("attn_norm.bias", l.attn_norm_b);
    take("qkv.weight", l.qkv_w);
    take("qkv.bias", l.qkv_b);
    take("q_norm.weight", l.q_norm_w);
    take("k_norm.weight", l.k_norm_w);
    take("o_proj.weight", l.o_w);
    take("o_proj.bias", l.o_b);
    take("norm.weight", w.final_norm_w);
    take("norm.bias", w.final_norm_b);
    // A compact target (bf16 matrices, packed for the CPU kernels) gets a
    // compact adapter: its matrices are stored in bf16, so this is exact.
    if (kernels::is_packed_linear_weight(target.weights().lm_head)) keep_matrices_in_bf16(w);
    a.model = std::make_shared<Transformer>(kangaroo_adapter_config(c), std::move(w), target.dtype(), target.device());
    return a;
}

} // namespace specscope
