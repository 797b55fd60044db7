// The one exception type for bad input: it names the file and the problem,
// so every caller (CLI, GUI, tests) can show "FILE: PROBLEM" without guessing.
#pragma once

#include <stdexcept>
#include <string>

namespace specscope {

class Error : public std::runtime_error {
public:
    Error(std::string file, std::string problem)
        : std::runtime_error(file.empty() ? problem : file + ": " + problem),
          file_(std::move(file)), problem_(std::move(problem)) {}

    const std::string& file() const { return file_; }
    const std::string& problem() const { return problem_; }

private:
    std::string file_;
    std::string problem_;
};

} // namespace specscope
