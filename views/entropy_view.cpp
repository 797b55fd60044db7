#include "views/entropy_view.h"
#include "views/plot_items.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "views/palette.h"
#include "views/plot_export.h"
#include "views/run_document.h"

namespace specscope {
namespace views {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

EntropyView::EntropyView(RunDocument* doc, QWidget* parent) : QWidget(parent), doc_(doc), plot_(new QCustomPlot(this)) {
    auto* toolbar = new QHBoxLayout;
    toolbar->setContentsMargins(6, 2, 6, 2);
    toolbar->setSpacing(6);
    auto* label = new QLabel(tr("Rolling mean over"), this);
    windowBox_ = new QSpinBox(this);
    windowBox_->setRange(1, 4096);
    windowBox_->setValue(window_);
    windowBox_->setSuffix(tr(" tokens"));
    windowBox_->setToolTip(tr("Trailing window of the rolling mean of the target entropy"));
    label->setBuddy(windowBox_);
    toolbar->addWidget(label);
    toolbar->addWidget(windowBox_);
    toolbar->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(toolbar);
    layout->addWidget(plot_, 1);
    connect(windowBox_, qOverload<int>(&QSpinBox::valueChanged), this, &EntropyView::setWindow);

    // Legend in a row above the plot, so it never hides data.
    plot_->legend->setVisible(true);
    plot_->axisRect()->insetLayout()->take(plot_->legend);
    plot_->plotLayout()->insertRow(0);
    plot_->plotLayout()->addElement(0, 0, plot_->legend);
    plot_->plotLayout()->setRowStretchFactor(0, 0.001);
    plot_->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    plot_->legend->setMargins(QMargins(6, 3, 6, 3));
    plot_->xAxis->setLabel(tr("token position"));
    plot_->yAxis->setLabel(tr("entropy (bits)"));

    target_ = new QCPGraph(plot_->xAxis, plot_->yAxis);
    target_->setName(tr("target entropy"));
    draft_ = new QCPGraph(plot_->xAxis, plot_->yAxis);
    draft_->setName(tr("draft entropy"));
    mean_ = new QCPGraph(plot_->xAxis, plot_->yAxis);
    rejections_ = new QCPGraph(plot_->xAxis, plot_->yAxis);
    rejections_->setName(tr("draft rejected (correction)"));
    rejections_->setLineStyle(QCPGraph::lsNone);

    marker_ = new QCPItemStraightLine(plot_);
    emptyText_ = addEmptyStateText(plot_);

    plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot_->axisRect()->setRangeDrag(Qt::Horizontal);
    plot_->axisRect()->setRangeZoom(Qt::Horizontal);

    xRange_ = new XRangeFollower(plot_, plot_->xAxis, [this] { finishUpdate(); });
    connect(plot_, &QCustomPlot::mousePress, this, [this](QMouseEvent* e) { pressPos_ = e->pos(); });
    connect(plot_, &QCustomPlot::mouseRelease, this, &EntropyView::onMouseRelease);
    connect(doc_, &RunDocument::reset, this, &EntropyView::rebuild);
    connect(doc_, &RunDocument::stepsAppended, this, &EntropyView::append);
    connect(doc_, &RunDocument::infoChanged, this, &EntropyView::finishUpdate);
    connect(doc_, &RunDocument::currentTokenChanged, this, [this] {
        updateMarker();
        plot_->replot(QCustomPlot::rpQueuedReplot);
    });

    mean_->setName(tr("rolling mean (%n tokens)", nullptr, window_));
    applyColors();
    rebuild();
}

void EntropyView::setWindow(int tokens) {
    tokens = std::max(1, tokens);
    if (tokens == window_) return;
    window_ = tokens;
    if (windowBox_->value() != tokens) windowBox_->setValue(tokens);  // re-enters with the same value: no-op
    mean_->setName(tr("rolling mean (%n tokens)", nullptr, window_));
    refillRollingMean();
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void EntropyView::rebuild() {
    for (QCPGraph* g : {target_, draft_, mean_, rejections_}) g->data()->clear();
    firstToken_ = doc_->promptCount();
    plotted_ = withValue_ = 0;
    maxY_ = 0;
    prefixSum_.assign(1, 0.0);
    prefixCount_.assign(1, 0);
    xRange_->follow();  // a new run: show all of it
    addTokens(doc_->tokenCount());
    finishUpdate();
}

void EntropyView::append(int, int lastStep) {
    // Every token up to the end of the last appended step; the document
    // indexes tokens before it signals.
    const int end = lastStep + 1 < doc_->stepCount() ? doc_->firstTokenOfStep(lastStep + 1) : doc_->tokenCount();
    addTokens(end);
    finishUpdate();
}

void EntropyView::addTokens(int untilToken) {
    const int first = firstToken_ + plotted_;
    prefixSum_.reserve(prefixSum_.size() + std::max(0, untilToken - first));
    prefixCount_.reserve(prefixCount_.size() + std::max(0, untilToken - first));
    for (int t = first; t < untilToken; ++t) {
        const TokenRecord& tok = doc_->token(t);
        const double x = t;
        // NaN stays in the target line (a gap), so there is one point per token.
        const double target = tok.entropy_target;
        target_->addData(x, target);
        const bool hasTarget = !std::isnan(target);
        prefixSum_.push_back(prefixSum_.back() + (hasTarget ? target : 0.0));
        prefixCount_.push_back(prefixCount_.back() + (hasTarget ? 1 : 0));
        if (hasTarget) maxY_ = std::max(maxY_, target);
        // The draft entropy exists only where the draft proposed this token:
        // skip the rest rather than break the line at every bonus token.
        if (!std::isnan(tok.entropy_draft)) {
            draft_->addData(x, tok.entropy_draft);
            maxY_ = std::max(maxY_, double(tok.entropy_draft));
        }
        if (hasTarget || !std::isnan(tok.entropy_draft)) ++withValue_;
        if (tok.source == TokenSource::Correction) rejections_->addData(x, hasTarget ? target : 0.0);
        mean_->addData(x, rollingMean(plotted_));
        ++plotted_;
    }
}

double EntropyView::rollingMean(int i) const {
    const int end = i + 1, begin = std::max(0, end - window_);
    const int n = prefixCount_[end] - prefixCount_[begin];
    return n > 0 ? (prefixSum_[end] - prefixSum_[begin]) / n : kNaN;
}

void EntropyView::refillRollingMean() {
    QVector<double> keys(plotted_), values(plotted_);
    for (int i = 0; i < plotted_; ++i) {
        keys[i] = firstToken_ + i;
        values[i] = rollingMean(i);
    }
    mean_->setData(keys, values, true);
}

void EntropyView::finishUpdate() {
    const double lo = plotted_ > 0 ? firstToken_ - 0.5 : -0.5;
    xRange_->fit(lo, lo + std::max(plotted_, 1));
    plot_->yAxis->setRange(0, std::max(1.0, maxY_) * 1.1);
    const QString empty = emptyStateText();
    const bool hasData = empty.isEmpty();
    emptyText_->setText(empty);
    emptyText_->setVisible(!hasData);
    for (QCPGraph* g : {target_, draft_, mean_, rejections_}) g->setVisible(hasData);
    plot_->legend->setVisible(hasData);
    updateMarker();
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void EntropyView::updateMarker() {
    const int t = doc_->currentToken();
    setVerticalMarker(marker_, t, !showsEmptyState() && t >= firstToken_ && t < firstToken_ + plotted_);
}

QString EntropyView::emptyStateText() const {
    if (plotted_ == 0) {
        if (doc_->isEmpty()) return tr("No run yet");
        if (doc_->info().status == "running") return tr("Waiting for the first step…");
        return tr("This run generated no tokens");
    }
    if (withValue_ == 0) return tr("This run recorded no entropies");
    return {};
}

bool EntropyView::showsEmptyState() const { return !emptyStateText().isEmpty(); }

double EntropyView::markerPosition() const { return marker_->visible() ? marker_->point1->coords().x() : kNaN; }

int EntropyView::pointCount() const { return target_->dataCount(); }

double EntropyView::targetEntropyAt(int i) const {
    return i >= 0 && i < target_->dataCount() ? target_->data()->at(i)->value : kNaN;
}

double EntropyView::rollingMeanAt(int i) const {
    return i >= 0 && i < mean_->dataCount() ? mean_->data()->at(i)->value : kNaN;
}

QVector<double> EntropyView::rejectionPositions() const {
    QVector<double> xs;
    for (auto it = rejections_->data()->constBegin(); it != rejections_->data()->constEnd(); ++it) xs << it->key;
    return xs;
}

void EntropyView::onMouseRelease(QMouseEvent* event) {
    // A click (not the end of a drag) selects the nearest generated token.
    if ((event->pos() - pressPos_).manhattanLength() > 4 || event->button() != Qt::LeftButton) return;
    if (plotted_ == 0 || !plot_->axisRect()->rect().contains(event->pos())) return;
    const double x = plot_->xAxis->pixelToCoord(event->pos().x());
    const int t = std::clamp(static_cast<int>(std::lround(x)), firstToken_, firstToken_ + plotted_ - 1);
    doc_->setCurrentToken(t);
}

void EntropyView::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        applyColors();
        plot_->replot(QCustomPlot::rpQueuedReplot);
    }
}

void EntropyView::applyColors() {
    const QPalette pal = palette();
    applyPlotPalette(plot_, pal);
    const bool dark = isDark(pal);
    const QColor targetColor = dark ? QColor(100, 181, 246) : QColor(21, 101, 192);
    QColor targetLine = targetColor;
    targetLine.setAlpha(150);  // the thin raw line stays behind the mean
    target_->setPen(QPen(targetLine, 1));
    const QColor draftColor = dark ? QColor(129, 199, 132) : QColor(56, 142, 60);
    QColor draftLine = draftColor;
    draftLine.setAlpha(150);
    draft_->setPen(QPen(draftLine, 1));
    mean_->setPen(QPen(dark ? QColor(255, 183, 77) : QColor(230, 115, 0), 2.5));
    const QColor red = verdictColor(Verdict::Rejected, pal);
    rejections_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, red, red, 6));
    marker_->setPen(QPen(pal.color(QPalette::Text), 1.5, Qt::DashLine));
    emptyText_->setColor(pal.color(QPalette::PlaceholderText));
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 1.15);
    emptyText_->setFont(f);
}

} // namespace views
} // namespace specscope
