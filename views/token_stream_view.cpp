#include "views/token_stream_view.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QHBoxLayout>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QLabel>
#include <QPainter>
#include <QScrollBar>
#include <QToolTip>

#include <algorithm>
#include <cmath>

#include "views/palette.h"
#include "views/run_document.h"
#include "views/token_table_model.h"

namespace specscope {
namespace views {

namespace {

// Longest chip, so that one huge token (a run of spaces, a long byte escape)
// does not take a line of its own at any width; the text is elided.
constexpr int kMaxChipWidth = 320;
// A token with several newlines ("\n\n") leaves at most one empty line, so a
// paragraph break stays visible without letting blank tokens fill the view.
constexpr int kMaxLineBreaks = 2;

int lineBreaks(const std::string& text) {
    return std::min<int>(kMaxLineBreaks, static_cast<int>(std::count(text.begin(), text.end(), '\n')));
}

QString swatch(const QColor& c) {
    return QStringLiteral("<span style=\"background-color:%1; color:%1\">&nbsp;&nbsp;&nbsp;&nbsp;</span>")
        .arg(c.name());
}

} // namespace

TokenStreamView::TokenStreamView(RunDocument* doc, QWidget* parent) : QWidget(parent), doc_(doc) {
    setFocusPolicy(Qt::StrongFocus);

    toolbar_ = new QWidget(this);
    auto* bar = new QHBoxLayout(toolbar_);
    bar->setContentsMargins(margin_, 2, margin_, 2);
    auto* label = new QLabel(tr("Colour by:"), toolbar_);
    modeBox_ = new QComboBox(toolbar_);
    modeBox_->addItem(tr("Source"), BySource);
    modeBox_->addItem(tr("Target entropy"), ByEntropy);
    modeBox_->addItem(tr("Target probability"), ByPTarget);
    modeBox_->addItem(tr("Exit layer"), ByExitLayer);
    label->setBuddy(modeBox_);
    legend_ = new QLabel(toolbar_);
    legend_->setTextFormat(Qt::RichText);
    // The legend must not dictate the view's minimum width.
    legend_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    bar->addWidget(label);
    bar->addWidget(modeBox_);
    bar->addSpacing(8);
    bar->addWidget(legend_, 1);
    connect(modeBox_, &QComboBox::activated, this,
            [this](int row) { setColorMode(static_cast<ColorMode>(modeBox_->itemData(row).toInt())); });

    scrollBar_ = new QScrollBar(Qt::Vertical, this);
    connect(scrollBar_, &QScrollBar::valueChanged, this, qOverload<>(&QWidget::update));

    connect(doc_, &RunDocument::reset, this, &TokenStreamView::onReset);
    connect(doc_, &RunDocument::stepsAppended, this, &TokenStreamView::onStepsAppended);
    // The layer count can arrive with the final info of a live run.
    connect(doc_, &RunDocument::infoChanged, this, [this] {
        updateLegend();
        update();
    });
    connect(doc_, &RunDocument::currentTokenChanged, this, &TokenStreamView::onCurrentTokenChanged);
    connect(doc_, &RunDocument::currentStepChanged, this, qOverload<>(&QWidget::update));

    updateMetrics();
    updateGeometries();
    onReset();
}

QSize TokenStreamView::sizeHint() const { return {640, 360}; }

// --- colour mode ---

void TokenStreamView::setColorMode(ColorMode mode) {
    if (mode == mode_) return;
    mode_ = mode;
    modeBox_->setCurrentIndex(modeBox_->findData(mode));
    updateLegend();
    update();
    Q_EMIT colorModeChanged(mode);
}

QColor TokenStreamView::tokenColor(int index) const {
    if (index < 0 || index >= doc_->tokenCount()) return {};
    const TokenRecord& t = doc_->token(index);
    const QColor none = palette().color(QPalette::Base);
    switch (mode_) {
    case BySource: return sourceColor(t.source, palette());
    case ByEntropy:
        if (std::isnan(t.entropy_target)) return none;
        return rampColor(maxEntropy_ > 0 ? t.entropy_target / maxEntropy_ : 0.0);
    case ByPTarget: return std::isnan(t.p_target) ? none : rampColor(t.p_target);
    case ByExitLayer: {
        if (t.exit_layer < 0) return none;
        const int layers = std::max(doc_->layerCount(), maxExitLayer_ + 1);
        return rampColor(layers > 0 ? double(t.exit_layer) / layers : 0.0);
    }
    }
    return none;
}

void TokenStreamView::updateLegend() {
    const QPalette& pal = palette();
    QStringList parts;
    auto ramp = [&parts](const QString& low, const QString& high) {
        QString s = low + QStringLiteral(" ");
        for (int i = 0; i <= 6; ++i) s += swatch(rampColor(i / 6.0));
        parts << s + QStringLiteral(" ") + high;
    };
    switch (mode_) {
    case BySource:
        for (TokenSource s : {TokenSource::AcceptedDraft, TokenSource::Correction, TokenSource::Bonus,
                              TokenSource::Target, TokenSource::Prompt}) {
            parts << swatch(sourceColor(s, pal)) + QStringLiteral("&nbsp;") + sourceName(s).toHtmlEscaped();
        }
        break;
    case ByEntropy:
        ramp(tr("0 bits"), tr("%1 bits (highest in this run)").arg(maxEntropy_, 0, 'f', 2));
        parts << swatch(pal.color(QPalette::Base)) + QStringLiteral("&nbsp;") + tr("not recorded");
        break;
    case ByPTarget:
        ramp(tr("p 0"), tr("1"));
        parts << swatch(pal.color(QPalette::Base)) + QStringLiteral("&nbsp;") + tr("not recorded");
        break;
    case ByExitLayer:
        ramp(tr("layer 0"), tr("layer %1").arg(std::max(doc_->layerCount(), maxExitLayer_ + 1)));
        parts << swatch(pal.color(QPalette::Base)) + QStringLiteral("&nbsp;") + tr("full depth");
        break;
    }
    legend_->setText(parts.join(QStringLiteral(" &nbsp; ")));
}

void TokenStreamView::noteValueRanges(int first) {
    const float oldEntropy = maxEntropy_;
    const int oldExit = maxExitLayer_;
    for (int i = first; i < doc_->tokenCount(); ++i) {
        const TokenRecord& t = doc_->token(i);
        if (!std::isnan(t.entropy_target)) maxEntropy_ = std::max(maxEntropy_, t.entropy_target);
        maxExitLayer_ = std::max(maxExitLayer_, t.exit_layer);
    }
    if (maxEntropy_ != oldEntropy || maxExitLayer_ != oldExit) updateLegend();
}

// --- document ---

void TokenStreamView::onReset() {
    widths_.clear();
    maxEntropy_ = 0;
    maxExitLayer_ = -1;
    noteValueRanges(0);
    updateLegend();
    measureNewTokens();
    relayout();
    scrollBar_->setValue(0);
    update();
}

void TokenStreamView::onStepsAppended() {
    // A view scrolled to the end keeps following a live run, unless the
    // user has picked a token to look at.
    const bool atEnd = scrollBar_->value() >= scrollBar_->maximum();
    const int first = static_cast<int>(widths_.size());
    noteValueRanges(first);
    measureNewTokens();
    layoutNewTokens();
    if (atEnd && doc_->currentToken() < 0) scrollBar_->setValue(scrollBar_->maximum());
    update();
}

void TokenStreamView::onCurrentTokenChanged(int index) {
    scrollToToken(index);
    update();
}

// --- layout ---

void TokenStreamView::updateMetrics() {
    const QFontMetrics fm(font());
    chipHeight_ = fm.height() + 4;
    lineHeight_ = chipHeight_ + 4;
    widths_.clear();
}

void TokenStreamView::measureNewTokens() {
    // Measured once per token: this is the costly part of the layout, and a
    // chip's natural width does not change when the view is resized.
    const QFontMetrics fm(font());
    const int n = doc_->tokenCount();
    widths_.reserve(n);
    for (int i = static_cast<int>(widths_.size()); i < n; ++i) {
        const int w = fm.horizontalAdvance(displayText(doc_->token(i).text)) + 2 * padding_;
        widths_.push_back(std::min(w, kMaxChipWidth));
    }
}

void TokenStreamView::relayout() {
    x_.clear();
    line_.clear();
    lineStart_.clear();
    cursorX_ = 0;
    cursorLine_ = 0;
    layoutWidth_ = textArea().width() - 2 * margin_;
    layoutNewTokens();
}

void TokenStreamView::layoutNewTokens() {
    const int available = std::max(1, layoutWidth_);
    const int n = static_cast<int>(widths_.size());
    x_.reserve(n);
    line_.reserve(n);
    for (int i = static_cast<int>(x_.size()); i < n; ++i) {
        const int w = std::min(widths_[i], available);
        if (cursorX_ > 0 && cursorX_ + w > available) {
            ++cursorLine_;
            cursorX_ = 0;
        }
        // Lines up to this one (empty lines after a "\n\n" included) start here.
        while (static_cast<int>(lineStart_.size()) <= cursorLine_) lineStart_.push_back(i);
        x_.push_back(cursorX_);
        line_.push_back(cursorLine_);
        cursorX_ += w + gap_;
        if (const int breaks = lineBreaks(doc_->token(i).text); breaks > 0) {
            cursorLine_ += breaks;
            cursorX_ = 0;
        }
    }
    updateScrollRange();
}

int TokenStreamView::lineCount() const { return cursorX_ > 0 ? cursorLine_ + 1 : cursorLine_; }

int TokenStreamView::lineEnd(int line) const {
    if (line + 1 < static_cast<int>(lineStart_.size())) return lineStart_[line + 1];
    return static_cast<int>(x_.size());
}

void TokenStreamView::updateScrollRange() {
    const int content = lineCount() * lineHeight_ + 2 * margin_;
    const int page = textArea().height();
    scrollBar_->setRange(0, std::max(0, content - page));
    scrollBar_->setPageStep(std::max(1, page));
    scrollBar_->setSingleStep(lineHeight_);
}

void TokenStreamView::updateGeometries() {
    const int top = toolbar_->sizeHint().height();
    const int barWidth = scrollBar_->sizeHint().width();
    toolbar_->setGeometry(0, 0, width(), top);
    scrollBar_->setGeometry(width() - barWidth, top, barWidth, std::max(0, height() - top));
}

QRect TokenStreamView::textArea() const {
    const int top = toolbar_->geometry().bottom() + 1;
    return QRect(0, top, scrollBar_->geometry().left(), height() - top);
}

int TokenStreamView::lineTop(int line) const {
    return textArea().top() + margin_ + line * lineHeight_ - scrollBar_->value();
}

void TokenStreamView::relayoutKeepingView() {
    // What the user looks at stays in view: the end of a followed run, the
    // current token, or else the first visible line's text.
    const bool atEnd = scrollBar_->maximum() > 0 && scrollBar_->value() >= scrollBar_->maximum();
    const int current = doc_->currentToken();
    const bool currentVisible = current >= 0 && textArea().intersects(tokenRect(current));
    int anchor = -1;
    if (!lineStart_.empty()) {
        const int line = std::clamp((scrollBar_->value() - margin_) / lineHeight_, 0, int(lineStart_.size()) - 1);
        anchor = lineStart_[line] < static_cast<int>(x_.size()) ? lineStart_[line] : -1;
    }
    relayout();
    if (atEnd) scrollBar_->setValue(scrollBar_->maximum());
    else if (currentVisible) scrollToToken(current);
    else if (anchor >= 0) scrollBar_->setValue(line_[anchor] * lineHeight_);
}

void TokenStreamView::resizeEvent(QResizeEvent*) {
    updateGeometries();
    // Only a new width moves chips; a new height only changes the page.
    if (textArea().width() - 2 * margin_ != layoutWidth_) relayoutKeepingView();
    else updateScrollRange();
}

void TokenStreamView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::FontChange) {
        updateMetrics();
        measureNewTokens();
        updateGeometries();
        relayoutKeepingView();
    } else if (event->type() == QEvent::PaletteChange) {
        updateLegend();  // colours follow the palette (dark mode)
        update();
    }
    QWidget::changeEvent(event);
}

// --- geometry queries ---

QRect TokenStreamView::tokenRect(int index) const {
    if (index < 0 || index >= static_cast<int>(x_.size())) return {};
    const int w = std::min(widths_[index], std::max(1, layoutWidth_));
    return QRect(textArea().left() + margin_ + x_[index], lineTop(line_[index]), w, chipHeight_);
}

int TokenStreamView::tokenAt(QPoint pos) const {
    const QRect area = textArea();
    if (!area.contains(pos)) return -1;
    const int y = pos.y() - lineTop(0);
    if (y < 0) return -1;
    const int line = y / lineHeight_;
    if (line >= static_cast<int>(lineStart_.size()) || y - line * lineHeight_ >= chipHeight_) return -1;
    // The chips of a line are in x order: the last one starting at or before pos.
    const int x = pos.x() - area.left() - margin_;
    const auto begin = x_.begin() + lineStart_[line], end = x_.begin() + lineEnd(line);
    const auto it = std::upper_bound(begin, end, x);
    if (it == begin) return -1;
    const int index = static_cast<int>(it - x_.begin()) - 1;
    return tokenRect(index).contains(pos) ? index : -1;
}

void TokenStreamView::scrollToToken(int index) {
    if (index < 0 || index >= static_cast<int>(line_.size())) return;
    const int top = margin_ + line_[index] * lineHeight_;  // in content coordinates
    const int page = textArea().height();
    if (top < scrollBar_->value()) scrollBar_->setValue(top - margin_);
    else if (top + lineHeight_ > scrollBar_->value() + page) scrollBar_->setValue(top + lineHeight_ + margin_ - page);
}

// --- painting ---

void TokenStreamView::paintEvent(QPaintEvent* event) {
    QPainter p(this);
    const QRect area = textArea();
    const QPalette& pal = palette();
    p.fillRect(area, pal.color(QPalette::Base));
    p.setClipRect(area & event->rect());

    if (doc_->tokenCount() == 0) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(area, Qt::AlignCenter, doc_->isEmpty() ? tr("No run yet") : tr("No tokens yet"));
        return;
    }

    // Only the lines that intersect the area are painted.
    const int firstLine = std::max(0, (area.top() - lineTop(0)) / lineHeight_);
    const int lastLine = std::min(static_cast<int>(lineStart_.size()) - 1, (area.bottom() - lineTop(0)) / lineHeight_);
    if (firstLine > lastLine) return;
    const int first = lineStart_[firstLine];
    const int last = lineEnd(lastLine);

    const QFontMetrics fm(font());
    const QColor base = pal.color(QPalette::Base);
    const QColor outline = pal.color(QPalette::Mid);
    const QColor highlight = pal.color(QPalette::Highlight);
    const int current = doc_->currentToken();
    const int currentStep = doc_->currentStep();
    p.setRenderHint(QPainter::Antialiasing, true);
    for (int i = first; i < last; ++i) {
        const TokenRecord& t = doc_->token(i);
        const QRect r = tokenRect(i);
        const QColor fill = tokenColor(i);
        // A chip with no value has the background's colour: an outline keeps it a chip.
        p.setPen(fill == base ? QPen(outline, 1) : QPen(Qt::NoPen));
        p.setBrush(fill);
        p.drawRoundedRect(QRectF(r).adjusted(0.5, 0.5, -0.5, -0.5), 3, 3);

        QColor text = textOn(fill);
        if (t.source == TokenSource::Prompt) text.setAlphaF(0.55);  // the prompt is context, drawn faint
        p.setPen(text);
        const QString label = fm.elidedText(displayText(t.text), Qt::ElideRight, r.width() - 2 * padding_ + 1);
        p.drawText(r.adjusted(padding_, 0, -padding_ + 1, 0), Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine,
                   label);

        if (i == current) {
            p.setPen(QPen(highlight, 2));
            p.setBrush(Qt::NoBrush);
            p.drawRoundedRect(QRectF(r).adjusted(-1, -1, 1, 1), 4, 4);
        } else if (currentStep >= 0 && t.step == currentStep) {
            // The other tokens of the current step: underlined, so the step reads as a unit.
            p.fillRect(QRect(r.left(), r.bottom() + 1, r.width(), 2), highlight);
        }
    }
}

// --- interaction ---

void TokenStreamView::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return QWidget::mousePressEvent(event);
    const int index = tokenAt(event->position().toPoint());
    if (index >= 0) doc_->setCurrentToken(index);
    setFocus(Qt::MouseFocusReason);
    event->accept();
}

void TokenStreamView::wheelEvent(QWheelEvent* event) {
    if (textArea().contains(event->position().toPoint())) {
        QCoreApplication::sendEvent(scrollBar_, event);
    } else {
        QWidget::wheelEvent(event);
    }
}

void TokenStreamView::keyPressEvent(QKeyEvent* event) {
    const int n = doc_->tokenCount();
    const int current = doc_->currentToken();
    switch (event->key()) {
    case Qt::Key_Left:
        if (n > 0) doc_->setCurrentToken(current < 0 ? n - 1 : std::max(0, current - 1));
        break;
    case Qt::Key_Right:
        if (n > 0) doc_->setCurrentToken(current < 0 ? 0 : std::min(n - 1, current + 1));
        break;
    case Qt::Key_Home:
        if (n > 0) doc_->setCurrentToken(0);
        break;
    case Qt::Key_End:
        if (n > 0) doc_->setCurrentToken(n - 1);
        break;
    case Qt::Key_PageUp: scrollBar_->triggerAction(QAbstractSlider::SliderPageStepSub); break;
    case Qt::Key_PageDown: scrollBar_->triggerAction(QAbstractSlider::SliderPageStepAdd); break;
    default: return QWidget::keyPressEvent(event);
    }
    event->accept();
}

bool TokenStreamView::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int index = tokenAt(help->pos());
        if (index >= 0) {
            QToolTip::showText(help->globalPos(), TokenTableModel::tokenToolTip(doc_->token(index)), this,
                               tokenRect(index));
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
