// Text helpers shared by the tokenizer parts: UTF-8 walking and repair,
// Unicode character classes (via ICU), the GPT-2 byte<->char table, and a
// PCRE2 regex wrapper. Internal to core/model/tokenizer*.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

typedef struct pcre2_real_code_8 pcre2_code_8;

namespace specscope::tok {

// ---- UTF-8 ----

// Length of the character starting at s[i]; the input must be valid UTF-8.
inline std::size_t utf8_len(unsigned char lead) {
    return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}
// Decodes the (valid) character at s[i] and advances i past it.
char32_t utf8_next(std::string_view s, std::size_t& i);
void utf8_append(std::string& out, char32_t cp);
bool utf8_valid(std::string_view s);
// Replaces every ill-formed sequence by U+FFFD, one per maximal subpart, as
// Rust's String::from_utf8_lossy and the WHATWG TextDecoder do.
std::string utf8_lossy(std::string_view bytes);
// Number of bytes at the end of s that form the start of a character that
// is not complete yet (0 if s ends on a character boundary or garbage).
std::size_t utf8_incomplete_tail(std::string_view s);

// ---- Unicode classes (ICU) ----
bool is_whitespace(char32_t c);   // White_Space property, like Rust's char::is_whitespace
bool is_word_char(char32_t c);    // Rust regex \w: Alphabetic, M, Nd, Pc, Join_Control
bool is_numeric(char32_t c);      // Rust char::is_numeric: Nd, Nl, No
bool is_punctuation(char32_t c);  // ASCII punctuation or Unicode P*

// ---- GPT-2 byte-level alphabet ----
// Each byte maps to one printable character (UTF-8 encoded here); space is "Ġ".
const std::string& byte_to_char(unsigned char b);
// The byte a byte-level character stands for, or -1 if c is not one of them.
int char_to_byte(char32_t c);

// ---- Regex (PCRE2, UTF + UCP so \p{L}, \s, \w are Unicode-aware; JIT when available) ----
class Regex {
public:
    // Throws Error(path_for_errors, ...) naming the pattern if it does not compile.
    Regex(const std::string& pattern, const std::string& path_for_errors);
    ~Regex();
    Regex(const Regex&) = delete;
    Regex& operator=(const Regex&) = delete;

    using Span = std::pair<std::size_t, std::size_t>;  // [begin, end) in bytes
    // All non-overlapping, non-empty matches from left to right. s must be valid UTF-8.
    void find_all(std::string_view s, std::vector<Span>& out) const;

private:
    pcre2_code_8* code_ = nullptr;
    bool jit_ = false;
    std::string pattern_;
    std::string path_;
};

// Replace-all for the Replace normalizer/decoder: the pattern is either a
// literal string ({"String": ...}) or a regex ({"Regex": ...}).
class Replacer {
public:
    Replacer(std::string literal, std::string content);
    Replacer(const std::string& regex, std::string content, const std::string& path_for_errors);
    void apply(std::string& s) const;

private:
    std::string literal_;
    std::string content_;
    std::unique_ptr<Regex> regex_;
};

// Builds the Replacer of a {"type": "Replace", "pattern": {...}, "content": ...} object.
std::unique_ptr<Replacer> replacer_from_json(const nlohmann::json& j, const std::string& path);

// The "type" member of a component object, for dispatch and error messages.
std::string component_type(const nlohmann::json& j);

} // namespace specscope::tok
