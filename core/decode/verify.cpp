#include "decode/verify.h"

namespace specscope {
namespace {

VerifyResult verify_greedy(const DraftTree& tree, const at::Tensor& logits) {
    VerifyResult r;
    r.verdict.assign(tree.size(), Verdict::NotReached);
    r.accept_prob.assign(tree.size(), kNoValue);
    r.verdict[0] = Verdict::Accepted;
    at::Tensor argmax = logits.argmax(-1).to(at::kCPU);  // [N]
    const int64_t* best = argmax.data_ptr<int64_t>();
    int node = 0;
    while (true) {
        const auto children = tree.children(node);
        int next = -1;
        for (int c : children) {
            const bool match = tree.token[c] == best[node];
            r.verdict[c] = match ? Verdict::Accepted : Verdict::Rejected;
            r.accept_prob[c] = match ? 1.0f : 0.0f;
            if (match) next = c;
        }
        if (next < 0) {
            r.next_token = best[node];
            r.bonus = children.empty();
            return r;
        }
        r.path.push_back(next);
        node = next;
    }
}

VerifyResult verify_sampling(const DraftTree& tree, const at::Tensor& logits, Sampler& sampler) {
    VerifyResult r;
    r.verdict.assign(tree.size(), Verdict::NotReached);
    r.accept_prob.assign(tree.size(), kNoValue);
    r.verdict[0] = Verdict::Accepted;
    int node = 0;
    while (true) {
        at::Tensor p = sampling_distribution(logits[node], sampler.params());  // [V]
        const auto children = tree.children(node);
        if (children.empty()) {
            r.next_token = sampler.sample_from(p);
            r.bonus = true;
            return r;
        }
        at::Tensor q = tree.q[node].defined() ? tree.q[node].clone()
                                              : at::zeros_like(p).index_fill_(0, at::tensor({tree.token[children[0]]}), 1.0f);
        int next = -1;
        for (int c : children) {
            const int64_t x = tree.token[c];
            const double px = p[x].item<double>(), qx = q[x].item<double>();
            const double a = qx > 0 ? std::min(1.0, px / qx) : 0.0;
            r.accept_prob[c] = static_cast<float>(a);
            if (sampler.uniform() < a) {
                r.verdict[c] = Verdict::Accepted;
                next = c;
                break;
            }
            r.verdict[c] = Verdict::Rejected;
            // Residual: what p still owes after q had its chance at x.
            at::Tensor residual = at::clamp_min(p - q, 0.0);
            const double mass = residual.sum().item<double>();
            if (mass > 0) p = residual / mass;
            q[x] = 0.0f;
            const double qmass = q.sum().item<double>();
            if (qmass > 0) q = q / qmass;
        }
        if (next < 0) {
            r.next_token = sampler.sample_from(p);
            return r;
        }
        r.path.push_back(next);
        node = next;
    }
}

} // namespace

VerifyResult verify_tree(const DraftTree& tree, const at::Tensor& target_logits, Sampler& sampler) {
    return sampler.params().greedy() ? verify_greedy(tree, target_logits)
                                     : verify_sampling(tree, target_logits, sampler);
}

} // namespace specscope
