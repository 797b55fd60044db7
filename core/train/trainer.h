// Pretraining of a Llama-style model from a text corpus, and distillation of
// a (smaller) draft model from a teacher's distribution (soft cross-entropy,
// as in DistillSpec's forward-KL on the data). Deterministic for a seed,
// resumable from its checkpoint, stoppable (the caller's flag, e.g. Ctrl-C)
// with a checkpoint saved.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace specscope {

struct TrainOptions {
    std::string corpus;             // UTF-8 text
    std::string valid;              // held-out text; "" = the last 2 % of the corpus
    std::string tokenizer;          // tokenizer.json (copied into the output)
    std::string out_dir;
    bool overwrite = false;         // replace an existing output directory
    bool resume = false;            // continue from out_dir/checkpoint

    // Shape of a new model (pretraining and the student in distillation).
    int layers = 8, hidden = 256, heads = 4, kv_heads = 4, intermediate = 0;  // 0 = 8/3 * hidden, rounded to 64
    int context = 512;              // max_position_embeddings written to config.json
    bool tie_embeddings = false;

    // Distillation: the teacher's directory; "" means plain pretraining.
    std::string teacher;
    double distill_temperature = 1.0;

    int batch = 16, seq = 128, steps = 1000;
    bool keep_best = false;         // write the weights of the best evaluation, not the last step's
    double time_budget_s = 0;       // > 0: fewer steps if `steps` would not fit this many seconds of training
    double lr = 3e-3, min_lr = 3e-4, weight_decay = 0.1, clip = 1.0;
    int warmup = 50;
    uint64_t seed = 1;
    std::string device = "cpu";
    std::string save_dtype = "float32";  // dtype of the final model.safetensors
    std::string compute_dtype = "float32";  // bfloat16: mixed precision (fp32 master weights and optimizer)

    int log_every = 10, eval_every = 100, eval_batches = 8, save_every = 200;

    std::function<void(const std::string&)> log;  // progress lines
    const std::atomic<bool>* stop = nullptr;      // set it to stop after the current step (checkpoint saved)
};

struct TrainResult {
    int steps_done = 0;
    bool interrupted = false;
    double train_loss = 0;          // mean of the last log window
    double valid_loss = 0, valid_ppl = 0;
    double tokens_per_s = 0;
    std::vector<double> losses;     // every step's training loss, from step 1 (resumed runs included)
};

// Throws Error naming the file for bad input: an empty or non-UTF-8 corpus, a
// corpus smaller than one batch, an existing output directory (unless
// overwrite or resume), a teacher with a different tokenizer.
TrainResult train_model(const TrainOptions& options);

struct EvalResult {
    double loss = 0, ppl = 0;
    int64_t tokens = 0;
};

// Perplexity of a model directory on a text, in windows of `context` tokens.
EvalResult evaluate_model(const std::string& model_dir, const std::string& text_path, int context = 256,
                          const std::string& device = "cpu");

} // namespace specscope
