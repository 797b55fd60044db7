#include "model/tokenizer_pretokenize.h"

#include "model/tokenizer_text.h"
#include "util/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <functional>

namespace specscope::tok {
namespace {

using Span = Regex::Span;

// A cut of a piece: a span and whether the pattern matched it. Together the
// cuts cover the whole piece, in order (HF's Pattern::find_matches).
struct Cut {
    Span span;
    bool match;
};

enum class Behavior { Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous };

Behavior parse_behavior(const std::string& name, const std::string& path) {
    if (name == "Removed") return Behavior::Removed;
    if (name == "Isolated") return Behavior::Isolated;
    if (name == "MergedWithPrevious") return Behavior::MergedWithPrevious;
    if (name == "MergedWithNext") return Behavior::MergedWithNext;
    if (name == "Contiguous") return Behavior::Contiguous;
    throw Error(path, "unsupported split behavior \"" + name + "\"");
}

// Turns match spans into cuts covering [0, size).
std::vector<Cut> cuts_from_matches(const std::vector<Span>& matches, std::size_t size) {
    std::vector<Cut> cuts;
    cuts.reserve(matches.size() * 2 + 1);
    std::size_t prev = 0;
    for (const Span& m : matches) {
        if (m.first > prev) cuts.push_back({{prev, m.first}, false});
        cuts.push_back({m, true});
        prev = m.second;
    }
    if (prev < size) cuts.push_back({{prev, size}, false});
    return cuts;
}

// Cuts where every character satisfying pred is a match of its own.
std::vector<Cut> cuts_from_predicate(const std::string& s, const std::function<bool(char32_t)>& pred) {
    std::vector<Span> matches;
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t b = i;
        if (pred(utf8_next(s, i))) matches.emplace_back(b, i);
    }
    return cuts_from_matches(matches, s.size());
}

// HF's NormalizedString::split: how the matched cuts join their neighbours.
std::vector<Span> apply_behavior(const std::vector<Cut>& cuts, Behavior behavior) {
    std::vector<Span> out;
    out.reserve(cuts.size());
    switch (behavior) {
    case Behavior::Isolated:
        for (const Cut& c : cuts) out.push_back(c.span);
        break;
    case Behavior::Removed:
        for (const Cut& c : cuts)
            if (!c.match) out.push_back(c.span);
        break;
    case Behavior::Contiguous: {
        bool prev_match = false;
        for (const Cut& c : cuts) {
            if (c.match == prev_match && !out.empty()) out.back().second = c.span.second;
            else out.push_back(c.span);
            prev_match = c.match;
        }
        break;
    }
    case Behavior::MergedWithPrevious: {
        bool prev_match = false;
        for (const Cut& c : cuts) {
            if (c.match && !prev_match && !out.empty()) out.back().second = c.span.second;
            else out.push_back(c.span);
            prev_match = c.match;
        }
        break;
    }
    case Behavior::MergedWithNext: {
        bool prev_match = false;
        for (auto it = cuts.rbegin(); it != cuts.rend(); ++it) {
            if (it->match && !prev_match && !out.empty()) out.back().first = it->span.first;
            else out.push_back(it->span);
            prev_match = it->match;
        }
        std::reverse(out.begin(), out.end());
        break;
    }
    }
    return out;
}

void emit(const PreToken& piece, const std::vector<Cut>& cuts, Behavior behavior, std::vector<PreToken>& out) {
    for (const Span& s : apply_behavior(cuts, behavior)) {
        if (s.second <= s.first) continue;
        out.push_back({piece.text.substr(s.first, s.second - s.first), piece.at_start && s.first == 0});
    }
}

// Applies a per-piece splitter to all pieces.
template <typename F>
void split_each(std::vector<PreToken>& pieces, F&& split_one) {
    std::vector<PreToken> out;
    out.reserve(pieces.size() * 2);
    for (const PreToken& p : pieces) split_one(p, out);
    pieces = std::move(out);
}

// The GPT-2 pattern that ByteLevel uses when use_regex is true.
const char* const kGpt2Pattern =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";

class ByteLevel : public PreTokenizer {
public:
    ByteLevel(bool add_prefix_space, bool use_regex, const std::string& path) : add_prefix_space_(add_prefix_space) {
        if (use_regex) regex_ = std::make_unique<Regex>(kGpt2Pattern, path);
    }
    void pre_tokenize(std::vector<PreToken>& pieces) const override {
        if (add_prefix_space_ || regex_) {
            split_each(pieces, [&](const PreToken& p, std::vector<PreToken>& out) {
                PreToken q = p;
                if (add_prefix_space_ && (q.text.empty() || q.text[0] != ' ')) q.text.insert(0, " ");
                if (!regex_) {
                    out.push_back(std::move(q));
                    return;
                }
                std::vector<Span> matches;
                regex_->find_all(q.text, matches);
                emit(q, cuts_from_matches(matches, q.text.size()), Behavior::Isolated, out);
            });
        }
        // Every byte becomes its printable stand-in character.
        for (PreToken& p : pieces) {
            std::string mapped;
            mapped.reserve(p.text.size() * 2);
            for (const char c : p.text) mapped += byte_to_char(static_cast<unsigned char>(c));
            p.text = std::move(mapped);
        }
    }

private:
    bool add_prefix_space_;
    std::unique_ptr<Regex> regex_;
};

class Split : public PreTokenizer {
public:
    Split(const nlohmann::json& j, const std::string& path)
        : behavior_(parse_behavior(j.at("behavior").get<std::string>(), path)), invert_(j.value("invert", false)) {
        const nlohmann::json& pattern = j.at("pattern");
        if (pattern.contains("Regex")) regex_ = std::make_unique<Regex>(pattern.at("Regex").get<std::string>(), path);
        else if (pattern.contains("String")) literal_ = pattern.at("String").get<std::string>();
        else throw Error(path, "Split pattern must have \"String\" or \"Regex\": " + pattern.dump());
    }
    void pre_tokenize(std::vector<PreToken>& pieces) const override {
        split_each(pieces, [&](const PreToken& p, std::vector<PreToken>& out) {
            std::vector<Span> matches;
            if (regex_) {
                regex_->find_all(p.text, matches);
            } else if (!literal_.empty()) {
                for (std::size_t i = p.text.find(literal_); i != std::string::npos;
                     i = p.text.find(literal_, i + literal_.size()))
                    matches.emplace_back(i, i + literal_.size());
            }
            std::vector<Cut> cuts = cuts_from_matches(matches, p.text.size());
            if (invert_)
                for (Cut& c : cuts) c.match = !c.match;
            emit(p, cuts, behavior_, out);
        });
    }

private:
    Behavior behavior_;
    bool invert_;
    std::unique_ptr<Regex> regex_;
    std::string literal_;
};

class Metaspace : public PreTokenizer {
public:
    enum class Prepend { Always, First, Never };
    Metaspace(std::string replacement, Prepend scheme, bool split)
        : replacement_(std::move(replacement)), scheme_(scheme), split_(split) {}
    void pre_tokenize(std::vector<PreToken>& pieces) const override {
        split_each(pieces, [&](const PreToken& p, std::vector<PreToken>& out) {
            PreToken q{std::string(), p.at_start};
            q.text.reserve(p.text.size() + replacement_.size());
            for (const char c : p.text) {
                if (c == ' ') q.text += replacement_;
                else q.text += c;
            }
            const bool starts = q.text.compare(0, replacement_.size(), replacement_) == 0;
            if (!starts && (scheme_ == Prepend::Always || (scheme_ == Prepend::First && q.at_start)))
                q.text.insert(0, replacement_);
            if (!split_) {
                out.push_back(std::move(q));
                return;
            }
            std::vector<Span> matches;
            for (std::size_t i = q.text.find(replacement_); i != std::string::npos;
                 i = q.text.find(replacement_, i + replacement_.size()))
                matches.emplace_back(i, i + replacement_.size());
            emit(q, cuts_from_matches(matches, q.text.size()), Behavior::MergedWithNext, out);
        });
    }

private:
    std::string replacement_;
    Prepend scheme_;
    bool split_;
};

// Splits on characters picked by a predicate (Digits, WhitespaceSplit, Punctuation).
class CharSplit : public PreTokenizer {
public:
    CharSplit(std::function<bool(char32_t)> pred, Behavior behavior) : pred_(std::move(pred)), behavior_(behavior) {}
    void pre_tokenize(std::vector<PreToken>& pieces) const override {
        split_each(pieces, [&](const PreToken& p, std::vector<PreToken>& out) {
            emit(p, cuts_from_predicate(p.text, pred_), behavior_, out);
        });
    }

private:
    std::function<bool(char32_t)> pred_;
    Behavior behavior_;
};

// HF Whitespace: keep the matches of \w+|[^\w\s]+, drop the rest. \w is
// spelled out as Rust's (Unicode) definition; PCRE2's leaves out marks.
class Whitespace : public PreTokenizer {
public:
    explicit Whitespace(const std::string& path)
        : regex_(R"([\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_Control}]+|)"
                 R"([^\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_Control}\s]+)",
                 path) {}
    void pre_tokenize(std::vector<PreToken>& pieces) const override {
        split_each(pieces, [&](const PreToken& p, std::vector<PreToken>& out) {
            std::vector<Span> matches;
            regex_.find_all(p.text, matches);
            std::vector<Cut> cuts = cuts_from_matches(matches, p.text.size());
            for (Cut& c : cuts) c.match = !c.match;
            emit(p, cuts, Behavior::Removed, out);
        });
    }

private:
    Regex regex_;
};

class Sequence : public PreTokenizer {
public:
    explicit Sequence(std::vector<std::unique_ptr<PreTokenizer>> parts) : parts_(std::move(parts)) {}
    void pre_tokenize(std::vector<PreToken>& pieces) const override {
        for (const auto& p : parts_) p->pre_tokenize(pieces);
    }

private:
    std::vector<std::unique_ptr<PreTokenizer>> parts_;
};

std::unique_ptr<PreTokenizer> make_metaspace(const nlohmann::json& j, const std::string& path) {
    std::string replacement = j.value("replacement", std::string("\xE2\x96\x81"));
    // Older files only have add_prefix_space; newer ones prepend_scheme
    // (HF: add_prefix_space=false means "never").
    Metaspace::Prepend scheme = Metaspace::Prepend::Always;
    const std::string name = j.value("prepend_scheme", std::string("always"));
    if (name == "first") scheme = Metaspace::Prepend::First;
    else if (name == "never") scheme = Metaspace::Prepend::Never;
    else if (name != "always") throw Error(path, "unsupported Metaspace prepend_scheme \"" + name + "\"");
    if (j.contains("add_prefix_space") && j["add_prefix_space"].is_boolean() && !j["add_prefix_space"].get<bool>())
        scheme = Metaspace::Prepend::Never;
    return std::make_unique<Metaspace>(std::move(replacement), scheme, j.value("split", true));
}

} // namespace

std::unique_ptr<PreTokenizer> make_pre_tokenizer(const nlohmann::json& j, const std::string& path) {
    if (j.is_null()) return nullptr;
    const std::string type = component_type(j);
    if (type == "ByteLevel")
        return std::make_unique<ByteLevel>(j.value("add_prefix_space", true), j.value("use_regex", true), path);
    if (type == "Split") return std::make_unique<Split>(j, path);
    if (type == "Metaspace") return make_metaspace(j, path);
    if (type == "Digits")
        return std::make_unique<CharSplit>(is_numeric, j.value("individual_digits", false) ? Behavior::Isolated
                                                                                            : Behavior::Contiguous);
    if (type == "WhitespaceSplit") return std::make_unique<CharSplit>(is_whitespace, Behavior::Removed);
    if (type == "Punctuation")
        return std::make_unique<CharSplit>(is_punctuation,
                                           parse_behavior(j.value("behavior", std::string("Isolated")), path));
    if (type == "Whitespace") return std::make_unique<Whitespace>(path);
    if (type == "Sequence") {
        std::vector<std::unique_ptr<PreTokenizer>> parts;
        for (const auto& p : j.at("pretokenizers"))
            if (auto q = make_pre_tokenizer(p, path)) parts.push_back(std::move(q));
        return std::make_unique<Sequence>(std::move(parts));
    }
    throw Error(path, "unsupported pre-tokenizer type \"" + type + "\"");
}

} // namespace specscope::tok
