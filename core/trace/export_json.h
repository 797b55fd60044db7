// Export of one run as a JSON document, the format documented in
// docs/trace-json-schema.md ("format": "specscope-trace", "version": 1).
// import_json.h reads it back.
#pragma once

#include "trace/run_trace.h"

#include <nlohmann/json.hpp>

#include <string>

namespace specscope {

inline constexpr const char* kTraceJsonFormat = "specscope-trace";
inline constexpr int kTraceJsonVersion = 1;

// Fields in the documented order (ordered_json), "format" and "version" first.
// Token texts that are not valid UTF-8 are shown with U+FFFD and kept
// exactly in "text_hex". Other strings are expected to be UTF-8 already: dump
// with error_handler_t::replace, as export_json does, to be safe.
nlohmann::ordered_json trace_to_json(const RunTrace& trace);

// Writes trace_to_json(trace), compact, atomically. Throws Error(path, ...).
void export_json(const RunTrace& trace, const std::string& path);

// True when TEXT is well-formed UTF-8 (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF). Token texts may not be: a token can
// end in the middle of a character.
bool is_valid_utf8(const std::string& text);

} // namespace specscope
