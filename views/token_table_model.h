// Every token of a run as a table row (prompt included), for a sortable,
// filterable QTableView. The model follows the document: a stored run
// resets it, a live step inserts only its new rows, so a view's selection and
// scroll position survive while a run streams in.
#pragma once

#include <QAbstractTableModel>

#include "trace/events.h"

namespace specscope {
namespace views {

class RunDocument;

class TokenTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        PositionColumn,
        TokenColumn,
        SourceColumn,
        StepColumn,
        PTargetColumn,
        PDraftColumn,
        AcceptProbColumn,
        EntropyTargetColumn,
        EntropyDraftColumn,
        ExitLayerColumn,
        ColumnCount
    };
    // The raw value of a cell for sorting (set it as a proxy's sortRole):
    // numbers as numbers, the token as its display text, the source as its
    // enum value; an invalid QVariant where the value does not apply, which
    // QSortFilterProxyModel sorts after every real value.
    static constexpr int SortRole = Qt::UserRole;

    explicit TokenTableModel(RunDocument* doc, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // A rich-text description of one token (text, position, step, source,
    // probabilities, entropies, exit layer, top-k alternatives). The token
    // stream view shows the same tooltip.
    static QString tokenToolTip(const TokenRecord& token);

private:
    void resetFromDocument();
    void appendFromDocument();

    RunDocument* doc_;
    // Rows announced to the views. The document has already grown when it
    // signals, so the model answers from this count until it has told the
    // views about the new rows.
    int rows_ = 0;
};

} // namespace views
} // namespace specscope
