#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "formats/parquet/thrift_compact_reader.h"  // ThriftType

namespace tarn {

// ThriftCompactWriter encodes structs in the Thrift compact protocol (the encoding of
// Parquet's footer and page headers) into a byte string. Callers write fields in increasing
// id order inside BeginStruct / EndStruct; field ids are delta-encoded against the previous
// field of the same struct. Integers are zigzag varints, binary values are length-prefixed,
// booleans live in the field header.
// Thread safety: none. Ownership: owns its output buffer.
class ThriftCompactWriter {
 public:
  void BeginStruct();
  // Writes the stop byte and returns to the enclosing struct.
  void EndStruct();

  void FieldI32(int16_t id, int32_t value);
  void FieldI64(int16_t id, int64_t value);
  void FieldI16(int16_t id, int16_t value);
  void FieldByte(int16_t id, int8_t value);
  void FieldBool(int16_t id, bool value);
  void FieldBinary(int16_t id, std::string_view value);
  // Starts a struct-valued field; close it with EndStruct.
  void FieldStructBegin(int16_t id);
  // Starts a list-valued field with `size` elements of `element_type`; then write the
  // elements with the List* calls (struct elements with BeginStruct / EndStruct).
  void FieldListBegin(int16_t id, ThriftType element_type, uint32_t size);
  void ListI32(int32_t value);
  void ListBinary(std::string_view value);

  const std::string& bytes() const { return bytes_; }
  std::string Release() { return std::move(bytes_); }

 private:
  void FieldHeader(int16_t id, ThriftType type);
  void Varint(uint64_t value);
  static uint64_t ZigZag(int64_t value) {
    return (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63);
  }

  std::string bytes_;
  int16_t last_field_id_ = 0;
  std::vector<int16_t> saved_field_ids_;
};

}  // namespace tarn
