// The generated text as a flowing paragraph of token chips, coloured by
// where each token came from (or by entropy, target probability, exit
// layer). Built for long runs: no widget per token; each token's width is
// measured once, a live step lays out only its own tokens, and painting
// touches only the visible lines.
#pragma once

#include <QWidget>

#include <vector>

class QComboBox;
class QLabel;
class QScrollBar;

namespace specscope {
namespace views {

class RunDocument;

class TokenStreamView : public QWidget {
    Q_OBJECT
public:
    enum ColorMode { BySource, ByEntropy, ByPTarget, ByExitLayer };
    Q_ENUM(ColorMode)

    explicit TokenStreamView(RunDocument* doc, QWidget* parent = nullptr);

    ColorMode colorMode() const { return mode_; }
    void setColorMode(ColorMode mode);

    // Geometry in this widget's coordinates (for tests and tools): the
    // token under a point (-1 for none), a token's chip (off the visible
    // area when scrolled away; empty for a bad index), and the colour its
    // chip is filled with in the current mode.
    int tokenAt(QPoint pos) const;
    QRect tokenRect(int index) const;
    QColor tokenColor(int index) const;
    // Scrolls so that the token's line is visible.
    void scrollToToken(int index);

    QSize sizeHint() const override;

Q_SIGNALS:
    void colorModeChanged(specscope::views::TokenStreamView::ColorMode mode);

protected:
    bool event(QEvent* event) override;
    void changeEvent(QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    void onReset();
    void onStepsAppended();
    void onCurrentTokenChanged(int index);

    void updateMetrics();        // after a font change: chip sizes and every width
    void measureNewTokens();     // widths of tokens not measured yet
    void relayout();             // every token, from the first (new width or font)
    void layoutNewTokens();      // continues the layout after the last placed token
    void relayoutKeepingView();  // relayout, keeping what the user looks at in view
    void updateGeometries();     // toolbar, scroll bar, text area
    void updateScrollRange();
    void updateLegend();
    void noteValueRanges(int first);  // entropy and exit-layer maxima for the ramps

    QRect textArea() const;      // where the chips are drawn, in widget coordinates
    int lineTop(int line) const; // in widget coordinates, scrolled
    int lineCount() const;
    int lineEnd(int line) const; // one past the line's last token

    RunDocument* doc_;
    ColorMode mode_ = BySource;
    QWidget* toolbar_;
    QComboBox* modeBox_;
    QLabel* legend_;
    QScrollBar* scrollBar_;

    // Chip metrics, from the font.
    int chipHeight_ = 0;
    int lineHeight_ = 0;
    int padding_ = 3;
    int gap_ = 2;
    int margin_ = 6;

    // Per token: natural chip width (does not depend on the view's width),
    // then the layout: x in the text area and line number.
    std::vector<int> widths_;
    std::vector<int> x_;
    std::vector<int> line_;
    std::vector<int> lineStart_;  // per line: its first token (empty lines repeat the next start)
    int layoutWidth_ = -1;        // the width the layout was made for
    int cursorX_ = 0;             // where the next token goes
    int cursorLine_ = 0;

    float maxEntropy_ = 0;
    int maxExitLayer_ = -1;
};

} // namespace views
} // namespace specscope
