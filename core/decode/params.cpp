#include "decode/params.h"

#include <cmath>

#include "util/error.h"

namespace specscope {

nlohmann::json validate_params(const std::string& strategy, const std::vector<ParamSpec>& specs,
                               const nlohmann::json& given) {
    const std::string who = "strategy '" + strategy + "'";
    if (!given.is_null() && !given.is_object()) throw Error("", who + ": parameters must be a JSON object");
    nlohmann::json out = nlohmann::json::object();
    for (const auto& s : specs) out[s.name] = s.default_value;
    if (given.is_null()) return out;
    for (const auto& [key, value] : given.items()) {
        const ParamSpec* spec = nullptr;
        for (const auto& s : specs)
            if (s.name == key) spec = &s;
        if (!spec) {
            std::string known;
            for (const auto& s : specs) known += (known.empty() ? "" : ", ") + s.name;
            throw Error("", who + ": unknown parameter '" + key + "'" +
                                (known.empty() ? " (it takes no parameters)" : " (known: " + known + ")"));
        }
        const std::string what = who + ": parameter '" + key + "'";
        switch (spec->type) {
        case ParamSpec::Type::Int: {
            if (!value.is_number() || std::floor(value.get<double>()) != value.get<double>())
                throw Error("", what + " must be an integer, got " + value.dump());
            const double v = value.get<double>();
            if (v < spec->min || v > spec->max)
                throw Error("", what + " = " + value.dump() + " is out of range [" + std::to_string(int64_t(spec->min)) +
                                    ", " + std::to_string(int64_t(spec->max)) + "]");
            out[key] = static_cast<int64_t>(v);
            break;
        }
        case ParamSpec::Type::Double: {
            if (!value.is_number()) throw Error("", what + " must be a number, got " + value.dump());
            const double v = value.get<double>();
            if (!(v >= spec->min && v <= spec->max))
                throw Error("", what + " = " + value.dump() + " is out of range [" + std::to_string(spec->min) + ", " +
                                    std::to_string(spec->max) + "]");
            out[key] = v;
            break;
        }
        case ParamSpec::Type::Choice: {
            std::string list;
            for (const auto& c : spec->choices) list += (list.empty() ? "" : " | ") + c;
            if (!value.is_string()) throw Error("", what + " must be one of " + list);
            bool ok = false;
            for (const auto& c : spec->choices) ok |= c == value.get<std::string>();
            if (!ok) throw Error("", what + " = '" + value.get<std::string>() + "' is not one of " + list);
            out[key] = value;
            break;
        }
        case ParamSpec::Type::Text:
            out[key] = value.is_string() ? value : nlohmann::json(value.dump());
            break;
        }
    }
    return out;
}

void set_param_from_text(nlohmann::json& params, const std::string& kv) {
    const auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) throw Error("", "--param expects key=value, got '" + kv + "'");
    const std::string key = kv.substr(0, eq), text = kv.substr(eq + 1);
    try {
        params[key] = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error&) {
        params[key] = text;
    }
}

} // namespace specscope
