// Helpers shared by the plot views (acceptance, entropy, per-layer heatmap):
// saving a plot to a file, and colouring a plot from the widget palette so
// that it follows dark mode like the rest of the window.
#pragma once

#include <QPalette>
#include <QString>

class QCustomPlot;

namespace specscope {
namespace views {

// Saves the plot as PNG, SVG or PDF, chosen by the file extension (case
// does not matter). The plot keeps its on-screen size; one never laid out
// (smaller than 50×50) is saved at 800×500. Returns false and a
// translated message in *error (may be null) for an unknown extension or a
// file that cannot be written.
bool exportPlot(QCustomPlot* plot, const QString& path, QString* error);

// The name filter for QFileDialog that matches what exportPlot writes
// (translated), e.g. "PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)".
QString plotFileFilter();

// Colours a plot from a palette: background, axis rects, axes, tick labels,
// grid, legend and colour scales. Call again on QEvent::PaletteChange.
void applyPlotPalette(QCustomPlot* plot, const QPalette& palette);

} // namespace views
} // namespace specscope
