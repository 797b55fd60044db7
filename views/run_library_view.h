// The run library: the runs of one trace store (an SQLite file) in a
// searchable, sortable table, with Open, Compare, Rename, Delete, Open trace
// file and Refresh.
//
// It holds the store's path, not a connection: every action opens its own
// short-lived TraceStore on the GUI thread (read-only to list, read-write
// only for a rename or delete) and closes it at once, so no connection ever
// crosses threads and a recording in another thread or process is never
// blocked for long. Loading a whole run is left to the caller, on a worker
// thread (views/run_loader.h). Every failure shows in an inline message bar
// and is emitted as errorOccurred; nothing is written to a file that could
// not be opened as a trace.
#pragma once

#include <QList>
#include <QString>
#include <QWidget>

class QAction;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace specscope {
namespace views {

class RunListModel;

class RunLibraryView : public QWidget {
    Q_OBJECT
public:
    explicit RunLibraryView(QWidget* parent = nullptr);

    // Sets the trace file and lists its runs (refresh). Emits storeChanged
    // when the path differs from the previous one. A file that does not exist
    // yet is shown as an empty library (the first run creates it).
    void setStorePath(const QString& path);
    QString storePath() const { return storePath_; }

    // Re-reads the run list. Returns false (and shows the error) when the
    // file cannot be read as a trace; the table is then empty.
    bool refresh();

    // Delete asks for confirmation unless this is off (tests, scripted use).
    void setConfirmDeletes(bool confirm) { confirmDeletes_ = confirm; }
    bool confirmDeletes() const { return confirmDeletes_; }

    // The actions behind the buttons, for the main window and tests. Each
    // opens the store read-write for just this change, then refreshes.
    // Return false (after showing the error) when nothing was changed.
    bool renameRun(qint64 id, const QString& name);
    bool deleteRuns(const QList<qint64>& ids);  // asks first when confirmDeletes()

    // Selected runs, in the table's current order; selectRuns selects the
    // given runs (those shown) and makes the first one current.
    QList<qint64> selectedRunIds() const;
    void selectRuns(const QList<qint64>& ids);

    void setFilterText(const QString& text);
    QString errorText() const;  // the message bar's text when it shows an error, else ""

    RunListModel* model() const { return model_; }
    QSortFilterProxyModel* proxyModel() const { return proxy_; }
    QTableView* tableView() const { return table_; }
    QLineEdit* searchField() const { return search_; }

public Q_SLOTS:
    void openSelected();     // openRequested for the current run
    void compareSelected();  // two selected: compare them; one: ask for the other
    void renameSelected();   // starts editing the current run's name in place
    void deleteSelected();
    void openTraceFile();    // file dialog, then setStorePath

Q_SIGNALS:
    void openRequested(const QString& storePath, qint64 runId);
    // A is the older run (lower id), the baseline B is measured against.
    void compareRequested(const QString& storePath, qint64 a, qint64 b);
    // Another file was opened, or runs in this one were renamed or deleted.
    void storeChanged(const QString& path);
    void runRenamed(const QString& storePath, qint64 runId, const QString& name);
    void runsDeleted(const QString& storePath, const QList<qint64>& runIds);
    void errorOccurred(const QString& message);

protected:
    void changeEvent(QEvent* event) override;

private:
    enum class MessageKind { Info, Error };
    void showMessage(MessageKind kind, const QString& text);
    void hideMessage();
    void styleMessageBar();
    void reportError(const QString& message);
    void updateActions();
    void updateCount();
    qint64 currentRunId() const;
    bool storeFileMissing(const QString& action);

    QString storePath_;
    bool confirmDeletes_ = true;
    bool columnsSized_ = false;  // fit the columns once per file, then keep the user's widths
    MessageKind messageKind_ = MessageKind::Info;

    RunListModel* model_;
    QSortFilterProxyModel* proxy_;
    QTableView* table_;
    QLineEdit* search_;
    QWidget* messageBar_;  // icon and text on a tinted background
    QLabel* messageIcon_;
    QLabel* messageText_;
    QLabel* countLabel_;
    QAction* openAction_;
    QAction* compareAction_;
    QAction* renameAction_;
    QAction* deleteAction_;
    QAction* openFileAction_;
    QAction* refreshAction_;
};

} // namespace views
} // namespace specscope
