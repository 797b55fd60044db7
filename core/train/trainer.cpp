#include "train/trainer.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <limits>
#include <random>
#include <sstream>

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include "model/model_loader.h"
#include "model/rope.h"
#include "model/tokenizer.h"
#include "train/batch_forward.h"
#include "train/corpus.h"
#include "train/model_io.h"
#include "train/train_util.h"
#include "util/error.h"

namespace fs = std::filesystem;

namespace specscope {
namespace {

// Mixed precision: the master weights stay fp32 (the optimizer updates them);
// each step computes with a bf16 copy, and autograd casts the gradients back.
ModelWeights cast_weights(const ModelWeights& w, at::ScalarType dtype) {
    auto c = [dtype](const at::Tensor& t) { return t.defined() ? t.to(dtype) : t; };
    ModelWeights out;
    out.embed = c(w.embed);
    out.pos_embed = c(w.pos_embed);
    out.final_norm_w = c(w.final_norm_w);
    out.final_norm_b = c(w.final_norm_b);
    out.lm_head = c(w.lm_head);
    for (const LayerWeights& l : w.layers)
        out.layers.push_back({c(l.attn_norm_w), c(l.attn_norm_b), c(l.qkv_w), c(l.qkv_b), c(l.q_norm_w), c(l.k_norm_w),
                              c(l.o_w), c(l.o_b), c(l.mlp_norm_w), c(l.mlp_norm_b), c(l.up_w), c(l.up_b), c(l.down_w),
                              c(l.down_b)});
    return out;
}

struct Teacher {
    LoadedModel model;
    std::unique_ptr<Rope> rope;
};

std::string checkpoint_dir(const TrainOptions& o) { return o.out_dir + "/checkpoint"; }

} // namespace

TrainResult train_model(const TrainOptions& o) {
    auto log = [&](const std::string& line) {
        if (o.log) o.log(line);
    };
    if (o.batch < 1 || o.seq < 2 || o.steps < 1) throw Error("", "batch, seq and steps must be positive (seq >= 2)");
    const at::Device device = parse_device(o.device);
    const at::ScalarType compute = parse_dtype(o.compute_dtype);
    if (compute != at::kFloat && compute != at::kBFloat16)
        throw Error("", "--compute-dtype must be float32 or bfloat16, not " + o.compute_dtype);
    at::manual_seed(o.seed);

    // --- data ---
    auto tokenizer = Tokenizer::load(o.tokenizer);
    const std::string text = read_corpus_text(o.corpus);
    std::vector<int32_t> tokens = tokenize_corpus(*tokenizer, text);
    std::vector<int32_t> valid;
    if (!o.valid.empty()) {
        valid = tokenize_corpus(*tokenizer, read_corpus_text(o.valid));
    } else {
        const size_t cut = tokens.size() - tokens.size() / 50;
        valid.assign(tokens.begin() + cut, tokens.end());
        tokens.resize(cut);
    }
    if (tokens.size() < static_cast<size_t>(o.seq) + 2)
        throw Error(o.corpus, "the corpus has " + std::to_string(tokens.size()) + " training tokens, fewer than one batch row needs (" +
                                  std::to_string(o.seq + 2) + "); use a larger corpus or a smaller --seq");
    if (valid.size() < static_cast<size_t>(o.seq) + 2) valid = tokens;  // tiny corpora: validate on the training text
    log("corpus: " + std::to_string(tokens.size()) + " training tokens, " + std::to_string(valid.size()) +
        " held-out tokens (" + std::to_string(text.size()) + " bytes)");

    // --- model ---
    Teacher teacher;
    if (!o.teacher.empty()) {
        teacher.model = load_model(o.teacher, LoadOptions{o.device, o.compute_dtype, {}, /*compact_cpu_weights=*/false});
        if (teacher.model.tokenizer->fingerprint() != tokenizer->fingerprint())
            throw Error(o.teacher + "/tokenizer.json", "the teacher's tokenizer differs from " + o.tokenizer +
                                                           ": a draft must share its target's tokenizer");
        teacher.rope = std::make_unique<Rope>(teacher.model.model->config(), device);
    }
    // --- output directory (after the input checks: bad input leaves nothing behind) ---
    const bool exists = fs::exists(o.out_dir);
    if (o.resume) {
        if (!fs::exists(checkpoint_dir(o) + "/state.json"))
            throw Error(o.out_dir, "--resume given but there is no checkpoint in " + checkpoint_dir(o));
    } else if (exists && !fs::is_empty(o.out_dir)) {
        if (!o.overwrite) throw Error(o.out_dir, "the output directory exists; pass --overwrite to replace it or --resume to continue");
        fs::remove_all(o.out_dir);
    }
    fs::create_directories(checkpoint_dir(o));

    const int inter = o.intermediate > 0 ? o.intermediate : (o.hidden * 8 / 3 + 63) / 64 * 64;
    // A student's vocabulary is its teacher's (which may be padded past the
    // tokenizer's size): the distillation loss compares their logits entry by entry.
    const int vocab = teacher.model.model ? teacher.model.model->vocab_size() : tokenizer->vocab_size();
    nlohmann::json cj = make_llama_config_json(vocab, o.hidden, inter, o.layers, o.heads, o.kv_heads, o.context);
    cj["tie_word_embeddings"] = o.tie_embeddings;
    if (auto b = tokenizer->bos_id()) cj["bos_token_id"] = *b;
    if (auto e = tokenizer->eos_id()) cj["eos_token_id"] = *e;
    const ModelConfig config = parse_model_config(cj, o.out_dir + "/config.json");
    const Rope rope(config, device);

    ModelWeights w;
    AdamW opt;
    TrainResult result;
    std::mt19937_64 rng(o.seed);
    int start_step = 0;
    int steps = o.steps;  // may shrink to fit o.time_budget_s (decided during warm-up, before the decay starts)
    bool steps_fixed = o.time_budget_s <= 0;
    if (o.resume) {
        const std::string ck = checkpoint_dir(o);
        std::ifstream sf(ck + "/state.json");
        nlohmann::json state = nlohmann::json::parse(sf);
        if (state["config"] != cj) throw Error(ck + "/state.json", "the checkpoint's model shape differs from the options given");
        w = load_weights(Checkpoint::open_dir(ck), config, at::kFloat, device);
        if (config.tie_word_embeddings) w.lm_head = w.embed;
        start_step = state["step"].get<int>();
        // A resumed run keeps the step count a time budget chose, and never recalibrates.
        if (state.contains("budget_steps")) steps = state["budget_steps"].get<int>();
        steps_fixed = true;
        opt.t = state["adam_t"].get<int64_t>();
        std::istringstream(state["rng"].get<std::string>()) >> rng;
        result.losses = state["losses"].get<std::vector<double>>();
        auto moments = load_tensors(ck + "/optimizer.safetensors");
        auto params = parameters(w);
        for (size_t i = 0; i < params.size(); ++i) {
            opt.m.push_back(moments.at("m." + std::to_string(i)).to(device));
            opt.v.push_back(moments.at("v." + std::to_string(i)).to(device));
        }
        log("resumed from " + ck + " at step " + std::to_string(start_step));
    } else {
        w = random_weights(config, at::kFloat, device, o.seed);
        // GPT-2's scaled init of the projections into the residual stream.
        const double scale = 1.0 / std::sqrt(2.0 * config.num_layers);
        for (auto& l : w.layers) {
            l.o_w.mul_(scale);
            l.down_w.mul_(scale);
        }
    }
    std::vector<at::Tensor*> params = parameters(w);
    for (auto* p : params) p->set_requires_grad(true);
    if (opt.m.empty()) opt.init(params);
    int64_t n_params = 0;
    for (auto* p : params) n_params += p->numel();
    log("model: " + std::to_string(config.num_layers) + " layers, " + std::to_string(config.hidden_size) + " wide, " +
        std::to_string(n_params) + " parameters" + (o.teacher.empty() ? "" : ", distilled from " + o.teacher));

    // Fixed held-out batches: the same every evaluation.
    std::mt19937_64 eval_rng(o.seed + 7);
    std::vector<at::Tensor> eval_batches;
    for (int i = 0; i < o.eval_batches; ++i) eval_batches.push_back(draw_batch(valid, o.batch, o.seq, eval_rng).to(device));
    auto evaluate = [&]() {
        at::NoGradGuard no_grad;
        double sum = 0;
        const ModelWeights cw = compute == at::kFloat ? w : cast_weights(w, compute);
        for (const auto& ids : eval_batches) sum += next_token_loss(batch_forward(config, cw, rope, ids), ids).item<double>();
        return sum / eval_batches.size();
    };

    auto save_checkpoint = [&](int step) {
        const std::string ck = checkpoint_dir(o);
        save_model_dir(ck, config, w, at::kFloat);
        std::vector<std::pair<std::string, at::Tensor>> moments;
        for (size_t i = 0; i < params.size(); ++i) {
            moments.push_back({"m." + std::to_string(i), opt.m[i].to(at::kCPU)});
            moments.push_back({"v." + std::to_string(i), opt.v[i].to(at::kCPU)});
        }
        save_tensors(ck + "/optimizer.safetensors", moments);
        std::ostringstream rs;
        rs << rng;
        nlohmann::json state = {{"step", step}, {"adam_t", opt.t}, {"rng", rs.str()}, {"config", cj},
                                {"losses", result.losses}};
        if (o.time_budget_s > 0) state["budget_steps"] = steps;
        write_text_file(ck + "/state.json", state.dump());
    };

    // With keep_best, the weights of the best evaluation so far (a small
    // corpus is memorised long before a fixed schedule ends).
    double best_loss = std::numeric_limits<double>::infinity();
    int best_step = 0;
    std::vector<at::Tensor> best_weights;
    auto remember_if_best = [&](double v, int at_step) {
        if (!o.keep_best || !(v < best_loss)) return;
        at::NoGradGuard no_grad;
        best_loss = v;
        best_step = at_step;
        best_weights.clear();
        for (auto* p : params) best_weights.push_back(p->detach().clone());
    };

    // --- the loop ---
    const auto t0 = std::chrono::steady_clock::now();
    double window = 0;
    int window_n = 0;
    int step = start_step;
    // Steps after which a time budget fixes the step count: inside the warm-up,
    // whose learning rates do not depend on the total.
    const int calibrate_at = start_step + std::max(1, std::min(20, o.warmup));
    for (; step < steps; ++step) {
        if (o.stop && o.stop->load()) {
            result.interrupted = true;
            break;
        }
        at::Tensor ids = draw_batch(tokens, o.batch, o.seq, rng).to(device);  // [B, seq + 1]
        at::Tensor logits = batch_forward(config, compute == at::kFloat ? w : cast_weights(w, compute), rope, ids);  // [B, seq + 1, V]
        at::Tensor loss;
        if (teacher.model.model) {
            at::Tensor t_logits;
            {
                at::NoGradGuard no_grad;
                t_logits = batch_forward(teacher.model.model->config(), teacher.model.model->weights(), *teacher.rope, ids);
            }
            loss = distill_loss(logits, t_logits, o.distill_temperature);
        } else {
            loss = next_token_loss(logits, ids);
        }
        const double l = optimizer_step(loss, params, opt, learning_rate(o.lr, o.min_lr, o.warmup, step, steps), o.clip,
                                        o.weight_decay);
        result.losses.push_back(l);
        window += l;
        ++window_n;

        const int done = step + 1;
        if (!steps_fixed && done == calibrate_at) {
            const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            steps = steps_within_budget(done, start_step, s, o.time_budget_s, steps);
            steps_fixed = true;
            log("time budget " + std::to_string(static_cast<int>(o.time_budget_s)) + " s: " + std::to_string(steps) + " steps");
        }
        if (done % o.log_every == 0 || done == steps) {
            const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            const double tps = double(done - start_step) * o.batch * o.seq / s;
            std::ostringstream line;
            line << "step " << done << "/" << steps << "  loss " << std::fixed << std::setprecision(3)
                 << window / window_n << "  lr " << std::scientific << std::setprecision(1) << learning_rate(o.lr, o.min_lr, o.warmup, step, steps)
                 << std::fixed << "  " << std::setprecision(0) << tps << " tokens/s  ETA "
                 << fmt_duration((steps - done) * o.batch * o.seq / std::max(1.0, tps));
            log(line.str());
            result.train_loss = window / window_n;
            result.tokens_per_s = tps;
            window = 0;
            window_n = 0;
        }
        if (o.eval_every > 0 && done % o.eval_every == 0 && done != steps) {
            const double v = evaluate();
            remember_if_best(v, done);
            std::ostringstream line;
            line << "  validation loss " << std::fixed << std::setprecision(3) << v << "  perplexity "
                 << std::setprecision(2) << std::exp(v);
            log(line.str());
        }
        if (o.save_every > 0 && done % o.save_every == 0) save_checkpoint(done);
    }
    result.steps_done = step;
    save_checkpoint(step);
    if (result.interrupted) {
        log("stopped at step " + std::to_string(step) + "; checkpoint saved (continue with --resume)");
        return result;
    }

    result.valid_loss = evaluate();
    if (o.keep_best && best_loss < result.valid_loss) {
        at::NoGradGuard no_grad;
        for (size_t i = 0; i < params.size(); ++i) params[i]->copy_(best_weights[i]);
        log("keeping the weights of step " + std::to_string(best_step) + " (validation loss " +
            std::to_string(best_loss) + " against " + std::to_string(result.valid_loss) + " at the end)");
        result.valid_loss = best_loss;
    } else {
        best_step = step;
    }
    result.valid_ppl = std::exp(result.valid_loss);
    std::ostringstream line;
    line << "validation loss " << std::fixed << std::setprecision(3) << result.valid_loss << "  perplexity "
         << std::setprecision(2) << result.valid_ppl;
    log(line.str());

    // --- the model directory ---
    save_model_dir(o.out_dir, config, w, parse_dtype(o.save_dtype));
    fs::copy_file(o.tokenizer, o.out_dir + "/tokenizer.json", fs::copy_options::overwrite_existing);
    nlohmann::json gen = {{"do_sample", false}};
    if (cj.contains("bos_token_id")) gen["bos_token_id"] = cj["bos_token_id"];
    if (cj.contains("eos_token_id")) gen["eos_token_id"] = cj["eos_token_id"];
    write_text_file(o.out_dir + "/generation_config.json", gen.dump(2) + "\n");
    nlohmann::json record = {
        {"corpus", o.corpus}, {"corpus_bytes", text.size()}, {"train_tokens", tokens.size()},
        {"valid_tokens", valid.size()}, {"valid", o.valid.empty() ? "last 2% of the corpus" : o.valid},
        {"teacher", o.teacher}, {"distill_temperature", o.distill_temperature},
        {"parameters", n_params}, {"steps", step}, {"kept_step", best_step}, {"batch", o.batch}, {"seq", o.seq}, {"lr", o.lr},
        {"min_lr", o.min_lr}, {"warmup", o.warmup}, {"weight_decay", o.weight_decay}, {"clip", o.clip},
        {"seed", o.seed}, {"device", o.device}, {"compute_dtype", o.compute_dtype}, {"final_train_loss", result.train_loss},
        {"valid_loss", result.valid_loss}, {"valid_perplexity", result.valid_ppl},
        {"tokens_per_s", result.tokens_per_s}};
    write_text_file(o.out_dir + "/training.json", record.dump(2) + "\n");
    return result;
}

EvalResult evaluate_model(const std::string& model_dir, const std::string& text_path, int context,
                          const std::string& device) {
    LoadedModel m = load_model(model_dir, LoadOptions{device, "float32", {}, /*compact_cpu_weights=*/false});
    const std::vector<int32_t> tokens = tokenize_corpus(*m.tokenizer, read_corpus_text(text_path));
    if (tokens.size() < 2) throw Error(text_path, "the text has fewer than two tokens");
    const ModelConfig& c = m.model->config();
    context = std::min(context, c.max_position_embeddings - 1);
    const Rope rope(c, m.model->device());
    at::NoGradGuard no_grad;
    double nll = 0;
    int64_t counted = 0;
    // Non-overlapping windows; each predicts its tokens 1..n-1.
    for (size_t start = 0; start + 1 < tokens.size(); start += context) {
        const size_t n = std::min<size_t>(context + 1, tokens.size() - start);
        if (n < 2) break;
        at::Tensor ids = at::empty({1, static_cast<int64_t>(n)}, at::kLong);
        for (size_t i = 0; i < n; ++i) ids[0][i] = tokens[start + i];
        ids = ids.to(m.model->device());
        at::Tensor loss = next_token_loss(batch_forward(c, m.model->weights(), rope, ids), ids);
        nll += loss.item<double>() * (n - 1);
        counted += n - 1;
    }
    EvalResult r;
    r.tokens = counted;
    r.loss = nll / counted;
    r.ppl = std::exp(r.loss);
    return r;
}

} // namespace specscope
