// Uncertainty along the generated text: the target's entropy (bits) at every
// generated token, the draft's where it drafted, a trailing rolling mean of
// the target entropy (window set in the toolbar), and red markers at the
// correction tokens, where a draft was rejected. x is the token's position
// in the sequence (prompt included), as in every other view. A vertical line
// marks the current token; clicking selects the nearest token. A live run is
// appended token by token, never rebuilt.
#pragma once

#include <QPoint>
#include <QVector>
#include <QWidget>

#include <vector>

class QCustomPlot;
class QCPGraph;
class QCPItemStraightLine;
class QCPItemText;
class QMouseEvent;
class QSpinBox;

namespace specscope {
namespace views {

class RunDocument;
class XRangeFollower;

class EntropyView : public QWidget {
    Q_OBJECT
public:
    explicit EntropyView(RunDocument* doc, QWidget* parent = nullptr);

    QCustomPlot* plot() const { return plot_; }

    // The rolling mean's window in tokens (default 16); also the toolbar's spin box.
    int window() const { return window_; }
    void setWindow(int tokens);

    // --- what is drawn (for tests); i counts generated tokens from 0 ---
    int pointCount() const;                   // target-entropy points: one per generated token
    double targetEntropyAt(int i) const;      // NaN where the token has none
    double rollingMeanAt(int i) const;        // mean of the last window() target entropies up to i
    QVector<double> rejectionPositions() const;  // x of the correction markers
    bool showsEmptyState() const;
    QString emptyStateText() const;  // empty when the plot has data
    double markerPosition() const;   // x of the current-token line; NaN when hidden

protected:
    void changeEvent(QEvent* event) override;

private:
    void rebuild();
    void append(int firstStep, int lastStep);
    void addTokens(int untilToken);      // plots tokens [plotted_, untilToken)
    double rollingMean(int i) const;     // from the prefix sums
    void refillRollingMean();
    void finishUpdate();
    void updateMarker();
    void applyColors();
    void onMouseRelease(QMouseEvent* event);

    RunDocument* doc_;
    QCustomPlot* plot_;
    QSpinBox* windowBox_;
    QCPGraph* target_;
    QCPGraph* draft_;
    QCPGraph* mean_;
    QCPGraph* rejections_;
    QCPItemStraightLine* marker_;
    QCPItemText* emptyText_;
    XRangeFollower* xRange_;  // the step/token axis follows the data until the user zooms

    int window_ = 16;
    int firstToken_ = 0;   // sequence index of the first generated token (the prompt length)
    int plotted_ = 0;      // generated tokens plotted so far
    int withValue_ = 0;    // of those, how many have a target or draft entropy
    double maxY_ = 0;
    // Prefix sums of the target entropies present (and their count), so a
    // rolling mean is O(1) per token and a window change O(n).
    std::vector<double> prefixSum_{0.0};
    std::vector<int> prefixCount_{0};
    QPoint pressPos_;
};

} // namespace views
} // namespace specscope
