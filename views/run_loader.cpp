#include "views/run_loader.h"

#include <QFile>

#include "trace/trace_store.h"

namespace specscope {
namespace views {

std::string storePathToNative(const QString& path) { return QFile::encodeName(path).toStdString(); }

RunTrace loadRunFromStore(const QString& path, qint64 id) {
    // ReadOnly: loading must never write to the file, not even the schema.
    auto store = TraceStore::open(storePathToNative(path), TraceStore::Mode::ReadOnly);
    return store->load_run(id);
}

} // namespace views
} // namespace specscope
