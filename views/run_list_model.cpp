#include "views/run_list_model.h"

#include <QApplication>
#include <QDateTime>
#include <QGuiApplication>
#include <QIcon>
#include <QLocale>
#include <QStyle>

#include "views/palette.h"

namespace specscope {
namespace views {

namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

// Runs that did not finish normally stand out; a finished run keeps the
// default look so the eye goes to the exceptions.
QColor statusColor(const std::string& status) {
    const bool dark = isDark(QGuiApplication::palette());
    if (status == "failed") return dark ? QColor(239, 83, 80) : QColor(198, 40, 40);
    if (status == "cancelled") return dark ? QColor(255, 183, 77) : QColor(191, 96, 0);
    if (status == "running") return dark ? QColor(100, 181, 246) : QColor(21, 101, 192);
    return {};
}

QIcon statusIcon(const std::string& status) {
    // Standard icons need a widget style, which only a QApplication has.
    auto* app = qobject_cast<QApplication*>(QCoreApplication::instance());
    if (!app) return {};
    QStyle* style = QApplication::style();
    if (status == "failed") return style->standardIcon(QStyle::SP_MessageBoxCritical);
    if (status == "cancelled") return style->standardIcon(QStyle::SP_MessageBoxWarning);
    if (status == "running") return style->standardIcon(QStyle::SP_BrowserReload);
    return {};
}


QString startedText(int64_t ms) {
    if (ms <= 0) return QStringLiteral("—");
    // ISO order reads the same in every locale and sorts by eye.
    return QDateTime::fromMSecsSinceEpoch(ms).toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

} // namespace

QString firstLineElided(const QString& text, int maxChars) {
    // Leading blank lines would leave an empty cell: start at the first text.
    const QString trimmed = text.trimmed();
    const qsizetype end = trimmed.indexOf(QLatin1Char('\n'));
    const QString line = (end < 0 ? trimmed : trimmed.left(end)).trimmed();
    if (line.size() > maxChars) return line.left(maxChars - 1) + QStringLiteral("…");
    return end >= 0 ? line + QStringLiteral(" …") : line;
}

RunListModel::RunListModel(QObject* parent) : QAbstractTableModel(parent) {}

bool RunListModel::isRunIndex(const QModelIndex& index) const {
    // Not checkIndex(): views and the model tester ask about invalid indexes
    // on purpose, and checkIndex would warn about each.
    return index.isValid() && index.model() == this && index.row() < rowCount() && index.column() < ColumnCount;
}

void RunListModel::setRuns(std::vector<RunSummary> runs) {
    beginResetModel();
    runs_ = std::move(runs);
    endResetModel();
}

qint64 RunListModel::runId(int row) const {
    const RunSummary* r = run(row);
    return r ? r->id : -1;
}

int RunListModel::rowOfRun(qint64 id) const {
    for (std::size_t i = 0; i < runs_.size(); ++i)
        if (runs_[i].id == id) return static_cast<int>(i);
    return -1;
}

const RunSummary* RunListModel::run(int row) const {
    if (row < 0 || row >= rowCount()) return nullptr;
    return &runs_[static_cast<std::size_t>(row)];
}

int RunListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(runs_.size());
}

int RunListModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant RunListModel::display(const RunSummary& r, int column) const {
    switch (column) {
    case Id: return QString::number(r.id);
    case Name: return qs(r.name);
    case Strategy: return qs(r.strategy);
    case Status: return RunListModel::statusText(r.status);
    case Started: return startedText(r.started_at_ms);
    case Tokens: return QLocale().toString(r.new_tokens);
    case Tau: return QLocale().toString(r.tau, 'f', 2);
    case Acceptance:
        // Plain decoding drafts nothing: 0 % would read as "all rejected".
        if (r.strategy == "ar") return QStringLiteral("—");
        return QLocale().toString(100.0 * r.acceptance, 'f', 1) + QStringLiteral(" %");
    case TokensPerSecond: return QLocale().toString(r.tokens_per_s, 'f', 1);
    case Prompt: return firstLineElided(qs(r.prompt));
    }
    return {};
}

QVariant RunListModel::sortValue(const RunSummary& r, int column) const {
    switch (column) {
    case Id: return QVariant::fromValue<qint64>(r.id);
    case Name: return qs(r.name);
    case Strategy: return qs(r.strategy);
    case Status: return qs(r.status);
    case Started: return QVariant::fromValue<qint64>(r.started_at_ms);
    case Tokens: return r.new_tokens;
    case Tau: return r.tau;
    case Acceptance: return r.acceptance;
    case TokensPerSecond: return r.tokens_per_s;
    case Prompt: return qs(r.prompt);
    }
    return {};
}

QVariant RunListModel::data(const QModelIndex& index, int role) const {
    if (!isRunIndex(index)) return {};
    const RunSummary& r = runs_[static_cast<std::size_t>(index.row())];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole: return display(r, column);
    case Qt::EditRole: return column == Name ? QVariant(qs(r.name)) : display(r, column);
    case SortRole: return sortValue(r, column);
    case SearchRole:
        return qs(r.name) + QLatin1Char('\n') + qs(r.strategy) + QLatin1Char('\n') + qs(r.status) + QLatin1Char('\n') +
               RunListModel::statusText(r.status) + QLatin1Char('\n') + qs(r.prompt);
    case Qt::TextAlignmentRole:
        if (column == Id || column == Tokens || column == Tau || column == Acceptance || column == TokensPerSecond)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (column == Status) {
            const QColor c = statusColor(r.status);
            if (c.isValid()) return c;
        }
        return {};
    case Qt::DecorationRole:
        if (column == Status) {
            const QIcon icon = statusIcon(r.status);
            if (!icon.isNull()) return icon;
        }
        return {};
    case Qt::ToolTipRole:
        if (column == Prompt) return qs(r.prompt).left(2000);
        if (column == Name) return qs(r.name);
        if (column == Started && r.started_at_ms > 0)
            return QLocale().toString(QDateTime::fromMSecsSinceEpoch(r.started_at_ms).toLocalTime(), QLocale::LongFormat);
        return {};
    }
    return {};
}

QVariant RunListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case Id: return tr("Id");
        case Name: return tr("Name");
        case Strategy: return tr("Strategy");
        case Status: return tr("Status");
        case Started: return tr("Started");
        case Tokens: return tr("Tokens");
        case Tau: return tr("τ");
        case Acceptance: return tr("Acceptance");
        case TokensPerSecond: return tr("Tokens/s");
        case Prompt: return tr("Prompt");
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Tokens: return tr("New tokens generated");
        case Tau: return tr("Mean tokens per target forward");
        case Acceptance: return tr("Accepted draft tokens / drafted tokens");
        case TokensPerSecond: return tr("New tokens per second of wall time");
        }
    }
    return {};
}

Qt::ItemFlags RunListModel::flags(const QModelIndex& index) const {
    if (!isRunIndex(index)) return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    if (index.column() == Name) f |= Qt::ItemIsEditable;
    return f;
}

bool RunListModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (role != Qt::EditRole || index.column() != Name) return false;
    if (!isRunIndex(index)) return false;
    const RunSummary& r = runs_[static_cast<std::size_t>(index.row())];
    const QString name = value.toString().trimmed();
    if (name.isEmpty() || name == qs(r.name)) return false;  // an empty name would make the run unfindable
    Q_EMIT renameRequested(r.id, name);
    return false;
}

QString RunListModel::statusText(const std::string& status) {
    if (status == "finished") return RunListModel::tr("finished");
    if (status == "failed") return RunListModel::tr("failed");
    if (status == "cancelled") return RunListModel::tr("cancelled");
    if (status == "running") return RunListModel::tr("running");
    return qs(status);
}

} // namespace views
} // namespace specscope
