// The subcommands of specscope-cli. Each takes its arguments after the
// command name and returns the process exit code.
#pragma once

#include <string>
#include <vector>

namespace specscope::cli {

int cmd_generate(const std::vector<std::string>& argv);
int cmd_tokenize(const std::vector<std::string>& argv);
int cmd_doctor(const std::vector<std::string>& argv);
int cmd_bench_forward(const std::vector<std::string>& argv);
int cmd_logits(const std::vector<std::string>& argv);
int cmd_run(const std::vector<std::string>& argv);
int cmd_bench(const std::vector<std::string>& argv);
int cmd_export(const std::vector<std::string>& argv);
int cmd_import(const std::vector<std::string>& argv);
int cmd_runs(const std::vector<std::string>& argv);
int cmd_train(const std::vector<std::string>& argv);
int cmd_eval(const std::vector<std::string>& argv);
int cmd_train_adapter(const std::vector<std::string>& argv);
int cmd_train_tokenizer(const std::vector<std::string>& argv);

} // namespace specscope::cli
