// Where SpecScope finds its bundled resources (demo models, prompt suites):
// $SPECSCOPE_DATA_DIR, the install prefix, and the source tree it was built from.
#pragma once

#include <string>
#include <vector>

namespace specscope {

// Folders that may hold resources, in search order (existing ones only).
std::vector<std::string> resource_dirs();

// "demo" -> the bundled demo target, "demo-draft" -> its draft model; any
// other string is returned unchanged (a model directory). Throws Error when
// an alias names a bundled model that is not installed.
std::string resolve_model_path(const std::string& dir_or_alias);

// Every bundled model directory found (those holding a config.json).
std::vector<std::string> bundled_models();

} // namespace specscope
