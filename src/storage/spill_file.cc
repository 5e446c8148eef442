#include "storage/spill_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "common/exception.h"

namespace tarn {

namespace {

void Put(std::string& out, const void* data, size_t size) {
  out.append(static_cast<const char*>(data), size);
}
template <class T>
void PutValue(std::string& out, T value) {
  Put(out, &value, sizeof(T));
}

// Writes rows rows[0..count) (physical rows of `vector`) in a layout DecodeVector reads:
// validity bits, then values (strings: lengths, then bytes; lists: lengths, then the
// elements as one vector; structs: each field as a vector).
void EncodeVector(const Vector& vector, const uint32_t* rows, idx_t count, std::string& out) {
  std::string bits((count + 7) / 8, '\0');
  for (idx_t i = 0; i < count; i++) {
    if (vector.validity().RowIsValid(rows[i])) bits[i / 8] |= static_cast<char>(1 << (i % 8));
  }
  out += bits;
  auto valid = [&](idx_t i) { return vector.validity().RowIsValid(rows[i]); };
  switch (vector.type().physical()) {
    case PhysicalType::kString: {
      const auto* data = vector.Data<std::string_view>();
      for (idx_t i = 0; i < count; i++) {
        PutValue<uint32_t>(out, valid(i) ? static_cast<uint32_t>(data[rows[i]].size()) : 0);
      }
      for (idx_t i = 0; i < count; i++) {
        if (valid(i)) Put(out, data[rows[i]].data(), data[rows[i]].size());
      }
      return;
    }
    case PhysicalType::kList: {
      std::vector<uint32_t> elements;
      for (idx_t i = 0; i < count; i++) {
        ListEntry entry = vector.ListEntryAt(rows[i]);
        PutValue<uint32_t>(out, static_cast<uint32_t>(entry.length));
        for (uint64_t e = 0; e < entry.length; e++) {
          elements.push_back(static_cast<uint32_t>(entry.offset + e));
        }
      }
      EncodeVector(vector.child(0), elements.data(), elements.size(), out);
      return;
    }
    case PhysicalType::kStruct:
      for (idx_t f = 0; f < vector.ChildCount(); f++) {
        EncodeVector(vector.child(f), rows, count, out);
      }
      return;
    default: {
      size_t width = vector.type().PhysicalSize();
      const auto* data = vector.Data<uint8_t>();
      for (idx_t i = 0; i < count; i++) Put(out, data + rows[i] * width, width);
      return;
    }
  }
}

// Reads what EncodeVector wrote into rows [offset, offset + count) of `vector`.
class ChunkDecoder {
 public:
  ChunkDecoder(std::shared_ptr<std::string> buffer) : buffer_(std::move(buffer)) {}

  void Decode(Vector& vector, idx_t offset, idx_t count) {
    const char* bits = Take((count + 7) / 8);
    for (idx_t i = 0; i < count; i++) {
      vector.validity().Set(offset + i, (bits[i / 8] >> (i % 8)) & 1);
    }
    switch (vector.type().physical()) {
      case PhysicalType::kString: {
        const char* lengths = Take(count * sizeof(uint32_t));
        auto* data = vector.Data<std::string_view>();
        for (idx_t i = 0; i < count; i++) {
          uint32_t length;
          std::memcpy(&length, lengths + i * sizeof(uint32_t), sizeof(length));
          data[offset + i] = std::string_view(Take(length), length);
        }
        vector.KeepAlive(buffer_);
        return;
      }
      case PhysicalType::kList: {
        const char* lengths = Take(count * sizeof(uint32_t));
        auto* entries = vector.Data<ListEntry>();
        uint64_t total = 0;
        idx_t start = vector.ReserveListElements(0);
        for (idx_t i = 0; i < count; i++) {
          uint32_t length;
          std::memcpy(&length, lengths + i * sizeof(uint32_t), sizeof(length));
          entries[offset + i] = ListEntry{start + total, length};
          total += length;
        }
        start = vector.ReserveListElements(total);
        Decode(vector.child(0), start, total);
        vector.set_list_size(start + total);
        return;
      }
      case PhysicalType::kStruct:
        for (idx_t f = 0; f < vector.ChildCount(); f++) Decode(vector.child(f), offset, count);
        return;
      default: {
        size_t width = vector.type().PhysicalSize();
        std::memcpy(vector.Data<uint8_t>() + offset * width, Take(count * width), count * width);
        return;
      }
    }
  }

 private:
  const char* Take(size_t size) {
    if (size > buffer_->size() - position_) {
      ThrowError(ErrorCode::kIo, "spill file is damaged: a chunk ends early");
    }
    const char* data = buffer_->data() + position_;
    position_ += size;
    return data;
  }

  std::shared_ptr<std::string> buffer_;
  size_t position_ = sizeof(uint32_t);  // After the row count.
};

}  // namespace

Result<std::unique_ptr<SpillFile>> SpillFile::Create(const std::string& directory,
                                                     size_t buffer_bytes) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  std::string pattern = directory + "/tarn-spill-XXXXXX";
  int fd = mkstemp(pattern.data());
  if (fd < 0) {
    return Status::Error(ErrorCode::kIo, "cannot create a spill file in \"" + directory +
                                             "\": " + std::strerror(errno) +
                                             " (SET temp_directory = '...' to use another)");
  }
  unlink(pattern.c_str());
  return std::unique_ptr<SpillFile>(new SpillFile(fd, directory, buffer_bytes));
}

SpillFile::~SpillFile() { close(fd_); }

void SpillFile::Append(const DataChunk& chunk) {
  TARN_CHECK(!reading_, "SpillFile::Append after StartReading");
  idx_t count = chunk.size();
  if (count == 0) return;
  std::vector<uint32_t> rows(count);
  for (idx_t i = 0; i < count; i++) rows[i] = chunk.RowIndex(i);
  std::string payload;
  PutValue<uint32_t>(payload, static_cast<uint32_t>(count));
  for (idx_t c = 0; c < chunk.ColumnCount(); c++) {
    EncodeVector(chunk.column(c), rows.data(), count, payload);
  }
  PutValue<uint64_t>(write_buffer_, payload.size());
  write_buffer_ += payload;
  rows_ += count;
  bytes_ += payload.size() + sizeof(uint64_t);
  if (write_buffer_.size() >= buffer_bytes_) Flush();
}

void SpillFile::Flush() {
  size_t written = 0;
  while (written < write_buffer_.size()) {
    ssize_t result = write(fd_, write_buffer_.data() + written, write_buffer_.size() - written);
    if (result < 0 && errno == EINTR) continue;
    if (result <= 0) {
      ThrowError(ErrorCode::kIo, "cannot write a spill file in \"" + directory_ +
                                     "\": " + std::strerror(errno) +
                                     " (free disk space, or SET temp_directory = '...')");
    }
    written += static_cast<size_t>(result);
  }
  write_buffer_.clear();
}

void SpillFile::StartReading() {
  Flush();
  std::string().swap(write_buffer_);
  reading_ = true;
  if (lseek(fd_, 0, SEEK_SET) < 0) {
    ThrowError(ErrorCode::kIo, std::string("cannot rewind a spill file: ") + std::strerror(errno));
  }
}

void SpillFile::ReadExactly(char* target, size_t size) {
  size_t done = 0;
  while (done < size) {
    ssize_t result = read(fd_, target + done, size - done);
    if (result < 0 && errno == EINTR) continue;
    if (result <= 0) {
      ThrowError(ErrorCode::kIo, std::string("cannot read a spill file: ") +
                                     (result == 0 ? "it ends early" : std::strerror(errno)));
    }
    done += static_cast<size_t>(result);
  }
}

bool SpillFile::Read(DataChunk& chunk) {
  TARN_CHECK(reading_, "SpillFile::Read before StartReading");
  chunk.Reset();
  uint64_t size;
  ssize_t first = read(fd_, &size, sizeof(size));
  if (first == 0) return false;
  if (first < 0 || static_cast<size_t>(first) != sizeof(size)) {
    size_t have = first < 0 ? 0 : static_cast<size_t>(first);
    ReadExactly(reinterpret_cast<char*>(&size) + have, sizeof(size) - have);
  }
  if (size < sizeof(uint32_t) || size > (uint64_t(1) << 36)) {
    ThrowError(ErrorCode::kIo, "spill file is damaged: bad chunk size");
  }
  auto buffer = std::make_shared<std::string>(size, '\0');
  ReadExactly(buffer->data(), size);
  uint32_t count;
  std::memcpy(&count, buffer->data(), sizeof(count));
  if (count > chunk.capacity()) ThrowError(ErrorCode::kIo, "spill file is damaged: chunk too big");
  ChunkDecoder decoder(buffer);
  for (idx_t c = 0; c < chunk.ColumnCount(); c++) decoder.Decode(chunk.column(c), 0, count);
  chunk.SetSize(count);
  return true;
}

}  // namespace tarn
