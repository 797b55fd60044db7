#include "cli/cli_util.h"

#include <cstdlib>

namespace specscope::cli {

Args::Args(const std::vector<std::string>& argv, const std::set<std::string>& flags) {
    for (size_t i = 0; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a.rfind("--", 0) != 0 || a.size() == 2) {
            positional_.push_back(a);
            continue;
        }
        std::string name = a.substr(2);
        auto eq = name.find('=');
        if (eq != std::string::npos) {
            values_[name.substr(0, eq)] = name.substr(eq + 1);
        } else if (flags.count(name)) {
            values_[name] = "1";
        } else {
            if (i + 1 >= argv.size()) throw UsageError("option --" + name + " needs a value");
            values_[name] = argv[++i];
        }
    }
}

std::string Args::str(const std::string& name, const std::string& fallback) const {
    auto it = values_.find(name);
    return it == values_.end() ? fallback : it->second;
}

std::string Args::required(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) throw UsageError("missing option --" + name);
    return it->second;
}

long long Args::integer(const std::string& name, long long fallback, long long min, long long max) const {
    auto it = values_.find(name);
    if (it == values_.end()) return fallback;
    char* end = nullptr;
    long long v = std::strtoll(it->second.c_str(), &end, 10);
    if (it->second.empty() || *end != '\0') throw UsageError("--" + name + " must be an integer, got '" + it->second + "'");
    if (v < min || v > max)
        throw UsageError("--" + name + " must be between " + std::to_string(min) + " and " + std::to_string(max));
    return v;
}

double Args::real(const std::string& name, double fallback, double min, double max) const {
    auto it = values_.find(name);
    if (it == values_.end()) return fallback;
    char* end = nullptr;
    double v = std::strtod(it->second.c_str(), &end);
    if (it->second.empty() || *end != '\0') throw UsageError("--" + name + " must be a number, got '" + it->second + "'");
    if (!(v >= min && v <= max))
        throw UsageError("--" + name + " must be between " + std::to_string(min) + " and " + std::to_string(max));
    return v;
}

void Args::only(const std::set<std::string>& known) const {
    for (const auto& [name, value] : values_)
        if (!known.count(name)) throw UsageError("unknown option --" + name);
}

SamplingParams sampling_from(const Args& args) {
    SamplingParams p;
    p.temperature = args.real("temperature", 0.0, 0.0, 100.0);
    p.top_k = static_cast<int>(args.integer("top-k", 0, 0, 1 << 30));
    p.top_p = args.real("top-p", 1.0, 1e-9, 1.0);
    p.seed = static_cast<uint64_t>(args.integer("seed", 0, 0, (1LL << 62)));
    return p;
}

LoadOptions load_options_from(const Args& args) {
    LoadOptions o;
    o.dtype = args.str("dtype", "float32");
    o.device = args.str("device", "cpu");
    return o;
}

ModelPair load_models_from(const Args& args) {
    const LoadOptions lo = load_options_from(args);
    ModelPair m;
    m.target = load_model(args.required("target"), lo);
    if (args.has("draft")) {
        m.draft = load_model(args.str("draft", ""), lo);
        check_draft_compatible(m.target, m.draft);
    }
    return m;
}

} // namespace specscope::cli
