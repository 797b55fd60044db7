// Tokenizer: loads tokenizer.json and runs the Hugging Face pipeline
//   added tokens -> normalizer -> pre-tokenizer -> BPE -> post-processor
// for encoding, and vocabulary -> decoder chain for decoding. The pipeline
// parts live in tokenizer_{text,normalize,pretokenize,bpe,decode}.cpp.
#include "model/tokenizer.h"

#include "model/tokenizer_bpe.h"
#include "model/tokenizer_decode.h"
#include "model/tokenizer_normalize.h"
#include "model/tokenizer_pretokenize.h"
#include "model/tokenizer_text.h"
#include "util/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace specscope {

using namespace tok;

namespace {

struct AddedToken {
    int32_t id = 0;
    std::string content;
    bool special = false;
    bool single_word = false;
    bool lstrip = false;
    bool rstrip = false;
    bool normalized = false;
};

// Leftmost-longest matching of added tokens, like HF's Aho-Corasick
// (MatchKind::LeftmostLongest): a byte trie walked from each position.
class TokenMatcher {
public:
    void add(const std::string& pattern, int32_t token_index) {
        if (pattern.empty()) return;
        int32_t node = 0;
        for (const char ch : pattern) {
            const auto c = static_cast<unsigned char>(ch);
            auto& edges = nodes_[node].edges;
            auto it = std::find_if(edges.begin(), edges.end(), [c](const auto& e) { return e.first == c; });
            if (it == edges.end()) {
                nodes_.push_back({});
                const auto child = static_cast<int32_t>(nodes_.size() - 1);
                nodes_[node].edges.emplace_back(c, child);  // re-fetch: push_back may move nodes_
                node = child;
            } else {
                node = it->second;
            }
        }
        nodes_[node].token = token_index;
        first_byte_[static_cast<unsigned char>(pattern[0])] = true;
        empty_ = false;
    }
    bool empty() const { return empty_; }
    // The longest pattern starting at s[i]: (end, token index), or token index -1.
    std::pair<std::size_t, int32_t> longest_at(std::string_view s, std::size_t i) const {
        std::pair<std::size_t, int32_t> best{i, -1};
        if (!first_byte_[static_cast<unsigned char>(s[i])]) return best;
        int32_t node = 0;
        for (std::size_t k = i; k < s.size(); ++k) {
            const auto c = static_cast<unsigned char>(s[k]);
            const auto& edges = nodes_[node].edges;
            auto it = std::find_if(edges.begin(), edges.end(), [c](const auto& e) { return e.first == c; });
            if (it == edges.end()) break;
            node = it->second;
            if (nodes_[node].token >= 0) best = {k + 1, nodes_[node].token};
        }
        return best;
    }

private:
    struct Node {
        std::vector<std::pair<unsigned char, int32_t>> edges;
        int32_t token = -1;
    };
    std::vector<Node> nodes_{1};
    bool first_byte_[256] = {};
    bool empty_ = true;
};

// A part of the input: plain text to tokenize, or an added token.
struct Part {
    std::size_t begin;
    std::size_t end;
    int32_t token;  // index into Impl::added, or -1 for text
};

// The character that ends just before byte offset `end` (end > 0).
char32_t char_before(std::string_view s, std::size_t end) {
    std::size_t b = end - 1;
    while (b > 0 && (static_cast<unsigned char>(s[b]) & 0xC0) == 0x80) --b;
    return utf8_next(s, b);
}

// One item of a TemplateProcessing "single" template: the ids of a special
// token, or (empty) the sequence being encoded.
struct TemplateItem {
    bool is_sequence = false;
    std::vector<int32_t> ids;
};
using Template = std::vector<TemplateItem>;

uint64_t fnv1a(uint64_t h, std::string_view data) {
    for (const char c : data) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    return h;
}

std::string strip_json_exception_prefix(const char* what) {
    // "[json.exception.parse_error.101] parse error at line 1, ..." -> "parse error at line 1, ..."
    std::string s = what;
    if (!s.empty() && s[0] == '[') {
        const std::size_t close = s.find("] ");
        if (close != std::string::npos) s.erase(0, close + 2);
    }
    return s;
}

std::optional<std::string> token_name(const nlohmann::json& j) {
    if (j.is_string()) return j.get<std::string>();
    if (j.is_object() && j.contains("content") && j["content"].is_string()) return j["content"].get<std::string>();
    return std::nullopt;
}

} // namespace

struct Tokenizer::Impl {
    std::string path;
    std::unique_ptr<Normalizer> normalizer;
    std::unique_ptr<PreTokenizer> pre_tokenizer;
    std::unique_ptr<BpeModel> model;
    std::vector<Template> post_processors;  // applied in order when add_special_tokens
    std::unique_ptr<Decoder> decoder;

    std::vector<AddedToken> added;
    std::unordered_map<std::string, int32_t> added_ids;  // content -> id
    TokenMatcher raw_matcher;         // added tokens with normalized=false, matched on the raw text
    TokenMatcher normalized_matcher;  // normalized=true ones, matched after normalization

    std::vector<std::string> tokens;  // id -> string (added tokens included)
    std::vector<char> has_token;      // ids can have holes
    std::vector<char> special;
    std::optional<int32_t> bos, eos;
    std::string fingerprint;

    void build(const nlohmann::json& j);
    void parse_post_processor(const nlohmann::json& j, bool top_level);
    Template parse_template(const nlohmann::json& single, const nlohmann::json& special_tokens) const;
    std::vector<Part> split_added(std::string_view s, const TokenMatcher& matcher) const;
    void encode_section(std::string section, bool at_start, std::vector<int32_t>& ids) const;
    void compute_fingerprint(const nlohmann::json& j);
    void guess_bos_eos();
};

// ------------------------------------------------------------------ loading

void Tokenizer::Impl::build(const nlohmann::json& j) {
    if (!j.is_object()) throw Error(path, "tokenizer.json must be a JSON object");
    const auto model_it = j.find("model");
    if (model_it == j.end() || !model_it->is_object()) throw Error(path, "no \"model\" object");
    std::string type = component_type(*model_it);
    if (type.empty() && model_it->contains("merges")) type = "BPE";  // old files omit the type
    if (type != "BPE")
        throw Error(path, "unsupported model type \"" + type + "\" (only BPE tokenizers are supported)");

    normalizer = make_normalizer(j.value("normalizer", nlohmann::json()), path);
    pre_tokenizer = make_pre_tokenizer(j.value("pre_tokenizer", nlohmann::json()), path);
    model = std::make_unique<BpeModel>(*model_it, path);
    decoder = make_decoder(j.value("decoder", nlohmann::json()), path);

    // Vocabulary by id; added tokens override the model's entry for their id.
    int32_t max_id = -1;
    for (const auto& [t, id] : model->vocab()) max_id = std::max(max_id, id);
    const nlohmann::json added_json = j.value("added_tokens", nlohmann::json::array());
    for (const auto& a : added_json) {
        AddedToken t;
        t.id = a.at("id").get<int32_t>();
        t.content = a.at("content").get<std::string>();
        t.special = a.value("special", false);
        t.single_word = a.value("single_word", false);
        t.lstrip = a.value("lstrip", false);
        t.rstrip = a.value("rstrip", false);
        t.normalized = a.value("normalized", !t.special);
        if (t.id < 0) throw Error(path, "added token \"" + t.content + "\" has a negative id");
        if (t.content.empty()) continue;  // HF ignores empty added tokens
        max_id = std::max(max_id, t.id);
        added.push_back(std::move(t));
    }
    tokens.assign(static_cast<std::size_t>(max_id + 1), std::string());
    has_token.assign(tokens.size(), 0);
    special.assign(tokens.size(), 0);
    for (const auto& [t, id] : model->vocab()) {
        tokens[id] = t;
        has_token[id] = 1;
    }
    for (std::size_t k = 0; k < added.size(); ++k) {
        const AddedToken& t = added[k];
        tokens[t.id] = t.content;
        has_token[t.id] = 1;
        special[t.id] = t.special;
        added_ids[t.content] = t.id;
        if (t.normalized) {
            std::string n = t.content;
            if (normalizer) normalizer->normalize(n);
            normalized_matcher.add(n, static_cast<int32_t>(k));
        } else {
            raw_matcher.add(t.content, static_cast<int32_t>(k));
        }
    }

    parse_post_processor(j.value("post_processor", nlohmann::json()), true);
    guess_bos_eos();
    compute_fingerprint(j);
}

Template Tokenizer::Impl::parse_template(const nlohmann::json& single, const nlohmann::json& special_tokens) const {
    auto special_ids = [&](const std::string& name) {
        const auto it = special_tokens.find(name);
        if (it == special_tokens.end())
            throw Error(path, "TemplateProcessing uses \"" + name + "\" but does not define it in special_tokens");
        return it->at("ids").get<std::vector<int32_t>>();
    };
    Template out;
    if (single.is_string()) {
        // Short form: "<s> $A" or "$A:0 </s>:0"
        std::istringstream words(single.get<std::string>());
        for (std::string w; words >> w;) {
            const std::string name = w.substr(0, w.find(':'));
            if (name.empty()) continue;
            if (name[0] == '$') {
                if (name == "$A" || name == "$" || name == "$0") out.push_back({true, {}});
            } else {
                out.push_back({false, special_ids(name)});
            }
        }
        return out;
    }
    for (const auto& item : single) {
        if (item.contains("Sequence")) {
            if (item["Sequence"].value("id", std::string("A")) == "A") out.push_back({true, {}});
        } else if (item.contains("SpecialToken")) {
            out.push_back({false, special_ids(item["SpecialToken"].at("id").get<std::string>())});
        } else {
            throw Error(path, "unsupported TemplateProcessing item " + item.dump());
        }
    }
    return out;
}

void Tokenizer::Impl::parse_post_processor(const nlohmann::json& j, bool top_level) {
    if (j.is_null()) return;
    const std::string type = component_type(j);
    if (type == "ByteLevel") return;  // only trims offsets, which we do not report
    if (type == "TemplateProcessing") {
        post_processors.push_back(parse_template(j.at("single"), j.value("special_tokens", nlohmann::json::object())));
    } else if (type == "RobertaProcessing" || type == "BertProcessing") {
        // {"cls": ["<s>", 0], "sep": ["</s>", 2]}: cls $A sep
        post_processors.push_back({{false, {j.at("cls").at(1).get<int32_t>()}},
                                   {true, {}},
                                   {false, {j.at("sep").at(1).get<int32_t>()}}});
    } else if (type == "Sequence" && top_level) {
        for (const auto& p : j.at("processors")) parse_post_processor(p, false);
    } else {
        throw Error(path, "unsupported post-processor type \"" + type + "\"");
    }
}

void Tokenizer::Impl::guess_bos_eos() {
    // tokenizer.json does not name BOS/EOS. The BOS is what the template puts
    // first; otherwise (and for EOS) we look for the usual names. load()
    // prefers tokenizer_config.json next to the file when there is one.
    for (const Template& t : post_processors)
        if (!t.empty() && !t.front().is_sequence && !t.front().ids.empty()) {
            bos = t.front().ids.front();
            break;
        }
    auto find_first = [&](std::initializer_list<const char*> names) -> std::optional<int32_t> {
        for (const char* n : names) {
            const auto it = added_ids.find(n);
            if (it != added_ids.end()) return it->second;
            const auto v = model->vocab().find(n);
            if (v != model->vocab().end()) return v->second;
        }
        return std::nullopt;
    };
    if (!bos) bos = find_first({"<|begin_of_text|>", "<s>", "<bos>", "<|startoftext|>"});
    eos = find_first({"<|end_of_text|>", "<|endoftext|>", "</s>", "<eos>", "<|im_end|>", "<|eot_id|>"});
}

// FNV-1a over everything that decides which ids a text gets: the vocabulary
// in id order, the merges in rank order, the added tokens and the normalizer,
// pre-tokenizer and model options. Post-processor and decoder are left out:
// they do not change how text maps onto the vocabulary.
void Tokenizer::Impl::compute_fingerprint(const nlohmann::json& j) {
    uint64_t h = 0xcbf29ce484222325ULL;
    const std::string sep(1, '\0');
    h = fnv1a(h, "vocab");
    std::vector<std::pair<int32_t, const std::string*>> by_id;
    by_id.reserve(model->vocab().size());
    for (const auto& [t, id] : model->vocab()) by_id.emplace_back(id, &t);
    std::sort(by_id.begin(), by_id.end(), [](const auto& x, const auto& y) {
        return x.first != y.first ? x.first < y.first : *x.second < *y.second;  // deterministic on shared ids
    });
    for (const auto& [id, t] : by_id) h = fnv1a(fnv1a(fnv1a(h, std::to_string(id)), sep), *t + sep);
    h = fnv1a(h, "merges");
    for (const auto& [a, b] : model->merges()) h = fnv1a(h, std::to_string(a) + ' ' + std::to_string(b) + sep);
    h = fnv1a(h, "added");
    std::vector<const AddedToken*> sorted;
    for (const AddedToken& t : added) sorted.push_back(&t);
    std::sort(sorted.begin(), sorted.end(), [](const auto* x, const auto* y) { return x->id < y->id; });
    for (const AddedToken* t : sorted) {
        const std::string flags{char('0' + t->special), char('0' + t->single_word), char('0' + t->lstrip),
                                char('0' + t->rstrip), char('0' + t->normalized)};
        h = fnv1a(h, std::to_string(t->id) + sep + t->content + sep + flags + sep);
    }
    // nlohmann::json keeps object keys sorted, so dump() is canonical.
    nlohmann::json options = nlohmann::json::object();
    for (const auto& [key, value] : j.at("model").items())
        if (key != "vocab" && key != "merges") options[key] = value;
    h = fnv1a(h, options.dump());
    h = fnv1a(h, j.value("normalizer", nlohmann::json()).dump());
    h = fnv1a(h, j.value("pre_tokenizer", nlohmann::json()).dump());
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    fingerprint = hex;
}

Tokenizer::Tokenizer() : impl_(std::make_unique<Impl>()) {}
Tokenizer::~Tokenizer() = default;

std::unique_ptr<Tokenizer> Tokenizer::from_json(const nlohmann::json& j, const std::string& path_for_errors) {
    std::unique_ptr<Tokenizer> t(new Tokenizer());
    t->impl_->path = path_for_errors;
    try {
        t->impl_->build(j);
    } catch (const Error&) {
        throw;
    } catch (const nlohmann::json::exception& e) {
        throw Error(path_for_errors, "invalid tokenizer.json: " + strip_json_exception_prefix(e.what()));
    }
    return t;
}

std::unique_ptr<Tokenizer> Tokenizer::load(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path, std::string("cannot open tokenizer file: ") + std::strerror(errno));
    std::ostringstream buf;
    buf << in.rdbuf();
    if (in.bad()) throw Error(path, "cannot read tokenizer file");
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(buf.str());
    } catch (const nlohmann::json::parse_error& e) {
        throw Error(path, "malformed JSON: " + strip_json_exception_prefix(e.what()));
    }
    std::unique_ptr<Tokenizer> t = from_json(j, path);

    // BOS/EOS as the model's authors declared them, if tokenizer_config.json
    // sits next to the file (an explicit null means "none"). It is optional,
    // so a broken one is ignored rather than fatal.
    const std::size_t slash = path.find_last_of('/');
    const std::string config_path = (slash == std::string::npos ? std::string() : path.substr(0, slash + 1)) +
                                    "tokenizer_config.json";
    std::ifstream cin(config_path, std::ios::binary);
    if (cin) {
        const nlohmann::json config = nlohmann::json::parse(cin, nullptr, /*allow_exceptions=*/false);
        if (config.is_object()) {
            for (auto [key, slot] : {std::pair{"bos_token", &t->impl_->bos}, std::pair{"eos_token", &t->impl_->eos}}) {
                const auto it = config.find(key);
                if (it == config.end()) continue;
                if (it->is_null()) {
                    *slot = std::nullopt;
                } else if (const auto name = token_name(*it)) {
                    if (const auto id = t->token_to_id(*name)) *slot = id;
                }
            }
        }
    }
    return t;
}

// ------------------------------------------------------------------ encoding

// HF's AddedVocabulary::find_matches: cut s around the added tokens the
// matcher finds, honouring single_word, lstrip and rstrip.
std::vector<Part> Tokenizer::Impl::split_added(std::string_view s, const TokenMatcher& matcher) const {
    std::vector<Part> parts;
    if (s.empty()) return parts;
    if (matcher.empty()) {
        parts.push_back({0, s.size(), -1});
        return parts;
    }
    std::size_t done = 0;  // end of the last emitted part
    for (std::size_t i = 0; i < s.size();) {
        const auto [end, index] = matcher.longest_at(s, i);
        if (index < 0) {
            ++i;
            continue;
        }
        std::size_t start = i, stop = end;
        i = end;
        const AddedToken& t = added[index];
        if (t.single_word) {
            const bool space_before = start == 0 || !is_word_char(char_before(s, start));
            std::size_t k = stop;
            const bool space_after = stop == s.size() || !is_word_char(utf8_next(s, k));
            if (!space_before || !space_after) continue;
        }
        if (t.lstrip) {
            // Take in the whitespace on the left, but not what an earlier match took.
            while (start > done) {
                std::size_t p = start - 1;
                while (p > done && (static_cast<unsigned char>(s[p]) & 0xC0) == 0x80) --p;
                std::size_t k = p;
                if (!is_whitespace(utf8_next(s, k))) break;
                start = p;
            }
        }
        if (t.rstrip) {
            while (stop < s.size()) {
                std::size_t k = stop;
                if (!is_whitespace(utf8_next(s, k))) break;
                stop = k;
            }
            i = stop;
        }
        if (start > done) parts.push_back({done, start, -1});
        parts.push_back({start, stop, index});
        done = stop;
    }
    if (done < s.size()) parts.push_back({done, s.size(), -1});
    return parts;
}

void Tokenizer::Impl::encode_section(std::string section, bool at_start, std::vector<int32_t>& ids) const {
    std::vector<PreToken> pieces;
    pieces.push_back({std::move(section), at_start});
    if (pre_tokenizer) pre_tokenizer->pre_tokenize(pieces);
    for (const PreToken& p : pieces) model->encode_word(p.text, ids);
}

std::vector<int32_t> Tokenizer::encode(std::string_view text, bool add_special_tokens) const {
    const Impl& m = *impl_;
    // The pipeline (and PCRE2) needs valid UTF-8; broken bytes become U+FFFD.
    std::string repaired;
    if (!utf8_valid(text)) {
        repaired = utf8_lossy(text);
        text = repaired;
    }
    std::vector<int32_t> ids;
    ids.reserve(text.size() / 3 + 4);
    // Added tokens are found before normalization (HF: normalized=false
    // ones on the raw text, normalized=true ones on the normalized text).
    for (const Part& part : m.split_added(text, m.raw_matcher)) {
        if (part.token >= 0) {
            ids.push_back(m.added[part.token].id);
            continue;
        }
        std::string piece(text.substr(part.begin, part.end - part.begin));
        if (m.normalizer) m.normalizer->normalize(piece);
        for (const Part& sub : m.split_added(piece, m.normalized_matcher)) {
            if (sub.token >= 0) ids.push_back(m.added[sub.token].id);
            else
                m.encode_section(piece.substr(sub.begin, sub.end - sub.begin), part.begin == 0 && sub.begin == 0,
                                 ids);
        }
    }
    if (add_special_tokens) {
        for (const Template& t : m.post_processors) {
            std::vector<int32_t> out;
            out.reserve(ids.size() + 4);
            for (const TemplateItem& item : t) {
                if (item.is_sequence) out.insert(out.end(), ids.begin(), ids.end());
                else out.insert(out.end(), item.ids.begin(), item.ids.end());
            }
            ids = std::move(out);
        }
    }
    return ids;
}

// ------------------------------------------------------------------ decoding

std::string Tokenizer::decode(const std::vector<int32_t>& ids, bool skip_special_tokens) const {
    const Impl& m = *impl_;
    std::vector<std::string> tokens;
    tokens.reserve(ids.size());
    for (const int32_t id : ids) {
        // Unknown ids are skipped, as HF does.
        if (id < 0 || static_cast<std::size_t>(id) >= m.tokens.size() || !m.has_token[id]) continue;
        if (skip_special_tokens && m.special[id]) continue;
        tokens.push_back(m.tokens[id]);
    }
    std::string text;
    if (m.decoder) {
        m.decoder->decode_chain(tokens);
        for (const std::string& t : tokens) text += t;
    } else {
        // No decoder: HF joins the token strings with spaces.
        for (std::size_t k = 0; k < tokens.size(); ++k) {
            if (k) text += ' ';
            text += tokens[k];
        }
    }
    return text;
}

namespace {
bool ends_with_replacement(const std::string& s) {
    return s.size() >= 3 && s.compare(s.size() - 3, 3, "\xEF\xBF\xBD") == 0;
}
} // namespace

Tokenizer::StreamDecoder::StreamDecoder(const Tokenizer& tok) : tok_(tok) {}

// Decodes a short window of recent ids and returns what was not emitted yet.
// While the text ends in U+FFFD the last token may have stopped inside a
// multi-byte character, so nothing is emitted until a later token completes it.
std::string Tokenizer::StreamDecoder::feed(int32_t id) {
    ids_.push_back(id);
    const std::string text = tok_.decode(ids_);
    if (ends_with_replacement(text) || text.size() <= emitted_bytes_) return {};
    std::string out = text.substr(emitted_bytes_);
    emitted_bytes_ = text.size();

    // Keep the window short so each feed costs O(1): restart it at a recent
    // token whose decoded tail is clean (no U+FFFD) and equal to the end of
    // the full text, so decoding window + next id still extends the output
    // exactly (Strip/Metaspace decoders only touch the window's first token).
    constexpr std::size_t kMaxWindow = 12, kMinKeep = 4;
    if (ids_.size() > kMaxWindow) {
        for (std::size_t keep = kMinKeep; keep <= kMinKeep + 4 && keep < ids_.size(); ++keep) {
            const std::vector<int32_t> window(ids_.end() - static_cast<std::ptrdiff_t>(keep), ids_.end());
            const std::string tail = tok_.decode(window);
            if (tail.empty() || tail.find("\xEF\xBF\xBD") != std::string::npos || tail.size() > text.size() ||
                text.compare(text.size() - tail.size(), tail.size(), tail) != 0)
                continue;
            ids_ = window;
            emitted_bytes_ = tail.size();
            break;
        }
    }
    return out;
}

std::string Tokenizer::StreamDecoder::flush() {
    const std::string text = tok_.decode(ids_);
    std::string out = text.size() > emitted_bytes_ ? text.substr(emitted_bytes_) : std::string();
    ids_.clear();
    emitted_bytes_ = 0;
    return out;
}

// ------------------------------------------------------------------ vocabulary

int32_t Tokenizer::vocab_size() const { return static_cast<int32_t>(impl_->tokens.size()); }

std::optional<int32_t> Tokenizer::token_to_id(const std::string& token) const {
    const auto a = impl_->added_ids.find(token);
    if (a != impl_->added_ids.end()) return a->second;
    const auto v = impl_->model->vocab().find(token);
    if (v != impl_->model->vocab().end()) return v->second;
    return std::nullopt;
}

std::string Tokenizer::id_to_token(int32_t id) const {
    if (id < 0 || static_cast<std::size_t>(id) >= impl_->tokens.size()) return {};
    return impl_->tokens[id];
}

bool Tokenizer::is_special(int32_t id) const {
    return id >= 0 && static_cast<std::size_t>(id) < impl_->special.size() && impl_->special[id];
}

std::optional<int32_t> Tokenizer::bos_id() const { return impl_->bos; }
std::optional<int32_t> Tokenizer::eos_id() const { return impl_->eos; }
std::string Tokenizer::fingerprint() const { return impl_->fingerprint; }

} // namespace specscope
