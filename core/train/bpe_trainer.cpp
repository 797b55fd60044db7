// Byte-level BPE training (the GPT-2 recipe, as HF tokenizers' BpeTrainer):
//   1. cut the text around the special tokens, which never join other text;
//   2. pre-tokenize it with the runtime's own ByteLevel pre-tokenizer (GPT-2
//      regex through PCRE2, bytes mapped to GPT-2's stand-in characters) and
//      count the distinct words;
//   3. repeatedly merge the most frequent adjacent pair of symbols.
// Step 3 keeps a count per pair and, per pair, the words it occurs in, so a
// merge touches only the words that contain the pair; a max-heap with lazy
// updates finds the next pair. Ties go to the lexicographically smallest
// (left, right) token strings, so the result does not depend on hash order.
#include "train/bpe_trainer.h"

#include "model/tokenizer_pretokenize.h"
#include "model/tokenizer_text.h"
#include "util/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <queue>
#include <set>
#include <unordered_map>

namespace specscope {
namespace {

constexpr int kByteTokens = 256;

// The pre-tokenizer the trained file declares. Training builds its word
// splitter from this same JSON with the runtime's make_pre_tokenizer, so the
// words counted here are exactly those Tokenizer::encode gives the model.
nlohmann::json byte_level_pre_tokenizer() {
    return {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", true}};
}

// Offset of the first byte that does not start a well-formed UTF-8 character
// (Unicode table 3-7: no overlongs, surrogates or code points > U+10FFFF), or npos.
size_t first_invalid_utf8(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        const auto b0 = static_cast<unsigned char>(s[i]);
        if (b0 < 0x80) {
            ++i;
            continue;
        }
        size_t len = 0;
        unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
        if (b0 >= 0xC2 && b0 <= 0xDF) len = 2;
        else if (b0 == 0xE0) len = 3, lo = 0xA0;
        else if (b0 == 0xED) len = 3, hi = 0x9F;
        else if (b0 >= 0xE1 && b0 <= 0xEF) len = 3;
        else if (b0 == 0xF0) len = 4, lo = 0x90;
        else if (b0 == 0xF4) len = 4, hi = 0x8F;
        else if (b0 >= 0xF1 && b0 <= 0xF3) len = 4;
        else return i;
        if (i + len > s.size()) return i;
        const auto b1 = static_cast<unsigned char>(s[i + 1]);
        if (b1 < lo || b1 > hi) return i;
        for (size_t k = 2; k < len; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
        i += len;
    }
    return std::string_view::npos;
}

// Cuts text around the special tokens (leftmost first, longest on a tie, as
// the runtime's added-token matcher) and drops them.
std::vector<std::string_view> split_specials(std::string_view text, const std::vector<std::string>& specials) {
    std::vector<std::string_view> parts;
    std::vector<size_t> next;  // next occurrence of each at or after pos (npos: none left)
    for (const std::string& s : specials) next.push_back(text.find(s));
    size_t pos = 0;
    for (;;) {
        size_t best = std::string_view::npos, best_len = 0;
        for (size_t k = 0; k < specials.size(); ++k) {
            if (next[k] != std::string_view::npos && next[k] < pos) next[k] = text.find(specials[k], pos);
            if (next[k] == std::string_view::npos) continue;
            if (next[k] < best || (next[k] == best && specials[k].size() > best_len))
                best = next[k], best_len = specials[k].size();
        }
        if (best == std::string_view::npos) break;
        if (best > pos) parts.push_back(text.substr(pos, best - pos));
        pos = best + best_len;
    }
    if (pos < text.size()) parts.push_back(text.substr(pos));
    return parts;
}

// The runtime pre-tokenizes a whole section at once; to bound memory we feed
// it about 1 MiB at a time, cut only where the GPT-2 regex cuts anyway: before
// a space that follows a printable non-space ASCII character. No match of the
// pattern runs from such a character into a space (letter, digit and
// punctuation runs exclude \s, whitespace runs start with whitespace), the
// one look-ahead (?!\S) only ends whitespace runs, and there is no
// look-behind, so the chunks split into the same words as the whole.
std::vector<std::string_view> safe_chunks(std::string_view text) {
    constexpr size_t kChunk = 1 << 20;
    std::vector<std::string_view> chunks;
    size_t begin = 0;
    while (text.size() - begin > kChunk) {
        size_t cut = begin + kChunk;
        while (cut < text.size() && !(text[cut] == ' ' && text[cut - 1] > ' ' && text[cut - 1] < 0x7F)) ++cut;
        chunks.push_back(text.substr(begin, cut - begin));
        begin = cut;
    }
    if (begin < text.size()) chunks.push_back(text.substr(begin));
    return chunks;
}

uint64_t pair_key(int32_t a, int32_t b) {
    return (static_cast<uint64_t>(static_cast<uint32_t>(a)) << 32) | static_cast<uint32_t>(b);
}
int32_t left_of(uint64_t key) { return static_cast<int32_t>(key >> 32); }
int32_t right_of(uint64_t key) { return static_cast<int32_t>(key & 0xFFFFFFFFu); }

struct Word {
    std::vector<int32_t> symbols;
    int64_t count;
};

std::string seconds_since(std::chrono::steady_clock::time_point t0) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f s",
                  std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    return buf;
}

} // namespace

std::string read_bpe_corpus(const std::string& path, size_t max_bytes) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw Error(path, "cannot open the corpus: it is a directory");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path, std::string("cannot open the corpus: ") + std::strerror(errno));
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    in.seekg(0, std::ios::beg);
    if (size < 0 || !in) throw Error(path, "cannot read the corpus (not a regular file?)");
    const bool truncated = max_bytes > 0 && static_cast<uint64_t>(size) > max_bytes;
    std::string text(truncated ? max_bytes : static_cast<size_t>(size), '\0');
    if (!in.read(text.data(), static_cast<std::streamsize>(text.size())))
        throw Error(path, std::string("cannot read the corpus: ") + std::strerror(errno));
    if (truncated) {
        // A cut mid-character must not read as invalid UTF-8; a cut mid-line
        // would leave a partial word.
        const size_t nl = text.rfind('\n');
        if (nl != std::string::npos) text.resize(nl + 1);
        else text.resize(text.size() - tok::utf8_incomplete_tail(text));
    }
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) throw Error(path, "the corpus is empty");
    const size_t bad = first_invalid_utf8(text);
    if (bad != std::string::npos) {
        char byte[8];
        std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[bad]));
        throw Error(path, "the corpus is not valid UTF-8 (first bad byte " + std::string(byte) + " at offset " +
                              std::to_string(bad) + ")");
    }
    return text;
}

nlohmann::json train_bpe_tokenizer(const std::string& corpus_path, const BpeTrainOptions& options) {
    const auto t0 = std::chrono::steady_clock::now();
    auto report = [&](const std::string& line) {
        if (options.progress) options.progress(line);
    };

    // ---- options (checked before the corpus is read: they are cheap to get wrong)
    const std::vector<std::string>& specials = options.special_tokens;
    std::set<std::string> distinct;
    for (const std::string& s : specials) {
        if (s.empty()) throw Error(corpus_path, "special tokens must not be empty");
        if (!distinct.insert(s).second) throw Error(corpus_path, "special token \"" + s + "\" is given twice");
        for (int b = 0; b < kByteTokens; ++b)
            if (s == tok::byte_to_char(static_cast<unsigned char>(b)))
                throw Error(corpus_path, "special token \"" + s + "\" is also a byte token");
    }
    const long long min_vocab = kByteTokens + 1 + static_cast<long long>(specials.size());
    if (options.vocab_size < min_vocab)
        throw Error(corpus_path, "vocab_size " + std::to_string(options.vocab_size) + " is too small: 256 byte tokens + " +
                                     std::to_string(specials.size()) +
                                     " special tokens + at least one merge need at least " + std::to_string(min_vocab));
    if (options.min_frequency < 1) throw Error(corpus_path, "min_frequency must be at least 1");

    // ---- 1 and 2: words and their counts
    const std::string text = read_bpe_corpus(corpus_path, options.max_bytes);
    report("read " + std::to_string(text.size()) + " bytes from " + corpus_path);

    const nlohmann::json pre_json = byte_level_pre_tokenizer();
    const auto pre = tok::make_pre_tokenizer(pre_json, corpus_path);
    std::unordered_map<std::string, int64_t> word_counts;
    int64_t total_words = 0;
    std::vector<tok::PreToken> pieces;
    for (const std::string_view section : split_specials(text, specials)) {
        for (const std::string_view chunk : safe_chunks(section)) {
            pieces.clear();
            pieces.push_back({std::string(chunk), false});
            pre->pre_tokenize(pieces);
            for (tok::PreToken& p : pieces) ++word_counts[std::move(p.text)];
            total_words += static_cast<int64_t>(pieces.size());
        }
    }
    if (word_counts.empty()) throw Error(corpus_path, "the corpus has no text besides special tokens");

    // Token strings by id: the stand-in character of each byte, then merges.
    std::vector<std::string> tokens;
    tokens.reserve(static_cast<size_t>(options.vocab_size));
    for (int b = 0; b < kByteTokens; ++b) tokens.push_back(tok::byte_to_char(static_cast<unsigned char>(b)));
    std::unordered_map<std::string, int32_t> token_ids;
    for (int32_t id = 0; id < kByteTokens; ++id) token_ids.emplace(tokens[id], id);

    std::vector<Word> words;
    words.reserve(word_counts.size());
    for (auto& [w, count] : word_counts) {
        Word word{{}, count};
        for (size_t i = 0; i < w.size();) {
            const int b = tok::char_to_byte(tok::utf8_next(w, i));
            if (b < 0) throw std::logic_error("ByteLevel pre-tokenizer produced a character outside its alphabet");
            word.symbols.push_back(b);  // byte b has id b
        }
        words.push_back(std::move(word));
    }
    word_counts.clear();
    report("pre-tokenized: " + std::to_string(total_words) + " words, " + std::to_string(words.size()) +
           " distinct (" + seconds_since(t0) + ")");

    // ---- 3: merges
    std::unordered_map<uint64_t, int64_t> pair_count;
    // Words that contain (or once contained) each pair. Entries go stale when
    // a merge removes the pair from a word; merging checks, so that is fine.
    std::unordered_map<uint64_t, std::vector<uint32_t>> pair_words;
    for (uint32_t w = 0; w < words.size(); ++w) {
        const auto& s = words[w].symbols;
        for (size_t i = 0; i + 1 < s.size(); ++i) {
            const uint64_t key = pair_key(s[i], s[i + 1]);
            pair_count[key] += words[w].count;
            std::vector<uint32_t>& list = pair_words[key];
            if (list.empty() || list.back() != w) list.push_back(w);
        }
    }

    // Max-heap of (count, pair) with lazy updates: an entry's count may be
    // stale. Every live pair has an entry whose count is >= its current count
    // (a count that grows gets a fresh entry), so an entry whose count is
    // current when it reaches the top is the true maximum.
    struct Entry {
        int64_t count;
        uint64_t pair;
    };
    auto ranks_below = [&tokens](const Entry& x, const Entry& y) {
        if (x.count != y.count) return x.count < y.count;
        const int c = tokens[left_of(x.pair)].compare(tokens[left_of(y.pair)]);
        if (c != 0) return c > 0;
        return tokens[right_of(x.pair)].compare(tokens[right_of(y.pair)]) > 0;
    };
    std::priority_queue<Entry, std::vector<Entry>, decltype(ranks_below)> heap(ranks_below);
    for (const auto& [key, count] : pair_count) heap.push({count, key});

    const size_t base_vocab = static_cast<size_t>(options.vocab_size) - specials.size();
    const size_t merges_wanted = base_vocab - kByteTokens;
    std::vector<std::pair<int32_t, int32_t>> merges;
    size_t next_report = merges_wanted / 10;
    std::vector<uint64_t> grown;  // pairs whose count rose during one merge
    while (tokens.size() < base_vocab && !heap.empty()) {
        const Entry top = heap.top();
        heap.pop();
        const auto it = pair_count.find(top.pair);
        const int64_t now = it == pair_count.end() ? 0 : it->second;
        if (now != top.count) {
            if (now > 0 && now < top.count) heap.push({now, top.pair});  // a larger entry exists otherwise
            continue;
        }
        if (now < options.min_frequency) break;

        const int32_t a = left_of(top.pair), b = right_of(top.pair);
        // The same string can come from two different pairs ("ab"+"c" and
        // "a"+"bc"): it keeps one id, as in HF, and the merge is still listed.
        std::string merged = tokens[a] + tokens[b];
        int32_t c;
        if (const auto known = token_ids.find(merged); known != token_ids.end()) {
            c = known->second;
        } else {
            c = static_cast<int32_t>(tokens.size());
            token_ids.emplace(merged, c);
            tokens.push_back(std::move(merged));
        }
        merges.emplace_back(a, b);

        auto change = [&](uint64_t key, int64_t delta, uint32_t w) {
            if (key == top.pair) return;  // dropped as a whole below
            pair_count[key] += delta;
            if (delta > 0) {
                pair_words[key].push_back(w);
                grown.push_back(key);
            }
        };
        std::vector<uint32_t> where = std::move(pair_words[top.pair]);
        pair_words.erase(top.pair);
        std::sort(where.begin(), where.end());
        where.erase(std::unique(where.begin(), where.end()), where.end());
        grown.clear();
        for (const uint32_t w : where) {
            std::vector<int32_t>& s = words[w].symbols;
            const int64_t n = words[w].count;
            // Left to right, non-overlapping, in place (out <= i). The left
            // neighbour is taken from the output, so "a b a b" nets
            // -(b,a) +(c,c) as the word turns into "c c".
            size_t out = 0;
            for (size_t i = 0; i < s.size();) {
                if (i + 1 < s.size() && s[i] == a && s[i + 1] == b) {
                    if (out > 0) {
                        change(pair_key(s[out - 1], a), -n, w);
                        change(pair_key(s[out - 1], c), n, w);
                    }
                    if (i + 2 < s.size()) {
                        change(pair_key(b, s[i + 2]), -n, w);
                        change(pair_key(c, s[i + 2]), n, w);
                    }
                    s[out++] = c;
                    i += 2;
                } else {
                    s[out++] = s[i++];
                }
            }
            s.resize(out);
        }
        pair_count.erase(top.pair);
        std::sort(grown.begin(), grown.end());
        grown.erase(std::unique(grown.begin(), grown.end()), grown.end());
        for (const uint64_t key : grown)
            if (const int64_t count = pair_count[key]; count > 0) heap.push({count, key});

        if (merges.size() >= next_report && merges_wanted >= 10) {
            report("merges: " + std::to_string(merges.size()) + "/" + std::to_string(merges_wanted) + ", vocab " +
                   std::to_string(tokens.size() + specials.size()) + ", last pair seen " + std::to_string(now) +
                   " times (" + seconds_since(t0) + ")");
            next_report += merges_wanted / 10;
        }
    }
    if (tokens.size() < base_vocab)
        report("stopped early: no pair left that occurs at least " + std::to_string(options.min_frequency) +
               " times; vocab is " + std::to_string(tokens.size() + specials.size()) + ", not " +
               std::to_string(options.vocab_size));

    // ---- tokenizer.json
    nlohmann::json vocab = nlohmann::json::object();
    for (size_t id = 0; id < tokens.size(); ++id) vocab[tokens[id]] = id;
    nlohmann::json added = nlohmann::json::array();
    for (size_t k = 0; k < specials.size(); ++k) {
        const size_t id = tokens.size() + k;
        // A special token that is also an ordinary token would need two ids.
        if (vocab.contains(specials[k]))
            throw Error(corpus_path, "special token \"" + specials[k] + "\" is also a byte or merged token");
        vocab[specials[k]] = id;  // GPT-2 lists it in the model vocab as well
        added.push_back({{"id", id},
                         {"content", specials[k]},
                         {"single_word", false},
                         {"lstrip", false},
                         {"rstrip", false},
                         {"normalized", false},
                         {"special", true}});
    }
    nlohmann::json merge_list = nlohmann::json::array();
    for (const auto& [l, r] : merges) merge_list.push_back(tokens[l] + " " + tokens[r]);  // no token has a space: it is "Ġ"

    report("trained " + std::to_string(vocab.size()) + " tokens (" + std::to_string(merges.size()) + " merges) in " +
           seconds_since(t0));
    return {
        {"version", "1.0"},
        {"truncation", nullptr},
        {"padding", nullptr},
        {"added_tokens", added},
        {"normalizer", nullptr},
        {"pre_tokenizer", pre_json},
        // As GPT-2's tokenizer.json; the post-processor only trims offsets.
        {"post_processor",
         {{"type", "ByteLevel"}, {"add_prefix_space", true}, {"trim_offsets", false}, {"use_regex", true}}},
        {"decoder", {{"type", "ByteLevel"}, {"add_prefix_space", true}, {"trim_offsets", true}, {"use_regex", true}}},
        {"model",
         {{"type", "BPE"},
          {"dropout", nullptr},
          {"unk_token", nullptr},
          {"continuing_subword_prefix", nullptr},
          {"end_of_word_suffix", nullptr},
          {"fuse_unk", false},
          {"byte_fallback", false},
          {"ignore_merges", false},
          {"vocab", vocab},
          {"merges", merge_list}}},
    };
}

} // namespace specscope
