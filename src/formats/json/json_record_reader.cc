#include "formats/json/json_record_reader.h"

#include <simdjson.h>

#include <algorithm>
#include <cstring>

namespace tarn {

namespace {

constexpr size_t kBlockSize = 1024 * 1024;

inline bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

}  // namespace

JsonRecordReader::JsonRecordReader(std::string path, JsonFormat format, uint64_t start,
                                   uint64_t end, uint64_t maximum_object_size)
    : path_(std::move(path)),
      format_(format),
      range_start_(start),
      range_end_(end),
      maximum_object_size_(maximum_object_size) {}

JsonRecordReader::~JsonRecordReader() = default;

Result<std::unique_ptr<JsonRecordReader>> JsonRecordReader::Open(const std::string& path,
                                                                 JsonFormat format,
                                                                 Compression compression,
                                                                 uint64_t start, uint64_t end,
                                                                 uint64_t maximum_object_size) {
  TARN_CHECK(format != JsonFormat::kAuto, "JSON record reader needs a resolved format");
  std::unique_ptr<JsonRecordReader> reader(
      new JsonRecordReader(path, format, start, end, maximum_object_size));
  if (start > 0 || end != kEndOfFile) {
    TARN_ASSIGN_OR_RETURN(reader->file_, RandomAccessFile::Open(path));
    reader->read_offset_ = start > 0 ? start - 1 : 0;
    reader->buffer_offset_ = reader->read_offset_;
  } else {
    TARN_ASSIGN_OR_RETURN(reader->stream_, OpenInputStream(path, compression));
  }
  reader->capacity_ = kBlockSize;
  reader->buffer_.reset(new char[reader->capacity_ + simdjson::SIMDJSON_PADDING]());
  reader->numbered_ = start == 0;
  if (start > 0) {
    // The line that crosses `start` belongs to the previous range: skip past its end.
    while (true) {
      if (reader->pos_ == reader->size_ && !reader->Refill()) {
        reader->finished_ = true;
        break;
      }
      const char* begin = reader->buffer_.get() + reader->pos_;
      const void* newline = std::memchr(begin, '\n', reader->size_ - reader->pos_);
      if (newline) {
        reader->pos_ += static_cast<const char*>(newline) - begin + 1;
        break;
      }
      reader->pos_ = reader->size_;
    }
  } else {
    if (reader->Refill() && reader->size_ >= 3 &&
        std::memcmp(reader->buffer_.get(), "\xEF\xBB\xBF", 3) == 0) {
      reader->pos_ = 3;
    }
  }
  return reader;
}

size_t JsonRecordReader::ReadSource(char* target, size_t size) {
  if (stream_) return stream_->Read(target, size).ValueOrThrow();
  size_t read = file_->ReadAt(read_offset_, target, size).ValueOrThrow();
  read_offset_ += read;
  return read;
}

uint64_t JsonRecordReader::BytesConsumed() const {
  if (stream_) return stream_->SourceBytesRead();
  return read_offset_ - range_start_;
}

bool JsonRecordReader::Refill() {
  if (source_exhausted_) return false;
  if (pos_ > 0) {
    std::memmove(buffer_.get(), buffer_.get() + pos_, size_ - pos_);
    buffer_offset_ += pos_;
    size_ -= pos_;
    pos_ = 0;
  }
  if (size_ == capacity_) {
    size_t new_capacity = capacity_ * 2;
    std::unique_ptr<char[]> grown(new char[new_capacity + simdjson::SIMDJSON_PADDING]());
    if (size_ > 0) std::memcpy(grown.get(), buffer_.get(), size_);
    buffer_ = std::move(grown);
    capacity_ = new_capacity;
  }
  size_t read = ReadSource(buffer_.get() + size_, capacity_ - size_);
  if (read == 0) {
    source_exhausted_ = true;
    return false;
  }
  size_ += read;
  std::memset(buffer_.get() + size_, 0, simdjson::SIMDJSON_PADDING);
  return true;
}

bool JsonRecordReader::SkipWhitespace() {
  while (true) {
    while (pos_ < size_ && IsSpace(buffer_[pos_])) pos_++;
    if (pos_ < size_) return true;
    if (!Refill()) return false;
  }
}

void JsonRecordReader::Malformed(JsonRecord* record, uint64_t offset, std::string problem) {
  record->kind = JsonRecord::Kind::kMalformed;
  record->data = nullptr;
  record->size = 0;
  record->offset = offset;
  record->number = numbered_ ? ++record_number_ : 0;
  record->problem = std::move(problem);
}

bool JsonRecordReader::Next(JsonRecord* record) {
  if (finished_) return false;
  if (format_ == JsonFormat::kNewlineDelimited) return NextLine(record);
  return NextStructured(record);
}

bool JsonRecordReader::NextLine(JsonRecord* record) {
  if (!SkipWhitespace()) {
    finished_ = true;
    return false;
  }
  uint64_t offset = buffer_offset_ + pos_;
  if (offset >= range_end_) {
    finished_ = true;
    return false;
  }
  size_t scanned = 0;  // Bytes after pos_ known to hold no line break.
  bool too_large = false;
  uint64_t skipped = 0;
  size_t line_end;
  while (true) {
    const char* begin = buffer_.get() + pos_;
    const void* newline = std::memchr(begin + scanned, '\n', size_ - pos_ - scanned);
    if (newline) {
      line_end = pos_ + (static_cast<const char*>(newline) - begin);
      break;
    }
    scanned = size_ - pos_;
    if (skipped + scanned > maximum_object_size_) {
      // Drop what was read of this line; only its end is still needed.
      too_large = true;
      skipped += scanned;
      pos_ = size_;
      scanned = 0;
    }
    if (!Refill()) {
      line_end = size_;
      break;
    }
  }
  size_t next = std::min(line_end + 1, size_);
  size_t length = line_end - pos_;
  while (length > 0 && IsSpace(buffer_[pos_ + length - 1])) length--;
  record->offset = offset;
  record->number = numbered_ ? ++record_number_ : 0;
  record->problem.clear();
  if (too_large || length > maximum_object_size_) {
    record->kind = JsonRecord::Kind::kTooLarge;
    record->data = nullptr;
    record->size = skipped + length;
  } else {
    record->kind = JsonRecord::Kind::kValue;
    record->data = buffer_.get() + pos_;
    record->size = length;
  }
  pos_ = next;
  return true;
}

size_t JsonRecordReader::ScanValue(bool* too_large) {
  *too_large = false;
  const char first = buffer_[pos_];
  const bool container = first == '{' || first == '[';
  const bool string_value = first == '"';
  size_t length = string_value ? 1 : 0;
  uint64_t skipped = 0;
  int64_t depth = 0;
  bool in_string = string_value;
  bool escaped = false;
  while (true) {
    const char* data = buffer_.get() + pos_;
    const size_t available = size_ - pos_;
    size_t i = length;
    bool done = false;
    if (container || string_value) {
      for (; i < available; i++) {
        const char c = data[i];
        if (in_string) {
          if (escaped) {
            escaped = false;
          } else if (c == '\\') {
            escaped = true;
          } else if (c == '"') {
            in_string = false;
            if (string_value) {
              i++;
              done = true;
              break;
            }
          }
          continue;
        }
        if (c == '"') {
          in_string = true;
        } else if (c == '{' || c == '[') {
          depth++;
        } else if (c == '}' || c == ']') {
          if (--depth == 0) {
            i++;
            done = true;
            break;
          }
        }
      }
    } else {
      for (; i < available; i++) {
        const char c = data[i];
        if (c == ',' || c == ']' || c == '}' || c == '{' || c == '[' || c == '"' || IsSpace(c)) {
          done = true;
          break;
        }
      }
    }
    if (!done && skipped + i > maximum_object_size_) {
      *too_large = true;
      skipped += i;
      pos_ = size_;
      i = 0;
    }
    length = i;
    if (done) break;
    if (!Refill()) {
      if (container || string_value || *too_large) return 0;
      break;  // A scalar that ends at the end of the input.
    }
  }
  if (skipped + length > maximum_object_size_) *too_large = true;
  if (*too_large) {
    pos_ += length;
    return static_cast<size_t>(skipped + length);
  }
  return length;
}

bool JsonRecordReader::NextStructured(JsonRecord* record) {
  while (true) {
    if (!SkipWhitespace()) {
      finished_ = true;
      if (format_ == JsonFormat::kArray && array_state_ != ArrayState::kEnd) {
        if (array_state_ == ArrayState::kStart && buffer_offset_ + pos_ == 0) return false;
        Malformed(record, buffer_offset_ + pos_,
                  "unexpected end of file: the top-level array is not closed with ']'");
        return true;
      }
      return false;
    }
    const uint64_t offset = buffer_offset_ + pos_;
    const char c = buffer_[pos_];
    if (format_ == JsonFormat::kArray) {
      switch (array_state_) {
        case ArrayState::kStart:
          if (c != '[') {
            finished_ = true;
            Malformed(record, offset,
                      "expected '[' at the start of a JSON array file (use "
                      "format='newline_delimited' for one record per line)");
            return true;
          }
          pos_++;
          array_state_ = ArrayState::kFirst;
          continue;
        case ArrayState::kFirst:
          if (c == ']') {
            pos_++;
            array_state_ = ArrayState::kEnd;
            continue;
          }
          break;
        case ArrayState::kNext:
          if (c == ',') {
            pos_++;
            array_state_ = ArrayState::kAfterComma;
            continue;
          }
          if (c == ']') {
            pos_++;
            array_state_ = ArrayState::kEnd;
            continue;
          }
          // Report the missing comma, then read on from this value.
          array_state_ = ArrayState::kAfterComma;
          Malformed(record, offset,
                    std::string("expected ',' or ']' after an array element, found '") + c + "'");
          return true;
        case ArrayState::kAfterComma:
          if (c == ']') {
            pos_++;
            array_state_ = ArrayState::kEnd;
            Malformed(record, offset, "a ',' before the closing ']' of the top-level array");
            return true;
          }
          break;
        case ArrayState::kEnd:
          finished_ = true;
          Malformed(record, offset,
                    "unexpected content after the closing ']' of the top-level array");
          return true;
      }
    }
    if (c == '}' || c == ']' || c == ',' || c == ':') {
      pos_++;
      Malformed(record, offset, std::string("unexpected '") + c + "' where a value should start");
      return true;
    }
    bool too_large = false;
    size_t length = ScanValue(&too_large);
    if (format_ == JsonFormat::kArray) array_state_ = ArrayState::kNext;
    if (length == 0) {
      finished_ = true;
      Malformed(record, offset, "unexpected end of file inside a value");
      return true;
    }
    record->offset = offset;
    record->number = numbered_ ? ++record_number_ : 0;
    record->problem.clear();
    if (too_large) {
      record->kind = JsonRecord::Kind::kTooLarge;
      record->data = nullptr;
      record->size = length;
      return true;
    }
    record->kind = JsonRecord::Kind::kValue;
    record->data = buffer_.get() + pos_;
    record->size = length;
    pos_ += length;
    return true;
  }
}

}  // namespace tarn
