#include "views/run_library_view.h"

#include <QAction>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QSortFilterProxyModel>
#include <QStyle>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <exception>

#include "trace/trace_store.h"
#include "util/error.h"
#include "views/palette.h"
#include "views/run_list_model.h"
#include "views/run_loader.h"

namespace specscope {
namespace views {

namespace {

// Sorts on the raw values (numbers as numbers) and breaks ties by run id, so
// runs started in the same millisecond (imports, scripted runs) keep a
// stable, meaningful order.
class RunSortProxy : public QSortFilterProxyModel {
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

protected:
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override {
        const QVariant l = left.data(RunListModel::SortRole);
        const QVariant r = right.data(RunListModel::SortRole);
        if (l.typeId() == QMetaType::QString && r.typeId() == QMetaType::QString) {
            const int c = QString::compare(l.toString(), r.toString(), Qt::CaseInsensitive);
            if (c != 0) return c < 0;
        } else {
            const QPartialOrdering c = QVariant::compare(l, r);
            if (c == QPartialOrdering::Less) return true;
            if (c == QPartialOrdering::Greater) return false;
        }
        const auto id = [](const QModelIndex& i) {
            return i.siblingAtColumn(RunListModel::Id).data(RunListModel::SortRole).toLongLong();
        };
        return id(left) < id(right);
    }
};

// "FILE: PROBLEM" for any exception; specscope::Error carries both parts.
QString problemOf(const std::exception& e) {
    if (const auto* err = dynamic_cast<const Error*>(&e)) return QString::fromStdString(err->problem());
    return QString::fromLocal8Bit(e.what());
}

} // namespace

RunLibraryView::RunLibraryView(QWidget* parent) : QWidget(parent) {
    model_ = new RunListModel(this);
    proxy_ = new RunSortProxy(this);
    proxy_->setSourceModel(model_);
    proxy_->setSortRole(RunListModel::SortRole);
    // One search over name, strategy, status and the whole prompt (SearchRole).
    proxy_->setFilterRole(RunListModel::SearchRole);
    proxy_->setFilterKeyColumn(RunListModel::Id);
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);

    search_ = new QLineEdit(this);
    search_->setPlaceholderText(tr("Search name, strategy, status, prompt"));
    search_->setClearButtonEnabled(true);
    connect(search_, &QLineEdit::textChanged, this, [this](const QString& text) {
        proxy_->setFilterFixedString(text);
        updateCount();
        updateActions();
    });

    countLabel_ = new QLabel(this);

    messageBar_ = new QWidget(this);
    messageBar_->setAutoFillBackground(true);
    messageIcon_ = new QLabel(messageBar_);
    messageText_ = new QLabel(messageBar_);
    messageText_->setWordWrap(true);
    messageText_->setTextFormat(Qt::PlainText);  // paths and messages are not HTML
    messageText_->setTextInteractionFlags(Qt::TextSelectableByMouse);  // so a path can be copied
    auto* barLayout = new QHBoxLayout(messageBar_);
    barLayout->setContentsMargins(8, 6, 8, 6);
    barLayout->addWidget(messageIcon_, 0, Qt::AlignTop);
    barLayout->addWidget(messageText_, 1);
    messageBar_->hide();

    table_ = new QTableView(this);
    table_->setModel(proxy_);
    table_->setSortingEnabled(true);
    table_->sortByColumn(RunListModel::Started, Qt::DescendingOrder);  // newest first
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    // Double-click opens a run, so editing the name starts only with F2 or Rename.
    table_->setEditTriggers(QAbstractItemView::EditKeyPressed);
    table_->setContextMenuPolicy(Qt::CustomContextMenu);
    table_->setWordWrap(false);
    table_->setAlternatingRowColors(true);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->horizontalHeader()->setSectionsMovable(true);
    table_->horizontalHeader()->setHighlightSections(false);

    auto makeAction = [this](const QString& text, QStyle::StandardPixmap icon, const QString& tip) {
        auto* a = new QAction(style()->standardIcon(icon), text, this);
        a->setToolTip(tip);
        return a;
    };
    openAction_ = makeAction(tr("Open"), QStyle::SP_DialogOpenButton, tr("Open the run (double-click, Enter)"));
    compareAction_ = makeAction(tr("Compare with…"), QStyle::SP_FileDialogContentsView,
                                tr("Compare the two selected runs, or the selected run with another"));
    renameAction_ = makeAction(tr("Rename"), QStyle::SP_FileDialogDetailedView, tr("Rename the run (F2)"));
    deleteAction_ = makeAction(tr("Delete"), QStyle::SP_TrashIcon, tr("Delete the selected runs from the trace file (Del)"));
    openFileAction_ = makeAction(tr("Open trace file…"), QStyle::SP_DirOpenIcon, tr("Show the runs of another trace file"));
    refreshAction_ = makeAction(tr("Refresh"), QStyle::SP_BrowserReload, tr("Read the run list again (F5)"));
    connect(openAction_, &QAction::triggered, this, &RunLibraryView::openSelected);
    connect(compareAction_, &QAction::triggered, this, &RunLibraryView::compareSelected);
    connect(renameAction_, &QAction::triggered, this, &RunLibraryView::renameSelected);
    connect(deleteAction_, &QAction::triggered, this, &RunLibraryView::deleteSelected);
    connect(openFileAction_, &QAction::triggered, this, &RunLibraryView::openTraceFile);
    connect(refreshAction_, &QAction::triggered, this, [this] { refresh(); });

    // Keys act only while the table has focus, so Delete in the search field
    // still deletes text.
    openAction_->setShortcuts({QKeySequence(Qt::Key_Return), QKeySequence(Qt::Key_Enter)});
    deleteAction_->setShortcut(QKeySequence::Delete);
    refreshAction_->setShortcut(QKeySequence::Refresh);
    for (QAction* a : {openAction_, deleteAction_, refreshAction_}) {
        a->setShortcutContext(Qt::WidgetShortcut);
        table_->addAction(a);
    }

    auto* buttons = new QHBoxLayout;
    for (QAction* a : {openAction_, compareAction_, renameAction_, deleteAction_}) {
        auto* b = new QToolButton(this);
        b->setDefaultAction(a);
        b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        buttons->addWidget(b);
    }
    buttons->addStretch(1);
    for (QAction* a : {openFileAction_, refreshAction_}) {
        auto* b = new QToolButton(this);
        b->setDefaultAction(a);
        b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        buttons->addWidget(b);
    }

    auto* searchRow = new QHBoxLayout;
    searchRow->addWidget(search_, 1);
    searchRow->addWidget(countLabel_);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(searchRow);
    layout->addWidget(messageBar_);
    layout->addWidget(table_, 1);
    layout->addLayout(buttons);

    connect(table_, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        // Open the row that was double-clicked, even if the selection differs.
        const qint64 id = model_->runId(proxy_->mapToSource(index).row());
        if (id >= 0) Q_EMIT openRequested(storePath_, id);
    });
    connect(table_, &QTableView::customContextMenuRequested, this, [this](const QPoint& pos) {
        QMenu menu(this);
        menu.addAction(openAction_);
        menu.addAction(compareAction_);
        menu.addAction(renameAction_);
        menu.addAction(deleteAction_);
        menu.addSeparator();
        menu.addAction(openFileAction_);
        menu.addAction(refreshAction_);
        menu.exec(table_->viewport()->mapToGlobal(pos));
    });
    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &RunLibraryView::updateActions);
    connect(table_->selectionModel(), &QItemSelectionModel::currentChanged, this, &RunLibraryView::updateActions);
    // The rename is applied later, outside the delegate's commit: refreshing
    // resets the model, which must not happen while the editor is closing.
    connect(model_, &RunListModel::renameRequested, this,
            [this](qint64 id, const QString& name) { renameRun(id, name); }, Qt::QueuedConnection);

    styleMessageBar();
    updateActions();
    updateCount();
}

void RunLibraryView::setStorePath(const QString& path) {
    const bool changed = path != storePath_;
    storePath_ = path;
    if (changed) columnsSized_ = false;
    refresh();
    if (changed) Q_EMIT storeChanged(storePath_);
}

bool RunLibraryView::refresh() {
    const QList<qint64> selected = selectedRunIds();
    const qint64 current = currentRunId();
    std::vector<RunSummary> runs;
    bool ok = true;
    if (storePath_.isEmpty()) {
        hideMessage();
    } else if (!QFileInfo::exists(storePath_)) {
        // Not an error: the default store appears with the first run. Opening
        // it read-only would fail, and read-write would create it.
        showMessage(MessageKind::Info, tr("No runs yet: %1 will be created by the first run.")
                                           .arg(QDir::toNativeSeparators(storePath_)));
    } else {
        try {
            auto store = TraceStore::open(storePathToNative(storePath_), TraceStore::Mode::ReadOnly);
            runs = store->list_runs();
            hideMessage();
        } catch (const std::exception& e) {
            // Show no rows rather than those of the previous file.
            runs.clear();
            reportError(tr("Cannot open %1: %2").arg(QDir::toNativeSeparators(storePath_), problemOf(e)));
            ok = false;
        }
    }
    model_->setRuns(std::move(runs));
    if (!columnsSized_ && model_->rowCount() > 0) {
        columnsSized_ = true;
        table_->resizeColumnsToContents();
        // A long name or prompt must not push the other columns off screen.
        for (int c : {int(RunListModel::Name), int(RunListModel::Prompt)})
            table_->setColumnWidth(c, std::min(table_->columnWidth(c), 320));
    }
    QList<qint64> keep = selected;
    if (current >= 0) {  // the current run first, so it stays current
        keep.removeAll(current);
        keep.prepend(current);
    }
    selectRuns(keep);
    updateCount();
    updateActions();
    return ok;
}

bool RunLibraryView::storeFileMissing(const QString& action) {
    // A read-write open would silently create an empty trace in its place.
    if (QFileInfo::exists(storePath_)) return false;
    reportError(tr("Cannot %1: %2 no longer exists.").arg(action, QDir::toNativeSeparators(storePath_)));
    return true;
}

bool RunLibraryView::renameRun(qint64 id, const QString& name) {
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty() || storeFileMissing(tr("rename run %1").arg(id))) return false;
    try {
        auto store = TraceStore::open(storePathToNative(storePath_), TraceStore::Mode::ReadWrite);
        store->rename_run(id, trimmed.toStdString());
    } catch (const std::exception& e) {
        reportError(tr("Cannot rename run %1 in %2: %3").arg(id).arg(QDir::toNativeSeparators(storePath_), problemOf(e)));
        return false;
    }
    refresh();
    Q_EMIT runRenamed(storePath_, id, trimmed);
    Q_EMIT storeChanged(storePath_);
    return true;
}

bool RunLibraryView::deleteRuns(const QList<qint64>& ids) {
    if (ids.isEmpty() || storeFileMissing(tr("delete runs"))) return false;
    if (confirmDeletes_) {
        QString what;
        if (ids.size() == 1) {
            const RunSummary* r = model_->run(model_->rowOfRun(ids.front()));
            what = tr("Delete run %1 (%2) from %3?")
                       .arg(ids.front())
                       .arg(r ? QString::fromStdString(r->name) : QString(), QDir::toNativeSeparators(storePath_));
        } else {
            what = tr("Delete %1 runs from %2?").arg(ids.size()).arg(QDir::toNativeSeparators(storePath_));
        }
        const auto answer = QMessageBox::question(this, tr("Delete runs"), what + QLatin1Char('\n') + tr("This cannot be undone."),
                                                  QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Yes) return false;
    }
    QList<qint64> deleted;
    bool ok = true;
    QString error;
    try {
        auto store = TraceStore::open(storePathToNative(storePath_), TraceStore::Mode::ReadWrite);
        // One transaction per run (the store's): a failure part-way leaves
        // the runs before it deleted and every other run whole.
        for (qint64 id : ids) {
            store->delete_run(id);
            deleted << id;
        }
    } catch (const std::exception& e) {
        ok = false;
        error = tr("Cannot delete run %1 from %2: %3")
                    .arg(ids.value(deleted.size()))
                    .arg(QDir::toNativeSeparators(storePath_), problemOf(e));
    }
    if (!deleted.isEmpty()) {
        refresh();
        Q_EMIT runsDeleted(storePath_, deleted);
        Q_EMIT storeChanged(storePath_);
    }
    if (!ok) reportError(error);  // after refresh, which would hide the message
    return ok;
}

QList<qint64> RunLibraryView::selectedRunIds() const {
    QModelIndexList rows = table_->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    QList<qint64> ids;
    for (const QModelIndex& i : rows) ids << model_->runId(proxy_->mapToSource(i).row());
    return ids;
}

void RunLibraryView::selectRuns(const QList<qint64>& ids) {
    QItemSelection selection;
    QModelIndex first;
    for (qint64 id : ids) {
        const QModelIndex p = proxy_->mapFromSource(model_->index(model_->rowOfRun(id), 0));
        if (!p.isValid()) continue;
        if (!first.isValid()) first = p;
        selection.select(p, p.siblingAtColumn(RunListModel::ColumnCount - 1));
    }
    auto* sm = table_->selectionModel();
    sm->select(selection, QItemSelectionModel::ClearAndSelect);
    if (first.isValid()) {
        sm->setCurrentIndex(first, QItemSelectionModel::NoUpdate);
        table_->scrollTo(first);
    }
}

void RunLibraryView::setFilterText(const QString& text) { search_->setText(text); }

QString RunLibraryView::errorText() const {
    return messageBar_->isHidden() || messageKind_ != MessageKind::Error ? QString() : messageText_->text();
}

qint64 RunLibraryView::currentRunId() const {
    const QModelIndex current = table_->selectionModel()->currentIndex();
    if (current.isValid() && table_->selectionModel()->isRowSelected(current.row(), {}))
        return model_->runId(proxy_->mapToSource(current).row());
    const QList<qint64> ids = selectedRunIds();
    return ids.isEmpty() ? -1 : ids.front();
}

void RunLibraryView::openSelected() {
    const qint64 id = currentRunId();
    if (id >= 0) Q_EMIT openRequested(storePath_, id);
}

void RunLibraryView::compareSelected() {
    const QList<qint64> ids = selectedRunIds();
    if (ids.size() == 2) {
        Q_EMIT compareRequested(storePath_, std::min(ids[0], ids[1]), std::max(ids[0], ids[1]));
        return;
    }
    if (ids.size() != 1) return;
    // One run selected: ask which other run to compare it with.
    QStringList items;
    QList<qint64> others;
    for (int row = 0; row < proxy_->rowCount(); ++row) {
        const RunSummary* r = model_->run(proxy_->mapToSource(proxy_->index(row, 0)).row());
        if (!r || r->id == ids[0]) continue;
        others << r->id;
        items << tr("#%1  %2  (%3, %4 tokens)")
                     .arg(r->id)
                     .arg(QString::fromStdString(r->name), QString::fromStdString(r->strategy))
                     .arg(r->new_tokens);
    }
    if (others.isEmpty()) return;
    bool ok = false;
    const QString choice = QInputDialog::getItem(this, tr("Compare with…"), tr("Compare run %1 with:").arg(ids[0]),
                                                 items, 0, false, &ok);
    if (!ok) return;
    const qint64 other = others.value(items.indexOf(choice), -1);
    if (other < 0) return;
    Q_EMIT compareRequested(storePath_, std::min(ids[0], other), std::max(ids[0], other));
}

void RunLibraryView::renameSelected() {
    const qint64 id = currentRunId();
    const QModelIndex p = proxy_->mapFromSource(model_->index(model_->rowOfRun(id), RunListModel::Name));
    if (!p.isValid()) return;
    table_->setCurrentIndex(p);
    table_->edit(p);  // the model turns the edit into renameRequested
}

void RunLibraryView::deleteSelected() { deleteRuns(selectedRunIds()); }

void RunLibraryView::openTraceFile() {
    const QString dir = storePath_.isEmpty() ? QString() : QFileInfo(storePath_).absolutePath();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open trace file"), dir, tr("SpecScope traces (*.sstrace *.db *.sqlite *.sqlite3);;All files (*)"));
    if (!path.isEmpty()) setStorePath(path);
}

void RunLibraryView::updateActions() {
    const int n = static_cast<int>(table_->selectionModel()->selectedRows().size());
    openAction_->setEnabled(n >= 1);
    compareAction_->setEnabled(n == 2 || (n == 1 && model_->rowCount() >= 2));
    renameAction_->setEnabled(n == 1);
    deleteAction_->setEnabled(n >= 1);
}

void RunLibraryView::updateCount() {
    const int total = model_->rowCount(), shown = proxy_->rowCount();
    countLabel_->setText(shown == total ? tr("%n run(s)", nullptr, total)
                                        : tr("%1 of %n run(s)", nullptr, total).arg(shown));
}

void RunLibraryView::reportError(const QString& message) {
    showMessage(MessageKind::Error, message);
    Q_EMIT errorOccurred(message);
}

void RunLibraryView::showMessage(MessageKind kind, const QString& text) {
    messageKind_ = kind;
    messageText_->setText(text);
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    messageIcon_->setPixmap(style()
                                ->standardIcon(kind == MessageKind::Error ? QStyle::SP_MessageBoxWarning
                                                                          : QStyle::SP_MessageBoxInformation)
                                .pixmap(size, size));
    styleMessageBar();
    messageBar_->show();
}

void RunLibraryView::hideMessage() {
    messageText_->clear();
    messageBar_->hide();
}

void RunLibraryView::styleMessageBar() {
    // Colours follow the window palette so the bar reads in dark mode too.
    const bool dark = isDark(palette());
    QColor background, text;
    if (messageKind_ == MessageKind::Error) {
        background = dark ? QColor(90, 62, 0) : QColor(255, 243, 205);
        text = dark ? QColor(255, 224, 130) : QColor(102, 60, 0);
    } else {
        background = dark ? QColor(18, 52, 86) : QColor(227, 242, 253);
        text = dark ? QColor(187, 222, 251) : QColor(13, 71, 161);
    }
    QPalette p = messageBar_->palette();
    p.setColor(QPalette::Window, background);
    p.setColor(QPalette::WindowText, text);
    messageBar_->setPalette(p);
}

void RunLibraryView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange) styleMessageBar();
    QWidget::changeEvent(event);
}

} // namespace views
} // namespace specscope
