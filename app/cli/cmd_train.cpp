// specscope-cli train / eval: pretraining and distillation (core/train), and
// perplexity of a model on a text. Ctrl-C during training saves a checkpoint.
#include <csignal>
#include <iomanip>
#include <iostream>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "train/adapter_trainer.h"
#include "train/trainer.h"

namespace specscope::cli {
namespace {

std::atomic<bool> g_stop{false};
extern "C" void on_sigint(int) { g_stop = true; }

} // namespace

int cmd_train(const std::vector<std::string>& argv) {
    Args args(argv, {"overwrite", "resume", "tie-embeddings", "keep-best"});
    args.only({"corpus", "valid", "tokenizer", "out", "overwrite", "resume", "layers", "hidden", "heads", "kv-heads",
               "intermediate", "context", "tie-embeddings", "teacher", "distill-temperature", "batch", "seq", "steps", "time-budget", "keep-best",
               "lr", "min-lr", "weight-decay", "clip", "warmup", "seed", "device", "save-dtype", "compute-dtype", "log-every",
               "eval-every", "eval-batches", "save-every"});
    TrainOptions o;
    o.corpus = args.required("corpus");
    o.valid = args.str("valid", "");
    o.out_dir = args.required("out");
    o.teacher = args.str("teacher", "");
    // A student shares its teacher's tokenizer unless told otherwise.
    o.tokenizer = args.has("tokenizer") ? args.str("tokenizer", "")
                  : !o.teacher.empty() ? o.teacher + "/tokenizer.json"
                                       : throw UsageError("--tokenizer is required (train one with train-tokenizer)");
    o.overwrite = args.has("overwrite");
    o.resume = args.has("resume");
    o.layers = static_cast<int>(args.integer("layers", o.layers, 1, 256));
    o.hidden = static_cast<int>(args.integer("hidden", o.hidden, 16, 65536));
    o.heads = static_cast<int>(args.integer("heads", o.heads, 1, 256));
    o.kv_heads = static_cast<int>(args.integer("kv-heads", o.heads, 1, 256));
    o.intermediate = static_cast<int>(args.integer("intermediate", 0, 0, 1 << 20));
    o.context = static_cast<int>(args.integer("context", o.context, 8, 1 << 20));
    o.tie_embeddings = args.has("tie-embeddings");
    o.distill_temperature = args.real("distill-temperature", 1.0, 0.05, 20);
    o.batch = static_cast<int>(args.integer("batch", o.batch, 1, 1 << 16));
    o.seq = static_cast<int>(args.integer("seq", o.seq, 2, 1 << 16));
    o.steps = static_cast<int>(args.integer("steps", o.steps, 1, 1 << 30));
    o.time_budget_s = args.real("time-budget", 0, 0, 1e7);
    o.keep_best = args.has("keep-best");
    o.lr = args.real("lr", o.lr, 0, 10);
    o.min_lr = args.real("min-lr", o.lr / 10, 0, 10);
    o.weight_decay = args.real("weight-decay", o.weight_decay, 0, 10);
    o.clip = args.real("clip", o.clip, 0, 1e6);
    o.warmup = static_cast<int>(args.integer("warmup", o.warmup, 1, 1 << 30));
    o.seed = static_cast<uint64_t>(args.integer("seed", 1, 0, 1LL << 62));
    o.device = args.str("device", "cpu");
    o.save_dtype = args.str("save-dtype", "float32");
    // bf16 mixed precision by default on CUDA, where it is fast; fp32 elsewhere.
    o.compute_dtype = args.str("compute-dtype", o.device.rfind("cuda", 0) == 0 ? "bfloat16" : "float32");
    o.log_every = static_cast<int>(args.integer("log-every", 10, 1, 1 << 30));
    o.eval_every = static_cast<int>(args.integer("eval-every", 100, 0, 1 << 30));
    o.eval_batches = static_cast<int>(args.integer("eval-batches", 8, 1, 1 << 16));
    o.save_every = static_cast<int>(args.integer("save-every", 200, 0, 1 << 30));
    if (o.seq >= o.context) throw UsageError("--seq must be smaller than --context");
    o.log = [](const std::string& line) { std::cout << line << std::endl; };
    o.stop = &g_stop;
    std::signal(SIGINT, on_sigint);
    const TrainResult r = train_model(o);
    std::signal(SIGINT, SIG_DFL);
    if (r.interrupted) return 130;
    std::cout << "wrote " << o.out_dir << " (" << r.steps_done << " steps, validation perplexity " << std::fixed
              << std::setprecision(2) << r.valid_ppl << ")\n";
    return 0;
}

int cmd_train_adapter(const std::vector<std::string>& argv) {
    Args args(argv, {"overwrite", "resume", "default"});
    args.only({"method", "target", "exit-layer", "corpus", "valid", "out", "default", "overwrite", "resume", "batch", "seq",
               "steps", "time-budget", "lr", "min-lr", "warmup", "seed", "device", "log-every", "eval-every",
               "eval-batches", "save-every", "self-distill"});
    AdapterTrainOptions o;
    o.method = args.str("method", "kangaroo");
    o.target = args.required("target");
    o.exit_layer = static_cast<int>(args.integer("exit-layer", 2, -1000, 1000));
    o.corpus = args.required("corpus");
    o.valid = args.str("valid", "");
    o.out = args.str("out", "");
    o.make_default = args.has("default");
    o.overwrite = args.has("overwrite");
    o.resume = args.has("resume");
    o.batch = static_cast<int>(args.integer("batch", o.batch, 1, 1 << 16));
    o.seq = static_cast<int>(args.integer("seq", o.seq, 2, 1 << 16));
    o.steps = static_cast<int>(args.integer("steps", o.steps, 1, 1 << 30));
    o.time_budget_s = args.real("time-budget", 0, 0, 1e7);
    o.lr = args.real("lr", o.lr, 0, 10);
    o.min_lr = args.real("min-lr", o.lr / 10, 0, 10);
    o.warmup = static_cast<int>(args.integer("warmup", o.warmup, 1, 1 << 30));
    o.seed = static_cast<uint64_t>(args.integer("seed", 1, 0, 1LL << 62));
    o.device = args.str("device", "cpu");
    o.log_every = static_cast<int>(args.integer("log-every", 10, 1, 1 << 30));
    o.eval_every = static_cast<int>(args.integer("eval-every", 100, 0, 1 << 30));
    o.eval_batches = static_cast<int>(args.integer("eval-batches", 4, 1, 1 << 16));
    o.save_every = static_cast<int>(args.integer("save-every", 100, 0, 1 << 30));
    o.self_distill_rows = static_cast<int>(args.integer("self-distill", 0, 0, 1 << 24));
    o.log = [](const std::string& line) { std::cout << line << std::endl; };
    o.stop = &g_stop;
    std::signal(SIGINT, on_sigint);
    const AdapterTrainResult r = train_adapter(o);
    std::signal(SIGINT, SIG_DFL);
    if (r.interrupted) return 130;
    std::cout << "wrote " << r.stem << ".json and .safetensors (" << r.steps_done << " steps, held-out Σmin(p,q) "
              << std::fixed << std::setprecision(3) << r.acceptance << ")\n";
    return 0;
}

int cmd_eval(const std::vector<std::string>& argv) {
    Args args(argv, {});
    args.only({"model", "text", "context", "device"});
    const EvalResult r = evaluate_model(args.required("model"), args.required("text"),
                                        static_cast<int>(args.integer("context", 256, 2, 1 << 20)), args.str("device", "cpu"));
    std::cout << std::fixed << "tokens " << r.tokens << "  loss " << std::setprecision(4) << r.loss << "  perplexity "
              << std::setprecision(3) << r.ppl << std::endl;
    return 0;
}

} // namespace specscope::cli
