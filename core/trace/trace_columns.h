// How the nested values of a trace are kept in single SQLite columns: token
// id lists and top-k lists as compact JSON text, readable with SQLite's JSON
// functions. Shared by the store's writer and reader; internal to core/trace.
#pragma once

#include "trace/events.h"

#include <cstdint>
#include <string>
#include <vector>

namespace specscope {

std::string ids_to_column(const std::vector<int32_t>& ids);  // [1,2,3]
std::string top_k_to_column(const std::vector<TopKEntry>& top_k);  // [[id,p],...]; p shortest float text, NaN as null

// Both throw std::runtime_error for text that is not what the writer makes;
// the reader turns that into "the trace is corrupt".
std::vector<int32_t> ids_from_column(const std::string& text);
std::vector<TopKEntry> top_k_from_column(const std::string& text);

} // namespace specscope
