// RunDocument: what every view reads. A stored trace and the same trace
// arriving live step by step index the same tokens and steps; the shared
// position keeps token and step in agreement.
#include <QSignalSpy>
#include <QTest>

#include "synthetic_trace.h"
#include "views/run_document.h"

using namespace specscope;
using namespace specscope::views;

class TestViewDocument : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void stored_trace_is_indexed() {
        testing::SyntheticSpec spec;
        spec.layers = 8;
        const RunTrace t = testing::make_synthetic_trace(spec);
        RunDocument doc;
        QSignalSpy reset(&doc, &RunDocument::reset);
        doc.setTrace(t);
        QCOMPARE(reset.count(), 1);
        QCOMPARE(doc.promptCount(), spec.prompt_tokens);
        QCOMPARE(doc.tokenCount(), spec.prompt_tokens + t.info.totals.new_tokens);
        QCOMPARE(doc.stepCount(), spec.steps);
        QCOMPARE(doc.layerCount(), 8);
        QVERIFY(doc.hasLayerRecords());
        // Step 3 accepts 3 tokens and emits 4; its first token follows steps 0..2 (1 + 2 + 3 tokens).
        QCOMPARE(doc.firstTokenOfStep(3), spec.prompt_tokens + 1 + 2 + 3);
        QCOMPARE(doc.stepOfToken(doc.firstTokenOfStep(3) + 3), 3);
        QCOMPARE(doc.stepOfToken(0), -1);
        QCOMPARE(doc.stepOfToken(doc.tokenCount()), -1);
        for (int i = 0; i < doc.tokenCount(); ++i) QCOMPARE(doc.token(i).position, int64_t(i));
    }
    void live_equals_stored() {
        const RunTrace t = testing::make_synthetic_trace();
        RunDocument live;
        live.beginLive(t.info, t.prompt_tokens);
        QSignalSpy appended(&live, &RunDocument::stepsAppended);
        for (const auto& s : t.steps) live.appendStep(s);
        QCOMPARE(appended.count(), int(t.steps.size()));
        QCOMPARE(appended.last().at(0).toInt(), int(t.steps.size()) - 1);
        RunDocument stored;
        stored.setTrace(t);
        QCOMPARE(live.tokenCount(), stored.tokenCount());
        for (int i = 0; i < live.tokenCount(); ++i) QCOMPARE(live.token(i).id, stored.token(i).id);
    }
    void position_keeps_token_and_step_together() {
        RunDocument doc;
        doc.setTrace(testing::make_synthetic_trace());
        QSignalSpy tok(&doc, &RunDocument::currentTokenChanged), step(&doc, &RunDocument::currentStepChanged);
        QCOMPARE(doc.shownStep(), doc.stepCount() - 1);  // follows the latest until something is chosen
        doc.setCurrentStep(4);
        QCOMPARE(doc.currentToken(), doc.firstTokenOfStep(4));
        QCOMPARE(tok.count(), 1);
        QCOMPARE(step.count(), 1);
        doc.setCurrentToken(doc.firstTokenOfStep(4) + 1);  // same step: only the token changes
        QCOMPARE(step.count(), 1);
        QCOMPARE(tok.count(), 2);
        doc.setCurrentToken(doc.firstTokenOfStep(7));
        QCOMPARE(doc.currentStep(), 7);
        doc.setCurrentToken(0);  // a prompt token keeps the step
        QCOMPARE(doc.currentStep(), 7);
        doc.setCurrentToken(-1);
        QCOMPARE(doc.currentStep(), -1);
        QCOMPARE(doc.shownStep(), doc.stepCount() - 1);
    }
};

QTEST_MAIN(TestViewDocument)
#include "test_view_document.moc"
