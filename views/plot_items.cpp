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

} // namespace views
} // namespace specscope
