// The run at a glance: what was run (name, strategy and its parameters,
// sampling, models, device), how it ended, its totals (tokens, steps, target
// forwards, τ, acceptance, speed, wall time and its split into prefill,
// drafting and verification, also as a bar) and the shown step's details.
// While a run is live the totals are summed from its steps as they arrive;
// a finished run shows the totals it recorded.
#pragma once

#include <QHash>
#include <QString>
#include <QWidget>

#include "trace/events.h"

class QFormLayout;
class QGroupBox;
class QLabel;

namespace specscope {
namespace views {

class RunDocument;
class TimeSplitBar;

class RunSummaryView : public QWidget {
    Q_OBJECT
public:
    explicit RunSummaryView(RunDocument* doc, QWidget* parent = nullptr);

    // The text shown for a value. Keys: "name", "strategy", "params",
    // "sampling", "target_model", "draft_model", "device", "status",
    // "tokens", "steps", "target_forwards", "tau", "acceptance",
    // "tokens_per_s", "wall_time", "time_split", "step", "step_kind",
    // "step_drafted", "step_accepted", "step_draft_length", "step_reason",
    // "step_time". An unknown key gives an empty string.
    QString valueText(const QString& key) const;
    // The totals shown (recorded ones for a finished run, else from the steps).
    RunTotals shownTotals() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    QLabel* addRow(QFormLayout* form, const QString& key, const QString& label);
    void rebuild();
    void append(int first, int last);
    void addStep(const StepEvent& event);
    void updateInfo();
    void updateTotals();
    void updateStep();

    RunDocument* doc_;
    QHash<QString, QLabel*> values_;
    TimeSplitBar* splitBar_;
    QGroupBox* stepBox_;
    // Totals summed from the steps so far (as totals_from_steps), kept
    // incrementally so a live step costs O(1).
    RunTotals stepTotals_;
    int64_t targetForwards_ = 0;
    int summed_ = 0;  // steps summed into stepTotals_
};

} // namespace views
} // namespace specscope
