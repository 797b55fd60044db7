// Whole-file reads and atomic writes for the exporters and the importer,
// with errors that name the file.
#pragma once

#include <string>

namespace specscope {

// Writes DATA to PATH.tmp, syncs it and renames it over PATH, so a full disk
// or a crash never leaves a half-written export under the real name. On
// failure the .tmp is removed and Error(path, "cannot write: ...") thrown.
void write_file_atomic(const std::string& path, const std::string& data);

// Throws Error(path, "cannot read: ...").
std::string read_file(const std::string& path);

} // namespace specscope
