// Import of a run exported by export_json.h (docs/trace-json-schema.md).
// Everything is validated: a file that is not JSON, not a SpecScope trace
// export, of a newer version, or with a missing or ill-typed field throws
// Error(file, ...) whose problem names the field ("steps[3].tokens[0].source").
// Unknown fields are ignored, so later exports that only add fields still
// import. Store the result with TraceStore::write_run.
#pragma once

#include "trace/run_trace.h"

#include <nlohmann/json.hpp>

#include <string>

namespace specscope {

RunTrace trace_from_json(const nlohmann::json& doc, const std::string& file);  // FILE names errors
RunTrace import_json(const std::string& path);                                  // reads, parses, validates

} // namespace specscope
