#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/status.h"

namespace tarn {

enum class Compression : uint8_t { kAuto, kNone, kGzip, kZstd };

// Parses "auto", "gzip"/"gz", "zstd"/"zst", "none"/"uncompressed"; kInvalidOption otherwise.
Result<Compression> ParseCompression(const std::string& text);
const char* CompressionName(Compression compression);

// Looks at the first bytes of a file: gzip (1f 8b), zstd (28 b5 2f fd) or none.
Result<Compression> DetectCompression(const std::string& path);

// InputStream reads a file front to back, decompressing gzip (multi-member) or zstd
// transparently. Corrupt compressed data gives kInvalidInput naming the file; read
// failures give kIo naming the file and the system's reason.
// Thread safety: none; one reader at a time. Ownership: owns its file and codec state.
class InputStream {
 public:
  virtual ~InputStream() = default;
  // Reads up to `size` bytes; returns 0 only at end of stream.
  virtual Result<size_t> Read(char* buffer, size_t size) = 0;
  // Compressed bytes consumed so far (for progress), or bytes read when uncompressed.
  virtual uint64_t SourceBytesRead() const = 0;
  const std::string& path() const { return path_; }

 protected:
  explicit InputStream(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

// Opens `path` for sequential reading. With Compression::kAuto the codec is detected from
// the content, not the file name.
Result<std::unique_ptr<InputStream>> OpenInputStream(const std::string& path,
                                                     Compression compression = Compression::kAuto);

}  // namespace tarn
