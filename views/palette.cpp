#include "views/palette.h"

#include <QCoreApplication>

#include <array>
#include <cmath>

namespace specscope {
namespace views {

bool isDark(const QPalette& palette) { return palette.color(QPalette::Window).lightness() < 128; }

QColor sourceColor(TokenSource source, const QPalette& palette) {
    const bool dark = isDark(palette);
    switch (source) {
    case TokenSource::AcceptedDraft: return dark ? QColor(46, 125, 50) : QColor(165, 214, 167);
    case TokenSource::Correction: return dark ? QColor(183, 28, 28) : QColor(239, 154, 154);
    case TokenSource::Bonus: return dark ? QColor(21, 101, 192) : QColor(144, 202, 249);
    case TokenSource::Target: return dark ? QColor(84, 84, 84) : QColor(224, 224, 224);
    case TokenSource::Prompt: break;
    }
    return dark ? QColor(48, 48, 48) : QColor(245, 245, 245);
}

QColor verdictColor(Verdict verdict, const QPalette& palette) {
    const bool dark = isDark(palette);
    switch (verdict) {
    case Verdict::Accepted: return dark ? QColor(67, 160, 71) : QColor(102, 187, 106);
    case Verdict::Rejected: return dark ? QColor(211, 47, 47) : QColor(229, 115, 115);
    case Verdict::NotReached: break;
    }
    return dark ? QColor(97, 97, 97) : QColor(189, 189, 189);
}

QColor rampColor(double t) {
    if (std::isnan(t)) return QColor(128, 128, 128);
    t = std::min(1.0, std::max(0.0, t));
    // Viridis at nine stops, linearly interpolated.
    static const std::array<std::array<int, 3>, 9> stops = {{{68, 1, 84},
                                                            {72, 40, 120},
                                                            {62, 73, 137},
                                                            {49, 104, 142},
                                                            {38, 130, 142},
                                                            {31, 158, 137},
                                                            {53, 183, 121},
                                                            {109, 205, 89},
                                                            {253, 231, 37}}};
    const double x = t * (stops.size() - 1);
    const int i = std::min(static_cast<int>(x), static_cast<int>(stops.size()) - 2);
    const double f = x - i;
    auto mix = [&](int c) { return static_cast<int>(std::lround(stops[i][c] + f * (stops[i + 1][c] - stops[i][c]))); };
    return QColor(mix(0), mix(1), mix(2));
}

QColor textOn(const QColor& background) {
    // Relative luminance (sRGB weights) decides black or white text.
    const double l = 0.2126 * background.redF() + 0.7152 * background.greenF() + 0.0722 * background.blueF();
    return l > 0.5 ? QColor(Qt::black) : QColor(Qt::white);
}

QString sourceName(TokenSource source) {
    switch (source) {
    case TokenSource::Prompt: return QCoreApplication::translate("specscope::views", "prompt");
    case TokenSource::AcceptedDraft: return QCoreApplication::translate("specscope::views", "accepted draft");
    case TokenSource::Correction: return QCoreApplication::translate("specscope::views", "correction");
    case TokenSource::Bonus: return QCoreApplication::translate("specscope::views", "bonus");
    case TokenSource::Target: return QCoreApplication::translate("specscope::views", "target");
    }
    return {};
}

QString verdictName(Verdict verdict) {
    switch (verdict) {
    case Verdict::Accepted: return QCoreApplication::translate("specscope::views", "accepted");
    case Verdict::Rejected: return QCoreApplication::translate("specscope::views", "rejected");
    case Verdict::NotReached: return QCoreApplication::translate("specscope::views", "not reached");
    }
    return {};
}

QString displayText(const std::string& tokenText) {
    QString s = QString::fromUtf8(tokenText.data(), static_cast<qsizetype>(tokenText.size()));
    if (s.contains(QChar::ReplacementCharacter)) {
        // A partial UTF-8 sequence (byte-level BPE splits characters): show the bytes.
        QString hex;
        for (unsigned char c : tokenText) hex += QStringLiteral("\\x%1").arg(c, 2, 16, QLatin1Char('0'));
        return hex;
    }
    s.replace(QLatin1Char('\n'), QStringLiteral("↵"));
    s.replace(QLatin1Char('\t'), QStringLiteral("→"));
    if (s.isEmpty()) return QStringLiteral("∅");
    return s;
}

} // namespace views
} // namespace specscope
