// Tests of the byte-level BPE trainer (core/train/bpe_trainer): the trained
// tokenizer.json has the requested size, loads in our runtime Tokenizer and
// round-trips text exactly, learns frequent words, is deterministic, matches
// a slow textbook BPE merge for merge, and bad input gives errors that name
// the corpus file.
#include "train/bpe_trainer.h"

#include "model/tokenizer.h"
#include "model/tokenizer_pretokenize.h"
#include "util/error.h"

#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <fstream>
#include <memory>
#include <map>
#include <set>
#include <string>
#include <vector>

using nlohmann::json;
using specscope::BpeTrainOptions;
using specscope::Error;
using specscope::Tokenizer;
using specscope::train_bpe_tokenizer;

namespace {

// Deterministic pseudo-random numbers (the test must not depend on the
// standard library's distributions, which differ between implementations).
struct Lcg {
    uint64_t state;
    uint32_t next() {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<uint32_t>(state >> 33);
    }
    // Skewed towards small indices, so some words are much more frequent.
    size_t skewed(size_t n) { return (size_t(next()) % n) * (size_t(next()) % n) / n; }
};

const std::vector<std::string> kWords = {
    "the", "and", "of", "to", "a", "in", "is", "that", "for", "it", "with", "as", "was", "on", "be", "by",
    "this", "are", "from", "or", "function", "value", "return", "tokenizer", "model", "string", "number",
    "list", "file", "data", "speculative", "decoding", "draft", "target", "token", "merge", "pair", "count",
    "python", "module", "error", "object", "class", "method", "water", "light", "earth", "heaven", "day",
    "night", "said", "unto", "them", "shall", "people", "program", "standard", "software", "free", "manual"};
const std::vector<std::string> kContractions = {"don't", "it's", "we're", "they've", "I'm", "you'll", "she'd"};
const std::vector<std::string> kUnicode = {
    "日本語のテキストです。", "中文文本和标点，", "Привет, мир!", "café naïve façade", "Ελληνικά γράμματα",
    "emoji 😀🚀👍🏽 mixed", "العربية نص", "한국어 문장", "math ∑ ∫ ≤ ≠ ∞", "ñandú über straße"};
const std::vector<std::string> kCode = {
    "def add(x, y):\n    return x + y  # sum\n",
    "for (int i = 0; i < n; ++i) {\n\tsum += a[i];\n}\n",
    "if value is None:\n        raise ValueError(\"missing value\")\n",
    "std::vector<int32_t> ids = tokenizer.encode(text);\n",
    "    x = {'key': [1, 2, 3], \"other\": 4.5e-3}\r\n",
    "SELECT name, count(*) FROM tokens WHERE id > 42;\n"};

// Mixed English-like prose, code, numbers, rare random words and non-Latin
// text with assorted whitespace, about `bytes` long.
std::string make_corpus(size_t bytes, uint64_t seed) {
    Lcg rng{seed};
    std::string out;
    while (out.size() < bytes) {
        const uint32_t kind = rng.next() % 10;
        if (kind < 6) {  // a sentence
            const size_t n = 4 + rng.next() % 14;
            for (size_t k = 0; k < n; ++k) {
                std::string w = kWords[rng.skewed(kWords.size())];
                if (k == 0) w[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(w[0])));
                out += w;
                const uint32_t r = rng.next() % 40;
                out += r == 0 ? ", " : r == 1 ? "  " : r == 2 ? " " + std::to_string(rng.next() % 2000) + " " : " ";
                if (r == 3) out += kContractions[rng.next() % kContractions.size()] + " ";
                if (r == 4) {  // a rare made-up word, so there are many distinct words
                    for (uint32_t len = 3 + rng.next() % 8; len > 0; --len) out += static_cast<char>('a' + rng.next() % 26);
                    out += ' ';
                }
            }
            out += rng.next() % 3 ? ".\n" : ".\n\n";
        } else if (kind < 8) {
            out += kCode[rng.next() % kCode.size()];
        } else {
            out += kUnicode[rng.next() % kUnicode.size()];
            out += rng.next() % 2 ? "\n" : " ";
        }
    }
    return out;
}

void write_file(const std::string& path, const std::string& data) {
    std::ofstream f(path, std::ios::binary);
    f << data;
}

// A textbook BPE trainer: recounts every pair before every merge. Same rules
// as the real one (most frequent pair, ties to the smallest (left, right)
// strings, a string made twice keeps one id), so the merges must be equal.
std::vector<std::string> naive_merges(const std::string& text, int vocab_size, int min_frequency) {
    auto pre = specscope::tok::make_pre_tokenizer(
        {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", true}}, "naive");
    std::vector<specscope::tok::PreToken> pieces{{text, true}};
    pre->pre_tokenize(pieces);
    std::map<std::string, int64_t> counts;
    for (const auto& p : pieces) ++counts[p.text];
    std::vector<std::pair<std::vector<std::string>, int64_t>> words;
    for (const auto& [w, n] : counts) {
        std::vector<std::string> chars;
        for (size_t i = 0; i < w.size();) {  // split into UTF-8 characters (each one byte's stand-in)
            size_t len = (static_cast<unsigned char>(w[i]) < 0x80) ? 1 : 2;
            chars.push_back(w.substr(i, len));
            i += len;
        }
        words.emplace_back(std::move(chars), n);
    }
    std::set<std::string> vocab;
    std::vector<std::string> merges;
    while (256 + static_cast<int>(vocab.size()) + 1 < vocab_size) {
        std::map<std::pair<std::string, std::string>, int64_t> pairs;
        for (const auto& [s, n] : words)
            for (size_t i = 0; i + 1 < s.size(); ++i) pairs[{s[i], s[i + 1]}] += n;
        const std::pair<std::string, std::string>* best = nullptr;
        int64_t best_count = 0;
        for (const auto& [p, n] : pairs)  // map order: the first of equal counts is the smallest pair
            if (n > best_count) best = &p, best_count = n;
        if (!best || best_count < min_frequency) break;
        const auto [l, r] = *best;
        merges.push_back(l + " " + r);
        vocab.insert(l + r);
        for (auto& [s, n] : words) {
            std::vector<std::string> out;
            for (size_t i = 0; i < s.size();) {
                if (i + 1 < s.size() && s[i] == l && s[i + 1] == r) {
                    out.push_back(l + r);
                    i += 2;
                } else {
                    out.push_back(s[i++]);
                }
            }
            s = std::move(out);
        }
    }
    return merges;
}

} // namespace

class TestBpeTrainer : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    std::string corpus_path_;
    std::string corpus_;
    json trained_;  // vocab 1000 on corpus_
    std::unique_ptr<Tokenizer> tok_;

    std::string path(const char* name) const { return dir_.filePath(name).toStdString(); }

    // Expects train_bpe_tokenizer to throw an Error naming `file` whose message contains `part`.
    void expect_error(const std::string& file, const BpeTrainOptions& options, const std::string& part) {
        try {
            train_bpe_tokenizer(file, options);
        } catch (const Error& e) {
            QCOMPARE(QString::fromStdString(e.file()), QString::fromStdString(file));
            QVERIFY2(std::string(e.what()).find(file) != std::string::npos, e.what());
            QVERIFY2(e.problem().find(part) != std::string::npos, e.what());
            return;
        }
        QFAIL(("no error for " + file + " (expected: " + part + ")").c_str());
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        corpus_ = make_corpus(300 * 1024, 7);
        corpus_path_ = path("corpus.txt");
        write_file(corpus_path_, corpus_);
        BpeTrainOptions o;
        o.vocab_size = 1000;
        std::vector<std::string> lines;
        o.progress = [&lines](const std::string& line) { lines.push_back(line); };
        trained_ = train_bpe_tokenizer(corpus_path_, o);
        QVERIFY(!lines.empty());  // progress was reported
        tok_ = Tokenizer::from_json(trained_, corpus_path_ + " (trained)");
    }

    void vocabularyHasExactlyTheRequestedSize() {
        QCOMPARE(tok_->vocab_size(), 1000);
        QCOMPARE(trained_["model"]["vocab"].size(), size_t(1000));
        // 256 bytes + merges + 1 special; no string was made twice in this corpus
        QCOMPARE(trained_["model"]["merges"].size(), size_t(1000 - 256 - 1));
        QCOMPARE(trained_["added_tokens"].size(), size_t(1));
        QCOMPARE(trained_["added_tokens"][0]["id"].get<int>(), 999);
        QVERIFY(trained_["added_tokens"][0]["special"].get<bool>());
        QCOMPARE(tok_->token_to_id("<|endoftext|>").value_or(-1), 999);
        QVERIFY(tok_->is_special(999));
        QCOMPARE(tok_->eos_id().value_or(-1), 999);
        // Byte ids are the byte values, merged tokens follow in merge order.
        QCOMPARE(tok_->id_to_token('A'), std::string("A"));
        QCOMPARE(tok_->id_to_token(' '), std::string("\xC4\xA0"));  // "Ġ"
        QCOMPARE(trained_["pre_tokenizer"]["type"].get<std::string>(), std::string("ByteLevel"));
        QCOMPARE(trained_["pre_tokenizer"]["add_prefix_space"].get<bool>(), false);
        QCOMPARE(trained_["decoder"]["type"].get<std::string>(), std::string("ByteLevel"));
    }

    void roundTripsTextExactly() {
        const std::vector<int32_t> ids = tok_->encode(corpus_, false);
        QVERIFY(ids.size() < corpus_.size() / 2);  // it compresses
        QVERIFY(tok_->decode(ids) == corpus_);
        // Text the corpus never had: other scripts, emoji with modifiers and
        // ZWJ, control characters, long whitespace runs.
        const std::vector<std::string> texts = {
            "", " ", "\n\n\n", "  leading and trailing  ", "tabs\tand\r\nCRLF\n",
            "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 👩‍👩‍👧‍👦 🇩🇪 ✊🏿 and 漢字かなカナ 한글 ﷽",
            "\x01\x02\x7f bell\a", std::string(5000, ' ') + "x", "中文" + std::string(3000, 'z'),
            "I'M SHOUTING, they'RE not", "<|endoftext|>", "a<|endoftext|>b<|endoftext|>",
        };
        for (const std::string& t : texts) {
            const std::vector<int32_t> t_ids = tok_->encode(t, false);
            QVERIFY2(tok_->decode(t_ids) == t, t.substr(0, 60).c_str());
        }
        const std::vector<int32_t> special = tok_->encode("a<|endoftext|>b", false);
        QVERIFY(std::find(special.begin(), special.end(), 999) != special.end());
    }

    void frequentWordsBecomeSingleTokens() {
        for (const char* w : {" the", " and", " function", " tokenizer", " return", "The", " speculative"}) {
            const std::vector<int32_t> ids = tok_->encode(w, false);
            QVERIFY2(ids.size() == 1, w);
        }
        QVERIFY(tok_->token_to_id("\xC4\xA0the").has_value());  // "Ġthe"
        // The most frequent pair of this corpus is merged first: "Ġ" + "t".
        QCOMPARE(trained_["model"]["merges"][0].get<std::string>(), std::string("\xC4\xA0 t"));
    }

    void trainingIsDeterministic() {
        BpeTrainOptions o;
        o.vocab_size = 1000;
        const json again = train_bpe_tokenizer(corpus_path_, o);
        QVERIFY(again.dump() == trained_.dump());
        QCOMPARE(Tokenizer::from_json(again, "again")->fingerprint(), tok_->fingerprint());
    }

    // The incremental pair counts against recounting from scratch, on a
    // corpus over 1 MiB so the pre-tokenizer's chunk cuts are crossed too.
    void matchesTextbookBpe() {
        const std::string text = make_corpus(1100 * 1024, 99);
        const std::string p = path("big.txt");
        write_file(p, text);
        BpeTrainOptions o;
        o.vocab_size = 256 + 1 + 150;
        const json j = train_bpe_tokenizer(p, o);
        const std::vector<std::string> expected = naive_merges(text, o.vocab_size, o.min_frequency);
        QCOMPARE(j["model"]["merges"].get<std::vector<std::string>>(), expected);
        QCOMPARE(Tokenizer::from_json(j, p)->decode(Tokenizer::from_json(j, p)->encode(text, false)), text);
    }

    void minFrequencyStopsEarly() {
        const std::string p = path("tiny.txt");
        write_file(p, "abab abab cdcd\n");
        BpeTrainOptions o;
        o.vocab_size = 300;
        o.min_frequency = 2;
        const json j = train_bpe_tokenizer(p, o);
        // Words "abab", "Ġabab", "Ġcdcd", "\n". (a,b) occurs 4 times; then
        // (ab,ab) and (c,d) twice each, the tie going to the smaller strings;
        // after that every pair occurs once.
        const std::vector<std::string> expected = {"a b", "ab ab", "c d"};
        QCOMPARE(j["model"]["merges"].get<std::vector<std::string>>(), expected);
        const auto t = Tokenizer::from_json(j, p);
        QCOMPARE(t->vocab_size(), 256 + 3 + 1);
        QCOMPARE(t->decode(t->encode("abab abab cdcd\n", false)), std::string("abab abab cdcd\n"));
    }

    void specialTokensInTheCorpusAreNotMerged() {
        const std::string p = path("docs.txt");
        std::string text;
        for (uint64_t k = 0; k < 40; ++k) text += make_corpus(2000, k) + "<|endoftext|>";
        write_file(p, text);
        BpeTrainOptions o;
        o.vocab_size = 400;
        o.special_tokens = {"<|endoftext|>", "<|pad|>"};
        const json j = train_bpe_tokenizer(p, o);
        for (const auto& m : j["model"]["merges"]) {  // make_corpus never writes '|'
            const std::string s = m.get<std::string>();
            QVERIFY2(s.find('|') == std::string::npos, s.c_str());
        }
        const auto t = Tokenizer::from_json(j, p);
        QCOMPARE(t->vocab_size(), 400);
        QCOMPARE(t->token_to_id("<|endoftext|>").value_or(-1), 398);
        QCOMPARE(t->token_to_id("<|pad|>").value_or(-1), 399);
        const std::vector<int32_t> ids = t->encode(text, false);
        QCOMPARE(std::count(ids.begin(), ids.end(), 398), 40L);
        QCOMPARE(t->decode(ids), text);
    }

    void maxBytesTrainsOnAPrefixCutAtALineEnd() {
        BpeTrainOptions o;
        o.vocab_size = 500;
        o.max_bytes = 50000;
        const json limited = train_bpe_tokenizer(corpus_path_, o);
        const std::string prefix = corpus_.substr(0, corpus_.rfind('\n', 49999) + 1);
        const std::string p = path("prefix.txt");
        write_file(p, prefix);
        QCOMPARE(specscope::read_bpe_corpus(corpus_path_, 50000), prefix);
        o.max_bytes = 0;
        QVERIFY(train_bpe_tokenizer(p, o).dump() == limited.dump());
        // No line end before max_bytes: cut at a character boundary instead.
        const std::string q = path("oneline.txt");
        write_file(q, "日本語日本語");  // 3-byte characters
        QCOMPARE(specscope::read_bpe_corpus(q, 7), std::string("日本"));
    }

    void badInputNamesTheFile() {
        BpeTrainOptions o;
        expect_error(path("missing.txt"), o, "cannot open");
        expect_error(dir_.path().toStdString(), o, "directory");

        write_file(path("empty.txt"), "");
        expect_error(path("empty.txt"), o, "empty");
        write_file(path("blank.txt"), " \n\t\r\n");
        expect_error(path("blank.txt"), o, "empty");
        write_file(path("only_special.txt"), "<|endoftext|><|endoftext|>");
        expect_error(path("only_special.txt"), o, "no text");

        write_file(path("latin1.txt"), "hello caf\xE9 au lait\n");
        expect_error(path("latin1.txt"), o, "offset 9");
        write_file(path("overlong.txt"), "ok \xC0\xAF");
        expect_error(path("overlong.txt"), o, "offset 3");
        write_file(path("surrogate.txt"), "ab\xED\xA0\x80");
        expect_error(path("surrogate.txt"), o, "offset 2");
        write_file(path("truncated.txt"), "abc\xE6\x97");
        expect_error(path("truncated.txt"), o, "not valid UTF-8");

        BpeTrainOptions small;
        small.vocab_size = 257;  // 256 bytes + 1 special leaves no merge
        expect_error(corpus_path_, small, "too small");
        small.special_tokens = {"<a>", "<b>", "<c>"};
        small.vocab_size = 259;
        expect_error(corpus_path_, small, "at least 260");
        small.vocab_size = 260;
        QCOMPARE(Tokenizer::from_json(train_bpe_tokenizer(corpus_path_, small), "x")->vocab_size(), 260);

        BpeTrainOptions dup;
        dup.special_tokens = {"<s>", "<s>"};
        expect_error(corpus_path_, dup, "twice");
        BpeTrainOptions byte_special;
        byte_special.special_tokens = {"!"};
        expect_error(corpus_path_, byte_special, "also a byte token");
    }
};

QTEST_APPLESS_MAIN(TestBpeTrainer)
#include "test_bpe_trainer.moc"
