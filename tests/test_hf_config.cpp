// config.json of each supported family is read into the right architecture,
// and a bad one names the file and the field.
#include <QtTest>

#include "model/hf_config.h"
#include "util/error.h"

using namespace specscope;
using nlohmann::json;

namespace {

QString error_of(const json& j) {
    try {
        parse_model_config(j, "/models/x/config.json");
    } catch (const Error& e) {
        return QString::fromStdString(e.what());
    }
    return "PARSED";
}

json llama() {
    return make_llama_config_json(32000, 4096, 11008, 32, 32, 8, 4096);
}

} // namespace

class TestHfConfig : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void llama_with_gqa() {
        ModelConfig c = parse_model_config(llama(), "c.json");
        QCOMPARE(c.model_type, std::string("llama"));
        QCOMPARE(c.head_dim, 128);
        QCOMPARE(c.num_kv_heads, 8);
        QVERIFY(c.norm == NormKind::RMSNorm && c.mlp == MlpKind::Gated && c.activation == Activation::SiLU);
        QVERIFY(c.positions == PositionKind::Rope && !c.qkv_bias && !c.tie_word_embeddings);
    }
    void llama3_rope_scaling() {
        json j = llama();
        j["rope_theta"] = 500000.0;
        j["rope_scaling"] = {{"rope_type", "llama3"}, {"factor", 8.0}, {"low_freq_factor", 1.0},
                             {"high_freq_factor", 4.0}, {"original_max_position_embeddings", 8192}};
        j["eos_token_id"] = {128001, 128008, 128009};
        ModelConfig c = parse_model_config(j, "c.json");
        QCOMPARE(c.rope_scaling.type, std::string("llama3"));
        QCOMPARE(c.rope_scaling.original_max_position_embeddings, 8192);
        QCOMPARE(c.rope_theta, 500000.0);
        QCOMPARE(c.eos_token_ids, (std::vector<int>{128001, 128008, 128009}));
    }
    void transformers5_rope_parameters() {
        // transformers 5 writes rope_theta and the scaling into one "rope_parameters" object.
        json j = llama();
        j.erase("rope_theta");
        j["rope_parameters"] = {{"rope_theta", 500000.0}, {"rope_type", "llama3"}, {"factor", 8.0},
                                {"low_freq_factor", 1.0}, {"high_freq_factor", 4.0},
                                {"original_max_position_embeddings", 8192}};
        ModelConfig c = parse_model_config(j, "c.json");
        QCOMPARE(c.rope_theta, 500000.0);
        QCOMPARE(c.rope_scaling.type, std::string("llama3"));
        QCOMPARE(c.rope_scaling.factor, 8.0);
        j["rope_parameters"] = {{"rope_theta", 1000.0}, {"rope_type", "default"}};
        c = parse_model_config(j, "c.json");
        QCOMPARE(c.rope_theta, 1000.0);
        QCOMPARE(c.rope_scaling.type, std::string("default"));
    }
    void qwen2_has_qkv_bias_and_tied_embeddings() {
        json j = llama();
        j["model_type"] = "qwen2";
        j["tie_word_embeddings"] = true;
        j["use_sliding_window"] = false;
        j["sliding_window"] = 32768;
        ModelConfig c = parse_model_config(j, "c.json");
        QVERIFY(c.qkv_bias && !c.attn_out_bias && c.tie_word_embeddings);
        QCOMPARE(c.sliding_window, 0);
    }
    void qwen3_has_qk_norm_and_explicit_head_dim() {
        json j = llama();
        j["model_type"] = "qwen3";
        j["head_dim"] = 256;
        ModelConfig c = parse_model_config(j, "c.json");
        QVERIFY(c.qk_norm);
        QCOMPARE(c.head_dim, 256);
    }
    void mistral_sliding_window() {
        json j = llama();
        j["model_type"] = "mistral";
        j["sliding_window"] = 4096;
        QCOMPARE(parse_model_config(j, "c.json").sliding_window, 4096);
        j["sliding_window"] = nullptr;
        QCOMPARE(parse_model_config(j, "c.json").sliding_window, 0);
    }
    void gpt2() {
        json j = {{"model_type", "gpt2"}, {"vocab_size", 50257}, {"n_embd", 768}, {"n_layer", 12},
                  {"n_head", 12},       {"n_positions", 1024}, {"activation_function", "gelu_new"}};
        ModelConfig c = parse_model_config(j, "c.json");
        QVERIFY(c.norm == NormKind::LayerNorm && c.positions == PositionKind::Learned && c.mlp == MlpKind::Plain);
        QVERIFY(c.activation == Activation::GeluTanh && c.qkv_bias && c.attn_out_bias && c.tie_word_embeddings);
        QCOMPARE(c.intermediate_size, 3072);
        QCOMPARE(c.head_dim, 64);
    }
    void errors_name_file_and_field() {
        json j = llama();
        j.erase("hidden_size");
        QString e = error_of(j);
        QVERIFY2(e.contains("/models/x/config.json") && e.contains("hidden_size"), qPrintable(e));

        j = llama();
        j["num_attention_heads"] = "32";
        e = error_of(j);
        QVERIFY2(e.contains("num_attention_heads") && e.contains("integer"), qPrintable(e));

        j = llama();
        j["num_key_value_heads"] = 5;
        QVERIFY(error_of(j).contains("not a multiple"));

        j = llama();
        j["model_type"] = "mamba";
        QVERIFY(error_of(j).contains("unsupported model_type \"mamba\""));

        j = llama();
        j.erase("model_type");
        QVERIFY(error_of(j).contains("model_type"));

        j = llama();
        j["rope_scaling"] = {{"type", "longrope"}, {"factor", 2.0}};
        QVERIFY(error_of(j).contains("longrope"));

        j = llama();
        j["hidden_act"] = "swiglu2";
        QVERIFY(error_of(j).contains("swiglu2"));

        QVERIFY(error_of(json::array()).contains("JSON object"));
        j = llama();
        j["num_hidden_layers"] = -3;
        QVERIFY(error_of(j).contains("out of range"));
    }
    void missing_and_malformed_files() {
        try {
            load_model_config("/nonexistent/config.json");
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(QString::fromStdString(e.file()), QString("/nonexistent/config.json"));
        }
    }
};

QTEST_APPLESS_MAIN(TestHfConfig)
#include "test_hf_config.moc"
