// Training of add-ons on a frozen target. Kangaroo's adapter (model/
// kangaroo_adapter.h) is distilled from the target's own distribution:
// soft cross-entropy between the full model's next-token distribution p and
// the adapter's q at the same position, with the target's first ℓ layers
// and LM head frozen. Held-out evaluations report Σ_v min(p, q), the
// expected acceptance of a drafted token. Progress, resume and Ctrl-C as in
// `train`.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

namespace specscope {

struct AdapterTrainOptions {
    std::string method = "kangaroo";
    std::string target;         // model directory (or alias)
    int exit_layer = 2;         // ℓ
    std::string corpus;         // UTF-8 text
    std::string valid;          // held-out text; "" = the last 2 % of the corpus
    std::string out;            // file stem; "" = <target>/kangaroo/adapter_l<ℓ>
    bool make_default = false;  // also record ℓ as the target's default adapter
    bool overwrite = false, resume = false;
    int batch = 8, seq = 128, steps = 300, warmup = 20;
    double lr = 1e-3, min_lr = 1e-4, weight_decay = 0.0, clip = 1.0;
    double time_budget_s = 0;   // > 0: fewer steps if `steps` would not fit
    // > 0: half of every batch comes from this many rows of the target's own
    // greedy continuations of corpus snippets (self-distillation: the text a
    // greedy run drafts against; a small model's continuations repeat and
    // copy, which plain corpus text rarely shows). Each row: seq / 4 corpus
    // tokens, then the target's greedy tokens. Evaluations then also report
    // top-1 agreement on continuations of held-out snippets.
    int self_distill_rows = 0;
    uint64_t seed = 1;
    std::string device = "cpu";
    int log_every = 10, eval_every = 100, eval_batches = 4, save_every = 100;
    std::function<void(const std::string&)> log;
    const std::atomic<bool>* stop = nullptr;
};

struct AdapterTrainResult {
    std::string stem;           // where the adapter was written
    int steps_done = 0;
    bool interrupted = false;
    double valid_loss = 0;
    double acceptance = 0;      // held-out mean Σ_v min(p, q)
    double acceptance_before = 0;  // the same for the initial adapter
    // With self_distill_rows: on greedy continuations of held-out snippets,
    // mean Σ_v min(p, q) and how often argmax q == argmax p (a greedy draft's
    // acceptance before the confidence exit). Negative when not measured.
    double continuation_acceptance = -1, continuation_top1 = -1;
    double tokens_per_s = 0;
    std::vector<double> losses;
};

// Throws Error naming the file for bad input: unknown method, exit layer out
// of range, an empty or too small corpus, an existing adapter (unless
// overwrite or resume).
AdapterTrainResult train_adapter(const AdapterTrainOptions& options);

} // namespace specscope
