#include "views/plot_items.h"

namespace specscope {
namespace views {

QCPItemText* addEmptyStateText(QCustomPlot* plot, QCPAxisRect* rect) {
    auto* text = new QCPItemText(plot);
    text->setClipToAxisRect(false);
    text->position->setType(QCPItemPosition::ptAxisRectRatio);
    if (rect) text->position->setAxisRect(rect);
    text->position->setCoords(0.5, 0.5);
    text->setPositionAlignment(Qt::AlignCenter);
    return text;
}

void setVerticalMarker(QCPItemStraightLine* marker, double x, bool visible) {
    marker->setVisible(visible);
    if (!visible) return;
    marker->point1->setCoords(x, 0);
    marker->point2->setCoords(x, 1);
}

XRangeFollower::XRangeFollower(QCustomPlot* plot, QCPAxis* axis, std::function<void()> refit)
    : QObject(plot), axis_(axis) {
    // Any change this class did not make is the user's drag or zoom.
    connect(axis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this] {
        if (!fitting_) following_ = false;
    });
    connect(plot, &QCustomPlot::mouseDoubleClick, this, [this, refit] {
        following_ = true;
        if (refit) refit();
    });
}

void XRangeFollower::fit(double lower, double upper) {
    if (!following_) return;
    fitting_ = true;
    axis_->setRange(lower, upper);
    fitting_ = false;
}

} // namespace views
} // namespace specscope
