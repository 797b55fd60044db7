#include "gui/strategy_texts.h"

#include <QCoreApplication>

namespace specscope::gui {
namespace {

// The English texts of core/decode/strategy_*.cpp (descriptions, then the
// parameters' help), as the engine's StrategyInfo carries them.
const char* const kEngineTexts[] = {
    QT_TRANSLATE_NOOP("EngineText", "Plain autoregressive decoding: one target forward per token (the baseline)."),
    QT_TRANSLATE_NOOP("EngineText", "Speculative sampling: a draft model proposes a chain, the target verifies it in one forward."),
    QT_TRANSLATE_NOOP("EngineText", "draft length (the start value under 'heuristic')"),
    QT_TRANSLATE_NOOP("EngineText", "draft-length policy"),
    QT_TRANSLATE_NOOP("EngineText", "'confidence': stop drafting below this probability"),
    QT_TRANSLATE_NOOP("EngineText", "A fixed tree of the draft's top-ranked tokens, verified in one target forward."),
    QT_TRANSLATE_NOOP("EngineText", "'default' or rank paths as JSON, e.g. [[0],[1],[0,0]]"),
    QT_TRANSLATE_NOOP("EngineText", "EAGLE-2-style tree grown by cumulative draft probability, verified in one target forward."),
    QT_TRANSLATE_NOOP("EngineText", "tree size, root included"),
    QT_TRANSLATE_NOOP("EngineText", "levels to grow"),
    QT_TRANSLATE_NOOP("EngineText", "children per expanded node and nodes expanded per level"),
    QT_TRANSLATE_NOOP("EngineText", "Prompt lookup: drafts what followed the last n-gram earlier in the context (no draft model)."),
    QT_TRANSLATE_NOOP("EngineText", "longest n-gram to match"),
    QT_TRANSLATE_NOOP("EngineText", "most tokens drafted per step"),
    QT_TRANSLATE_NOOP("EngineText", "Kangaroo: the target's first layers plus a small trained adapter draft; drafting stops when the adapter's confidence drops below the threshold; verification runs only the remaining layers. Lossless."),
    QT_TRANSLATE_NOOP("EngineText", "layer ℓ the draft exits at; 0 = the target's default adapter"),
    QT_TRANSLATE_NOOP("EngineText", "η: stop drafting when the adapter's top probability is below it"),
    QT_TRANSLATE_NOOP("EngineText", "the longest draft"),
    QT_TRANSLATE_NOOP("EngineText", "adapter file (stem or .json); empty = <target>/kangaroo/adapter_l<ℓ>"),
};

} // namespace

QString translatedEngineText(const std::string& english) {
    return QCoreApplication::translate("EngineText", english.c_str());
}

bool engineTextIsListed(const std::string& english) {
    for (const char* t : kEngineTexts)
        if (english == t) return true;
    return false;
}

} // namespace specscope::gui
