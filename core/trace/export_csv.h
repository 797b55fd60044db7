// Export of one run as CSV, one file per table, for spreadsheets and
// pandas: run.csv (one row), steps.csv, tokens.csv (prompt tokens first, step
// -1), tree_nodes.csv, layer_records.csv. RFC 4180 quoting (fields with
// commas, quotes, line breaks or edge spaces are quoted, quotes doubled),
// "\n" line ends, UTF-8 bytes as stored. Numbers are locale-independent and
// round-trip exactly; kNoValue (NaN) is an empty cell; nested values (params,
// token id lists, top-k) are JSON text. Columns: docs/trace-json-schema.md.
#pragma once

#include "trace/run_trace.h"

#include <string>

namespace specscope {

// Writes the five files into DIR, creating it if missing; existing files of
// those names are replaced. Throws Error naming the directory or file.
void export_csv(const RunTrace& trace, const std::string& dir);

} // namespace specscope
