#include "views/run_summary_view.h"

#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QScrollArea>
#include <QVBoxLayout>

#include <algorithm>
#include <vector>

#include "trace/run_trace.h"
#include "views/palette.h"
#include "views/run_document.h"

namespace specscope {
namespace views {

// The wall time as one horizontal bar split into prefill, drafting,
// verification and the rest (sampling, bookkeeping), each in its colour.
class TimeSplitBar : public QWidget {
public:
    struct Part {
        double seconds;
        QColor color;
    };
    explicit TimeSplitBar(QWidget* parent) : QWidget(parent) {
        setMinimumHeight(18);
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    }
    void setParts(std::vector<Part> parts) {
        parts_ = std::move(parts);
        update();
    }
    QSize sizeHint() const override { return {240, 18}; }

protected:
    void paintEvent(QPaintEvent*) override {
        QPainter p(this);
        p.setRenderHint(QPainter::Antialiasing);
        const QRectF r = QRectF(rect()).adjusted(0.5, 2.5, -0.5, -2.5);
        QPainterPath clip;
        clip.addRoundedRect(r, 3, 3);
        p.setClipPath(clip);
        p.fillRect(r, palette().color(QPalette::Base));
        double total = 0;
        for (const Part& part : parts_) total += std::max(0.0, part.seconds);
        if (total > 0) {
            double x = r.left();
            for (const Part& part : parts_) {
                const double w = r.width() * std::max(0.0, part.seconds) / total;
                p.fillRect(QRectF(x, r.top(), w, r.height()), part.color);
                x += w;
            }
        }
        p.setClipping(false);
        p.setPen(palette().color(QPalette::Mid));
        p.drawRoundedRect(r, 3, 3);
    }

private:
    std::vector<Part> parts_;
};

namespace {

QString fromStd(const std::string& s) { return QString::fromStdString(s); }

// A JSON object as "key = value, ..." (strings without their quotes).
QString jsonPairs(const nlohmann::json& j) {
    if (!j.is_object()) return j.is_null() ? QString() : fromStd(j.dump());
    QStringList parts;
    for (auto it = j.begin(); it != j.end(); ++it) {
        const QString value = it->is_string() ? fromStd(it->get<std::string>()) : fromStd(it->dump());
        parts << QStringLiteral("%1 = %2").arg(fromStd(it.key()), value);
    }
    return parts.join(QStringLiteral(", "));
}

QString seconds(double s) {
    // Milliseconds read better below a second.
    if (s < 1.0) return RunSummaryView::tr("%1 ms").arg(QLocale().toString(s * 1e3, 'f', 1));
    return RunSummaryView::tr("%1 s").arg(QLocale().toString(s, 'f', 2));
}

QColor prefillColor() { return rampColor(0.15); }
QColor otherColor(const QPalette& pal) { return pal.color(QPalette::Mid); }

QString swatch(const QColor& c) { return QStringLiteral("<span style=\"color:%1\">■</span>").arg(c.name()); }

} // namespace

RunSummaryView::RunSummaryView(RunDocument* doc, QWidget* parent) : QWidget(parent), doc_(doc) {
    auto* content = new QWidget;
    auto* column = new QVBoxLayout(content);

    auto* runBox = new QGroupBox(tr("Run"), content);
    auto* runForm = new QFormLayout(runBox);
    addRow(runForm, QStringLiteral("name"), tr("Name"));
    addRow(runForm, QStringLiteral("status"), tr("Status"));
    addRow(runForm, QStringLiteral("strategy"), tr("Strategy"));
    addRow(runForm, QStringLiteral("params"), tr("Parameters"));
    addRow(runForm, QStringLiteral("sampling"), tr("Sampling"));
    addRow(runForm, QStringLiteral("target_model"), tr("Target model"));
    addRow(runForm, QStringLiteral("draft_model"), tr("Draft model"));
    addRow(runForm, QStringLiteral("device"), tr("Device / dtype"));
    column->addWidget(runBox);

    auto* totalsBox = new QGroupBox(tr("Totals"), content);
    auto* totalsForm = new QFormLayout(totalsBox);
    addRow(totalsForm, QStringLiteral("tokens"), tr("New tokens"));
    addRow(totalsForm, QStringLiteral("steps"), tr("Steps"));
    addRow(totalsForm, QStringLiteral("target_forwards"), tr("Target forwards"));
    addRow(totalsForm, QStringLiteral("tau"), tr("τ (tokens per step)"));
    addRow(totalsForm, QStringLiteral("acceptance"), tr("Acceptance rate"));
    addRow(totalsForm, QStringLiteral("tokens_per_s"), tr("Tokens per second"));
    addRow(totalsForm, QStringLiteral("wall_time"), tr("Wall time"));
    splitBar_ = new TimeSplitBar(totalsBox);
    totalsForm->addRow(tr("Time split"), splitBar_);
    addRow(totalsForm, QStringLiteral("time_split"), QString());
    values_.value(QStringLiteral("time_split"))->setTextFormat(Qt::RichText);
    column->addWidget(totalsBox);

    stepBox_ = new QGroupBox(tr("Step"), content);
    auto* stepForm = new QFormLayout(stepBox_);
    addRow(stepForm, QStringLiteral("step"), tr("Step"));
    addRow(stepForm, QStringLiteral("step_kind"), tr("Kind"));
    addRow(stepForm, QStringLiteral("step_drafted"), tr("Drafted"));
    addRow(stepForm, QStringLiteral("step_accepted"), tr("Accepted"));
    addRow(stepForm, QStringLiteral("step_draft_length"), tr("Draft length"));
    addRow(stepForm, QStringLiteral("step_reason"), tr("Why this length"));
    addRow(stepForm, QStringLiteral("step_time"), tr("Time"));
    column->addWidget(stepBox_);
    column->addStretch(1);
    // One label width for the three groups, so their values line up.
    int labelWidth = 0;
    for (QFormLayout* form : {runForm, totalsForm, stepForm})
        for (int row = 0; row < form->rowCount(); ++row)
            if (QLayoutItem* item = form->itemAt(row, QFormLayout::LabelRole))
                labelWidth = std::max(labelWidth, item->sizeHint().width());
    for (QFormLayout* form : {runForm, totalsForm, stepForm})
        for (int row = 0; row < form->rowCount(); ++row)
            if (QLayoutItem* item = form->itemAt(row, QFormLayout::LabelRole))
                if (item->widget()) item->widget()->setMinimumWidth(labelWidth);

    // A long parameter list or error must not widen the dock: scroll instead.
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);

    connect(doc_, &RunDocument::reset, this, &RunSummaryView::rebuild);
    connect(doc_, &RunDocument::stepsAppended, this, &RunSummaryView::append);
    connect(doc_, &RunDocument::infoChanged, this, [this] {
        updateInfo();
        updateTotals();
    });
    connect(doc_, &RunDocument::currentStepChanged, this, &RunSummaryView::updateStep);
    rebuild();
}

void RunSummaryView::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    // The status colour and the time-split colours depend on light or dark.
    if (event->type() == QEvent::PaletteChange) {
        updateInfo();
        updateTotals();
    }
}

QLabel* RunSummaryView::addRow(QFormLayout* form, const QString& key, const QString& label) {
    auto* value = new QLabel(form->parentWidget());
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setWordWrap(true);
    value->setTextFormat(Qt::PlainText);  // run names and errors are not markup
    if (label.isEmpty()) form->addRow(value);
    else form->addRow(label, value);
    values_.insert(key, value);
    return value;
}

QString RunSummaryView::valueText(const QString& key) const {
    const QLabel* label = values_.value(key);
    return label ? label->text() : QString();
}

void RunSummaryView::rebuild() {
    stepTotals_ = totals_from_steps(doc_->steps());
    targetForwards_ = 0;
    for (const StepEvent& e : doc_->steps()) targetForwards_ += e.step.target_forwards;
    summed_ = doc_->stepCount();
    updateInfo();
    updateTotals();
    updateStep();
}

void RunSummaryView::append(int, int last) {
    const auto& steps = doc_->steps();
    for (int i = summed_; i <= last && i < static_cast<int>(steps.size()); ++i) addStep(steps[i]);
    updateTotals();
    updateStep();
}

void RunSummaryView::addStep(const StepEvent& e) {
    // The same sums as totals_from_steps (core/trace/run_trace.h), one step at a time.
    stepTotals_.new_tokens += static_cast<int>(e.step.emitted.size());
    stepTotals_.steps += 1;
    stepTotals_.drafted += e.step.drafted;
    stepTotals_.accepted += e.step.accepted;
    stepTotals_.draft_s += e.step.draft_us / 1e6;
    stepTotals_.verify_s += e.step.verify_us / 1e6;
    stepTotals_.wall_s = std::max(stepTotals_.wall_s, e.step.end_us / 1e6);
    targetForwards_ += e.step.target_forwards;
    ++summed_;
}

RunTotals RunSummaryView::shownTotals() const {
    const RunInfo& info = doc_->info();
    // A run that ended carries its totals (prefill included); one still
    // running, or stored without totals, is summed from its steps.
    const bool recorded = info.status != "running" && (info.totals.steps > 0 || doc_->stepCount() == 0);
    return recorded ? info.totals : stepTotals_;
}

void RunSummaryView::updateInfo() {
    const RunInfo& info = doc_->info();
    const QString none = tr("—");
    auto set = [this, &none](const char* key, const QString& text) {
        values_.value(QLatin1String(key))->setText(text.isEmpty() ? none : text);
    };
    if (doc_->isEmpty() && info.strategy.empty()) {
        for (QLabel* label : std::as_const(values_)) label->setText(none);
        values_.value(QStringLiteral("name"))->setText(tr("No run yet"));
        return;
    }
    set("name", fromStd(info.name));
    set("strategy", fromStd(info.strategy));
    set("params", jsonPairs(info.params));
    set("sampling", jsonPairs(info.sampling));
    set("target_model", fromStd(info.target_model));
    set("draft_model", info.draft_model.empty() ? tr("none") : fromStd(info.draft_model));
    QString device = fromStd(info.device);
    if (!info.dtype.empty()) device += (device.isEmpty() ? QString() : QStringLiteral(" / ")) + fromStd(info.dtype);
    set("device", device);

    QString status;
    if (info.status == "running") status = tr("running");
    else if (info.status == "finished") status = tr("finished");
    else if (info.status == "cancelled") status = tr("cancelled");
    else if (info.status == "failed") status = info.error.empty() ? tr("failed") : tr("failed: %1").arg(fromStd(info.error));
    else status = fromStd(info.status);
    QLabel* statusLabel = values_.value(QStringLiteral("status"));
    statusLabel->setText(status);
    // A failure should be seen at a glance: red text, readable on light and
    // dark backgrounds (the palette's verdict reds are fills, too pale as text).
    QPalette pal = palette();
    if (info.status == "failed")
        pal.setColor(QPalette::WindowText, isDark(pal) ? QColor(239, 83, 80) : QColor(198, 40, 40));
    statusLabel->setPalette(pal);
}

void RunSummaryView::updateTotals() {
    const QLocale loc;
    const RunTotals t = shownTotals();
    const QString none = tr("—");
    auto set = [this](const char* key, const QString& text) { values_.value(QLatin1String(key))->setText(text); };
    if (doc_->isEmpty()) {
        for (const char* key : {"tokens", "steps", "target_forwards", "tau", "acceptance", "tokens_per_s", "wall_time", "time_split"})
            set(key, none);
        splitBar_->setParts({});
        return;
    }
    set("tokens", loc.toString(t.new_tokens));
    set("steps", loc.toString(t.steps));
    set("target_forwards", loc.toString(static_cast<qlonglong>(targetForwards_)));
    set("tau", t.steps > 0 ? loc.toString(t.tau(), 'f', 2) : none);
    set("acceptance", t.drafted > 0 ? tr("%1 % (%2 of %3 drafted)")
                                          .arg(loc.toString(100.0 * t.acceptance_rate(), 'f', 1), loc.toString(t.accepted),
                                               loc.toString(t.drafted))
                                    : tr("n/a (nothing drafted)"));
    set("tokens_per_s", t.wall_s > 0 ? loc.toString(t.tokens_per_s(), 'f', 1) : none);
    set("wall_time", t.wall_s > 0 ? seconds(t.wall_s) : none);

    const QPalette pal = palette();
    const QColor draftColor = verdictColor(Verdict::Accepted, pal), verifyColor = sourceColor(TokenSource::Bonus, pal);
    const double other = std::max(0.0, t.wall_s - t.prefill_s - t.draft_s - t.verify_s);
    splitBar_->setParts({{t.prefill_s, prefillColor()}, {t.draft_s, draftColor}, {t.verify_s, verifyColor}, {other, otherColor(pal)}});
    // The legend under the bar, with the same colours.
    const QString split = tr("%1 prefill %2 · %3 draft %4 · %5 verify %6 · %7 other %8")
                              .arg(swatch(prefillColor()), seconds(t.prefill_s), swatch(draftColor), seconds(t.draft_s),
                                   swatch(verifyColor), seconds(t.verify_s), swatch(otherColor(pal)), seconds(other));
    set("time_split", split);
}

void RunSummaryView::updateStep() {
    const int s = doc_->shownStep();
    const QString none = tr("—");
    auto set = [this](const char* key, const QString& text) { values_.value(QLatin1String(key))->setText(text); };
    if (s < 0 || s >= doc_->stepCount()) {
        stepBox_->setTitle(tr("Step"));
        for (const char* key : {"step", "step_kind", "step_drafted", "step_accepted", "step_draft_length", "step_reason", "step_time"})
            set(key, none);
        return;
    }
    const StepRecord& r = doc_->steps()[s].step;
    const QLocale loc;
    stepBox_->setTitle(doc_->currentStep() >= 0 ? tr("Selected step") : tr("Latest step"));
    // Steps are numbered from 0, as on the plots' axes.
    set("step", tr("#%1 (of %2 steps)").arg(loc.toString(s), loc.toString(doc_->stepCount())));
    set("step_kind", fromStd(r.kind));
    set("step_drafted", loc.toString(r.drafted));
    set("step_accepted", loc.toString(r.accepted));
    set("step_draft_length", loc.toString(r.draft_length));
    set("step_reason", r.draft_reason.empty() ? none : fromStd(r.draft_reason));
    set("step_time", tr("%1 (draft %2, verify %3)")
                         .arg(seconds((r.end_us - r.start_us) / 1e6), seconds(r.draft_us / 1e6), seconds(r.verify_us / 1e6)));
}

} // namespace views
} // namespace specscope
