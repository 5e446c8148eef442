#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/status.h"
#include "vector/data_chunk.h"

namespace tarn {

// SpillFile holds chunks that an operator moved out of memory (a hash aggregate's rows of
// groups that no longer fit, a sort's sorted runs): chunks are appended, then read back
// in the same order. The file lives in the query's temporary directory and is unlinked as
// soon as it is created, so it takes no name on disk and disappears with the process, even
// one that is killed. Values of every type are written, nested ones included; strings read
// back point into a buffer the chunk keeps alive.
// Thread safety: none; one writer, then one reader.
class SpillFile {
 public:
  // Writes are buffered up to this many bytes unless Create is told otherwise.
  static constexpr size_t kDefaultBufferBytes = 1 << 20;

  // Creates the file in `directory` (created if missing). An operator that keeps many
  // files open at once passes a smaller `buffer_bytes` to bound the memory they hold.
  static Result<std::unique_ptr<SpillFile>> Create(const std::string& directory,
                                                   size_t buffer_bytes = kDefaultBufferBytes);
  ~SpillFile();
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;

  // Appends the logical rows of `chunk` (its selection applied). Throws kIo when the
  // disk is full or the write fails.
  void Append(const DataChunk& chunk);
  // Flushes the writes, frees the write buffer and moves to the first chunk; Append is
  // not allowed afterwards.
  void StartReading();
  // Fills `chunk` (initialized with the appended chunks' types) with the next chunk;
  // false at the end. Throws kIo on a read failure or a damaged file.
  bool Read(DataChunk& chunk);

  idx_t rows() const { return rows_; }
  uint64_t bytes() const { return bytes_; }

 private:
  SpillFile(int fd, std::string directory, size_t buffer_bytes)
      : fd_(fd), directory_(std::move(directory)), buffer_bytes_(buffer_bytes) {}
  void Flush();
  void ReadExactly(char* target, size_t size);

  int fd_;
  std::string directory_;
  size_t buffer_bytes_;
  std::string write_buffer_;
  idx_t rows_ = 0;
  uint64_t bytes_ = 0;
  bool reading_ = false;
};

}  // namespace tarn
