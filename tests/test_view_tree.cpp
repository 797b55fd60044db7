// The draft tree view, fed synthetic traces: every node drawn in its
// verdict's colour, the accepted path as long as the step says, the slider
// and buttons walk the steps, a live run is followed unless a step is
// pinned, steps without a tree and an empty document show their empty
// state, and a big dynamic tree fits without overlapping nodes.
#include <QDir>
#include <QSignalSpy>
#include <QSlider>
#include <QTest>
#include <QToolTip>
#include <QHelpEvent>
#include <QToolButton>

#include "synthetic_trace.h"
#include "views/draft_tree_view.h"
#include "views/palette.h"
#include "views/run_document.h"

using namespace specscope;
using namespace specscope::views;

namespace {

void shot(QWidget& w, const QString& name) {
    const QString dir = qEnvironmentVariable("SPECSCOPE_SHOTS");
    if (dir.isEmpty()) return;
    QDir().mkpath(dir);
    QVERIFY(w.grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png")));
}

Verdict expectedVerdict(const testing::SyntheticSpec& spec, int step, int node) {
    const int accepted = testing::synthetic_accepted(spec, step);
    if (node == 0 || node <= accepted) return Verdict::Accepted;  // the root counts as kept
    return node == accepted + 1 ? Verdict::Rejected : Verdict::NotReached;
}

// A dynamic tree: the first node of each level (the accepted path) has
// `width` children, every other node one, down to `depth`; the path is
// accepted down to `accepted`; at most `maxNodes` nodes.
StepEvent bigTreeStep(int depth, int width, int accepted, int maxNodes) {
    StepEvent e;
    e.step.kind = "verify";
    e.step.draft_reason = "dynamic tree";
    e.tree.push_back({0, 0, -1, 99, 0, kNoValue, Verdict::Accepted});
    std::vector<int> level = {0};
    for (int d = 1; d <= depth && int(e.tree.size()) < maxNodes; ++d) {
        std::vector<int> next;
        for (int parent : level) {
            const int children = parent == level.front() ? width : 1;
            for (int c = 0; c < children && int(e.tree.size()) < maxNodes; ++c) {
                const int id = int(e.tree.size());
                const bool onPath = c == 0 && parent == level.front() && d <= accepted;
                const bool rejected = c == 0 && parent == level.front() && d == accepted + 1;
                e.tree.push_back({0, id, parent, 300 + id, d, 0.8f / (c + 1),
                                  onPath ? Verdict::Accepted : rejected ? Verdict::Rejected : Verdict::NotReached});
                next.push_back(id);
            }
        }
        level = next;
    }
    e.step.drafted = int(e.tree.size()) - 1;
    e.step.accepted = accepted;
    for (int k = 0; k <= accepted; ++k) {
        TokenRecord t;
        t.text = " w" + std::to_string(k);
        t.id = 5000 + k;
        t.source = k < accepted ? TokenSource::AcceptedDraft : TokenSource::Correction;
        e.tokens.push_back(t);
    }
    return e;
}

} // namespace

class TestViewTree : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void every_step_shows_its_tree() {
        testing::SyntheticSpec spec;
        RunDocument doc;
        doc.setTrace(testing::make_synthetic_trace(spec));
        DraftTreeView view(&doc);
        view.resize(600, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QCOMPARE(view.shownStep(), spec.steps - 1);  // nothing chosen: the latest step
        for (int s = 0; s < spec.steps; ++s) {
            doc.setCurrentStep(s);
            QCOMPARE(view.shownStep(), s);
            QCOMPARE(view.nodeCount(), spec.gamma + 1);
            int onPath = 0;
            for (int n = 0; n < view.nodeCount(); ++n) {
                const Verdict v = expectedVerdict(spec, s, n);
                QCOMPARE(view.nodeColor(n).rgb(), verdictColor(v, view.palette()).rgb());
                QCOMPARE(view.nodeOnAcceptedPath(n), n <= testing::synthetic_accepted(spec, s));
                onPath += view.nodeOnAcceptedPath(n);
                // The synthetic tree's tokens never match the emitted ones: ids are shown.
                QCOMPARE(view.nodeLabel(n), QStringLiteral("#%1").arg(n == 0 ? 99 : 200 + n));
                // Root at the left, one column further right per depth.
                if (n > 0) QVERIFY(view.nodeRect(n).left() > view.nodeRect(n - 1).right());
                QVERIFY(view.rect().contains(view.nodeRect(n).toRect()));
            }
            QCOMPARE(onPath, testing::synthetic_accepted(spec, s) + 1);
        }
        // Less likely drafts are fainter (p_draft falls along the synthetic chain).
        QVERIFY(view.nodeColor(1).alphaF() > view.nodeColor(spec.gamma).alphaF());
        QCOMPARE(view.nodeColor(0).alphaF(), 1.0f);  // the root has no draft probability
        QCOMPARE(view.nodeColor(view.nodeCount()), QColor());
        doc.setCurrentStep(3);
        QCOMPARE(view.headerText(), QStringLiteral("Step 4 of 20 · drafted 4 · accepted 3 · reason: fixed gamma=4"));
        QVERIFY(view.emptyText().isEmpty());
        shot(view, QStringLiteral("tree_step3"));

        // The tooltip names the node's token, depth, draft probability and verdict.
        const QPoint pos = view.nodeRect(4).center().toPoint();  // step 3 rejects node 4
        QHelpEvent help(QEvent::ToolTip, pos, view.mapToGlobal(pos));
        QCoreApplication::sendEvent(&view, &help);
        QTRY_VERIFY(QToolTip::isVisible());
        for (const QString& part : {QStringLiteral("204"), QStringLiteral("0.5000"), verdictName(Verdict::Rejected)})
            QVERIFY2(QToolTip::text().contains(part), qPrintable(part));
        QToolTip::hideText();

        // Dark mode: the verdict colours follow the palette.
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(37, 37, 38));
        dark.setColor(QPalette::WindowText, QColor(220, 220, 220));
        dark.setColor(QPalette::Base, QColor(30, 30, 30));
        dark.setColor(QPalette::Text, QColor(220, 220, 220));
        dark.setColor(QPalette::Button, QColor(45, 45, 48));
        dark.setColor(QPalette::ButtonText, QColor(220, 220, 220));
        dark.setColor(QPalette::Highlight, QColor(38, 128, 235));
        view.setPalette(dark);
        QCOMPARE(view.nodeColor(4).rgb(), verdictColor(Verdict::Rejected, dark).rgb());
        QVERIFY(view.nodeColor(4).rgb() != verdictColor(Verdict::Rejected, QPalette()).rgb());
        shot(view, QStringLiteral("tree_step3_dark"));
    }

    void labels_show_text_on_the_accepted_path() {
        testing::SyntheticSpec spec;
        RunTrace t = testing::make_synthetic_trace(spec);
        // Make the tree's tokens those emitted, as a real run does.
        for (auto& s : t.steps)
            for (int k = 0; k < int(s.tokens.size()) && k + 1 < int(s.tree.size()); ++k)
                s.tree[k + 1].token = s.tokens[k].id;
        RunDocument doc;
        doc.setTrace(t);
        DraftTreeView view(&doc);
        doc.setCurrentStep(3);  // accepts 3: nodes 1..3 on the path, node 4 rejected
        const int first = doc.firstTokenOfStep(3);
        for (int n = 1; n <= 3; ++n) QCOMPARE(view.nodeLabel(n), displayText(doc.token(first + n - 1).text));
        // Node 4 was rejected: never emitted, so its text is the tree record's;
        // a trace from before schema 2 has none and shows the id.
        QCOMPARE(view.nodeLabel(4), QStringLiteral("#%1").arg(doc.token(first + 3).id));
        RunTrace with_text = t;
        for (auto& s : with_text.steps)
            for (auto& n : s.tree) n.text = " draft" + std::to_string(n.node);
        RunDocument doc2;
        doc2.setTrace(with_text);
        DraftTreeView view2(&doc2);
        doc2.setCurrentStep(3);
        QCOMPARE(view2.nodeLabel(4), displayText(" draft4"));
        for (int n = 1; n <= 3; ++n) QCOMPARE(view2.nodeLabel(n), displayText(doc2.token(first + n - 1).text));

        // Clicking an accepted node selects the token it became.
        view.resize(600, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QTest::mouseClick(&view, Qt::LeftButton, {}, view.nodeRect(2).center().toPoint());
        QCOMPARE(doc.currentToken(), first + 1);
        QCOMPARE(view.shownStep(), 3);
        shot(view, QStringLiteral("tree_labels"));
    }

    void slider_and_buttons_walk_the_steps() {
        RunDocument doc;
        doc.setTrace(testing::make_synthetic_trace());
        DraftTreeView view(&doc);
        auto* slider = view.findChild<QSlider*>();
        QVERIFY(slider);
        QCOMPARE(slider->maximum(), doc.stepCount() - 1);
        QCOMPARE(slider->value(), doc.stepCount() - 1);
        slider->setValue(5);
        QCOMPARE(doc.currentStep(), 5);
        QCOMPARE(view.shownStep(), 5);
        QToolButton* prev = nullptr;
        QToolButton* next = nullptr;
        for (auto* b : view.findChildren<QToolButton*>()) (b->arrowType() == Qt::LeftArrow ? prev : next) = b;
        QVERIFY(prev && next);
        next->click();
        QCOMPARE(doc.currentStep(), 6);
        prev->click();
        prev->click();
        QCOMPARE(doc.currentStep(), 4);
        QCOMPARE(slider->value(), 4);  // the slider follows a step chosen anywhere
        doc.setCurrentStep(0);
        QVERIFY(!prev->isEnabled());
        QCOMPARE(slider->value(), 0);
    }

    void live_run_is_followed_unless_pinned() {
        const RunTrace t = testing::make_synthetic_trace();
        RunDocument doc;
        DraftTreeView view(&doc);
        QCOMPARE(view.nodeCount(), 0);
        QCOMPARE(view.emptyText(), QStringLiteral("No run yet"));
        doc.beginLive(t.info, t.prompt_tokens);
        QCOMPARE(view.shownStep(), -1);
        QCOMPARE(view.nodeCount(), 0);
        for (int s = 0; s < 5; ++s) {
            doc.appendStep(t.steps[s]);
            QCOMPARE(view.shownStep(), s);
        }
        doc.setCurrentStep(2);
        doc.appendStep(t.steps[5]);
        QCOMPARE(view.shownStep(), 2);
        QCOMPARE(view.findChild<QSlider*>()->maximum(), 5);
        QVERIFY(view.headerText().startsWith(QStringLiteral("Step 3 of 6")));
    }

    void steps_without_a_tree_show_the_empty_state() {
        RunTrace t = testing::make_synthetic_trace();
        t.steps[2].tree.clear();  // as plain ar decoding records it
        t.steps[2].step.kind = "ar";
        RunDocument doc;
        doc.setTrace(t);
        DraftTreeView view(&doc);
        view.resize(400, 200);
        doc.setCurrentStep(2);
        QCOMPARE(view.shownStep(), 2);
        QCOMPARE(view.nodeCount(), 0);
        QCOMPARE(view.emptyText(), QStringLiteral("No draft tree: this method does not draft"));
        QCOMPARE(view.nodeAt(QPoint(200, 150)), -1);
        shot(view, QStringLiteral("tree_empty"));
        doc.setCurrentStep(3);
        QCOMPARE(view.nodeCount(), 5);
        doc.clear();
        QCOMPARE(view.nodeCount(), 0);
        QCOMPARE(view.shownStep(), -1);
        QCOMPARE(view.emptyText(), QStringLiteral("No run yet"));
    }

    void big_dynamic_tree_fits_without_overlap() {
        RunTrace t = testing::make_synthetic_trace();
        const int firstTokens = static_cast<int>(t.prompt_tokens.size());
        t.steps.resize(1);
        t.steps[0] = bigTreeStep(10, 2, 6, 64);
        for (int k = 0; k < int(t.steps[0].tokens.size()); ++k) {
            t.steps[0].tokens[k].position = firstTokens + k;
            t.steps[0].tokens[k].step = 0;
        }
        RunDocument doc;
        doc.setTrace(t);
        DraftTreeView view(&doc);
        view.resize(700, 420);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QCOMPARE(view.nodeCount(), 64);
        int onPath = 0;
        for (int a = 0; a < view.nodeCount(); ++a) {
            onPath += view.nodeOnAcceptedPath(a);
            const QRectF r = view.nodeRect(a);
            QVERIFY(r.width() > 0 && r.height() > 0);
            QVERIFY(QRectF(view.rect()).contains(r));
            for (int b = a + 1; b < view.nodeCount(); ++b) QVERIFY2(!r.intersects(view.nodeRect(b)), "nodes overlap");
        }
        QCOMPARE(onPath, 7);  // root + 6 accepted
        // The accepted path runs along one row.
        for (int a = 1; a < view.nodeCount(); ++a)
            if (view.nodeOnAcceptedPath(a)) QCOMPARE(view.nodeRect(a).top(), view.nodeRect(0).top());
        shot(view, QStringLiteral("tree_big"));
    }
};

QTEST_MAIN(TestViewTree)
#include "test_view_tree.moc"
