// The trainer: its batched forward is the inference model's forward; training
// lowers the loss; a run stopped and resumed continues the same loss curve;
// bad input is refused with a clear error.
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <fstream>

#include "model/model_loader.h"
#include "model/rope.h"
#include "tiny_model.h"
#include "train/batch_forward.h"
#include "train/trainer.h"
#include "util/error.h"

using namespace specscope;

class TestTrain : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        corpus_ = tmp_.filePath("corpus.txt").toStdString();
        std::ofstream f(corpus_);
        for (int i = 0; i < 200; ++i)
            f << "In the beginning was the word " << i % 7 << ". def f(x): return x + " << i % 5 << "\n";
        tokenizer_ = tmp_.filePath("tokenizer.json").toStdString();
        std::ofstream(tokenizer_) << test::tiny_tokenizer_json().dump();
    }

    void batch_forward_equals_inference_forward_data() {
        QTest::addColumn<QString>("family");
        QTest::newRow("llama") << "llama";
        QTest::newRow("qwen2") << "qwen2";
        QTest::newRow("qwen3") << "qwen3";
        QTest::newRow("gpt2") << "gpt2";
        QTest::newRow("mistral-window-4") << "mistral";
    }
    void batch_forward_equals_inference_forward() {
        QFETCH(QString, family);
        test::TinySpec s;
        s.family = family.toStdString();
        s.sliding_window = 4;  // shorter than the 12 tokens: the window must bite in both forwards
        const std::string dir = tmp_.filePath("bf-" + family).toStdString();
        test::write_tiny_model(dir, s);
        LoadedModel m = load_model(dir);
        const Rope rope(m.model->config(), at::kCPU);
        at::Tensor ids = at::tensor(std::vector<int64_t>{3, 50, 7, 99, 120, 4, 8, 15, 16, 23, 42, 108}, at::kLong);
        at::Tensor batch = at::stack({ids, ids.flip(0)});  // [2, 12]
        at::Tensor logits = batch_forward(m.model->config(), m.model->weights(), rope, batch);  // [2, 12, V]
        for (int b = 0; b < 2; ++b) {
            KVCache c = m.model->new_cache();
            std::vector<int64_t> seq(batch[b].data_ptr<int64_t>(), batch[b].data_ptr<int64_t>() + 12);
            at::Tensor ref = m.model->forward(seq, c);
            const double d = (logits[b] - ref).abs().max().item<double>();
            QVERIFY2(d < 1e-4, qPrintable(QString::number(d)));
        }
    }

    void training_lowers_the_loss_and_writes_a_loadable_model() {
        TrainOptions o = small("lowers");
        o.steps = 40;
        const TrainResult r = train_model(o);
        QCOMPARE(r.steps_done, 40);
        QCOMPARE(static_cast<int>(r.losses.size()), 40);
        double first = 0, last = 0;
        for (int i = 0; i < 5; ++i) first += r.losses[i] / 5;
        for (int i = 35; i < 40; ++i) last += r.losses[i] / 5;
        QVERIFY2(last < first - 1.0, qPrintable(QString("%1 -> %2").arg(first).arg(last)));
        for (const char* f : {"config.json", "model.safetensors", "tokenizer.json", "generation_config.json", "training.json"})
            QVERIFY2(QFile::exists(QString::fromStdString(o.out_dir) + "/" + f), f);
        // The written model loads, and its perplexity on the corpus is what training saw.
        LoadedModel m = load_model(o.out_dir);
        QCOMPARE(m.model->num_layers(), 2);
        const EvalResult e = evaluate_model(o.out_dir, corpus_, 32);
        QVERIFY(e.ppl < std::exp(first));
    }

    void a_resumed_run_continues_the_same_loss_curve() {
        TrainOptions whole = small("whole");
        whole.steps = 30;
        const TrainResult full = train_model(whole);

        TrainOptions part = small("parts");
        part.steps = 30;
        std::atomic<bool> stop{false};
        int lines = 0;
        part.log_every = 1;
        part.log = [&](const std::string& line) {
            if (line.rfind("step ", 0) == 0 && ++lines == 12) stop = true;  // "Ctrl-C" after step 12
        };
        part.stop = &stop;
        const TrainResult first = train_model(part);
        QVERIFY(first.interrupted);
        QCOMPARE(first.steps_done, 12);
        part.stop = nullptr;
        part.resume = true;
        part.log = {};
        const TrainResult rest = train_model(part);
        QCOMPARE(rest.steps_done, 30);
        QCOMPARE(rest.losses.size(), full.losses.size());
        for (size_t i = 0; i < full.losses.size(); ++i)
            QVERIFY2(std::abs(rest.losses[i] - full.losses[i]) < 1e-4,
                     qPrintable(QString("step %1: %2 vs %3").arg(i + 1).arg(rest.losses[i]).arg(full.losses[i])));
    }

    void distillation_trains_a_student_toward_the_teacher() {
        TrainOptions t = small("teacher");
        t.steps = 40;
        train_model(t);
        TrainOptions s = small("student");
        s.teacher = t.out_dir;
        s.layers = 1;
        s.hidden = 32;
        s.steps = 40;
        const TrainResult r = train_model(s);
        QVERIFY(r.losses.back() < r.losses.front());
        QVERIFY(QFile::exists(QString::fromStdString(s.out_dir) + "/model.safetensors"));
    }

    void bad_input_is_refused_clearly() {
        auto error_of = [&](TrainOptions o) -> QString {
            try {
                train_model(o);
            } catch (const Error& e) {
                return e.what();
            }
            return "TRAINED";
        };
        const std::string empty = tmp_.filePath("empty.txt").toStdString();
        std::ofstream(empty) << "  \n";
        TrainOptions o = small("bad1");
        o.corpus = empty;
        QVERIFY(error_of(o).contains("empty.txt") && error_of(o).contains("empty"));

        const std::string latin1 = tmp_.filePath("latin1.txt").toStdString();
        std::ofstream(latin1) << "caf\xe9 au lait";
        o.corpus = latin1;
        QString e = error_of(o);
        QVERIFY2(e.contains("latin1.txt") && e.contains("UTF-8") && e.contains("offset 3"), qPrintable(e));

        const std::string tiny = tmp_.filePath("tiny.txt").toStdString();
        std::ofstream(tiny) << "just a few words";
        o.corpus = tiny;
        e = error_of(o);
        QVERIFY2(e.contains("tiny.txt") && e.contains("fewer than one batch"), qPrintable(e));

        TrainOptions exists = small("lowers");  // written by an earlier test
        e = error_of(exists);
        QVERIFY2(e.contains("exists") && e.contains("--overwrite"), qPrintable(e));

        // A teacher whose tokenizer differs.
        const std::string other_tok_dir = tmp_.filePath("othertok").toStdString();
        test::write_tiny_model(other_tok_dir, test::TinySpec{});
        auto tok = test::tiny_tokenizer_json();
        tok["model"]["vocab"]["a"] = 98;
        tok["model"]["vocab"]["b"] = 97;
        std::ofstream(other_tok_dir + "/tokenizer.json") << tok.dump();
        TrainOptions d = small("bad-teacher");
        d.teacher = other_tok_dir;
        e = error_of(d);
        QVERIFY2(e.contains("othertok") && e.contains("tokenizer"), qPrintable(e));
    }

private:
    TrainOptions small(const QString& name) {
        TrainOptions o;
        o.corpus = corpus_;
        o.tokenizer = tokenizer_;
        o.out_dir = tmp_.filePath(name).toStdString();
        o.layers = 2;
        o.hidden = 64;
        o.heads = 2;
        o.kv_heads = 2;
        o.context = 64;
        o.batch = 4;
        o.seq = 32;
        o.warmup = 5;
        o.lr = 3e-3;
        o.eval_every = 0;
        o.eval_batches = 2;
        o.save_every = 0;
        return o;
    }

    QTemporaryDir tmp_;
    std::string corpus_, tokenizer_;
};

QTEST_APPLESS_MAIN(TestTrain)
#include "test_train.moc"
