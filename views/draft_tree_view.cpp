#include "views/draft_tree_view.h"

#include <QGridLayout>
#include <QHelpEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QSlider>
#include <QToolButton>
#include <QToolTip>

#include <algorithm>
#include <cmath>
#include <functional>
#include <unordered_map>

#include "views/palette.h"
#include "views/run_document.h"

namespace specscope {
namespace views {

namespace {

constexpr int kMinBoxWidth = 28;
constexpr int kMaxBoxWidth = 120;  // longer labels are elided: columns stay narrow enough for depth 10
constexpr int kColumnGap = 30;
constexpr int kRowGap = 10;
constexpr int kAreaMargin = 12;

QColor mixed(const QColor& under, const QColor& over, double alpha) {
    auto mix = [alpha](int a, int b) { return static_cast<int>(std::lround(a + alpha * (b - a))); };
    return QColor(mix(under.red(), over.red()), mix(under.green(), over.green()), mix(under.blue(), over.blue()));
}

} // namespace

DraftTreeView::DraftTreeView(RunDocument* doc, QWidget* parent) : QWidget(parent), doc_(doc) {
    header_ = new QWidget(this);
    auto* grid = new QGridLayout(header_);
    grid->setContentsMargins(6, 4, 6, 2);
    grid->setVerticalSpacing(2);
    info_ = new QLabel(header_);
    info_->setTextFormat(Qt::PlainText);
    // A long draft reason must not dictate the view's minimum width.
    info_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    prev_ = new QToolButton(header_);
    prev_->setArrowType(Qt::LeftArrow);
    prev_->setToolTip(tr("Previous step"));
    prev_->setAutoRaise(true);
    next_ = new QToolButton(header_);
    next_->setArrowType(Qt::RightArrow);
    next_->setToolTip(tr("Next step"));
    next_->setAutoRaise(true);
    slider_ = new QSlider(Qt::Horizontal, header_);
    slider_->setToolTip(tr("Step"));
    grid->addWidget(info_, 0, 0, 1, 3);
    grid->addWidget(prev_, 1, 0);
    grid->addWidget(slider_, 1, 1);
    grid->addWidget(next_, 1, 2);

    connect(slider_, &QSlider::valueChanged, this, [this](int value) { doc_->setCurrentStep(value); });
    connect(prev_, &QToolButton::clicked, this, [this] { doc_->setCurrentStep(std::max(0, step_ - 1)); });
    connect(next_, &QToolButton::clicked, this,
            [this] { doc_->setCurrentStep(std::min(doc_->stepCount() - 1, step_ + 1)); });

    connect(doc_, &RunDocument::reset, this, &DraftTreeView::rebuild);
    connect(doc_, &RunDocument::stepsAppended, this, [this] {
        // A pinned step stays; a view following the latest step moves on.
        if (doc_->shownStep() != step_) rebuild();
        else updateControls();
    });
    connect(doc_, &RunDocument::currentStepChanged, this, &DraftTreeView::rebuild);
    // The highlighted node follows the current token.
    connect(doc_, &RunDocument::currentTokenChanged, this, qOverload<>(&QWidget::update));

    updateGeometries();
    rebuild();
}

QSize DraftTreeView::sizeHint() const { return {480, 320}; }

// --- model ---

void DraftTreeView::rebuild() {
    step_ = doc_->shownStep();
    nodes_.clear();
    emitted_ = Emitted{};
    if (step_ >= 0 && step_ < doc_->stepCount()) {
        const StepEvent& event = doc_->steps()[step_];
        const std::vector<TreeNodeRecord>& tree = event.tree;
        const int first = doc_->firstTokenOfStep(step_);
        const int emittedCount = static_cast<int>(event.tokens.size());

        std::unordered_map<int, int> byId;  // node id -> index; records are normally in id order
        for (int i = 0; i < static_cast<int>(tree.size()); ++i) byId[tree[i].node] = i;
        nodes_.resize(tree.size());
        for (int i = 0; i < static_cast<int>(tree.size()); ++i) {
            const auto it = byId.find(tree[i].parent);
            nodes_[i].parent = tree[i].parent >= 0 && it != byId.end() && it->second != i ? it->second : -1;
        }
        // Depth and accepted path from the parents (records come parents first,
        // but a walk up the chain does not rely on it). The guard stops cycles.
        for (int i = 0; i < static_cast<int>(nodes_.size()); ++i) {
            int depth = 0;
            bool onPath = true;
            const int limit = static_cast<int>(nodes_.size());
            for (int n = i, guard = 0; n >= 0 && guard <= limit; n = nodes_[n].parent, ++guard) {
                if (nodes_[n].parent >= 0) {
                    ++depth;
                    onPath = onPath && tree[n].verdict == Verdict::Accepted;
                }
            }
            nodes_[i].depth = depth;
            nodes_[i].onPath = onPath;
        }
        // Labels: the emitted token's text on the accepted path (the root is
        // the token before the step), the tree record's text elsewhere.
        int pathEnd = -1;
        for (int i = 0; i < static_cast<int>(nodes_.size()); ++i) {
            Node& node = nodes_[i];
            const int token = node.onPath ? first + node.depth - 1 : -1;
            const bool inStep = node.depth == 0 ? token >= 0 : node.depth - 1 < emittedCount;
            if (node.onPath && inStep && token < doc_->tokenCount() && doc_->token(token).id == tree[i].token) {
                node.label = displayText(doc_->token(token).text);
                if (node.depth > 0) node.token = token;
            } else if (!tree[i].text.empty()) {
                node.label = displayText(tree[i].text);  // a draft never emitted: its text from the tree record
            } else {
                node.label = QStringLiteral("#%1").arg(tree[i].token);  // traces from before schema 2
            }
            if (node.onPath && (pathEnd < 0 || node.depth > nodes_[pathEnd].depth)) pathEnd = i;
        }
        // The token after the accepted drafts is the target's own (correction or bonus).
        const int accepted = pathEnd >= 0 ? nodes_[pathEnd].depth : 0;
        if (pathEnd >= 0 && accepted < emittedCount) {
            const TokenSource source = event.tokens[accepted].source;
            if (source == TokenSource::Correction || source == TokenSource::Bonus) {
                emitted_.token = first + accepted;
                emitted_.parent = pathEnd;
            }
        }
        layoutNodes();
    }
    updateControls();
    update();
}

void DraftTreeView::layoutNodes() {
    const int n = static_cast<int>(nodes_.size());
    const std::vector<TreeNodeRecord>& tree = doc_->steps()[step_].tree;
    const int emittedSlot = n;  // the emitted token takes part in the layout as an extra child
    std::vector<std::vector<int>> children(n + 1);
    std::vector<int> roots;
    for (int i = 0; i < n; ++i) {
        if (nodes_[i].parent >= 0) children[nodes_[i].parent].push_back(i);
        else roots.push_back(i);
    }
    // The accepted path comes first, so it runs straight along the top row;
    // then the more probable drafts.
    auto before = [&](int a, int b) {
        if (nodes_[a].onPath != nodes_[b].onPath) return nodes_[a].onPath;
        const float pa = std::isnan(tree[a].p_draft) ? -1 : tree[a].p_draft;
        const float pb = std::isnan(tree[b].p_draft) ? -1 : tree[b].p_draft;
        return pa != pb ? pa > pb : a < b;
    };
    for (auto& c : children) std::sort(c.begin(), c.end(), before);
    if (emitted_.token >= 0) children[emitted_.parent].insert(children[emitted_.parent].begin(), emittedSlot);

    // Leaves take consecutive rows; a parent sits on its first child's row.
    int nextRow = 0, maxDepth = 0;
    std::vector<int> rowOf(n + 1, 0), depthOf(n + 1, 0);
    std::vector<bool> placed(n + 1, false);
    std::function<void(int, int)> place = [&](int node, int depth) {
        placed[node] = true;
        depthOf[node] = depth;
        maxDepth = std::max(maxDepth, depth);
        bool first = true;
        for (int child : children[node]) {
            if (placed[child]) continue;
            place(child, depth + 1);
            if (first) rowOf[node] = rowOf[child];
            first = false;
        }
        if (first) rowOf[node] = nextRow++;
    };
    for (int r : roots) place(r, 0);
    for (int i = 0; i < n; ++i)  // nodes in a parent cycle
        if (!placed[i]) place(i, 0);

    // Box size: one width for all, from the longest label.
    const QFontMetrics fm(font());
    int labelWidth = 0;
    for (const Node& node : nodes_) labelWidth = std::max(labelWidth, fm.horizontalAdvance(node.label));
    if (emitted_.token >= 0) {
        labelWidth = std::max(labelWidth, fm.horizontalAdvance(displayText(doc_->token(emitted_.token).text)));
    }
    const double w = std::clamp(labelWidth + 12, kMinBoxWidth, kMaxBoxWidth);
    const double h = fm.height() + 6;
    auto box = [&](int slot) {
        return QRectF(depthOf[slot] * (w + kColumnGap), rowOf[slot] * (h + kRowGap), w, h);
    };
    for (int i = 0; i < n; ++i) {
        nodes_[i].row = rowOf[i];
        nodes_[i].box = box(i);
    }
    if (emitted_.token >= 0) emitted_.box = box(emittedSlot);
    sceneSize_ = QSizeF((maxDepth + 1) * (w + kColumnGap) - kColumnGap, nextRow * (h + kRowGap) - kRowGap);
}

void DraftTreeView::updateControls() {
    const QSignalBlocker block(slider_);
    const int steps = doc_->stepCount();
    slider_->setRange(0, std::max(0, steps - 1));
    slider_->setValue(std::max(0, step_));
    slider_->setEnabled(steps > 1);
    prev_->setEnabled(step_ > 0);
    next_->setEnabled(step_ >= 0 && step_ < steps - 1);
    info_->setText(headerText());
}

QString DraftTreeView::headerText() const {
    if (step_ < 0 || step_ >= doc_->stepCount()) return tr("No step");
    const StepRecord& s = doc_->steps()[step_].step;
    QString text = tr("Step %1 of %2 · drafted %3 · accepted %4")
                       .arg(step_ + 1)
                       .arg(doc_->stepCount())
                       .arg(s.drafted)
                       .arg(s.accepted);
    if (!s.draft_reason.empty()) text += tr(" · reason: %1").arg(QString::fromStdString(s.draft_reason));
    return text;
}

QString DraftTreeView::emptyText() const {
    if (doc_->isEmpty()) return tr("No run yet");
    if (doc_->stepCount() == 0) return tr("Waiting for the first step");
    if (nodes_.empty()) return tr("No draft tree: this method does not draft");
    return {};
}

// --- queries ---

double DraftTreeView::opacity(int node) const {
    // Unlikely drafts fade; the root has no draft probability and is solid.
    const float p = doc_->steps()[step_].tree[node].p_draft;
    return std::isnan(p) ? 1.0 : 0.3 + 0.7 * std::clamp(static_cast<double>(p), 0.0, 1.0);
}

QColor DraftTreeView::nodeColor(int node) const {
    if (node < 0 || node >= nodeCount()) return {};
    QColor c = verdictColor(doc_->steps()[step_].tree[node].verdict, palette());
    c.setAlphaF(static_cast<float>(opacity(node)));
    return c;
}

bool DraftTreeView::nodeOnAcceptedPath(int node) const {
    return node >= 0 && node < nodeCount() && nodes_[node].onPath;
}

QString DraftTreeView::nodeLabel(int node) const {
    return node >= 0 && node < nodeCount() ? nodes_[node].label : QString();
}

QTransform DraftTreeView::sceneToWidget() const {
    // Fit the tree into the area, never enlarged past its natural size, centred.
    // A tall tree (a dynamic tree of 60 nodes) is not shrunk below a readable
    // size to fit its height: it keeps its width, the accepted path stays in
    // the top row, and the least probable branches fall off the bottom.
    const QRectF area = QRectF(treeArea()).adjusted(kAreaMargin, kAreaMargin, -kAreaMargin, -kAreaMargin);
    if (sceneSize_.isEmpty() || area.isEmpty()) return {};
    const double fitWidth = std::min(1.0, area.width() / sceneSize_.width());
    const double fitBoth = std::min(fitWidth, area.height() / sceneSize_.height());
    const double scale = std::max(fitBoth, std::min(fitWidth, 0.7));
    const double dx = area.left() + (area.width() - scale * sceneSize_.width()) / 2;
    const double dy = area.top() + std::max(0.0, (area.height() - scale * sceneSize_.height()) / 2);
    return QTransform(scale, 0, 0, scale, dx, dy);
}

QRectF DraftTreeView::nodeRect(int node) const {
    if (node < 0 || node >= nodeCount()) return {};
    return sceneToWidget().mapRect(nodes_[node].box);
}

int DraftTreeView::nodeAt(QPoint pos) const {
    for (int i = 0; i < nodeCount(); ++i)
        if (nodeRect(i).contains(pos)) return i;
    return -1;
}

QString DraftTreeView::nodeToolTip(int node) const {
    const TreeNodeRecord& r = doc_->steps()[step_].tree[node];
    QString html = QStringLiteral("<b>%1</b><table>").arg(nodes_[node].label.toHtmlEscaped());
    auto row = [&html](const QString& name, const QString& value) {
        html += QStringLiteral("<tr><td>%1</td><td>%2</td></tr>").arg(name, value);
    };
    row(tr("token id"), QString::number(r.token));
    row(tr("depth"), QString::number(nodes_[node].depth));
    row(tr("p draft"), std::isnan(r.p_draft) ? tr("n/a") : QString::number(r.p_draft, 'f', 4));
    row(tr("verdict"), nodes_[node].parent < 0 ? tr("root (last token before the step)") : verdictName(r.verdict));
    return html + QStringLiteral("</table>");
}

// --- geometry ---

void DraftTreeView::updateGeometries() {
    header_->setGeometry(0, 0, width(), header_->sizeHint().height());
}

QRect DraftTreeView::treeArea() const {
    const int top = header_->geometry().bottom() + 1;
    return QRect(0, top, width(), std::max(0, height() - top));
}

void DraftTreeView::resizeEvent(QResizeEvent*) { updateGeometries(); }

void DraftTreeView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::FontChange) {
        updateGeometries();
        rebuild();  // box sizes follow the font
    }
    QWidget::changeEvent(event);
}

// --- painting ---

void DraftTreeView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const QRect area = treeArea();
    const QPalette& pal = palette();
    const QColor base = pal.color(QPalette::Base);
    p.fillRect(area, base);
    p.setClipRect(area);
    if (nodes_.empty()) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(area.adjusted(kAreaMargin, 0, -kAreaMargin, 0), Qt::AlignCenter | Qt::TextWordWrap, emptyText());
        return;
    }

    p.setRenderHint(QPainter::Antialiasing, true);
    p.setTransform(sceneToWidget());
    const QColor highlight = pal.color(QPalette::Highlight);
    QColor edge = pal.color(QPalette::Text);
    edge.setAlphaF(0.35f);
    auto drawEdge = [&p](const QRectF& from, const QRectF& to) {
        const QPointF a(from.right(), from.center().y()), b(to.left(), to.center().y());
        const double mid = (a.x() + b.x()) / 2;
        QPainterPath path(a);
        path.cubicTo(QPointF(mid, a.y()), QPointF(mid, b.y()), b);
        p.drawPath(path);
    };

    // Edges under the nodes; the accepted path on top of the others.
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(edge, 1.2));
    for (const Node& node : nodes_)
        if (node.parent >= 0 && !node.onPath) drawEdge(nodes_[node.parent].box, node.box);
    p.setPen(QPen(highlight, 3.5, Qt::SolidLine, Qt::RoundCap));
    for (const Node& node : nodes_)
        if (node.parent >= 0 && node.onPath) drawEdge(nodes_[node.parent].box, node.box);

    const QFontMetrics fm(font());
    const int current = doc_->currentToken();
    auto label = [&](const QRectF& box, const QString& text, const QColor& color) {
        p.setPen(color);
        p.drawText(box.adjusted(4, 0, -4, 0), Qt::AlignCenter | Qt::TextSingleLine,
                   fm.elidedText(text, Qt::ElideRight, static_cast<int>(box.width()) - 8));
    };
    for (int i = 0; i < nodeCount(); ++i) {
        const Node& node = nodes_[i];
        const QColor fill = nodeColor(i);
        QColor solid = fill;
        solid.setAlpha(255);
        p.setPen(QPen(solid.darker(isDark(pal) ? 70 : 130), 1));
        p.setBrush(fill);
        p.drawRoundedRect(node.box, 5, 5);
        label(node.box, node.label, textOn(mixed(base, solid, fill.alphaF())));
        if (node.token >= 0 && node.token == current) {
            p.setPen(QPen(highlight, 2.5));
            p.setBrush(Qt::NoBrush);
            p.drawRoundedRect(node.box.adjusted(-2.5, -2.5, 2.5, 2.5), 6, 6);
        }
    }

    // The target's own token after the accepted path: dashed, as it was never drafted.
    if (emitted_.token >= 0) {
        const TokenRecord& t = doc_->token(emitted_.token);
        const QColor fill = sourceColor(t.source, pal);
        p.setPen(QPen(highlight, 2, Qt::DashLine));
        p.setBrush(Qt::NoBrush);
        drawEdge(nodes_[emitted_.parent].box, emitted_.box);
        p.setPen(QPen(textOn(fill), 1, Qt::DashLine));
        p.setBrush(fill);
        p.drawRoundedRect(emitted_.box, 5, 5);
        label(emitted_.box, displayText(t.text), textOn(fill));
        if (emitted_.token == current) {
            p.setPen(QPen(highlight, 2.5));
            p.setBrush(Qt::NoBrush);
            p.drawRoundedRect(emitted_.box.adjusted(-2.5, -2.5, 2.5, 2.5), 6, 6);
        }
    }
}

// --- interaction ---

void DraftTreeView::mousePressEvent(QMouseEvent* event) {
    // A node on the accepted path, or the target's token, selects the token it became.
    const QPoint pos = event->position().toPoint();
    const int node = nodeAt(pos);
    if (node >= 0 && nodes_[node].token >= 0) {
        doc_->setCurrentToken(nodes_[node].token);
    } else if (emitted_.token >= 0 && sceneToWidget().mapRect(emitted_.box).contains(pos)) {
        doc_->setCurrentToken(emitted_.token);
    }
    QWidget::mousePressEvent(event);
}

bool DraftTreeView::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int node = nodeAt(help->pos());
        if (node >= 0) {
            QToolTip::showText(help->globalPos(), nodeToolTip(node), this, nodeRect(node).toAlignedRect());
        } else if (emitted_.token >= 0 && sceneToWidget().mapRect(emitted_.box).contains(help->pos())) {
            const TokenRecord& t = doc_->token(emitted_.token);
            QToolTip::showText(help->globalPos(),
                               tr("<b>%1</b><br>emitted by the target itself (%2), not drafted")
                                   .arg(displayText(t.text).toHtmlEscaped(), sourceName(t.source)),
                               this);
        } else {
            QToolTip::hideText();
            event->ignore();
        }
        return true;
    }
    return QWidget::event(event);
}

} // namespace views
} // namespace specscope
