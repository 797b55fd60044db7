// Two runs side by side: A (the baseline, left) and B (right). Each gets a
// compact token strip (every token a box coloured by its source), and below
// them a table of what differs: strategy, parameters, tokens, steps, τ,
// acceptance, speed, times, the speedup of B over A, and whether the outputs
// agree. The first token where the outputs part is framed in both strips and
// scrolled into view.
//
// The view owns two RunDocuments (documentA/documentB) and follows them: a
// trace set on either document directly, or a live run appended to one,
// updates the comparison too. Clicking a token makes it the document's
// current token, so views attached to the same document follow.
#pragma once

#include <QAbstractScrollArea>
#include <QHash>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <vector>

#include "trace/run_trace.h"

class QLabel;
class QTableWidget;

namespace specscope {
namespace views {

class RunDocument;

// The token strip of one run: tokens wrapped into rows like text, each a box
// with its text on its source colour. Only the visible rows are painted and
// token widths are measured once per run, so runs of any length scroll
// smoothly. Token indexes are those of RunDocument::tokens() (prompt first).
class CompareStrip : public QAbstractScrollArea {
    Q_OBJECT
public:
    explicit CompareStrip(QWidget* parent = nullptr);

    void setDocument(RunDocument* document);  // not owned; nullptr shows nothing
    RunDocument* document() const { return doc_; }

    // Frames the token (-1: none) and scrolls it into view, now and after
    // later resizes until the user scrolls.
    void setHighlight(int tokenIndex);
    int highlight() const { return highlight_; }

    void ensureTokenVisible(int tokenIndex);
    bool isTokenVisible(int tokenIndex) const;  // entirely inside the viewport
    int tokenAt(const QPoint& viewportPos) const;  // -1 when none
    QRect tokenRect(int tokenIndex) const;         // in viewport coordinates

    QSize sizeHint() const override;

Q_SIGNALS:
    void tokenClicked(int tokenIndex);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    bool viewportEvent(QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void measure();  // texts and widths of every token, after a reset or font change
    void relayout(); // rows for the viewport's width
    int rowHeight() const;
    QRect contentRect(int tokenIndex) const;

    RunDocument* doc_ = nullptr;
    std::vector<QString> texts_;  // per token: display text, elided when very long
    std::vector<int> widths_;     // per token: box width
    std::vector<int> xs_;         // per token: box x
    std::vector<int> rowOf_;      // per token: its row
    int rows_ = 0;
    int layoutWidth_ = -1;
    int highlight_ = -1;
    bool followHighlight_ = false;
};

class CompareView : public QWidget {
    Q_OBJECT
public:
    enum Side { A = 0, B = 1 };

    explicit CompareView(QWidget* parent = nullptr);

    void setRuns(const RunTrace& a, const RunTrace& b);
    void clear();

    RunDocument* documentA() const { return docs_[A]; }
    RunDocument* documentB() const { return docs_[B]; }
    CompareStrip* stripA() const { return strips_[A]; }
    CompareStrip* stripB() const { return strips_[B]; }
    QTableWidget* differencesTable() const { return table_; }

    // Index into the generated tokens (prompt excluded) of the first token
    // where the outputs differ, or where the shorter one ends; -1 when they
    // are identical.
    int firstDivergence() const { return firstDivergence_; }
    // The token framed in each strip: an index into that document's tokens()
    // (prompt included), or -1 (identical outputs, or that run ended first).
    int divergenceHighlightA() const { return strips_[A]->highlight(); }
    int divergenceHighlightB() const { return strips_[B]->highlight(); }

    // Row keys of the differences table, top to bottom: "strategy", "params",
    // "sampling", "tokens", "steps", "tau", "acceptance", "tokens_per_s",
    // "wall", "draft", "verify", "speedup", "output".
    QStringList differenceKeys() const { return keys_; }
    // The "B vs A" cell of a row ("" for an unknown key): a signed change for
    // numbers, "1.25×" for the speedup, "identical (N tokens)" or "first
    // divergence at generated token k (A: 'x' vs B: 'y')" for the output.
    QString differenceText(const QString& key) const;
    // The A or B cell of a row.
    QString valueText(const QString& key, Side side) const;

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Row {
        QString label;
        QString values[2];
        QString difference;
        int better = 0;  // +1: B is better, -1: B is worse, 0: neither / not comparable
    };
    void recompute();
    void addRow(const QString& key, Row row);
    void fillTable();
    void updateLegend();

    RunDocument* docs_[2];
    CompareStrip* strips_[2];
    QLabel* titles_[2];
    QLabel* summary_;
    QLabel* legend_;
    QTableWidget* table_;
    QStringList keys_;
    QHash<QString, Row> rows_;
    int firstDivergence_ = -1;
    bool batch_ = false;  // setRuns/clear: compare once, after both documents
};

} // namespace views
} // namespace specscope
