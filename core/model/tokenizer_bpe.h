// The BPE model of tokenizer.json ("model": {"type": "BPE", ...}): vocab,
// merges (as "a b" strings or ["a", "b"] pairs), ignore_merges (Llama 3),
// byte_fallback with <0xNN> tokens (Llama 2), unk_token and fuse_unk.
// Results are cached per word, so repeated words cost one hash lookup.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace specscope::tok {

class BpeModel {
public:
    // Throws Error(path, ...) for a non-BPE type, a missing vocab, or merges
    // that name tokens outside the vocab.
    BpeModel(const nlohmann::json& model, const std::string& path);

    // Appends the ids of one pre-tokenized word. Thread-safe.
    void encode_word(std::string_view word, std::vector<int32_t>& out) const;

    const std::unordered_map<std::string, int32_t>& vocab() const { return vocab_; }
    // Merges in rank order, as (left id, right id).
    const std::vector<std::pair<int32_t, int32_t>>& merges() const { return merge_list_; }

private:
    void encode_cached(std::string_view word, std::vector<int32_t>& out) const;
    void merge_word(std::string_view word, std::vector<int32_t>& out) const;
    const std::unordered_set<uint64_t>& merged_bigrams() const;
    std::optional<int32_t> lookup(std::string_view s) const;

    struct Merge {
        int32_t rank;
        int32_t new_id;
    };
    static uint64_t pair_key(int32_t a, int32_t b) {
        return (static_cast<uint64_t>(static_cast<uint32_t>(a)) << 32) | static_cast<uint32_t>(b);
    }

    std::unordered_map<std::string, int32_t> vocab_;
    std::unordered_map<uint64_t, Merge> merges_;
    std::vector<std::pair<int32_t, int32_t>> merge_list_;
    std::optional<int32_t> unk_id_;
    bool fuse_unk_ = false;
    bool byte_fallback_ = false;
    bool ignore_merges_ = false;
    std::string continuing_subword_prefix_;
    std::string end_of_word_suffix_;
    int32_t byte_ids_[256];  // id of "<0xNN>", or -1

    // Word -> ids. Long words are not cached: they rarely repeat and would
    // bloat the map.
    static constexpr std::size_t kMaxCachedWordBytes = 256;
    static constexpr std::size_t kMaxCacheEntries = 200000;
    mutable std::mutex cache_mutex_;
    mutable std::unordered_map<std::string, std::vector<int32_t>> cache_;

    // Long words (Llama 2 has no pre-tokenizer, so a whole paragraph is one
    // word) are cut where no merge can ever join the two sides: between
    // characters x and y such that "xy" occurs in no merged token. Each piece
    // then gives the same ids as the whole would, and can be cached.
    bool cuttable_ = false;
    mutable std::once_flag bigrams_once_;
    mutable std::unordered_set<uint64_t> bigrams_;  // (x << 32 | y) of adjacent chars in merged tokens
};

} // namespace specscope::tok
