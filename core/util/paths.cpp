#include "util/paths.h"

#include <cstdlib>
#include <filesystem>
#include <map>

#include "util/error.h"

namespace fs = std::filesystem;

namespace specscope {

std::vector<std::string> resource_dirs() {
    std::vector<std::string> candidates;
    if (const char* env = std::getenv("SPECSCOPE_DATA_DIR")) candidates.push_back(env);
    // Installed next to the binary (<prefix>/bin/../share/specscope), then the
    // configured prefix, then the source tree (running from a build folder).
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) candidates.push_back((exe.parent_path().parent_path() / "share" / "specscope").string());
    candidates.push_back(SPECSCOPE_INSTALL_RESOURCES);
    candidates.push_back(SPECSCOPE_SOURCE_RESOURCES);
    std::vector<std::string> found;
    for (const auto& c : candidates)
        if (fs::is_directory(c, ec)) found.push_back(fs::weakly_canonical(c, ec).string());
    return found;
}

std::string resolve_model_path(const std::string& name) {
    static const std::map<std::string, std::string> aliases = {{"demo", "demo-target"}, {"demo-draft", "demo-draft"}};
    auto it = aliases.find(name);
    if (it == aliases.end()) return name;
    std::string searched;
    for (const auto& dir : resource_dirs()) {
        fs::path p = fs::path(dir) / "models" / it->second;
        if (fs::exists(p / "config.json")) return p.string();
        searched += (searched.empty() ? "" : ", ") + p.string();
    }
    throw Error(name, "the bundled model '" + it->second + "' is not installed (looked in: " +
                          (searched.empty() ? std::string("no resource folder found") : searched) +
                          "). Pass a Hugging Face model directory instead.");
}

std::vector<std::string> bundled_models() {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& dir : resource_dirs()) {
        fs::path models = fs::path(dir) / "models";
        if (!fs::is_directory(models, ec)) continue;
        for (const auto& e : fs::directory_iterator(models, ec))
            if (fs::exists(e.path() / "config.json")) out.push_back(e.path().string());
    }
    return out;
}

} // namespace specscope
