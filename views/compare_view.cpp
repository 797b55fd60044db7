#include "views/compare_view.h"

#include <QCoreApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QHelpEvent>
#include <QLabel>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QSplitter>
#include <QTableWidget>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "views/palette.h"
#include "views/run_document.h"

namespace specscope {
namespace views {

namespace {

constexpr int kMargin = 4;     // around the strip's content
constexpr int kPad = 3;        // text inside a token box, left and right
constexpr int kGap = 2;        // between boxes and between rows
constexpr int kMaxChars = 24;  // a longer token text is elided so one token cannot fill a row

QString qs(const std::string& s) { return QString::fromStdString(s); }

} // namespace

// ---------------------------------------------------------------------------
// CompareStrip

CompareStrip::CompareStrip(QWidget* parent) : QAbstractScrollArea(parent) {
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);  // rows wrap to the width
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    viewport()->setMouseTracking(false);
    // A user scroll means "stop pulling me back to the divergence".
    connect(verticalScrollBar(), &QScrollBar::actionTriggered, this, [this] { followHighlight_ = false; });
}

QSize CompareStrip::sizeHint() const { return {360, 200}; }

void CompareStrip::setDocument(RunDocument* document) {
    if (doc_) disconnect(doc_, nullptr, this, nullptr);
    doc_ = document;
    texts_.clear();
    widths_.clear();
    highlight_ = -1;
    if (doc_) {
        connect(doc_, &RunDocument::reset, this, [this] {
            texts_.clear();
            widths_.clear();
            highlight_ = -1;
            measure();
        });
        connect(doc_, &RunDocument::stepsAppended, this, [this] { measure(); });
        connect(doc_, &RunDocument::currentTokenChanged, viewport(), [this] { viewport()->update(); });
        connect(doc_, &QObject::destroyed, this, [this] { setDocument(nullptr); });
    }
    measure();
}

void CompareStrip::measure() {
    // Only tokens not measured yet: a live run appends, it never changes
    // what is already there (a reset clears the cache first).
    const int n = doc_ ? doc_->tokenCount() : 0;
    const QFontMetrics fm(font());
    texts_.reserve(static_cast<std::size_t>(n));
    widths_.reserve(static_cast<std::size_t>(n));
    for (int i = static_cast<int>(texts_.size()); i < n; ++i) {
        QString t = displayText(doc_->token(i).text);
        if (t.size() > kMaxChars) t = t.left(kMaxChars - 1) + QStringLiteral("…");
        texts_.push_back(t);
        widths_.push_back(std::max(8, fm.horizontalAdvance(t) + 2 * kPad));
    }
    layoutWidth_ = -1;
    relayout();
}

int CompareStrip::rowHeight() const { return QFontMetrics(font()).height() + 4 + kGap; }

void CompareStrip::relayout() {
    const int available = std::max(40, viewport()->width() - 2 * kMargin);
    if (available != layoutWidth_) {
        layoutWidth_ = available;
        const int n = static_cast<int>(widths_.size());
        const int prompt = doc_ ? doc_->promptCount() : 0;
        xs_.assign(static_cast<std::size_t>(n), 0);
        rowOf_.assign(static_cast<std::size_t>(n), 0);
        int x = 0, row = 0;
        for (int i = 0; i < n; ++i) {
            const int w = std::min(widths_[static_cast<std::size_t>(i)], available);
            // The generated tokens start on a row of their own, below the prompt.
            if (x > 0 && (x + w > available || i == prompt)) {
                ++row;
                x = 0;
            }
            xs_[static_cast<std::size_t>(i)] = x;
            rowOf_[static_cast<std::size_t>(i)] = row;
            x += w + kGap;
        }
        rows_ = n ? row + 1 : 0;
    }
    const int contentHeight = rows_ * rowHeight() + 2 * kMargin;
    verticalScrollBar()->setRange(0, std::max(0, contentHeight - viewport()->height()));
    verticalScrollBar()->setPageStep(viewport()->height());
    verticalScrollBar()->setSingleStep(rowHeight());
    if (followHighlight_ && highlight_ >= 0) ensureTokenVisible(highlight_);
    viewport()->update();
}

QRect CompareStrip::contentRect(int i) const {
    if (i < 0 || i >= static_cast<int>(xs_.size())) return {};
    const auto k = static_cast<std::size_t>(i);
    const int w = std::min(widths_[k], layoutWidth_);
    return {kMargin + xs_[k], kMargin + rowOf_[k] * rowHeight(), w, rowHeight() - kGap};
}

QRect CompareStrip::tokenRect(int tokenIndex) const {
    return contentRect(tokenIndex).translated(0, -verticalScrollBar()->value());
}

bool CompareStrip::isTokenVisible(int tokenIndex) const {
    const QRect r = tokenRect(tokenIndex);
    return r.isValid() && viewport()->rect().contains(r);
}

int CompareStrip::tokenAt(const QPoint& pos) const {
    const int y = pos.y() + verticalScrollBar()->value() - kMargin;
    if (y < 0 || rows_ == 0) return -1;
    const int row = y / rowHeight();
    // rowOf_ never decreases: the row's tokens are one contiguous range.
    auto first = std::lower_bound(rowOf_.begin(), rowOf_.end(), row);
    for (auto it = first; it != rowOf_.end() && *it == row; ++it) {
        const int i = static_cast<int>(it - rowOf_.begin());
        if (tokenRect(i).contains(pos)) return i;
    }
    return -1;
}

void CompareStrip::setHighlight(int tokenIndex) {
    highlight_ = (doc_ && tokenIndex >= 0 && tokenIndex < doc_->tokenCount()) ? tokenIndex : -1;
    followHighlight_ = highlight_ >= 0;
    if (highlight_ >= 0) ensureTokenVisible(highlight_);
    viewport()->update();
}

void CompareStrip::ensureTokenVisible(int tokenIndex) {
    const QRect r = contentRect(tokenIndex);
    if (!r.isValid()) return;
    const int top = verticalScrollBar()->value(), h = viewport()->height();
    // Centre it when it is out of view, so the tokens before it show too.
    if (r.top() < top || r.bottom() > top + h) verticalScrollBar()->setValue(r.center().y() - h / 2);
}

void CompareStrip::paintEvent(QPaintEvent*) {
    QPainter p(viewport());
    const QPalette& pal = palette();
    p.fillRect(viewport()->rect(), pal.color(QPalette::Base));
    if (rows_ == 0) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(viewport()->rect(), Qt::AlignCenter, tr("No run"));
        return;
    }
    const int scroll = verticalScrollBar()->value();
    const int firstRow = std::max(0, (scroll - kMargin) / rowHeight());
    const int lastRow = (scroll + viewport()->height()) / rowHeight();
    const int current = doc_ ? doc_->currentToken() : -1;
    const QColor frame = pal.color(QPalette::WindowText);
    auto it = std::lower_bound(rowOf_.begin(), rowOf_.end(), firstRow);
    for (; it != rowOf_.end() && *it <= lastRow; ++it) {
        const int i = static_cast<int>(it - rowOf_.begin());
        const QRect r = tokenRect(i);
        const QColor bg = sourceColor(doc_->token(i).source, pal);
        p.fillRect(r, bg);
        if (doc_->token(i).source == TokenSource::Prompt) {
            // The prompt's colour is close to the background: outline it.
            p.setPen(pal.color(QPalette::Mid));
            p.drawRect(r.adjusted(0, 0, -1, -1));
        }
        p.setPen(textOn(bg));
        p.drawText(r.adjusted(kPad, 0, -kPad, 0), Qt::AlignVCenter | Qt::AlignLeft | Qt::TextSingleLine,
                   texts_[static_cast<std::size_t>(i)]);
        if (i == current) {
            p.setPen(QPen(frame, 1, Qt::DashLine));
            p.setBrush(Qt::NoBrush);
            p.drawRect(r.adjusted(0, 0, -1, -1));
        }
    }
    if (highlight_ >= 0) {
        // A frame outside the box, in the text colour: it stands out on
        // every source colour, light or dark.
        const QRect r = tokenRect(highlight_).adjusted(-2, -2, 1, 1);
        p.setPen(QPen(frame, 2));
        p.setBrush(Qt::NoBrush);
        p.drawRect(r);
    }
}

void CompareStrip::resizeEvent(QResizeEvent* event) {
    QAbstractScrollArea::resizeEvent(event);
    relayout();
}

void CompareStrip::mousePressEvent(QMouseEvent* event) {
    const int i = tokenAt(event->position().toPoint());
    if (i >= 0) {
        if (doc_) doc_->setCurrentToken(i);
        Q_EMIT tokenClicked(i);
    }
    QAbstractScrollArea::mousePressEvent(event);
}

void CompareStrip::wheelEvent(QWheelEvent* event) {
    followHighlight_ = false;
    QAbstractScrollArea::wheelEvent(event);
}

bool CompareStrip::viewportEvent(QEvent* event) {
    if (event->type() == QEvent::ToolTip && doc_) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int i = tokenAt(help->pos());
        if (i < 0) {
            QToolTip::hideText();
        } else {
            const TokenRecord& t = doc_->token(i);
            QString tip = tr("'%1' · %2 · position %3").arg(displayText(t.text), sourceName(t.source)).arg(t.position);
            if (t.step >= 0) tip += tr(" · step %1").arg(t.step);
            if (i >= doc_->promptCount()) tip += tr(" · generated token %1").arg(i - doc_->promptCount());
            QToolTip::showText(help->globalPos(), tip, viewport());
        }
        return true;
    }
    return QAbstractScrollArea::viewportEvent(event);
}

void CompareStrip::changeEvent(QEvent* event) {
    if (event->type() == QEvent::FontChange) {
        texts_.clear();
        widths_.clear();
        measure();
    }
    QAbstractScrollArea::changeEvent(event);
}

// ---------------------------------------------------------------------------
// CompareView

namespace {

// What a run did: its stored totals, or for a run that never finished (or
// a live one) what its steps add up to, as the run list does.
RunTotals totalsOf(const RunDocument& doc) {
    const RunInfo& info = doc.info();
    if (info.status == "running" || (info.totals.steps == 0 && doc.stepCount() > 0))
        return totals_from_steps(doc.steps());
    return info.totals;
}

QString number(double v, int decimals) { return QLocale().toString(v, 'f', decimals); }

QString signedNumber(double v, int decimals) {
    const QString s = number(v, decimals);
    return v > 0 && s != number(0, decimals) ? QStringLiteral("+") + s : s;
}

// "+12 (+25.0 %)": the change of B from A, and relative to A when A is not 0.
QString change(double a, double b, int decimals) {
    QString s = signedNumber(b - a, decimals);
    if (a != 0) s += QStringLiteral(" (") + signedNumber(100.0 * (b - a) / a, 1) + QStringLiteral(" %)");
    return s;
}

QString seconds(double s) {
    if (std::abs(s) < 1.0) return QCoreApplication::translate("specscope::views::CompareView", "%1 ms").arg(number(s * 1e3, 1));
    return QCoreApplication::translate("specscope::views::CompareView", "%1 s").arg(number(s, 3));
}

// A relative change only against a time that is not next to nothing (ar's
// draft time is a few microseconds of bookkeeping: "+938,550 %" says nothing).
QString secondsChange(double a, double b) {
    const double d = b - a;
    QString s = (d > 0 ? QStringLiteral("+") : QString()) + seconds(d);
    if (std::abs(a) >= 0.01 * std::max(std::abs(a), std::abs(b)) && a != 0)
        s += QStringLiteral(" (") + signedNumber(100.0 * d / a, 1) + QStringLiteral(" %)");
    return s;
}

// {"gamma": 4, "mode": "x"} -> "gamma=4, mode=x" (strings without quotes).
QString jsonValue(const nlohmann::json& v) {
    return v.is_string() ? qs(v.get<std::string>())
                         : qs(v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

QString jsonFields(const nlohmann::json& j) {
    if (!j.is_object()) return jsonValue(j);
    QStringList parts;
    for (auto it = j.begin(); it != j.end(); ++it) parts << qs(it.key()) + QLatin1Char('=') + jsonValue(it.value());
    return parts.join(QStringLiteral(", "));
}

// The fields that differ: "gamma: 4 → 6, tree: — → {…}".
QString jsonChanges(const nlohmann::json& a, const nlohmann::json& b) {
    if (a == b) return CompareView::tr("same");
    if (!a.is_object() || !b.is_object()) return jsonValue(a) + QStringLiteral(" → ") + jsonValue(b);
    QStringList parts;
    auto show = [](const nlohmann::json& j, const std::string& key) {
        return j.contains(key) ? jsonValue(j.at(key)) : QStringLiteral("—");
    };
    for (auto it = a.begin(); it != a.end(); ++it)
        if (!b.contains(it.key()) || b.at(it.key()) != it.value())
            parts << qs(it.key()) + QStringLiteral(": ") + show(a, it.key()) + QStringLiteral(" → ") + show(b, it.key());
    for (auto it = b.begin(); it != b.end(); ++it)
        if (!a.contains(it.key()))
            parts << qs(it.key()) + QStringLiteral(": — → ") + show(b, it.key());
    return parts.join(QStringLiteral(", "));
}

int sign(double v) { return v > 0 ? 1 : v < 0 ? -1 : 0; }

} // namespace

CompareView::CompareView(QWidget* parent) : QWidget(parent) {
    legend_ = new QLabel(this);
    legend_->setTextFormat(Qt::RichText);

    auto* strips = new QSplitter(Qt::Horizontal, this);
    for (int side : {A, B}) {
        docs_[side] = new RunDocument(this);
        auto* pane = new QWidget(strips);
        auto* paneLayout = new QVBoxLayout(pane);
        paneLayout->setContentsMargins(0, 0, 0, 0);
        titles_[side] = new QLabel(pane);
        titles_[side]->setTextFormat(Qt::PlainText);
        strips_[side] = new CompareStrip(pane);
        strips_[side]->setDocument(docs_[side]);
        paneLayout->addWidget(titles_[side]);
        paneLayout->addWidget(strips_[side], 1);
        strips->addWidget(pane);
        // A document changed on its own (a trace set directly, a live step)
        // changes the comparison.
        connect(docs_[side], &RunDocument::reset, this, &CompareView::recompute);
        connect(docs_[side], &RunDocument::stepsAppended, this, &CompareView::recompute);
        connect(docs_[side], &RunDocument::infoChanged, this, &CompareView::recompute);
    }

    summary_ = new QLabel(this);
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = summary_->font();
    bold.setBold(true);
    summary_->setFont(bold);

    table_ = new QTableWidget(0, 4, this);
    table_->setHorizontalHeaderLabels({tr("Quantity"), tr("A"), tr("B"), tr("B vs A")});
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionMode(QAbstractItemView::ContiguousSelection);  // to copy numbers
    table_->setWordWrap(false);
    table_->setAlternatingRowColors(true);
    // Compact rows, so the whole table fits below the strips.
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);

    auto* bottom = new QWidget(this);
    auto* bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->addWidget(summary_);
    bottomLayout->addWidget(table_, 1);

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(strips);
    split->addWidget(bottom);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(legend_);
    layout->addWidget(split, 1);

    updateLegend();
    recompute();
}

void CompareView::setRuns(const RunTrace& a, const RunTrace& b) {
    // Both documents first, then one comparison: the first reset alone would
    // compare the new A with the old B.
    batch_ = true;
    docs_[A]->setTrace(a);
    docs_[B]->setTrace(b);
    batch_ = false;
    recompute();
}

void CompareView::clear() {
    batch_ = true;
    docs_[A]->clear();
    docs_[B]->clear();
    batch_ = false;
    recompute();
}

QString CompareView::differenceText(const QString& key) const {
    auto it = rows_.find(key);
    return it == rows_.end() ? QString() : it->difference;
}

QString CompareView::valueText(const QString& key, Side side) const {
    auto it = rows_.find(key);
    return it == rows_.end() ? QString() : it->values[side];
}

void CompareView::addRow(const QString& key, Row row) {
    keys_ << key;
    rows_.insert(key, std::move(row));
}

void CompareView::recompute() {
    if (batch_) return;
    keys_.clear();
    rows_.clear();
    const RunDocument& da = *docs_[A];
    const RunDocument& db = *docs_[B];
    const bool empty = da.isEmpty() && db.isEmpty();

    for (int side : {A, B}) {
        const RunInfo& info = docs_[side]->info();
        const QString letter = side == A ? tr("A") : tr("B");
        titles_[side]->setText(docs_[side]->isEmpty()
                                   ? letter
                                   : tr("%1: %2 — %3, run %4").arg(letter, qs(info.name), qs(info.strategy)).arg(info.id));
    }

    // First divergence: generated tokens compared by id and text (two runs
    // of the same target model agree on both; a different tokenizer shows as
    // a divergence, which is the truth).
    const int genA = da.tokenCount() - da.promptCount(), genB = db.tokenCount() - db.promptCount();
    const int common = std::min(genA, genB);
    int k = 0;
    while (k < common) {
        const TokenRecord& ta = da.token(da.promptCount() + k);
        const TokenRecord& tb = db.token(db.promptCount() + k);
        if (ta.id != tb.id || ta.text != tb.text) break;
        ++k;
    }
    firstDivergence_ = (k == common && genA == genB) ? -1 : k;
    strips_[A]->setHighlight(firstDivergence_ >= 0 && k < genA ? da.promptCount() + k : -1);
    strips_[B]->setHighlight(firstDivergence_ >= 0 && k < genB ? db.promptCount() + k : -1);

    if (empty) {
        summary_->clear();
        fillTable();
        return;
    }

    const RunInfo& ia = da.info();
    const RunInfo& ib = db.info();
    const RunTotals ta = totalsOf(da), tb = totalsOf(db);

    addRow(QStringLiteral("strategy"), {tr("Strategy"), {qs(ia.strategy), qs(ib.strategy)},
                                        ia.strategy == ib.strategy ? tr("same") : tr("different"), 0});
    addRow(QStringLiteral("params"), {tr("Parameters"), {jsonFields(ia.params), jsonFields(ib.params)},
                                      jsonChanges(ia.params, ib.params), 0});
    addRow(QStringLiteral("sampling"), {tr("Sampling"), {jsonFields(ia.sampling), jsonFields(ib.sampling)},
                                        jsonChanges(ia.sampling, ib.sampling), 0});
    addRow(QStringLiteral("tokens"), {tr("New tokens"), {QLocale().toString(ta.new_tokens), QLocale().toString(tb.new_tokens)},
                                      change(ta.new_tokens, tb.new_tokens, 0), 0});
    // Fewer target forwards for the same output is the point of speculation.
    addRow(QStringLiteral("steps"), {tr("Steps (target forwards)"), {QLocale().toString(ta.steps), QLocale().toString(tb.steps)},
                                     change(ta.steps, tb.steps, 0), 0});
    addRow(QStringLiteral("tau"), {tr("τ (tokens per forward)"), {number(ta.tau(), 2), number(tb.tau(), 2)},
                                   change(ta.tau(), tb.tau(), 2), sign(tb.tau() - ta.tau())});
    {
        // Plain decoding drafts nothing: no acceptance rate to show.
        auto acc = [](const RunTotals& t) { return t.drafted ? number(100.0 * t.acceptance_rate(), 1) + QStringLiteral(" %") : QStringLiteral("—"); };
        const bool both = ta.drafted && tb.drafted;
        const double d = 100.0 * (tb.acceptance_rate() - ta.acceptance_rate());
        addRow(QStringLiteral("acceptance"), {tr("Acceptance"), {acc(ta), acc(tb)},
                                              both ? tr("%1 pp").arg(signedNumber(d, 1)) : QStringLiteral("—"), both ? sign(d) : 0});
    }
    addRow(QStringLiteral("tokens_per_s"), {tr("Tokens/s"), {number(ta.tokens_per_s(), 1), number(tb.tokens_per_s(), 1)},
                                            change(ta.tokens_per_s(), tb.tokens_per_s(), 1),
                                            sign(tb.tokens_per_s() - ta.tokens_per_s())});
    addRow(QStringLiteral("wall"), {tr("Wall time"), {seconds(ta.wall_s), seconds(tb.wall_s)},
                                    secondsChange(ta.wall_s, tb.wall_s), 0});
    addRow(QStringLiteral("draft"), {tr("Draft time"), {seconds(ta.draft_s), seconds(tb.draft_s)},
                                     secondsChange(ta.draft_s, tb.draft_s), 0});
    addRow(QStringLiteral("verify"), {tr("Verify time"), {seconds(ta.verify_s), seconds(tb.verify_s)},
                                      secondsChange(ta.verify_s, tb.verify_s), 0});
    {
        const double a = ta.tokens_per_s(), b = tb.tokens_per_s();
        const bool ok = a > 0 && b > 0;
        addRow(QStringLiteral("speedup"), {tr("Speedup of B over A (tokens/s)"), {QString(), QString()},
                                           ok ? number(b / a, 2) + QStringLiteral("×") : tr("n/a"), ok ? sign(b / a - 1) : 0});
    }
    QString output;
    if (firstDivergence_ < 0) {
        output = tr("identical (%1 tokens)").arg(genA);
    } else {
        auto tokenAt = [k](const RunDocument& d, int generated) {
            return k < generated ? QStringLiteral("'%1'").arg(displayText(d.token(d.promptCount() + k).text))
                                 : tr("end of output");
        };
        output = tr("first divergence at generated token %1 (A: %2 vs B: %3)")
                     .arg(firstDivergence_)
                     .arg(tokenAt(da, genA), tokenAt(db, genB));
    }
    addRow(QStringLiteral("output"), {tr("Output"), {tr("%1 tokens").arg(genA), tr("%1 tokens").arg(genB)}, output,
                                      firstDivergence_ < 0 ? 0 : -1});

    QString summary = tr("Output: %1").arg(output);
    if (ta.tokens_per_s() > 0 && tb.tokens_per_s() > 0)
        summary += tr(" · B runs at %1× the speed of A").arg(number(tb.tokens_per_s() / ta.tokens_per_s(), 2));
    summary_->setText(summary);
    fillTable();
}

void CompareView::fillTable() {
    table_->setRowCount(static_cast<int>(keys_.size()));
    const bool dark = isDark(palette());
    const QColor better = dark ? QColor(129, 199, 132) : QColor(46, 125, 50);
    const QColor worse = dark ? QColor(239, 154, 154) : QColor(198, 40, 40);
    auto item = [](const QString& text) {
        auto* it = new QTableWidgetItem(text);
        it->setToolTip(text);
        return it;
    };
    for (int r = 0; r < keys_.size(); ++r) {
        const Row& row = rows_[keys_[r]];
        QTableWidgetItem* label = item(row.label);
        label->setData(Qt::UserRole, keys_[r]);
        table_->setItem(r, 0, label);
        table_->setItem(r, 1, item(row.values[A]));
        table_->setItem(r, 2, item(row.values[B]));
        QTableWidgetItem* diff = item(row.difference);
        if (row.better > 0) diff->setForeground(better);
        if (row.better < 0) diff->setForeground(worse);
        table_->setItem(r, 3, diff);
    }
    table_->resizeColumnsToContents();
    // Long parameter lists are elided; the tooltip has them whole.
    for (int c = 0; c < 3; ++c) table_->setColumnWidth(c, std::min(table_->columnWidth(c), 260));
}

void CompareView::updateLegend() {
    QStringList chips;
    for (TokenSource s : {TokenSource::Prompt, TokenSource::AcceptedDraft, TokenSource::Correction, TokenSource::Bonus,
                          TokenSource::Target}) {
        const QColor bg = sourceColor(s, palette());
        chips << QStringLiteral("<span style=\"background-color:%1; color:%2;\">&nbsp;%3&nbsp;</span>")
                     .arg(bg.name(), textOn(bg).name(), sourceName(s).toHtmlEscaped());
    }
    legend_->setText(chips.join(QStringLiteral("&nbsp; ")) + QStringLiteral("&nbsp;&nbsp; ") +
                     tr("Framed: first token where the outputs differ.").toHtmlEscaped());
}

void CompareView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange) {
        updateLegend();
        fillTable();  // the better/worse colours
    }
    QWidget::changeEvent(event);
}

} // namespace views
} // namespace specscope
