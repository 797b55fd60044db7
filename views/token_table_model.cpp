#include "views/token_table_model.h"

#include <QGuiApplication>
#include <QPalette>

#include <cmath>

#include "views/palette.h"
#include "views/run_document.h"

namespace specscope {
namespace views {

namespace {

// kNoValue (NaN) and -1 mean "not applicable": such cells stay empty.
QString number(float v, int decimals) { return std::isnan(v) ? QString() : QString::number(v, 'f', decimals); }
QVariant raw(float v) { return std::isnan(v) ? QVariant() : QVariant(static_cast<double>(v)); }

bool isNumeric(int column) {
    return column != TokenTableModel::TokenColumn && column != TokenTableModel::SourceColumn;
}

} // namespace

TokenTableModel::TokenTableModel(RunDocument* doc, QObject* parent) : QAbstractTableModel(parent), doc_(doc) {
    rows_ = doc_->tokenCount();
    connect(doc_, &RunDocument::reset, this, &TokenTableModel::resetFromDocument);
    connect(doc_, &RunDocument::stepsAppended, this, &TokenTableModel::appendFromDocument);
}

void TokenTableModel::resetFromDocument() {
    beginResetModel();
    rows_ = doc_->tokenCount();
    endResetModel();
}

void TokenTableModel::appendFromDocument() {
    // Only the new tokens are announced: views keep their selection and scroll.
    const int count = doc_->tokenCount();
    if (count <= rows_) return;
    beginInsertRows({}, rows_, count - 1);
    rows_ = count;
    endInsertRows();
}

int TokenTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : rows_; }

int TokenTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant TokenTableModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    if (index.row() >= doc_->tokenCount()) return {};
    const TokenRecord& t = doc_->token(index.row());
    const int column = index.column();

    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case PositionColumn: return QString::number(t.position);
        case TokenColumn: return displayText(t.text);
        case SourceColumn: return sourceName(t.source);
        case StepColumn: return t.step < 0 ? QString() : QString::number(t.step);
        case PTargetColumn: return number(t.p_target, 4);
        case PDraftColumn: return number(t.p_draft, 4);
        case AcceptProbColumn: return number(t.accept_prob, 4);
        case EntropyTargetColumn: return number(t.entropy_target, 3);
        case EntropyDraftColumn: return number(t.entropy_draft, 3);
        case ExitLayerColumn: return t.exit_layer < 0 ? QString() : QString::number(t.exit_layer);
        }
        break;
    case SortRole:
        switch (column) {
        case PositionColumn: return QVariant::fromValue(static_cast<qlonglong>(t.position));
        case TokenColumn: return displayText(t.text);
        case SourceColumn: return static_cast<int>(t.source);
        case StepColumn: return t.step < 0 ? QVariant() : QVariant(t.step);
        case PTargetColumn: return raw(t.p_target);
        case PDraftColumn: return raw(t.p_draft);
        case AcceptProbColumn: return raw(t.accept_prob);
        case EntropyTargetColumn: return raw(t.entropy_target);
        case EntropyDraftColumn: return raw(t.entropy_draft);
        case ExitLayerColumn: return t.exit_layer < 0 ? QVariant() : QVariant(t.exit_layer);
        }
        break;
    case Qt::BackgroundRole:
        // The application palette: a model has no widget, and the views
        // ask again on every repaint, so a palette switch is followed.
        if (column == SourceColumn) return sourceColor(t.source, QGuiApplication::palette());
        break;
    case Qt::ForegroundRole:
        if (column == SourceColumn) return textOn(sourceColor(t.source, QGuiApplication::palette()));
        break;
    case Qt::TextAlignmentRole:
        return static_cast<int>(Qt::AlignVCenter | (isNumeric(column) ? Qt::AlignRight : Qt::AlignLeft));
    case Qt::ToolTipRole: return tokenToolTip(t);
    }
    return {};
}

QVariant TokenTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    if (role == Qt::DisplayRole) {
        switch (section) {
        case PositionColumn: return tr("Position");
        case TokenColumn: return tr("Token");
        case SourceColumn: return tr("Source");
        case StepColumn: return tr("Step");
        case PTargetColumn: return tr("p target");
        case PDraftColumn: return tr("p draft");
        case AcceptProbColumn: return tr("Accept prob.");
        case EntropyTargetColumn: return tr("Entropy target (bits)");
        case EntropyDraftColumn: return tr("Entropy draft (bits)");
        case ExitLayerColumn: return tr("Exit layer");
        }
    } else if (role == Qt::ToolTipRole) {
        switch (section) {
        case PositionColumn: return tr("Index of the token in the whole sequence, prompt included");
        case TokenColumn: return tr("The token's text (↵ newline, → tab, \\x.. a partial UTF-8 piece)");
        case SourceColumn:
            return tr("Where the token came from: prompt, accepted draft, correction, bonus or plain target");
        case StepColumn: return tr("The decoding step that emitted the token");
        case PTargetColumn: return tr("Probability of the token under the target model (temperature 1)");
        case PDraftColumn: return tr("Probability of the token under the draft model, for drafted tokens");
        case AcceptProbColumn: return tr("Acceptance probability min(1, p/q) of a drafted token");
        case EntropyTargetColumn: return tr("Entropy of the target's distribution at this position, in bits");
        case EntropyDraftColumn: return tr("Entropy of the draft's distribution at this position, in bits");
        case ExitLayerColumn: return tr("Layer where the prediction exited early; empty for full depth");
        }
    }
    return QAbstractTableModel::headerData(section, orientation, role);
}

QString TokenTableModel::tokenToolTip(const TokenRecord& t) {
    QString html = QStringLiteral("<b>%1</b><table>").arg(displayText(t.text).toHtmlEscaped());
    auto row = [&html](const QString& name, const QString& value) {
        if (!value.isEmpty()) html += QStringLiteral("<tr><td>%1</td><td>%2</td></tr>").arg(name, value);
    };
    row(tr("position"), QString::number(t.position));
    row(tr("token id"), QString::number(t.id));
    row(tr("step"), t.step < 0 ? QString() : QString::number(t.step));
    row(tr("source"), sourceName(t.source));
    row(tr("p target"), number(t.p_target, 4));
    row(tr("p draft"), number(t.p_draft, 4));
    row(tr("acceptance prob."), number(t.accept_prob, 4));
    auto bits = [](float v) { return std::isnan(v) ? QString() : tr("%1 bits").arg(number(v, 3)); };
    row(tr("entropy target"), bits(t.entropy_target));
    row(tr("entropy draft"), bits(t.entropy_draft));
    row(tr("exit layer"), t.exit_layer < 0 ? QString() : QString::number(t.exit_layer));
    if (!t.top_k.empty()) {
        // Traces from before schema 2 keep only the alternatives' ids.
        QStringList alternatives;
        for (const auto& k : t.top_k)
            alternatives << (k.text.empty() ? QStringLiteral("#%1").arg(k.id)
                                            : QStringLiteral("'%1'").arg(displayText(k.text).toHtmlEscaped())) +
                                QStringLiteral(" %1").arg(number(k.p, 3));
        row(tr("top-k"), alternatives.join(QStringLiteral("<br>")));
    }
    html += QStringLiteral("</table>");
    return html;
}

} // namespace views
} // namespace specscope
