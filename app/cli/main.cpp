// specscope-cli: headless runs, inspection and benchmarks.
#include <cstring>
#include <iostream>
#include <map>

#include <c10/util/Exception.h>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "model/weights.h"
#include "util/error.h"
#include "util/system_info.h"

namespace {

const char* kUsage = R"(usage: specscope-cli COMMAND [OPTIONS]

commands:
  generate       --model DIR|demo --prompt TEXT [--max-new-tokens N] [--temperature T]
                 [--top-k K] [--top-p P] [--seed S] [--dtype float32|bfloat16] [--device cpu|cuda]
                 prints the continuation
  tokenize       (--model DIR|demo | --tokenizer FILE) (--text TEXT | --file FILE) [--no-special]
                 prints the token ids as a JSON array; with --decode the input is a JSON
                 array of ids and the text is printed
  doctor         prints the BLAS libtorch uses, threads, CUDA devices and bundled models
  bench-forward  (--model DIR|demo | --random LAYERSxWIDTH) [--prompt-tokens N] [--decode-tokens N]
                 decode ms/token, prefill and multi-token verify cost
  logits         --model DIR --ids 1,2,3 [--generate N] [--dtype ...] [--out FILE]
                 logits of every position (and a greedy continuation) as JSON, for parity checks
  run            --strategy NAME --target DIR|demo [--draft DIR|demo-draft] --prompt TEXT
                 [--max-new-tokens N] [sampling options] [--param key=value ...] [--trace FILE.db]
                 prints the text, then one JSON line of totals
                 strategies: ar, sps (gamma, policy=fixed|confidence|heuristic, p_min),
                 tree-static (tree), tree-dynamic (total_tokens, depth, top_k), lookup (ngram_max, gamma),
                 kangaroo (exit_layer, threshold, gamma, adapter)
  bench          --target ... [--draft ...] [--suite FILE] [--strategies sps,tree-dynamic,sps:gamma=3]
                 [--repeats N] [--json OUT] [--trace-cost]   per-category tau, acceptance, speedup vs ar
  export         --trace FILE.db --run ID --format json|csv|perfetto --out PATH
  import         --trace FILE.db --in RUN.json     (a JSON export back into a store)
  runs           --trace FILE.db                    (list the stored runs)
  train-tokenizer --corpus FILE --out DIR|FILE [--vocab-size 4096] [--overwrite]
                 byte-level BPE written as tokenizer.json
  train          --corpus FILE --tokenizer FILE --out DIR [--layers 8 --hidden 256 --heads 4]
                 [--teacher DIR (distil a draft)] [--steps N [--time-budget SECONDS] --batch B --seq T --lr X] [--seed S]
                 [--device cpu|cuda] [--save-dtype bfloat16] [--compute-dtype float32|bfloat16] [--keep-best] [--resume | --overwrite]
  eval           --model DIR --text FILE [--context N]    perplexity
  train-adapter  --method kangaroo --target DIR --exit-layer L --corpus FILE [--valid FILE] [--out STEM]
                 [--default] [--steps N] [--time-budget SECONDS] [--self-distill ROWS] [--resume | --overwrite]
                 distils Kangaroo's adapter into <target>/kangaroo/adapter_l<L>.*
)";

} // namespace

int main(int argc, char** argv) {
    if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "help")) {
        std::cout << kUsage;
        return argc < 2 ? 2 : 0;
    }
    specscope::init_threads();
    const std::string command = argv[1];
    std::vector<std::string> rest(argv + 2, argv + argc);
    using Handler = int (*)(const std::vector<std::string>&);
    const std::map<std::string, Handler> commands = {
        {"generate", specscope::cli::cmd_generate},       {"tokenize", specscope::cli::cmd_tokenize},
        {"doctor", specscope::cli::cmd_doctor},           {"bench-forward", specscope::cli::cmd_bench_forward},
        {"logits", specscope::cli::cmd_logits},           {"run", specscope::cli::cmd_run},
        {"bench", specscope::cli::cmd_bench},             {"export", specscope::cli::cmd_export},
        {"import", specscope::cli::cmd_import},           {"runs", specscope::cli::cmd_runs},
        {"train", specscope::cli::cmd_train},             {"eval", specscope::cli::cmd_eval},
        {"train-adapter", specscope::cli::cmd_train_adapter},
        {"train-tokenizer", specscope::cli::cmd_train_tokenizer},
    };
    auto it = commands.find(command);
    if (it == commands.end()) {
        std::cerr << "specscope-cli: unknown command '" << command << "'\n\n" << kUsage;
        return 2;
    }
    try {
        return it->second(rest);
    } catch (const specscope::cli::UsageError& e) {
        std::cerr << "specscope-cli " << command << ": " << e.what() << "\n(see specscope-cli --help)\n";
        return 2;
    } catch (const specscope::Error& e) {
        std::cerr << "specscope-cli: error: " << e.what() << "\n";
        return 1;
    } catch (const specscope::Cancelled&) {
        std::cerr << "specscope-cli: cancelled\n";
        return 130;
    } catch (const c10::Error& e) {
        std::cerr << "specscope-cli: internal error in libtorch: " << e.what_without_backtrace() << "\n";
        return 3;
    } catch (const std::exception& e) {
        std::cerr << "specscope-cli: error: " << e.what() << "\n";
        return 1;
    }
}
