#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "types/logical_type.h"

namespace tarn {

// Decoders for the value and level encodings of Parquet pages, each over one in-memory
// buffer that it does not own. Every read is bounds-checked; malformed input throws a
// TarnException with ErrorCode::kInvalidInput saying what is wrong (the column reader adds
// the file, row group, column and page). Thread safety: none; one decoder per thread.

// Reads `bit_width` bits (at most 64) at bit position `bit_offset` of data[0, size),
// least significant bit first; bits past the end read as zero.
uint64_t ReadPackedBits(const uint8_t* data, size_t size, uint64_t bit_offset, int bit_width);

// The RLE / bit-packed hybrid encoding of levels, dictionary indices and RLE booleans:
// runs, each a varint header whose low bit selects a bit-packed run of 8*(header>>1) values
// or a repeated run of header>>1 copies of one value stored in ceil(bit_width/8) bytes.
class RleBitPackedDecoder {
 public:
  RleBitPackedDecoder() = default;
  RleBitPackedDecoder(const uint8_t* data, size_t size, int bit_width);

  // Decodes exactly `count` values into `output`, or throws when the data runs out.
  template <class T>
  void GetBatch(T* output, idx_t count);

 private:
  bool NextRun();

  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
  size_t position_ = 0;
  int bit_width_ = 0;
  uint64_t repeat_count_ = 0;
  uint64_t literal_count_ = 0;
  uint64_t repeat_value_ = 0;
  uint64_t literal_bit_offset_ = 0;  // Bit position within data_ of the next packed value.
};

// DELTA_BINARY_PACKED: a header (block size, miniblocks per block, value count, first
// value) then blocks of a zigzag minimum delta, one bit width per miniblock, and the
// miniblocks' bit-packed deltas. Values wrap around as two's complement integers.
class DeltaBinaryPackedDecoder {
 public:
  DeltaBinaryPackedDecoder(const uint8_t* data, size_t size);

  uint64_t total_values() const { return total_values_; }
  uint64_t values_left() const { return total_values_ - values_read_; }
  // Decodes the next `count` values (count <= values_left()).
  template <class T>
  void GetBatch(T* output, idx_t count);
  // The byte just past the encoded values; valid once every value has been read.
  size_t EndPosition() const { return position_; }

 private:
  uint64_t ReadVarint();
  void StartBlock();

  const uint8_t* data_;
  size_t size_;
  size_t position_ = 0;
  uint64_t block_size_ = 0;
  uint64_t miniblocks_per_block_ = 0;
  uint64_t values_per_miniblock_ = 0;
  uint64_t total_values_ = 0;
  uint64_t values_read_ = 0;
  uint64_t last_value_ = 0;
  uint64_t min_delta_ = 0;
  std::vector<uint8_t> bit_widths_;
  uint64_t miniblock_index_ = 0;
  uint64_t miniblock_values_left_ = 0;
  uint64_t miniblock_bit_offset_ = 0;  // Absolute bit position of the next delta.
  bool first_value_pending_ = true;
};

// Decodes all DELTA_LENGTH_BYTE_ARRAY values of `data` into views of it, refusing more
// than `max_count` values; returns the bytes consumed.
size_t DecodeDeltaLengthByteArray(const uint8_t* data, size_t size, idx_t max_count,
                                  std::vector<std::string_view>* output);

// Decodes all DELTA_BYTE_ARRAY values (prefix lengths, then suffixes as
// DELTA_LENGTH_BYTE_ARRAY) into `storage`, and views of it into `output`. Refuses more than
// `max_count` values or more than `max_total_bytes` bytes of output.
void DecodeDeltaByteArray(const uint8_t* data, size_t size, idx_t max_count, size_t max_total_bytes,
                          std::string* storage, std::vector<std::string_view>* output);

}  // namespace tarn
