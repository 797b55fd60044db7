#include "model/tokenizer_normalize.h"

#include "model/tokenizer_text.h"
#include "util/error.h"

#include <nlohmann/json.hpp>
#include <unicode/bytestream.h>
#include <unicode/casemap.h>
#include <unicode/normalizer2.h>

#include <vector>

namespace specscope::tok {
namespace {

bool is_ascii(const std::string& s) {
    for (const char c : s)
        if (static_cast<unsigned char>(c) >= 0x80) return false;
    return true;
}

class UnicodeForm : public Normalizer {
public:
    UnicodeForm(const std::string& form, const std::string& path) : form_(form), path_(path) {
        UErrorCode err = U_ZERO_ERROR;
        if (form == "NFC") norm_ = icu::Normalizer2::getNFCInstance(err);
        else if (form == "NFD") norm_ = icu::Normalizer2::getNFDInstance(err);
        else if (form == "NFKC") norm_ = icu::Normalizer2::getNFKCInstance(err);
        else norm_ = icu::Normalizer2::getNFKDInstance(err);
        if (U_FAILURE(err)) throw Error(path, "ICU cannot provide " + form + ": " + u_errorName(err));
    }
    void normalize(std::string& s) const override {
        // Most text is already normalized (and all ASCII is): skip the copy.
        if (is_ascii(s)) return;
        UErrorCode err = U_ZERO_ERROR;
        if (norm_->isNormalizedUTF8(s, err) && U_SUCCESS(err)) return;
        err = U_ZERO_ERROR;
        std::string out;
        icu::StringByteSink<std::string> sink(&out, static_cast<int32_t>(s.size()));
        norm_->normalizeUTF8(0, s, sink, nullptr, err);
        if (U_FAILURE(err)) throw Error(path_, form_ + " normalization failed: " + u_errorName(err));
        s = std::move(out);
    }

private:
    std::string form_;
    std::string path_;
    const icu::Normalizer2* norm_ = nullptr;
};

class Lowercase : public Normalizer {
public:
    void normalize(std::string& s) const override {
        if (is_ascii(s)) {
            for (char& c : s)
                if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
            return;
        }
        UErrorCode err = U_ZERO_ERROR;
        std::string out;
        icu::StringByteSink<std::string> sink(&out, static_cast<int32_t>(s.size()));
        // Root locale: Rust's str::to_lowercase (what HF uses) is locale-free too.
        icu::CaseMap::utf8ToLower("", 0, s, sink, nullptr, err);
        if (U_SUCCESS(err)) s = std::move(out);
    }
};

class Strip : public Normalizer {
public:
    Strip(bool left, bool right) : left_(left), right_(right) {}
    void normalize(std::string& s) const override {
        std::size_t begin = 0, end = s.size();
        if (left_) {
            while (begin < end) {
                std::size_t i = begin;
                if (!is_whitespace(utf8_next(s, i))) break;
                begin = i;
            }
        }
        if (right_) {
            while (end > begin) {
                std::size_t start = end - 1;
                while (start > begin && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
                std::size_t i = start;
                if (!is_whitespace(utf8_next(s, i))) break;
                end = start;
            }
        }
        s = s.substr(begin, end - begin);
    }

private:
    bool left_, right_;
};

class Prepend : public Normalizer {
public:
    explicit Prepend(std::string prefix) : prefix_(std::move(prefix)) {}
    void normalize(std::string& s) const override {
        // As in HF: an empty piece stays empty, so no stray "▁" appears.
        if (!s.empty()) s.insert(0, prefix_);
    }

private:
    std::string prefix_;
};

class Replace : public Normalizer {
public:
    explicit Replace(std::unique_ptr<Replacer> r) : replacer_(std::move(r)) {}
    void normalize(std::string& s) const override { replacer_->apply(s); }

private:
    std::unique_ptr<Replacer> replacer_;
};

class Sequence : public Normalizer {
public:
    explicit Sequence(std::vector<std::unique_ptr<Normalizer>> parts) : parts_(std::move(parts)) {}
    void normalize(std::string& s) const override {
        for (const auto& p : parts_) p->normalize(s);
    }

private:
    std::vector<std::unique_ptr<Normalizer>> parts_;
};

} // namespace

std::unique_ptr<Normalizer> make_normalizer(const nlohmann::json& j, const std::string& path) {
    if (j.is_null()) return nullptr;
    const std::string type = component_type(j);
    if (type == "NFC" || type == "NFD" || type == "NFKC" || type == "NFKD")
        return std::make_unique<UnicodeForm>(type, path);
    if (type == "Lowercase") return std::make_unique<Lowercase>();
    if (type == "Strip")
        return std::make_unique<Strip>(j.value("strip_left", true), j.value("strip_right", true));
    if (type == "Prepend") return std::make_unique<Prepend>(j.at("prepend").get<std::string>());
    if (type == "Replace") return std::make_unique<Replace>(replacer_from_json(j, path));
    if (type == "Sequence") {
        std::vector<std::unique_ptr<Normalizer>> parts;
        for (const auto& n : j.at("normalizers"))
            if (auto p = make_normalizer(n, path)) parts.push_back(std::move(p));
        return std::make_unique<Sequence>(std::move(parts));
    }
    throw Error(path, "unsupported normalizer type \"" + type + "\"");
}

} // namespace specscope::tok
