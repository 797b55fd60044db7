#include "trace/events.h"

#include <stdexcept>

namespace specscope {

const char* to_string(TokenSource s) {
    switch (s) {
    case TokenSource::Prompt: return "prompt";
    case TokenSource::AcceptedDraft: return "accepted_draft";
    case TokenSource::Correction: return "correction";
    case TokenSource::Bonus: return "bonus";
    case TokenSource::Target: return "target";
    }
    return "target";
}

TokenSource token_source_from_string(const std::string& s) {
    for (auto v : {TokenSource::Prompt, TokenSource::AcceptedDraft, TokenSource::Correction, TokenSource::Bonus,
                   TokenSource::Target})
        if (s == to_string(v)) return v;
    throw std::invalid_argument("unknown token source '" + s + "'");
}

const char* to_string(Verdict v) {
    switch (v) {
    case Verdict::Accepted: return "accepted";
    case Verdict::Rejected: return "rejected";
    case Verdict::NotReached: return "not_reached";
    }
    return "not_reached";
}

Verdict verdict_from_string(const std::string& s) {
    for (auto v : {Verdict::Accepted, Verdict::Rejected, Verdict::NotReached})
        if (s == to_string(v)) return v;
    throw std::invalid_argument("unknown verdict '" + s + "'");
}

} // namespace specscope
