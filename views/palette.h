// The colours every view shares, so a token source or a verdict looks the
// same everywhere, in light and dark palettes alike.
#pragma once

#include <QColor>
#include <QPalette>
#include <QString>

#include "trace/events.h"

namespace specscope {
namespace views {

// True when the window background is dark (dark mode).
bool isDark(const QPalette& palette);

// Background colour of a token by its source: accepted draft green,
// correction red, bonus blue, plain target grey, prompt faint.
QColor sourceColor(TokenSource source, const QPalette& palette);
// Node colour of a draft-tree node by its verdict.
QColor verdictColor(Verdict verdict, const QPalette& palette);
// A perceptually ordered colour ramp (viridis-like) for t in [0, 1]; NaN
// gives the palette's mid grey.
QColor rampColor(double t);
// Readable text colour on a background.
QColor textOn(const QColor& background);

// User-visible names (translated).
QString sourceName(TokenSource source);
QString verdictName(Verdict verdict);

// A token's text for display: newlines as ↵, tabs as →, and an empty or
// partial UTF-8 piece as its escape, so every token is visible and clickable.
QString displayText(const std::string& tokenText);

} // namespace views
} // namespace specscope
