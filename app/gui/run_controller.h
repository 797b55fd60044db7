// Runs the engine off the GUI thread. The controller lives on the GUI
// thread; its worker (an EngineSession and the trace store) lives on a
// QThread of its own. Loading models and running strategies never block the
// window: progress, steps and results come back as queued signals, and
// Cancel / Pause / Step / Stop take effect between two steps.
#pragma once

#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <vector>

#include "gui/engine_session.h"
#include "trace/events.h"

Q_DECLARE_METATYPE(specscope::RunInfo)
Q_DECLARE_METATYPE(specscope::StepEvent)
Q_DECLARE_METATYPE(std::vector<specscope::TokenRecord>)
Q_DECLARE_METATYPE(specscope::gui::RunRequest)

namespace specscope {
namespace gui {

class RunWorker;

class RunController : public QObject {
    Q_OBJECT
public:
    enum class State { Idle, Loading, Running, Paused };
    Q_ENUM(State)

    // Runs are recorded into the trace store at storePath ("" = not stored).
    explicit RunController(const QString& storePath, QObject* parent = nullptr);
    ~RunController() override;

    State state() const { return state_; }
    bool modelsLoaded() const { return modelsLoaded_; }
    bool draftLoaded() const { return draftLoaded_; }
    QString storePath() const { return storePath_; }

    void loadModels(const QString& target, const QString& draft, const QString& device, const QString& dtype);
    void cancelLoad();
    // Starts a run (prefill) and runs it, or with startPaused waits for step().
    void start(const RunRequest& request, bool startPaused = false);
    void pause();
    void resume();
    void step();  // exactly one step (while paused)
    void stop();  // ends the run within one step ("cancelled")
    // Steps the worker has completed in the current run, including those
    // whose stepReady has not reached this thread yet.
    int stepsCompleted() const;

Q_SIGNALS:
    void stateChanged(specscope::gui::RunController::State state);
    void loadProgress(int done, int total);
    void modelsReady(const QString& target, const QString& draft, int layers);
    void loadFailed(const QString& message);  // also "cancelled"
    void runStarted(const specscope::RunInfo& info, const std::vector<specscope::TokenRecord>& prompt);
    void stepReady(const specscope::StepEvent& event);
    void runEnded(const specscope::RunInfo& info);  // status finished / cancelled / failed (+ error)
    void errorOccurred(const QString& message);

private:
    void setState(State s);

    QThread thread_;
    RunWorker* worker_ = nullptr;
    QString storePath_;
    State state_ = State::Idle;
    bool modelsLoaded_ = false;
    bool draftLoaded_ = false;
};

} // namespace gui
} // namespace specscope
