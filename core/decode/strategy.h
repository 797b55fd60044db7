// The one strategy interface. A decoding method is a class that, after
// start() has prefilled the prompt, advances one step at a time — one target
// forward with its drafting and verification — and reports what it did as a
// StepEvent. The GUI, the CLI and the bench all drive strategies through
// this interface (see decode/run.h), never through method-specific calls.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "decode/params.h"
#include "decode/sampler.h"
#include "trace/events.h"

namespace specscope {

class Transformer;
class Tokenizer;

struct StrategyContext {
    const Transformer* target = nullptr;
    const Transformer* draft = nullptr;  // nullptr when the method has none
    const Tokenizer* tokenizer = nullptr;
    SamplingParams sampling;
    std::string target_dir;  // where the target was loaded from: its add-ons (Kangaroo's adapter) live there
};

class Strategy {
public:
    virtual ~Strategy() = default;

    // Prefills the prompt (at least one token). Returns the seconds it took.
    virtual double start(const std::vector<int64_t>& prompt) = 0;

    // One step. Appends the emitted tokens to context() and reports them.
    // May emit more tokens than a run still wants; the run trims.
    virtual StepEvent step() = 0;

    // Prompt + every token emitted so far.
    virtual const std::vector<int64_t>& context() const = 0;
};

struct StrategyInfo {
    std::string name;
    std::string description;
    bool needs_draft = false;
    bool lossless = true;  // output distribution equals the target's
    std::vector<ParamSpec> params;
    std::function<std::unique_ptr<Strategy>(const StrategyContext&, const nlohmann::json& params)> make;
};

// Every strategy SpecScope knows, in display order.
const std::vector<StrategyInfo>& strategy_registry();

// Throws Error for an unknown name (listing the known ones).
const StrategyInfo& find_strategy(const std::string& name);

// Validates the parameters (defaults filled in, returned through
// `resolved_params` when given), checks that a draft model is present when
// needed and that draft and target share a tokenizer, then builds it.
std::unique_ptr<Strategy> make_strategy(const std::string& name, const StrategyContext& ctx,
                                        const nlohmann::json& params, nlohmann::json* resolved_params = nullptr);

} // namespace specscope
