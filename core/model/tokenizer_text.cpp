#include "model/tokenizer_text.h"

#include "util/error.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <nlohmann/json.hpp>
#include <pcre2.h>
#include <unicode/uchar.h>

#include <array>

namespace specscope::tok {

// ---------------------------------------------------------------- UTF-8

char32_t utf8_next(std::string_view s, std::size_t& i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    const std::size_t n = utf8_len(b0);
    char32_t cp = n == 1 ? b0 : n == 2 ? (b0 & 0x1F) : n == 3 ? (b0 & 0x0F) : (b0 & 0x07);
    for (std::size_t k = 1; k < n && i + k < s.size(); ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += n;
    return cp;
}

void utf8_append(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

namespace {

// How many bytes of a well-formed sequence start at s[i] (0 if s[i] cannot
// start one), and how many of them are actually present and valid ("prefix").
// The valid ranges of the second byte follow Unicode Table 3-7, so overlong
// forms, surrogates and code points above U+10FFFF are rejected.
struct SeqCheck {
    std::size_t need;
    std::size_t have;
};

SeqCheck check_sequence(std::string_view s, std::size_t i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) return {1, 1};
    std::size_t need = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) need = 2;
    else if (b0 == 0xE0) { need = 3; lo = 0xA0; }
    else if (b0 >= 0xE1 && b0 <= 0xEC) need = 3;
    else if (b0 == 0xED) { need = 3; hi = 0x9F; }
    else if (b0 >= 0xEE && b0 <= 0xEF) need = 3;
    else if (b0 == 0xF0) { need = 4; lo = 0x90; }
    else if (b0 >= 0xF1 && b0 <= 0xF3) need = 4;
    else if (b0 == 0xF4) { need = 4; hi = 0x8F; }
    else return {0, 0};
    std::size_t have = 1;
    for (; have < need && i + have < s.size(); ++have) {
        const auto b = static_cast<unsigned char>(s[i + have]);
        const unsigned char l = have == 1 ? lo : 0x80;
        const unsigned char h = have == 1 ? hi : 0xBF;
        if (b < l || b > h) break;
    }
    return {need, have};
}

} // namespace

bool utf8_valid(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        if (static_cast<unsigned char>(s[i]) < 0x80) { ++i; continue; }
        const SeqCheck c = check_sequence(s, i);
        if (c.need == 0 || c.have < c.need) return false;
        i += c.need;
    }
    return true;
}

std::string utf8_lossy(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    for (std::size_t i = 0; i < bytes.size();) {
        const SeqCheck c = check_sequence(bytes, i);
        if (c.need != 0 && c.have == c.need) {
            out.append(bytes.data() + i, c.need);
            i += c.need;
        } else {
            out += "\xEF\xBF\xBD";
            i += c.need == 0 ? 1 : c.have;  // the maximal subpart is one U+FFFD
        }
    }
    return out;
}

std::size_t utf8_incomplete_tail(std::string_view s) {
    // A character is at most 4 bytes, so only the last 3 can start one.
    for (std::size_t back = 1; back <= 3 && back <= s.size(); ++back) {
        const std::size_t i = s.size() - back;
        const auto b = static_cast<unsigned char>(s[i]);
        if ((b & 0xC0) == 0x80) continue;  // continuation byte: look further back
        const SeqCheck c = check_sequence(s, i);
        return (c.need > back && c.have == back) ? back : 0;
    }
    return 0;
}

// ---------------------------------------------------------------- Unicode classes

bool is_whitespace(char32_t c) {
    return u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_WHITE_SPACE);
}

bool is_word_char(char32_t c) {
    const auto u = static_cast<UChar32>(c);
    if (u_hasBinaryProperty(u, UCHAR_ALPHABETIC) || u_hasBinaryProperty(u, UCHAR_JOIN_CONTROL))
        return true;
    const int8_t t = u_charType(u);
    return t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK || t == U_COMBINING_SPACING_MARK ||
           t == U_DECIMAL_DIGIT_NUMBER || t == U_CONNECTOR_PUNCTUATION;
}

bool is_numeric(char32_t c) {
    const int8_t t = u_charType(static_cast<UChar32>(c));
    return t == U_DECIMAL_DIGIT_NUMBER || t == U_LETTER_NUMBER || t == U_OTHER_NUMBER;
}

bool is_punctuation(char32_t c) {
    if (c < 0x80) return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) ||
                         (c >= 0x5B && c <= 0x60) || (c >= 0x7B && c <= 0x7E);
    return u_ispunct(static_cast<UChar32>(c));
}

// ---------------------------------------------------------------- byte-level alphabet

namespace {

// GPT-2's bytes_to_unicode(): printable Latin-1 bytes map to themselves, the
// other 68 bytes to U+0100.. in byte order, so no token contains a space or
// control character.
struct ByteTable {
    std::array<std::string, 256> to_char;
    std::array<int16_t, 512> to_byte{};
    ByteTable() {
        to_byte.fill(-1);
        int extra = 0;
        for (int b = 0; b < 256; ++b) {
            const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE);
            const char32_t cp = printable ? static_cast<char32_t>(b) : static_cast<char32_t>(256 + extra++);
            utf8_append(to_char[b], cp);
            to_byte[cp] = static_cast<int16_t>(b);
        }
    }
};

const ByteTable& byte_table() {
    static const ByteTable table;
    return table;
}

} // namespace

const std::string& byte_to_char(unsigned char b) { return byte_table().to_char[b]; }

int char_to_byte(char32_t c) { return c < 512 ? byte_table().to_byte[c] : -1; }

// ---------------------------------------------------------------- Regex

namespace {

// Match data and JIT stack are per thread, so one compiled Regex can be used
// by several threads at once (Tokenizer::encode is const).
struct MatchScratch {
    pcre2_match_data* data = nullptr;
    pcre2_match_context* context = nullptr;
    pcre2_jit_stack* stack = nullptr;
    MatchScratch() {
        data = pcre2_match_data_create(16, nullptr);
        context = pcre2_match_context_create(nullptr);
        // The default 32 KiB JIT stack is too small for long whitespace runs
        // under patterns like \s+(?!\S); let it grow to 8 MiB.
        stack = pcre2_jit_stack_create(32 * 1024, 8 * 1024 * 1024, nullptr);
        if (stack) pcre2_jit_stack_assign(context, nullptr, stack);
    }
    ~MatchScratch() {
        pcre2_jit_stack_free(stack);
        pcre2_match_context_free(context);
        pcre2_match_data_free(data);
    }
};

MatchScratch& scratch() {
    thread_local MatchScratch s;
    return s;
}

std::string pcre2_message(int code) {
    PCRE2_UCHAR buf[256];
    pcre2_get_error_message(code, buf, sizeof buf);
    return reinterpret_cast<const char*>(buf);
}

// Hugging Face runs these patterns with Oniguruma, whose \s is exactly the
// Unicode White_Space property. PCRE2's \s (with UCP) also matches U+180E,
// which stopped being a space in Unicode 6.3, so spell the property out.
std::string with_unicode_whitespace(const std::string& pattern) {
    std::string out;
    out.reserve(pattern.size() + 16);
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] != '\\' || i + 1 == pattern.size()) {
            out += pattern[i];
            continue;
        }
        const char next = pattern[++i];  // an escape pair: "\\s" stays a backslash and an s
        if (next == 's') out += "\\p{White_Space}";
        else if (next == 'S') out += "\\P{White_Space}";
        else (out += '\\') += next;
    }
    return out;
}

} // namespace

Regex::Regex(const std::string& pattern, const std::string& path_for_errors)
    : pattern_(pattern), path_(path_for_errors) {
    int err = 0;
    PCRE2_SIZE offset = 0;
    const std::string compiled = with_unicode_whitespace(pattern);
    code_ = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(compiled.data()), compiled.size(),
                          PCRE2_UTF | PCRE2_UCP, &err, &offset, nullptr);
    if (!code_)
        throw Error(path_for_errors, "invalid regex \"" + pattern + "\": " + pcre2_message(err) +
                                         " at offset " + std::to_string(offset));
    jit_ = pcre2_jit_compile(code_, PCRE2_JIT_COMPLETE) == 0;
}

Regex::~Regex() { pcre2_code_free(code_); }

void Regex::find_all(std::string_view s, std::vector<Span>& out) const {
    MatchScratch& m = scratch();
    const auto subject = reinterpret_cast<PCRE2_SPTR>(s.data());
    std::size_t pos = 0;
    while (pos < s.size()) {
        // Callers only pass valid UTF-8 (encode repairs its input first), so
        // skip PCRE2's check, which would otherwise rescan the subject each call.
        const int rc = jit_ ? pcre2_jit_match(code_, subject, s.size(), pos, PCRE2_NO_UTF_CHECK, m.data, m.context)
                            : pcre2_match(code_, subject, s.size(), pos, PCRE2_NO_UTF_CHECK, m.data, m.context);
        if (rc == PCRE2_ERROR_NOMATCH) break;
        if (rc < 0) throw Error(path_, "regex \"" + pattern_ + "\" failed: " + pcre2_message(rc));
        const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(m.data);
        const std::size_t b = ov[0], e = ov[1];
        if (e > b) {
            out.emplace_back(b, e);
            pos = e;
        } else {
            // An empty match splits nothing; step over one character.
            if (b >= s.size()) break;
            pos = b + utf8_len(static_cast<unsigned char>(s[b]));
        }
    }
}

// ---------------------------------------------------------------- Replacer

Replacer::Replacer(std::string literal, std::string content)
    : literal_(std::move(literal)), content_(std::move(content)) {}

Replacer::Replacer(const std::string& regex, std::string content, const std::string& path_for_errors)
    : content_(std::move(content)), regex_(std::make_unique<Regex>(regex, path_for_errors)) {}

void Replacer::apply(std::string& s) const {
    std::vector<Regex::Span> spans;
    if (regex_) {
        regex_->find_all(s, spans);
    } else {
        if (literal_.empty()) return;
        for (std::size_t p = s.find(literal_); p != std::string::npos; p = s.find(literal_, p + literal_.size()))
            spans.emplace_back(p, p + literal_.size());
    }
    if (spans.empty()) return;
    std::string out;
    out.reserve(s.size() + spans.size() * content_.size());
    std::size_t prev = 0;
    for (const auto& [b, e] : spans) {
        out.append(s, prev, b - prev);
        out += content_;
        prev = e;
    }
    out.append(s, prev, std::string::npos);
    s = std::move(out);
}

std::unique_ptr<Replacer> replacer_from_json(const nlohmann::json& j, const std::string& path) {
    const nlohmann::json& pattern = j.at("pattern");
    std::string content = j.at("content").get<std::string>();
    if (pattern.contains("String"))
        return std::make_unique<Replacer>(pattern.at("String").get<std::string>(), std::move(content));
    if (pattern.contains("Regex"))
        return std::make_unique<Replacer>(pattern.at("Regex").get<std::string>(), std::move(content), path);
    throw Error(path, "Replace pattern must have \"String\" or \"Regex\": " + pattern.dump());
}

std::string component_type(const nlohmann::json& j) {
    if (!j.is_object()) return "";
    const auto it = j.find("type");
    return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

} // namespace specscope::tok
