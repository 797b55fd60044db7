// safetensors reader/writer: round trips (single file and sharded through
// Checkpoint::open_dir), every malformed input the reader must refuse with a
// clear Error naming the file, atomic writes (missing dir, full disk) and the
// bf16/f16 conversions. All inputs are generated here; no data files.
#include "model/safetensors.h"
#include "util/error.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <sys/mount.h>
#include <unistd.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "expect_error.h"

using namespace specscope;


namespace {

// A safetensors file from a literal header and `data_bytes` bytes of data;
// `length` overrides the 8-byte header length (to fake truncation).
void write_raw(const std::string& path, const std::string& header, std::size_t data_bytes,
               int64_t length = -1) {
    std::ofstream out(path, std::ios::binary);
    uint64_t n = length < 0 ? header.size() : static_cast<uint64_t>(length);
    for (int i = 0; i < 8; ++i) out.put(static_cast<char>((n >> (8 * i)) & 0xFF));
    out << header << std::string(data_bytes, '\x5a');
}

void write_text(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

bool exists(const std::string& path) { return QFile::exists(QString::fromStdString(path)); }

uint32_t bits(float f) {
    uint32_t u;
    std::memcpy(&u, &f, 4);
    return u;
}
float from_bits(uint32_t u) {
    float f;
    std::memcpy(&f, &u, 4);
    return f;
}

// Float tensors with recognisable contents for the sharding tests.
struct Tensors {
    std::vector<std::vector<float>> storage;
    std::vector<TensorToWrite> list;
    Tensors(int count, int elems) {
        storage.resize(count);
        for (int i = 0; i < count; ++i) {
            for (int j = 0; j < elems; ++j) storage[i].push_back(float(i * 1000 + j));
            list.push_back({"layer." + std::to_string(i) + ".weight", DType::F32, {elems}, storage[i].data()});
        }
    }
};

// Unmounts a test-only tmpfs even when the test fails half-way.
struct MountGuard {
    std::string dir;
    ~MountGuard() {
        if (!dir.empty()) ::umount2(dir.c_str(), MNT_DETACH);
    }
};

} // namespace

class TestSafetensors : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void dtypes();
    void roundTrip();
    void emptyFileIsValid();
    void zeroSizeTensorsAnywhere();
    void badHeader_data();
    void badHeader();
    void missingFile();
    void tooShort();
    void headerLengthTruncated();
    void shardedRoundTrip();
    void singleFileCheckpoint();
    void looseShards();
    void checkpointErrors();
    void writeIntoMissingDirectory();
    void writeFailureRemovesTmp();
    void writeRejectsBadInput();
    void diskFull();
    void bf16();
    void f16();
    void halfRoundTripsExhaustive();
};

void TestSafetensors::dtypes() {
    QCOMPARE(dtype_size(DType::F64), std::size_t(8));
    QCOMPARE(dtype_size(DType::F32), std::size_t(4));
    QCOMPARE(dtype_size(DType::BF16), std::size_t(2));
    QCOMPARE(dtype_size(DType::BOOL), std::size_t(1));
    QCOMPARE(std::string(dtype_name(DType::BF16)), std::string("BF16"));
    QCOMPARE(std::string(dtype_name(DType::I64)), std::string("I64"));
    TensorView scalar;
    QCOMPARE(scalar.numel(), int64_t(1));
    scalar.shape = {3, 0, 2};
    QCOMPARE(scalar.numel(), int64_t(0));
}

void TestSafetensors::roundTrip() {
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const std::string path = join(tmp, "model.safetensors");

    std::vector<float> f32 = {1.5f, -2.0f, 3.25f, 0.0f, 1e-20f, -7.0f};
    std::vector<uint16_t> f16, bf16;
    for (float v : {1.0f, -0.5f, 65504.0f, 0.1f}) f16.push_back(float_to_f16(v));
    for (float v : {1.0f, 3.0e38f, -1e-3f, 7.0f}) bf16.push_back(float_to_bf16(v));
    std::vector<int64_t> i64 = {std::numeric_limits<int64_t>::min(), 0, 0x0123456789abcdefLL};
    std::vector<int8_t> i8 = {-1, 2, -3};  // odd size: the tensors after it are unaligned, which is legal
    double f64 = 3.141592653589793;

    std::vector<TensorToWrite> in = {
        {"w.f32", DType::F32, {2, 3}, f32.data()},
        {"w.i8", DType::I8, {3}, i8.data()},
        {"w.f16", DType::F16, {4}, f16.data()},
        {"w.bf16", DType::BF16, {2, 2}, bf16.data()},
        {"w.empty", DType::F32, {0, 5}, nullptr},
        {"w.i64", DType::I64, {3}, i64.data()},
        {"w.scalar", DType::F64, {}, &f64},
    };
    write_safetensors(path, in, {{"purpose", "test"}, {"unicode", "gr\xC3\xBC\xC3\x9F"}});
    QVERIFY(!exists(path + ".tmp"));

    // The header is padded so the data section starts 8-byte aligned.
    {
        std::ifstream raw(path, std::ios::binary);
        unsigned char len[8];
        raw.read(reinterpret_cast<char*>(len), 8);
        uint64_t n = 0;
        for (int i = 7; i >= 0; --i) n = (n << 8) | len[i];
        QCOMPARE(n % 8, uint64_t(0));
    }

    auto file = SafetensorsFile::open(path);
    QCOMPARE(file->path(), path);
    QCOMPARE(file->metadata().at("purpose"), std::string("test"));
    QCOMPARE(file->metadata().at("unicode"), std::string("gr\xC3\xBC\xC3\x9F"));
    QCOMPARE(file->metadata().at("format"), std::string("pt"));
    QCOMPARE(file->tensors().size(), in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        const TensorView& t = file->tensors()[i];  // file order = written order
        QCOMPARE(t.name, in[i].name);
        QCOMPARE(t.file, path);
        QVERIFY(t.dtype == in[i].dtype);
        QCOMPARE(t.shape, in[i].shape);
        const std::size_t nbytes = std::size_t(t.numel()) * dtype_size(t.dtype);
        QCOMPARE(t.nbytes, nbytes);
        if (nbytes) QVERIFY(std::memcmp(t.data, in[i].data, nbytes) == 0);
        QCOMPARE(file->find(in[i].name), &t);
    }
    QVERIFY(file->find("w.empty")->nbytes == 0);
    QVERIFY(file->find("absent") == nullptr);

    // Rewriting replaces the file (rename over it); the old mapping stays valid.
    std::vector<float> other = {9.0f};
    write_safetensors(path, {{"x", DType::F32, {1}, other.data()}});
    QCOMPARE(std::memcmp(file->find("w.f32")->data, f32.data(), f32.size() * 4), 0);
    auto again = SafetensorsFile::open(path);
    QCOMPARE(again->tensors().size(), std::size_t(1));
    QCOMPARE(again->metadata().size(), std::size_t(1));  // just {"format": "pt"}
}

void TestSafetensors::emptyFileIsValid() {
    QTemporaryDir tmp;
    const std::string raw = join(tmp, "raw.safetensors");
    write_raw(raw, "{}", 0);
    auto f = SafetensorsFile::open(raw);
    QVERIFY(f->tensors().empty());
    QVERIFY(f->metadata().empty());

    const std::string written = join(tmp, "written.safetensors");
    write_safetensors(written, {});
    QVERIFY(SafetensorsFile::open(written)->tensors().empty());
}

void TestSafetensors::zeroSizeTensorsAnywhere() {
    // Empty tensors occupy no bytes: at the very end, inside another tensor's
    // range, sharing an offset, or in a file whose data section is empty.
    QTemporaryDir tmp;
    const std::string path = join(tmp, "z.safetensors");
    write_raw(path,
              R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
              R"("end":{"dtype":"F16","shape":[0],"data_offsets":[8,8]},)"
              R"("inside":{"dtype":"I64","shape":[3,0],"data_offsets":[4,4]},)"
              R"("inside2":{"dtype":"U8","shape":[0],"data_offsets":[4,4]}}   )",
              8);
    auto f = SafetensorsFile::open(path);
    QCOMPARE(f->tensors().size(), std::size_t(4));
    QCOMPARE(f->find("end")->nbytes, std::size_t(0));

    const std::string only_empty = join(tmp, "only_empty.safetensors");
    write_raw(only_empty, R"({"e":{"dtype":"BF16","shape":[0,4],"data_offsets":[0,0]}})", 0);
    QCOMPARE(SafetensorsFile::open(only_empty)->find("e")->shape, (std::vector<int64_t>{0, 4}));
}

void TestSafetensors::badHeader_data() {
    QTest::addColumn<QString>("header");
    QTest::addColumn<int>("dataBytes");
    QTest::addColumn<QString>("keyword");
    QTest::addColumn<QString>("keyword2");

    auto row = [](const char* name, const char* header, int data, const char* kw, const char* kw2 = "") {
        QTest::newRow(name) << QString::fromUtf8(header) << data << QString::fromUtf8(kw) << QString::fromUtf8(kw2);
    };
    row("malformed JSON", R"({"a": {"dtype": "F32",)", 0, "malformed header JSON", "parse error");
    row("empty header", "", 0, "malformed header JSON");
    row("not an object", "[1, 2]", 0, "not a JSON object");
    row("entry not an object", R"({"a": 3})", 0, "'a'", "not a JSON object");
    row("missing dtype", R"({"a":{"shape":[1],"data_offsets":[0,4]}})", 4, "'a'", "\"dtype\"");
    row("dtype not a string", R"({"a":{"dtype":4,"shape":[1],"data_offsets":[0,4]}})", 4, "'a'", "\"dtype\"");
    row("missing shape", R"({"a":{"dtype":"F32","data_offsets":[0,4]}})", 4, "'a'", "\"shape\"");
    row("shape not a list", R"({"a":{"dtype":"F32","shape":4,"data_offsets":[0,4]}})", 4, "'a'", "\"shape\"");
    row("shape float", R"({"a":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}})", 4, "'a'", "shape entry 1.5");
    row("shape huge", R"({"a":{"dtype":"F32","shape":[18446744073709551615],"data_offsets":[0,4]}})", 4, "'a'",
        "shape entry");
    row("missing data_offsets", R"({"a":{"dtype":"F32","shape":[1]}})", 4, "'a'", "\"data_offsets\"");
    row("data_offsets one entry", R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0]}})", 4, "'a'",
        "\"data_offsets\"");
    row("data_offsets strings", R"({"a":{"dtype":"F32","shape":[1],"data_offsets":["0","4"]}})", 4, "'a'",
        "data_offsets");
    row("negative offset", R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[-4,0]}})", 4, "'a'", "data_offsets");
    row("unknown dtype", R"({"a":{"dtype":"F8_E9M9","shape":[1],"data_offsets":[0,1]}})", 1, "'F8_E9M9'",
        "unknown");
    row("negative dim", R"({"a":{"dtype":"F32","shape":[-1, 2],"data_offsets":[0,0]}})", 0, "'a'", "negative");
    row("end before begin", R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}})", 4, "'a'", "end before");
    row("offsets past end", R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})", 4, "'a'",
        "offsets point past the end of the file (file truncated?)");
    row("offsets past end, no data", R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})", 0, "'a'",
        "past the end");
    row("byte length mismatch", R"({"weight":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}})", 4, "'weight'",
        "byte length mismatch");
    // 2^32 * 2^32 * 4 wraps to 0 in 64 bits and would "match" [0, 0].
    row("numel overflow", R"({"a":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,0]}})", 0,
        "'a'", "overflow");
    row("overlapping", R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                       R"("b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
        12, "overlap", "'b'");
    row("same range twice", R"({"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]},)"
                            R"("b":{"dtype":"I32","shape":[1],"data_offsets":[0,4]}})",
        4, "overlap");
    row("metadata not strings", R"({"__metadata__":{"format":1}})", 0, "__metadata__", "'format'");
    row("metadata not object", R"({"__metadata__":[]})", 0, "__metadata__");
    row("duplicate tensor", R"({"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},)"
                            R"("a":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}})",
        2, "duplicate", "'a'");
}

void TestSafetensors::badHeader() {
    QFETCH(QString, header);
    QFETCH(int, dataBytes);
    QFETCH(QString, keyword);
    QFETCH(QString, keyword2);
    QTemporaryDir tmp;
    const std::string path = join(tmp, "bad.safetensors");
    write_raw(path, header.toStdString(), std::size_t(dataBytes));
    EXPECT_ERROR(SafetensorsFile::open(path), path, keyword.toStdString(), keyword2.toStdString());
}

void TestSafetensors::missingFile() {
    QTemporaryDir tmp;
    const std::string path = join(tmp, "nope.safetensors");
    EXPECT_ERROR(SafetensorsFile::open(path), path, "cannot open", std::strerror(ENOENT));
    EXPECT_ERROR(SafetensorsFile::open(tmp.path().toStdString()), tmp.path().toStdString(), "directory");
}

void TestSafetensors::tooShort() {
    QTemporaryDir tmp;
    const std::string path = join(tmp, "short.safetensors");
    write_text(path, std::string("\x02\0\0", 3));
    EXPECT_ERROR(SafetensorsFile::open(path), path, "too short");
    write_text(path, "");
    EXPECT_ERROR(SafetensorsFile::open(path), path, "too short", "0 bytes");
}

void TestSafetensors::headerLengthTruncated() {
    QTemporaryDir tmp;
    const std::string path = join(tmp, "trunc.safetensors");
    write_raw(path, "{}", 0, 4096);
    EXPECT_ERROR(SafetensorsFile::open(path), path, "truncated", "4096");
    // A length that does not even fit in size_t arithmetic.
    write_raw(path, "{}", 0, std::numeric_limits<int64_t>::max());
    EXPECT_ERROR(SafetensorsFile::open(path), path, "truncated");
}

void TestSafetensors::shardedRoundTrip() {
    QTemporaryDir tmp;
    const std::string dir = tmp.path().toStdString();
    Tensors t(6, 16);  // 6 tensors of 64 bytes; 130 bytes per shard -> 2 per shard, 3 shards
    write_safetensors_sharded(dir, t.list, 130);

    for (int i = 1; i <= 3; ++i)
        QVERIFY(exists(join(tmp, "model-0000" + std::to_string(i) + "-of-00003.safetensors")));
    QVERIFY(!exists(join(tmp, "model-00004-of-00003.safetensors")));
    QCOMPARE(QDir(tmp.path()).entryList({"*.tmp"}, QDir::Files).size(), 0);

    std::ifstream index_in(join(tmp, "model.safetensors.index.json"));
    const nlohmann::json index = nlohmann::json::parse(index_in);
    QCOMPARE(index["metadata"]["total_size"].get<uint64_t>(), uint64_t(6 * 64));
    QCOMPARE(index["weight_map"].size(), std::size_t(6));
    QCOMPARE(index["weight_map"]["layer.0.weight"].get<std::string>(), std::string("model-00001-of-00003.safetensors"));
    QCOMPARE(index["weight_map"]["layer.3.weight"].get<std::string>(), std::string("model-00002-of-00003.safetensors"));
    QCOMPARE(index["weight_map"]["layer.5.weight"].get<std::string>(), std::string("model-00003-of-00003.safetensors"));

    const Checkpoint ck = Checkpoint::open_dir(dir);
    QCOMPARE(ck.dir(), dir);
    std::vector<std::string> expected;
    for (const auto& w : t.list) expected.push_back(w.name);
    std::sort(expected.begin(), expected.end());
    QCOMPARE(ck.names(), expected);
    for (std::size_t i = 0; i < t.list.size(); ++i) {
        const TensorView& v = ck.at(t.list[i].name);
        QCOMPARE(v.shape, std::vector<int64_t>{16});
        QCOMPARE(v.nbytes, std::size_t(64));
        QVERIFY(std::memcmp(v.data, t.storage[i].data(), 64) == 0);
        QVERIFY(v.file.find("-of-00003.safetensors") != std::string::npos);
    }
    QVERIFY(ck.find("missing") == nullptr);
    EXPECT_ERROR(ck.at("missing"), dir, "tensor 'missing' not found in the checkpoint");

    // A tensor bigger than the limit gets a shard of its own.
    QTemporaryDir tmp2;
    Tensors big(3, 64);  // 256 bytes each, limit 100
    write_safetensors_sharded(tmp2.path().toStdString(), big.list, 100);
    QVERIFY(exists(join(tmp2, "model-00003-of-00003.safetensors")));
    QCOMPARE(Checkpoint::open_dir(tmp2.path().toStdString()).names().size(), std::size_t(3));
}

void TestSafetensors::singleFileCheckpoint() {
    QTemporaryDir tmp;
    Tensors t(2, 4);
    write_safetensors(join(tmp, "model.safetensors"), t.list);
    write_text(join(tmp, "pytorch_model.bin"), "pickle is ignored when safetensors exist");
    const Checkpoint ck = Checkpoint::open_dir(tmp.path().toStdString());
    QCOMPARE(ck.names().size(), std::size_t(2));
    QCOMPARE(ck.at("layer.1.weight").nbytes, std::size_t(16));
    // Checkpoints move and copy freely: views point into shared mappings.
    Checkpoint copy = ck;
    QCOMPARE(&copy.at("layer.0.weight"), &ck.at("layer.0.weight"));
}

void TestSafetensors::looseShards() {
    QTemporaryDir tmp;
    Tensors t(3, 4);
    write_safetensors(join(tmp, "a.safetensors"), {t.list[0], t.list[1]});
    write_safetensors(join(tmp, "b.safetensors"), {t.list[2]});
    const std::string dir = tmp.path().toStdString();
    QCOMPARE(Checkpoint::open_dir(dir).names().size(), std::size_t(3));

    write_safetensors(join(tmp, "c.safetensors"), {t.list[1]});
    EXPECT_ERROR(Checkpoint::open_dir(dir), dir, "'layer.1.weight'", "appears in both", "a.safetensors",
                 "c.safetensors");
}

void TestSafetensors::checkpointErrors() {
    QTemporaryDir tmp;
    const std::string root = tmp.path().toStdString();

    const std::string missing = root + "/does-not-exist";
    EXPECT_ERROR(Checkpoint::open_dir(missing), missing, "does not exist");

    const std::string empty = root + "/empty";
    QVERIFY(QDir().mkdir(QString::fromStdString(empty)));
    EXPECT_ERROR(Checkpoint::open_dir(empty), empty, "no *.safetensors weights found");

    const std::string pickle = root + "/pickle";
    QVERIFY(QDir().mkdir(QString::fromStdString(pickle)));
    write_text(pickle + "/pytorch_model.bin", "not really a pickle");
    write_text(pickle + "/config.json", "{}");
    EXPECT_ERROR(Checkpoint::open_dir(pickle), pickle, "pickle", "never loaded", "arbitrary code",
                 "safe_serialization=True");
    const std::string pt = root + "/pt";
    QVERIFY(QDir().mkdir(QString::fromStdString(pt)));
    write_text(pt + "/model.pth", "x");
    EXPECT_ERROR(Checkpoint::open_dir(pt), pt, "pickle");

    // An index naming a shard that is not there.
    Tensors t(6, 16);
    const std::string sharded = root + "/sharded";
    QVERIFY(QDir().mkdir(QString::fromStdString(sharded)));
    write_safetensors_sharded(sharded, t.list, 130);
    const std::string shard2 = sharded + "/model-00002-of-00003.safetensors";
    QVERIFY(QFile::remove(QString::fromStdString(shard2)));
    EXPECT_ERROR(Checkpoint::open_dir(sharded), shard2, "missing", "model.safetensors.index.json");

    // An index naming a tensor its shard does not hold.
    const std::string ghost = root + "/ghost";
    QVERIFY(QDir().mkdir(QString::fromStdString(ghost)));
    write_safetensors(ghost + "/model-00001-of-00001.safetensors", {t.list[0]});
    write_text(ghost + "/model.safetensors.index.json",
               R"({"metadata": {}, "weight_map": {"layer.0.weight": "model-00001-of-00001.safetensors",
                                                   "ghost.weight": "model-00001-of-00001.safetensors"}})");
    EXPECT_ERROR(Checkpoint::open_dir(ghost), ghost + "/model-00001-of-00001.safetensors", "'ghost.weight'",
                 "does not contain");

    // A malformed index, and one without a weight_map.
    const std::string index = ghost + "/model.safetensors.index.json";
    write_text(index, R"({"weight_map": {)");
    EXPECT_ERROR(Checkpoint::open_dir(ghost), index, "malformed");
    write_text(index, R"({"metadata": {}})");
    EXPECT_ERROR(Checkpoint::open_dir(ghost), index, "weight_map");

    // A broken shard's own error names the shard.
    const std::string bad = root + "/bad";
    QVERIFY(QDir().mkdir(QString::fromStdString(bad)));
    write_raw(bad + "/model.safetensors", R"({"a":{"dtype":"Q4","shape":[1],"data_offsets":[0,1]}})", 1);
    EXPECT_ERROR(Checkpoint::open_dir(bad), bad + "/model.safetensors", "'Q4'");
}

void TestSafetensors::writeIntoMissingDirectory() {
    QTemporaryDir tmp;
    const std::string path = join(tmp, "no/such/dir/model.safetensors");
    Tensors t(1, 4);
    EXPECT_ERROR(write_safetensors(path, t.list), path, "cannot write", std::strerror(ENOENT));
    QVERIFY(!exists(path));
    QVERIFY(!exists(path + ".tmp"));
    const std::string dir = join(tmp, "missing-dir");
    EXPECT_ERROR(write_safetensors_sharded(dir, t.list, 1000), dir, "cannot write");
}

void TestSafetensors::writeFailureRemovesTmp() {
    // The .tmp is written fine but the rename fails (the target is a
    // non-empty directory): the .tmp must not be left behind.
    QTemporaryDir tmp;
    const std::string path = join(tmp, "taken");
    QVERIFY(QDir().mkpath(QString::fromStdString(path + "/child")));
    Tensors t(1, 4);
    EXPECT_ERROR(write_safetensors(path, t.list), path, "cannot write");
    QVERIFY(!exists(path + ".tmp"));
}

void TestSafetensors::writeRejectsBadInput() {
    QTemporaryDir tmp;
    const std::string path = join(tmp, "bad.safetensors");
    Tensors t(1, 4);
    EXPECT_ERROR(write_safetensors(path, {t.list[0], t.list[0]}), path, "duplicate");
    TensorToWrite negative{"n", DType::F32, {-2}, t.storage[0].data()};
    EXPECT_ERROR(write_safetensors(path, {negative}), path, "negative");
    TensorToWrite nodata{"n", DType::F32, {4}, nullptr};
    EXPECT_ERROR(write_safetensors(path, {nodata}), path, "no data");
    TensorToWrite meta{"__metadata__", DType::F32, {4}, t.storage[0].data()};
    EXPECT_ERROR(write_safetensors(path, {meta}), path, "invalid tensor name");
    EXPECT_ERROR(write_safetensors_sharded(tmp.path().toStdString(), {t.list[0], t.list[0]}, 1), "duplicate");
    QVERIFY(!exists(path));
    QVERIFY(!exists(path + ".tmp"));
}

void TestSafetensors::diskFull() {
    // A 64 KiB tmpfs stands in for a full disk. Mounting needs root (CI runs
    // as root); elsewhere the test is skipped rather than faked.
    QTemporaryDir tmp;
    const std::string mnt = join(tmp, "small");
    QVERIFY(QDir().mkdir(QString::fromStdString(mnt)));
    if (::geteuid() != 0) QSKIP("needs root to mount a tiny tmpfs");
    if (::mount("tmpfs", mnt.c_str(), "tmpfs", 0, "size=64k") != 0)
        QSKIP(qPrintable(QStringLiteral("cannot mount a tmpfs: %1").arg(QString::fromLocal8Bit(std::strerror(errno)))));
    MountGuard guard{mnt};

    // A good file first: a failed rewrite must leave it intact.
    const std::string path = mnt + "/model.safetensors";
    Tensors small(1, 4);
    write_safetensors(path, small.list);

    std::vector<float> big(256 * 1024 / 4, 1.0f);  // 256 KiB > 64 KiB
    EXPECT_ERROR(write_safetensors(path, {{"big", DType::F32, {int64_t(big.size())}, big.data()}}), path,
                 "cannot write", std::strerror(ENOSPC));
    QVERIFY(!exists(path + ".tmp"));
    auto survivor = SafetensorsFile::open(path);
    QCOMPARE(survivor->tensors().size(), std::size_t(1));
    QVERIFY(std::memcmp(survivor->tensors()[0].data, small.storage[0].data(), 16) == 0);
    survivor.reset();

    // Sharded writes fail the same way and leave no .tmp behind.
    Tensors many(4, 8 * 1024);  // 4 x 32 KiB
    EXPECT_ERROR(write_safetensors_sharded(mnt, many.list, 40 * 1024), mnt, "cannot write", std::strerror(ENOSPC));
    QCOMPARE(QDir(QString::fromStdString(mnt)).entryList({"*.tmp"}, QDir::Files).size(), 0);
}

void TestSafetensors::bf16() {
    QCOMPARE(float_to_bf16(1.0f), uint16_t(0x3F80));
    QCOMPARE(float_to_bf16(-2.0f), uint16_t(0xC000));
    QCOMPARE(float_to_bf16(0.0f), uint16_t(0x0000));
    QCOMPARE(float_to_bf16(-0.0f), uint16_t(0x8000));
    QCOMPARE(bf16_to_float(0x3F80), 1.0f);
    // Round to nearest, ties to even.
    QCOMPARE(float_to_bf16(from_bits(0x3F808000)), uint16_t(0x3F80));  // tie, 0x3F80 is even
    QCOMPARE(float_to_bf16(from_bits(0x3F818000)), uint16_t(0x3F82));  // tie, rounds up to even
    QCOMPARE(float_to_bf16(from_bits(0x3F808001)), uint16_t(0x3F81));  // above the tie
    QCOMPARE(float_to_bf16(from_bits(0x3F807FFF)), uint16_t(0x3F80));  // below the tie
    QCOMPARE(float_to_bf16(std::numeric_limits<float>::max()), uint16_t(0x7F80));  // rounds to Inf
    // Inf and NaN.
    QCOMPARE(float_to_bf16(std::numeric_limits<float>::infinity()), uint16_t(0x7F80));
    QCOMPARE(float_to_bf16(-std::numeric_limits<float>::infinity()), uint16_t(0xFF80));
    QVERIFY(std::isinf(bf16_to_float(0x7F80)));
    for (uint32_t nan : {0x7FC00000u, 0x7F800001u, 0xFF800001u, 0x7FFFFFFFu}) {
        const uint16_t b = float_to_bf16(from_bits(nan));
        QVERIFY2(std::isnan(bf16_to_float(b)), qPrintable(QString::number(nan, 16)));
        QCOMPARE(b & 0x8000, int((nan >> 16) & 0x8000));  // sign kept
    }
}

void TestSafetensors::f16() {
    QCOMPARE(float_to_f16(1.0f), uint16_t(0x3C00));
    QCOMPARE(float_to_f16(-2.0f), uint16_t(0xC000));
    QCOMPARE(float_to_f16(0.1f), uint16_t(0x2E66));
    QCOMPARE(float_to_f16(-0.0f), uint16_t(0x8000));
    QCOMPARE(float_to_f16(65504.0f), uint16_t(0x7BFF));   // largest finite
    QCOMPARE(float_to_f16(65519.0f), uint16_t(0x7BFF));   // below the tie
    QCOMPARE(float_to_f16(65520.0f), uint16_t(0x7C00));   // tie rounds to even = Inf
    QCOMPARE(float_to_f16(1e6f), uint16_t(0x7C00));
    QCOMPARE(float_to_f16(-1e6f), uint16_t(0xFC00));
    // Ties to even in the normal range: 1 + 2^-11 is halfway between 1 and 1 + 2^-10.
    QCOMPARE(float_to_f16(1.0f + std::ldexp(1.0f, -11)), uint16_t(0x3C00));
    QCOMPARE(float_to_f16(1.0f + 3 * std::ldexp(1.0f, -11)), uint16_t(0x3C02));
    QCOMPARE(float_to_f16(from_bits(0x3F801001)), uint16_t(0x3C01));  // just above the tie
    // Subnormals (unit 2^-24) and underflow.
    QCOMPARE(float_to_f16(std::ldexp(1.0f, -14)), uint16_t(0x0400));  // smallest normal
    QCOMPARE(float_to_f16(from_bits(0x387FFFFF)), uint16_t(0x0400));  // rounds up into the normals
    QCOMPARE(float_to_f16(std::ldexp(1.0f, -24)), uint16_t(0x0001));
    QCOMPARE(float_to_f16(std::ldexp(1.0f, -25)), uint16_t(0x0000));       // tie to even 0
    QCOMPARE(float_to_f16(std::ldexp(1.5f, -25)), uint16_t(0x0001));       // above the tie
    QCOMPARE(float_to_f16(std::ldexp(3.0f, -25)), uint16_t(0x0002));       // 1.5 units: tie to even 2
    QCOMPARE(float_to_f16(std::ldexp(5.0f, -25)), uint16_t(0x0002));       // 2.5 units: tie to even 2
    QCOMPARE(float_to_f16(-std::ldexp(1.0f, -30)), uint16_t(0x8000));
    QCOMPARE(float_to_f16(std::numeric_limits<float>::denorm_min()), uint16_t(0x0000));
    // Decoding.
    QCOMPARE(f16_to_float(0x3C00), 1.0f);
    QCOMPARE(f16_to_float(0x7BFF), 65504.0f);
    QCOMPARE(f16_to_float(0x0001), std::ldexp(1.0f, -24));
    QCOMPARE(f16_to_float(0x8001), -std::ldexp(1.0f, -24));
    QCOMPARE(f16_to_float(0x03FF), std::ldexp(1023.0f, -24));
    QVERIFY(std::signbit(f16_to_float(0x8000)));
    // Inf and NaN.
    QCOMPARE(float_to_f16(std::numeric_limits<float>::infinity()), uint16_t(0x7C00));
    QCOMPARE(float_to_f16(-std::numeric_limits<float>::infinity()), uint16_t(0xFC00));
    QVERIFY(std::isinf(f16_to_float(0x7C00)) && f16_to_float(0xFC00) < 0);
    QVERIFY(std::isnan(f16_to_float(0x7E00)));
    QVERIFY(std::isnan(f16_to_float(0x7C01)));
    for (uint32_t nan : {0x7FC00000u, 0x7F800001u, 0xFF800001u, 0x7FFFFFFFu}) {
        const uint16_t h = float_to_f16(from_bits(nan));
        QVERIFY2((h & 0x7C00) == 0x7C00 && (h & 0x03FF) != 0, qPrintable(QString::number(h, 16)));
        QCOMPARE(h & 0x8000, int((nan >> 16) & 0x8000));
    }
}

void TestSafetensors::halfRoundTripsExhaustive() {
    // Every non-NaN 16-bit pattern survives half -> float -> half exactly, and
    // float values midway between neighbours land on the even one.
    for (uint32_t h = 0; h <= 0xFFFF; ++h) {
        const auto b16 = static_cast<uint16_t>(h);
        const float bf = bf16_to_float(b16);
        if (std::isnan(bf)) QVERIFY(std::isnan(bf16_to_float(float_to_bf16(bf))));
        else if (float_to_bf16(bf) != b16) QFAIL(qPrintable(QString("bf16 %1").arg(h, 4, 16)));

        const float hf = f16_to_float(b16);
        if (std::isnan(hf)) QVERIFY(std::isnan(f16_to_float(float_to_f16(hf))));
        else if (float_to_f16(hf) != b16) QFAIL(qPrintable(QString("f16 %1").arg(h, 4, 16)));
        else if (bits(hf) != bits(f16_to_float(b16))) QFAIL("f16_to_float not deterministic");

        // Midpoint to the next finite f16 of the same sign (away from zero).
        if (!std::isnan(hf) && !std::isinf(hf) && (h & 0x7FFF) < 0x7BFF) {
            const double mid = (double(hf) + double(f16_to_float(b16 + 1))) / 2;
            const uint16_t want = (h & 1) ? uint16_t(h + 1) : b16;
            if (float_to_f16(float(mid)) != want)
                QFAIL(qPrintable(QString("f16 midpoint after %1").arg(h, 4, 16)));
        }
    }
}

QTEST_APPLESS_MAIN(TestSafetensors)
#include "test_safetensors.moc"
