#include "views/acceptance_view.h"
#include "views/plot_items.h"

#include <QEvent>
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

// The value stored at `key` in a plottable's sorted data, NaN when absent.
template <typename Container>
double valueAt(const Container& data, double key) {
    auto it = data->findBegin(key, false);
    return it != data->constEnd() && it->mainKey() == key ? it->mainValue() : kNaN;
}

// Integer ticks only: steps and accepted lengths are counts.
QSharedPointer<QCPAxisTickerFixed> integerTicker() {
    QSharedPointer<QCPAxisTickerFixed> t(new QCPAxisTickerFixed);
    t->setTickStep(1.0);
    t->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    return t;
}

} // namespace

AcceptanceView::AcceptanceView(RunDocument* doc, QWidget* parent) : QWidget(parent), doc_(doc), plot_(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);

    // Layout: legend row, the per-step plot, the histogram below it.
    topRect_ = plot_->axisRect();
    plot_->legend->setVisible(true);
    topRect_->insetLayout()->take(plot_->legend);
    plot_->plotLayout()->insertRow(0);
    plot_->plotLayout()->addElement(0, 0, plot_->legend);
    plot_->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    plot_->legend->setMargins(QMargins(6, 3, 6, 3));
    histRect_ = new QCPAxisRect(plot_);
    plot_->plotLayout()->addElement(2, 0, histRect_);
    plot_->plotLayout()->setRowStretchFactor(0, 0.001);
    plot_->plotLayout()->setRowStretchFactor(1, 3);
    plot_->plotLayout()->setRowStretchFactor(2, 1.3);
    auto* margins = new QCPMarginGroup(plot_);
    topRect_->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
    histRect_->setMarginGroup(QCP::msLeft | QCP::msRight, margins);

    QCPAxis* x = topRect_->axis(QCPAxis::atBottom);
    QCPAxis* y = topRect_->axis(QCPAxis::atLeft);
    QCPAxis* y2 = topRect_->axis(QCPAxis::atRight);
    x->setLabel(tr("step"));
    x->setTicker(integerTicker());
    y->setLabel(tr("tokens"));
    y2->setVisible(true);
    y2->setLabel(tr("acceptance rate"));
    y2->setRange(0, 1.05);

    fullBars_ = new QCPBars(x, y);
    fullBars_->setName(tr("accepted length (all drafts accepted)"));
    partialBars_ = new QCPBars(x, y);
    partialBars_->setName(tr("accepted length (a draft rejected)"));
    for (QCPBars* bars : {fullBars_, partialBars_}) {
        bars->setWidth(0.8);
        bars->setPen(Qt::NoPen);
        // Thousands of sub-pixel bars read better without antialiasing.
        bars->setAntialiased(false);
    }
    tau_ = new QCPGraph(x, y);
    tau_->setName(tr("running τ (tokens per step)"));
    acceptance_ = new QCPGraph(x, y2);
    acceptance_->setName(tr("running acceptance rate"));

    QCPAxis* hx = histRect_->axis(QCPAxis::atBottom);
    QCPAxis* hy = histRect_->axis(QCPAxis::atLeft);
    hx->setLabel(tr("accepted length"));
    hx->setTicker(integerTicker());
    hy->setLabel(tr("steps"));
    hy->setTicker(integerTicker());  // counts: no "2.5 steps"
    histBars_ = new QCPBars(hx, hy);
    histBars_->setName(tr("steps per accepted length"));
    histBars_->setWidth(0.7);
    histBars_->removeFromLegend();

    marker_ = new QCPItemStraightLine(plot_);
    marker_->setClipAxisRect(topRect_);
    for (QCPItemPosition* p : {marker_->point1, marker_->point2}) p->setAxes(x, y);
    emptyText_ = addEmptyStateText(plot_, topRect_);

    // Drag and zoom along the steps only; the y ranges follow the data.
    plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    topRect_->setRangeDrag(Qt::Horizontal);
    topRect_->setRangeZoom(Qt::Horizontal);
    histRect_->setRangeDrag(Qt::Orientations());
    histRect_->setRangeZoom(Qt::Orientations());

    xRange_ = new XRangeFollower(plot_, topRect_->axis(QCPAxis::atBottom), [this] { finishUpdate(); });
    connect(plot_, &QCustomPlot::mousePress, this, [this](QMouseEvent* e) { pressPos_ = e->pos(); });
    connect(plot_, &QCustomPlot::mouseRelease, this, &AcceptanceView::onMouseRelease);
    connect(doc_, &RunDocument::reset, this, &AcceptanceView::rebuild);
    connect(doc_, &RunDocument::stepsAppended, this, &AcceptanceView::append);
    connect(doc_, &RunDocument::infoChanged, this, &AcceptanceView::finishUpdate);
    connect(doc_, &RunDocument::currentStepChanged, this, [this] {
        updateMarker();
        plot_->replot(QCustomPlot::rpQueuedReplot);
    });

    applyColors();
    rebuild();
}

void AcceptanceView::rebuild() {
    for (QCPBars* bars : {fullBars_, partialBars_}) bars->data()->clear();
    acceptance_->data()->clear();
    tau_->data()->clear();
    steps_ = 0;
    drafted_ = accepted_ = emitted_ = 0;
    maxLeft_ = 0;
    histogram_.clear();
    xRange_->follow();  // a new run: show all of it
    const auto& steps = doc_->steps();
    for (int i = 0; i < static_cast<int>(steps.size()); ++i) addStep(i, steps[i]);
    finishUpdate();
}

void AcceptanceView::append(int first, int last) {
    // Continue from where this view stopped rather than from `first`, so
    // the bars stay one per step even if a signal was ever missed.
    Q_UNUSED(first);
    const auto& steps = doc_->steps();
    for (int i = steps_; i <= last && i < static_cast<int>(steps.size()); ++i) addStep(i, steps[i]);
    finishUpdate();
}

void AcceptanceView::addStep(int index, const StepEvent& event) {
    const StepRecord& s = event.step;
    ++steps_;
    drafted_ += s.drafted;
    accepted_ += s.accepted;
    emitted_ += static_cast<int64_t>(s.emitted.size());
    const bool allAccepted = s.drafted > 0 && s.accepted >= s.drafted;
    (allAccepted ? fullBars_ : partialBars_)->addData(index, s.accepted);
    acceptance_->addData(index, drafted_ > 0 ? double(accepted_) / double(drafted_) : kNaN);
    const double tau = double(emitted_) / steps_;
    tau_->addData(index, tau);
    maxLeft_ = std::max({maxLeft_, double(s.accepted), tau});
    // A step that drafted nothing has no accepted length to speak of.
    if (s.drafted > 0) {
        const int length = std::max(0, s.accepted);
        if (histogram_.size() < std::max(s.drafted, length) + 1) histogram_.resize(std::max(s.drafted, length) + 1);
        ++histogram_[length];
    }
}

void AcceptanceView::finishUpdate() {
    QVector<double> keys, counts;
    int maxCount = 0;
    for (int i = 0; i < histogram_.size(); ++i) {
        keys << i;
        counts << histogram_[i];
        maxCount = std::max(maxCount, histogram_[i]);
    }
    histBars_->setData(keys, counts, true);

    xRange_->fit(-0.5, std::max(steps_, 1) - 0.5);
    topRect_->axis(QCPAxis::atLeft)->setRange(0, std::max(1.0, maxLeft_) * 1.08);
    histRect_->axis(QCPAxis::atBottom)->setRange(-0.5, std::max<int>(histogram_.size(), 1) - 0.5);
    histRect_->axis(QCPAxis::atLeft)->setRange(0, std::max(1, maxCount) * 1.1);

    const QString empty = emptyStateText();
    const bool hasData = empty.isEmpty();
    emptyText_->setText(empty);
    emptyText_->setVisible(!hasData);
    for (QCPAbstractPlottable* p : std::initializer_list<QCPAbstractPlottable*>{fullBars_, partialBars_, acceptance_, tau_, histBars_})
        p->setVisible(hasData);
    plot_->legend->setVisible(hasData);
    updateMarker();
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void AcceptanceView::updateMarker() {
    const int step = doc_->shownStep();
    setVerticalMarker(marker_, step, step >= 0 && step < steps_ && !showsEmptyState());
}

QString AcceptanceView::emptyStateText() const {
    if (steps_ == 0) {
        if (doc_->isEmpty()) return tr("No run yet");
        if (doc_->info().status == "running") return tr("Waiting for the first step…");
        return tr("This run has no steps");
    }
    if (drafted_ == 0) return tr("This run drafted nothing (plain decoding): acceptance does not apply");
    return {};
}

bool AcceptanceView::showsEmptyState() const { return !emptyStateText().isEmpty(); }

double AcceptanceView::markerStep() const { return marker_->visible() ? marker_->point1->coords().x() : kNaN; }

int AcceptanceView::barCount() const { return fullBars_->dataCount() + partialBars_->dataCount(); }

double AcceptanceView::barValue(int step) const {
    const double full = valueAt(fullBars_->data(), step);
    return std::isnan(full) ? valueAt(partialBars_->data(), step) : full;
}

double AcceptanceView::runningAcceptance(int step) const { return valueAt(acceptance_->data(), step); }

double AcceptanceView::runningTau(int step) const { return valueAt(tau_->data(), step); }

QVector<int> AcceptanceView::histogram() const {
    QVector<int> counts;
    for (auto it = histBars_->data()->constBegin(); it != histBars_->data()->constEnd(); ++it)
        counts << static_cast<int>(std::lround(it->value));
    return counts;
}

void AcceptanceView::onMouseRelease(QMouseEvent* event) {
    // A click, not the end of a drag, inside the per-step plot selects the
    // step whose column it hit (bars are thin on long runs: the column is
    // an easier target than the bar).
    if ((event->pos() - pressPos_).manhattanLength() > 4 || event->button() != Qt::LeftButton) return;
    if (showsEmptyState()) return;
    if (histRect_->rect().contains(event->pos())) {
        // A click on the histogram's column for length L goes to the next
        // step (after the current one, wrapping round) that accepted L.
        const int length = static_cast<int>(std::lround(histRect_->axis(QCPAxis::atBottom)->pixelToCoord(event->pos().x())));
        if (const int step = nextStepWithLength(length, doc_->currentStep()); step >= 0) doc_->setCurrentStep(step);
        return;
    }
    if (!topRect_->rect().contains(event->pos())) return;
    const int step = static_cast<int>(std::lround(topRect_->axis(QCPAxis::atBottom)->pixelToCoord(event->pos().x())));
    if (step >= 0 && step < steps_) doc_->setCurrentStep(step);
}

int AcceptanceView::nextStepWithLength(int length, int after) const {
    const auto& steps = doc_->steps();
    const int n = static_cast<int>(steps.size());
    if (length < 0 || n == 0) return -1;
    for (int k = 1; k <= n; ++k) {
        const int i = ((after < 0 ? -1 : after) + k) % n;
        const auto& s = steps[i].step;
        if (s.drafted > 0 && std::max(0, s.accepted) == length) return i;
    }
    return -1;
}

void AcceptanceView::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        applyColors();
        plot_->replot(QCustomPlot::rpQueuedReplot);
    }
}

void AcceptanceView::applyColors() {
    const QPalette pal = palette();
    applyPlotPalette(plot_, pal);
    const bool dark = isDark(pal);
    fullBars_->setBrush(verdictColor(Verdict::Accepted, pal));
    partialBars_->setBrush(verdictColor(Verdict::Rejected, pal));
    tau_->setPen(QPen(dark ? QColor(100, 181, 246) : QColor(21, 101, 192), 2));
    acceptance_->setPen(QPen(dark ? QColor(255, 183, 77) : QColor(230, 115, 0), 2));
    histBars_->setBrush(pal.color(QPalette::Highlight));
    histBars_->setPen(Qt::NoPen);
    marker_->setPen(QPen(pal.color(QPalette::Text), 1.5, Qt::DashLine));
    emptyText_->setColor(pal.color(QPalette::PlaceholderText));
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 1.15);
    emptyText_->setFont(f);
}

} // namespace views
} // namespace specscope
