// One run as every view sees it: the trace (run info, prompt tokens, steps)
// and the shared current position. A stored run arrives whole (setTrace), a
// live one step by step (beginLive, appendStep, setInfo at the end). Views
// read it and never call the engine; clicking a token in one view sets the
// current position here, and every view follows.
#pragma once

#include <QObject>

#include <vector>

#include "trace/run_trace.h"

namespace specscope {
namespace views {

class RunDocument : public QObject {
    Q_OBJECT
public:
    explicit RunDocument(QObject* parent = nullptr);

    // --- filling ---
    void setTrace(RunTrace trace);                                          // emits reset()
    void beginLive(const RunInfo& info, std::vector<TokenRecord> promptTokens);  // emits reset()
    void appendStep(const StepEvent& event);                                // emits stepsAppended()
    // Several steps with one stepsAppended(first, last): a live run's GUI
    // appends in batches so that the views redraw a few times a second, not per step.
    void appendSteps(const std::vector<StepEvent>& events);
    void setInfo(const RunInfo& info);                                      // emits infoChanged()
    void clear();                                                           // emits reset()

    // --- reading ---
    bool isEmpty() const { return tokens_.empty() && steps_.empty(); }
    const RunInfo& info() const { return info_; }
    const std::vector<StepEvent>& steps() const { return steps_; }
    int stepCount() const { return static_cast<int>(steps_.size()); }
    // Tokens in sequence order: the prompt, then every emitted token.
    const std::vector<TokenRecord>& tokens() const { return tokens_; }
    int tokenCount() const { return static_cast<int>(tokens_.size()); }
    int promptCount() const { return promptCount_; }
    const TokenRecord& token(int index) const { return tokens_.at(index); }
    int stepOfToken(int index) const;       // -1 for prompt tokens and bad indexes
    int firstTokenOfStep(int step) const;   // index into tokens(); -1 for a bad step
    // Layers per position: info().num_layers, or one more than the highest
    // layer in the records when that is larger (0 when there are none).
    int layerCount() const { return layerCount_; }
    bool hasLayerRecords() const { return layerRecords_ > 0; }

    // --- the shared position ---
    // -1 means "none": views then follow the latest step of a live run.
    int currentToken() const { return currentToken_; }
    int currentStep() const { return currentStep_; }
    // Selecting a token also selects the step that emitted it; selecting a
    // step selects its first token. Signals fire only on change.
    void setCurrentToken(int index);
    void setCurrentStep(int step);
    // The step a view shows: the current one, else the latest.
    int shownStep() const { return currentStep_ >= 0 ? currentStep_ : stepCount() - 1; }

Q_SIGNALS:
    void reset();
    void stepsAppended(int first, int last);  // step indexes, inclusive
    void infoChanged();
    void currentTokenChanged(int index);
    void currentStepChanged(int step);

private:
    void indexStep(const StepEvent& event);
    void setCurrent(int token, int step);

    RunInfo info_;
    std::vector<StepEvent> steps_;
    std::vector<TokenRecord> tokens_;
    std::vector<int> tokenStep_;       // per token: the index into steps_ (-1 prompt)
    std::vector<int> stepFirstToken_;  // per step: index into tokens_
    int promptCount_ = 0;
    int layerCount_ = 0;
    int64_t layerRecords_ = 0;
    int currentToken_ = -1;
    int currentStep_ = -1;
};

} // namespace views
} // namespace specscope
