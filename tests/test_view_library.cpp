// The run library: a real trace store in a temporary folder, filled with
// synthetic runs through TraceStore::write_run. The run list model passes
// Qt's model tester; numbers sort as numbers; the search filters; rename and
// delete change exactly one run in the file; files that are not traces (random
// bytes, a foreign SQLite database, a read-only file) show an error in the
// view and are left byte for byte as they were; loadRunFromStore round-trips
// a run, also from another thread.
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDir>
#include <QInputDialog>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <sqlite3.h>
#include <sys/mount.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <random>
#include <thread>

#include "synthetic_trace.h"
#include "trace/export_json.h"
#include "trace/trace_store.h"
#include "util/error.h"
#include "views/palette.h"
#include "views/run_library_view.h"
#include "views/run_list_model.h"
#include "views/run_loader.h"

using namespace specscope;
using namespace specscope::views;

namespace {

QByteArray readBytes(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return f.readAll();
}

void writeBytes(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(bytes), bytes.size());
}

std::string native(const QString& path) { return QFile::encodeName(path).toStdString(); }

// A run's whole content as text, to compare runs before and after a change.
std::string fingerprint(const RunTrace& t) { return trace_to_json(t).dump(); }

struct RunSpec {
    std::string name, strategy, status, prompt;
    int steps, gamma;
    double wall_s;  // chosen so tokens/s has 1, 2 and 3 digits
};

// Four runs whose tokens, τ (2 .. 11) and tokens/s (9.7 .. 115.5) sort
// differently as text than as numbers, started a minute apart (run 4 newest).
const std::vector<RunSpec>& specs() {
    static const std::vector<RunSpec> s = {
        {"alpha", "sps", "finished", "The quick brown fox\nLorem ipsum dolor", 20, 4, 6.0},  // 60 tokens, τ 3, 10 tok/s
        {"beta", "tree", "finished", "Once upon a time", 30, 2, 6.2},                     // 60 tokens, τ 2, 9.68 tok/s
        {"gamma", "sps", "failed", "def fibonacci(n):", 21, 20, 2.0},                     // 231 tokens, τ 11, 115.5 tok/s
        {"delta", "medusa", "cancelled", "Translate to French: cheese", 12, 6, 1.0},       // 43 tokens, τ 3.58, 43 tok/s
    };
    return s;
}

RunTrace makeRun(const RunSpec& s, int index) {
    testing::SyntheticSpec spec;
    spec.steps = s.steps;
    spec.gamma = s.gamma;
    spec.strategy = s.strategy;
    RunTrace t = testing::make_synthetic_trace(spec);
    t.info.name = s.name;
    t.info.status = s.status;
    t.info.prompt = s.prompt;
    t.info.totals.wall_s = s.wall_s;
    t.info.started_at_ms = 1700000000000 + int64_t(index) * 60000;
    return t;
}

// Writes the four runs; returns their ids in order.
std::vector<int64_t> fillStore(const QString& path) {
    auto store = TraceStore::open(native(path));
    std::vector<int64_t> ids;
    for (std::size_t i = 0; i < specs().size(); ++i) ids.push_back(store->write_run(makeRun(specs()[i], int(i))));
    return ids;
}

std::map<int64_t, std::string> allFingerprints(const QString& path) {
    auto store = TraceStore::open(native(path), TraceStore::Mode::ReadOnly);
    std::map<int64_t, std::string> m;
    for (const RunSummary& s : store->list_runs()) m[s.id] = fingerprint(store->load_run(s.id));
    return m;
}

// Run ids in the view's (sorted, filtered) order.
QList<qint64> shownIds(const RunLibraryView& view) {
    QList<qint64> ids;
    const QSortFilterProxyModel* p = view.proxyModel();
    for (int r = 0; r < p->rowCount(); ++r) ids << p->index(r, RunListModel::Id).data(RunListModel::SortRole).toLongLong();
    return ids;
}

QStringList column(const RunLibraryView& view, int c, int role = Qt::DisplayRole) {
    QStringList out;
    const QSortFilterProxyModel* p = view.proxyModel();
    for (int r = 0; r < p->rowCount(); ++r) out << p->index(r, c).data(role).toString();
    return out;
}

} // namespace

class TestViewLibrary : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void model_matches_list_runs() {
        QTemporaryDir tmp;
        const QString path = tmp.filePath("runs.sstrace");
        fillStore(path);
        const auto runs = TraceStore::open(native(path), TraceStore::Mode::ReadOnly)->list_runs();

        RunListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.setRuns(runs);
        QCOMPARE(model.rowCount(), int(runs.size()));
        QCOMPARE(model.columnCount(), int(RunListModel::ColumnCount));
        QCOMPARE(model.headerData(RunListModel::Tau, Qt::Horizontal).toString(), QStringLiteral("τ"));
        for (int r = 0; r < model.rowCount(); ++r) {
            const RunSummary& s = runs[std::size_t(r)];
            QCOMPARE(model.runId(r), qint64(s.id));
            QCOMPARE(model.index(r, RunListModel::Id).data().toString(), QString::number(s.id));
            QCOMPARE(model.index(r, RunListModel::Name).data().toString(), QString::fromStdString(s.name));
            QCOMPARE(model.index(r, RunListModel::Strategy).data().toString(), QString::fromStdString(s.strategy));
            QCOMPARE(model.index(r, RunListModel::Tokens).data(RunListModel::SortRole).toInt(), s.new_tokens);
            QCOMPARE(model.index(r, RunListModel::Tau).data(RunListModel::SortRole).toDouble(), s.tau);
            QCOMPARE(model.index(r, RunListModel::TokensPerSecond).data(RunListModel::SortRole).toDouble(), s.tokens_per_s);
            QCOMPARE(model.index(r, RunListModel::Tau).data().toString(), QString::number(s.tau, 'f', 2));
            QCOMPARE(model.index(r, RunListModel::Started).data(RunListModel::SortRole).toLongLong(), qint64(s.started_at_ms));
        }
        // Summaries are what the runs say: run 3 ("gamma") made 231 tokens at τ 11.
        QCOMPARE(model.index(2, RunListModel::Tokens).data(RunListModel::SortRole).toInt(), 231);
        QCOMPARE(model.index(2, RunListModel::Tau).data().toString(), QStringLiteral("11.00"));
        QCOMPARE(model.index(2, RunListModel::TokensPerSecond).data().toString(), QStringLiteral("115.5"));
        QCOMPARE(model.index(0, RunListModel::Acceptance).data().toString(), QStringLiteral("50.0 %"));  // 40 of 80
        // The prompt column shows the first line; the tooltip has it all.
        QCOMPARE(model.index(0, RunListModel::Prompt).data().toString(), QStringLiteral("The quick brown fox …"));
        QVERIFY(model.index(0, RunListModel::Prompt).data(Qt::ToolTipRole).toString().contains("Lorem"));
        // Runs that did not finish stand out.
        QVERIFY(model.index(2, RunListModel::Status).data(Qt::ForegroundRole).value<QColor>().isValid());
        QVERIFY(!model.index(2, RunListModel::Status).data(Qt::DecorationRole).isNull());
        QVERIFY(!model.index(0, RunListModel::Status).data(Qt::ForegroundRole).isValid());
        // Only the name is editable, and an edit is a request, not a change.
        QVERIFY(model.flags(model.index(0, RunListModel::Name)) & Qt::ItemIsEditable);
        QVERIFY(!(model.flags(model.index(0, RunListModel::Tau)) & Qt::ItemIsEditable));
        QSignalSpy rename(&model, &RunListModel::renameRequested);
        QVERIFY(!model.setData(model.index(1, RunListModel::Name), QStringLiteral("new name")));
        QCOMPARE(rename.count(), 1);
        QCOMPARE(rename.at(0).at(0).toLongLong(), qint64(runs[1].id));
        QCOMPARE(rename.at(0).at(1).toString(), QStringLiteral("new name"));
        QCOMPARE(model.index(1, RunListModel::Name).data().toString(), QStringLiteral("beta"));
        QVERIFY(!model.setData(model.index(1, RunListModel::Name), QStringLiteral("   ")));  // empty: refused
        QCOMPARE(rename.count(), 1);
        model.setRuns({});  // the tester checks the reset too
        QCOMPARE(model.rowCount(), 0);
    }

    void view_sorts_numbers_as_numbers() {
        QTemporaryDir tmp;
        const QString path = tmp.filePath("runs.sstrace");
        const auto ids = fillStore(path);
        RunLibraryView view;
        QAbstractItemModelTester tester(view.proxyModel(), QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy changed(&view, &RunLibraryView::storeChanged);
        view.setStorePath(path);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(view.errorText(), QString());
        QCOMPARE(view.model()->rowCount(), 4);

        // Default: newest first.
        QCOMPARE(shownIds(view), (QList<qint64>{ids[3], ids[2], ids[1], ids[0]}));

        for (int c : {int(RunListModel::Tau), int(RunListModel::TokensPerSecond), int(RunListModel::Tokens)}) {
            view.tableView()->sortByColumn(c, Qt::AscendingOrder);
            QList<double> values;
            for (const QString& v : column(view, c, RunListModel::SortRole)) values << v.toDouble();
            QVERIFY2(std::is_sorted(values.begin(), values.end()), qPrintable(QStringLiteral("column %1").arg(c)));
            // The shown texts would sort differently as strings: the test can fail.
            QStringList texts = column(view, c);
            QVERIFY2(!std::is_sorted(texts.begin(), texts.end()), qPrintable(QStringLiteral("column %1").arg(c)));
        }
        view.tableView()->sortByColumn(RunListModel::TokensPerSecond, Qt::DescendingOrder);
        QCOMPARE(shownIds(view), (QList<qint64>{ids[2], ids[3], ids[0], ids[1]}));  // 115.5, 43, 10, 9.68
    }

    void search_filters() {
        QTemporaryDir tmp;
        const QString path = tmp.filePath("runs.sstrace");
        const auto ids = fillStore(path);
        RunLibraryView view;
        view.setStorePath(path);
        auto shownSet = [&] {
            QList<qint64> s = shownIds(view);
            std::sort(s.begin(), s.end());
            return s;
        };
        view.setFilterText(QStringLiteral("TREE"));  // strategy, any case
        QCOMPARE(shownSet(), (QList<qint64>{ids[1]}));
        view.setFilterText(QStringLiteral("sps"));
        QCOMPARE(shownSet(), (QList<qint64>{ids[0], ids[2]}));
        view.setFilterText(QStringLiteral("lorem"));  // second line of a prompt
        QCOMPARE(shownSet(), (QList<qint64>{ids[0]}));
        view.setFilterText(QStringLiteral("failed"));  // status
        QCOMPARE(shownSet(), (QList<qint64>{ids[2]}));
        view.setFilterText(QStringLiteral("delt"));  // name
        QCOMPARE(shownSet(), (QList<qint64>{ids[3]}));
        view.setFilterText(QStringLiteral("no such run"));
        QCOMPARE(shownSet(), QList<qint64>{});
        view.setFilterText(QString());
        QCOMPARE(shownSet().size(), 4);
        // The search field is the one the user types into.
        QTest::keyClicks(view.searchField(), QStringLiteral("Medusa"));
        QCOMPARE(shownSet(), (QList<qint64>{ids[3]}));
    }

    void rename_changes_only_that_run() {
        QTemporaryDir tmp;
        const QString path = tmp.filePath("runs.sstrace");
        const auto ids = fillStore(path);
        auto before = allFingerprints(path);
        RunLibraryView view;
        view.setStorePath(path);
        QSignalSpy renamed(&view, &RunLibraryView::runRenamed);
        QSignalSpy changed(&view, &RunLibraryView::storeChanged);

        // An edit of the Name cell, as the table's editor commits it.
        const int row = view.model()->rowOfRun(ids[1]);
        const QModelIndex cell = view.proxyModel()->mapFromSource(view.model()->index(row, RunListModel::Name));
        view.proxyModel()->setData(cell, QStringLiteral("beta, renamed ✓"));
        QTRY_COMPARE(renamed.count(), 1);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(renamed.at(0).at(1).toLongLong(), qint64(ids[1]));

        auto store = TraceStore::open(native(path), TraceStore::Mode::ReadOnly);
        RunTrace r = store->load_run(ids[1]);
        QCOMPARE(QString::fromStdString(r.info.name), QStringLiteral("beta, renamed ✓"));
        // Everything else of that run, and every other run, is unchanged.
        auto after = allFingerprints(path);
        QCOMPARE(after.size(), before.size());
        for (auto& [id, fp] : before)
            if (id != ids[1]) QVERIFY2(after[id] == fp, qPrintable(QStringLiteral("run %1 changed").arg(id)));
        r.info.name = "beta";
        QVERIFY(fingerprint(r) == before[ids[1]]);
        // The table shows the new name, and the run stays selected.
        QCOMPARE(view.model()->index(view.model()->rowOfRun(ids[1]), RunListModel::Name).data().toString(),
                 QStringLiteral("beta, renamed ✓"));
    }

    void rename_with_the_editor() {
        QTemporaryDir tmp;
        const QString path = tmp.filePath("runs.sstrace");
        const auto ids = fillStore(path);
        RunLibraryView view;
        view.resize(900, 400);
        view.setStorePath(path);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.selectRuns({ids[2]});
        QCOMPARE(view.selectedRunIds(), (QList<qint64>{ids[2]}));
        view.renameSelected();
        auto* editor = view.tableView()->viewport()->findChild<QLineEdit*>();
        QVERIFY(editor);
        editor->selectAll();
        QTest::keyClicks(editor, QStringLiteral("gamma 2"));
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_COMPARE(TraceStore::open(native(path), TraceStore::Mode::ReadOnly)->load_run(ids[2]).info.name,
                     std::string("gamma 2"));
        QCOMPARE(view.selectedRunIds(), (QList<qint64>{ids[2]}));
    }

    void delete_removes_only_that_run() {
        QTemporaryDir tmp;
        const QString path = tmp.filePath("runs.sstrace");
        const auto ids = fillStore(path);
        auto before = allFingerprints(path);
        RunLibraryView view;
        view.setStorePath(path);

        // Confirmation first: Cancel leaves the file alone.
        const QByteArray bytes = readBytes(path);
        bool asked = false;
        QTimer::singleShot(0, this, [&] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            asked = box != nullptr;
            if (box) box->reject();
        });
        QVERIFY(!view.deleteRuns({ids[0]}));
        QVERIFY(asked);
        QCOMPARE(readBytes(path), bytes);

        view.setConfirmDeletes(false);
        QSignalSpy deleted(&view, &RunLibraryView::runsDeleted);
        view.selectRuns({ids[0]});
        view.deleteSelected();
        QCOMPARE(deleted.count(), 1);
        QCOMPARE(deleted.at(0).at(1).value<QList<qint64>>(), (QList<qint64>{ids[0]}));
        QCOMPARE(view.model()->rowCount(), 3);
        QCOMPARE(view.model()->rowOfRun(ids[0]), -1);
        auto after = allFingerprints(path);
        QCOMPARE(after.size(), std::size_t(3));
        QVERIFY(!after.count(ids[0]));
        for (auto& [id, fp] : after) QVERIFY2(before[id] == fp, qPrintable(QStringLiteral("run %1 changed").arg(id)));

        // Deleting a run that is gone fails with a message; the others stay.
        QSignalSpy errors(&view, &RunLibraryView::errorOccurred);
        QVERIFY(!view.deleteRuns({ids[0]}));
        QCOMPARE(errors.count(), 1);
        QVERIFY2(view.errorText().contains("no run with id"), qPrintable(view.errorText()));
        QCOMPARE(allFingerprints(path).size(), std::size_t(3));
    }

    void open_and_compare_signals() {
        QTemporaryDir tmp;
        const QString path = tmp.filePath("runs.sstrace");
        const auto ids = fillStore(path);
        RunLibraryView view;
        view.resize(900, 400);
        view.setStorePath(path);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy open(&view, &RunLibraryView::openRequested);
        QSignalSpy compare(&view, &RunLibraryView::compareRequested);

        // Double-click opens the row under the mouse.
        const QModelIndex cell = view.proxyModel()->mapFromSource(view.model()->index(view.model()->rowOfRun(ids[1]), RunListModel::Strategy));
        const QPoint at = view.tableView()->visualRect(cell).center();
        QTest::mouseClick(view.tableView()->viewport(), Qt::LeftButton, {}, at);
        QTest::mouseDClick(view.tableView()->viewport(), Qt::LeftButton, {}, at);
        QCOMPARE(open.count(), 1);
        QCOMPARE(open.at(0).at(0).toString(), path);
        QCOMPARE(open.at(0).at(1).toLongLong(), qint64(ids[1]));

        // Two selected: compare the older (A) with the newer (B).
        view.selectRuns({ids[3], ids[1]});
        view.compareSelected();
        QCOMPARE(compare.count(), 1);
        QCOMPARE(compare.at(0).at(1).toLongLong(), qint64(ids[1]));
        QCOMPARE(compare.at(0).at(2).toLongLong(), qint64(ids[3]));

        // One selected: a dialog asks for the other run.
        view.selectRuns({ids[2]});
        bool asked = false;
        QTimer::singleShot(0, this, [&] {
            auto* dialog = qobject_cast<QInputDialog*>(QApplication::activeModalWidget());
            if (!dialog) return;
            asked = true;
            const QStringList items = dialog->comboBoxItems();
            QCOMPARE(items.size(), 3);  // the other runs
            for (const QString& item : items)
                if (item.startsWith(QStringLiteral("#%1 ").arg(ids[0]))) dialog->setTextValue(item);
            dialog->accept();
        });
        view.compareSelected();
        QVERIFY(asked);
        QCOMPARE(compare.count(), 2);
        QCOMPARE(compare.at(1).at(1).toLongLong(), qint64(ids[0]));
        QCOMPARE(compare.at(1).at(2).toLongLong(), qint64(ids[2]));

        view.selectRuns({ids[2]});
        view.openSelected();
        QCOMPARE(open.count(), 2);
        QCOMPARE(open.at(1).at(1).toLongLong(), qint64(ids[2]));
    }

    void bad_files_show_an_error_and_stay_untouched() {
        QTemporaryDir tmp;
        // Random bytes.
        const QString noise = tmp.filePath("noise.sstrace");
        QByteArray bytes(64 * 1024, '\0');
        std::mt19937 rng(7);
        for (char& b : bytes) b = char(rng());
        writeBytes(noise, bytes);
        // Another program's SQLite database.
        const QString foreign = tmp.filePath("foreign.db");
        {
            sqlite3* db = nullptr;
            QCOMPARE(sqlite3_open(native(foreign).c_str(), &db), SQLITE_OK);
            QCOMPARE(sqlite3_exec(db, "CREATE TABLE people (name TEXT); INSERT INTO people VALUES ('ada')", nullptr,
                                  nullptr, nullptr),
                     SQLITE_OK);
            sqlite3_close(db);
        }
        const QByteArray foreignBytes = readBytes(foreign);
        QVERIFY(!foreignBytes.isEmpty());

        // A good store first, so we see the bad file replace its rows.
        const QString good = tmp.filePath("runs.sstrace");
        const auto ids = fillStore(good);
        RunLibraryView view;
        view.setConfirmDeletes(false);
        view.setStorePath(good);
        QCOMPARE(view.model()->rowCount(), 4);
        QSignalSpy errors(&view, &RunLibraryView::errorOccurred);

        struct Case {
            QString path;
            QByteArray bytes;
            QString problem;
        };
        for (const Case& c : {Case{noise, bytes, "not an SQLite database"}, Case{foreign, foreignBytes, "not a SpecScope trace"}}) {
            errors.clear();
            view.setStorePath(c.path);
            QCOMPARE(view.model()->rowCount(), 0);
            QCOMPARE(errors.count(), 1);
            QVERIFY(!view.refresh());
            QCOMPARE(errors.count(), 2);
            const QString msg = view.errorText();
            QVERIFY2(msg.startsWith(QStringLiteral("Cannot open %1: ").arg(QDir::toNativeSeparators(c.path))), qPrintable(msg));
            QVERIFY2(msg.contains(c.problem), qPrintable(msg));
            QCOMPARE(errors.last().at(0).toString(), msg);
            QVERIFY(view.findChild<QLabel*>() != nullptr);
            // Rename and delete are refused too, and write nothing.
            QVERIFY(!view.renameRun(ids[0], QStringLiteral("x")));
            QVERIFY(!view.deleteRuns({ids[0]}));
            QVERIFY2(view.errorText().contains(c.problem), qPrintable(view.errorText()));
            QCOMPARE(readBytes(c.path), c.bytes);
            QVERIFY(!QFile::exists(c.path + "-wal"));
        }
        // Back to the good file: the message goes away.
        view.setStorePath(good);
        QCOMPARE(view.errorText(), QString());
        QCOMPARE(view.model()->rowCount(), 4);

        // A file that does not exist yet is an empty library, and is not created.
        const QString missing = tmp.filePath("later.sstrace");
        errors.clear();
        view.setStorePath(missing);
        QVERIFY(view.refresh());
        QCOMPARE(view.model()->rowCount(), 0);
        QCOMPARE(errors.count(), 0);
        QVERIFY(!view.renameRun(1, QStringLiteral("x")));  // nor by a rename
        QVERIFY(!QFile::exists(missing));
    }

    void read_only_file() {
        // A file nobody may write: listed fine, rename refused with a clear
        // message, file unchanged. chmod stops everyone but root; as root a
        // read-only tmpfs mount stands in (as in test_trace_store).
        QTemporaryDir tmp;
        QString path = tmp.filePath("locked.sstrace");
        struct Guard {
            QString mount, dir;
            ~Guard() {
                if (!mount.isEmpty()) ::umount2(mount.toLocal8Bit().constData(), MNT_DETACH);
                if (!dir.isEmpty()) QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
            }
        } guard;
        if (::geteuid() != 0) {
            fillStore(path);
            QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther));
            guard.dir = tmp.path();
            QVERIFY(QFile::setPermissions(tmp.path(), QFile::ReadOwner | QFile::ExeOwner));
        } else {
            const QString mnt = tmp.filePath("ro");
            QVERIFY(QDir().mkdir(mnt));
            if (::mount("tmpfs", mnt.toLocal8Bit().constData(), "tmpfs", 0, "size=4m") != 0)
                QSKIP("cannot mount a tmpfs");
            guard.mount = mnt;
            path = mnt + "/locked.sstrace";
            fillStore(path);
            if (::mount(nullptr, mnt.toLocal8Bit().constData(), nullptr, MS_REMOUNT | MS_RDONLY, nullptr) != 0)
                QSKIP("cannot remount read-only");
        }
        const QByteArray bytes = readBytes(path);
        RunLibraryView view;
        view.setConfirmDeletes(false);
        view.setStorePath(path);
        QCOMPARE(view.errorText(), QString());
        QCOMPARE(view.model()->rowCount(), 4);
        QSignalSpy errors(&view, &RunLibraryView::errorOccurred);
        QVERIFY(!view.renameRun(view.model()->runId(0), QStringLiteral("x")));
        QCOMPARE(errors.count(), 1);
        QVERIFY2(view.errorText().contains("read-only"), qPrintable(view.errorText()));
        QVERIFY(!view.deleteRuns({view.model()->runId(0)}));
        QCOMPARE(errors.count(), 2);
        QCOMPARE(view.model()->rowCount(), 4);
        QCOMPARE(readBytes(path), bytes);
    }

    void load_run_round_trips() {
        QTemporaryDir tmp;
        const QString path = tmp.filePath("runs ü.sstrace");  // a name beyond ASCII
        const auto ids = fillStore(path);
        RunTrace expected = makeRun(specs()[1], 1);
        RunTrace loaded = loadRunFromStore(path, ids[1]);
        QCOMPARE(loaded.info.id, int64_t(ids[1]));
        expected.info.id = loaded.info.id;
        expected.info.schema_version = loaded.info.schema_version;
        QVERIFY(fingerprint(loaded) == fingerprint(expected));

        // From a worker thread, as the main window does; each call opens its own store.
        RunTrace fromWorker;
        std::string workerError;
        std::thread worker([&] {
            try {
                fromWorker = loadRunFromStore(path, ids[2]);
                loadRunFromStore(path, 9999);
            } catch (const Error& e) {
                workerError = e.what();
            }
        });
        worker.join();
        QCOMPARE(fromWorker.info.name, std::string("gamma"));
        QVERIFY2(workerError.find("no run with id 9999") != std::string::npos, workerError.c_str());

        bool threw = false;
        try {
            loadRunFromStore(tmp.filePath("missing.sstrace"), 1);
        } catch (const Error& e) {
            threw = true;
            QVERIFY(std::string(e.what()).find("missing.sstrace") != std::string::npos);
        }
        QVERIFY(threw);
        QVERIFY(!QFile::exists(tmp.filePath("missing.sstrace")));
    }

    void screenshots() {
        // Renders for a look by eye; only when asked (SPECSCOPE_SHOTS set).
        if (qEnvironmentVariableIsEmpty("SPECSCOPE_SHOTS")) QSKIP("set SPECSCOPE_SHOTS to render PNGs");
        QDir().mkpath("/tmp/views-c");
        QTemporaryDir tmp;
        const QString path = tmp.filePath("runs.sstrace");
        fillStore(path);
        {
            // A running run, to show its status.
            RunTrace t = makeRun({"live run", "sps", "running", "Write a haiku", 5, 3, 0.1}, 9);
            TraceStore::open(native(path))->write_run(t);
        }
        const QPalette light = QApplication::palette();
        QPalette dark = light;
        dark.setColor(QPalette::Window, QColor(37, 37, 38));
        dark.setColor(QPalette::WindowText, QColor(230, 230, 230));
        dark.setColor(QPalette::Base, QColor(30, 30, 30));
        dark.setColor(QPalette::AlternateBase, QColor(45, 45, 48));
        dark.setColor(QPalette::Text, QColor(230, 230, 230));
        dark.setColor(QPalette::Button, QColor(50, 50, 52));
        dark.setColor(QPalette::ButtonText, QColor(230, 230, 230));
        dark.setColor(QPalette::PlaceholderText, QColor(140, 140, 140));
        dark.setColor(QPalette::Mid, QColor(80, 80, 80));
        for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
            dark.setColor(QPalette::Disabled, role, QColor(110, 110, 110));
        dark.setColor(QPalette::Highlight, QColor(38, 79, 120));
        dark.setColor(QPalette::HighlightedText, QColor(255, 255, 255));
        for (const auto& [name, pal] : {std::pair{QStringLiteral("light"), light}, std::pair{QStringLiteral("dark"), dark}}) {
            QApplication::setPalette(pal);
            RunLibraryView view;
            view.resize(1100, 360);
            view.setStorePath(path);
            view.selectRuns({2});
            view.show();
            QVERIFY(QTest::qWaitForWindowExposed(&view));
            QVERIFY(view.grab().save(QStringLiteral("/tmp/views-c/library-%1.png").arg(name)));
            view.setStorePath(tmp.filePath("foreign.db"));
            writeBytes(tmp.filePath("foreign.db"), QByteArray(4096, 'x'));
            view.refresh();
            QVERIFY(view.grab().save(QStringLiteral("/tmp/views-c/library-error-%1.png").arg(name)));
        }
        QApplication::setPalette(light);
    }
};

QTEST_MAIN(TestViewLibrary)
#include "test_view_library.moc"
