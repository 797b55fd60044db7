// The token table model and the token stream view, fed synthetic traces:
// the model is a correct Qt model stored and live, the stream shows each
// token in the colour its source or value calls for, clicking and the arrow
// keys move the shared position (and the draft tree follows), a live run is
// laid out like a stored one, and 100,000 tokens lay out and paint fast.
#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QHelpEvent>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QToolTip>

#include <cmath>

#include "synthetic_trace.h"
#include "views/draft_tree_view.h"
#include "views/palette.h"
#include "views/run_document.h"
#include "views/token_stream_view.h"
#include "views/token_table_model.h"

using namespace specscope;
using namespace specscope::views;

namespace {

// Screenshots for a human look, only when SPECSCOPE_SHOTS names a folder.
void shot(QWidget& w, const QString& name) {
    const QString dir = qEnvironmentVariable("SPECSCOPE_SHOTS");
    if (dir.isEmpty()) return;
    QDir().mkpath(dir);
    QVERIFY(w.grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png")));
}

QPalette darkPalette() {
    QPalette p;
    p.setColor(QPalette::Window, QColor(37, 37, 38));
    p.setColor(QPalette::WindowText, QColor(220, 220, 220));
    p.setColor(QPalette::Base, QColor(30, 30, 30));
    p.setColor(QPalette::Text, QColor(220, 220, 220));
    p.setColor(QPalette::Button, QColor(45, 45, 48));
    p.setColor(QPalette::ButtonText, QColor(220, 220, 220));
    p.setColor(QPalette::Mid, QColor(80, 80, 80));
    p.setColor(QPalette::Highlight, QColor(38, 128, 235));
    p.setColor(QPalette::PlaceholderText, QColor(140, 140, 140));
    return p;
}

// A token that starts with a different run of text than the one before is on a new line.
bool startsLine(const TokenStreamView& view, int i) {
    return i == 0 || view.tokenRect(i).top() > view.tokenRect(i - 1).top();
}

} // namespace

class TestViewTokens : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // --- TokenTableModel ---

    void model_is_valid_for_a_stored_run() {
        RunDocument doc;
        TokenTableModel model(&doc);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QCOMPARE(model.rowCount(), 0);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        doc.setTrace(testing::make_synthetic_trace());
        QCOMPARE(resets.count(), 1);
        QCOMPARE(model.rowCount(), doc.tokenCount());
        QCOMPARE(model.columnCount(), int(TokenTableModel::ColumnCount));
        QCOMPARE(model.headerData(TokenTableModel::SourceColumn, Qt::Horizontal).toString(), QStringLiteral("Source"));
        doc.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void model_inserts_only_new_rows_live() {
        const RunTrace t = testing::make_synthetic_trace();
        RunDocument doc;
        doc.beginLive(t.info, t.prompt_tokens);
        TokenTableModel model(&doc);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QCOMPARE(model.rowCount(), int(t.prompt_tokens.size()));
        for (const auto& s : t.steps) {
            const int before = model.rowCount();
            doc.appendStep(s);
            QCOMPARE(model.rowCount(), doc.tokenCount());
            QCOMPARE(inserted.last().at(1).toInt(), before);                               // first new row
            QCOMPARE(inserted.last().at(2).toInt(), before + int(s.tokens.size()) - 1);  // last new row
        }
        QCOMPARE(inserted.count(), int(t.steps.size()));
        QCOMPARE(resets.count(), 0);  // a live run never resets the views' selection
    }

    void model_shows_the_records() {
        RunDocument doc;
        doc.setTrace(testing::make_synthetic_trace());
        TokenTableModel model(&doc);
        const QPalette pal = QGuiApplication::palette();
        for (int row = 0; row < model.rowCount(); ++row) {
            const TokenRecord& t = doc.token(row);
            const QModelIndex source = model.index(row, TokenTableModel::SourceColumn);
            QCOMPARE(source.data().toString(), sourceName(t.source));
            QCOMPARE(source.data(Qt::BackgroundRole).value<QColor>(), sourceColor(t.source, pal));
            QCOMPARE(model.index(row, TokenTableModel::TokenColumn).data().toString(), displayText(t.text));
            QCOMPARE(model.index(row, TokenTableModel::PositionColumn).data(TokenTableModel::SortRole).toLongLong(),
                     qlonglong(t.position));
            const QModelIndex pDraft = model.index(row, TokenTableModel::PDraftColumn);
            if (std::isnan(t.p_draft)) {
                // "Not applicable" is an empty cell, and sorts as no value rather than NaN.
                QVERIFY(pDraft.data().toString().isEmpty());
                QVERIFY(!pDraft.data(TokenTableModel::SortRole).isValid());
            } else {
                QCOMPARE(pDraft.data(TokenTableModel::SortRole).toDouble(), double(t.p_draft));
                QCOMPARE(pDraft.data().toString(), QString::number(t.p_draft, 'f', 4));
            }
            QCOMPARE(model.index(row, TokenTableModel::StepColumn).data().toString(),
                     t.step < 0 ? QString() : QString::number(t.step));
            QCOMPARE(model.index(row, TokenTableModel::EntropyTargetColumn).data(TokenTableModel::SortRole).isValid(),
                     !std::isnan(t.entropy_target));
            // The tooltip lists the alternatives by text, or by id where the
            // record has none (traces from before schema 2).
            const QString tip = model.index(row, TokenTableModel::TokenColumn).data(Qt::ToolTipRole).toString();
            for (const auto& k : t.top_k)
                QVERIFY(tip.contains(k.text.empty() ? QStringLiteral("#%1").arg(k.id)
                                                    : QStringLiteral("'%1'").arg(displayText(k.text).toHtmlEscaped())));
        }
        // The synthetic prompt has no probabilities; the first generated token has.
        QVERIFY(model.index(0, TokenTableModel::PTargetColumn).data().toString().isEmpty());
        QVERIFY(!model.index(doc.promptCount(), TokenTableModel::PTargetColumn).data().toString().isEmpty());
    }

    // --- TokenStreamView ---

    void stream_colours_by_source() {
        RunDocument doc;
        doc.setTrace(testing::make_synthetic_trace());
        TokenStreamView view(&doc);
        QCOMPARE(view.colorMode(), TokenStreamView::BySource);
        QSet<int> seen;
        for (int i = 0; i < doc.tokenCount(); ++i) {
            QCOMPARE(view.tokenColor(i), sourceColor(doc.token(i).source, view.palette()));
            seen.insert(int(doc.token(i).source));
        }
        QCOMPARE(seen.size(), 4);  // prompt, accepted draft, correction, bonus
        // Dark mode: the colours follow the palette.
        view.setPalette(darkPalette());
        const int bonus = doc.firstTokenOfStep(4) + 4;  // step 4 accepts all 4 drafts, then a bonus
        QCOMPARE(doc.token(bonus).source, TokenSource::Bonus);
        QCOMPARE(view.tokenColor(bonus), sourceColor(TokenSource::Bonus, darkPalette()));
        QVERIFY(view.tokenColor(bonus) != sourceColor(TokenSource::Bonus, QPalette()));
    }

    void stream_colours_by_value() {
        testing::SyntheticSpec spec;
        spec.layers = 8;
        RunTrace t = testing::make_synthetic_trace(spec);
        for (auto& s : t.steps)
            for (auto& tok : s.tokens) tok.exit_layer = tok.position % 3 == 0 ? -1 : int(tok.position % 8);
        RunDocument doc;
        doc.setTrace(t);
        TokenStreamView view(&doc);
        QSignalSpy modeChanged(&view, &TokenStreamView::colorModeChanged);
        const QColor base = view.palette().color(QPalette::Base);

        view.setColorMode(TokenStreamView::ByEntropy);
        QCOMPARE(view.colorMode(), TokenStreamView::ByEntropy);
        QCOMPARE(modeChanged.count(), 1);
        float maxEntropy = 0;
        for (const auto& tok : doc.tokens())
            if (!std::isnan(tok.entropy_target)) maxEntropy = std::max(maxEntropy, tok.entropy_target);
        QCOMPARE(maxEntropy, 5.0f);
        for (int i = 0; i < doc.tokenCount(); ++i) {
            const float e = doc.token(i).entropy_target;
            QCOMPARE(view.tokenColor(i), std::isnan(e) ? base : rampColor(e / maxEntropy));
        }
        // Higher entropy, further along the ramp: 1 bit and 5 bits differ.
        int low = doc.promptCount();
        while (low % 5 != 0) ++low;  // position % 5 == 0: 1 bit; four tokens on: 5 bits
        QCOMPARE(doc.token(low + 4).entropy_target, 5.0f);
        QCOMPARE(view.tokenColor(low), rampColor(0.2));
        QCOMPARE(view.tokenColor(low + 4), rampColor(1.0));
        QVERIFY(view.tokenColor(low) != view.tokenColor(low + 4));
        QVERIFY(view.tokenColor(low) != sourceColor(doc.token(low).source, view.palette()));

        view.setColorMode(TokenStreamView::ByPTarget);
        for (int i = 0; i < doc.tokenCount(); ++i) {
            const float p = doc.token(i).p_target;
            QCOMPARE(view.tokenColor(i), std::isnan(p) ? base : rampColor(p));
        }

        view.setColorMode(TokenStreamView::ByExitLayer);
        QCOMPARE(doc.layerCount(), 8);
        for (int i = 0; i < doc.tokenCount(); ++i) {
            const int layer = doc.token(i).exit_layer;
            QCOMPARE(view.tokenColor(i), layer < 0 ? base : rampColor(layer / 8.0));
        }
        // The combo box follows and drives the mode.
        auto* box = view.findChild<QComboBox*>();
        QVERIFY(box);
        QCOMPARE(box->currentData().toInt(), int(TokenStreamView::ByExitLayer));
        box->setCurrentIndex(box->findData(TokenStreamView::BySource));
        Q_EMIT box->activated(box->currentIndex());
        QCOMPARE(view.colorMode(), TokenStreamView::BySource);
    }

    void stream_layout_is_consistent() {
        RunDocument doc;
        doc.setTrace(testing::make_synthetic_trace());
        TokenStreamView view(&doc);
        view.resize(500, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        int newlines = 0;
        for (int i = 0; i < doc.tokenCount(); ++i) {
            const QRect r = view.tokenRect(i);
            QVERIFY(r.isValid());
            view.scrollToToken(i);
            QCOMPARE(view.tokenAt(view.tokenRect(i).center()), i);
            if (i > 0 && view.tokenRect(i - 1).top() == view.tokenRect(i).top())
                QVERIFY(view.tokenRect(i - 1).right() < view.tokenRect(i).left());  // no overlap
            if (doc.token(i).text == "\n" && i + 1 < doc.tokenCount()) {
                ++newlines;
                QVERIFY(startsLine(view, i + 1));  // a newline token breaks the line
            }
        }
        QVERIFY(newlines > 3);
        QCOMPARE(view.tokenAt(QPoint(-5, -5)), -1);
        QCOMPARE(view.tokenRect(doc.tokenCount()), QRect());
        // Narrower: more lines, every chip still inside the text area.
        const int lastTop = view.tokenRect(doc.tokenCount() - 1).top() - view.tokenRect(0).top();
        view.resize(130, 400);
        // A shown window's resize arrives through the event loop.
        QTRY_VERIFY(view.tokenRect(doc.tokenCount() - 1).top() - view.tokenRect(0).top() > lastTop);
        for (int i = 0; i < doc.tokenCount(); ++i) QVERIFY(view.tokenRect(i).right() < 130);
        shot(view, QStringLiteral("stream_narrow"));
    }

    void stream_shows_odd_tokens() {
        RunTrace t = testing::make_synthetic_trace();
        auto& tokens = t.steps[1].tokens;  // step 1 emits two tokens
        QCOMPARE(int(tokens.size()), 2);
        tokens[0].text = std::string(400, 'x');  // far wider than the view
        tokens[1].text = "\n\n";                 // a paragraph break
        t.steps[2].tokens[0].text = "";           // an empty piece
        t.steps[3].tokens[0].text = "\xe2\x82";   // a partial UTF-8 character
        RunDocument doc;
        doc.setTrace(t);
        TokenStreamView view(&doc);
        view.resize(300, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const int wide = doc.firstTokenOfStep(1), paragraph = wide + 1, empty = doc.firstTokenOfStep(2);
        const int partial = doc.firstTokenOfStep(3);
        // The wide token is elided inside the text area, on a line of its own.
        QVERIFY(view.tokenRect(wide).right() < 300);
        QVERIFY(view.tokenRect(wide).width() > 100);
        QCOMPARE(view.tokenAt(view.tokenRect(wide).center()), wide);
        // "\n\n" leaves one empty line before the next token.
        QCOMPARE(view.tokenRect(empty).left(), view.tokenRect(0).left());
        const int lineStep = view.tokenRect(empty).top() - view.tokenRect(paragraph).top();
        QVERIFY(lineStep > 0);
        QCOMPARE(view.tokenAt(QPoint(view.tokenRect(0).left() + 2, view.tokenRect(paragraph).top() + lineStep / 2)),
                 -1);
        // Empty and partial pieces are still visible, clickable chips.
        for (int i : {empty, partial}) {
            QVERIFY(view.tokenRect(i).width() > 8);
            QTest::mouseClick(&view, Qt::LeftButton, {}, view.tokenRect(i).center());
            QCOMPARE(doc.currentToken(), i);
        }
        shot(view, QStringLiteral("stream_odd"));
    }

    void stream_live_layout_equals_stored() {
        const RunTrace t = testing::make_synthetic_trace();
        RunDocument live, stored;
        live.beginLive(t.info, t.prompt_tokens);
        stored.setTrace(t);
        TokenStreamView liveView(&live), storedView(&stored);
        for (auto* v : {&liveView, &storedView}) {
            v->resize(420, 300);
            v->show();
            QVERIFY(QTest::qWaitForWindowExposed(v));
        }
        for (const auto& s : t.steps) live.appendStep(s);
        QCOMPARE(live.tokenCount(), stored.tokenCount());
        // Scroll positions differ (the live view follows the end): compare relative to token 0.
        const QPoint liveOrigin = liveView.tokenRect(0).topLeft(), storedOrigin = storedView.tokenRect(0).topLeft();
        for (int i = 0; i < live.tokenCount(); ++i)
            QCOMPARE(liveView.tokenRect(i).translated(-liveOrigin), storedView.tokenRect(i).translated(-storedOrigin));
        // Following the run: the last token is in view.
        const QRect last = liveView.tokenRect(live.tokenCount() - 1);
        QVERIFY(liveView.rect().contains(last.center()));
        QCOMPARE(liveView.tokenAt(last.center()), live.tokenCount() - 1);
    }

    void click_and_keys_move_the_shared_position() {
        RunDocument doc;
        doc.setTrace(testing::make_synthetic_trace());
        TokenStreamView view(&doc);
        DraftTreeView tree(&doc);
        view.resize(600, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));

        const int step = 7;
        const int i = doc.firstTokenOfStep(step) + 1;
        view.scrollToToken(i);
        QSignalSpy changed(&doc, &RunDocument::currentTokenChanged);
        QTest::mouseClick(&view, Qt::LeftButton, {}, view.tokenRect(i).center());
        QCOMPARE(doc.currentToken(), i);
        QCOMPARE(doc.currentStep(), step);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(tree.shownStep(), step);  // the draft tree follows the clicked token's step
        QCOMPARE(tree.nodeCount(), 5);

        QTest::keyClick(&view, Qt::Key_Right);
        QCOMPARE(doc.currentToken(), i + 1);
        QTest::keyClick(&view, Qt::Key_Left);
        QTest::keyClick(&view, Qt::Key_Left);
        QCOMPARE(doc.currentToken(), i - 1);
        QCOMPARE(tree.shownStep(), doc.stepOfToken(i - 1));

        // Selecting a far token elsewhere scrolls it into view.
        doc.setCurrentToken(doc.tokenCount() - 1);
        QVERIFY(view.rect().contains(view.tokenRect(doc.tokenCount() - 1).center()));
        // A click between chips selects nothing new.
        QTest::mouseClick(&view, Qt::LeftButton, {}, QPoint(2, view.height() - 2));
        QCOMPARE(doc.currentToken(), doc.tokenCount() - 1);
    }

    void stream_tooltip_describes_the_token() {
        RunDocument doc;
        doc.setTrace(testing::make_synthetic_trace());
        TokenStreamView view(&doc);
        view.resize(500, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const int i = doc.firstTokenOfStep(2);  // an accepted draft: every value is set
        const QPoint pos = view.tokenRect(i).center();
        QHelpEvent help(QEvent::ToolTip, pos, view.mapToGlobal(pos));
        QCoreApplication::sendEvent(&view, &help);
        QTRY_VERIFY(QToolTip::isVisible());
        const QString tip = QToolTip::text();
        const TokenRecord& t = doc.token(i);
        for (const QString& part : {displayText(t.text), sourceName(t.source), QString::number(t.p_target, 'f', 4),
                                    QString::number(t.p_draft, 'f', 4), QStringLiteral("#%1").arg(t.top_k[1].id)})
            QVERIFY2(tip.contains(part), qPrintable(part));
        QToolTip::hideText();
    }

    void screenshots() {
        if (qEnvironmentVariableIsEmpty("SPECSCOPE_SHOTS")) QSKIP("SPECSCOPE_SHOTS not set");
        testing::SyntheticSpec spec;
        spec.steps = 60;
        RunDocument doc;
        doc.setTrace(testing::make_synthetic_trace(spec));
        TokenStreamView view(&doc);
        view.resize(720, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        doc.setCurrentToken(doc.firstTokenOfStep(9) + 1);
        shot(view, QStringLiteral("stream_source"));
        view.setColorMode(TokenStreamView::ByEntropy);
        shot(view, QStringLiteral("stream_entropy"));
        view.setColorMode(TokenStreamView::ByPTarget);
        view.setPalette(darkPalette());
        shot(view, QStringLiteral("stream_ptarget_dark"));
        view.setColorMode(TokenStreamView::BySource);
        shot(view, QStringLiteral("stream_source_dark"));

        TokenTableModel model(&doc);
        QTableView table;
        table.setModel(&model);
        table.resize(900, 300);
        table.show();
        QVERIFY(QTest::qWaitForWindowExposed(&table));
        table.resizeColumnsToContents();
        shot(table, QStringLiteral("table"));
    }

    // --- scale ---

    void hundred_thousand_tokens_are_fast() {
        testing::SyntheticSpec spec;
        spec.steps = 33400;  // 3 tokens per step on average (gamma 4)
        RunTrace t = testing::make_synthetic_trace(spec);
        const StepEvent extra = t.steps.back();
        RunDocument doc;
        doc.setTrace(std::move(t));
        QVERIFY(doc.tokenCount() >= 100000);

        QElapsedTimer timer;
        timer.start();
        TokenStreamView view(&doc);
        view.resize(900, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QPixmap first = view.grab();
        const qint64 openMs = timer.elapsed();
        QVERIFY(!first.isNull());

        // Jump to the end, as a click in another view would.
        timer.restart();
        doc.setCurrentToken(doc.tokenCount() - 1);
        view.grab();
        const qint64 jumpMs = timer.elapsed();

        // A live step on top of 100,000 tokens: laid out alone, not the whole run.
        timer.restart();
        for (int k = 0; k < 100; ++k) doc.appendStep(extra);
        view.grab();
        const qint64 appendMs = timer.elapsed();

        timer.restart();
        view.resize(700, 700);  // a new width lays out everything again
        view.grab();
        const qint64 resizeMs = timer.elapsed();

        qInfo("%d tokens: open + first paint %lld ms, jump to end %lld ms, 100 live steps %lld ms, resize %lld ms",
              doc.tokenCount(), openMs, jumpMs, appendMs, resizeMs);
        QVERIFY2(openMs < 5000, "opening 100,000 tokens took more than 5 s");
        QVERIFY2(jumpMs < 1000, "jumping to the end took more than 1 s");
        QVERIFY2(appendMs < 1000, "100 live steps took more than 1 s");
        QVERIFY2(resizeMs < 2000, "relayout after a resize took more than 2 s");
        // The selected token stays in view through live steps and the relayout.
        const int selected = doc.currentToken();
        QCOMPARE(view.tokenAt(view.tokenRect(selected).center()), selected);
    }
};

QTEST_MAIN(TestViewTokens)
#include "test_view_tokens.moc"
