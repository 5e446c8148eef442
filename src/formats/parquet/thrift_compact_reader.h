#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tarn {

// The element and field types of the Thrift compact protocol, as they appear in the low
// nibble of a field header or list header.
enum class ThriftType : uint8_t {
  kStop = 0,
  kBooleanTrue = 1,
  kBooleanFalse = 2,
  kByte = 3,
  kI16 = 4,
  kI32 = 5,
  kI64 = 6,
  kDouble = 7,
  kBinary = 8,
  kList = 9,
  kSet = 10,
  kMap = 11,
  kStruct = 12,
};

// ThriftCompactReader decodes values of the Thrift compact protocol from one in-memory
// buffer: zigzag varints, length-prefixed binaries, field headers with delta-encoded ids,
// list headers, and skipping of unknown fields of any type.
// Errors: every read is bounds-checked; malformed input (a varint longer than 10 bytes, a
// length past the end of the buffer, nesting deeper than kMaxDepth, an unknown type) throws
// a TarnException with ErrorCode::kInvalidInput whose message says what was wrong and at
// which byte offset of the buffer. Callers turn it into a Status at their boundary.
// Thread safety: none; one reader per thread. Ownership: does not own the buffer, which
// must outlive the reader and every string_view it returned.
class ThriftCompactReader {
 public:
  static constexpr int kMaxDepth = 64;

  struct FieldHeader {
    ThriftType type;
    int16_t id;
  };
  struct ListHeader {
    ThriftType element_type;
    uint32_t size;
  };

  ThriftCompactReader(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  size_t position() const { return position_; }

  // Structs: call BeginStruct, then ReadFieldHeader until it returns kStop, reading or
  // skipping each field's value, then EndStruct.
  void BeginStruct();
  FieldHeader ReadFieldHeader();
  void EndStruct();

  // The value of a boolean struct field is in its header's type.
  static bool BooleanFieldValue(const FieldHeader& header) {
    return header.type == ThriftType::kBooleanTrue;
  }
  bool ReadBooleanElement();
  int8_t ReadByte();
  int16_t ReadI16();
  int32_t ReadI32();
  int64_t ReadI64();
  double ReadDouble();
  std::string_view ReadBinary();
  std::string ReadString() { return std::string(ReadBinary()); }
  // Lists and sets share one header form.
  ListHeader ReadListHeader();

  // Skips one value of the given type (recursively for containers and structs).
  void Skip(ThriftType type);

  [[noreturn]] void Fail(const std::string& why) const;

 private:
  uint64_t ReadVarint();
  uint8_t ReadRawByte();
  ThriftType CheckType(uint8_t nibble);

  const uint8_t* data_;
  size_t size_;
  size_t position_ = 0;
  int depth_ = 0;
  // The last field id per open struct, for delta-encoded field headers.
  int16_t last_field_id_[kMaxDepth + 1] = {};
};

}  // namespace tarn
