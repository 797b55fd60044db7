#include "views/layer_heatmap_view.h"
#include "views/plot_items.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "views/palette.h"
#include "views/plot_export.h"
#include "views/run_document.h"

namespace specscope {
namespace views {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The routes in cell-value order, with fixed colours: a route means the same
// thing in light and dark mode, and the colours are distinct from each other
// on both backgrounds.
struct RouteStyle {
    const char* name;     // as in LayerRecord::route
    const char* label;    // shown in the legend (translated)
    QColor color;
};
const std::array<RouteStyle, 6>& routeStyles() {
    static const std::array<RouteStyle, 6> styles = {{
        {"draft", QT_TRANSLATE_NOOP("specscope::views::LayerHeatmapView", "draft"), QColor(67, 160, 71)},
        {"verify", QT_TRANSLATE_NOOP("specscope::views::LayerHeatmapView", "verify"), QColor(30, 136, 229)},
        {"big", QT_TRANSLATE_NOOP("specscope::views::LayerHeatmapView", "big model"), QColor(142, 36, 170)},
        {"small", QT_TRANSLATE_NOOP("specscope::views::LayerHeatmapView", "small model"), QColor(0, 172, 193)},
        {"skip", QT_TRANSLATE_NOOP("specscope::views::LayerHeatmapView", "skipped"), QColor(158, 158, 158)},
        {"exit", QT_TRANSLATE_NOOP("specscope::views::LayerHeatmapView", "exited"), QColor(251, 140, 0)},
    }};
    return styles;
}

// Exactly one colour per route: with n levels over the data range 0..n-1 the
// gradient's colour index of value k is k, and level k sits on stop k.
QCPColorGradient routeGradient() {
    QCPColorGradient g;
    const auto& styles = routeStyles();
    const int n = static_cast<int>(styles.size());
    g.clearColorStops();
    for (int k = 0; k < n; ++k) g.setColorStopAt(double(k) / (n - 1), styles[k].color);
    g.setLevelCount(n);
    g.setNanHandling(QCPColorGradient::nhTransparent);  // no record: the background shows
    return g;
}

// The shared perceptual ramp (palette.h) as a QCustomPlot gradient.
QCPColorGradient rampGradient() {
    QCPColorGradient g;
    g.clearColorStops();
    for (int k = 0; k <= 8; ++k) g.setColorStopAt(k / 8.0, rampColor(k / 8.0));
    g.setLevelCount(256);
    g.setNanHandling(QCPColorGradient::nhTransparent);
    return g;
}

QSharedPointer<QCPAxisTickerFixed> integerTicker() {
    QSharedPointer<QCPAxisTickerFixed> t(new QCPAxisTickerFixed);
    t->setTickStep(1.0);
    t->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    return t;
}

} // namespace

double LayerHeatmapView::routeValue(const std::string& route) {
    const auto& styles = routeStyles();
    for (size_t k = 0; k < styles.size(); ++k)
        if (route == styles[k].name) return static_cast<double>(k);
    return kNaN;
}

LayerHeatmapView::LayerHeatmapView(RunDocument* doc, QWidget* parent)
    : QWidget(parent), doc_(doc), quantityBox_(new QComboBox(this)), plot_(new QCustomPlot(this)) {
    quantityBox_->addItem(tr("Route"), Route);
    quantityBox_->addItem(tr("Logit-lens entropy (bits)"), LensEntropy);
    quantityBox_->addItem(tr("Top-1 agrees with the final layer"), Top1Agree);
    quantityBox_->addItem(tr("Cosine to the final hidden state"), CosFinal);
    quantityBox_->setToolTip(tr("What each cell shows for a token (x) at a layer (y)"));
    auto* label = new QLabel(tr("Show"), this);
    label->setBuddy(quantityBox_);
    auto* toolbar = new QHBoxLayout;
    toolbar->setContentsMargins(6, 2, 6, 2);
    toolbar->addWidget(label);
    toolbar->addWidget(quantityBox_);
    toolbar->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(toolbar);
    layout->addWidget(plot_, 1);
    connect(quantityBox_, qOverload<int>(&QComboBox::currentIndexChanged), this,
            [this](int index) { setQuantity(static_cast<Quantity>(quantityBox_->itemData(index).toInt())); });

    plot_->xAxis->setLabel(tr("token position"));
    plot_->yAxis->setLabel(tr("layer"));
    plot_->yAxis->setTicker(integerTicker());
    plot_->xAxis->grid()->setVisible(false);
    plot_->yAxis->grid()->setVisible(false);

    map_ = new QCPColorMap(plot_->xAxis, plot_->yAxis);
    map_->setInterpolate(false);   // a cell is one record, not a sample of a field
    map_->setTightBoundary(false); // cells centred on their token and layer
    map_->removeFromLegend();

    // Beside the map: a colour scale for the continuous quantities, or a
    // legend of the route colours (swapped by showSideElement).
    scale_ = new QCPColorScale(plot_);
    scale_->setType(QCPAxis::atRight);
    scale_->setBarWidth(14);
    map_->setColorScale(scale_);
    auto* margins = new QCPMarginGroup(plot_);
    plot_->axisRect()->setMarginGroup(QCP::msTop | QCP::msBottom, margins);
    scale_->setMarginGroup(QCP::msTop | QCP::msBottom, margins);
    plot_->axisRect()->insetLayout()->take(plot_->legend);
    plot_->legend->setMargins(QMargins(6, 6, 6, 6));
    side_ = new QCPLayoutGrid;
    side_->setMargins(QMargins(4, 0, 6, 0));  // off the map and the widget's edge
    plot_->plotLayout()->addElement(0, 1, side_);
    plot_->plotLayout()->setColumnStretchFactor(1, 0.01);
    spacer_ = new QCPLayoutElement(plot_);
    const auto& styles = routeStyles();
    for (size_t k = 0; k < styles.size(); ++k) {
        routeSwatches_[k] = new QCPBars(plot_->xAxis, plot_->yAxis);  // no data: legend entry only
        routeSwatches_[k]->setName(tr(styles[k].label));
        routeSwatches_[k]->setBrush(styles[k].color);
        routeSwatches_[k]->setPen(Qt::NoPen);
    }

    marker_ = new QCPItemStraightLine(plot_);
    emptyText_ = addEmptyStateText(plot_);

    plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot_->axisRect()->setRangeDrag(Qt::Horizontal);
    plot_->axisRect()->setRangeZoom(Qt::Horizontal);

    connect(plot_, &QCustomPlot::mousePress, this, [this](QMouseEvent* e) { pressPos_ = e->pos(); });
    connect(plot_, &QCustomPlot::mouseRelease, this, &LayerHeatmapView::onMouseRelease);
    xRange_ = new XRangeFollower(plot_, plot_->xAxis, [this] { finishUpdate(); });
    connect(doc_, &RunDocument::reset, this, &LayerHeatmapView::rebuild);
    connect(doc_, &RunDocument::stepsAppended, this, &LayerHeatmapView::append);
    connect(doc_, &RunDocument::infoChanged, this, [this] {
        // The run's end may announce more layers than the records showed.
        if (doc_->layerCount() != rows_) rebuild();
        else finishUpdate();
    });
    connect(doc_, &RunDocument::currentTokenChanged, this, [this] {
        updateMarker();
        plot_->replot(QCustomPlot::rpQueuedReplot);
    });

    applyColors();
    updateQuantityStyle();
    rebuild();
}

void LayerHeatmapView::setQuantity(Quantity quantity) {
    const int index = quantityBox_->findData(quantity);
    if (index >= 0 && quantityBox_->currentIndex() != index) quantityBox_->setCurrentIndex(index);  // re-enters
    if (quantity == quantity_) return;
    quantity_ = quantity;
    refill();
    finishUpdate();
}

double LayerHeatmapView::valueOf(const LayerRecord& r) const {
    switch (quantity_) {
    case Route: return routeValue(r.route);
    case LensEntropy: return r.lens_entropy;
    case Top1Agree: return r.top1_agree;
    case CosFinal: return r.cos_final;
    }
    return kNaN;
}

void LayerHeatmapView::rebuild() {
    firstToken_ = doc_->promptCount();
    rows_ = doc_->layerCount();
    columns_ = doc_->tokenCount() - firstToken_;
    xRange_->follow();  // a new run: show all of it
    // A stored run gets exactly its size; a live one grows from here.
    allocate(columns_);
    refill();
    finishUpdate();
}

void LayerHeatmapView::append(int firstStep, int lastStep) {
    if (doc_->layerCount() != rows_) {  // a record for a deeper layer: new geometry
        rebuild();
        return;
    }
    columns_ = doc_->tokenCount() - firstToken_;
    if (columns_ > capacity_) {
        // Grow by doubling, so a live run of n tokens reallocates log n
        // times and refills O(n) cells in all, not once per step.
        allocate(std::max({columns_, 2 * capacity_, 256}));
        refill();
    } else {
        fillSteps(firstStep, lastStep);
    }
    finishUpdate();
}

void LayerHeatmapView::allocate(int capacity) {
    // At least two cells each way: QCustomPlot gives a single cell zero width.
    capacity_ = std::max(2, capacity);
    const int rows = std::max(2, rows_);
    QCPColorMapData* data = map_->data();
    data->setSize(capacity_, rows);
    // Cell i is centred on token position firstToken_ + i, layer j on y = j.
    data->setRange(QCPRange(firstToken_, firstToken_ + capacity_ - 1), QCPRange(0, rows - 1));
    data->fill(kNaN);
}

void LayerHeatmapView::refill() {
    map_->data()->fill(kNaN);
    lo_ = std::numeric_limits<double>::infinity();
    hi_ = -lo_;
    if (doc_->stepCount() > 0) fillSteps(0, doc_->stepCount() - 1);
}

void LayerHeatmapView::fillSteps(int firstStep, int lastStep) {
    QCPColorMapData* data = map_->data();
    const auto& steps = doc_->steps();
    for (int s = std::max(0, firstStep); s <= lastStep && s < static_cast<int>(steps.size()); ++s) {
        for (const LayerRecord& r : steps[s].layers) {
            const int64_t column = r.position - firstToken_;
            // Prompt positions (prefill records) have no column here.
            if (column < 0 || column >= columns_ || r.layer < 0 || r.layer >= rows_) continue;
            const double v = valueOf(r);
            data->setCell(static_cast<int>(column), r.layer, v);
            if (!std::isnan(v)) {
                lo_ = std::min(lo_, v);
                hi_ = std::max(hi_, v);
            }
        }
    }
}

void LayerHeatmapView::updateQuantityStyle() {
    QString label;
    QCPRange range(0, 1);
    switch (quantity_) {
    case Route:
        map_->setGradient(routeGradient());
        map_->setDataRange(QCPRange(0, double(routeStyles().size() - 1)));
        showSideElement(true);
        return;
    case LensEntropy:
        label = tr("logit-lens entropy (bits)");
        range = QCPRange(0, hi_ > 0 ? hi_ : 1.0);
        break;
    case Top1Agree:
        label = tr("top-1 agrees with final (1 = yes)");
        break;
    case CosFinal:
        label = tr("cosine to final hidden state");
        range = QCPRange(std::min(0.0, std::isfinite(lo_) ? lo_ : 0.0), std::max(1.0, std::isfinite(hi_) ? hi_ : 1.0));
        break;
    }
    map_->setGradient(rampGradient());
    map_->setDataRange(range);
    scale_->axis()->setLabel(label);
    showSideElement(false);
}

void LayerHeatmapView::showSideElement(bool legend) {
    const int wanted = showsEmptyState() ? 0 : legend ? 2 : 1;
    if (wanted == sideShown_) return;  // live steps must not relayout every time
    sideShown_ = wanted;
    // Elements outside a layout are still drawn unless hidden: empty the
    // side grid, hide both, then put back and show the one wanted (none in
    // the empty state, so the text is centred on the whole plot).
    for (QCPLayoutElement* e : {static_cast<QCPLayoutElement*>(plot_->legend), static_cast<QCPLayoutElement*>(scale_), spacer_}) {
        if (side_->elements(false).contains(e)) side_->take(e);
        e->setVisible(false);
    }
    side_->simplify();
    if (wanted == 0) {
        // An empty grid's maximum height is 0, which would squash the row
        // of the map too: keep the (unbounded, invisible) spacer in it.
        side_->addElement(0, 0, spacer_);
        return;
    }
    if (legend) {
        // In a grid cell the legend would stretch to the full height and
        // spread its entries; a spacer below keeps it at its natural size.
        side_->addElement(0, 0, plot_->legend);
        side_->addElement(1, 0, spacer_);
        side_->setRowStretchFactors({0.001, 1.0});
        side_->setMargins(QMargins(4, 14, 6, 0));  // legend top level with the map's top
        plot_->legend->setVisible(true);
        spacer_->setVisible(true);
    } else {
        side_->addElement(0, 0, scale_);
        side_->setMargins(QMargins(4, 0, 6, 0));  // the margin group aligns the scale with the map
        scale_->setVisible(true);
    }
}

void LayerHeatmapView::finishUpdate() {
    updateQuantityStyle();
    const QString empty = emptyStateText();
    const bool hasData = empty.isEmpty();
    emptyText_->setText(empty);
    emptyText_->setVisible(!hasData);
    map_->setVisible(hasData);
    // Axes without cells would only show made-up numbers.
    plot_->xAxis->setTickLabels(hasData);
    plot_->yAxis->setTickLabels(hasData);
    xRange_->fit(firstToken_ - 0.5, firstToken_ + std::max(columns_, 1) - 0.5);
    plot_->yAxis->setRange(-0.5, std::max(rows_, 1) - 0.5);
    // A tick per layer while they fit (the ticker keeps to whole layers).
    plot_->yAxis->ticker()->setTickCount(std::clamp(rows_, 1, 12));
    updateMarker();
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void LayerHeatmapView::updateMarker() {
    const int t = doc_->currentToken();
    setVerticalMarker(marker_, t, !showsEmptyState() && t >= firstToken_ && t < firstToken_ + columns_);
}

QString LayerHeatmapView::emptyStateText() const {
    if (doc_->isEmpty()) return tr("No run yet");
    if (!doc_->hasLayerRecords())
        return tr("No per-layer records:\nthis method does not report layers\n(Kangaroo, Duo-LLM and M2R2 do)");
    return {};
}

bool LayerHeatmapView::showsEmptyState() const { return !emptyStateText().isEmpty(); }

double LayerHeatmapView::markerPosition() const { return marker_->visible() ? marker_->point1->coords().x() : kNaN; }

double LayerHeatmapView::cellValue(int column, int layer) const {
    if (column < 0 || column >= columns_ || layer < 0 || layer >= rows_) return kNaN;
    return map_->data()->cell(column, layer);
}

void LayerHeatmapView::onMouseRelease(QMouseEvent* event) {
    // A click (not the end of a drag) on a cell selects its token.
    if ((event->pos() - pressPos_).manhattanLength() > 4 || event->button() != Qt::LeftButton) return;
    if (showsEmptyState() || columns_ == 0 || !plot_->axisRect()->rect().contains(event->pos())) return;
    const double x = plot_->xAxis->pixelToCoord(event->pos().x());
    doc_->setCurrentToken(std::clamp(static_cast<int>(std::lround(x)), firstToken_, firstToken_ + columns_ - 1));
}

void LayerHeatmapView::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        applyColors();
        plot_->replot(QCustomPlot::rpQueuedReplot);
    }
}

void LayerHeatmapView::applyColors() {
    const QPalette pal = palette();
    applyPlotPalette(plot_, pal);
    // The side element not in the layout right now misses the loop in
    // applyPlotPalette: colour both explicitly.
    const QColor text = pal.color(QPalette::Text);
    QCPAxis* a = scale_->axis();
    a->setBasePen(QPen(text));
    a->setTickPen(QPen(text));
    a->setSubTickPen(QPen(text));
    a->setLabelColor(text);
    a->setTickLabelColor(text);
    plot_->legend->setBrush(pal.color(QPalette::Base));
    plot_->legend->setBorderPen(QPen(pal.color(QPalette::Mid)));
    plot_->legend->setTextColor(text);
    // The marker must stand out on every ramp colour: the palette's
    // highlight with a contrasting outline would be busy; a dashed line in
    // the text colour reads on both the cells and the background.
    marker_->setPen(QPen(text, 1.5, Qt::DashLine));
    emptyText_->setColor(pal.color(QPalette::PlaceholderText));
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 1.15);
    emptyText_->setFont(f);
}

} // namespace views
} // namespace specscope
