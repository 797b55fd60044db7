// What happens inside the model, layer by layer: a heatmap with the
// generated tokens along x (their sequence positions, as in every view) and
// the layers up y (0 at the bottom), one cell per LayerRecord. The quantity
// selector shows the route a layer took for a token (categorical, with a
// legend), the logit-lens entropy (bits), whether the lens's top-1 agrees
// with the final layer, or the cosine of the hidden state to the final one
// (continuous, with a colour scale). Cells without a record are left as
// background. Methods that report no layers get an explanatory text.
// Clicking a cell selects its token; a live run grows the map in chunks.
#pragma once

#include <QPoint>
#include <QWidget>

#include <string>

#include "trace/events.h"

class QComboBox;
class QCustomPlot;
class QCPBars;
class QCPColorMap;
class QCPColorScale;
class QCPItemStraightLine;
class QCPItemText;
class QCPLayoutElement;
class QCPLayoutGrid;
class QMouseEvent;

namespace specscope {
namespace views {

class RunDocument;
class XRangeFollower;

class LayerHeatmapView : public QWidget {
    Q_OBJECT
public:
    enum Quantity { Route, LensEntropy, Top1Agree, CosFinal };
    Q_ENUM(Quantity)

    explicit LayerHeatmapView(RunDocument* doc, QWidget* parent = nullptr);

    QCustomPlot* plot() const { return plot_; }

    Quantity quantity() const { return quantity_; }
    void setQuantity(Quantity quantity);  // also the toolbar's selector

    // The value a Route cell holds for a route name: 0 draft, 1 verify,
    // 2 big, 3 small, 4 skip, 5 exit; NaN for anything else ("" included).
    static double routeValue(const std::string& route);

    // --- what is drawn (for tests) ---
    bool showsEmptyState() const;
    QString emptyStateText() const;  // empty when the map has data
    int cellColumns() const { return columns_; }  // generated tokens
    int cellRows() const { return rows_; }        // layers
    // The selected quantity at a generated token (0 = first generated) and
    // layer; NaN for a cell without a record or outside the map.
    double cellValue(int tokenIndexFromStartOfGeneration, int layer) const;
    double markerPosition() const;  // x of the current-token line; NaN when hidden

protected:
    void changeEvent(QEvent* event) override;

private:
    void rebuild();
    void append(int firstStep, int lastStep);
    void allocate(int capacity);           // sizes the map (cells NaN) for `capacity` columns
    void fillSteps(int firstStep, int lastStep);
    void refill();                         // every step again (quantity change, growth)
    double valueOf(const LayerRecord& record) const;
    void updateQuantityStyle();            // gradient, data range, scale or legend
    void showSideElement(bool legend);     // the legend or the colour scale beside the map
    void finishUpdate();
    void updateMarker();
    void applyColors();
    void onMouseRelease(QMouseEvent* event);

    RunDocument* doc_;
    QComboBox* quantityBox_;
    QCustomPlot* plot_;
    QCPColorMap* map_;
    QCPColorScale* scale_;
    QCPLayoutGrid* side_;         // right of the map: the scale, or the legend over a spacer
    QCPLayoutElement* spacer_;    // keeps the legend compact at the top
    int sideShown_ = -1;          // what side_ holds: 0 spacer only, 1 scale, 2 legend (-1 not set up)
    QCPBars* routeSwatches_[6];  // empty plottables: only their legend entries show
    QCPItemStraightLine* marker_;
    QCPItemText* emptyText_;
    XRangeFollower* xRange_;  // the step/token axis follows the data until the user zooms

    Quantity quantity_ = Route;
    int firstToken_ = 0;  // sequence index of the first generated token
    int columns_ = 0;     // generated tokens shown
    int rows_ = 0;        // layers
    int capacity_ = 0;    // columns allocated in the map (>= columns_)
    double lo_ = 0, hi_ = 0;  // range of the values set, for the colour scale
    QPoint pressPos_;
};

} // namespace views
} // namespace specscope
