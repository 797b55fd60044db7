// specscope: the workbench. Command line:
//   specscope                          the window, with the bundled demo models chosen
//   specscope --demo                   loads the demo pair and starts an sps run at once
//   specscope --trace FILE --run ID    opens a stored run from a trace file
//   specscope --store FILE             records live runs into FILE (default: the user's data folder)
//   specscope --lang de|zh_CN|en       the interface language (default: the system's, or the setting)
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QStandardPaths>
#include <QTimer>
#include <QTranslator>

#include "gui/engine_session.h"
#include "gui/main_window.h"
#include "gui/run_panel.h"

using specscope::gui::MainWindow;

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("SpecScope"));
    QApplication::setApplicationName(QStringLiteral("specscope"));
    QApplication::setApplicationDisplayName(QStringLiteral("SpecScope"));
    QApplication::setApplicationVersion(QStringLiteral(SPECSCOPE_VERSION));
    QGuiApplication::setDesktopFileName(QStringLiteral("specscope"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate(
        "main", "Workbench for speculative and adaptive-computation decoding of language models."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption demo(QStringLiteral("demo"), QApplication::translate("main", "Load the bundled demo models and start an sps run at once."));
    QCommandLineOption trace(QStringLiteral("trace"), QApplication::translate("main", "Open the trace file <file>."),
                             QStringLiteral("file"));
    QCommandLineOption run(QStringLiteral("run"), QApplication::translate("main", "With --trace: open run <id>."), QStringLiteral("id"));
    QCommandLineOption store(QStringLiteral("store"), QApplication::translate("main", "Record live runs into <file>."),
                             QStringLiteral("file"));
    QCommandLineOption strategy(QStringLiteral("strategy"), QApplication::translate("main", "With --demo: the method to run."),
                                QStringLiteral("name"));
    QCommandLineOption lang(QStringLiteral("lang"), QApplication::translate("main", "Interface language: en, de or zh_CN."),
                            QStringLiteral("code"));
    QCommandLineOption dark(QStringLiteral("dark"), QApplication::translate("main", "Use the dark palette."));
    QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                  QApplication::translate("main", "Save a screenshot to <png> once the run or load is done, then quit."),
                                  QStringLiteral("png"));
    QCommandLineOption benchOpen(QStringLiteral("bench-open"),
                                 QApplication::translate("main", "With --trace and --run: time opening the run and drawing every view, print JSON, quit."));
    QCommandLineOption benchLive(QStringLiteral("bench-live"),
                                 QApplication::translate("main", "With --demo: print the live run's tokens/s as JSON when it ends, quit."));
    QCommandLineOption compare(QStringLiteral("compare"), QApplication::translate("main", "With --trace: compare runs <a,b> side by side."),
                               QStringLiteral("a,b"));
    QCommandLineOption maxTokens(QStringLiteral("max-new-tokens"), QApplication::translate("main", "With --demo: tokens to generate."),
                                 QStringLiteral("n"));
    parser.addOptions({demo, trace, run, store, strategy, lang, dark, screenshot, benchOpen, benchLive, maxTokens, compare});
    parser.process(app);

    // The language: --lang, else the setting, else the system locale.
    QString code = parser.value(lang);
    if (code.isEmpty()) code = QSettings().value(QStringLiteral("ui/language")).toString();
    const QLocale locale = code.isEmpty() ? QLocale::system() : QLocale(code);
    QTranslator qtTranslator, translator;
    if (qtTranslator.load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        app.installTranslator(&qtTranslator);
    if (translator.load(locale, QStringLiteral("specscope"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        app.installTranslator(&translator);
    QLocale::setDefault(locale);

    specscope::gui::init_engine_threads();

    QString storePath = parser.value(store);
    if (storePath.isEmpty()) {
        const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        QDir().mkpath(dir);
        storePath = dir + QStringLiteral("/runs.db");
    }

    if (parser.isSet(dark)) QSettings().setValue(QStringLiteral("ui/dark"), true);
    MainWindow window(storePath);
    window.show();
    if (parser.isSet(screenshot)) window.setScreenshotOnIdle(parser.value(screenshot), 800);
    if (parser.isSet(benchOpen)) window.setBenchmark(MainWindow::Benchmark::OpenAndDraw);
    if (parser.isSet(benchLive)) window.setBenchmark(MainWindow::Benchmark::LiveRun);
    if (parser.isSet(maxTokens)) window.runPanel()->setMaxNewTokens(parser.value(maxTokens).toInt());

    if (parser.isSet(trace)) {
        const QString file = parser.value(trace);
        bool ok = false;
        const qint64 id = parser.value(run).toLongLong(&ok);
        QTimer::singleShot(0, &window, [&window, file, id, ok] {
            window.showTraceFile(file);
            if (ok) window.openRun(file, id);
        });
        const QStringList pair = parser.value(compare).split(QLatin1Char(','));
        if (pair.size() == 2)
            QTimer::singleShot(0, &window, [&window, file, pair] { window.compareRuns(file, pair[0].toLongLong(), pair[1].toLongLong()); });
    }
    if (parser.isSet(demo)) {
        if (parser.isSet(strategy)) window.runPanel()->setStrategy(parser.value(strategy));
        QTimer::singleShot(0, &window, [&window] { window.loadAndRun(); });
    }
    return app.exec();
}
