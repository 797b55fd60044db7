// Reading runs back out of an opened trace file: the run list and whole
// runs. One ordered query per table, so a run of 100,000 tokens loads in a
// fraction of a second. Internal to core/trace; TraceStore is the public face.
#pragma once

#include "trace/run_trace.h"

#include <cstdint>
#include <vector>

namespace specscope {

namespace sqlite {
class Db;
}

std::vector<RunSummary> read_run_list(sqlite::Db& db);  // in id order
RunTrace read_run(sqlite::Db& db, int64_t id);          // throws Error for an unknown id

} // namespace specscope
