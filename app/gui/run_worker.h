// The controller's worker: owns the EngineSession and the trace store and
// runs on the controller's thread. Only RunController uses it.
#pragma once

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

#include "gui/engine_session.h"
#include "gui/run_controller.h"
#include "trace/trace_store.h"

namespace specscope {
namespace gui {

class RunWorker : public QObject, private TraceSink {
    Q_OBJECT
public:
    explicit RunWorker(const QString& storePath);
    ~RunWorker() override;

    // Set from the GUI thread; read between steps.
    std::atomic<bool> cancelLoad{false};
    std::atomic<bool> pauseRequested{false};
    std::atomic<bool> stopRequested{false};
    // Steps the current run has completed (written here, read from the GUI
    // thread, which sees them later through queued signals).
    std::atomic<int> stepsCompleted{0};

public Q_SLOTS:
    void load(const QString& target, const QString& draft, const QString& device, const QString& dtype);
    void start(const specscope::gui::RunRequest& request, bool startPaused);
    void runSteps();  // steps until done, paused or stopped
    void stepOnce();
    void stopNow();   // ends a paused run

Q_SIGNALS:
    void loadProgress(int done, int total);
    void modelsReady(const QString& target, const QString& draft, int layers);
    void loadFailed(const QString& message);
    void runStarted(const specscope::RunInfo& info, const std::vector<specscope::TokenRecord>& prompt);
    void stepReady(const specscope::StepEvent& event);
    void paused();
    void runEnded(const specscope::RunInfo& info);
    void errorOccurred(const QString& message);

private:
    // TraceSink: the store records, then the GUI hears.
    void begin_run(RunInfo& run) override;
    void on_step(const RunInfo& run, const StepEvent& event) override;
    void end_run(const RunInfo& run) override;

    bool guardedStep();  // false when the run ended (done or failed)
    void storeFailed(const std::exception& e);

    EngineSession session_;
    QString storePath_;
    std::unique_ptr<TraceStore> store_;  // opened on this thread, per run
    bool active_ = false;                // a run is between start and end
    bool began_ = false;                 // the current start() reached begin_run
};

} // namespace gui
} // namespace specscope
