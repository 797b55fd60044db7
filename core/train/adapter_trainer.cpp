#include "train/adapter_trainer.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <c10/core/InferenceMode.h>

#include "model/kangaroo_adapter.h"
#include "model/model_loader.h"
#include "model/tokenizer.h"
#include "train/batch_forward.h"
#include "train/corpus.h"
#include "train/model_io.h"
#include "train/train_util.h"
#include "util/error.h"

namespace fs = std::filesystem;

namespace specscope {
namespace {

// The adapter's trainable tensors (the LM head is the target's and frozen).
std::vector<at::Tensor*> adapter_parameters(ModelWeights& w) {
    std::vector<at::Tensor*> out;
    LayerWeights& l = w.layers[0];
    for (at::Tensor* t : {&l.attn_norm_w, &l.attn_norm_b, &l.qkv_w, &l.qkv_b, &l.q_norm_w, &l.k_norm_w, &l.o_w, &l.o_b,
                          &w.final_norm_w, &w.final_norm_b})
        if (t->defined()) out.push_back(t);
    return out;
}

// `rows` sequences of seq + 1 tokens: a snippet of seq / 4 tokens from
// `tokens`, continued greedily by `model` (one KV cache per row).
std::vector<std::vector<int32_t>> greedy_continuations(const Transformer& model, const std::vector<int32_t>& tokens,
                                                       int rows, int seq, std::mt19937_64& rng,
                                                       const std::atomic<bool>* stop) {
    c10::InferenceMode inference;
    const int prompt = std::max(1, seq / 4);
    std::uniform_int_distribution<size_t> pick(0, tokens.size() - prompt - 1);
    std::vector<std::vector<int32_t>> out;
    KVCache cache = model.new_cache(seq + 2);
    for (int r = 0; r < rows && !(stop && stop->load()); ++r) {
        const size_t start = pick(rng);
        std::vector<int32_t> row(tokens.begin() + start, tokens.begin() + start + prompt);
        cache.clear();
        at::Tensor logits = model.forward(std::vector<int64_t>(row.begin(), row.end()), cache);
        while (static_cast<int>(row.size()) < seq + 1) {
            const int64_t next = logits[logits.size(0) - 1].argmax().item<int64_t>();
            row.push_back(static_cast<int32_t>(next));
            logits = model.forward({next}, cache);
        }
        out.push_back(std::move(row));
    }
    return out;
}

// The rows `which` of equally long rows -> [which.size(), row length].
at::Tensor rows_tensor(const std::vector<std::vector<int32_t>>& rows, const std::vector<size_t>& which) {
    const int64_t width = static_cast<int64_t>(rows.front().size());
    at::Tensor ids = at::empty({static_cast<int64_t>(which.size()), width}, at::kLong);
    auto a = ids.accessor<int64_t, 2>();
    for (size_t b = 0; b < which.size(); ++b)
        for (int64_t t = 0; t < width; ++t) a[b][t] = rows[which[b]][t];
    return ids;
}

at::Tensor draw_rows(const std::vector<std::vector<int32_t>>& rows, int batch, std::mt19937_64& rng) {
    std::uniform_int_distribution<size_t> pick(0, rows.size() - 1);
    std::vector<size_t> which(batch);
    for (size_t& w : which) w = pick(rng);
    return rows_tensor(rows, which);
}

} // namespace

AdapterTrainResult train_adapter(const AdapterTrainOptions& o) {
    auto log = [&](const std::string& line) {
        if (o.log) o.log(line);
    };
    if (o.method != "kangaroo") throw Error("", "unknown adapter method '" + o.method + "' (known: kangaroo)");
    if (o.batch < 1 || o.seq < 2 || o.steps < 1) throw Error("", "batch, seq and steps must be positive (seq >= 2)");
    at::manual_seed(o.seed);

    LoadedModel target = load_model(o.target, LoadOptions{o.device, "float32", {}, /*compact_cpu_weights=*/false});
    const Transformer& tm = *target.model;
    const ModelConfig& tc = tm.config();
    const int L = tc.num_layers, ell = o.exit_layer;
    if (ell < 1 || ell >= L)
        throw Error(target.dir + "/config.json", "exit layer " + std::to_string(ell) + " is out of range for a target with " +
                                                     std::to_string(L) + " layers (1.." + std::to_string(L - 1) + ")");
    const std::string stem = o.out.empty() ? kangaroo_adapter_stem(target.dir, ell) : o.out;
    const std::string ck = stem + ".checkpoint";

    // --- data (the target's tokenizer) ---
    const std::string text = read_corpus_text(o.corpus);
    std::vector<int32_t> tokens = tokenize_corpus(*target.tokenizer, text), valid;
    if (!o.valid.empty()) {
        valid = tokenize_corpus(*target.tokenizer, read_corpus_text(o.valid));
    } else {
        const size_t cut = tokens.size() - tokens.size() / 50;
        valid.assign(tokens.begin() + cut, tokens.end());
        tokens.resize(cut);
    }
    if (tokens.size() < static_cast<size_t>(o.seq) + 2)
        throw Error(o.corpus, "the corpus has " + std::to_string(tokens.size()) + " training tokens, fewer than one batch row needs (" +
                                  std::to_string(o.seq + 2) + ")");
    if (valid.size() < static_cast<size_t>(o.seq) + 2) valid = tokens;
    if (o.self_distill_rows < 0) throw Error("", "self-distillation rows must not be negative");

    // --- output (after the input checks) ---
    if (o.resume) {
        if (!fs::exists(ck + "/state.json")) throw Error(stem, "--resume given but there is no checkpoint in " + ck);
    } else if (fs::exists(stem + ".json") || fs::exists(stem + ".safetensors")) {
        if (!o.overwrite) throw Error(stem + ".json", "an adapter exists here; pass --overwrite to replace it or --resume to continue");
    }

    // --- the adapter: fp32 master weights on the target's device ---
    ModelWeights w = kangaroo_adapter_init(tm, ell);
    std::vector<at::Tensor*> params = adapter_parameters(w);
    for (auto* p : params) *p = p->to(at::kFloat).detach().clone();
    const ModelConfig ac = kangaroo_adapter_config(tc);
    const Rope trope(tc, tm.device()), arope(ac, tm.device());
    const ModelWeights& tw = tm.weights();

    AdamW opt;
    AdapterTrainResult result;
    result.stem = stem;
    std::mt19937_64 rng(o.seed);
    int start_step = 0, steps = o.steps;
    bool steps_fixed = o.time_budget_s <= 0;
    if (o.resume) {
        std::ifstream sf(ck + "/state.json");
        const nlohmann::json state = nlohmann::json::parse(sf);
        auto saved = load_tensors(ck + "/state.safetensors");
        for (size_t i = 0; i < params.size(); ++i) {
            *params[i] = saved.at("p." + std::to_string(i)).to(tm.device());
            opt.m.push_back(saved.at("m." + std::to_string(i)).to(tm.device()));
            opt.v.push_back(saved.at("v." + std::to_string(i)).to(tm.device()));
        }
        start_step = state.at("step").get<int>();
        steps = state.at("steps").get<int>();
        steps_fixed = true;
        opt.t = state.at("adam_t").get<int64_t>();
        std::istringstream(state.at("rng").get<std::string>()) >> rng;
        result.losses = state.at("losses").get<std::vector<double>>();
        log("resumed from " + ck + " at step " + std::to_string(start_step));
    }
    for (auto* p : params) p->set_requires_grad(true);
    if (opt.m.empty()) opt.init(params);

    // Self-distillation rows, generated by the target in its fast inference
    // form (on the CPU: packed bf16 kernels), from training and held-out
    // snippets. Deterministic in the seed, so a resumed run regenerates them.
    std::vector<std::vector<int32_t>> generated, generated_valid;
    if (o.self_distill_rows > 0) {
        const auto g0 = std::chrono::steady_clock::now();
        LoadedModel fast = load_model(o.target, LoadOptions{o.device, "float32"});
        std::mt19937_64 gen_rng(o.seed + 11);
        log("generating " + std::to_string(o.self_distill_rows) + " greedy continuations of corpus snippets ...");
        generated = greedy_continuations(*fast.model, tokens, o.self_distill_rows, o.seq, gen_rng, o.stop);
        generated_valid = greedy_continuations(*fast.model, valid, o.eval_batches * o.batch, o.seq, gen_rng, o.stop);
        if (o.stop && o.stop->load()) {
            result.interrupted = true;
            return result;
        }
        std::ostringstream line;
        line << "generated " << generated.size() << " + " << generated_valid.size() << " held-out rows of " << o.seq + 1
             << " tokens in " << std::fixed << std::setprecision(0)
             << std::chrono::duration<double>(std::chrono::steady_clock::now() - g0).count() << " s";
        log(line.str());
    }
    int64_t n_params = 0;
    for (auto* p : params) n_params += p->numel();
    log("corpus: " + std::to_string(tokens.size()) + " training tokens, " + std::to_string(valid.size()) + " held out");
    log("adapter: exit layer " + std::to_string(ell) + " of " + std::to_string(L) + ", " + std::to_string(n_params) +
        " trainable parameters (the target's LM head frozen)");

    // The frozen shallow states and the full model's logits of a batch.
    auto teacher = [&](const at::Tensor& ids, at::Tensor& h_ell, at::Tensor& p_logits) {
        at::NoGradGuard no_grad;
        h_ell = batch_layers(tc, tw, trope, batch_embed(tc, tw, ids), 0, ell);  // [B, T, D]
        p_logits = batch_head(tc, tw, batch_layers(tc, tw, trope, h_ell, ell, L));  // [B, T, V]
    };
    auto student = [&](const at::Tensor& h_ell) {
        return batch_head(ac, w, batch_layers(ac, w, arope, h_ell, 0, 1));  // [B, T, V]
    };
    std::mt19937_64 eval_rng(o.seed + 7);
    std::vector<at::Tensor> eval_batches;
    for (int i = 0; i < o.eval_batches; ++i) eval_batches.push_back(draw_batch(valid, o.batch, o.seq, eval_rng).to(tm.device()));
    std::vector<at::Tensor> continuation_batches;
    for (size_t i = 0; i + o.batch <= generated_valid.size(); i += o.batch) {
        std::vector<size_t> which(o.batch);
        for (int b = 0; b < o.batch; ++b) which[b] = i + b;
        continuation_batches.push_back(rows_tensor(generated_valid, which).to(tm.device()));
    }
    // Mean loss, Σ_v min(p, q) (the expected acceptance of a sampled draft)
    // and top-1 agreement (of a greedy draft) over some batches.
    auto measure = [&](const std::vector<at::Tensor>& batches, double& loss, double& acceptance, double& top1) {
        at::NoGradGuard no_grad;
        loss = acceptance = top1 = 0;
        for (const auto& ids : batches) {
            at::Tensor h, p;
            teacher(ids, h, p);
            const at::Tensor q = student(h);
            loss += distill_loss(q, p, 1.0).item<double>();
            acceptance += at::minimum(at::softmax(p, -1), at::softmax(q, -1)).sum(-1).mean().item<double>();
            top1 += p.argmax(-1).eq(q.argmax(-1)).to(at::kFloat).mean().item<double>();
        }
        loss /= batches.size();
        acceptance /= batches.size();
        top1 /= batches.size();
    };
    // Held-out corpus text, and held-out greedy continuations when generated.
    auto evaluate = [&](double& loss, double& acceptance) {
        double top1 = 0, cl = 0;
        measure(eval_batches, loss, acceptance, top1);
        if (!continuation_batches.empty())
            measure(continuation_batches, cl, result.continuation_acceptance, result.continuation_top1);
    };
    auto continuation_text = [&] {
        if (result.continuation_top1 < 0) return std::string();
        std::ostringstream line;
        line << std::fixed << std::setprecision(3) << "; on greedy continuations Σmin(p,q) "
             << result.continuation_acceptance << ", top-1 agreement " << result.continuation_top1;
        return line.str();
    };
    auto save_checkpoint = [&](int step) {
        fs::create_directories(ck);
        std::vector<std::pair<std::string, at::Tensor>> t;
        for (size_t i = 0; i < params.size(); ++i) {
            t.push_back({"p." + std::to_string(i), params[i]->detach().to(at::kCPU)});
            t.push_back({"m." + std::to_string(i), opt.m[i].to(at::kCPU)});
            t.push_back({"v." + std::to_string(i), opt.v[i].to(at::kCPU)});
        }
        save_tensors(ck + "/state.safetensors", t);
        std::ostringstream rs;
        rs << rng;
        const nlohmann::json state = {{"step", step}, {"steps", steps}, {"adam_t", opt.t}, {"rng", rs.str()},
                                      {"losses", result.losses}};
        write_text_file(ck + "/state.json", state.dump());
    };

    if (!o.resume) {
        double l0 = 0;
        evaluate(l0, result.acceptance_before);
        std::ostringstream line;
        line << "before training: validation loss " << std::fixed << std::setprecision(3) << l0 << "  Σmin(p,q) "
             << result.acceptance_before << continuation_text();
        log(line.str());
    }

    const auto t0 = std::chrono::steady_clock::now();
    double window = 0;
    int window_n = 0, step = start_step;
    const int calibrate_at = start_step + std::max(1, std::min(10, o.warmup));
    for (; step < steps; ++step) {
        if (o.stop && o.stop->load()) {
            result.interrupted = true;
            break;
        }
        at::Tensor ids = draw_batch(tokens, o.batch, o.seq, rng);
        if (!generated.empty()) {
            const int from_corpus = o.batch - o.batch / 2;
            ids = at::cat({ids.narrow(0, 0, from_corpus), draw_rows(generated, o.batch - from_corpus, rng)});
        }
        ids = ids.to(tm.device());
        at::Tensor h, p;
        teacher(ids, h, p);
        const double l = optimizer_step(distill_loss(student(h), p, 1.0), params, opt,
                                        learning_rate(o.lr, o.min_lr, o.warmup, step, steps), o.clip, o.weight_decay);
        result.losses.push_back(l);
        window += l;
        ++window_n;
        const int done = step + 1;
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (!steps_fixed && done == calibrate_at) {
            steps = steps_within_budget(done, start_step, elapsed, o.time_budget_s, steps);
            steps_fixed = true;
            log("time budget " + std::to_string(static_cast<int>(o.time_budget_s)) + " s: " + std::to_string(steps) + " steps");
        }
        if (done % o.log_every == 0 || done == steps) {
            const double tps = double(done - start_step) * o.batch * o.seq / elapsed;
            std::ostringstream line;
            line << "step " << done << "/" << steps << "  loss " << std::fixed << std::setprecision(3) << window / window_n
                 << "  " << std::setprecision(0) << tps << " tokens/s  ETA "
                 << fmt_duration((steps - done) * o.batch * o.seq / std::max(1.0, tps));
            log(line.str());
            result.tokens_per_s = tps;
            window = 0;
            window_n = 0;
        }
        if (o.eval_every > 0 && done % o.eval_every == 0 && done != steps) {
            double vl = 0, acc = 0;
            evaluate(vl, acc);
            std::ostringstream line;
            line << "  validation loss " << std::fixed << std::setprecision(3) << vl << "  Σmin(p,q) " << acc
                 << continuation_text();
            log(line.str());
        }
        if (o.save_every > 0 && done % o.save_every == 0) save_checkpoint(done);
    }
    result.steps_done = step;
    if (result.interrupted) {
        save_checkpoint(step);
        log("stopped at step " + std::to_string(step) + "; checkpoint saved (continue with --resume)");
        return result;
    }
    evaluate(result.valid_loss, result.acceptance);
    std::ostringstream line;
    line << "validation loss " << std::fixed << std::setprecision(3) << result.valid_loss << "  Σmin(p,q) "
         << result.acceptance << " (before training " << result.acceptance_before << ")" << continuation_text();
    log(line.str());

    nlohmann::json record = {{"corpus", o.corpus}, {"train_tokens", tokens.size()}, {"valid_tokens", valid.size()},
                                   {"steps", step}, {"batch", o.batch}, {"seq", o.seq}, {"lr", o.lr},
                                   {"min_lr", o.min_lr}, {"warmup", o.warmup}, {"seed", o.seed}, {"device", o.device},
                                   {"valid_loss", result.valid_loss}, {"valid_acceptance", result.acceptance},
                                   {"valid_acceptance_before", result.acceptance_before},
                                   {"tokens_per_s", result.tokens_per_s}};
    if (o.self_distill_rows > 0) {
        record["self_distill_rows"] = o.self_distill_rows;
        record["continuation_acceptance"] = result.continuation_acceptance;
        record["continuation_top1"] = result.continuation_top1;
    }
    save_kangaroo_adapter(stem, tm, ell, w, record);
    fs::remove_all(ck);
    if (o.make_default)
        write_text_file((fs::path(target.dir) / "kangaroo" / "default.json").string(),
                        nlohmann::json{{"exit_layer", ell}}.dump() + "\n");
    return result;
}

} // namespace specscope
