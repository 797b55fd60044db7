#include "model/tokenizer_bpe.h"

#include "model/tokenizer_text.h"
#include "util/error.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <queue>

namespace specscope::tok {

namespace {

std::string string_or_empty(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

} // namespace

BpeModel::BpeModel(const nlohmann::json& model, const std::string& path) {
    const auto vocab_it = model.find("vocab");
    if (vocab_it == model.end() || vocab_it->is_null())
        throw Error(path, "BPE model has no \"vocab\"");
    if (!vocab_it->is_object())
        throw Error(path, "BPE \"vocab\" must be an object of token -> id");
    vocab_.reserve(vocab_it->size());
    for (const auto& [token, id] : vocab_it->items()) {
        if (!id.is_number_integer() || id.get<int64_t>() < 0 || id.get<int64_t>() > INT32_MAX)
            throw Error(path, "BPE vocab entry \"" + token + "\" has an invalid id " + id.dump());
        vocab_.emplace(token, id.get<int32_t>());
    }

    fuse_unk_ = model.value("fuse_unk", false);
    byte_fallback_ = model.value("byte_fallback", false);
    ignore_merges_ = model.value("ignore_merges", false);
    continuing_subword_prefix_ = string_or_empty(model, "continuing_subword_prefix");
    end_of_word_suffix_ = string_or_empty(model, "end_of_word_suffix");
    if (const std::string unk = string_or_empty(model, "unk_token"); !unk.empty()) {
        const auto it = vocab_.find(unk);
        if (it == vocab_.end()) throw Error(path, "BPE unk_token \"" + unk + "\" is not in the vocab");
        unk_id_ = it->second;
    }
    for (int b = 0; b < 256; ++b) {
        char name[8];
        std::snprintf(name, sizeof name, "<0x%02X>", b);
        const auto it = vocab_.find(name);
        byte_ids_[b] = it == vocab_.end() ? -1 : it->second;
    }

    // Merges: "a b" strings (tokenizers < 0.20) or ["a", "b"] pairs (newer,
    // which allows tokens with spaces). Rank = position; a later duplicate
    // wins, as when HF collects them into a map.
    const auto merges_it = model.find("merges");
    if (merges_it == model.end() || merges_it->is_null()) return;  // a vocab-only BPE
    if (!merges_it->is_array()) throw Error(path, "BPE \"merges\" must be an array");
    merges_.reserve(merges_it->size());
    merge_list_.reserve(merges_it->size());
    int32_t rank = 0;
    for (const auto& m : *merges_it) {
        std::string a, b;
        if (m.is_string()) {
            const std::string line = m.get<std::string>();
            if (line.rfind("#version", 0) == 0) continue;
            const std::size_t sp = line.find(' ');
            if (sp == std::string::npos || line.find(' ', sp + 1) != std::string::npos)
                throw Error(path, "BPE merge " + std::to_string(rank + 1) + " \"" + line +
                                      "\" is not two tokens separated by one space");
            a = line.substr(0, sp);
            b = line.substr(sp + 1);
        } else if (m.is_array() && m.size() == 2 && m[0].is_string() && m[1].is_string()) {
            a = m[0].get<std::string>();
            b = m[1].get<std::string>();
        } else {
            throw Error(path, "BPE merge " + std::to_string(rank + 1) + " is neither \"a b\" nor [\"a\", \"b\"]: " +
                                  m.dump());
        }
        // The merged token drops b's continuing_subword_prefix ("##").
        std::string merged = a;
        merged += b.compare(0, continuing_subword_prefix_.size(), continuing_subword_prefix_) == 0
                      ? b.substr(continuing_subword_prefix_.size())
                      : b;
        const auto ia = vocab_.find(a), ib = vocab_.find(b), im = vocab_.find(merged);
        for (const auto& [it, tok] : {std::pair{ia, &a}, std::pair{ib, &b}, std::pair{im, &merged}})
            if (it == vocab_.end())
                throw Error(path, "BPE merge " + std::to_string(rank + 1) + " (\"" + a + "\", \"" + b +
                                      "\") uses \"" + *tok + "\", which is not in the vocab");
        merges_[pair_key(ia->second, ib->second)] = Merge{rank, im->second};
        merge_list_.emplace_back(ia->second, ib->second);
        ++rank;
    }

    // Cutting long words is exact only if every final token is a single
    // character's symbol or a merged token made of the word's characters.
    // Byte-fallback or unk symbols inside merges, fused unks, and the
    // position-dependent prefix/suffix break that, so then we never cut.
    bool all_bytes = true;
    for (const int32_t id : byte_ids_) all_bytes = all_bytes && id >= 0;
    cuttable_ = continuing_subword_prefix_.empty() && end_of_word_suffix_.empty() &&
                !(unk_id_ && fuse_unk_ && !(byte_fallback_ && all_bytes));
    std::unordered_set<int32_t> odd_symbols(std::begin(byte_ids_), std::end(byte_ids_));
    if (unk_id_) odd_symbols.insert(*unk_id_);
    for (const auto& [a, b] : merge_list_)
        if (odd_symbols.count(a) || odd_symbols.count(b)) cuttable_ = false;
}

const std::unordered_set<uint64_t>& BpeModel::merged_bigrams() const {
    // Built on first use: byte-level tokenizers rarely see a word this long.
    std::call_once(bigrams_once_, [this] {
        std::vector<const std::string*> by_id;
        for (const auto& [token, id] : vocab_) {
            if (by_id.size() <= static_cast<std::size_t>(id)) by_id.resize(id + 1, nullptr);
            by_id[id] = &token;
        }
        for (const auto& [pair, merge] : merges_) {
            const std::string& t = *by_id[merge.new_id];
            std::size_t i = 0;
            char32_t prev = utf8_next(t, i);
            while (i < t.size()) {
                const char32_t next = utf8_next(t, i);
                bigrams_.insert(pair_key(static_cast<int32_t>(prev), static_cast<int32_t>(next)));
                prev = next;
            }
        }
    });
    return bigrams_;
}

std::optional<int32_t> BpeModel::lookup(std::string_view s) const {
    const auto it = vocab_.find(std::string(s));
    if (it == vocab_.end()) return std::nullopt;
    return it->second;
}

void BpeModel::encode_word(std::string_view word, std::vector<int32_t>& out) const {
    if (word.empty()) return;
    if (ignore_merges_) {
        // Llama 3: a word that is a token is taken whole, even if the merges
        // would have reached a different split.
        if (const auto id = lookup(word)) {
            out.push_back(*id);
            return;
        }
    }
    if (word.size() > kMaxCachedWordBytes && cuttable_) {
        const auto& bigrams = merged_bigrams();
        std::size_t start = 0, i = 0;
        char32_t prev = utf8_next(word, i);
        while (i < word.size()) {
            const std::size_t at = i;
            const char32_t next = utf8_next(word, i);
            if (!bigrams.count(pair_key(static_cast<int32_t>(prev), static_cast<int32_t>(next)))) {
                encode_cached(word.substr(start, at - start), out);
                start = at;
            }
            prev = next;
        }
        encode_cached(word.substr(start), out);
        return;
    }
    encode_cached(word, out);
}

void BpeModel::encode_cached(std::string_view word, std::vector<int32_t>& out) const {
    const bool cacheable = word.size() <= kMaxCachedWordBytes;
    std::string key;
    if (cacheable) {
        key.assign(word);
        std::lock_guard<std::mutex> lock(cache_mutex_);
        const auto it = cache_.find(key);
        if (it != cache_.end()) {
            out.insert(out.end(), it->second.begin(), it->second.end());
            return;
        }
    }
    std::vector<int32_t> ids;
    merge_word(word, ids);
    out.insert(out.end(), ids.begin(), ids.end());
    if (cacheable) {
        std::lock_guard<std::mutex> lock(cache_mutex_);
        if (cache_.size() >= kMaxCacheEntries) cache_.clear();  // crude bound, rarely hit
        cache_.emplace(std::move(key), std::move(ids));
    }
}

// Hugging Face's BPE::merge_word + Word::merge_all: start from one symbol per
// character, then repeatedly apply the lowest-ranked merge available (the
// leftmost one on ties) until none applies.
void BpeModel::merge_word(std::string_view word, std::vector<int32_t>& out) const {
    struct Symbol {
        int32_t id;
        int32_t prev;
        int32_t next;
        uint32_t len;  // bytes covered; 0 once merged into its left neighbour
    };
    std::vector<Symbol> syms;
    syms.reserve(word.size());
    auto add = [&](int32_t id, uint32_t len) {
        const auto n = static_cast<int32_t>(syms.size());
        syms.push_back({id, n - 1, -1, len});
        if (n > 0) syms[n - 1].next = n;
    };

    std::optional<std::pair<int32_t, uint32_t>> unk;  // pending unknown run (id, bytes)
    std::string piece;
    for (std::size_t i = 0; i < word.size();) {
        const std::size_t begin = i;
        i += utf8_len(static_cast<unsigned char>(word[i]));
        if (i > word.size()) i = word.size();
        const auto len = static_cast<uint32_t>(i - begin);
        piece.clear();
        if (begin > 0) piece += continuing_subword_prefix_;
        piece.append(word.substr(begin, len));
        if (i == word.size()) piece += end_of_word_suffix_;

        if (const auto id = lookup(piece)) {
            if (unk) add(unk->first, unk->second), unk.reset();
            add(*id, len);
            continue;
        }
        if (byte_fallback_) {
            bool all = true;
            for (const char c : piece) all = all && byte_ids_[static_cast<unsigned char>(c)] >= 0;
            if (all) {
                // HF keeps a pending unk across a byte-fallback character.
                for (const char c : piece) add(byte_ids_[static_cast<unsigned char>(c)], 1);
                continue;
            }
        }
        if (unk_id_) {
            if (unk && fuse_unk_) {
                unk->second += len;
            } else {
                if (unk) add(unk->first, unk->second);
                unk = std::pair{*unk_id_, len};
            }
        }
        // Without an unk token an unknown character is dropped, as in HF.
    }
    if (unk) add(unk->first, unk->second);

    struct Candidate {
        int32_t rank;
        int32_t pos;
        int32_t new_id;
        bool operator<(const Candidate& o) const {  // priority_queue pops the "largest"
            return rank != o.rank ? rank > o.rank : pos > o.pos;
        }
    };
    auto find_merge = [&](int32_t a, int32_t b) -> const Merge* {
        const auto it = merges_.find(pair_key(a, b));
        return it == merges_.end() ? nullptr : &it->second;
    };
    std::priority_queue<Candidate> queue;
    for (std::size_t k = 0; k + 1 < syms.size(); ++k)
        if (const Merge* m = find_merge(syms[k].id, syms[k + 1].id))
            queue.push({m->rank, static_cast<int32_t>(k), m->new_id});

    while (!queue.empty()) {
        const Candidate top = queue.top();
        queue.pop();
        Symbol& left = syms[top.pos];
        if (left.len == 0 || left.next < 0) continue;
        const int32_t right_pos = left.next;
        const Symbol right = syms[right_pos];
        // Skip entries made stale by an earlier merge of either side.
        const Merge* current = find_merge(left.id, right.id);
        if (!current || current->new_id != top.new_id) continue;

        left.id = top.new_id;
        left.len += right.len;
        left.next = right.next;
        syms[right_pos].len = 0;
        if (right.next >= 0) syms[right.next].prev = top.pos;

        if (left.prev >= 0)
            if (const Merge* m = find_merge(syms[left.prev].id, left.id))
                queue.push({m->rank, left.prev, m->new_id});
        if (left.next >= 0)
            if (const Merge* m = find_merge(left.id, syms[left.next].id))
                queue.push({m->rank, top.pos, m->new_id});
    }
    for (const Symbol& s : syms)
        if (s.len != 0) out.push_back(s.id);
}

} // namespace specscope::tok
