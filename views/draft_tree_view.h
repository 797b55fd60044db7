// The draft tree of one step: what the drafter proposed and what the target
// kept. Nodes go left to right by depth from the root (the last token before
// the step), filled by verdict and faded by draft probability; the accepted
// path runs straight along the top with thick edges, followed by a dashed
// chip for the token the target emitted itself (correction or bonus). A
// slider walks the steps through the shared document position.
#pragma once

#include <QRectF>
#include <QWidget>

#include <vector>

class QLabel;
class QSlider;
class QToolButton;

namespace specscope {
namespace views {

class RunDocument;

class DraftTreeView : public QWidget {
    Q_OBJECT
public:
    explicit DraftTreeView(RunDocument* doc, QWidget* parent = nullptr);

    // What is drawn (for tests and tools). Nodes are numbered as in the
    // step's tree records; the target's own token is not a node.
    int shownStep() const { return step_; }              // -1 when no step is shown
    int nodeCount() const { return static_cast<int>(nodes_.size()); }  // 0 in the empty states
    QColor nodeColor(int node) const;                    // verdict colour; alpha = the p_draft opacity
    bool nodeOnAcceptedPath(int node) const;             // root and the accepted nodes below it
    QString nodeLabel(int node) const;                   // token text on the accepted path, else "#id"
    QRectF nodeRect(int node) const;                     // in widget coordinates
    int nodeAt(QPoint pos) const;                        // -1 for none
    QString headerText() const;                          // the step line above the tree
    QString emptyText() const;                           // what is shown instead of a tree ("" when a tree is shown)

    QSize sizeHint() const override;

protected:
    bool event(QEvent* event) override;
    void changeEvent(QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    struct Node {
        int parent = -1;       // index into nodes_
        int depth = 0;
        int row = 0;           // layout row, top to bottom
        bool onPath = false;
        int token = -1;        // document token index it stands for (accepted path only), else -1
        QString label;
        QRectF box;            // in scene coordinates
    };
    // The token the target emitted after the accepted path.
    struct Emitted {
        int token = -1;        // document token index; -1 when there is none
        int parent = -1;       // the last node of the accepted path
        QRectF box;
    };

    void rebuild();            // the tree of doc->shownStep()
    void layoutNodes();
    void updateControls();
    void updateGeometries();
    QRect treeArea() const;
    QTransform sceneToWidget() const;
    double opacity(int node) const;
    QString nodeToolTip(int node) const;

    RunDocument* doc_;
    QWidget* header_;
    QLabel* info_;
    QToolButton* prev_;
    QSlider* slider_;
    QToolButton* next_;

    int step_ = -1;
    std::vector<Node> nodes_;
    Emitted emitted_;
    QSizeF sceneSize_;
};

} // namespace views
} // namespace specscope
