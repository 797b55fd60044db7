// The engine (core/, no Qt) describes its strategies and their parameters in
// English; the workbench shows them in the user's language through this one
// lookup. strategy_texts.cpp lists every such text for lupdate.
#pragma once

#include <string>

#include <QString>

namespace specscope::gui {

// The translation of an engine text, or the text itself when none is known
// (a strategy added or reworded after the translations were made).
QString translatedEngineText(const std::string& english);

// Every engine text the table knows, in English (for a test that none is missing).
bool engineTextIsListed(const std::string& english);

} // namespace specscope::gui
