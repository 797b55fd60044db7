#include "views/run_document.h"

#include <algorithm>

namespace specscope {
namespace views {

RunDocument::RunDocument(QObject* parent) : QObject(parent) {}

void RunDocument::clear() {
    info_ = RunInfo{};
    steps_.clear();
    tokens_.clear();
    tokenStep_.clear();
    stepFirstToken_.clear();
    promptCount_ = 0;
    layerCount_ = 0;
    layerRecords_ = 0;
    currentToken_ = currentStep_ = -1;
    Q_EMIT reset();
}

void RunDocument::setTrace(RunTrace trace) {
    info_ = std::move(trace.info);
    steps_ = std::move(trace.steps);
    tokens_ = std::move(trace.prompt_tokens);
    promptCount_ = static_cast<int>(tokens_.size());
    tokenStep_.assign(tokens_.size(), -1);
    stepFirstToken_.clear();
    layerCount_ = info_.num_layers;
    layerRecords_ = 0;
    size_t generated = 0;
    for (const auto& s : steps_) generated += s.tokens.size();
    tokens_.reserve(tokens_.size() + generated);
    tokenStep_.reserve(tokens_.size() + generated);
    for (const auto& s : steps_) indexStep(s);
    currentToken_ = currentStep_ = -1;
    Q_EMIT reset();
}

void RunDocument::beginLive(const RunInfo& info, std::vector<TokenRecord> promptTokens) {
    RunTrace t;
    t.info = info;
    t.prompt_tokens = std::move(promptTokens);
    setTrace(std::move(t));
}

void RunDocument::indexStep(const StepEvent& event) {
    const int stepIndex = static_cast<int>(stepFirstToken_.size());
    stepFirstToken_.push_back(static_cast<int>(tokens_.size()));
    for (const auto& t : event.tokens) {
        tokens_.push_back(t);
        tokenStep_.push_back(stepIndex);
    }
    for (const auto& l : event.layers) layerCount_ = std::max(layerCount_, l.layer + 1);
    layerRecords_ += static_cast<int64_t>(event.layers.size());
}

void RunDocument::appendStep(const StepEvent& event) {
    steps_.push_back(event);
    indexStep(steps_.back());
    const int last = stepCount() - 1;
    Q_EMIT stepsAppended(last, last);
}

void RunDocument::appendSteps(const std::vector<StepEvent>& events) {
    if (events.empty()) return;
    const int first = stepCount();
    for (const StepEvent& e : events) {
        steps_.push_back(e);
        indexStep(steps_.back());
    }
    Q_EMIT stepsAppended(first, stepCount() - 1);
}

void RunDocument::setInfo(const RunInfo& info) {
    info_ = info;
    if (info_.num_layers > layerCount_) layerCount_ = info_.num_layers;
    Q_EMIT infoChanged();
}

int RunDocument::stepOfToken(int index) const {
    if (index < 0 || index >= tokenCount()) return -1;
    return tokenStep_[index];
}

int RunDocument::firstTokenOfStep(int step) const {
    if (step < 0 || step >= stepCount()) return -1;
    return stepFirstToken_[step];
}

void RunDocument::setCurrentToken(int index) {
    if (index < 0 || index >= tokenCount()) {
        setCurrent(-1, -1);
        return;
    }
    const int step = stepOfToken(index);
    setCurrent(index, step >= 0 ? step : currentStep_);
}

void RunDocument::setCurrentStep(int step) {
    if (step < 0 || step >= stepCount()) {
        setCurrent(-1, -1);
        return;
    }
    // Keep the token if it already belongs to this step.
    const int token = stepOfToken(currentToken_) == step ? currentToken_ : firstTokenOfStep(step);
    setCurrent(token, step);
}

void RunDocument::setCurrent(int token, int step) {
    const bool tokenChanged = token != currentToken_, stepChanged = step != currentStep_;
    currentToken_ = token;
    currentStep_ = step;
    if (stepChanged) Q_EMIT currentStepChanged(step);
    if (tokenChanged) Q_EMIT currentTokenChanged(token);
}

} // namespace views
} // namespace specscope
