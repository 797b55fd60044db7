// The workbench's run controller drives the real engine on its worker
// thread: loading, running, pausing, stepping and stopping, with every event
// reaching the views' document in order and every run stored. Tiny random
// models written by the test; no GUI window is needed.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

#include "decode/strategy.h"
#include "gui/run_controller.h"
#include "gui/strategy_texts.h"
#include "tiny_model.h"
#include "trace/trace_store.h"
#include "views/run_document.h"

using namespace specscope;
using namespace specscope::gui;
using views::RunDocument;

class TestGuiController : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString target_, draft_, other_;

    QString store() const { return tmp_.filePath(QStringLiteral("runs.db")); }

    // Wires the controller into a document the way the main window does.
    static void wire(RunController& c, RunDocument& doc, std::vector<int>* order = nullptr) {
        QObject::connect(&c, &RunController::runStarted, &doc,
                         [&doc](const RunInfo& info, const std::vector<TokenRecord>& prompt) { doc.beginLive(info, prompt); });
        QObject::connect(&c, &RunController::stepReady, &doc, [&doc, order](const StepEvent& e) {
            if (order) order->push_back(e.step.index);
            doc.appendStep(e);
        });
        QObject::connect(&c, &RunController::runEnded, &doc, [&doc](const RunInfo& info) { doc.setInfo(info); });
    }

    static bool load(RunController& c, const QString& target, const QString& draft, QString* error = nullptr) {
        QSignalSpy ready(&c, &RunController::modelsReady), failed(&c, &RunController::loadFailed);
        c.loadModels(target, draft, QStringLiteral("cpu"), QStringLiteral("float32"));
        for (int i = 0; i < 200 && ready.isEmpty() && failed.isEmpty(); ++i) QTest::qWait(50);
        if (error && !failed.isEmpty()) *error = failed.first().first().toString();
        return !ready.isEmpty();
    }

    static RunRequest request(const std::string& strategy, int tokens) {
        RunRequest r;
        r.strategy = strategy;
        r.prompt = "hello world";
        r.max_new_tokens = tokens;
        return r;
    }

    static RunInfo waitEnd(QSignalSpy& ended, int timeoutMs = 20000) {
        if (ended.isEmpty()) ended.wait(timeoutMs);
        return ended.isEmpty() ? RunInfo{} : ended.first().first().value<RunInfo>();
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        test::TinySpec t;
        t.layers = 4;
        test::write_tiny_model(tmp_.filePath(QStringLiteral("target")).toStdString(), t);
        test::TinySpec d = t;
        d.layers = 1;
        d.seed = 7;
        test::write_tiny_model(tmp_.filePath(QStringLiteral("draft")).toStdString(), d);
        target_ = tmp_.filePath(QStringLiteral("target"));
        draft_ = tmp_.filePath(QStringLiteral("draft"));
    }

    // The engine describes strategies and parameters in English; the run
    // panel shows them in the user's language. Every text of every strategy
    // is in the translation table, and the German catalogue translates it.
    void engine_texts_are_translated() {
        std::vector<std::string> texts;
        for (const StrategyInfo& s : strategy_registry()) {
            texts.push_back(s.description);
            for (const ParamSpec& p : s.params) texts.push_back(p.help);
        }
        for (const std::string& t : texts) QVERIFY2(engineTextIsListed(t), t.c_str());
        QTranslator de;
        QVERIFY(de.load(QStringLiteral(SPECSCOPE_BINARY_DIR "/app/gui/specscope_de.qm")));
        QCoreApplication::installTranslator(&de);
        for (const std::string& t : texts) QVERIFY2(translatedEngineText(t) != QString::fromStdString(t), t.c_str());
        QCOMPARE(translatedEngineText("a text the engine gained later"), QStringLiteral("a text the engine gained later"));
        QCoreApplication::removeTranslator(&de);
        QCOMPARE(translatedEngineText(texts.front()), QString::fromStdString(texts.front()));
    }

    void live_run_reaches_the_document_in_order_and_is_stored() {
        RunController c(store());
        RunDocument doc;
        std::vector<int> order;
        wire(c, doc, &order);
        QVERIFY(load(c, target_, draft_));
        QSignalSpy ended(&c, &RunController::runEnded);
        c.start(request("sps", 40));
        const RunInfo info = waitEnd(ended);
        QCOMPARE(QString::fromStdString(info.status), QStringLiteral("finished"));
        QCOMPARE(c.state(), RunController::State::Idle);
        // Every step arrived, in order, and the document holds exactly what was generated.
        QCOMPARE(int(order.size()), info.totals.steps);
        for (size_t i = 0; i < order.size(); ++i) QCOMPARE(order[i], int(i));
        QCOMPARE(doc.tokenCount() - doc.promptCount(), info.totals.new_tokens);
        QCOMPARE(info.totals.new_tokens, 40);
        QVERIFY(doc.promptCount() > 0);
        QVERIFY(!doc.token(0).text.empty());  // prompt records carry their texts
        // The store holds the same run, step for step.
        auto s = TraceStore::open(store().toStdString(), TraceStore::Mode::ReadOnly);
        const RunTrace stored = s->load_run(info.id);
        QCOMPARE(stored.steps.size(), doc.steps().size());
        for (size_t i = 0; i < stored.steps.size(); ++i) QCOMPARE(stored.steps[i].step.emitted, doc.steps()[i].step.emitted);
        QCOMPARE(int(stored.prompt_tokens.size()), doc.promptCount());

        // Greedy sps is lossless: the same tokens as plain decoding.
        c.start(request("ar", 40));
        ended.clear();
        const RunInfo ar = waitEnd(ended);
        QCOMPARE(ar.totals.new_tokens, 40);
        std::vector<int32_t> spsIds, arIds;
        for (const auto& st : stored.steps) spsIds.insert(spsIds.end(), st.step.emitted.begin(), st.step.emitted.end());
        for (const auto& st : doc.steps()) arIds.insert(arIds.end(), st.step.emitted.begin(), st.step.emitted.end());
        QCOMPARE(arIds, spsIds);
    }

    void pause_and_step_advance_exactly_one_step() {
        RunController c(store());
        RunDocument doc;
        wire(c, doc);
        QVERIFY(load(c, target_, draft_));
        QSignalSpy started(&c, &RunController::runStarted), steps(&c, &RunController::stepReady),
            ended(&c, &RunController::runEnded);
        c.start(request("sps", 200), /*startPaused=*/true);
        QVERIFY(started.wait(10000));
        QCOMPARE(c.state(), RunController::State::Paused);
        QTest::qWait(200);
        QCOMPARE(steps.count(), 0);  // prefilled, waiting
        for (int k = 1; k <= 3; ++k) {
            c.step();
            QVERIFY(steps.wait(10000));
            QTest::qWait(150);  // nothing more arrives
            QCOMPARE(steps.count(), k);
            QCOMPARE(doc.stepCount(), k);
            QCOMPARE(c.state(), RunController::State::Paused);
        }
        // Resume runs on; Pause stops after the step in flight.
        c.resume();
        QVERIFY(steps.wait(10000));
        c.pause();
        QTRY_COMPARE_WITH_TIMEOUT(c.state(), RunController::State::Paused, 10000);
        const int atPause = steps.count();
        QTest::qWait(200);
        QCOMPARE(steps.count(), atPause);
        // Stop while paused: the run ends, cancelled, with no further step.
        c.stop();
        const RunInfo info = waitEnd(ended);
        QCOMPARE(QString::fromStdString(info.status), QStringLiteral("cancelled"));
        QCOMPARE(info.totals.steps, atPause);
        QCOMPARE(c.state(), RunController::State::Idle);
    }

    void stop_ends_a_running_run_within_one_step() {
        RunController c(store());
        RunDocument doc;
        wire(c, doc);
        QVERIFY(load(c, target_, {}));
        QSignalSpy steps(&c, &RunController::stepReady), ended(&c, &RunController::runEnded);
        int stepsWhenStopped = -1;
        // Stop from inside the first step's delivery. The worker may be many
        // steps ahead of what this thread has seen (tiny models step in well
        // under a millisecond): what it had completed once the stop was
        // requested, plus the step in flight, is all the run may hold.
        connect(&c, &RunController::stepReady, this, [&] {
            if (stepsWhenStopped < 0) {
                c.stop();
                stepsWhenStopped = c.stepsCompleted();
            }
        });
        c.start(request("ar", 200));
        const RunInfo info = waitEnd(ended);
        QCOMPARE(QString::fromStdString(info.status), QStringLiteral("cancelled"));
        QVERIFY(info.totals.steps < 200);
        QCOMPARE(doc.stepCount(), info.totals.steps);  // every completed step reached the views
        QVERIFY2(info.totals.steps <= stepsWhenStopped + 1,
                 qPrintable(QStringLiteral("%1 steps after the stop at %2").arg(info.totals.steps).arg(stepsWhenStopped)));
    }

    void bad_input_is_reported_and_the_controller_keeps_working() {
        RunController c(store());
        RunDocument doc;
        wire(c, doc);
        QString error;
        // A directory that is not a model.
        QVERIFY(!load(c, tmp_.path(), {}, &error));
        QVERIFY2(error.contains(QStringLiteral("config.json")), qPrintable(error));
        QCOMPARE(c.state(), RunController::State::Idle);
        // A draft whose tokenizer differs from the target's.
        QTemporaryDir other;
        test::TinySpec o;
        o.vocab = 400;
        test::write_tiny_model(other.path().toStdString(), o);
        QFile tok(other.filePath(QStringLiteral("tokenizer.json")));
        QVERIFY(tok.open(QIODevice::ReadWrite));
        QByteArray text = tok.readAll().replace("<|endoftext|>", "<|end|>");
        tok.resize(0);
        tok.write(text);
        tok.close();
        QVERIFY(!load(c, target_, other.path(), &error));
        QVERIFY2(!error.isEmpty(), "no message for an incompatible draft");
        // A method that needs a draft, with none loaded: refused, nothing stored.
        QVERIFY(load(c, target_, {}));
        const size_t before = TraceStore::open(store().toStdString(), TraceStore::Mode::ReadOnly)->list_runs().size();
        QSignalSpy errors(&c, &RunController::errorOccurred), ended(&c, &RunController::runEnded);
        c.start(request("sps", 10));
        const RunInfo info = waitEnd(ended);
        QCOMPARE(QString::fromStdString(info.status), QStringLiteral("failed"));
        QVERIFY(!errors.isEmpty());
        QVERIFY(errors.first().first().toString().contains(QStringLiteral("draft")));
        QCOMPARE(TraceStore::open(store().toStdString(), TraceStore::Mode::ReadOnly)->list_runs().size(), before);
        // And it still runs.
        ended.clear();
        c.start(request("ar", 5));
        QCOMPARE(QString::fromStdString(waitEnd(ended).status), QStringLiteral("finished"));
    }
};

QTEST_MAIN(TestGuiController)
#include "test_gui_controller.moc"
