#include "formats/parquet/thrift_compact_writer.h"

namespace tarn {

void ThriftCompactWriter::BeginStruct() {
  saved_field_ids_.push_back(last_field_id_);
  last_field_id_ = 0;
}

void ThriftCompactWriter::EndStruct() {
  bytes_.push_back(0);
  last_field_id_ = saved_field_ids_.empty() ? 0 : saved_field_ids_.back();
  if (!saved_field_ids_.empty()) saved_field_ids_.pop_back();
}

void ThriftCompactWriter::Varint(uint64_t value) {
  while (value >= 0x80) {
    bytes_.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  bytes_.push_back(static_cast<char>(value));
}

void ThriftCompactWriter::FieldHeader(int16_t id, ThriftType type) {
  int delta = id - last_field_id_;
  if (delta > 0 && delta <= 15) {
    bytes_.push_back(static_cast<char>((delta << 4) | static_cast<int>(type)));
  } else {
    bytes_.push_back(static_cast<char>(type));
    Varint(ZigZag(id));
  }
  last_field_id_ = id;
}

void ThriftCompactWriter::FieldI32(int16_t id, int32_t value) {
  FieldHeader(id, ThriftType::kI32);
  Varint(ZigZag(value));
}

void ThriftCompactWriter::FieldI64(int16_t id, int64_t value) {
  FieldHeader(id, ThriftType::kI64);
  Varint(ZigZag(value));
}

void ThriftCompactWriter::FieldI16(int16_t id, int16_t value) {
  FieldHeader(id, ThriftType::kI16);
  Varint(ZigZag(value));
}

void ThriftCompactWriter::FieldByte(int16_t id, int8_t value) {
  FieldHeader(id, ThriftType::kByte);
  bytes_.push_back(static_cast<char>(value));
}

void ThriftCompactWriter::FieldBool(int16_t id, bool value) {
  FieldHeader(id, value ? ThriftType::kBooleanTrue : ThriftType::kBooleanFalse);
}

void ThriftCompactWriter::FieldBinary(int16_t id, std::string_view value) {
  FieldHeader(id, ThriftType::kBinary);
  Varint(value.size());
  bytes_.append(value);
}

void ThriftCompactWriter::FieldStructBegin(int16_t id) {
  FieldHeader(id, ThriftType::kStruct);
  BeginStruct();
}

void ThriftCompactWriter::FieldListBegin(int16_t id, ThriftType element_type, uint32_t size) {
  FieldHeader(id, ThriftType::kList);
  if (size < 15) {
    bytes_.push_back(static_cast<char>((size << 4) | static_cast<uint32_t>(element_type)));
  } else {
    bytes_.push_back(static_cast<char>(0xf0 | static_cast<uint32_t>(element_type)));
    Varint(size);
  }
}

void ThriftCompactWriter::ListI32(int32_t value) { Varint(ZigZag(value)); }

void ThriftCompactWriter::ListBinary(std::string_view value) {
  Varint(value.size());
  bytes_.append(value);
}

}  // namespace tarn
