// The plot views (acceptance, entropy, per-layer heatmap), the run summary
// and plot export, fed synthetic traces whose every number is known
// (synthetic_trace.h): what each view draws is compared with a hand
// computation from the trace, a run arriving live step by step must end
// with the same numbers as the stored run, and a 100,000-token run must
// load and draw quickly.
//
// With SPECSCOPE_SHOTS set, screenshots() also writes every view (light and
// dark, data and empty states) to /tmp/views-b/ for a look by eye.
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLocale>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

#include "synthetic_trace.h"
#include "views/acceptance_view.h"
#include "views/entropy_view.h"
#include "views/layer_heatmap_view.h"
#include "views/plot_export.h"
#include "views/run_document.h"
#include "views/run_summary_view.h"

using namespace specscope;
using namespace specscope::views;

namespace {

testing::SyntheticSpec spec(int steps, int layers = 0) {
    testing::SyntheticSpec s;
    s.steps = steps;
    s.layers = layers;
    return s;
}

// The same run as plain decoding would record it: one target token per
// step, nothing drafted.
RunTrace plainDecodingTrace(int steps) {
    auto s = spec(steps);
    s.gamma = 0;  // nothing drafted: every step emits one token
    RunTrace t = testing::make_synthetic_trace(s);
    t.info.strategy = "ar";
    t.info.params = nlohmann::json::object();
    t.info.draft_model.clear();
    t.info.totals.drafted = t.info.totals.accepted = 0;
    for (StepEvent& e : t.steps) {
        e.step.kind = "ar";
        e.step.drafted = e.step.accepted = e.step.draft_length = 0;
        e.step.draft_us = 0;
        e.tree.clear();
        for (TokenRecord& tok : e.tokens) {
            tok.source = TokenSource::Target;
            tok.p_draft = tok.accept_prob = tok.entropy_draft = kNoValue;
        }
    }
    return t;
}

// Sequence positions of the correction tokens (where a draft was rejected).
QVector<double> correctionPositions(const RunTrace& t) {
    QVector<double> xs;
    for (const StepEvent& e : t.steps)
        for (const TokenRecord& tok : e.tokens)
            if (tok.source == TokenSource::Correction) xs << double(tok.position);
    return xs;
}

// The synthetic target entropy of a generated token (synthetic_trace.cpp).
double syntheticEntropy(int64_t position) { return 1.0 + double(position % 5); }

// Trailing mean of the synthetic target entropy over `window` generated tokens.
double trailingMean(int prompt, int i, int window) {
    double sum = 0;
    int n = 0;
    for (int k = std::max(0, i - window + 1); k <= i; ++k, ++n) sum += syntheticEntropy(prompt + k);
    return sum / n;
}

// Shows a widget offscreen at a fixed size and draws its plot now, so that
// pixel coordinates and grab() reflect the data.
void showAndDraw(QWidget* w, QCustomPlot* plot = nullptr) {
    w->resize(1000, 600);
    w->show();
    QVERIFY(QTest::qWaitForWindowExposed(w));
    QCoreApplication::processEvents();
    if (plot) plot->replot();
}

QPalette darkPalette() {
    QPalette p;
    p.setColor(QPalette::Window, QColor(45, 45, 48));
    p.setColor(QPalette::WindowText, QColor(230, 230, 230));
    p.setColor(QPalette::Base, QColor(30, 30, 32));
    p.setColor(QPalette::AlternateBase, QColor(45, 45, 48));
    p.setColor(QPalette::Text, QColor(230, 230, 230));
    p.setColor(QPalette::Button, QColor(60, 60, 64));
    p.setColor(QPalette::ButtonText, QColor(230, 230, 230));
    p.setColor(QPalette::Mid, QColor(100, 100, 104));
    p.setColor(QPalette::Highlight, QColor(42, 130, 218));
    p.setColor(QPalette::PlaceholderText, QColor(150, 150, 150));
    return p;
}

} // namespace

class TestViewPlots : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // --- acceptance ---
    void acceptance_bars_are_accepted_lengths() {
        const auto s = spec(22);
        RunDocument doc;
        AcceptanceView view(&doc);
        doc.setTrace(testing::make_synthetic_trace(s));
        QCOMPARE(view.barCount(), 22);
        for (int step = 0; step < 22; ++step) QCOMPARE(view.barValue(step), double(testing::synthetic_accepted(s, step)));
        QVERIFY(std::isnan(view.barValue(22)));
        QVERIFY(!view.showsEmptyState());
    }
    void acceptance_running_rate_and_tau() {
        RunDocument doc;
        AcceptanceView view(&doc);
        doc.setTrace(testing::make_synthetic_trace(spec(20)));
        // gamma 4: accepted 0,1,2,3,4,0,1,2,... of 4 drafted; a step emits accepted + 1.
        QCOMPARE(view.runningAcceptance(0), 0.0);
        QCOMPARE(view.runningTau(0), 1.0);
        QCOMPARE(view.runningAcceptance(1), 1.0 / 8);   // 1 of 8
        QCOMPARE(view.runningTau(1), 3.0 / 2);          // (1 + 2) / 2
        QCOMPARE(view.runningAcceptance(4), 10.0 / 20); // 0+1+2+3+4 of 20
        QCOMPARE(view.runningTau(4), 15.0 / 5);
        QCOMPARE(view.runningAcceptance(7), 13.0 / 32); // 10 + 0+1+2 of 32
        QCOMPARE(view.runningTau(7), 21.0 / 8);         // 15 + 1+2+3 over 8
        QCOMPARE(view.runningAcceptance(19), 40.0 / 80);
        QCOMPARE(view.runningTau(19), 60.0 / 20);
    }
    void acceptance_histogram_counts_lengths() {
        RunDocument doc;
        AcceptanceView view(&doc);
        doc.setTrace(testing::make_synthetic_trace(spec(22)));
        // Lengths cycle 0..4: steps 20 and 21 add a fifth 0 and 1.
        QCOMPARE(view.histogram(), (QVector<int>{5, 5, 4, 4, 4}));
    }
    void acceptance_empty_states() {
        RunDocument doc;
        AcceptanceView view(&doc);
        QVERIFY(view.showsEmptyState());
        QCOMPARE(view.emptyStateText(), QStringLiteral("No run yet"));
        doc.setTrace(plainDecodingTrace(10));
        QVERIFY(view.showsEmptyState());
        QCOMPARE(view.emptyStateText(),
                 QStringLiteral("This run drafted nothing (plain decoding): acceptance does not apply"));
        QVERIFY(std::isnan(view.markerStep()));
        doc.setTrace(testing::make_synthetic_trace(spec(3)));
        QVERIFY(!view.showsEmptyState());
    }
    void acceptance_marker_follows_and_click_selects() {
        RunDocument doc;
        AcceptanceView view(&doc);
        doc.setTrace(testing::make_synthetic_trace(spec(20)));
        QCOMPARE(view.markerStep(), 19.0);  // nothing chosen: the latest step
        doc.setCurrentStep(5);
        QCOMPARE(view.markerStep(), 5.0);
        showAndDraw(&view, view.plot());
        QCPAxisRect* top = view.plot()->axisRect(0);
        const QPoint at(int(top->axis(QCPAxis::atBottom)->coordToPixel(9)), top->rect().center().y());
        QTest::mouseClick(view.plot(), Qt::LeftButton, {}, at);
        QCOMPARE(doc.currentStep(), 9);
        QCOMPARE(view.markerStep(), 9.0);
    }

    // During a live run each view's step/token axis follows the data, until
    // the user zooms or drags it: then new steps leave that range alone. A
    // double click, or a new run, follows the data again.
    void live_plots_keep_the_users_zoom() {
        const RunTrace t = testing::make_synthetic_trace(spec(30, 4));
        RunDocument live;
        AcceptanceView a(&live);
        EntropyView e(&live);
        LayerHeatmapView h(&live);
        RunInfo begin = t.info;
        begin.status = "running";
        live.beginLive(begin, t.prompt_tokens);
        for (int i = 0; i < 10; ++i) live.appendStep(t.steps[i]);
        QCPAxis* ax = a.plot()->axisRect(0)->axis(QCPAxis::atBottom);
        QCOMPARE(ax->range().upper, 9.5);  // follows: all 10 steps
        const double entropy_upper = e.plot()->xAxis->range().upper;
        ax->setRange(2, 5);                // the user zooms (a range change the view did not make)
        e.plot()->xAxis->setRange(0, 3);
        h.plot()->xAxis->setRange(0, 3);
        for (int i = 10; i < 20; ++i) live.appendStep(t.steps[i]);
        QCOMPARE(ax->range().lower, 2.0);
        QCOMPARE(ax->range().upper, 5.0);
        QCOMPARE(e.plot()->xAxis->range().upper, 3.0);
        QCOMPARE(h.plot()->xAxis->range().upper, 3.0);
        showAndDraw(&a, a.plot());
        QTest::mouseDClick(a.plot(), Qt::LeftButton, {}, a.plot()->axisRect(0)->rect().center());
        QCOMPARE(ax->range().upper, 19.5);  // following again
        for (int i = 20; i < 30; ++i) live.appendStep(t.steps[i]);
        QCOMPARE(ax->range().upper, 29.5);
        QVERIFY(e.plot()->xAxis->range().upper == 3.0);  // the others keep their zoom
        live.setTrace(t);                                  // a new run: every view follows it
        QVERIFY(e.plot()->xAxis->range().upper > entropy_upper);
        QCOMPARE(h.plot()->xAxis->range().upper, e.plot()->xAxis->range().upper);
    }

    // A click on the histogram's column for an accepted length goes to the
    // next step with that length, round and round.
    void acceptance_histogram_click_visits_steps_of_that_length() {
        RunDocument doc;
        AcceptanceView view(&doc);
        const RunTrace t = testing::make_synthetic_trace(spec(20));
        doc.setTrace(t);
        const QVector<int> hist = view.histogram();
        int length = -1;  // a length more than one step accepted
        for (int l = 0; l < hist.size() && length < 0; ++l)
            if (hist[l] >= 2) length = l;
        QVERIFY(length >= 0);
        std::vector<int> with;  // the steps that accepted it
        for (int i = 0; i < static_cast<int>(t.steps.size()); ++i)
            if (t.steps[i].step.drafted > 0 && std::max(0, t.steps[i].step.accepted) == length) with.push_back(i);
        showAndDraw(&view, view.plot());
        QCPAxisRect* histRect = view.plot()->axisRect(1);
        const QPoint at(int(histRect->axis(QCPAxis::atBottom)->coordToPixel(length)), histRect->rect().center().y());
        doc.setCurrentStep(-1);
        for (int visit = 0; visit < static_cast<int>(with.size()) + 1; ++visit) {
            QTest::mouseClick(view.plot(), Qt::LeftButton, {}, at);
            QCOMPARE(doc.currentStep(), with[visit % with.size()]);
        }
        QCOMPARE(view.nextStepWithLength(hist.size() + 3, 0), -1);  // no such length
    }

    // --- entropy ---
    void entropy_points_and_rejection_markers() {
        const RunTrace t = testing::make_synthetic_trace(spec(20));
        RunDocument doc;
        EntropyView view(&doc);
        doc.setTrace(t);
        QCOMPARE(view.pointCount(), t.info.totals.new_tokens);
        for (int i = 0; i < view.pointCount(); ++i) QCOMPARE(view.targetEntropyAt(i), syntheticEntropy(5 + i));
        const QVector<double> rejections = view.rejectionPositions();
        QCOMPARE(rejections, correctionPositions(t));
        QCOMPARE(rejections.size(), 16);  // every step but the 4 that accepted all 4 drafts
        QVERIFY(!view.showsEmptyState());
    }
    void entropy_rolling_mean_follows_window() {
        RunDocument doc;
        EntropyView view(&doc);
        doc.setTrace(testing::make_synthetic_trace(spec(20)));
        QCOMPARE(view.window(), 16);
        for (int i : {0, 3, 15, 16, 40, view.pointCount() - 1}) QCOMPARE(view.rollingMeanAt(i), trailingMean(5, i, 16));
        view.setWindow(4);
        for (int i : {0, 3, 4, 40}) QCOMPARE(view.rollingMeanAt(i), trailingMean(5, i, 4));
    }
    void entropy_marker_and_click() {
        RunDocument doc;
        EntropyView view(&doc);
        doc.setTrace(testing::make_synthetic_trace(spec(20)));
        QVERIFY(std::isnan(view.markerPosition()));
        doc.setCurrentToken(8);
        QCOMPARE(view.markerPosition(), 8.0);
        showAndDraw(&view, view.plot());
        const QPoint at(int(view.plot()->xAxis->coordToPixel(30.2)), view.plot()->axisRect()->rect().center().y());
        QTest::mouseClick(view.plot(), Qt::LeftButton, {}, at);
        QCOMPARE(doc.currentToken(), 30);
        QCOMPARE(view.markerPosition(), 30.0);
    }
    void entropy_empty_state() {
        RunDocument doc;
        EntropyView view(&doc);
        QVERIFY(view.showsEmptyState());
        QCOMPARE(view.pointCount(), 0);
    }

    // --- per-layer heatmap ---
    void heatmap_cells_equal_layer_records() {
        const auto s = spec(20, 8);
        const RunTrace t = testing::make_synthetic_trace(s);
        RunDocument doc;
        LayerHeatmapView view(&doc);
        doc.setTrace(t);
        QVERIFY(!view.showsEmptyState());
        QCOMPARE(view.cellColumns(), t.info.totals.new_tokens);
        QCOMPARE(view.cellRows(), 8);
        // Route (default): "draft" below layer 8/4 = 2, "verify" above.
        QCOMPARE(view.quantity(), LayerHeatmapView::Route);
        QCOMPARE(LayerHeatmapView::routeValue("draft"), 0.0);
        QCOMPARE(LayerHeatmapView::routeValue("verify"), 1.0);
        QCOMPARE(LayerHeatmapView::routeValue("exit"), 5.0);
        QVERIFY(std::isnan(LayerHeatmapView::routeValue("")));
        for (int c = 0; c < view.cellColumns(); ++c)
            for (int l = 0; l < 8; ++l) QCOMPARE(view.cellValue(c, l), l < 2 ? 0.0 : 1.0);
        view.setQuantity(LayerHeatmapView::LensEntropy);
        for (int c = 0; c < view.cellColumns(); ++c)
            for (int l = 0; l < 8; ++l) QCOMPARE(view.cellValue(c, l), double(8 - l));
        view.setQuantity(LayerHeatmapView::Top1Agree);
        for (int c = 0; c < view.cellColumns(); ++c)
            for (int l = 0; l < 8; ++l) QCOMPARE(view.cellValue(c, l), l >= 4 ? 1.0 : 0.0);
        view.setQuantity(LayerHeatmapView::CosFinal);
        for (int c = 0; c < view.cellColumns(); ++c)
            for (int l = 0; l < 8; ++l) QCOMPARE(view.cellValue(c, l), double(float(l + 1) / 8));
        QVERIFY(std::isnan(view.cellValue(view.cellColumns(), 0)));
        QVERIFY(std::isnan(view.cellValue(0, 8)));
    }
    void heatmap_missing_records_are_nan() {
        RunTrace t = testing::make_synthetic_trace(spec(6, 4));
        // Drop the records of the first token of step 3 at layers 1 and 2.
        const int64_t position = t.steps[3].tokens[0].position;
        auto& layers = t.steps[3].layers;
        layers.erase(std::remove_if(layers.begin(), layers.end(),
                                    [&](const LayerRecord& r) { return r.position == position && (r.layer == 1 || r.layer == 2); }),
                     layers.end());
        RunDocument doc;
        LayerHeatmapView view(&doc);
        doc.setTrace(t);
        view.setQuantity(LayerHeatmapView::LensEntropy);
        const int column = int(position) - doc.promptCount();
        QCOMPARE(view.cellValue(column, 0), 4.0);
        QVERIFY(std::isnan(view.cellValue(column, 1)));
        QVERIFY(std::isnan(view.cellValue(column, 2)));
        QCOMPARE(view.cellValue(column, 3), 1.0);
        QCOMPARE(view.cellValue(column + 1, 1), 3.0);
    }
    void heatmap_empty_without_layers() {
        RunDocument doc;
        LayerHeatmapView view(&doc);
        QVERIFY(view.showsEmptyState());
        doc.setTrace(testing::make_synthetic_trace(spec(20, 0)));
        QVERIFY(view.showsEmptyState());
        QCOMPARE(view.emptyStateText(),
                 QStringLiteral("No per-layer records:\nthis method does not report layers\n(Kangaroo, Duo-LLM and M2R2 do)"));
        QCOMPARE(view.cellRows(), 0);
        doc.setTrace(testing::make_synthetic_trace(spec(5, 4)));
        QVERIFY(!view.showsEmptyState());
    }
    void heatmap_click_selects_token() {
        RunDocument doc;
        LayerHeatmapView view(&doc);
        doc.setTrace(testing::make_synthetic_trace(spec(20, 8)));
        showAndDraw(&view, view.plot());
        const QPoint at(int(view.plot()->xAxis->coordToPixel(21)), int(view.plot()->yAxis->coordToPixel(3)));
        QTest::mouseClick(view.plot(), Qt::LeftButton, {}, at);
        QCOMPARE(doc.currentToken(), 21);
        QCOMPARE(view.markerPosition(), 21.0);
    }

    // --- summary ---
    void summary_shows_totals() {
        const RunTrace t = testing::make_synthetic_trace(spec(20));
        const RunTotals& tt = t.info.totals;
        RunDocument doc;
        RunSummaryView view(&doc);
        QCOMPARE(view.valueText("name"), QStringLiteral("No run yet"));
        doc.setTrace(t);
        const QLocale loc;
        QCOMPARE(view.valueText("tokens"), loc.toString(60));
        QCOMPARE(view.valueText("steps"), loc.toString(20));
        QCOMPARE(view.valueText("target_forwards"), loc.toString(20));
        QCOMPARE(view.valueText("tau"), loc.toString(3.0, 'f', 2));
        QVERIFY2(view.valueText("acceptance").startsWith(loc.toString(50.0, 'f', 1)), qPrintable(view.valueText("acceptance")));
        QCOMPARE(view.valueText("tokens_per_s"), loc.toString(tt.tokens_per_s(), 'f', 1));
        QCOMPARE(view.valueText("status"), QStringLiteral("finished"));
        QCOMPARE(view.valueText("strategy"), QStringLiteral("sps"));
        QCOMPARE(view.valueText("params"), QStringLiteral("gamma = 4"));
        QCOMPARE(view.valueText("draft_model"), QStringLiteral("synthetic-draft"));
        QCOMPARE(view.valueText("device"), QStringLiteral("cpu / float32"));
        // The step shown: the latest until one is chosen.
        QCOMPARE(view.valueText("step_accepted"), loc.toString(testing::synthetic_accepted(spec(20), 19)));
        doc.setCurrentStep(3);
        QCOMPARE(view.valueText("step_accepted"), loc.toString(3));
        QCOMPARE(view.valueText("step_reason"), QStringLiteral("fixed gamma=4"));
    }
    void summary_failed_run_and_plain_decoding() {
        RunTrace t = plainDecodingTrace(10);
        t.info.status = "failed";
        t.info.error = "out of memory at step 10";
        RunDocument doc;
        RunSummaryView view(&doc);
        doc.setTrace(t);
        QVERIFY(view.valueText("status").contains("out of memory at step 10"));
        QVERIFY(view.valueText("status").startsWith("failed"));
        QCOMPARE(view.valueText("acceptance"), QStringLiteral("n/a (nothing drafted)"));
        QCOMPARE(view.valueText("tau"), QLocale().toString(1.0, 'f', 2));
    }
    void summary_running_run_sums_steps() {
        // A run stored while still running has no totals yet: they come from its steps.
        RunTrace t = testing::make_synthetic_trace(spec(20));
        t.info.status = "running";
        const RunTotals recorded = t.info.totals;
        t.info.totals = RunTotals{};
        RunDocument doc;
        RunSummaryView view(&doc);
        doc.setTrace(t);
        QCOMPARE(view.shownTotals().new_tokens, recorded.new_tokens);
        QCOMPARE(view.shownTotals().accepted, recorded.accepted);
        QCOMPARE(view.valueText("tokens"), QLocale().toString(recorded.new_tokens));
        QCOMPARE(view.valueText("status"), QStringLiteral("running"));
    }

    // --- live ---
    void live_run_ends_like_stored_run() {
        const RunTrace t = testing::make_synthetic_trace(spec(37, 8));
        RunDocument stored, live;
        AcceptanceView sa(&stored), la(&live);
        EntropyView se(&stored), le(&live);
        LayerHeatmapView sh(&stored), lh(&live);
        RunSummaryView ss(&stored), ls(&live);
        stored.setTrace(t);

        RunInfo begin = t.info;
        begin.status = "running";
        begin.totals = RunTotals{};
        begin.num_layers = 0;  // layers learnt from the records as they come
        live.beginLive(begin, t.prompt_tokens);
        QVERIFY(la.showsEmptyState());
        QVERIFY(lh.showsEmptyState());
        QCOMPARE(la.emptyStateText(), QStringLiteral("Waiting for the first step…"));
        for (size_t i = 0; i < t.steps.size(); ++i) {
            live.appendStep(t.steps[i]);
            if (i == 9) {  // part way: exactly the first ten steps
                QCOMPARE(la.barCount(), 10);
                QCOMPARE(le.pointCount(), live.tokenCount() - live.promptCount());
                QCOMPARE(lh.cellColumns(), le.pointCount());
                QCOMPARE(ls.valueText("steps"), QLocale().toString(10));
                QCOMPARE(la.markerStep(), 9.0);  // follows the latest step
            }
        }
        live.setInfo(t.info);

        QCOMPARE(la.barCount(), sa.barCount());
        for (int s = 0; s < sa.barCount(); ++s) {
            QCOMPARE(la.barValue(s), sa.barValue(s));
            QCOMPARE(la.runningAcceptance(s), sa.runningAcceptance(s));
            QCOMPARE(la.runningTau(s), sa.runningTau(s));
        }
        QCOMPARE(la.histogram(), sa.histogram());
        QCOMPARE(le.pointCount(), se.pointCount());
        for (int i = 0; i < se.pointCount(); ++i) {
            QCOMPARE(le.targetEntropyAt(i), se.targetEntropyAt(i));
            QCOMPARE(le.rollingMeanAt(i), se.rollingMeanAt(i));
        }
        QCOMPARE(le.rejectionPositions(), se.rejectionPositions());
        QCOMPARE(lh.cellColumns(), sh.cellColumns());
        QCOMPARE(lh.cellRows(), sh.cellRows());
        for (auto q : {LayerHeatmapView::Route, LayerHeatmapView::LensEntropy, LayerHeatmapView::CosFinal}) {
            lh.setQuantity(q);
            sh.setQuantity(q);
            for (int c = 0; c < sh.cellColumns(); ++c)
                for (int l = 0; l < sh.cellRows(); ++l) QCOMPARE(lh.cellValue(c, l), sh.cellValue(c, l));
        }
        for (const char* key : {"tokens", "steps", "target_forwards", "tau", "acceptance", "tokens_per_s", "status", "strategy"})
            QCOMPARE(ls.valueText(key), ss.valueText(key));
    }

    // --- export ---
    void export_writes_png_svg_pdf() {
        RunDocument doc;
        AcceptanceView view(&doc);
        doc.setTrace(testing::make_synthetic_trace(spec(20)));
        showAndDraw(&view, view.plot());
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        auto head = [](const QString& path) {
            QFile f(path);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        };
        QString error = QStringLiteral("stale");
        QVERIFY2(exportPlot(view.plot(), dir.filePath("plot.png"), &error), qPrintable(error));
        QVERIFY(error.isEmpty());
        QVERIFY(head(dir.filePath("plot.png")).startsWith("\x89PNG"));
        QVERIFY2(exportPlot(view.plot(), dir.filePath("plot.SVG"), &error), qPrintable(error));
        const QByteArray svg = head(dir.filePath("plot.SVG"));
        QVERIFY(svg.startsWith("<?xml") || svg.contains("<svg"));
        QVERIFY(svg.size() > 1000);
        QVERIFY2(exportPlot(view.plot(), dir.filePath("plot.pdf"), &error), qPrintable(error));
        const QByteArray pdf = head(dir.filePath("plot.pdf"));
        QVERIFY(pdf.startsWith("%PDF"));
        QVERIFY(pdf.size() > 1000);
        QVERIFY(plotFileFilter().contains("*.svg"));
    }
    void export_fails_cleanly() {
        RunDocument doc;
        EntropyView view(&doc);
        doc.setTrace(testing::make_synthetic_trace(spec(5)));
        QTemporaryDir dir;
        QString error;
        QVERIFY(!exportPlot(view.plot(), dir.filePath("plot.bmp"), &error));
        QVERIFY(error.contains("bmp"));
        QVERIFY(!QFile::exists(dir.filePath("plot.bmp")));
        error.clear();
        QVERIFY(!exportPlot(view.plot(), dir.filePath("plot"), &error));
        QVERIFY(!error.isEmpty());
        error.clear();
        QVERIFY(!exportPlot(view.plot(), dir.filePath("missing/dir/plot.png"), &error));
        QVERIFY(error.contains("missing"));
        // A file where a directory should be fails even for root, unlike a read-only directory.
        QFile file(dir.filePath("a-file"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        error.clear();
        QVERIFY(!exportPlot(view.plot(), dir.filePath("a-file/plot.pdf"), &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(!exportPlot(nullptr, dir.filePath("x.png"), nullptr));  // no crash without an error string
    }

    // --- speed ---
    void large_run_loads_and_draws_quickly() {
        // 33,334 steps of 3 tokens on average: 100,005 generated tokens, 8 layers each.
        const auto s = spec(33334, 8);
        RunTrace t = testing::make_synthetic_trace(s);
        QVERIFY(t.info.totals.new_tokens >= 100000);
        RunDocument doc;
        AcceptanceView acceptance(&doc);
        EntropyView entropy(&doc);
        LayerHeatmapView heatmap(&doc);
        RunSummaryView summary(&doc);
        const QList<QWidget*> views{&acceptance, &entropy, &heatmap, &summary};
        for (QWidget* w : views) showAndDraw(w);

        QElapsedTimer timer;
        timer.start();
        doc.setTrace(std::move(t));
        const qint64 loadMs = timer.elapsed();
        QCoreApplication::processEvents();  // the queued replots
        qint64 total = 0;
        QStringList parts;
        for (QWidget* w : views) {
            QElapsedTimer g;
            g.start();
            const QPixmap pixmap = w->grab();
            parts << QStringLiteral("%1 %2 ms").arg(QString::fromLatin1(w->metaObject()->className()).section("::", -1)).arg(g.elapsed());
            QVERIFY(!pixmap.isNull());
        }
        total = timer.elapsed();
        QCOMPARE(heatmap.cellColumns(), doc.tokenCount() - doc.promptCount());
        QCOMPARE(entropy.pointCount(), heatmap.cellColumns());
        qInfo("100k tokens x 8 layers: setTrace %lld ms, setTrace + replot + grab of the four views %lld ms (grab: %s)",
              loadMs, total, qPrintable(parts.join(", ")));
        QVERIFY2(total < 5000, qPrintable(QStringLiteral("%1 ms").arg(total)));

        // Live: 10,000 steps one by one must stay incremental (a rebuild per
        // step would be quadratic: minutes, not seconds).
        const RunTrace liveTrace = testing::make_synthetic_trace(spec(10000, 8));
        RunInfo info = liveTrace.info;
        info.status = "running";
        timer.restart();
        doc.beginLive(info, liveTrace.prompt_tokens);
        for (const StepEvent& e : liveTrace.steps) doc.appendStep(e);
        const qint64 liveMs = timer.elapsed();
        qInfo("live: 10,000 steps (30,000 tokens x 8 layers) appended one by one in %lld ms", liveMs);
        QCOMPARE(acceptance.barCount(), 10000);
        QVERIFY2(liveMs < 5000, qPrintable(QStringLiteral("%1 ms").arg(liveMs)));
    }

    // --- screenshots for a look by eye (SPECSCOPE_SHOTS) ---
    void screenshots() {
        if (!qEnvironmentVariableIsSet("SPECSCOPE_SHOTS")) QSKIP("set SPECSCOPE_SHOTS to write screenshots to /tmp/views-b/");
        const QString out = QStringLiteral("/tmp/views-b");
        QVERIFY(QDir().mkpath(out));
        RunDocument doc;
        AcceptanceView acceptance(&doc);
        EntropyView entropy(&doc);
        LayerHeatmapView heatmap(&doc);
        RunSummaryView summary(&doc);
        auto shoot = [&](QWidget* w, QCustomPlot* plot, const QString& name) {
            showAndDraw(w, plot);
            QVERIFY(w->grab().save(out + "/" + name + ".png"));
        };
        shoot(&acceptance, acceptance.plot(), "acceptance-empty");
        shoot(&heatmap, heatmap.plot(), "heatmap-empty");
        shoot(&summary, nullptr, "summary-empty");
        doc.setTrace(testing::make_synthetic_trace(spec(12, 0)));
        shoot(&heatmap, heatmap.plot(), "heatmap-nolayers");
        doc.setTrace(plainDecodingTrace(12));
        shoot(&acceptance, acceptance.plot(), "acceptance-ar");

        // Some variety for the eye: early exits (exit, then skipped layers)
        // every 7th token, a missing record every 11th, entropy varying with
        // the position.
        RunTrace varied = testing::make_synthetic_trace(spec(60, 8));
        for (StepEvent& e : varied.steps) {
            std::vector<LayerRecord> kept;
            for (LayerRecord r : e.layers) {
                if (r.position % 11 == 0 && r.layer == 3) continue;
                if (r.position % 7 == 0 && r.layer >= 5) r.route = r.layer == 5 ? "exit" : "skip";
                r.lens_entropy += float(r.position % 9) * 0.3f;
                kept.push_back(r);
            }
            e.layers = kept;
        }
        doc.setTrace(varied);
        doc.setCurrentStep(23);
        for (bool dark : {false, true}) {
            const QString suffix = dark ? "-dark" : "";
            for (QWidget* w : QList<QWidget*>{&acceptance, &entropy, &heatmap, &summary}) w->setPalette(dark ? darkPalette() : QPalette());
            shoot(&acceptance, acceptance.plot(), "acceptance" + suffix);
            shoot(&entropy, entropy.plot(), "entropy" + suffix);
            shoot(&summary, nullptr, "summary" + suffix);
            const QStringList names{"route", "lens", "top1", "cos"};
            for (int q = 0; q < 4; ++q) {
                heatmap.setQuantity(LayerHeatmapView::Quantity(q));
                shoot(&heatmap, heatmap.plot(), "heatmap-" + names[q] + suffix);
            }
            heatmap.setQuantity(LayerHeatmapView::Route);
        }
        for (QWidget* w : QList<QWidget*>{&acceptance, &entropy, &heatmap, &summary}) w->setPalette(QPalette());
        QString error;
        QVERIFY2(exportPlot(heatmap.plot(), out + "/export-heatmap.svg", &error), qPrintable(error));
        QVERIFY2(exportPlot(acceptance.plot(), out + "/export-acceptance.pdf", &error), qPrintable(error));
        QVERIFY2(exportPlot(entropy.plot(), out + "/export-entropy.png", &error), qPrintable(error));
        // A long run, to see how thousands of bars and cells read.
        doc.setTrace(testing::make_synthetic_trace(spec(33334, 8)));
        shoot(&acceptance, acceptance.plot(), "acceptance-100k");
        shoot(&entropy, entropy.plot(), "entropy-100k");
        heatmap.setQuantity(LayerHeatmapView::LensEntropy);
        shoot(&heatmap, heatmap.plot(), "heatmap-100k");
    }
};

QTEST_MAIN(TestViewPlots)
#include "test_view_plots.moc"
