// The workbench's one door to the engine. Plain C++ with no libtorch types
// in the header, so the Qt translation units never include libtorch (Qt's
// `slots` macro breaks its headers, and each such unit costs ~45 s to build).
// An EngineSession is used from one thread: the run controller's worker.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "trace/events.h"

namespace specscope {
namespace gui {

struct ParamDescription {
    enum class Type { Int, Double, Choice, Text };
    std::string name;
    Type type = Type::Int;
    nlohmann::json default_value;
    double min = 0, max = 0;
    std::vector<std::string> choices;
    std::string help;
};

struct StrategyDescription {
    std::string name;
    std::string description;
    bool needs_draft = false;
    bool lossless = true;
    std::vector<ParamDescription> params;
};

// Every decoding method, in display order, with its parameters and defaults.
std::vector<StrategyDescription> describe_strategies();
// The bundled demo models found next to the application ("demo", "demo-draft").
std::vector<std::string> bundled_model_dirs();
// Example prompts from the bundled suite (resources/prompts/demo-suite.json):
// (category, text) pairs; empty when the suite is not found.
std::vector<std::pair<std::string, std::string>> example_prompts();
// Devices this build can use: "cpu", and "cuda" when libtorch sees a GPU.
std::vector<std::string> available_devices();
// libtorch's threads to the core count (it starts with one).
void init_engine_threads();

struct RunRequest {
    std::string strategy;
    nlohmann::json params = nlohmann::json::object();
    double temperature = 0;
    int top_k = 0;
    double top_p = 1;
    uint64_t seed = 0;
    int max_new_tokens = 128;
    std::string prompt;
};

// Thrown by EngineSession::load when its progress callback asks to stop.
struct LoadCancelled : std::exception {
    const char* what() const noexcept override { return "loading cancelled"; }
};

class EngineSession {
public:
    EngineSession();
    ~EngineSession();

    // Loads the target and (if draft is not empty) the draft model, checks
    // they can work together, and keeps them for later runs. The models in
    // hand stay loaded when this throws (specscope::Error naming the file,
    // or LoadCancelled). progress(done, total) counts tensors over both.
    void load(const std::string& target, const std::string& draft, const std::string& device,
              const std::string& dtype, const std::function<bool(int, int)>& progress);
    bool hasTarget() const;
    bool hasDraft() const;
    std::string targetDir() const;
    std::string draftDir() const;
    int targetLayers() const;

    // Builds the strategy and prefills the prompt; the sink (may be null)
    // receives begin_run, then on_step per step, then end_run. Throws Error
    // for bad parameters, a missing draft, or a prompt too long.
    void start(const RunRequest& request, TraceSink* sink);
    // The prompt as token records with texts (after start).
    std::vector<TokenRecord> promptRecords() const;
    // One step; false when the run is over (the step did nothing).
    bool step();
    bool done() const;
    // Ends the run (finished / cancelled / failed) and tells the sink.
    void finish(const std::string& status, const std::string& error = "");
    const RunInfo& info() const;  // of the current or last run

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace gui
} // namespace specscope
