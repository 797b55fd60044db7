// The workbench window: the token stream in the middle, the run panel and
// the views in dock widgets (layout saved and restored), menus, shortcuts
// and the status bar. It wires the run controller's events into the shared
// RunDocument that every view reads, and opens stored runs on a worker.
#pragma once

#include <QMainWindow>
#include <QPointer>

#include "gui/run_controller.h"
#include "trace/run_trace.h"

class QAction;
class QLabel;
class QTableView;
class QTimer;

namespace specscope {
namespace views {
class RunDocument;
class TokenStreamView;
class DraftTreeView;
class AcceptanceView;
class EntropyView;
class LayerHeatmapView;
class RunSummaryView;
class RunLibraryView;
class TokenTableModel;
} // namespace views
} // namespace specscope

namespace specscope {
namespace gui {

class RunPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // storePath: the trace database every live run is recorded into.
    explicit MainWindow(const QString& storePath, QWidget* parent = nullptr);
    ~MainWindow() override;

    RunController* controller() const { return controller_; }
    RunPanel* runPanel() const { return panel_; }
    views::RunDocument* document() const { return doc_; }

    // Opens a stored run (on a worker); false and a message if it cannot.
    void openRun(const QString& storePath, qint64 runId);
    // Opens a window comparing two stored runs (loaded on a worker).
    void compareRuns(const QString& storePath, qint64 a, qint64 b);
    // Lists the runs of another trace file in the run library.
    void showTraceFile(const QString& path);
    // Loads the chosen models if needed, then runs (the --demo start).
    void loadAndRun();

    // Benchmarks (docs/benchmarks.md): print timings as one JSON line on
    // stdout, then quit. OpenAndDraw times openRun() until every view is
    // drawn; LiveRun prints the finished run's tokens/s.
    enum class Benchmark { None, OpenAndDraw, LiveRun };
    void setBenchmark(Benchmark b) { benchmark_ = b; }

    // When set, the window saves a screenshot there once the current run
    // or load finishes, then quits (README screenshots under Xvfb).
    void setScreenshotOnIdle(const QString& path, int delayMs);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void createDocks();
    void createMenus();
    void updateActions();
    void startRun(bool paused);
    void onStateChanged(RunController::State state);
    void onRunEnded(const RunInfo& info);
    void showError(const QString& title, const QString& message);
    void exportRun(const QString& format);
    void exportPlot(QWidget* view);
    void openTraceFile();
    void moveToken(int delta);
    void moveStep(int delta);
    RunTrace currentTrace() const;
    void applyDarkPalette(bool dark);
    void maybeScreenshot();

    QString storePath_;
    RunController* controller_ = nullptr;
    views::RunDocument* doc_ = nullptr;
    RunPanel* panel_ = nullptr;
    views::TokenStreamView* stream_ = nullptr;
    views::DraftTreeView* tree_ = nullptr;
    views::AcceptanceView* acceptance_ = nullptr;
    views::EntropyView* entropy_ = nullptr;
    views::LayerHeatmapView* heatmap_ = nullptr;
    views::RunSummaryView* summary_ = nullptr;
    views::RunLibraryView* library_ = nullptr;
    views::TokenTableModel* tokenModel_ = nullptr;
    QTableView* tokenTable_ = nullptr;
    QLabel* stateLabel_ = nullptr;
    QLabel* speedLabel_ = nullptr;
    QMenu* viewMenu_ = nullptr;
    QAction* runAct_ = nullptr;
    QAction* pauseAct_ = nullptr;
    QAction* stepAct_ = nullptr;
    QAction* stopAct_ = nullptr;
    QAction* followAct_ = nullptr;
    QAction* darkAct_ = nullptr;
    bool runAfterLoad_ = false;
    bool runAfterLoadPaused_ = false;
    void flushSteps();

    Benchmark benchmark_ = Benchmark::None;
    int benchmarkRuns_ = 0;
    // A live run's steps wait here and reach the document in batches (at
    // most every 250 ms): redrawing every view per step would take the CPU
    // the engine runs on.
    std::vector<StepEvent> pendingSteps_;
    QTimer* flushTimer_ = nullptr;
    QString screenshotPath_;
    int screenshotDelayMs_ = 0;
};

} // namespace gui
} // namespace specscope
