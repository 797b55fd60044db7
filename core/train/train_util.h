// Pieces every training loop here shares (pretraining, distillation, the
// Kangaroo adapter): the schedule, batches, AdamW, clipping, the soft
// cross-entropy of distillation, and the progress line's ETA.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <ATen/ATen.h>

namespace specscope {

// "1h05m" or "3m07s".
std::string fmt_duration(double seconds);

// Linear warm-up to lr, then cosine decay to min_lr at `steps`.
double learning_rate(double lr, double min_lr, int warmup, int step, int steps);

// `batch` rows of seq + 1 tokens at random offsets -> [batch, seq + 1] int64.
// The generator's state is part of a checkpoint, so a resumed run draws the same batches.
at::Tensor draw_batch(const std::vector<int32_t>& tokens, int batch, int seq, std::mt19937_64& rng);

// AdamW (betas 0.9 / 0.95) with decoupled weight decay, not on 1-D tensors (norms, biases).
struct AdamW {
    std::vector<at::Tensor> m, v;
    int64_t t = 0;
    void init(const std::vector<at::Tensor*>& params);
    void step(const std::vector<at::Tensor*>& params, double lr, double wd);
};

// Scales the gradients to a global norm of at most max_norm; returns the norm before.
double clip_gradients(const std::vector<at::Tensor*>& params, double max_norm);

// One optimisation step: zeroes the gradients, back-propagates `loss`,
// clips to max_norm and applies AdamW at `lr`. Returns the loss value.
double optimizer_step(const at::Tensor& loss, const std::vector<at::Tensor*>& params, AdamW& opt, double lr,
                      double max_norm, double weight_decay);

// How many steps fit a time budget of budget_s seconds, measured after
// steps [start_step, done) took `elapsed` seconds (5 % kept for evaluations
// and checkpoints); never fewer than done, never more than max_steps.
int steps_within_budget(int done, int start_step, double elapsed, double budget_s, int max_steps);

// Soft cross-entropy -sum p_teacher log q_student (mean over positions), times T^2.
at::Tensor distill_loss(const at::Tensor& student_logits, const at::Tensor& teacher_logits, double temperature);

} // namespace specscope
