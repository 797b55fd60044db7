// safetensors: memory-mapped reading (single files and sharded checkpoints
// through model.safetensors.index.json) and writing. No torch here: tensors
// are raw views into the mapping; core/model/weights.cpp turns them into
// at::Tensor. Every malformed input throws specscope::Error naming the file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace specscope {

// The dtypes the format defines. Weights may be F32, F16 or BF16; the others
// are parsed (so a file holding them opens) but the model loader refuses them.
enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL };

std::size_t dtype_size(DType dtype);          // bytes per element
const char* dtype_name(DType dtype);          // "F32", "BF16", ...

// One tensor inside a mapped file. `data` stays valid while the owning
// SafetensorsFile (or Checkpoint) is alive.
struct TensorView {
    std::string name;
    DType dtype = DType::F32;
    std::vector<int64_t> shape;
    const void* data = nullptr;
    std::size_t nbytes = 0;
    std::string file;  // the file it lives in (for error messages)

    int64_t numel() const;
};

// One .safetensors file, mapped read-only with mmap.
class SafetensorsFile {
public:
    // Throws Error(path, ...) for: missing/unreadable file, file shorter than
    // 8 bytes, header length past the end, malformed header JSON, unknown
    // dtype, offsets out of order/overlapping/past the end of the file,
    // byte length != numel * dtype size.
    static std::shared_ptr<SafetensorsFile> open(const std::string& path);
    ~SafetensorsFile();
    SafetensorsFile(const SafetensorsFile&) = delete;
    SafetensorsFile& operator=(const SafetensorsFile&) = delete;

    const std::string& path() const { return path_; }
    const std::vector<TensorView>& tensors() const { return tensors_; }
    const TensorView* find(const std::string& name) const;  // nullptr if absent
    const std::map<std::string, std::string>& metadata() const { return metadata_; }

private:
    SafetensorsFile() = default;
    std::string path_;
    void* map_ = nullptr;
    std::size_t map_size_ = 0;
    std::vector<TensorView> tensors_;
    std::map<std::string, std::size_t> index_;
    std::map<std::string, std::string> metadata_;
};

// All weights of a Hugging Face checkpoint directory: model.safetensors, or
// the shards listed in model.safetensors.index.json ("weight_map"). A
// directory with only pickle files (pytorch_model*.bin, *.pt, *.pth) is
// refused with a message saying pickle is never loaded and how to convert.
class Checkpoint {
public:
    static Checkpoint open_dir(const std::string& dir);

    const TensorView* find(const std::string& name) const;  // nullptr if absent
    const TensorView& at(const std::string& name) const;     // throws Error naming the dir
    std::vector<std::string> names() const;                  // sorted
    const std::string& dir() const { return dir_; }

private:
    std::string dir_;
    std::vector<std::shared_ptr<SafetensorsFile>> files_;
    std::map<std::string, const TensorView*> by_name_;
};

// A tensor to write: `data` points to numel * dtype_size bytes, row-major.
struct TensorToWrite {
    std::string name;
    DType dtype = DType::F32;
    std::vector<int64_t> shape;
    const void* data = nullptr;
};

// Writes one file (header padded to 8 bytes, tensors in the given order).
// Writes to PATH.tmp then renames, so a failure (full disk) never leaves a
// half-written file under the real name; throws Error(path, ...) on failure.
void write_safetensors(const std::string& path, const std::vector<TensorToWrite>& tensors,
                       const std::map<std::string, std::string>& metadata = {});

// Writes model-0000i-of-0000n.safetensors shards of at most max_shard_bytes
// each (a tensor never splits) plus model.safetensors.index.json into dir.
void write_safetensors_sharded(const std::string& dir, const std::vector<TensorToWrite>& tensors,
                               std::size_t max_shard_bytes);

// fp32 <-> bf16 / fp16 conversion helpers (round to nearest even), used by
// writers and tests that build checkpoints without torch.
uint16_t float_to_bf16(float f);
float bf16_to_float(uint16_t b);
uint16_t float_to_f16(float f);
float f16_to_float(uint16_t h);

} // namespace specscope
