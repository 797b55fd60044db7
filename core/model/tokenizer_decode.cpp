#include "model/tokenizer_decode.h"

#include "model/tokenizer_text.h"
#include "util/error.h"

#include <nlohmann/json.hpp>

namespace specscope::tok {
namespace {

const char* const kReplacementChar = "\xEF\xBF\xBD";  // U+FFFD

// Byte-level tokens back to bytes, then bytes to text. The bytes of all
// tokens are joined before the UTF-8 check, so a character split over
// several tokens comes out whole; broken sequences become U+FFFD.
class ByteLevel : public Decoder {
public:
    void decode_chain(std::vector<std::string>& tokens) const override {
        std::string bytes;
        for (const std::string& t : tokens) {
            // A token with a character outside the byte alphabet (an added
            // token such as "<|im_end|>" passes, one with a space does not)
            // is taken verbatim, as HF does.
            std::string mapped;
            bool ok = true;
            for (std::size_t i = 0; i < t.size() && ok;) {
                const int b = char_to_byte(utf8_next(t, i));
                if (b < 0) ok = false;
                else mapped += static_cast<char>(b);
            }
            bytes += ok ? mapped : t;
        }
        tokens.assign(1, utf8_lossy(bytes));
    }
};

// "<0xNN>" tokens back to bytes; each run of them must be valid UTF-8 or
// becomes one U+FFFD per byte (HF's ByteFallback).
class ByteFallback : public Decoder {
public:
    void decode_chain(std::vector<std::string>& tokens) const override {
        std::vector<std::string> out;
        out.reserve(tokens.size());
        std::string run;
        auto flush = [&] {
            if (run.empty()) return;
            if (utf8_valid(run)) {
                out.push_back(run);
            } else {
                for (std::size_t k = 0; k < run.size(); ++k) out.emplace_back(kReplacementChar);
            }
            run.clear();
        };
        for (std::string& t : tokens) {
            if (const int b = byte_of(t); b >= 0) {
                run += static_cast<char>(b);
            } else {
                flush();
                out.push_back(std::move(t));
            }
        }
        flush();
        tokens = std::move(out);
    }

private:
    static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
    static int byte_of(const std::string& t) {
        if (t.size() != 6 || t.compare(0, 3, "<0x") != 0 || t[5] != '>') return -1;
        const int hi = hex(t[3]), lo = hex(t[4]);
        return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
    }
};

class Fuse : public Decoder {
public:
    void decode_chain(std::vector<std::string>& tokens) const override {
        std::string all;
        for (const std::string& t : tokens) all += t;
        tokens.assign(1, std::move(all));
    }
};

class Replace : public Decoder {
public:
    explicit Replace(std::unique_ptr<Replacer> r) : replacer_(std::move(r)) {}
    void decode_chain(std::vector<std::string>& tokens) const override {
        for (std::string& t : tokens) replacer_->apply(t);
    }

private:
    std::unique_ptr<Replacer> replacer_;
};

// Removes up to `start` leading and `stop` trailing copies of one character
// from every token (Llama 2 strips the space the "▁" prefix became).
class Strip : public Decoder {
public:
    Strip(std::string content, std::size_t start, std::size_t stop)
        : content_(std::move(content)), start_(start), stop_(stop) {}
    void decode_chain(std::vector<std::string>& tokens) const override {
        if (content_.empty()) return;
        const std::size_t n = content_.size();
        for (std::string& t : tokens) {
            std::size_t begin = 0, end = t.size();
            for (std::size_t k = 0; k < start_ && end - begin >= n && t.compare(begin, n, content_) == 0; ++k)
                begin += n;
            for (std::size_t k = 0; k < stop_ && end - begin >= n && t.compare(end - n, n, content_) == 0; ++k)
                end -= n;
            t = t.substr(begin, end - begin);
        }
    }

private:
    std::string content_;
    std::size_t start_, stop_;
};

// "▁" back to spaces; in the first token the "▁" the pre-tokenizer prepended
// is dropped (HF drops every "▁" of token 0 unless prepend_scheme is "never").
class Metaspace : public Decoder {
public:
    Metaspace(std::string replacement, bool drop_first) : replacement_(std::move(replacement)), drop_first_(drop_first) {}
    void decode_chain(std::vector<std::string>& tokens) const override {
        if (replacement_.empty()) return;
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            const std::string with = i == 0 && drop_first_ ? std::string() : std::string(" ");
            std::string& t = tokens[i];
            std::string out;
            std::size_t prev = 0;
            for (std::size_t p = t.find(replacement_); p != std::string::npos; p = t.find(replacement_, prev)) {
                out.append(t, prev, p - prev);
                out += with;
                prev = p + replacement_.size();
            }
            out.append(t, prev, std::string::npos);
            t = std::move(out);
        }
    }

private:
    std::string replacement_;
    bool drop_first_;
};

// Classic BPE with an end-of-word suffix ("</w>"): the suffix becomes a space,
// except on the last token.
class BpeSuffix : public Decoder {
public:
    explicit BpeSuffix(std::string suffix) : suffix_(std::move(suffix)) {}
    void decode_chain(std::vector<std::string>& tokens) const override {
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            Replacer(suffix_, i + 1 == tokens.size() ? "" : " ").apply(tokens[i]);
        }
    }

private:
    std::string suffix_;
};

class Sequence : public Decoder {
public:
    explicit Sequence(std::vector<std::unique_ptr<Decoder>> parts) : parts_(std::move(parts)) {}
    void decode_chain(std::vector<std::string>& tokens) const override {
        for (const auto& p : parts_) p->decode_chain(tokens);
    }

private:
    std::vector<std::unique_ptr<Decoder>> parts_;
};

} // namespace

std::unique_ptr<Decoder> make_decoder(const nlohmann::json& j, const std::string& path) {
    if (j.is_null()) return nullptr;
    const std::string type = component_type(j);
    if (type == "ByteLevel") return std::make_unique<ByteLevel>();
    if (type == "ByteFallback") return std::make_unique<ByteFallback>();
    if (type == "Fuse") return std::make_unique<Fuse>();
    if (type == "Replace") return std::make_unique<Replace>(replacer_from_json(j, path));
    if (type == "Strip")
        return std::make_unique<Strip>(j.value("content", std::string(" ")), j.value("start", std::size_t{0}),
                                       j.value("stop", std::size_t{0}));
    if (type == "Metaspace") {
        bool drop_first = j.value("prepend_scheme", std::string("always")) != "never";
        if (j.contains("add_prefix_space") && j["add_prefix_space"].is_boolean() && !j["add_prefix_space"].get<bool>())
            drop_first = false;
        return std::make_unique<Metaspace>(j.value("replacement", std::string("\xE2\x96\x81")), drop_first);
    }
    if (type == "BPEDecoder") return std::make_unique<BpeSuffix>(j.value("suffix", std::string("</w>")));
    if (type == "Sequence") {
        std::vector<std::unique_ptr<Decoder>> parts;
        for (const auto& d : j.at("decoders"))
            if (auto p = make_decoder(d, path)) parts.push_back(std::move(p));
        return std::make_unique<Sequence>(std::move(parts));
    }
    throw Error(path, "unsupported decoder type \"" + type + "\"");
}

} // namespace specscope::tok
