#include "views/plot_export.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>

#include <qcustomplot.h>

namespace specscope {
namespace views {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("specscope::views::PlotExport", text); }

// A plot that was never shown has a placeholder size; exporting that would
// give a useless thumbnail.
QSize exportSize(const QCustomPlot* plot) {
    const QSize s = plot->size();
    return s.width() < 50 || s.height() < 50 ? QSize(800, 500) : s;
}

bool fail(QString* error, const QString& message) {
    if (error) *error = message;
    return false;
}

} // namespace

bool exportPlot(QCustomPlot* plot, const QString& path, QString* error) {
    if (!plot) return fail(error, tr("There is no plot to export."));
    const QString suffix = QFileInfo(path).suffix().toLower();
    const QString shownPath = QDir::toNativeSeparators(path);
    if (suffix != QLatin1String("png") && suffix != QLatin1String("svg") && suffix != QLatin1String("pdf"))
        return fail(error, tr("Cannot export to %1: unknown file type \"%2\" (use .png, .svg or .pdf).")
                               .arg(shownPath, suffix.isEmpty() ? tr("no extension") : suffix));

    const QSize size = exportSize(plot);
    // QSaveFile writes to a temporary file and renames it on commit, so a
    // failed export never leaves a truncated file behind, and every write
    // error (missing directory, read-only place, full disk) has a message.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(error, tr("Cannot write %1: %2").arg(shownPath, file.errorString()));

    bool rendered = false;
    if (suffix == QLatin1String("png")) {
        // The plot's own pixel ratio keeps text crisp on high-DPI screens.
        const QPixmap pixmap = plot->toPixmap(size.width(), size.height(), 1.0);
        rendered = !pixmap.isNull() && pixmap.save(&file, "PNG");
    } else if (suffix == QLatin1String("svg")) {
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        // Fonts are sized in points: at the screen's resolution they take
        // the same share of the plot as on screen (the default 72 dpi
        // would shrink them by a quarter).
        svg.setResolution(plot->logicalDpiX());
        svg.setTitle(QFileInfo(path).completeBaseName());
        svg.setDescription(tr("Plot exported by SpecScope"));
        QCPPainter painter;
        if (painter.begin(&svg)) {
            painter.setMode(QCPPainter::pmVectorized);
            plot->toPainter(&painter, size.width(), size.height());
            rendered = painter.end();
        }
    } else {
        // QPdfWriter on our QSaveFile rather than QCustomPlot::savePdf, which
        // writes the path itself and reports no reason when it fails. At the
        // screen's resolution, with a page of the plot's size, one device
        // unit is one plot pixel and fonts keep their on-screen proportion
        // (as savePdf does).
        const int dpi = plot->logicalDpiX();
        QPdfWriter pdf(&file);
        pdf.setCreator(QStringLiteral("SpecScope"));
        pdf.setTitle(QFileInfo(path).completeBaseName());
        pdf.setResolution(dpi);
        pdf.setPageLayout(QPageLayout(QPageSize(QSizeF(size) * 72.0 / dpi, QPageSize::Point, QString(), QPageSize::ExactMatch),
                                      QPageLayout::Portrait, QMarginsF()));
        QCPPainter painter;
        if (painter.begin(&pdf)) {
            painter.setMode(QCPPainter::pmVectorized);
            plot->toPainter(&painter, size.width(), size.height());
            rendered = painter.end();
        }
    }
    if (!rendered) {
        file.cancelWriting();
        return fail(error, tr("Cannot export to %1: the plot could not be drawn as %2.").arg(shownPath, suffix.toUpper()));
    }
    if (!file.commit()) return fail(error, tr("Cannot write %1: %2").arg(shownPath, file.errorString()));
    if (error) error->clear();
    return true;
}

QString plotFileFilter() {
    return tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)");
}

void applyPlotPalette(QCustomPlot* plot, const QPalette& palette) {
    const QColor base = palette.color(QPalette::Base);
    const QColor text = palette.color(QPalette::Text);
    QColor grid = palette.color(QPalette::Mid);
    grid.setAlpha(110);
    QColor subGrid = grid;
    subGrid.setAlpha(50);

    plot->setBackground(QBrush(palette.color(QPalette::Window)));
    auto styleAxis = [&](QCPAxis* axis) {
        axis->setBasePen(QPen(text, 1));
        axis->setTickPen(QPen(text, 1));
        axis->setSubTickPen(QPen(text, 1));
        axis->setLabelColor(text);
        axis->setTickLabelColor(text);
        axis->grid()->setPen(QPen(grid, 1, Qt::DotLine));
        axis->grid()->setSubGridPen(QPen(subGrid, 1, Qt::DotLine));
        axis->grid()->setZeroLinePen(Qt::NoPen);
    };
    for (QCPAxisRect* rect : plot->axisRects()) {
        rect->setBackground(QBrush(base));
        for (QCPAxis* axis : rect->axes()) styleAxis(axis);
    }
    // Colour scales are layout elements with an axis of their own.
    for (QCPLayoutElement* element : plot->plotLayout()->elements(true)) {
        if (auto* scale = qobject_cast<QCPColorScale*>(element)) styleAxis(scale->axis());
    }
    plot->legend->setBrush(QBrush(base));
    plot->legend->setBorderPen(QPen(palette.color(QPalette::Mid)));
    plot->legend->setTextColor(text);
}

} // namespace views
} // namespace specscope
