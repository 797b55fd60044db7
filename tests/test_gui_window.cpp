// The main window's glue, offscreen: a stored run opened from the library's
// file reaches every view through the shared document; a comparison opens in
// its own window; a corrupt trace file gives a message in the window and is
// left untouched. (The controller and the views have their own tests.)
#include <QApplication>
#include <QDialog>
#include <QFile>
#include <QMessageBox>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include "gui/main_window.h"
#include "synthetic_trace.h"
#include "trace/trace_store.h"
#include "views/compare_view.h"
#include "views/run_document.h"
#include "views/run_library_view.h"
#include "views/run_list_model.h"

using namespace specscope;
using specscope::gui::MainWindow;

class TestGuiWindow : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString store_;
    int64_t sps_ = 0, ar_ = 0;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        // Settings of this test only.
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, tmp_.filePath(QStringLiteral("config")));
        store_ = tmp_.filePath(QStringLiteral("runs.db"));
        auto s = TraceStore::open(store_.toStdString());
        testing::SyntheticSpec spec;
        spec.steps = 30;
        spec.layers = 6;
        sps_ = s->write_run(testing::make_synthetic_trace(spec));
        spec.strategy = "ar";
        spec.gamma = 0;
        ar_ = s->write_run(testing::make_synthetic_trace(spec));
    }

    void a_stored_run_reaches_every_view() {
        MainWindow w(store_);
        w.show();
        auto* library = w.findChild<views::RunLibraryView*>();
        QVERIFY(library);
        QTRY_COMPARE(library->model()->rowCount(), 2);  // the library lists the window's store
        w.openRun(store_, sps_);
        views::RunDocument* doc = w.document();
        QTRY_COMPARE(doc->stepCount(), 30);
        const RunTrace expected = testing::make_synthetic_trace([] {
            testing::SyntheticSpec s;
            s.steps = 30;
            s.layers = 6;
            return s;
        }());
        QCOMPARE(doc->tokenCount(), int(expected.prompt_tokens.size()) + expected.info.totals.new_tokens);
        QCOMPARE(doc->layerCount(), 6);
        QVERIFY(w.windowTitle().contains(QStringLiteral("sps")));
        // The token table (a dock) shows every token of the run.
        QTableView* table = nullptr;
        for (auto* t : w.findChildren<QTableView*>())
            if (t->model() && t->model()->rowCount() == doc->tokenCount()) table = t;
        QVERIFY2(table, "no table shows the run's tokens");
        // Moving through tokens from the Navigate menu moves the shared position.
        doc->setCurrentToken(10);
        table->setFocus();
        QCOMPARE(table->currentIndex().row(), 10);
    }

    void two_runs_open_side_by_side() {
        MainWindow w(store_);
        w.show();
        w.compareRuns(store_, ar_, sps_);
        views::CompareView* view = nullptr;
        QTRY_VERIFY((view = [&]() -> views::CompareView* {
            for (QWidget* top : QApplication::topLevelWidgets())
                if (auto* v = top->findChild<views::CompareView*>()) return v;
            return nullptr;
        }()) != nullptr);
        QCOMPARE(view->documentA()->info().strategy, std::string("ar"));
        QCOMPARE(view->documentB()->info().strategy, std::string("sps"));
    }

    void a_corrupt_trace_file_is_reported_and_left_alone() {
        const QString bad = tmp_.filePath(QStringLiteral("bad.db"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        const QByteArray junk(4096, '\x5a');
        f.write(junk);
        f.close();
        MainWindow w(store_);
        w.show();
        w.showTraceFile(bad);
        auto* library = w.findChild<views::RunLibraryView*>();
        QTRY_VERIFY(!library->errorText().isEmpty());
        QVERIFY2(library->errorText().contains(QStringLiteral("bad.db")), qPrintable(library->errorText()));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), junk);
        // Opening a run id that is not there: a message, the window keeps its run.
        w.openRun(store_, sps_);
        QTRY_COMPARE(w.document()->stepCount(), 30);
        w.openRun(bad, 1);
        QMessageBox* box = nullptr;
        QTRY_VERIFY((box = w.findChild<QMessageBox*>(QStringLiteral("ErrorBox"))) != nullptr);
        QVERIFY2(box->text().contains(QStringLiteral("bad.db")), qPrintable(box->text()));
        QCOMPARE(w.document()->stepCount(), 30);
    }
};

QTEST_MAIN(TestGuiWindow)
#include "test_gui_window.moc"
