// Items the plot views share: the centred empty-state text and the vertical
// marker at the current step or token.
#pragma once

#include <qcustomplot.h>

namespace specscope {
namespace views {

// A text item centred in `rect` (the plot's main axis rect when null), not
// clipped, for "No run yet" and the like.
QCPItemText* addEmptyStateText(QCustomPlot* plot, QCPAxisRect* rect = nullptr);

// Shows the vertical line at x (a step or a token position), or hides it.
void setVerticalMarker(QCPItemStraightLine* marker, double x, bool visible);

} // namespace views
} // namespace specscope
