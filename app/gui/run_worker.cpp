#include "gui/run_worker.h"

#include <QCoreApplication>

#include "util/error.h"

namespace specscope {
namespace gui {

RunWorker::RunWorker(const QString& storePath) : storePath_(storePath) {}
RunWorker::~RunWorker() = default;

void RunWorker::load(const QString& target, const QString& draft, const QString& device, const QString& dtype) {
    cancelLoad = false;
    try {
        session_.load(target.toStdString(), draft.toStdString(), device.toStdString(), dtype.toStdString(),
                      [this](int done, int total) {
                          Q_EMIT loadProgress(done, total);
                          return !cancelLoad.load();
                      });
        Q_EMIT modelsReady(QString::fromStdString(session_.targetDir()), QString::fromStdString(session_.draftDir()),
                           session_.targetLayers());
    } catch (const LoadCancelled&) {
        Q_EMIT loadFailed(QCoreApplication::translate("RunWorker", "Loading cancelled."));
    } catch (const std::exception& e) {
        Q_EMIT loadFailed(QString::fromStdString(e.what()));
    }
}

void RunWorker::start(const RunRequest& request, bool startPaused) {
    pauseRequested = startPaused;
    stopRequested = false;
    stepsCompleted = 0;
    if (!storePath_.isEmpty() && !store_) {
        try {
            store_ = TraceStore::open(storePath_.toStdString(), TraceStore::Mode::ReadWrite);
        } catch (const std::exception& e) {
            storeFailed(e);
        }
    }
    began_ = false;
    try {
        session_.start(request, this);
    } catch (const std::exception& e) {
        Q_EMIT errorOccurred(QString::fromStdString(e.what()));
        if (!began_) {  // refused before it began (bad parameters, no draft): nothing was stored
            RunInfo refused;
            refused.strategy = request.strategy;
            refused.prompt = request.prompt;
            refused.status = "failed";
            refused.error = e.what();
            Q_EMIT runEnded(refused);
        }
        return;
    }
    if (store_) {
        try {
            store_->set_prompt_tokens(session_.info().id, session_.promptRecords());
        } catch (const std::exception& e) {
            storeFailed(e);
        }
    }
    Q_EMIT runStarted(session_.info(), session_.promptRecords());
    if (startPaused) Q_EMIT paused();
    else runSteps();
}

void RunWorker::runSteps() {
    pauseRequested = false;
    while (active_) {
        if (stopRequested) {
            session_.finish("cancelled");
            return;
        }
        if (pauseRequested) {
            Q_EMIT paused();
            return;
        }
        if (!guardedStep()) return;
    }
}

void RunWorker::stepOnce() {
    if (!active_) return;
    if (stopRequested) {
        session_.finish("cancelled");
        return;
    }
    guardedStep();
    if (active_) Q_EMIT paused();
}

void RunWorker::stopNow() {
    if (active_) session_.finish("cancelled");
}

bool RunWorker::guardedStep() {
    try {
        session_.step();
        if (session_.done()) {
            session_.finish("finished");
            return false;
        }
        return true;
    } catch (const std::exception& e) {
        session_.finish("failed", e.what());
        Q_EMIT errorOccurred(QString::fromStdString(e.what()));
        return false;
    }
}

void RunWorker::storeFailed(const std::exception& e) {
    // The run goes on live; only its recording stops (a full disk, a locked file).
    store_.reset();
    Q_EMIT errorOccurred(QCoreApplication::translate("RunWorker", "The run is not being stored: %1")
                             .arg(QString::fromStdString(e.what())));
}

void RunWorker::begin_run(RunInfo& run) {
    active_ = true;
    began_ = true;
    if (!store_) return;
    try {
        store_->begin_run(run);
    } catch (const std::exception& e) {
        storeFailed(e);
    }
}

void RunWorker::on_step(const RunInfo& run, const StepEvent& event) {
    ++stepsCompleted;
    if (store_) {
        try {
            store_->on_step(run, event);
        } catch (const std::exception& e) {
            storeFailed(e);
        }
    }
    Q_EMIT stepReady(event);
}

void RunWorker::end_run(const RunInfo& run) {
    active_ = false;
    if (store_) {
        try {
            store_->end_run(run);
        } catch (const std::exception& e) {
            storeFailed(e);
        }
    }
    Q_EMIT runEnded(run);
}

} // namespace gui
} // namespace specscope
