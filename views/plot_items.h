// Items the plot views share: the centred empty-state text and the vertical
// marker at the current step or token.
#pragma once

#include <functional>

#include <qcustomplot.h>

namespace specscope {
namespace views {

// A text item centred in `rect` (the plot's main axis rect when null), not
// clipped, for "No run yet" and the like.
QCPItemText* addEmptyStateText(QCustomPlot* plot, QCPAxisRect* rect = nullptr);

// Shows the vertical line at x (a step or a token position), or hides it.
void setVerticalMarker(QCPItemStraightLine* marker, double x, bool visible);

// A live plot's x range: it follows the data as steps arrive until the user
// zooms or drags the axis, then stays where the user put it (a live run no
// longer throws the view back every batch). A double click on the plot, or
// a new run (follow()), makes it follow the data again.
class XRangeFollower : public QObject {
public:
    // `refit` redraws the plot's ranges (the view's finishUpdate).
    XRangeFollower(QCustomPlot* plot, QCPAxis* axis, std::function<void()> refit);
    bool following() const { return following_; }
    void follow() { following_ = true; }
    // The data's range: applied while following, ignored otherwise.
    void fit(double lower, double upper);

private:
    QCPAxis* axis_;
    bool following_ = true;
    bool fitting_ = false;
};

} // namespace views
} // namespace specscope
