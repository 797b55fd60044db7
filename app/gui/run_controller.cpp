#include "gui/run_controller.h"

#include "gui/run_worker.h"

namespace specscope {
namespace gui {

RunController::RunController(const QString& storePath, QObject* parent) : QObject(parent), storePath_(storePath) {
    qRegisterMetaType<specscope::RunInfo>();
    qRegisterMetaType<specscope::StepEvent>();
    qRegisterMetaType<std::vector<specscope::TokenRecord>>();
    qRegisterMetaType<specscope::gui::RunRequest>();
    worker_ = new RunWorker(storePath);
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);

    connect(worker_, &RunWorker::loadProgress, this, &RunController::loadProgress);
    connect(worker_, &RunWorker::modelsReady, this, [this](const QString& t, const QString& d, int layers) {
        modelsLoaded_ = true;
        draftLoaded_ = !d.isEmpty();
        setState(State::Idle);
        Q_EMIT modelsReady(t, d, layers);
    });
    connect(worker_, &RunWorker::loadFailed, this, [this](const QString& message) {
        setState(State::Idle);
        Q_EMIT loadFailed(message);
    });
    connect(worker_, &RunWorker::runStarted, this, &RunController::runStarted);
    connect(worker_, &RunWorker::stepReady, this, &RunController::stepReady);
    connect(worker_, &RunWorker::paused, this, [this] {
        if (state_ == State::Running) setState(State::Paused);
    });
    connect(worker_, &RunWorker::runEnded, this, [this](const RunInfo& info) {
        setState(State::Idle);
        Q_EMIT runEnded(info);
    });
    connect(worker_, &RunWorker::errorOccurred, this, &RunController::errorOccurred);
    thread_.setObjectName(QStringLiteral("specscope-engine"));
    thread_.start();
}

RunController::~RunController() {
    worker_->cancelLoad = true;
    worker_->stopRequested = true;
    thread_.quit();
    thread_.wait();
}

void RunController::setState(State s) {
    if (s == state_) return;
    state_ = s;
    Q_EMIT stateChanged(s);
}

void RunController::loadModels(const QString& target, const QString& draft, const QString& device,
                               const QString& dtype) {
    if (state_ != State::Idle) return;
    setState(State::Loading);
    QMetaObject::invokeMethod(worker_, [w = worker_, target, draft, device, dtype] { w->load(target, draft, device, dtype); },
                              Qt::QueuedConnection);
}

void RunController::cancelLoad() { worker_->cancelLoad = true; }

void RunController::start(const RunRequest& request, bool startPaused) {
    if (state_ != State::Idle) return;
    setState(startPaused ? State::Paused : State::Running);
    worker_->pauseRequested = startPaused;
    worker_->stopRequested = false;
    QMetaObject::invokeMethod(worker_, [w = worker_, request, startPaused] { w->start(request, startPaused); },
                              Qt::QueuedConnection);
}

void RunController::pause() {
    if (state_ != State::Running) return;
    worker_->pauseRequested = true;  // the worker reports paused() after the step in flight
}

void RunController::resume() {
    if (state_ != State::Paused) return;
    setState(State::Running);
    worker_->pauseRequested = false;
    QMetaObject::invokeMethod(worker_, &RunWorker::runSteps, Qt::QueuedConnection);
}

void RunController::step() {
    if (state_ != State::Paused) return;
    QMetaObject::invokeMethod(worker_, &RunWorker::stepOnce, Qt::QueuedConnection);
}

int RunController::stepsCompleted() const { return worker_->stepsCompleted.load(); }

void RunController::stop() {
    if (state_ != State::Running && state_ != State::Paused) return;
    worker_->stopRequested = true;  // a running loop ends before its next step
    QMetaObject::invokeMethod(worker_, &RunWorker::stopNow, Qt::QueuedConnection);
}

} // namespace gui
} // namespace specscope
