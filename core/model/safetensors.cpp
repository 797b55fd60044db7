// safetensors reading (mmap) and writing (temp file + rename). The format:
// 8-byte little-endian header length N, N bytes of JSON, then the data
// section; each tensor's data_offsets are relative to the data section.
#include "model/safetensors.h"

#include "util/error.h"

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>
#include <utility>

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace specscope {

namespace {

const char* const kIndexName = "model.safetensors.index.json";

std::string errno_text(int err) { return std::strerror(err); }

std::string in_quotes(const std::string& s) { return "'" + s + "'"; }

std::string shape_text(const std::vector<int64_t>& shape) {
    std::string out = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (i) out += ", ";
        out += std::to_string(shape[i]);
    }
    return out + "]";
}

bool parse_dtype(const std::string& name, DType& out) {
    static const std::pair<const char*, DType> table[] = {
        {"F64", DType::F64}, {"F32", DType::F32}, {"F16", DType::F16}, {"BF16", DType::BF16},
        {"I64", DType::I64}, {"I32", DType::I32}, {"I16", DType::I16}, {"I8", DType::I8},
        {"U8", DType::U8},   {"BOOL", DType::BOOL},
    };
    for (const auto& [n, d] : table) {
        if (name == n) {
            out = d;
            return true;
        }
    }
    return false;
}

// numel * dtype_size with overflow detection (a crafted header could name a
// shape whose product wraps around and then "matches" a small byte range).
bool checked_nbytes(const std::vector<int64_t>& shape, DType dtype, std::size_t& out) {
    std::size_t n = dtype_size(dtype);
    for (int64_t d : shape) {
        if (d < 0) return false;
        if (__builtin_mul_overflow(n, static_cast<std::size_t>(d), &n)) return false;
    }
    out = n;
    return true;
}

// A JSON number that is a non-negative integer fitting in int64 (shape dims
// and offsets). Floats such as 2.0 are refused: the format says integers.
bool json_nonneg_int(const json& j, int64_t& out, bool& negative) {
    negative = false;
    if (j.is_number_unsigned()) {
        uint64_t v = j.get<uint64_t>();
        if (v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return false;
        out = static_cast<int64_t>(v);
        return true;
    }
    if (j.is_number_integer()) {
        out = j.get<int64_t>();
        negative = out < 0;
        return !negative;
    }
    return false;
}

// --- writing -------------------------------------------------------------

struct Chunk {
    const void* data;
    std::size_t size;
};

// Writes the chunks to PATH.tmp, syncs and renames it over PATH, so readers
// never see a half-written file under the real name (full disk, crash). On
// any failure the .tmp is removed and Error(path, "cannot write: ...") thrown.
void write_file_atomic(const std::string& path, const std::vector<Chunk>& chunks) {
    const std::string tmp = path + ".tmp";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        int err = errno;
        throw Error(path, "cannot write: " + errno_text(err) + " (creating " + tmp + ")");
    }
    auto fail = [&](int err) {
        if (fd >= 0) ::close(fd);
        ::unlink(tmp.c_str());
        throw Error(path, "cannot write: " + errno_text(err));
    };
    for (const Chunk& c : chunks) {
        const char* p = static_cast<const char*>(c.data);
        std::size_t left = c.size;
        while (left > 0) {
            // write() may be partial (and is capped near 2 GiB per call on Linux).
            ssize_t n = ::write(fd, p, left);
            if (n < 0) {
                if (errno == EINTR) continue;
                fail(errno);
            }
            if (n == 0) fail(ENOSPC);  // no progress: treat as a full device
            p += n;
            left -= static_cast<std::size_t>(n);
        }
    }
    // Delayed allocation and network filesystems may only report ENOSPC/EIO
    // here, so both results count.
    if (::fsync(fd) != 0) fail(errno);
    int rc = ::close(fd);
    fd = -1;
    if (rc != 0) fail(errno);
    if (::rename(tmp.c_str(), path.c_str()) != 0) fail(errno);
}

std::string shard_name(std::size_t i, std::size_t n) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "model-%05zu-of-%05zu.safetensors", i, n);
    return buf;
}

std::size_t tensor_nbytes(const std::string& path, const TensorToWrite& t) {
    std::size_t nbytes = 0;
    for (int64_t d : t.shape)
        if (d < 0) throw Error(path, "cannot write tensor " + in_quotes(t.name) + ": negative dimension in shape " + shape_text(t.shape));
    if (!checked_nbytes(t.shape, t.dtype, nbytes))
        throw Error(path, "cannot write tensor " + in_quotes(t.name) + ": shape " + shape_text(t.shape) + " is too large");
    return nbytes;
}

std::string read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        int err = errno;
        throw Error(path, "cannot read: " + errno_text(err));
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) throw Error(path, "cannot read: I/O error");
    return ss.str();
}

bool is_pickle_name(const std::string& name) {
    auto ends_with = [&](const char* suffix) {
        std::size_t n = std::strlen(suffix);
        return name.size() >= n && name.compare(name.size() - n, n, suffix) == 0;
    };
    bool hf_bin = name.rfind("pytorch_model", 0) == 0 && ends_with(".bin");
    return hf_bin || ends_with(".pt") || ends_with(".pth") || ends_with(".ckpt");
}

} // namespace

// --- dtypes and views ------------------------------------------------------

std::size_t dtype_size(DType dtype) {
    switch (dtype) {
    case DType::F64: case DType::I64: return 8;
    case DType::F32: case DType::I32: return 4;
    case DType::F16: case DType::BF16: case DType::I16: return 2;
    case DType::I8: case DType::U8: case DType::BOOL: return 1;
    }
    return 0;
}

const char* dtype_name(DType dtype) {
    switch (dtype) {
    case DType::F64: return "F64";
    case DType::F32: return "F32";
    case DType::F16: return "F16";
    case DType::BF16: return "BF16";
    case DType::I64: return "I64";
    case DType::I32: return "I32";
    case DType::I16: return "I16";
    case DType::I8: return "I8";
    case DType::U8: return "U8";
    case DType::BOOL: return "BOOL";
    }
    return "?";
}

int64_t TensorView::numel() const {
    int64_t n = 1;
    for (int64_t d : shape) n *= d;  // shapes were overflow-checked when parsed
    return n;
}

// --- SafetensorsFile -------------------------------------------------------

SafetensorsFile::~SafetensorsFile() {
    if (map_) ::munmap(map_, map_size_);
}

std::shared_ptr<SafetensorsFile> SafetensorsFile::open(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int err = errno;
        throw Error(path, "cannot open: " + errno_text(err));
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        int err = errno;
        ::close(fd);
        throw Error(path, "cannot open: " + errno_text(err));
    }
    if (!S_ISREG(st.st_mode)) {
        ::close(fd);
        throw Error(path, S_ISDIR(st.st_mode) ? "is a directory, not a .safetensors file"
                                              : "is not a regular file");
    }
    const auto file_size = static_cast<std::size_t>(st.st_size);
    if (file_size < 8) {
        ::close(fd);
        throw Error(path, "file is too short to be safetensors (" + std::to_string(file_size) +
                              " bytes; it needs at least the 8-byte header length)");
    }

    // Own the mapping from here on, so every throw below unmaps it.
    std::shared_ptr<SafetensorsFile> f(new SafetensorsFile());
    f->path_ = path;
    void* map = ::mmap(nullptr, file_size, PROT_READ, MAP_PRIVATE, fd, 0);
    int map_err = errno;
    ::close(fd);  // the mapping keeps the file alive
    if (map == MAP_FAILED) throw Error(path, "cannot map: " + errno_text(map_err));
    f->map_ = map;
    f->map_size_ = file_size;
    const auto* bytes = static_cast<const unsigned char*>(map);

    uint64_t header_len = 0;
    for (int i = 7; i >= 0; --i) header_len = (header_len << 8) | bytes[i];
    const std::size_t after_len = file_size - 8;
    if (header_len > after_len)
        throw Error(path, "truncated: the header length says " + std::to_string(header_len) +
                              " bytes but only " + std::to_string(after_len) +
                              " bytes follow it (file truncated, or not a safetensors file)");
    const char* header = reinterpret_cast<const char*>(bytes + 8);
    const unsigned char* data = bytes + 8 + header_len;
    const std::size_t data_size = after_len - header_len;

    // Duplicate top-level keys are legal JSON but nlohmann keeps only the
    // last one; a duplicated tensor name means a broken writer, so refuse it.
    std::string duplicate;
    std::set<std::string> seen;
    auto on_event = [&](int depth, json::parse_event_t event, json& parsed) {
        if (event == json::parse_event_t::key && depth == 1 &&
            !seen.insert(parsed.get<std::string>()).second && duplicate.empty())
            duplicate = parsed.get<std::string>();
        return true;
    };
    json root;
    try {
        root = json::parse(header, header + header_len, on_event);
    } catch (const json::exception& e) {
        throw Error(path, std::string("malformed header JSON: ") + e.what());
    }
    if (!root.is_object()) throw Error(path, "malformed header JSON: the header is not a JSON object");
    if (!duplicate.empty()) throw Error(path, "duplicate entry " + in_quotes(duplicate) + " in the header");

    struct Range {
        std::size_t begin, end;
        std::size_t tensor;
    };
    std::vector<Range> ranges;
    for (const auto& [name, entry] : root.items()) {
        if (name == "__metadata__") {
            if (!entry.is_object()) throw Error(path, "\"__metadata__\" must be an object of strings");
            for (const auto& [k, v] : entry.items()) {
                if (!v.is_string())
                    throw Error(path, "\"__metadata__\" value for " + in_quotes(k) + " is not a string");
                f->metadata_[k] = v.get<std::string>();
            }
            continue;
        }
        const std::string what = "tensor " + in_quotes(name) + ": ";
        if (!entry.is_object()) throw Error(path, what + "entry is not a JSON object");
        if (!entry.contains("dtype") || !entry["dtype"].is_string())
            throw Error(path, what + "missing or non-string \"dtype\"");
        if (!entry.contains("shape") || !entry["shape"].is_array())
            throw Error(path, what + "missing \"shape\" or it is not a list");
        if (!entry.contains("data_offsets") || !entry["data_offsets"].is_array() || entry["data_offsets"].size() != 2)
            throw Error(path, what + "missing \"data_offsets\" or it is not a [begin, end] pair");

        TensorView view;
        view.name = name;
        view.file = path;
        const std::string dtype = entry["dtype"].get<std::string>();
        if (!parse_dtype(dtype, view.dtype))
            throw Error(path, what + "unknown or unsupported dtype " + in_quotes(dtype) +
                                  " (known: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL)");
        for (const json& d : entry["shape"]) {
            int64_t v = 0;
            bool negative = false;
            if (!json_nonneg_int(d, v, negative))
                throw Error(path, what + (negative ? "negative dimension " + d.dump() + " in shape"
                                                   : "shape entry " + d.dump() + " is not a non-negative integer"));
            view.shape.push_back(v);
        }
        int64_t off[2] = {0, 0};
        for (int i = 0; i < 2; ++i) {
            bool negative = false;
            if (!json_nonneg_int(entry["data_offsets"][i], off[i], negative))
                throw Error(path, what + "data_offsets entry " + entry["data_offsets"][i].dump() +
                                      " is not a non-negative integer");
        }
        const auto begin = static_cast<uint64_t>(off[0]);
        const auto end = static_cast<uint64_t>(off[1]);
        const std::string offsets = "[" + std::to_string(begin) + ", " + std::to_string(end) + "]";
        if (end < begin) throw Error(path, what + "data_offsets " + offsets + " end before they begin");
        if (end > data_size)
            throw Error(path, what + "offsets point past the end of the file (file truncated?): data_offsets " +
                                  offsets + " but the data section has " + std::to_string(data_size) + " bytes");
        std::size_t expected = 0;
        if (!checked_nbytes(view.shape, view.dtype, expected))
            throw Error(path, what + "shape " + shape_text(view.shape) + " is too large (element count overflows)");
        view.nbytes = static_cast<std::size_t>(end - begin);
        if (view.nbytes != expected)
            throw Error(path, what + "byte length mismatch: data_offsets " + offsets + " hold " +
                                  std::to_string(view.nbytes) + " bytes but shape " + shape_text(view.shape) +
                                  " of " + dtype + " needs " + std::to_string(expected));
        view.data = data + begin;  // one past the end at most (zero-size tensor at the end)
        ranges.push_back({static_cast<std::size_t>(begin), static_cast<std::size_t>(end), f->tensors_.size()});
        f->tensors_.push_back(std::move(view));
    }

    // Overlap check over the non-empty ranges in file order; empty tensors
    // occupy no bytes and may sit anywhere. Gaps are tolerated.
    std::sort(ranges.begin(), ranges.end(), [](const Range& a, const Range& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    const Range* prev = nullptr;
    for (const Range& r : ranges) {
        if (r.begin == r.end) continue;
        if (prev && r.begin < prev->end)
            throw Error(path, "tensors " + in_quotes(f->tensors_[prev->tensor].name) + " and " +
                                  in_quotes(f->tensors_[r.tensor].name) + " overlap in the data section");
        prev = &r;
    }

    // Keep tensors in file order (the JSON object came back sorted by name).
    std::vector<TensorView> ordered;
    ordered.reserve(ranges.size());
    for (const Range& r : ranges) ordered.push_back(std::move(f->tensors_[r.tensor]));
    f->tensors_ = std::move(ordered);
    for (std::size_t i = 0; i < f->tensors_.size(); ++i) f->index_[f->tensors_[i].name] = i;
    return f;
}

const TensorView* SafetensorsFile::find(const std::string& name) const {
    auto it = index_.find(name);
    return it == index_.end() ? nullptr : &tensors_[it->second];
}

// --- Checkpoint ------------------------------------------------------------

Checkpoint Checkpoint::open_dir(const std::string& dir) {
    std::error_code ec;
    if (!fs::exists(dir, ec)) throw Error(dir, "checkpoint directory does not exist");
    if (!fs::is_directory(dir, ec)) throw Error(dir, "is not a directory (expected a checkpoint directory)");

    Checkpoint ck;
    ck.dir_ = dir;
    const fs::path root(dir);
    const fs::path index_path = root / kIndexName;

    if (fs::exists(index_path, ec)) {
        const std::string index_file = index_path.string();
        json index;
        try {
            index = json::parse(read_text_file(index_file));
        } catch (const json::exception& e) {
            throw Error(index_file, std::string("malformed JSON: ") + e.what());
        }
        if (!index.is_object() || !index.contains("weight_map") || !index["weight_map"].is_object())
            throw Error(index_file, "has no \"weight_map\" object");

        // The weight_map is the table of contents: it decides which shard
        // each tensor comes from. Each shard is mapped once.
        std::map<std::string, std::shared_ptr<SafetensorsFile>> shards;
        for (const auto& [name, shard] : index["weight_map"].items()) {
            if (!shard.is_string())
                throw Error(index_file, "weight_map entry for " + in_quotes(name) + " is not a file name");
            const std::string shard_file = shard.get<std::string>();
            auto it = shards.find(shard_file);
            if (it == shards.end()) {
                const std::string shard_path = (root / shard_file).string();
                if (!fs::exists(shard_path, ec))
                    throw Error(shard_path, "shard " + in_quotes(shard_file) + " listed in " + kIndexName +
                                                " is missing");
                it = shards.emplace(shard_file, SafetensorsFile::open(shard_path)).first;
                ck.files_.push_back(it->second);
            }
            const TensorView* view = it->second->find(name);
            if (!view)
                throw Error(it->second->path(), "tensor " + in_quotes(name) + " is listed in " + kIndexName +
                                                    " for shard " + in_quotes(shard_file) +
                                                    " but that shard does not contain it");
            ck.by_name_[name] = view;
        }
        return ck;
    }

    if (fs::exists(root / "model.safetensors", ec)) {
        ck.files_.push_back(SafetensorsFile::open((root / "model.safetensors").string()));
    } else {
        std::vector<std::string> safetensors, pickles;
        for (const auto& entry : fs::directory_iterator(root, ec)) {
            const std::string name = entry.path().filename().string();
            if (entry.path().extension() == ".safetensors") safetensors.push_back(entry.path().string());
            else if (is_pickle_name(name)) pickles.push_back(name);
        }
        if (ec) throw Error(dir, "cannot list directory: " + ec.message());
        std::sort(safetensors.begin(), safetensors.end());
        std::sort(pickles.begin(), pickles.end());
        if (safetensors.empty()) {
            if (!pickles.empty())
                throw Error(dir, "found only " + pickles.front() +
                                     ": pickle checkpoints (pytorch_model.bin) are never loaded: they can run "
                                     "arbitrary code. Convert to safetensors first, e.g. with transformers: "
                                     "model.save_pretrained(dir, safe_serialization=True)");
            throw Error(dir, "no *.safetensors weights found");
        }
        for (const std::string& p : safetensors) ck.files_.push_back(SafetensorsFile::open(p));
    }

    for (const auto& file : ck.files_) {
        for (const TensorView& t : file->tensors()) {
            auto [it, inserted] = ck.by_name_.emplace(t.name, &t);
            if (!inserted)
                throw Error(dir, "tensor " + in_quotes(t.name) + " appears in both " + it->second->file + " and " +
                                     t.file);
        }
    }
    return ck;
}

const TensorView* Checkpoint::find(const std::string& name) const {
    auto it = by_name_.find(name);
    return it == by_name_.end() ? nullptr : it->second;
}

const TensorView& Checkpoint::at(const std::string& name) const {
    const TensorView* t = find(name);
    if (!t) throw Error(dir_, "tensor " + in_quotes(name) + " not found in the checkpoint");
    return *t;
}

std::vector<std::string> Checkpoint::names() const {
    std::vector<std::string> out;
    out.reserve(by_name_.size());
    for (const auto& kv : by_name_) out.push_back(kv.first);
    return out;
}

// --- writing ---------------------------------------------------------------

void write_safetensors(const std::string& path, const std::vector<TensorToWrite>& tensors,
                       const std::map<std::string, std::string>& metadata) {
    json header = json::object();
    json meta = json::object();
    for (const auto& [k, v] : metadata) meta[k] = v;
    if (!meta.contains("format")) meta["format"] = "pt";  // what HF writes; some readers expect it
    header["__metadata__"] = meta;

    std::vector<Chunk> chunks;
    chunks.push_back({nullptr, 0});  // length + header, filled in below
    std::size_t offset = 0;
    for (const TensorToWrite& t : tensors) {
        if (t.name.empty() || t.name == "__metadata__")
            throw Error(path, "cannot write: invalid tensor name " + in_quotes(t.name));
        if (header.contains(t.name)) throw Error(path, "cannot write: duplicate tensor name " + in_quotes(t.name));
        const std::size_t nbytes = tensor_nbytes(path, t);
        if (nbytes > 0 && !t.data) throw Error(path, "cannot write tensor " + in_quotes(t.name) + ": no data");
        header[t.name] = {{"dtype", dtype_name(t.dtype)},
                          {"shape", t.shape},
                          {"data_offsets", {offset, offset + nbytes}}};
        chunks.push_back({t.data, nbytes});
        offset += nbytes;
    }

    std::string text;
    try {
        text = header.dump();
    } catch (const json::exception& e) {  // e.g. a name that is not valid UTF-8
        throw Error(path, std::string("cannot write: ") + e.what());
    }
    // Pad with spaces so the data section starts 8-byte aligned, as the
    // reference implementation does (readers can then view F64/I64 in place).
    text.append((8 - text.size() % 8) % 8, ' ');
    std::string prefix(8, '\0');
    uint64_t n = text.size();
    for (int i = 0; i < 8; ++i) prefix[i] = static_cast<char>((n >> (8 * i)) & 0xFF);
    prefix += text;
    chunks[0] = {prefix.data(), prefix.size()};
    write_file_atomic(path, chunks);
}

void write_safetensors_sharded(const std::string& dir, const std::vector<TensorToWrite>& tensors,
                               std::size_t max_shard_bytes) {
    const fs::path root(dir);
    const std::string index_path = (root / kIndexName).string();

    // Greedy packing in the given order; a tensor larger than the limit gets
    // a shard of its own (tensors never split).
    std::vector<std::vector<const TensorToWrite*>> shards(1);
    std::size_t current = 0, total = 0;
    std::set<std::string> names;
    for (const TensorToWrite& t : tensors) {
        // Checked here too: across shards write_safetensors cannot see duplicates.
        if (!names.insert(t.name).second) throw Error(index_path, "cannot write: duplicate tensor name " + in_quotes(t.name));
        const std::size_t nbytes = tensor_nbytes(index_path, t);
        if (!shards.back().empty() && current + nbytes > max_shard_bytes) {
            shards.emplace_back();
            current = 0;
        }
        shards.back().push_back(&t);
        current += nbytes;
        total += nbytes;
    }

    json weight_map = json::object();
    for (std::size_t i = 0; i < shards.size(); ++i) {
        const std::string name = shard_name(i + 1, shards.size());
        std::vector<TensorToWrite> part;
        for (const TensorToWrite* t : shards[i]) {
            part.push_back(*t);
            weight_map[t->name] = name;
        }
        write_safetensors((root / name).string(), part);
    }

    json index = {{"metadata", {{"total_size", total}}}, {"weight_map", weight_map}};
    std::string text;
    try {
        text = index.dump(2) + "\n";
    } catch (const json::exception& e) {
        throw Error(index_path, std::string("cannot write: ") + e.what());
    }
    write_file_atomic(index_path, {{text.data(), text.size()}});
}

// --- bf16 / f16 --------------------------------------------------------------

namespace {
uint32_t float_bits(float f) {
    uint32_t u;
    std::memcpy(&u, &f, 4);
    return u;
}
float bits_float(uint32_t u) {
    float f;
    std::memcpy(&f, &u, 4);
    return f;
}
} // namespace

uint16_t float_to_bf16(float f) {
    const uint32_t u = float_bits(f);
    if ((u & 0x7FFFFFFFu) > 0x7F800000u)  // NaN: truncating could clear every mantissa bit (-> Inf)
        return static_cast<uint16_t>((u >> 16) | 0x0040u);
    // Round to nearest even on the dropped 16 bits; overflow correctly carries into Inf.
    return static_cast<uint16_t>((u + 0x7FFFu + ((u >> 16) & 1u)) >> 16);
}

float bf16_to_float(uint16_t b) { return bits_float(static_cast<uint32_t>(b) << 16); }

uint16_t float_to_f16(float f) {
    const uint32_t u = float_bits(f);
    const auto sign = static_cast<uint16_t>((u >> 16) & 0x8000u);
    const uint32_t a = u & 0x7FFFFFFFu;
    if (a >= 0x7F800000u)  // Inf stays Inf; NaN stays a (quiet) NaN, keeping the top payload bits
        return sign | (a > 0x7F800000u ? static_cast<uint16_t>(0x7E00u | ((a >> 13) & 0x3FFu)) : 0x7C00u);
    if (a >= 0x477FF000u) return sign | 0x7C00u;  // >= 65520 rounds past 65504 (max) to Inf
    if (a >= 0x38800000u) {                         // normal f16 (>= 2^-14)
        const uint32_t r = a + 0xFFFu + ((a >> 13) & 1u);  // round to nearest even
        return sign | static_cast<uint16_t>((r - (112u << 23)) >> 13);  // rebias 127 -> 15
    }
    if (a < 0x33000000u) return sign;  // <= 2^-25 (a tie at 2^-25 rounds to even 0)
    // Subnormal: count units of 2^-24, rounding to nearest even. Integer-only
    // so the result does not depend on the FPU rounding mode.
    const uint32_t e = a >> 23;  // 102..112
    const uint32_t m = (a & 0x7FFFFFu) | 0x800000u;
    const uint32_t shift = 126u - e;  // 14..24
    uint32_t q = m >> shift;
    const uint32_t rem = m & ((1u << shift) - 1u), half = 1u << (shift - 1u);
    if (rem > half || (rem == half && (q & 1u))) ++q;  // may carry into the smallest normal: still correct
    return sign | static_cast<uint16_t>(q);
}

float f16_to_float(uint16_t h) {
    const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
    const uint32_t exp = (h >> 10) & 0x1Fu, mant = h & 0x3FFu;
    if (exp == 0x1F) return bits_float(sign | 0x7F800000u | (mant << 13));  // Inf / NaN
    if (exp == 0) {                                                          // zero / subnormal: mant * 2^-24, exact
        const float v = std::ldexp(static_cast<float>(mant), -24);
        return sign ? -v : v;
    }
    return bits_float(sign | ((exp + 112u) << 23) | (mant << 13));
}

} // namespace specscope
