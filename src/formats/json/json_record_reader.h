#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/status.h"
#include "formats/json/json_options.h"
#include "storage/compressed_stream.h"
#include "storage/file_system.h"

namespace tarn {

// One record found by JsonRecordReader.
struct JsonRecord {
  enum class Kind : uint8_t {
    kValue,      // data[0, size) is the text of one JSON value (not yet validated).
    kTooLarge,   // Longer than maximum_object_size; the text was skipped.
    kMalformed,  // The file's structure is broken here; `problem` says how.
  };
  Kind kind = Kind::kValue;
  const char* data = nullptr;
  size_t size = 0;
  uint64_t offset = 0;  // Byte offset of the record in the (decompressed) file.
  uint64_t number = 0;  // 1-based record number in the file; 0 when unknown (a mid-file range).
  std::string problem;
};

// JsonRecordReader splits one JSON file, or one byte range of an uncompressed
// newline-delimited file, into records without parsing them:
//   kNewlineDelimited: each non-blank line is a record;
//   kArray: the elements of the top-level array;
//   kUnstructured: top-level values one after another (objects may span lines).
// A range [start, end) owns the lines that begin inside it: a reader of a range that starts
// mid-file skips to the first line break at or after start - 1. Records longer than
// `maximum_object_size` are reported as kTooLarge without being held in memory, so memory
// stays bounded by about that size plus one read block.
// The text of a record stays valid until the next call to Next, and
// simdjson::SIMDJSON_PADDING bytes after it may be read.
// Errors reading the file throw TarnException(kIo / kInvalidInput for corrupt compressed
// data). Thread safety: none; one reader per thread.
class JsonRecordReader {
 public:
  static constexpr uint64_t kEndOfFile = UINT64_MAX;

  // `format` must not be kAuto.
  static Result<std::unique_ptr<JsonRecordReader>> Open(const std::string& path, JsonFormat format,
                                                        Compression compression, uint64_t start,
                                                        uint64_t end, uint64_t maximum_object_size);
  ~JsonRecordReader();

  // Finds the next record; false at the end of the file or range.
  bool Next(JsonRecord* record);
  // Bytes of the file (compressed bytes for compressed files) read so far.
  uint64_t BytesConsumed() const;
  const std::string& path() const { return path_; }

 private:
  enum class ArrayState : uint8_t { kStart, kFirst, kNext, kAfterComma, kEnd };

  JsonRecordReader(std::string path, JsonFormat format, uint64_t start, uint64_t end,
                   uint64_t maximum_object_size);
  // Moves the unconsumed bytes to the front and reads more; false at the end of input.
  bool Refill();
  size_t ReadSource(char* target, size_t size);
  // Skips spaces, tabs and line breaks; false when the input ends first.
  bool SkipWhitespace();
  bool NextLine(JsonRecord* record);
  bool NextStructured(JsonRecord* record);
  // Finds the end of the value that starts at pos_; returns its size, or 0 when the input
  // ended inside it. Sets too_large when it passed maximum_object_size (the text is gone).
  size_t ScanValue(bool* too_large);
  void Malformed(JsonRecord* record, uint64_t offset, std::string problem);

  std::string path_;
  JsonFormat format_;
  uint64_t range_start_;
  uint64_t range_end_;
  uint64_t maximum_object_size_;

  std::unique_ptr<RandomAccessFile> file_;
  std::unique_ptr<InputStream> stream_;
  uint64_t read_offset_ = 0;
  bool source_exhausted_ = false;
  bool finished_ = false;

  std::unique_ptr<char[]> buffer_;
  size_t capacity_ = 0;
  size_t size_ = 0;
  size_t pos_ = 0;
  uint64_t buffer_offset_ = 0;  // File offset of buffer_[0].
  uint64_t record_number_ = 0;
  bool numbered_ = true;
  ArrayState array_state_ = ArrayState::kStart;
};

}  // namespace tarn
