#include "train/batch_forward.h"

#include <cmath>
#include <limits>

#include "kernels/dispatch.h"
#include "model/layer_ops.h"

namespace specscope {

at::Tensor batch_embed(const ModelConfig& c, const ModelWeights& w, const at::Tensor& ids) {
    const int64_t B = ids.size(0), T = ids.size(1);
    at::Tensor h = w.embed.index_select(0, ids.flatten()).view({B, T, -1});  // [B, T, D]
    if (c.positions == PositionKind::Learned) h = h + w.pos_embed.index_select(0, at::arange(T, ids.options()));
    return h;
}

at::Tensor batch_forward(const ModelConfig& c, const ModelWeights& w, const Rope& rope, const at::Tensor& ids) {
    at::Tensor h = batch_layers(c, w, rope, batch_embed(c, w, ids), 0, c.num_layers);
    return batch_head(c, w, h);
}

at::Tensor batch_head(const ModelConfig& c, const ModelWeights& w, const at::Tensor& h) {
    return kernels::linear(norm_op(c, h, w.final_norm_w, w.final_norm_b), w.lm_head).to(at::kFloat);  // [B, T, V]
}

at::Tensor batch_layers(const ModelConfig& c, const ModelWeights& w, const Rope& rope, at::Tensor h, int first,
                        int last) {
    const int64_t B = h.size(0), T = h.size(1), H = c.num_heads, Hkv = c.num_kv_heads, hd = c.head_dim;
    at::Tensor positions = at::arange(T, at::TensorOptions().dtype(at::kLong).device(h.device()));
    std::pair<at::Tensor, at::Tensor> cs;
    if (c.positions == PositionKind::Rope) cs = rope.cos_sin(positions);  // [T, hd/2]
    // Masked (true) where a query may not look: the future, and past the sliding window.
    at::Tensor causal = at::ones({T, T}, at::TensorOptions().dtype(at::kBool).device(h.device())).triu(1);
    if (c.sliding_window > 0 && T > c.sliding_window)
        causal = causal | at::ones({T, T}, causal.options()).tril(-c.sliding_window);
    for (int i = first; i < last; ++i) {
        const LayerWeights& l = w.layers[i];
        at::Tensor x = norm_op(c, h, l.attn_norm_w, l.attn_norm_b);
        at::Tensor qkv = kernels::linear(x, l.qkv_w, l.qkv_b);  // [B, T, (H + 2 Hkv) hd]
        at::Tensor q = qkv.narrow(-1, 0, H * hd).view({B, T, H, hd}).transpose(1, 2);           // [B, H, T, hd]
        at::Tensor k = qkv.narrow(-1, H * hd, Hkv * hd).view({B, T, Hkv, hd}).transpose(1, 2);  // [B, Hkv, T, hd]
        at::Tensor v = qkv.narrow(-1, (H + Hkv) * hd, Hkv * hd).view({B, T, Hkv, hd}).transpose(1, 2);
        if (c.qk_norm) {
            q = norm_op(c, q, l.q_norm_w, {});
            k = norm_op(c, k, l.k_norm_w, {});
        }
        if (c.positions == PositionKind::Rope) {
            q = Rope::apply(q, cs.first, cs.second);
            k = Rope::apply(k, cs.first, cs.second);
        }
        if (Hkv != H) {  // grouped-query attention: query head i uses K/V head i / (H / Hkv)
            k = k.repeat_interleave(H / Hkv, 1);
            v = v.repeat_interleave(H / Hkv, 1);
        }
        at::Tensor scores = at::matmul(q, k.transpose(-1, -2)).to(at::kFloat) * (1.0 / std::sqrt(double(hd)));  // [B, H, T, T]
        scores = scores.masked_fill(causal, -std::numeric_limits<float>::infinity());
        at::Tensor att = at::matmul(at::softmax(scores, -1).to(v.scalar_type()), v);  // [B, H, T, hd]
        att = att.transpose(1, 2).reshape({B, T, H * hd});
        h = h + kernels::linear(att, l.o_w, l.o_b);
        if (l.up_w.defined()) h = h + mlp_op(c, l, norm_op(c, h, l.mlp_norm_w, l.mlp_norm_b));
    }
    return h;
}

at::Tensor next_token_loss(const at::Tensor& logits, const at::Tensor& ids) {
    const int64_t V = logits.size(-1);
    at::Tensor pred = logits.narrow(1, 0, logits.size(1) - 1).reshape({-1, V});
    at::Tensor target = ids.narrow(1, 1, ids.size(1) - 1).reshape({-1});
    return at::cross_entropy_loss(pred, target);
}

} // namespace specscope
