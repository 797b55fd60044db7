#include "train/train_util.h"

#include <cmath>
#include <iomanip>
#include <sstream>

#include <ATen/core/grad_mode.h>

namespace specscope {

std::string fmt_duration(double s) {
    std::ostringstream o;
    const int total = static_cast<int>(s);
    if (total >= 3600) o << total / 3600 << "h" << std::setw(2) << std::setfill('0') << (total % 3600) / 60 << "m";
    else o << total / 60 << "m" << std::setw(2) << std::setfill('0') << total % 60 << "s";
    return o.str();
}

// Linear warm-up, then cosine decay to min_lr.
double learning_rate(double lr, double min_lr, int warmup, int step, int steps) {
    if (step < warmup) return lr * (step + 1) / warmup;
    const double t = double(step - warmup) / std::max(1, steps - warmup);
    return min_lr + 0.5 * (lr - min_lr) * (1 + std::cos(M_PI * std::min(1.0, t)));
}

// Batches of `seq`+1 tokens at random offsets; the generator's state is part
// of the checkpoint so a resumed run draws the same batches.
at::Tensor draw_batch(const std::vector<int32_t>& tokens, int batch, int seq, std::mt19937_64& rng) {
    std::uniform_int_distribution<size_t> pick(0, tokens.size() - seq - 1);
    at::Tensor ids = at::empty({batch, seq + 1}, at::kLong);
    auto a = ids.accessor<int64_t, 2>();
    for (int b = 0; b < batch; ++b) {
        const size_t start = pick(rng);
        for (int t = 0; t <= seq; ++t) a[b][t] = tokens[start + t];
    }
    return ids;
}

// AdamW with decoupled weight decay (not on norms and biases: 1-D tensors).
void AdamW::init(const std::vector<at::Tensor*>& params) {
    for (auto* p : params) {
        m.push_back(at::zeros_like(*p));
        v.push_back(at::zeros_like(*p));
    }
}

void AdamW::step(const std::vector<at::Tensor*>& params, double lr, double wd) {
    at::NoGradGuard no_grad;
    ++t;
    const double b1 = 0.9, b2 = 0.95, eps = 1e-8;
    const double c1 = 1 - std::pow(b1, t), c2 = 1 - std::pow(b2, t);
    for (size_t i = 0; i < params.size(); ++i) {
        at::Tensor& p = *params[i];
        const at::Tensor& g = p.grad();
        if (!g.defined()) continue;
        m[i].mul_(b1).add_(g, 1 - b1);
        v[i].mul_(b2).addcmul_(g, g, 1 - b2);
        if (p.dim() >= 2 && wd > 0) p.mul_(1 - lr * wd);
        p.addcdiv_(m[i], (v[i] / c2).sqrt_().add_(eps), -lr / c1);
    }
}

double clip_gradients(const std::vector<at::Tensor*>& params, double max_norm) {
    at::NoGradGuard no_grad;
    // One device-to-host read for the whole norm (one per parameter stalls a GPU).
    std::vector<at::Tensor> squares;
    for (auto* p : params)
        if (p->grad().defined()) squares.push_back(p->grad().pow(2).sum());
    if (squares.empty()) return 0;
    const double norm = std::sqrt(at::stack(squares).sum().item<double>());
    if (max_norm > 0 && norm > max_norm)
        for (auto* p : params)
            if (p->grad().defined()) p->mutable_grad().mul_(max_norm / (norm + 1e-6));
    return norm;
}


double optimizer_step(const at::Tensor& loss, const std::vector<at::Tensor*>& params, AdamW& opt, double lr,
                      double max_norm, double weight_decay) {
    for (auto* p : params)
        if (p->grad().defined()) p->mutable_grad().zero_();
    loss.backward();
    clip_gradients(params, max_norm);
    opt.step(params, lr, weight_decay);
    return loss.item<double>();
}

int steps_within_budget(int done, int start_step, double elapsed, double budget_s, int max_steps) {
    const double per_step = elapsed / std::max(1, done - start_step);
    const int fit = done + static_cast<int>((0.95 * budget_s - elapsed) / per_step);
    return std::max(done, std::min(max_steps, fit));
}

at::Tensor distill_loss(const at::Tensor& student_logits, const at::Tensor& teacher_logits, double temperature) {
    // Soft cross-entropy: -sum p_teacher log q_student, scaled by T^2 as usual.
    at::Tensor p = at::softmax(teacher_logits / temperature, -1);
    at::Tensor log_q = at::log_softmax(student_logits / temperature, -1);
    return -(p * log_q).sum(-1).mean() * (temperature * temperature);
}


} // namespace specscope
