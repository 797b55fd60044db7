// Strategy parameters: each strategy declares its parameters with defaults
// and bounds; user input (a JSON object) is validated against them, so an
// unknown or out-of-range parameter is a clear error everywhere (CLI, GUI,
// bench), and the GUI can generate its parameter form from the same list.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace specscope {

struct ParamSpec {
    enum class Type { Int, Double, Choice, Text };
    std::string name;
    Type type = Type::Int;
    nlohmann::json default_value;
    double min = 0, max = 0;              // Int and Double
    std::vector<std::string> choices;     // Choice
    std::string help;
};

// Returns the full parameter object (defaults filled in). Throws Error for an
// unknown name (listing the known ones), a wrong type, or a value out of range.
nlohmann::json validate_params(const std::string& strategy, const std::vector<ParamSpec>& specs,
                               const nlohmann::json& given);

// "key=value" from the command line: the value is read as JSON when it parses
// (numbers, arrays), else taken as a string.
void set_param_from_text(nlohmann::json& params, const std::string& key_equals_value);

} // namespace specscope
