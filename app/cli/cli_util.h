// Small helpers shared by the specscope-cli commands: option parsing and
// printing. Options are "--name value" or boolean "--flag"; anything else is
// an error that names the option.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "decode/sampler.h"
#include "model/model_loader.h"

namespace specscope::cli {

// Thrown for a bad command line; main() prints it with the command's usage.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Args {
public:
    // `flags`: options that take no value. Every other "--x" takes one value.
    Args(const std::vector<std::string>& argv, const std::set<std::string>& flags);

    bool has(const std::string& name) const { return values_.count(name) > 0; }
    std::string str(const std::string& name, const std::string& fallback) const;
    std::string required(const std::string& name) const;
    long long integer(const std::string& name, long long fallback, long long min, long long max) const;
    double real(const std::string& name, double fallback, double min, double max) const;
    // Rejects options the command does not know (typos must not pass silently).
    void only(const std::set<std::string>& known) const;
    const std::vector<std::string>& positional() const { return positional_; }

private:
    std::map<std::string, std::string> values_;
    std::vector<std::string> positional_;
};

// --temperature --top-k --top-p --seed
SamplingParams sampling_from(const Args& args);
// --dtype --device
LoadOptions load_options_from(const Args& args);

// --target (required) and --draft (optional; must share the target's tokenizer).
struct ModelPair {
    LoadedModel target, draft;
};
ModelPair load_models_from(const Args& args);

} // namespace specscope::cli
