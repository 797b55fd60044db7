// Unit tests of specscope::Tokenizer on tiny tokenizer.json files built here:
// a byte-level BPE (GPT-2 / Qwen style) and a Metaspace BPE with byte
// fallback (Llama 2 style). Real tokenizers are checked against a reference
// implementation in tokenizer_conformance/.
#include "model/tokenizer.h"
#include "util/error.h"

#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

using nlohmann::json;
using specscope::Tokenizer;
using Ids = std::vector<int32_t>;

namespace {

// GPT-2's bytes_to_unicode, written out again so the test does not trust the
// implementation's table.
std::string byte_char(int b) {
    int cp = b;
    const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE;
    if (!printable) {
        int n = 0;
        for (int k = 0; k < b; ++k)
            if (!((k >= '!' && k <= '~') || (k >= 0xA1 && k <= 0xAC) || k >= 0xAE)) ++n;
        cp = 256 + n;
    }
    std::string s;
    if (cp < 0x80) {
        s += static_cast<char>(cp);
    } else {
        s += static_cast<char>(0xC0 | (cp >> 6));
        s += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return s;
}

const std::string kSpace = byte_char(' ');  // "Ġ"
const std::string kQwenPattern =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

json added_token(int id, const std::string& content, bool special, bool lstrip = false, bool rstrip = false,
                 bool single_word = false) {
    return {{"id", id},          {"content", content}, {"single_word", single_word}, {"lstrip", lstrip},
            {"rstrip", rstrip}, {"normalized", false}, {"special", special}};
}

// Byte-level BPE: ids 0..255 are the bytes, then a few merges that build
// "hello" and " world". Merges come as "a b" strings or, with
// array_merges, as ["a", "b"] pairs (tokenizers >= 0.20).
json byte_level_json(bool array_merges = false) {
    json vocab = json::object();
    for (int b = 0; b < 256; ++b) vocab[byte_char(b)] = b;
    const std::vector<std::pair<std::string, std::string>> merges = {
        {"h", "e"}, {"l", "l"},          {"ll", "o"},  {"he", "llo"},  {kSpace, "w"},
        {"o", "r"}, {kSpace + "w", "or"}, {"l", "d"}, {kSpace + "wor", "ld"}, {kSpace, kSpace}};
    json merge_list = json::array();
    int id = 256;
    for (const auto& [a, b] : merges) {
        vocab[a + b] = id++;
        if (array_merges) merge_list.push_back({a, b});
        else merge_list.push_back(a + " " + b);
    }
    // 256 he, 257 ll, 258 llo, 259 hello, 260 Ġw, 261 or, 262 Ġwor, 263 ld, 264 Ġworld, 265 ĠĠ
    vocab["hell"] = 270;  // reachable only with ignore_merges (merges give he + ll)
    return {
        {"version", "1.0"},
        {"added_tokens",
         {added_token(266, "<|endoftext|>", true), added_token(267, "<|user|>", true),
          added_token(268, "<tool>", false), added_token(269, "<mask>", true, /*lstrip=*/true),
          added_token(271, "tok", false, false, false, /*single_word=*/true)}},
        {"normalizer", {{"type", "NFC"}}},
        {"pre_tokenizer",
         {{"type", "Sequence"},
          {"pretokenizers",
           {{{"type", "Split"}, {"pattern", {{"Regex", kQwenPattern}}}, {"behavior", "Isolated"}, {"invert", false}},
            {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", false}, {"use_regex", false}}}}}},
        {"post_processor", {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", false}}},
        {"decoder", {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", false}}},
        {"model",
         {{"type", "BPE"},
          {"dropout", nullptr},
          {"unk_token", nullptr},
          {"continuing_subword_prefix", ""},
          {"end_of_word_suffix", ""},
          {"fuse_unk", false},
          {"byte_fallback", false},
          {"ignore_merges", false},
          {"vocab", vocab},
          {"merges", merge_list}}},
    };
}

const std::string kMeta = "\xE2\x96\x81";  // "▁"

// Llama 2 layout: Prepend/Replace normalizer, no pre-tokenizer, BPE with
// <0xNN> byte fallback, BOS template, Replace/ByteFallback/Fuse/Strip decoder.
json metaspace_json() {
    json vocab = {{"<unk>", 0}, {"<s>", 1}, {"</s>", 2}};
    for (int b = 0; b < 256; ++b) {
        char name[8];
        std::snprintf(name, sizeof name, "<0x%02X>", b);
        vocab[name] = 3 + b;
    }
    // 259 ▁, 260 a, 261 b, 262 h, 263 i, 264 hi, 265 ▁hi, 266 ▁a, 267 ▁ab, 268 ab
    const std::vector<std::pair<std::string, int>> pieces = {{kMeta, 259}, {"a", 260},          {"b", 261},
                                                             {"h", 262},   {"i", 263},          {"hi", 264},
                                                             {kMeta + "hi", 265}, {kMeta + "a", 266},
                                                             {kMeta + "ab", 267}, {"ab", 268}};
    for (const auto& [p, id] : pieces) vocab[p] = id;
    return {
        {"version", "1.0"},
        {"added_tokens", {added_token(0, "<unk>", true), added_token(1, "<s>", true), added_token(2, "</s>", true)}},
        {"normalizer",
         {{"type", "Sequence"},
          {"normalizers",
           {{{"type", "Prepend"}, {"prepend", kMeta}},
            {{"type", "Replace"}, {"pattern", {{"String", " "}}}, {"content", kMeta}}}}}},
        {"pre_tokenizer", nullptr},
        {"post_processor",
         {{"type", "TemplateProcessing"},
          {"single", {{{"SpecialToken", {{"id", "<s>"}, {"type_id", 0}}}}, {{"Sequence", {{"id", "A"}, {"type_id", 0}}}}}},
          {"pair", json::array()},
          {"special_tokens", {{"<s>", {{"id", "<s>"}, {"ids", {1}}, {"tokens", {"<s>"}}}}}}}},
        {"decoder",
         {{"type", "Sequence"},
          {"decoders",
           {{{"type", "Replace"}, {"pattern", {{"String", kMeta}}}, {"content", " "}},
            {{"type", "ByteFallback"}},
            {{"type", "Fuse"}},
            {{"type", "Strip"}, {"content", " "}, {"start", 1}, {"stop", 0}}}}}},
        {"model",
         {{"type", "BPE"},
          {"dropout", nullptr},
          {"unk_token", "<unk>"},
          {"continuing_subword_prefix", nullptr},
          {"end_of_word_suffix", nullptr},
          {"fuse_unk", true},
          {"byte_fallback", true},
          {"vocab", vocab},
          {"merges", {"h i", kMeta + " hi", kMeta + " a", kMeta + "a b", "a b"}}}},
    };
}

// A plain BPE over the given single characters and merges, with one
// pre-tokenizer and no decoder, to see where a pre-tokenizer cuts: merges
// never cross a cut.
json plain_bpe_json(const std::vector<std::string>& chars, const std::vector<std::pair<std::string, std::string>>& merges,
                    const json& pre_tokenizer) {
    json vocab = json::object();
    int id = 0;
    for (const std::string& c : chars) vocab[c] = id++;
    json merge_list = json::array();
    for (const auto& [a, b] : merges) {
        vocab[a + b] = id++;
        merge_list.push_back({a, b});
    }
    return {{"added_tokens", json::array()},
            {"normalizer", nullptr},
            {"pre_tokenizer", pre_tokenizer},
            {"post_processor", nullptr},
            {"decoder", nullptr},
            {"model", {{"type", "BPE"}, {"vocab", vocab}, {"merges", merge_list}}}};
}

std::unique_ptr<Tokenizer> make(const json& j) { return Tokenizer::from_json(j, "mem/tokenizer.json"); }

// Encodes and spells the ids back as their token strings, joined by "|".
std::string pieces(const Tokenizer& tok, const std::string& text) {
    std::string out;
    for (const int32_t id : tok.encode(text, false)) out += (out.empty() ? "" : "|") + tok.id_to_token(id);
    return out;
}

std::string show(const Ids& ids) {
    std::string s = "[";
    for (std::size_t k = 0; k < ids.size(); ++k) s += (k ? ", " : "") + std::to_string(ids[k]);
    return s + "]";
}

#define COMPARE_IDS(actual, expected)                                                                        \
    do {                                                                                                     \
        const Ids a_ = (actual), e_ = (expected);                                                            \
        QVERIFY2(a_ == e_, qPrintable(QString::fromStdString("got " + show(a_) + ", expected " + show(e_)))); \
    } while (0)

std::string stream_all(const Tokenizer& tok, const Ids& ids, std::vector<std::string>* pieces = nullptr) {
    Tokenizer::StreamDecoder s(tok);
    std::string out;
    for (const int32_t id : ids) {
        const std::string piece = s.feed(id);
        if (pieces) pieces->push_back(piece);
        out += piece;
    }
    return out + s.flush();
}

const std::vector<std::string> kRoundTrip = {
    "",
    "hello world",
    " hello  world \n",
    "Hello, World! It's 2024; we've 3.14 apples.",
    "\t\tindented\n    code();\r\n",
    "\xF0\x9F\x98\x80",                                          // 😀
    "family \xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7 ok",  // ZWJ
    "\xF0\x9F\x91\x8B\xF0\x9F\x8F\xBD skin tone",                // 👋🏽
    "\xE4\xBD\xA0\xE5\xA5\xBD\xEF\xBC\x8C\xE4\xB8\x96\xE7\x95\x8C",  // 你好，世界
    "\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4 \xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7 \xD0\x9F\xD1\x80\xD0\xB8",
    "caf\xC3\xA9 na\xC3\xAFve",
    "control \x01\x02\x7F chars",
    "math \xF0\x9D\x94\x98 and \xE2\x88\x91",
    "a very long line with many words so that the stream decoder window has to move along several times "
    "\xF0\x9F\x98\x80\xF0\x9F\x98\x81\xE4\xBD\xA0\xE5\xA5\xBD end",
};

} // namespace

class TestTokenizer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void byteLevelKnownEncodings();
    void mergesAsArraysGiveSameResult();
    void ignoreMergesTakesWholeWords();
    void nfcNormalizesInput();
    void specialTokensMatchedBeforeNormalization();
    void addedTokenFlags();
    void byteLevelRoundTrip();
    void invalidUtf8();
    void streamDecoderHoldsIncompleteCharacters();
    void streamDecoderMatchesDecode();
    void metaspaceKnownEncodings();
    void metaspaceByteFallbackAndUnk();
    void metaspacePreTokenizerAndDecoder();
    void metaspaceRoundTripAndStream();
    void preTokenizerVariants();
    void vocabularyAccessors();
    void fingerprint();
    void loadFromFileAndConfig();
    void errorsNameFileAndProblem_data();
    void errorsNameFileAndProblem();
    void loadErrors();
};

void TestTokenizer::byteLevelKnownEncodings() {
    const auto tok = make(byte_level_json());
    COMPARE_IDS(tok->encode("hello world"), (Ids{259, 264}));
    COMPARE_IDS(tok->encode("hello"), (Ids{259}));
    COMPARE_IDS(tok->encode(" hello"), (Ids{' ', 259}));                 // no "Ġ hello" merge
    COMPARE_IDS(tok->encode("world"), (Ids{'w', 261, 263}));             // w or ld
    COMPARE_IDS(tok->encode("hello  world"), (Ids{259, ' ', 264}));      // \s+(?!\S) leaves one space
    COMPARE_IDS(tok->encode("hi\n"), (Ids{'h', 'i', '\n'}));
    COMPARE_IDS(tok->encode("\xF0\x9F\x98\x80"), (Ids{0xF0, 0x9F, 0x98, 0x80}));
    COMPARE_IDS(tok->encode(""), Ids{});
    // ByteLevel post-processor adds nothing.
    COMPARE_IDS(tok->encode("hello", true), tok->encode("hello", false));
    QCOMPARE(tok->decode({259, 264}), std::string("hello world"));
}

void TestTokenizer::mergesAsArraysGiveSameResult() {
    const auto strings = make(byte_level_json(false));
    const auto arrays = make(byte_level_json(true));
    for (const std::string& s : kRoundTrip) COMPARE_IDS(arrays->encode(s), strings->encode(s));
    QCOMPARE(arrays->fingerprint(), strings->fingerprint());
}

void TestTokenizer::ignoreMergesTakesWholeWords() {
    json j = byte_level_json();
    COMPARE_IDS(make(j)->encode("hell"), (Ids{256, 257}));  // he + ll by the merges
    j["model"]["ignore_merges"] = true;
    COMPARE_IDS(make(j)->encode("hell"), (Ids{270}));       // the vocab has "hell" as a whole
    COMPARE_IDS(make(j)->encode("hello"), (Ids{259}));
}

void TestTokenizer::nfcNormalizesInput() {
    const auto tok = make(byte_level_json());
    // "e" + COMBINING ACUTE is encoded as the precomposed "é" (C3 A9).
    COMPARE_IDS(tok->encode("e\xCC\x81"), (Ids{0xC3, 0xA9}));
    QCOMPARE(tok->decode(tok->encode("cafe\xCC\x81")), std::string("caf\xC3\xA9"));
}

void TestTokenizer::specialTokensMatchedBeforeNormalization() {
    const auto tok = make(byte_level_json());
    COMPARE_IDS(tok->encode("hello<|endoftext|>world"), (Ids{259, 266, 'w', 261, 263}));
    COMPARE_IDS(tok->encode("<|user|>hello world<|endoftext|>"), (Ids{267, 259, 264, 266}));
    COMPARE_IDS(tok->encode("<|endoftext|><|endoftext|>"), (Ids{266, 266}));
    COMPARE_IDS(tok->encode("<tool>"), (Ids{268}));
    // A partial special token is plain text.
    COMPARE_IDS(tok->encode("<|endoftext"), tok->encode("<|endoftext", false));
    QVERIFY(tok->encode("<|endoftext").size() > 1);
    QCOMPARE(tok->decode({259, 266, 264}), std::string("hello<|endoftext|> world"));
    QCOMPARE(tok->decode({259, 266, 264}, /*skip_special_tokens=*/true), std::string("hello world"));
    // <tool> is not special, so it stays.
    QCOMPARE(tok->decode({268, 259}, true), std::string("<tool>hello"));
}

void TestTokenizer::addedTokenFlags() {
    const auto tok = make(byte_level_json());
    // <mask> has lstrip: the space before it belongs to the token.
    COMPARE_IDS(tok->encode("hello <mask> world"), (Ids{259, 269, 264}));
    // "tok" is single_word: only a whole word matches.
    COMPARE_IDS(tok->encode("tok hello"), (Ids{271, ' ', 259}));
    const Ids inside = tok->encode("tokhello");
    QVERIFY2(std::find(inside.begin(), inside.end(), 271) == inside.end(), qPrintable(QString::fromStdString(show(inside))));
}

void TestTokenizer::byteLevelRoundTrip() {
    const auto tok = make(byte_level_json());
    for (const std::string& s : kRoundTrip) {
        const Ids ids = tok->encode(s);
        QCOMPARE(tok->decode(ids), s);
    }
}

void TestTokenizer::invalidUtf8() {
    const auto tok = make(byte_level_json());
    // Broken input bytes are encoded as U+FFFD, one per maximal bad sequence.
    QCOMPARE(tok->decode(tok->encode("a\xFF\xFE" "b\xF0\x9F")), std::string("a\xEF\xBF\xBD\xEF\xBF\xBD" "b\xEF\xBF\xBD"));
    // Decoding half a character gives U+FFFD, not broken UTF-8.
    QCOMPARE(tok->decode({0xF0, 0x9F}), std::string("\xEF\xBF\xBD"));
    QCOMPARE(tok->decode({'a', 0x98, 0x80, 'b'}), std::string("a\xEF\xBF\xBD\xEF\xBF\xBD" "b"));
    // Out-of-range ids are skipped.
    QCOMPARE(tok->decode({-1, 259, 99999}), std::string("hello"));
}

void TestTokenizer::streamDecoderHoldsIncompleteCharacters() {
    const auto tok = make(byte_level_json());
    const Ids ids = {259, 0xF0, 0x9F, 0x98, 0x80, 264};  // hello😀 world
    std::vector<std::string> pieces;
    QCOMPARE(stream_all(*tok, ids, &pieces), tok->decode(ids));
    QCOMPARE(pieces, (std::vector<std::string>{"hello", "", "", "", "\xF0\x9F\x98\x80", " world"}));

    // An unfinished character at the end comes out of flush() as U+FFFD.
    Tokenizer::StreamDecoder s(*tok);
    QCOMPARE(s.feed(259), std::string("hello"));
    QCOMPARE(s.feed(0xF0), std::string());
    QCOMPARE(s.flush(), std::string("\xEF\xBF\xBD"));
}

void TestTokenizer::streamDecoderMatchesDecode() {
    const auto tok = make(byte_level_json());
    std::string all;
    for (const std::string& s : kRoundTrip) all += s;
    for (const std::string& s : kRoundTrip) {
        const Ids ids = tok->encode(s);
        QCOMPARE(stream_all(*tok, ids), tok->decode(ids));
    }
    const Ids ids = tok->encode(all);  // long: the decoder's window slides many times
    QVERIFY(ids.size() > 100);
    QCOMPARE(stream_all(*tok, ids), all);
}

void TestTokenizer::metaspaceKnownEncodings() {
    const auto tok = make(metaspace_json());
    // "hi ab" -> "▁hi▁ab" -> h i, ▁ hi, ▁ a, ▁a b
    COMPARE_IDS(tok->encode("hi ab"), (Ids{1, 265, 267}));
    COMPARE_IDS(tok->encode("hi ab", false), (Ids{265, 267}));
    COMPARE_IDS(tok->encode("ab"), (Ids{1, 267}));
    COMPARE_IDS(tok->encode(""), (Ids{1}));  // the template still adds BOS
    // Without a pre-tokenizer the whole text is one word; over 256 bytes it
    // is cut where no merge can cross, which must not change the ids.
    std::string long_text;
    Ids long_ids;
    for (int k = 0; k < 100; ++k) {
        long_text += k ? " hi ab" : "hi ab";
        long_ids.insert(long_ids.end(), {265, 267});
    }
    COMPARE_IDS(tok->encode(long_text, false), long_ids);
    // Special tokens are cut out first; each remaining part gets its own "▁".
    COMPARE_IDS(tok->encode("<s>hi</s>", false), (Ids{1, 265, 2}));
    QCOMPARE(tok->decode({1, 265, 267}), std::string("<s> hi ab"));
    QCOMPARE(tok->decode({1, 265, 267}, true), std::string("hi ab"));
    QVERIFY(tok->bos_id().has_value());
    QCOMPARE(*tok->bos_id(), 1);
    QCOMPARE(*tok->eos_id(), 2);
}

void TestTokenizer::metaspaceByteFallbackAndUnk() {
    const auto tok = make(metaspace_json());
    // 😀 is not in the vocab: its four bytes become <0xF0><0x9F><0x98><0x80>.
    COMPARE_IDS(tok->encode("hi \xF0\x9F\x98\x80", false), (Ids{265, 259, 3 + 0xF0, 3 + 0x9F, 3 + 0x98, 3 + 0x80}));
    QCOMPARE(tok->decode(tok->encode("hi \xF0\x9F\x98\x80"), true), std::string("hi \xF0\x9F\x98\x80"));
    // An incomplete byte run decodes to one U+FFFD per byte (HF's ByteFallback).
    QCOMPARE(tok->decode({3 + 0xF0, 3 + 0x9F}), std::string("\xEF\xBF\xBD\xEF\xBF\xBD"));

    // Without byte fallback, unknown characters become <unk>, fused into one.
    json j = metaspace_json();
    j["model"]["byte_fallback"] = false;
    COMPARE_IDS(make(j)->encode("hi \xF0\x9F\x98\x80\xF0\x9F\x98\x81", false), (Ids{265, 259, 0}));
    j["model"]["fuse_unk"] = false;
    COMPARE_IDS(make(j)->encode("hi \xF0\x9F\x98\x80\xF0\x9F\x98\x81", false), (Ids{265, 259, 0, 0}));
}

void TestTokenizer::metaspacePreTokenizerAndDecoder() {
    // Newer SentencePiece conversions: Metaspace pre-tokenizer + decoder
    // instead of the Prepend/Replace normalizer.
    json j = metaspace_json();
    j["normalizer"] = nullptr;
    j["pre_tokenizer"] = {{"type", "Metaspace"}, {"replacement", kMeta}, {"prepend_scheme", "first"}, {"split", true}};
    j["decoder"] = {{"type", "Metaspace"}, {"replacement", kMeta}, {"prepend_scheme", "first"}, {"split", true}};
    const auto tok = make(j);
    COMPARE_IDS(tok->encode("hi ab", false), (Ids{265, 267}));
    // "first": only the part at the very start of the text gets the "▁".
    COMPARE_IDS(tok->encode("<s>hi", false), (Ids{1, 264}));
    QCOMPARE(tok->decode({265, 267}), std::string("hi ab"));
}

void TestTokenizer::metaspaceRoundTripAndStream() {
    const auto tok = make(metaspace_json());
    std::string all;
    for (const std::string& s : kRoundTrip) {
        const Ids ids = tok->encode(s);
        QCOMPARE(tok->decode(ids, true), s);
        QCOMPARE(stream_all(*tok, ids), tok->decode(ids));
        all += s;
    }
    const Ids ids = tok->encode(all, false);
    QVERIFY(ids.size() > 100);
    QCOMPARE(stream_all(*tok, ids), all);
}

void TestTokenizer::preTokenizerVariants() {
    const std::vector<std::string> chars = {"a", "b", "-", "1", "2", " ", "\t", "e", "\xCC\x81", "x", ","};
    const std::vector<std::pair<std::string, std::string>> merges = {
        {"a", "-"}, {"-", "b"}, {"-", "-"}, {"a", "b"}, {"1", "2"}, {"a", "1"}, {"e", "\xCC\x81"}, {"b", " "}};
    auto split = [&](const char* behavior, bool invert = false) {
        return make(plain_bpe_json(chars, merges,
                                   {{"type", "Split"}, {"pattern", {{"String", "-"}}}, {"behavior", behavior}, {"invert", invert}}));
    };
    QCOMPARE(pieces(*make(plain_bpe_json(chars, merges, nullptr)), "a-b"), std::string("a-|b"));
    QCOMPARE(pieces(*split("Isolated"), "a-b"), std::string("a|-|b"));
    QCOMPARE(pieces(*split("Removed"), "a-b"), std::string("a|b"));
    QCOMPARE(pieces(*split("MergedWithPrevious"), "a-b"), std::string("a-|b"));
    QCOMPARE(pieces(*split("MergedWithNext"), "a-b"), std::string("a|-b"));
    QCOMPARE(pieces(*split("Isolated"), "a--b"), std::string("a|-|-|b"));
    QCOMPARE(pieces(*split("Contiguous"), "a--b"), std::string("a|--|b"));
    QCOMPARE(pieces(*split("Removed", /*invert=*/true), "a-b"), std::string("-"));

    auto digits = [&](bool individual) {
        return make(plain_bpe_json(chars, merges, {{"type", "Digits"}, {"individual_digits", individual}}));
    };
    QCOMPARE(pieces(*digits(false), "a12"), std::string("a|12"));
    QCOMPARE(pieces(*digits(true), "a12"), std::string("a|1|2"));

    const auto ws_split = make(plain_bpe_json(chars, merges, {{"type", "WhitespaceSplit"}}));
    QCOMPARE(pieces(*ws_split, "ab \t a b"), std::string("ab|a|b"));
    // Whitespace keeps combining marks inside words (Unicode \w, as in HF).
    const auto ws = make(plain_bpe_json(chars, merges, {{"type", "Whitespace"}}));
    QCOMPARE(pieces(*ws, "e\xCC\x81x, ab"), std::string("e\xCC\x81|x|,|ab"));

    // GPT-2 style ByteLevel: its own regex and a prefix space.
    json gpt2 = byte_level_json();
    gpt2["normalizer"] = nullptr;
    gpt2["pre_tokenizer"] = {{"type", "ByteLevel"}, {"add_prefix_space", true}, {"use_regex", true}};
    COMPARE_IDS(make(gpt2)->encode("hello world"), (Ids{' ', 259, 264}));
    COMPARE_IDS(make(gpt2)->encode("hello  world"), (Ids{' ', 259, ' ', 264}));
}

void TestTokenizer::vocabularyAccessors() {
    const auto tok = make(byte_level_json());
    QCOMPARE(tok->vocab_size(), 272);
    QCOMPARE(tok->token_to_id("hello"), std::optional<int32_t>(259));
    QCOMPARE(tok->token_to_id("<|endoftext|>"), std::optional<int32_t>(266));
    QCOMPARE(tok->token_to_id("nope"), std::optional<int32_t>());
    QCOMPARE(tok->id_to_token(264), kSpace + "world");
    QCOMPARE(tok->id_to_token(266), std::string("<|endoftext|>"));
    QCOMPARE(tok->id_to_token(5000), std::string());
    QCOMPARE(tok->id_to_token(-3), std::string());
    QVERIFY(tok->is_special(266));
    QVERIFY(!tok->is_special(268));  // <tool> is added but not special
    QVERIFY(!tok->is_special(259));
    QVERIFY(!tok->bos_id().has_value());
    QCOMPARE(tok->eos_id(), std::optional<int32_t>(266));
}

void TestTokenizer::fingerprint() {
    const std::string fp = make(byte_level_json())->fingerprint();
    QCOMPARE(fp.size(), std::size_t{16});
    QCOMPARE(make(byte_level_json())->fingerprint(), fp);  // stable
    QVERIFY(make(metaspace_json())->fingerprint() != fp);

    json swapped = byte_level_json();  // same merges, other order
    std::swap(swapped["model"]["merges"][0], swapped["model"]["merges"][1]);
    QVERIFY(make(swapped)->fingerprint() != fp);

    json more = byte_level_json();
    more["added_tokens"].push_back(added_token(272, "<extra>", true));
    QVERIFY(make(more)->fingerprint() != fp);

    json other_decoder = byte_level_json();  // decoding does not change ids
    other_decoder["decoder"] = nullptr;
    QCOMPARE(make(other_decoder)->fingerprint(), fp);
}

void TestTokenizer::loadFromFileAndConfig() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string path = dir.filePath("tokenizer.json").toStdString();
    std::ofstream(path) << byte_level_json().dump();
    const auto tok = Tokenizer::load(path);
    COMPARE_IDS(tok->encode("hello world"), (Ids{259, 264}));
    QCOMPARE(tok->eos_id(), std::optional<int32_t>(266));

    // tokenizer_config.json next to it names BOS/EOS (null = none).
    std::ofstream(dir.filePath("tokenizer_config.json").toStdString())
        << json{{"bos_token", {{"content", "<|user|>"}, {"__type", "AddedToken"}}}, {"eos_token", "<tool>"}}.dump();
    const auto configured = Tokenizer::load(path);
    QCOMPARE(configured->bos_id(), std::optional<int32_t>(267));
    QCOMPARE(configured->eos_id(), std::optional<int32_t>(268));
}

void TestTokenizer::errorsNameFileAndProblem_data() {
    QTest::addColumn<QByteArray>("tokenizer_json");
    QTest::addColumn<QString>("problem");

    auto row = [](const char* name, const json& j, const char* problem) {
        QTest::newRow(name) << QByteArray::fromStdString(j.dump()) << QString(problem);
    };
    json j = byte_level_json();
    j["model"] = {{"type", "WordPiece"}, {"vocab", {{"a", 0}}}, {"unk_token", "[UNK]"}};
    row("WordPiece model", j, "unsupported model type \"WordPiece\"");
    j["model"] = {{"type", "Unigram"}, {"vocab", {{"a", -1.0}}}, {"unk_id", 0}};
    row("Unigram model", j, "unsupported model type \"Unigram\"");
    j = byte_level_json();
    j["model"].erase("vocab");
    row("missing vocab", j, "vocab");
    j = byte_level_json();
    j.erase("model");
    row("missing model", j, "model");
    j = byte_level_json();
    j["pre_tokenizer"]["pretokenizers"][1]["type"] = "Foo";
    row("unknown pre-tokenizer", j, "unsupported pre-tokenizer type \"Foo\"");
    j = byte_level_json();
    j["normalizer"] = {{"type", "Precompiled"}, {"precompiled_charsmap", "AAAA"}};
    row("unknown normalizer", j, "unsupported normalizer type \"Precompiled\"");
    j = byte_level_json();
    j["decoder"] = {{"type", "WordPiece"}, {"prefix", "##"}};
    row("unknown decoder", j, "unsupported decoder type \"WordPiece\"");
    j = byte_level_json();
    j["post_processor"] = {{"type", "Bogus"}};
    row("unknown post-processor", j, "unsupported post-processor type \"Bogus\"");
    j = byte_level_json();
    j["model"]["merges"].push_back("zz qq");
    row("merge outside vocab", j, "\"zz\", which is not in the vocab");
    j = byte_level_json();
    j["pre_tokenizer"]["pretokenizers"][0]["pattern"]["Regex"] = "(unclosed";
    row("bad regex", j, "invalid regex \"(unclosed\"");
    j = byte_level_json();
    j["model"]["vocab"]["h"] = "not a number";
    row("bad vocab id", j, "invalid id");
    j = byte_level_json();
    j["added_tokens"][0].erase("content");
    row("added token without content", j, "content");
}

// Every problem is an Error whose message names the file and the problem.
void TestTokenizer::errorsNameFileAndProblem() {
    QFETCH(QByteArray, tokenizer_json);
    QFETCH(QString, problem);
    QTemporaryDir dir;
    const std::string path = dir.filePath("bad-tokenizer.json").toStdString();
    std::ofstream(path, std::ios::binary) << tokenizer_json.toStdString();
    try {
        Tokenizer::load(path);
        QFAIL("no error thrown");
    } catch (const specscope::Error& e) {
        const std::string what = e.what();
        QVERIFY2(what.find(path) != std::string::npos, e.what());
        QVERIFY2(what.find(problem.toStdString()) != std::string::npos, e.what());
        QCOMPARE(e.file(), path);
    }
}

void TestTokenizer::loadErrors() {
    QTemporaryDir dir;
    const std::string missing = dir.filePath("nowhere/tokenizer.json").toStdString();
    try {
        Tokenizer::load(missing);
        QFAIL("no error for a missing file");
    } catch (const specscope::Error& e) {
        QVERIFY2(std::string(e.what()).find(missing) != std::string::npos, e.what());
        QVERIFY2(std::string(e.what()).find("No such file") != std::string::npos, e.what());
    }

    const std::string broken = dir.filePath("broken.json").toStdString();
    std::ofstream(broken) << "{\n  \"model\": {\n    \"type\": \"BPE\",\n    \"vocab\": {\"a\": 0,}\n  }\n}\n";
    try {
        Tokenizer::load(broken);
        QFAIL("no error for malformed JSON");
    } catch (const specscope::Error& e) {
        const std::string what = e.what();
        QVERIFY2(what.find(broken) != std::string::npos, e.what());
        QVERIFY2(what.find("malformed JSON") != std::string::npos, e.what());
        QVERIFY2(what.find("line 4") != std::string::npos, e.what());
    }

    try {
        Tokenizer::from_json(json{{"model", {{"type", "BPE"}}}}, "inline.json");
        QFAIL("no error for a missing vocab");
    } catch (const specscope::Error& e) {
        QCOMPARE(e.file(), std::string("inline.json"));
    }
}

QTEST_APPLESS_MAIN(TestTokenizer)
#include "test_tokenizer.moc"
