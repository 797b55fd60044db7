#include "gui/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDialog>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QScrollArea>
#include <QStatusBar>
#include <QStyleFactory>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <cstdio>
#include <memory>
#include <qcustomplot.h>

#include "gui/run_panel.h"
#include "trace/export_csv.h"
#include "trace/export_json.h"
#include "trace/export_perfetto.h"
#include "views/acceptance_view.h"
#include "views/compare_view.h"
#include "views/draft_tree_view.h"
#include "views/entropy_view.h"
#include "views/layer_heatmap_view.h"
#include "views/plot_export.h"
#include "views/run_document.h"
#include "views/run_library_view.h"
#include "views/run_list_model.h"
#include "views/run_loader.h"
#include "views/run_summary_view.h"
#include "views/token_stream_view.h"
#include "views/token_table_model.h"

namespace specscope {
namespace gui {

namespace {

// A stored run loaded on a worker: the trace, or the error that stopped it.
struct LoadedRun {
    RunTrace trace;
    QString error;
};

LoadedRun loadRun(const QString& path, qint64 id) {
    LoadedRun r;
    try {
        r.trace = views::loadRunFromStore(path, id);
    } catch (const std::exception& e) {
        r.error = QString::fromStdString(e.what());
    }
    return r;
}

} // namespace

MainWindow::MainWindow(const QString& storePath, QWidget* parent) : QMainWindow(parent), storePath_(storePath) {
    setWindowTitle(tr("SpecScope"));
    setObjectName(QStringLiteral("MainWindow"));
    setDockNestingEnabled(true);
    controller_ = new RunController(storePath, this);
    doc_ = new views::RunDocument(this);

    stream_ = new views::TokenStreamView(doc_, this);
    setCentralWidget(stream_);
    createActions();
    createDocks();
    createMenus();

    stateLabel_ = new QLabel(tr("Idle"), this);
    speedLabel_ = new QLabel(this);
    statusBar()->addPermanentWidget(speedLabel_);
    statusBar()->addPermanentWidget(stateLabel_);

    // --- the controller's events into the document ---
    connect(controller_, &RunController::stateChanged, this, &MainWindow::onStateChanged);
    connect(controller_, &RunController::loadProgress, panel_, &RunPanel::setLoadProgress);
    connect(controller_, &RunController::modelsReady, this, [this](const QString& t, const QString& d, int layers) {
        panel_->setLoaded(t, d, layers);
        statusBar()->showMessage(tr("Models loaded."), 4000);
        if (runAfterLoad_) {
            // Start from the event loop, with the flag still set so that
            // nothing treats the window as idle in between.
            QTimer::singleShot(0, this, [this] {
                runAfterLoad_ = false;
                startRun(runAfterLoadPaused_);
            });
            return;
        }
        maybeScreenshot();
    });
    connect(controller_, &RunController::loadFailed, this, [this](const QString& message) {
        runAfterLoad_ = false;
        panel_->setLoadError(message);
        showError(tr("The models could not be loaded"), message);
        maybeScreenshot();
    });
    connect(controller_, &RunController::runStarted, this,
            [this](const RunInfo& info, const std::vector<TokenRecord>& prompt) {
                pendingSteps_.clear();
                doc_->beginLive(info, prompt);
                setWindowTitle(tr("SpecScope — %1 (live)").arg(QString::fromStdString(info.strategy)));
            });
    flushTimer_ = new QTimer(this);
    flushTimer_->setSingleShot(true);
    flushTimer_->setInterval(250);
    connect(flushTimer_, &QTimer::timeout, this, &MainWindow::flushSteps);
    connect(controller_, &RunController::stepReady, this, [this](const StepEvent& e) {
        pendingSteps_.push_back(e);
        // Stepping by hand shows each step at once; a running run a few times a second.
        if (controller_->state() != RunController::State::Running) flushSteps();
        else if (!flushTimer_->isActive()) flushTimer_->start();
    });
    connect(controller_, &RunController::runEnded, this, &MainWindow::onRunEnded);
    connect(controller_, &RunController::errorOccurred, this,
            [this](const QString& message) { showError(tr("Run"), message); });
    connect(panel_, &RunPanel::loadRequested, this, [this] {
        if (panel_->targetPath().isEmpty()) return showError(tr("Load"), tr("Choose a target model first."));
        panel_->setLoading(true);
        controller_->loadModels(panel_->targetPath(), panel_->draftPath(), panel_->device(), panel_->dtype());
    });
    connect(panel_, &RunPanel::cancelLoadRequested, controller_, &RunController::cancelLoad);

    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    if (!restoreState(settings.value(QStringLiteral("window/state")).toByteArray())) {
        // First start: room for the plots below and the tree beside the text
        // (dock sizes apply once the window is laid out).
        resize(1560, 980);
        QTimer::singleShot(0, this, [this] {
            auto dock = [this](const char* name) { return findChild<QDockWidget*>(QLatin1String(name)); };
            resizeDocks({dock("RunDock"), dock("TreeDock")}, {360, 470}, Qt::Horizontal);
            resizeDocks({dock("AcceptanceDock")}, {height() / 3}, Qt::Vertical);
            resizeDocks({dock("TreeDock"), dock("SummaryDock")}, {300, 400}, Qt::Vertical);
        });
    }
    panel_->restoreSettings(settings);
    darkAct_->setChecked(settings.value(QStringLiteral("ui/dark"), false).toBool());
    library_->setStorePath(storePath_);
    updateActions();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions() {
    runAct_ = new QAction(QIcon::fromTheme(QStringLiteral("media-playback-start")), tr("&Run"), this);
    runAct_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    runAct_->setToolTip(tr("Run the chosen method on the prompt (Ctrl+Return); loads the models first if needed"));
    connect(runAct_, &QAction::triggered, this, [this] {
        if (controller_->state() == RunController::State::Paused) controller_->resume();
        else startRun(false);
    });
    pauseAct_ = new QAction(QIcon::fromTheme(QStringLiteral("media-playback-pause")), tr("&Pause"), this);
    pauseAct_->setShortcut(QKeySequence(Qt::Key_F6));
    pauseAct_->setToolTip(tr("Pause after the step in flight (F6)"));
    connect(pauseAct_, &QAction::triggered, controller_, &RunController::pause);
    stepAct_ = new QAction(QIcon::fromTheme(QStringLiteral("media-skip-forward")), tr("&Step"), this);
    stepAct_->setShortcut(QKeySequence(Qt::Key_F10));
    stepAct_->setToolTip(tr("One speculation round (F10); starts a paused run when none is running"));
    connect(stepAct_, &QAction::triggered, this, [this] {
        if (controller_->state() == RunController::State::Idle) startRun(true);
        else controller_->step();
    });
    stopAct_ = new QAction(QIcon::fromTheme(QStringLiteral("media-playback-stop")), tr("S&top"), this);
    stopAct_->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5));
    stopAct_->setToolTip(tr("End the run after the step in flight (Shift+F5)"));
    connect(stopAct_, &QAction::triggered, controller_, &RunController::stop);
}

void MainWindow::createDocks() {
    auto dock = [this](QWidget* w, const QString& title, const QString& name, Qt::DockWidgetArea area) {
        auto* d = new QDockWidget(title, this);
        d->setObjectName(name);
        d->setWidget(w);
        addDockWidget(area, d);
        return d;
    };
    panel_ = new RunPanel(this);
    panel_->setRunActions(runAct_, pauseAct_, stepAct_, stopAct_);
    auto* panelScroll = new QScrollArea(this);  // the panel scrolls rather than forcing the dock wide or tall
    panelScroll->setWidget(panel_);
    panelScroll->setWidgetResizable(true);
    panelScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    panelScroll->setFrameShape(QFrame::NoFrame);
    auto* panelDock = dock(panelScroll, tr("Run"), QStringLiteral("RunDock"), Qt::LeftDockWidgetArea);
    library_ = new views::RunLibraryView(this);
    library_->setMinimumWidth(300);  // its table scrolls; it must not widen the window
    auto* libraryDock = dock(library_, tr("Run library"), QStringLiteral("LibraryDock"), Qt::LeftDockWidgetArea);
    tabifyDockWidget(panelDock, libraryDock);
    panelDock->raise();

    tree_ = new views::DraftTreeView(doc_, this);
    auto* treeDock = dock(tree_, tr("Draft tree"), QStringLiteral("TreeDock"), Qt::RightDockWidgetArea);
    summary_ = new views::RunSummaryView(doc_, this);
    auto* summaryDock = dock(summary_, tr("Summary"), QStringLiteral("SummaryDock"), Qt::RightDockWidgetArea);
    splitDockWidget(treeDock, summaryDock, Qt::Vertical);

    acceptance_ = new views::AcceptanceView(doc_, this);
    auto* accDock = dock(acceptance_, tr("Acceptance"), QStringLiteral("AcceptanceDock"), Qt::BottomDockWidgetArea);
    entropy_ = new views::EntropyView(doc_, this);
    auto* entDock = dock(entropy_, tr("Entropy"), QStringLiteral("EntropyDock"), Qt::BottomDockWidgetArea);
    heatmap_ = new views::LayerHeatmapView(doc_, this);
    auto* heatDock = dock(heatmap_, tr("Layers"), QStringLiteral("LayersDock"), Qt::BottomDockWidgetArea);
    // Legends must not set the window's minimum width: let the plots shrink.
    for (QWidget* w : std::initializer_list<QWidget*>{acceptance_, entropy_, heatmap_}) w->setMinimumSize(260, 160);
    acceptance_->plot()->setMinimumSize(200, 120);
    entropy_->plot()->setMinimumSize(200, 120);
    heatmap_->plot()->setMinimumSize(200, 120);
    splitDockWidget(accDock, entDock, Qt::Horizontal);
    splitDockWidget(entDock, heatDock, Qt::Horizontal);

    tokenModel_ = new views::TokenTableModel(doc_, this);
    tokenTable_ = new QTableView(this);
    tokenTable_->setModel(tokenModel_);
    tokenTable_->setSelectionBehavior(QAbstractItemView::SelectRows);
    tokenTable_->setSelectionMode(QAbstractItemView::SingleSelection);
    tokenTable_->verticalHeader()->setVisible(false);
    tokenTable_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
    connect(tokenTable_, &QTableView::clicked, this, [this](const QModelIndex& i) { doc_->setCurrentToken(i.row()); });
    connect(doc_, &views::RunDocument::currentTokenChanged, this, [this](int i) {
        if (i < 0) return;
        tokenTable_->selectRow(i);
        tokenTable_->scrollTo(tokenModel_->index(i, 0));
    });
    auto* tableDock = dock(tokenTable_, tr("Tokens"), QStringLiteral("TokensDock"), Qt::BottomDockWidgetArea);
    tabifyDockWidget(heatDock, tableDock);
    heatDock->raise();

    connect(library_, &views::RunLibraryView::openRequested, this, &MainWindow::openRun);
    connect(library_, &views::RunLibraryView::compareRequested, this, &MainWindow::compareRuns);
    connect(library_, &views::RunLibraryView::errorOccurred, this,
            [this](const QString& m) { statusBar()->showMessage(m, 8000); });
}

void MainWindow::createMenus() {
    // The run controls stay in sight whatever the docks do.
    QToolBar* bar = addToolBar(tr("Run controls"));
    bar->setObjectName(QStringLiteral("RunToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addActions({runAct_, pauseAct_, stepAct_, stopAct_});
    bar->addSeparator();
    bar->addAction(followAct_ = new QAction(tr("Follow latest"), this));
    followAct_->setToolTip(tr("Show the latest step in every view (Ctrl+End)"));
    followAct_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_End));
    connect(followAct_, &QAction::triggered, this, [this] { doc_->setCurrentToken(-1); });

    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open trace file…"), this, &MainWindow::openTraceFile);
    open->setShortcut(QKeySequence::Open);
    file->addAction(tr("Show &my runs"), this, [this] { library_->setStorePath(storePath_); });
    file->addSeparator();
    QMenu* exp = file->addMenu(tr("&Export run"));
    exp->addAction(tr("As &JSON…"), this, [this] { exportRun(QStringLiteral("json")); });
    exp->addAction(tr("As &CSV (folder)…"), this, [this] { exportRun(QStringLiteral("csv")); });
    exp->addAction(tr("As &Perfetto trace…"), this, [this] { exportRun(QStringLiteral("perfetto")); });
    QMenu* plots = file->addMenu(tr("Export &plot"));
    plots->addAction(tr("Acceptance…"), this, [this] { exportPlot(acceptance_); });
    plots->addAction(tr("Entropy…"), this, [this] { exportPlot(entropy_); });
    plots->addAction(tr("Layers…"), this, [this] { exportPlot(heatmap_); });
    plots->addAction(tr("Token stream (PNG)…"), this, [this] { exportPlot(stream_); });
    plots->addAction(tr("Draft tree (PNG)…"), this, [this] { exportPlot(tree_); });
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    run->addAction(tr("&Load models"), panel_, &RunPanel::loadRequested);
    run->addSeparator();
    run->addActions({runAct_, pauseAct_, stepAct_, stopAct_});

    QMenu* nav = menuBar()->addMenu(tr("&Navigate"));
    QAction* prevTok = nav->addAction(tr("Previous token"), this, [this] { moveToken(-1); });
    prevTok->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Left));
    QAction* nextTok = nav->addAction(tr("Next token"), this, [this] { moveToken(1); });
    nextTok->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Right));
    QAction* prevStep = nav->addAction(tr("Previous step"), this, [this] { moveStep(-1); });
    prevStep->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Up));
    QAction* nextStep = nav->addAction(tr("Next step"), this, [this] { moveStep(1); });
    nextStep->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Down));
    nav->addAction(followAct_);

    viewMenu_ = menuBar()->addMenu(tr("&View"));
    for (QDockWidget* d : findChildren<QDockWidget*>()) viewMenu_->addAction(d->toggleViewAction());
    viewMenu_->addSeparator();
    darkAct_ = viewMenu_->addAction(tr("&Dark palette"));
    darkAct_->setCheckable(true);
    connect(darkAct_, &QAction::toggled, this, &MainWindow::applyDarkPalette);
    QMenu* lang = viewMenu_->addMenu(tr("&Language"));
    const QString current = QSettings().value(QStringLiteral("ui/language")).toString();
    for (const auto& [code, name] : std::vector<std::pair<QString, QString>>{
             {QString(), tr("System")}, {QStringLiteral("en"), QStringLiteral("English")},
             {QStringLiteral("de"), QStringLiteral("Deutsch")}, {QStringLiteral("zh_CN"), QStringLiteral("简体中文")}}) {
        QAction* a = lang->addAction(name);
        a->setCheckable(true);
        a->setChecked(code == current);
        connect(a, &QAction::triggered, this, [this, code = code] {
            QSettings().setValue(QStringLiteral("ui/language"), code);
            QMessageBox::information(this, tr("Language"), tr("The language changes when SpecScope starts again."));
        });
    }

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Guided tour"), this, [this] {
        QMessageBox::information(
            this, tr("Guided tour"),
            tr("<ol><li>The bundled demo models are chosen in the <b>Run</b> panel; press <b>Run</b> "
               "(Ctrl+Return): they load on a worker, then sps (speculative sampling) runs.</li>"
               "<li>The <b>token stream</b> colours every token by where it came from: green accepted drafts, "
               "red corrections, blue bonus tokens, grey plain target tokens. Hover a token for its "
               "probabilities; click it to select it in every view.</li>"
               "<li>The <b>draft tree</b> shows what the draft proposed in the selected step and what the "
               "target accepted; <b>Acceptance</b> and <b>Entropy</b> explain the speed: acceptance drops where "
               "the target is uncertain.</li>"
               "<li>Choose <b>tree-dynamic</b> and press <b>Step</b> (F10) to watch one round at a time.</li>"
               "<li>Every run is stored: the <b>Run library</b> reopens, renames, deletes and compares runs; "
               "File ▸ Export writes JSON, CSV or a Perfetto trace.</li></ol>"));
    });
    help->addAction(tr("&About SpecScope"), this, [this] {
        QMessageBox::about(this, tr("About SpecScope"),
                           tr("<h3>SpecScope %1</h3><p>A workbench for speculative and adaptive-computation "
                              "decoding: run methods live on real checkpoints and the bundled demo models, see every "
                              "draft, verification and layer, and keep every run as a trace.</p>"
                              "<p>Traces: %2</p>")
                               .arg(QCoreApplication::applicationVersion(), storePath_.toHtmlEscaped()));
    });
}

void MainWindow::updateActions() {
    const auto s = controller_->state();
    runAct_->setEnabled(s == RunController::State::Idle || s == RunController::State::Paused);
    runAct_->setText(s == RunController::State::Paused ? tr("&Resume") : tr("&Run"));
    pauseAct_->setEnabled(s == RunController::State::Running);
    stepAct_->setEnabled(s == RunController::State::Idle || s == RunController::State::Paused);
    stopAct_->setEnabled(s == RunController::State::Running || s == RunController::State::Paused);
}

void MainWindow::onStateChanged(RunController::State s) {
    static const char* names[] = {QT_TR_NOOP("Idle"), QT_TR_NOOP("Loading models"), QT_TR_NOOP("Running"),
                                  QT_TR_NOOP("Paused")};
    stateLabel_->setText(tr(names[static_cast<int>(s)]));
    if (s != RunController::State::Loading) panel_->setLoading(false);
    else panel_->setLoading(true);
    updateActions();
}

void MainWindow::startRun(bool paused) {
    if (controller_->state() != RunController::State::Idle) return;
    if (panel_->strategyNeedsDraft() && panel_->draftPath().isEmpty())
        return showError(tr("Run"), tr("The method %1 needs a draft model: choose one in the Run panel.").arg(panel_->strategy()));
    if (!controller_->modelsLoaded() || panel_->modelsChanged()) {
        runAfterLoad_ = true;
        runAfterLoadPaused_ = paused;
        panel_->setLoading(true);
        controller_->loadModels(panel_->targetPath(), panel_->draftPath(), panel_->device(), panel_->dtype());
        return;
    }
    statusBar()->showMessage(paused ? tr("Prefilling; press Step for each round.") : tr("Running…"), 3000);
    controller_->start(panel_->request(), paused);
}

void MainWindow::loadAndRun() { startRun(false); }

void MainWindow::flushSteps() {
    flushTimer_->stop();
    if (pendingSteps_.empty()) return;
    doc_->appendSteps(pendingSteps_);
    const double s = pendingSteps_.back().step.end_us / 1e6;
    pendingSteps_.clear();
    const int tokens = doc_->tokenCount() - doc_->promptCount();
    if (s > 0) speedLabel_->setText(tr("%1 tokens · %2 tokens/s").arg(tokens).arg(tokens / s, 0, 'f', 1));
}

void MainWindow::onRunEnded(const RunInfo& info) {
    flushSteps();
    if (info.id > 0 || !doc_->isEmpty()) doc_->setInfo(info);
    if (benchmark_ == Benchmark::LiveRun && ++benchmarkRuns_ == 1) {
        // The first run warms up (window start-up, first paints, allocator);
        // the second one is measured.
        QTimer::singleShot(0, this, [this] { startRun(false); });
    } else if (benchmark_ == Benchmark::LiveRun) {
        std::printf("{\"bench\":\"live_run\",\"strategy\":\"%s\",\"new_tokens\":%d,\"steps\":%d,\"wall_s\":%.3f,"
                    "\"tokens_per_s\":%.2f}\n",
                    info.strategy.c_str(), info.totals.new_tokens, info.totals.steps, info.totals.wall_s,
                    info.totals.tokens_per_s());
        std::fflush(stdout);
        QTimer::singleShot(0, this, &QWidget::close);
    }
    setWindowTitle(tr("SpecScope — %1").arg(QString::fromStdString(info.strategy)));
    const auto& t = info.totals;
    if (info.status == "failed") {
        statusBar()->showMessage(tr("Run failed: %1").arg(QString::fromStdString(info.error)), 10000);
    } else {
        statusBar()->showMessage(tr("Run %1: %2 tokens, τ %3, %4 tokens/s")
                                     .arg(views::RunListModel::statusText(info.status))
                                     .arg(t.new_tokens)
                                     .arg(t.tau(), 0, 'f', 2)
                                     .arg(t.tokens_per_s(), 0, 'f', 1),
                                 10000);
    }
    library_->refresh();
    maybeScreenshot();
}

void MainWindow::showError(const QString& title, const QString& message) {
    statusBar()->showMessage(message, 10000);
    if (!screenshotPath_.isEmpty() || benchmark_ != Benchmark::None) return;  // unattended: no boxes
    // Window-modal but not blocking: errors arrive from workers, and a nested
    // event loop here would let more of them pile up behind it.
    auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("ErrorBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::openRun(const QString& storePath, qint64 runId) {
    statusBar()->showMessage(tr("Opening run %1…").arg(runId));
    QApplication::setOverrideCursor(Qt::BusyCursor);
    auto* watcher = new QFutureWatcher<LoadedRun>(this);
    auto clock = std::make_shared<QElapsedTimer>();
    clock->start();
    connect(watcher, &QFutureWatcher<LoadedRun>::finished, this, [this, watcher, runId, clock] {
        QApplication::restoreOverrideCursor();
        LoadedRun r = watcher->result();
        watcher->deleteLater();
        if (!r.error.isEmpty()) return showError(tr("Open run"), r.error);
        const QString strategy = QString::fromStdString(r.trace.info.strategy);
        const double loadS = clock->nsecsElapsed() / 1e9;
        doc_->setTrace(std::move(r.trace));
        if (benchmark_ == Benchmark::OpenAndDraw) {
            // Every view updated; now draw the whole window (queued plot
            // replots first), as the user would see it.
            const double setS = clock->nsecsElapsed() / 1e9 - loadS;
            QCoreApplication::processEvents();
            const QPixmap shot = grab();
            const double totalS = clock->nsecsElapsed() / 1e9;
            std::printf("{\"bench\":\"open_and_draw\",\"tokens\":%d,\"steps\":%d,\"load_s\":%.3f,\"views_s\":%.3f,"
                        "\"draw_s\":%.3f,\"total_s\":%.3f,\"window\":\"%dx%d\"}\n",
                        doc_->tokenCount(), doc_->stepCount(), loadS, setS, totalS - loadS - setS, totalS, shot.width(),
                        shot.height());
            std::fflush(stdout);
            QTimer::singleShot(0, this, &QWidget::close);
            return;
        }
        setWindowTitle(tr("SpecScope — run %1 (%2)").arg(runId).arg(strategy));
        statusBar()->showMessage(tr("Opened run %1.").arg(runId), 4000);
        maybeScreenshot();
    });
    watcher->setFuture(QtConcurrent::run(loadRun, storePath, runId));
}

void MainWindow::compareRuns(const QString& storePath, qint64 a, qint64 b) {
    QApplication::setOverrideCursor(Qt::BusyCursor);
    auto* watcher = new QFutureWatcher<std::pair<LoadedRun, LoadedRun>>(this);
    connect(watcher, &QFutureWatcher<std::pair<LoadedRun, LoadedRun>>::finished, this, [this, watcher, a, b] {
        QApplication::restoreOverrideCursor();
        auto r = watcher->result();
        watcher->deleteLater();
        if (!r.first.error.isEmpty() || !r.second.error.isEmpty())
            return showError(tr("Compare runs"), r.first.error.isEmpty() ? r.second.error : r.first.error);
        auto* dialog = new QDialog(this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setWindowTitle(tr("Compare run %1 with run %2").arg(a).arg(b));
        auto* layout = new QVBoxLayout(dialog);
        auto* view = new views::CompareView(dialog);
        view->setRuns(r.first.trace, r.second.trace);
        layout->addWidget(view);
        dialog->resize(1100, 700);
        dialog->show();
    });
    watcher->setFuture(QtConcurrent::run([storePath, a, b] { return std::make_pair(loadRun(storePath, a), loadRun(storePath, b)); }));
}

RunTrace MainWindow::currentTrace() const {
    RunTrace t;
    t.info = doc_->info();
    t.steps = doc_->steps();
    t.prompt_tokens.assign(doc_->tokens().begin(), doc_->tokens().begin() + doc_->promptCount());
    return t;
}

void MainWindow::exportRun(const QString& format) {
    if (doc_->isEmpty()) return showError(tr("Export"), tr("There is no run to export: run one or open one from the library."));
    QString path;
    if (format == QLatin1String("csv"))
        path = QFileDialog::getExistingDirectory(this, tr("Export the run as CSV files into a folder"));
    else
        path = QFileDialog::getSaveFileName(this, tr("Export the run"),
                                            format == QLatin1String("json") ? QStringLiteral("run.json") : QStringLiteral("run.perfetto.json"),
                                            tr("JSON (*.json)"));
    if (path.isEmpty()) return;
    try {
        const RunTrace t = currentTrace();
        if (format == QLatin1String("json")) export_json(t, path.toStdString());
        else if (format == QLatin1String("csv")) export_csv(t, path.toStdString());
        else export_perfetto(t, path.toStdString());
        statusBar()->showMessage(tr("Exported to %1").arg(path), 5000);
    } catch (const std::exception& e) {
        showError(tr("Export"), QString::fromStdString(e.what()));
    }
}

void MainWindow::exportPlot(QWidget* view) {
    QCustomPlot* plot = nullptr;
    if (view == acceptance_) plot = acceptance_->plot();
    else if (view == entropy_) plot = entropy_->plot();
    else if (view == heatmap_) plot = heatmap_->plot();
    if (plot) {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export plot"), QStringLiteral("plot.png"), views::plotFileFilter());
        if (path.isEmpty()) return;
        QString error;
        if (!views::exportPlot(plot, path, &error)) return showError(tr("Export plot"), error);
        statusBar()->showMessage(tr("Saved %1").arg(path), 5000);
        return;
    }
    const QString path = QFileDialog::getSaveFileName(this, tr("Save view as PNG"), QStringLiteral("view.png"), tr("PNG (*.png)"));
    if (path.isEmpty()) return;
    if (!view->grab().save(path)) return showError(tr("Export"), tr("Cannot write %1").arg(path));
    statusBar()->showMessage(tr("Saved %1").arg(path), 5000);
}

void MainWindow::openTraceFile() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open a trace file"), QString(),
                                                      tr("SpecScope traces (*.db *.sqlite);;All files (*)"));
    if (!path.isEmpty()) showTraceFile(path);
}

void MainWindow::showTraceFile(const QString& path) {
    library_->setStorePath(path);
    for (QDockWidget* d : findChildren<QDockWidget*>())
        if (d->widget() == library_) {
            d->show();
            d->raise();
        }
}

void MainWindow::moveToken(int delta) {
    if (doc_->tokenCount() == 0) return;
    const int cur = doc_->currentToken() >= 0 ? doc_->currentToken() : doc_->tokenCount() - 1;
    doc_->setCurrentToken(std::clamp(cur + delta, 0, doc_->tokenCount() - 1));
}

void MainWindow::moveStep(int delta) {
    if (doc_->stepCount() == 0) return;
    doc_->setCurrentStep(std::clamp(doc_->shownStep() + delta, 0, doc_->stepCount() - 1));
}

void MainWindow::applyDarkPalette(bool dark) {
    QSettings().setValue(QStringLiteral("ui/dark"), dark);
    if (!dark) {
        qApp->setPalette(QApplication::style()->standardPalette());
        return;
    }
    qApp->setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QPalette p;
    p.setColor(QPalette::Window, QColor(37, 37, 38));
    p.setColor(QPalette::WindowText, QColor(220, 220, 220));
    p.setColor(QPalette::Base, QColor(30, 30, 30));
    p.setColor(QPalette::AlternateBase, QColor(45, 45, 48));
    p.setColor(QPalette::ToolTipBase, QColor(50, 50, 50));
    p.setColor(QPalette::ToolTipText, QColor(230, 230, 230));
    p.setColor(QPalette::Text, QColor(220, 220, 220));
    p.setColor(QPalette::Button, QColor(45, 45, 48));
    p.setColor(QPalette::ButtonText, QColor(220, 220, 220));
    p.setColor(QPalette::Highlight, QColor(38, 79, 120));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::PlaceholderText, QColor(140, 140, 140));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(120, 120, 120));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(120, 120, 120));
    qApp->setPalette(p);
}

void MainWindow::setScreenshotOnIdle(const QString& path, int delayMs) {
    screenshotPath_ = path;
    screenshotDelayMs_ = delayMs;
}

void MainWindow::maybeScreenshot() {
    if (screenshotPath_.isEmpty() || controller_->state() != RunController::State::Idle || runAfterLoad_) return;
    const QString path = screenshotPath_;
    screenshotPath_.clear();
    QTimer::singleShot(screenshotDelayMs_, this, [this, path] {
        grab().save(path);
        close();
    });
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (controller_->state() == RunController::State::Running || controller_->state() == RunController::State::Paused)
        controller_->stop();
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    panel_->saveSettings(s);
    event->accept();
}

} // namespace gui
} // namespace specscope
