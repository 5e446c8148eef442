#include "formats/parquet/parquet_encoding.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <utility>

#include "common/exception.h"

namespace tarn {

namespace {

[[noreturn]] void Corrupt(const std::string& why) { ThrowError(ErrorCode::kInvalidInput, why); }

inline uint64_t LoadWord(const uint8_t* data, size_t size, size_t byte) {
  uint64_t word = 0;
  if (byte + 8 <= size) {
    std::memcpy(&word, data + byte, 8);
  } else if (byte < size) {
    std::memcpy(&word, data + byte, size - byte);
  }
  return word;
}

// Unpacks groups of 8 values of kWidth bits (kWidth bytes per group) starting at a byte
// boundary. Reads up to 8 bytes past the start of the last value: callers guarantee them.
template <int kWidth, class T>
void UnpackGroups(const uint8_t* data, T* output, idx_t groups) {
  constexpr uint64_t kMask = kWidth == 0 ? 0 : (uint64_t(1) << kWidth) - 1;
  for (idx_t group = 0; group < groups; group++) {
    const uint8_t* base = data + group * kWidth;
    T* out = output + group * 8;
#pragma GCC unroll 8
    for (int j = 0; j < 8; j++) {
      uint64_t word;
      std::memcpy(&word, base + (j * kWidth) / 8, 8);
      out[j] = static_cast<T>((word >> ((j * kWidth) & 7)) & kMask);
    }
  }
}

template <class T>
using GroupUnpacker = void (*)(const uint8_t*, T*, idx_t);

template <class T, int... kWidths>
constexpr std::array<GroupUnpacker<T>, sizeof...(kWidths)> MakeUnpackers(
    std::integer_sequence<int, kWidths...>) {
  return {&UnpackGroups<kWidths, T>...};
}

template <class T>
const std::array<GroupUnpacker<T>, 33>& Unpackers() {
  static constexpr auto kTable = MakeUnpackers<T>(std::make_integer_sequence<int, 33>());
  return kTable;
}

}  // namespace

uint64_t ReadPackedBits(const uint8_t* data, size_t size, uint64_t bit_offset, int bit_width) {
  if (bit_width == 0) return 0;
  size_t byte = bit_offset >> 3;
  int shift = static_cast<int>(bit_offset & 7);
  uint64_t value = LoadWord(data, size, byte) >> shift;
  if (shift + bit_width > 64) {
    value |= LoadWord(data, size, byte + 8) << (64 - shift);
  }
  if (bit_width < 64) value &= (uint64_t(1) << bit_width) - 1;
  return value;
}

RleBitPackedDecoder::RleBitPackedDecoder(const uint8_t* data, size_t size, int bit_width)
    : data_(data), size_(size), bit_width_(bit_width) {
  if (bit_width < 0 || bit_width > 32) {
    Corrupt("RLE bit width " + std::to_string(bit_width) + " is out of range");
  }
}

bool RleBitPackedDecoder::NextRun() {
  if (position_ >= size_) return false;
  uint64_t header = 0;
  int shift = 0;
  while (true) {
    if (position_ >= size_) Corrupt("RLE run header runs past the end of the data");
    uint8_t byte = data_[position_++];
    header |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) break;
    shift += 7;
    if (shift > 35) Corrupt("RLE run header is too long");
  }
  if (header & 1) {
    uint64_t groups = header >> 1;
    uint64_t bytes = groups * static_cast<uint64_t>(bit_width_);
    uint64_t values = groups * 8;
    size_t available = size_ - position_;
    if (bytes > available) {
      // A last run may be cut short; only the values that are present can be read.
      values = bit_width_ == 0 ? values : available * 8 / static_cast<uint64_t>(bit_width_);
      bytes = available;
    }
    if (values == 0) Corrupt("empty bit-packed run in RLE data");
    literal_count_ = values;
    literal_bit_offset_ = static_cast<uint64_t>(position_) * 8;
    position_ += bytes;
  } else {
    repeat_count_ = header >> 1;
    if (repeat_count_ == 0) Corrupt("empty repeated run in RLE data");
    size_t value_bytes = (static_cast<size_t>(bit_width_) + 7) / 8;
    if (value_bytes > size_ - position_) Corrupt("RLE run value runs past the end of the data");
    repeat_value_ = 0;
    for (size_t i = 0; i < value_bytes; i++) {
      repeat_value_ |= static_cast<uint64_t>(data_[position_ + i]) << (8 * i);
    }
    position_ += value_bytes;
  }
  return true;
}

template <class T>
void RleBitPackedDecoder::GetBatch(T* output, idx_t count) {
  idx_t done = 0;
  const uint64_t mask = bit_width_ == 0 ? 0 : (uint64_t(1) << bit_width_) - 1;
  while (done < count) {
    if (repeat_count_ > 0) {
      idx_t run = std::min<uint64_t>(repeat_count_, count - done);
      std::fill(output + done, output + done + run, static_cast<T>(repeat_value_));
      repeat_count_ -= run;
      done += run;
    } else if (literal_count_ > 0) {
      idx_t run = std::min<uint64_t>(literal_count_, count - done);
      uint64_t bit = literal_bit_offset_;
      size_t last_byte = (bit + run * bit_width_) / 8 + 8;
      if (last_byte <= size_) {
        idx_t i = 0;
        if ((bit & 7) == 0 && run >= 8) {
          idx_t groups = run / 8;
          Unpackers<T>()[bit_width_](data_ + (bit >> 3), output + done, groups);
          i = groups * 8;
          bit += i * bit_width_;
        }
        for (; i < run; i++) {
          uint64_t word;
          std::memcpy(&word, data_ + (bit >> 3), 8);
          output[done + i] = static_cast<T>((word >> (bit & 7)) & mask);
          bit += bit_width_;
        }
      } else {
        for (idx_t i = 0; i < run; i++) {
          output[done + i] = static_cast<T>(ReadPackedBits(data_, size_, bit, bit_width_));
          bit += bit_width_;
        }
      }
      literal_bit_offset_ = bit;
      literal_count_ -= run;
      done += run;
    } else if (!NextRun()) {
      Corrupt("RLE data ends after " + std::to_string(done) + " of " + std::to_string(count) +
              " values");
    }
  }
}

template void RleBitPackedDecoder::GetBatch<uint8_t>(uint8_t*, idx_t);
template void RleBitPackedDecoder::GetBatch<uint32_t>(uint32_t*, idx_t);
template void RleBitPackedDecoder::GetBatch<bool>(bool*, idx_t);

DeltaBinaryPackedDecoder::DeltaBinaryPackedDecoder(const uint8_t* data, size_t size)
    : data_(data), size_(size) {
  block_size_ = ReadVarint();
  miniblocks_per_block_ = ReadVarint();
  total_values_ = ReadVarint();
  uint64_t zigzag = ReadVarint();
  last_value_ = (zigzag >> 1) ^ (~(zigzag & 1) + 1);
  if (block_size_ == 0 || block_size_ % 128 != 0 || block_size_ > (1u << 20)) {
    Corrupt("DELTA_BINARY_PACKED block size " + std::to_string(block_size_) + " is invalid");
  }
  if (miniblocks_per_block_ == 0 || block_size_ % miniblocks_per_block_ != 0 ||
      (block_size_ / miniblocks_per_block_) % 32 != 0) {
    Corrupt("DELTA_BINARY_PACKED miniblock count " + std::to_string(miniblocks_per_block_) +
            " is invalid");
  }
  values_per_miniblock_ = block_size_ / miniblocks_per_block_;
  bit_widths_.resize(miniblocks_per_block_);
  miniblock_index_ = miniblocks_per_block_;  // The first delta starts a block.
  if (total_values_ == 0) first_value_pending_ = false;
}

uint64_t DeltaBinaryPackedDecoder::ReadVarint() {
  uint64_t result = 0;
  for (int shift = 0; shift < 70; shift += 7) {
    if (position_ >= size_) Corrupt("DELTA_BINARY_PACKED header runs past the end of the data");
    uint8_t byte = data_[position_++];
    result |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return result;
  }
  Corrupt("DELTA_BINARY_PACKED varint is too long");
}

void DeltaBinaryPackedDecoder::StartBlock() {
  uint64_t zigzag = ReadVarint();
  min_delta_ = (zigzag >> 1) ^ (~(zigzag & 1) + 1);
  if (miniblocks_per_block_ > size_ - position_) {
    Corrupt("DELTA_BINARY_PACKED bit widths run past the end of the data");
  }
  for (uint64_t i = 0; i < miniblocks_per_block_; i++) {
    bit_widths_[i] = data_[position_++];
    if (bit_widths_[i] > 64) Corrupt("DELTA_BINARY_PACKED bit width above 64");
  }
  miniblock_index_ = 0;
  miniblock_values_left_ = 0;
}

template <class T>
void DeltaBinaryPackedDecoder::GetBatch(T* output, idx_t count) {
  if (count > values_left()) Corrupt("DELTA_BINARY_PACKED data holds fewer values than needed");
  idx_t done = 0;
  if (count > 0 && first_value_pending_) {
    output[done++] = static_cast<T>(last_value_);
    first_value_pending_ = false;
    values_read_++;
  }
  while (done < count) {
    if (miniblock_values_left_ == 0) {
      if (miniblock_index_ >= miniblocks_per_block_) StartBlock();
      int width = bit_widths_[miniblock_index_];
      uint64_t bytes = values_per_miniblock_ * static_cast<uint64_t>(width) / 8;
      if (bytes > size_ - position_) {
        // The last miniblock may be cut at the last value it holds.
        uint64_t needed = (std::min(values_per_miniblock_, values_left()) * width + 7) / 8;
        if (needed > size_ - position_) {
          Corrupt("DELTA_BINARY_PACKED miniblock runs past the end of the data");
        }
        bytes = size_ - position_;
      }
      miniblock_bit_offset_ = static_cast<uint64_t>(position_) * 8;
      position_ += bytes;
      miniblock_values_left_ = values_per_miniblock_;
      miniblock_index_++;
    }
    int width = bit_widths_[miniblock_index_ - 1];
    idx_t run = std::min<uint64_t>(miniblock_values_left_, count - done);
    uint64_t value = last_value_;
    uint64_t bit = miniblock_bit_offset_;
    for (idx_t i = 0; i < run; i++) {
      value += min_delta_ + ReadPackedBits(data_, size_, bit, width);
      bit += width;
      output[done + i] = static_cast<T>(value);
    }
    last_value_ = value;
    miniblock_bit_offset_ = bit;
    miniblock_values_left_ -= run;
    values_read_ += run;
    done += run;
  }
}

template void DeltaBinaryPackedDecoder::GetBatch<int32_t>(int32_t*, idx_t);
template void DeltaBinaryPackedDecoder::GetBatch<int64_t>(int64_t*, idx_t);
template void DeltaBinaryPackedDecoder::GetBatch<uint32_t>(uint32_t*, idx_t);

size_t DecodeDeltaLengthByteArray(const uint8_t* data, size_t size, idx_t max_count,
                                  std::vector<std::string_view>* output) {
  DeltaBinaryPackedDecoder lengths(data, size);
  if (lengths.total_values() > max_count) {
    Corrupt("DELTA_LENGTH_BYTE_ARRAY holds " + std::to_string(lengths.total_values()) +
            " lengths in a page of " + std::to_string(max_count) + " values");
  }
  idx_t count = lengths.total_values();
  std::vector<int64_t> length_values(count);
  lengths.GetBatch(length_values.data(), count);
  size_t position = lengths.EndPosition();
  output->resize(count);
  for (idx_t i = 0; i < count; i++) {
    int64_t length = length_values[i];
    if (length < 0 || static_cast<uint64_t>(length) > size - position) {
      Corrupt("DELTA_LENGTH_BYTE_ARRAY value " + std::to_string(i) + " of length " +
              std::to_string(length) + " runs past the end of the page");
    }
    (*output)[i] = std::string_view(reinterpret_cast<const char*>(data + position), length);
    position += length;
  }
  return position;
}

void DecodeDeltaByteArray(const uint8_t* data, size_t size, idx_t max_count, size_t max_total_bytes,
                          std::string* storage, std::vector<std::string_view>* output) {
  DeltaBinaryPackedDecoder prefixes(data, size);
  if (prefixes.total_values() > max_count) {
    Corrupt("DELTA_BYTE_ARRAY holds " + std::to_string(prefixes.total_values()) +
            " prefix lengths in a page of " + std::to_string(max_count) + " values");
  }
  idx_t count = prefixes.total_values();
  std::vector<int64_t> prefix_lengths(count);
  prefixes.GetBatch(prefix_lengths.data(), count);
  size_t suffix_start = prefixes.EndPosition();
  std::vector<std::string_view> suffixes;
  DecodeDeltaLengthByteArray(data + suffix_start, size - suffix_start, count, &suffixes);
  if (suffixes.size() != count) {
    Corrupt("DELTA_BYTE_ARRAY holds " + std::to_string(count) + " prefixes but " +
            std::to_string(suffixes.size()) + " suffixes");
  }
  uint64_t total = 0;
  uint64_t previous = 0;
  for (idx_t i = 0; i < count; i++) {
    int64_t prefix = prefix_lengths[i];
    if (prefix < 0 || static_cast<uint64_t>(prefix) > previous) {
      Corrupt("DELTA_BYTE_ARRAY prefix length " + std::to_string(prefix) + " of value " +
              std::to_string(i) + " is longer than the previous value");
    }
    previous = static_cast<uint64_t>(prefix) + suffixes[i].size();
    total += previous;
    if (total > max_total_bytes) {
      Corrupt("DELTA_BYTE_ARRAY values add up to more than " + std::to_string(max_total_bytes) +
              " bytes");
    }
  }
  storage->resize(total);
  output->resize(count);
  size_t position = 0;
  std::string_view last;
  for (idx_t i = 0; i < count; i++) {
    char* target = storage->data() + position;
    size_t prefix = static_cast<size_t>(prefix_lengths[i]);
    if (prefix > 0) std::memcpy(target, last.data(), prefix);
    if (!suffixes[i].empty()) std::memcpy(target + prefix, suffixes[i].data(), suffixes[i].size());
    size_t length = prefix + suffixes[i].size();
    last = std::string_view(target, length);
    (*output)[i] = last;
    position += length;
  }
}

}  // namespace tarn
