// The comparison of two runs: identical outputs are called identical; a
// token changed at generated index k is found at k, framed in both strips
// and scrolled into view; a run that stops early diverges where it ends; the
// differences table computes τ, tokens/s and the speedup from the runs'
// totals (or from the steps of a run that never finished); a live step
// appended to a document updates the comparison.
#include <QApplication>
#include <QDir>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

#include "synthetic_trace.h"
#include "views/compare_view.h"
#include "views/palette.h"
#include "views/run_document.h"

using namespace specscope;
using namespace specscope::views;

namespace {

RunTrace synthetic(int steps, int gamma, const std::string& strategy = "sps", int prompt = 5) {
    testing::SyntheticSpec spec;
    spec.steps = steps;
    spec.gamma = gamma;
    spec.strategy = strategy;
    spec.prompt_tokens = prompt;
    return testing::make_synthetic_trace(spec);
}

int generatedCount(const RunTrace& t) {
    int n = 0;
    for (const auto& s : t.steps) n += int(s.tokens.size());
    return n;
}

// Replaces generated token K (0-based, prompt excluded) of T.
void setGenerated(RunTrace& t, int k, int32_t id, const std::string& text) {
    for (auto& s : t.steps) {
        if (k < int(s.tokens.size())) {
            s.tokens[std::size_t(k)].id = id;
            s.tokens[std::size_t(k)].text = text;
            s.step.emitted[std::size_t(k)] = id;
            return;
        }
        k -= int(s.tokens.size());
    }
    QFAIL("no such generated token");
}

const TokenRecord& generated(const RunTrace& t, int k) {
    for (const auto& s : t.steps) {
        if (k < int(s.tokens.size())) return s.tokens[std::size_t(k)];
        k -= int(s.tokens.size());
    }
    static TokenRecord none;
    return none;
}

QString tableCell(const CompareView& view, const QString& key, int column) {
    const QTableWidget* t = view.differencesTable();
    for (int r = 0; r < t->rowCount(); ++r)
        if (t->item(r, 0)->data(Qt::UserRole).toString() == key) return t->item(r, column)->text();
    return QStringLiteral("<no row %1>").arg(key);
}

} // namespace

class TestViewCompare : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void identical_outputs() {
        // Different methods, same 60 tokens: what greedy speculation promises.
        const RunTrace a = synthetic(20, 4, "sps");
        const RunTrace b = synthetic(30, 2, "tree");
        QCOMPARE(generatedCount(a), 60);
        QCOMPARE(generatedCount(b), 60);
        CompareView view;
        view.setRuns(a, b);
        QCOMPARE(view.firstDivergence(), -1);
        QCOMPARE(view.differenceText("output"), QStringLiteral("identical (60 tokens)"));
        QCOMPARE(view.divergenceHighlightA(), -1);
        QCOMPARE(view.divergenceHighlightB(), -1);
        QCOMPARE(view.differenceText("strategy"), QStringLiteral("different"));
        QCOMPARE(view.differenceText("params"), QStringLiteral("gamma: 4 → 2"));
        QCOMPARE(view.differenceText("sampling"), QStringLiteral("same"));
        QCOMPARE(view.documentA()->tokenCount(), 65);
        QCOMPARE(view.documentB()->info().strategy, std::string("tree"));
    }

    void changed_token_is_found_and_framed() {
        const RunTrace a = synthetic(20, 4);
        for (int k : {0, 17, 59}) {
            RunTrace b = a;
            setGenerated(b, k, 7, "XYZ");
            CompareView view;
            view.setRuns(a, b);
            QCOMPARE(view.firstDivergence(), k);
            QCOMPARE(view.divergenceHighlightA(), 5 + k);
            QCOMPARE(view.divergenceHighlightB(), 5 + k);
            QCOMPARE(view.stripA()->highlight(), 5 + k);
            QCOMPARE(view.differenceText("output"),
                     QStringLiteral("first divergence at generated token %1 (A: '%2' vs B: 'XYZ')")
                         .arg(k)
                         .arg(displayText(generated(a, k).text)));
        }
        // Only the text differs (same id): still a divergence.
        RunTrace b = a;
        setGenerated(b, 3, generated(a, 3).id, "other");
        CompareView view;
        view.setRuns(a, b);
        QCOMPARE(view.firstDivergence(), 3);
    }

    void divergence_is_scrolled_into_view() {
        // Long runs: the divergence is far below the first screen.
        const RunTrace a = synthetic(600, 4);
        const int n = generatedCount(a);
        QVERIFY(n > 1500);
        const int k = n - 40;
        RunTrace b = a;
        b.info.name = "B";
        setGenerated(b, k, 7, "XYZ");
        CompareView view;
        view.resize(1000, 700);
        view.setRuns(a, b);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        for (CompareStrip* strip : {view.stripA(), view.stripB()}) {
            QCOMPARE(strip->highlight(), 5 + k);
            QVERIFY(strip->verticalScrollBar()->maximum() > 0);
            QVERIFY(strip->verticalScrollBar()->value() > 0);
            QVERIFY(strip->isTokenVisible(strip->highlight()));
            QVERIFY(!strip->isTokenVisible(0));
            QCOMPARE(strip->tokenAt(strip->tokenRect(5 + k).center()), 5 + k);
        }
        // Still in view after the window is resized.
        view.resize(700, 500);
        QTRY_VERIFY(view.stripA()->isTokenVisible(view.divergenceHighlightA()));
        QVERIFY(view.stripB()->isTokenVisible(view.divergenceHighlightB()));
    }

    void shorter_run_diverges_where_it_ends() {
        const RunTrace a = synthetic(20, 4);  // 60 tokens
        const RunTrace b = synthetic(15, 4);  // its first 45
        const int nb = generatedCount(b);
        QCOMPARE(nb, 45);
        CompareView view;
        view.setRuns(a, b);
        QCOMPARE(view.firstDivergence(), nb);
        QCOMPARE(view.divergenceHighlightA(), 5 + nb);
        QCOMPARE(view.divergenceHighlightB(), -1);
        QVERIFY2(view.differenceText("output").endsWith("vs B: end of output)"), qPrintable(view.differenceText("output")));
        view.setRuns(b, a);
        QCOMPARE(view.divergenceHighlightA(), -1);
        QCOMPARE(view.divergenceHighlightB(), 5 + nb);
    }

    void numbers_come_from_the_totals() {
        const RunTrace a = synthetic(20, 4, "sps");
        RunTrace b = synthetic(30, 2, "tree");
        b.info.totals.wall_s = 0.012;  // not what the steps add up to: the totals win
        const RunTotals ta = a.info.totals, tb = b.info.totals;
        QCOMPARE(ta.tau(), 3.0);
        QCOMPARE(tb.tau(), 2.0);
        CompareView view;
        view.setRuns(a, b);

        QCOMPARE(view.valueText("tokens", CompareView::A), QStringLiteral("60"));
        QCOMPARE(view.differenceText("tokens"), QStringLiteral("0 (0.0 %)"));
        QCOMPARE(view.valueText("steps", CompareView::A), QStringLiteral("20"));
        QCOMPARE(view.valueText("steps", CompareView::B), QStringLiteral("30"));
        QCOMPARE(view.differenceText("steps"), QStringLiteral("+10 (+50.0 %)"));
        QCOMPARE(view.valueText("tau", CompareView::A), QStringLiteral("3.00"));
        QCOMPARE(view.valueText("tau", CompareView::B), QStringLiteral("2.00"));
        QCOMPARE(view.differenceText("tau"), QStringLiteral("-1.00 (-33.3 %)"));
        QCOMPARE(view.valueText("acceptance", CompareView::A), QStringLiteral("50.0 %"));  // 40 of 80
        QCOMPARE(view.valueText("acceptance", CompareView::B), QStringLiteral("50.0 %"));  // 30 of 60
        QCOMPARE(view.differenceText("acceptance"), QStringLiteral("0.0 pp"));
        // 60 tokens in 21 ms against 60 in 12 ms.
        QCOMPARE(view.valueText("tokens_per_s", CompareView::A), QString::number(60 / 0.021, 'f', 1));
        QCOMPARE(view.valueText("tokens_per_s", CompareView::B), QStringLiteral("5000.0"));
        QCOMPARE(view.differenceText("speedup"), QString::number(5000.0 / (60 / 0.021), 'f', 2) + QStringLiteral("×"));
        QCOMPARE(view.differenceText("speedup"), QStringLiteral("1.75×"));
        QCOMPARE(view.valueText("wall", CompareView::A), QStringLiteral("21.0 ms"));
        QCOMPARE(view.valueText("draft", CompareView::B), QStringLiteral("12.0 ms"));  // 30 × 400 µs
        QCOMPARE(view.valueText("verify", CompareView::A), QStringLiteral("12.0 ms"));  // 20 × 600 µs
        QCOMPARE(view.differenceText("wall"), QStringLiteral("-9.0 ms (-42.9 %)"));
        // The table shows the same texts.
        for (const QString& key : view.differenceKeys()) {
            QCOMPARE(tableCell(view, key, 1), view.valueText(key, CompareView::A));
            QCOMPARE(tableCell(view, key, 2), view.valueText(key, CompareView::B));
            QCOMPARE(tableCell(view, key, 3), view.differenceText(key));
        }
        QCOMPARE(view.differenceKeys().size(), view.differencesTable()->rowCount());
        QCOMPARE(view.differenceText("no such key"), QString());

        // A run that never finished has no totals: its steps count.
        RunTrace killed = b;
        killed.info.status = "running";
        killed.info.totals = {};
        view.setRuns(a, killed);
        QCOMPARE(view.valueText("tau", CompareView::B), QStringLiteral("2.00"));
        QCOMPARE(view.valueText("wall", CompareView::B), QStringLiteral("31.0 ms"));
        QCOMPARE(view.differenceText("speedup"), QString::number((60 / 0.031) / (60 / 0.021), 'f', 2) + QStringLiteral("×"));

        // Nothing to divide by: no speedup.
        RunTrace empty = a;
        empty.info.totals.wall_s = 0;
        view.setRuns(empty, b);
        QCOMPARE(view.differenceText("speedup"), QStringLiteral("n/a"));
    }

    void clicking_a_token_moves_the_document() {
        const RunTrace a = synthetic(20, 4);
        CompareView view;
        view.resize(900, 600);
        view.setRuns(a, a);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy current(view.documentA(), &RunDocument::currentTokenChanged);
        const QRect r = view.stripA()->tokenRect(12);
        QVERIFY(r.isValid());
        QTest::mouseClick(view.stripA()->viewport(), Qt::LeftButton, {}, r.center());
        QCOMPARE(current.count(), 1);
        QCOMPARE(view.documentA()->currentToken(), 12);
        QCOMPARE(view.documentB()->currentToken(), -1);
    }

    void live_steps_update_the_comparison() {
        const RunTrace a = synthetic(20, 4);
        CompareView view;
        view.setRuns(a, a);
        QCOMPARE(view.firstDivergence(), -1);
        // B receives one more step, as a live run would.
        StepEvent extra = synthetic(21, 4).steps.back();
        view.documentB()->appendStep(extra);
        QCOMPARE(view.firstDivergence(), 60);
        QCOMPARE(view.divergenceHighlightA(), -1);
        QCOMPARE(view.divergenceHighlightB(), 65);
        QCOMPARE(view.valueText("output", CompareView::B), QStringLiteral("61 tokens"));
        view.clear();
        QCOMPARE(view.firstDivergence(), -1);
        QCOMPARE(view.differencesTable()->rowCount(), 0);
    }

    void screenshots() {
        // Renders for a look by eye; only when asked (SPECSCOPE_SHOTS set).
        if (qEnvironmentVariableIsEmpty("SPECSCOPE_SHOTS")) QSKIP("set SPECSCOPE_SHOTS to render PNGs");
        QDir().mkpath("/tmp/views-c");
        RunTrace a = synthetic(60, 4, "sps");
        a.info.name = "sps gamma=4";
        RunTrace b = synthetic(70, 6, "tree");
        b.info.name = "tree gamma=6";
        b.info.params = {{"gamma", 6}, {"tree", {{"depth", 3}, {"width", 2}}}};
        b.info.totals.wall_s = 0.05;
        setGenerated(b, 120, 7, " cheese");
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
        for (const auto& [name, pal] : {std::pair{QStringLiteral("light"), light}, std::pair{QStringLiteral("dark"), dark}}) {
            QApplication::setPalette(pal);
            CompareView view;
            view.resize(1200, 800);
            view.setRuns(a, b);
            view.show();
            QVERIFY(QTest::qWaitForWindowExposed(&view));
            QVERIFY(view.grab().save(QStringLiteral("/tmp/views-c/compare-%1.png").arg(name)));
        }
        QApplication::setPalette(light);
    }
};

QTEST_MAIN(TestViewCompare)
#include "test_view_compare.moc"
