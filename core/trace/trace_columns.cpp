#include "trace/trace_columns.h"

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace specscope {

// Hand-written rather than through nlohmann::json: these run for every token
// of every run loaded (a 100,000-token run has 100,000 top-k lists), and
// to_chars/from_chars on float give the shortest text that reads back to
// the same float, exactly, whatever the process locale.

namespace {

void append_int(std::string& out, int64_t v) {
    char buf[24];
    out.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

void append_float(std::string& out, float v) {
    if (!std::isfinite(v)) {  // kNoValue; JSON has no NaN or infinity
        out += "null";
        return;
    }
    char buf[32];
    out.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

// A cursor over the text of one column, for the two shapes the writer makes
// (whitespace allowed, so hand-edited or SQLite-rewritten JSON reads too).
class Cursor {
public:
    explicit Cursor(const std::string& text) : p_(text.data()), end_(text.data() + text.size()) {}

    void skip_space() {
        while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\t' || *p_ == '\r')) ++p_;
    }
    bool take(char c) {
        skip_space();
        if (p_ < end_ && *p_ == c) {
            ++p_;
            return true;
        }
        return false;
    }
    void expect(char c) {
        if (!take(c)) fail(std::string("expected '") + c + "'");
    }
    int32_t integer() {
        skip_space();
        int32_t v = 0;
        const auto r = std::from_chars(p_, end_, v);
        if (r.ec != std::errc()) fail("expected a token id");
        p_ = r.ptr;
        return v;
    }
    float real_or_null() {
        skip_space();
        if (end_ - p_ >= 4 && std::string(p_, 4) == "null") {
            p_ += 4;
            return kNoValue;
        }
        float v = 0;
        const auto r = std::from_chars(p_, end_, v);
        if (r.ec != std::errc()) fail("expected a probability");
        p_ = r.ptr;
        return v;
    }
    // "0a1b..." -> the bytes it spells.
    std::string hex_string() {
        expect('"');
        std::string out;
        auto nibble = [this](char ch) -> int {
            if (ch >= '0' && ch <= '9') return ch - '0';
            if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
            if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
            fail("expected a hex digit");
        };
        while (p_ < end_ && *p_ != '"') {
            if (end_ - p_ < 2) fail("expected a hex digit");
            out += static_cast<char>(nibble(p_[0]) * 16 + nibble(p_[1]));
            p_ += 2;
        }
        if (p_ == end_) fail("unterminated text");
        ++p_;
        return out;
    }
    void expect_end() {
        skip_space();
        if (p_ != end_) fail("text after the end");
    }

    // Reads "[ ITEM, ITEM, ... ]" calling ITEM for each.
    template <class F>
    void list(F&& item) {
        expect('[');
        if (take(']')) return;
        do item();
        while (take(','));
        expect(']');
    }

private:
    [[noreturn]] void fail(const std::string& what) const { throw std::runtime_error(what); }
    const char* p_;
    const char* end_;
};

} // namespace

std::string ids_to_column(const std::vector<int32_t>& ids) {
    std::string out = "[";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i) out += ',';
        append_int(out, ids[i]);
    }
    return out + "]";
}

// [[id, p, "hex of the text"], ...]; the text is left out when empty (and
// is absent in traces from before schema 2). Hex keeps any bytes (a
// byte-level token may be a partial UTF-8 sequence) in plain JSON.
std::string top_k_to_column(const std::vector<TopKEntry>& top_k) {
    static const char digits[] = "0123456789abcdef";
    std::string out = "[";
    for (std::size_t i = 0; i < top_k.size(); ++i) {
        out += i ? ",[" : "[";
        append_int(out, top_k[i].id);
        out += ',';
        append_float(out, top_k[i].p);
        if (!top_k[i].text.empty()) {
            out += ",\"";
            for (unsigned char ch : top_k[i].text) {
                out += digits[ch >> 4];
                out += digits[ch & 15];
            }
            out += '"';
        }
        out += ']';
    }
    return out + "]";
}

std::vector<int32_t> ids_from_column(const std::string& text) {
    std::vector<int32_t> ids;
    Cursor c(text);
    c.list([&] { ids.push_back(c.integer()); });
    c.expect_end();
    return ids;
}

std::vector<TopKEntry> top_k_from_column(const std::string& text) {
    std::vector<TopKEntry> top_k;
    Cursor c(text);
    c.list([&] {
        TopKEntry e;
        c.expect('[');
        e.id = c.integer();
        c.expect(',');
        e.p = c.real_or_null();
        if (c.take(',')) e.text = c.hex_string();
        c.expect(']');
        top_k.push_back(e);
    });
    c.expect_end();
    return top_k;
}

} // namespace specscope
