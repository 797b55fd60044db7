// The run list of a trace store as a table model: one row per RunSummary.
// It never touches the store: an edit of a run's name is only a request
// (renameRequested), which the run library applies through the store and
// answers by reloading the list, so the table always shows what the file
// holds.
#pragma once

#include <QAbstractTableModel>

#include <vector>

#include "trace/run_trace.h"

namespace specscope {
namespace views {

class RunListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Id,
        Name,
        Strategy,
        Status,
        Started,
        Tokens,
        Tau,
        Acceptance,
        TokensPerSecond,
        Prompt,
        ColumnCount
    };
    // Qt::UserRole gives each cell's raw value for sorting (numbers as
    // numbers, the start time in ms, the whole prompt). SearchRole gives, on
    // any column, the row's searchable text (name, strategy, status and the
    // whole prompt), for a filter proxy keyed on one column.
    // "finished", "failed", ... as the user reads them (translated).
    static QString statusText(const std::string& status);

    static constexpr int SortRole = Qt::UserRole;
    static constexpr int SearchRole = Qt::UserRole + 1;

    explicit RunListModel(QObject* parent = nullptr);

    void setRuns(std::vector<RunSummary> runs);  // resets the model
    const std::vector<RunSummary>& runs() const { return runs_; }
    qint64 runId(int row) const;                 // -1 for a bad row
    int rowOfRun(qint64 id) const;               // -1 when absent
    const RunSummary* run(int row) const;        // nullptr for a bad row

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    // On the Name column: emits renameRequested and returns false, because
    // the model itself is unchanged until the library reloads it.
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

Q_SIGNALS:
    void renameRequested(qint64 runId, const QString& newName);

private:
    bool isRunIndex(const QModelIndex& index) const;
    QVariant display(const RunSummary& r, int column) const;
    QVariant sortValue(const RunSummary& r, int column) const;

    std::vector<RunSummary> runs_;
};

// "2 lines\nof text" -> "2 lines…": the first line, cut to MAXCHARS.
QString firstLineElided(const QString& text, int maxChars = 60);

} // namespace views
} // namespace specscope
