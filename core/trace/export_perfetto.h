// Export of one run as Chrome trace-event JSON, which Perfetto
// (ui.perfetto.dev) and chrome://tracing open: {"traceEvents": [...],
// "displayTimeUnit": "ms"}. Per step, "X" slices for the draft phase (thread
// "draft", left out when the step drafted nothing in no time, as under ar)
// and the verify phase (thread "target"; named "forward" when nothing was
// drafted), with the step's record in args;
// "C" counters for the accepted length, the running acceptance rate and the
// running tau (tokens per target forward) at each step's end; "M" events
// naming the process and threads. Times are the run's own µs.
#pragma once

#include "trace/run_trace.h"

#include <nlohmann/json.hpp>

#include <string>

namespace specscope {

nlohmann::ordered_json trace_to_perfetto(const RunTrace& trace);

// Writes trace_to_perfetto(trace) atomically. Throws Error(path, ...).
void export_perfetto(const RunTrace& trace, const std::string& path);

} // namespace specscope
