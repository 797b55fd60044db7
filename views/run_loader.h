// Loading a whole stored run, callable from any thread: it opens its own
// read-only TraceStore (a store connection must not cross threads) and
// closes it before returning. The main window runs it on a worker
// (QtConcurrent::run or a QThread) because a long run takes a while to load.
#pragma once

#include <QString>

#include "trace/run_trace.h"

namespace specscope {
namespace views {

// Throws specscope::Error naming the file and the problem (cannot open, not a
// trace, corrupt, no run with that id).
RunTrace loadRunFromStore(const QString& path, qint64 id);

// The path as the C++ core wants it: in the file system's encoding, so names
// outside ASCII reach the same file.
std::string storePathToNative(const QString& path);

} // namespace views
} // namespace specscope
