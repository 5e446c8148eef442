#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"

namespace tarn {

// Local file access for the format readers: glob expansion, file sizes, and positional
// reads of uncompressed files (the byte ranges of a parallel scan). Sequential reading with
// transparent decompression lives in compressed_stream.h.

// Expands a path pattern into the sorted list of matching regular files. Wildcards: `*`
// and `?` within one path component, `[abc]` / `[a-z]` / `[!a]` character classes, and a
// `**` component for any number of directories (including none). A pattern without
// wildcards returns itself when the file exists. No match gives a kIo error
//   No files found that match the pattern "x"
// and a directory named without wildcards a kIo error suggesting the glob "dir/*".
Result<std::vector<std::string>> ExpandGlob(const std::string& pattern);

// ExpandGlob of each pattern in turn, the files one after another (a file that two
// patterns match appears twice); the first pattern that fails gives the error.
Result<std::vector<std::string>> ExpandGlobs(const std::vector<std::string>& patterns);

// Whether the text contains a glob wildcard character.
bool HasGlobWildcard(const std::string& pattern);

// The absolute, normalized form of `path` ("a/../b/" from /x gives "/x/b"), without a
// trailing '/'; `path` itself when the working directory cannot be read. What the lake
// catalog records, so locations read the same from any folder.
std::string AbsolutePath(const std::string& path);

// A byte range [start, end) of a file; `last` when it runs to the end of the file.
struct ByteRange {
  uint64_t start = 0;
  uint64_t end = 0;
  bool last = false;
};

// Cuts a file of `size` bytes into ranges of about `range_size` for a parallel scan of
// line-based text: the last range takes a remainder under half a range, and a file under
// one and a half ranges (or one that cannot be split: `splittable` false, as compressed
// files) is one range.
std::vector<ByteRange> SplitByteRanges(uint64_t size, uint64_t range_size, bool splittable);

// Size in bytes of a file, or a kIo error naming the path and the system's reason.
Result<uint64_t> FileSize(const std::string& path);

// RandomAccessFile reads bytes at given offsets of one local file (pread).
// Thread safety: ReadAt is safe to call from several threads at once.
// Ownership: owns the file descriptor, closed on destruction.
class RandomAccessFile {
 public:
  ~RandomAccessFile();
  RandomAccessFile(const RandomAccessFile&) = delete;
  RandomAccessFile& operator=(const RandomAccessFile&) = delete;

  static Result<std::unique_ptr<RandomAccessFile>> Open(const std::string& path);

  // Reads up to `size` bytes at `offset`; returns fewer only at end of file.
  Result<size_t> ReadAt(uint64_t offset, char* buffer, size_t size) const;
  uint64_t size() const { return size_; }
  const std::string& path() const { return path_; }

 private:
  RandomAccessFile(std::string path, int descriptor, uint64_t size)
      : path_(std::move(path)), descriptor_(descriptor), size_(size) {}
  std::string path_;
  int descriptor_;
  uint64_t size_;
};

// The kIo status for a failed system call on `path`: `Cannot open file "x": No such file or
// directory`.
Status IoErrorFromErrno(const std::string& action, const std::string& path, int error_number);

}  // namespace tarn
