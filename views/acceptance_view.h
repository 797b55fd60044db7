// Acceptance per step of a draft/verify run. Top: the accepted length of
// every step as a bar (green when all its drafts were accepted, red when one
// was rejected), with the running acceptance rate (accepted / drafted so
// far, right axis 0..1) and the running τ (emitted tokens / steps so far).
// Bottom: how often each accepted length occurred. A vertical line marks the
// shown step; clicking a step's column selects it. A live run is appended
// step by step, never rebuilt.
#pragma once

#include <QPoint>
#include <QVector>
#include <QWidget>

#include <cstdint>

#include "trace/events.h"

class QCustomPlot;
class QCPAxisRect;
class QCPBars;
class QCPGraph;
class QCPItemStraightLine;
class QCPItemText;
class QMouseEvent;

namespace specscope {
namespace views {

class RunDocument;
class XRangeFollower;

class AcceptanceView : public QWidget {
    Q_OBJECT
public:
    explicit AcceptanceView(RunDocument* doc, QWidget* parent = nullptr);

    QCustomPlot* plot() const { return plot_; }

    // --- what is drawn (for tests) ---
    int barCount() const;                      // one bar per step
    double barValue(int step) const;           // accepted length; NaN when there is no such bar
    double runningAcceptance(int step) const;  // accepted / drafted over steps 0..step; NaN before any draft
    double runningTau(int step) const;         // emitted tokens / steps over steps 0..step
    // Steps per accepted length 0..max drafted (steps that drafted nothing are not counted).
    QVector<int> histogram() const;
    bool showsEmptyState() const;
    QString emptyStateText() const;  // empty when the plot has data
    double markerStep() const;       // x of the step marker; NaN when hidden
    // The first step after `after` (wrapping round; -1: from the start) that
    // drafted and accepted `length` tokens, or -1: where a click on the
    // histogram's column goes.
    int nextStepWithLength(int length, int after) const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void rebuild();
    void append(int first, int last);
    void addStep(int index, const StepEvent& event);
    void finishUpdate();  // ranges, histogram bars, empty state, marker, replot
    void updateMarker();
    void applyColors();
    void onMouseRelease(QMouseEvent* event);

    RunDocument* doc_;
    QCustomPlot* plot_;
    QCPAxisRect* topRect_;
    QCPAxisRect* histRect_;
    QCPBars* fullBars_;     // steps whose drafts were all accepted
    QCPBars* partialBars_;  // steps with a rejection
    QCPGraph* acceptance_;
    QCPGraph* tau_;
    QCPBars* histBars_;
    QCPItemStraightLine* marker_;
    QCPItemText* emptyText_;
    XRangeFollower* xRange_;  // the step/token axis follows the data until the user zooms

    // Running sums, so an appended step costs O(1).
    int steps_ = 0;
    int64_t drafted_ = 0, accepted_ = 0, emitted_ = 0;
    double maxLeft_ = 0;         // tallest bar or τ, for the left axis range
    QVector<int> histogram_;     // count per accepted length
    QPoint pressPos_;
};

} // namespace views
} // namespace specscope
