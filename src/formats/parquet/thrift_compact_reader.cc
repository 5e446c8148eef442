#include "formats/parquet/thrift_compact_reader.h"

#include <cstring>

#include "common/exception.h"

namespace tarn {

namespace {

int64_t ZigZagDecode(uint64_t value) {
  return static_cast<int64_t>(value >> 1) ^ -static_cast<int64_t>(value & 1);
}

}  // namespace

void ThriftCompactReader::Fail(const std::string& why) const {
  ThrowError(ErrorCode::kInvalidInput,
             "malformed Thrift metadata at byte " + std::to_string(position_) + ": " + why);
}

uint8_t ThriftCompactReader::ReadRawByte() {
  if (position_ >= size_) Fail("unexpected end of data");
  return data_[position_++];
}

uint64_t ThriftCompactReader::ReadVarint() {
  uint64_t result = 0;
  for (int shift = 0; shift < 70; shift += 7) {
    uint8_t byte = ReadRawByte();
    result |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return result;
  }
  Fail("varint longer than 10 bytes");
}

ThriftType ThriftCompactReader::CheckType(uint8_t nibble) {
  if (nibble > static_cast<uint8_t>(ThriftType::kStruct)) {
    Fail("unknown field type " + std::to_string(nibble));
  }
  return static_cast<ThriftType>(nibble);
}

void ThriftCompactReader::BeginStruct() {
  if (depth_ >= kMaxDepth) Fail("structures nested deeper than " + std::to_string(kMaxDepth));
  depth_++;
  last_field_id_[depth_] = 0;
}

void ThriftCompactReader::EndStruct() {
  if (depth_ > 0) depth_--;
}

ThriftCompactReader::FieldHeader ThriftCompactReader::ReadFieldHeader() {
  uint8_t byte = ReadRawByte();
  if (byte == 0) return FieldHeader{ThriftType::kStop, 0};
  ThriftType type = CheckType(byte & 0x0f);
  int delta = byte >> 4;
  int16_t id;
  if (delta == 0) {
    id = ReadI16();
  } else {
    id = static_cast<int16_t>(last_field_id_[depth_] + delta);
  }
  last_field_id_[depth_] = id;
  return FieldHeader{type, id};
}

bool ThriftCompactReader::ReadBooleanElement() {
  uint8_t byte = ReadRawByte();
  return byte == 1;
}

int8_t ThriftCompactReader::ReadByte() { return static_cast<int8_t>(ReadRawByte()); }

int16_t ThriftCompactReader::ReadI16() {
  int64_t value = ZigZagDecode(ReadVarint());
  if (value < INT16_MIN || value > INT16_MAX) Fail("i16 value out of range");
  return static_cast<int16_t>(value);
}

int32_t ThriftCompactReader::ReadI32() {
  int64_t value = ZigZagDecode(ReadVarint());
  if (value < INT32_MIN || value > INT32_MAX) Fail("i32 value out of range");
  return static_cast<int32_t>(value);
}

int64_t ThriftCompactReader::ReadI64() { return ZigZagDecode(ReadVarint()); }

double ThriftCompactReader::ReadDouble() {
  if (size_ - position_ < 8) Fail("unexpected end of data in a double");
  double value;
  std::memcpy(&value, data_ + position_, 8);
  position_ += 8;
  return value;
}

std::string_view ThriftCompactReader::ReadBinary() {
  uint64_t length = ReadVarint();
  if (length > size_ - position_) {
    Fail("binary of " + std::to_string(length) + " bytes runs past the end of the data");
  }
  std::string_view view(reinterpret_cast<const char*>(data_ + position_), length);
  position_ += length;
  return view;
}

ThriftCompactReader::ListHeader ThriftCompactReader::ReadListHeader() {
  uint8_t byte = ReadRawByte();
  ThriftType element_type = CheckType(byte & 0x0f);
  uint64_t size = byte >> 4;
  if (size == 15) size = ReadVarint();
  // Every element takes at least one byte, so a longer list cannot be in the buffer.
  if (size > size_ - position_) {
    Fail("list of " + std::to_string(size) + " elements runs past the end of the data");
  }
  return ListHeader{element_type, static_cast<uint32_t>(size)};
}

void ThriftCompactReader::Skip(ThriftType type) {
  switch (type) {
    case ThriftType::kStop:
      Fail("unexpected stop field");
    case ThriftType::kBooleanTrue:
    case ThriftType::kBooleanFalse:
      // Inside a struct the value is in the header; callers skip list elements themselves.
      return;
    case ThriftType::kByte:
      ReadRawByte();
      return;
    case ThriftType::kI16:
    case ThriftType::kI32:
    case ThriftType::kI64:
      ReadVarint();
      return;
    case ThriftType::kDouble:
      ReadDouble();
      return;
    case ThriftType::kBinary:
      ReadBinary();
      return;
    case ThriftType::kList:
    case ThriftType::kSet: {
      if (depth_ >= kMaxDepth) Fail("containers nested deeper than " + std::to_string(kMaxDepth));
      ListHeader header = ReadListHeader();
      depth_++;
      last_field_id_[depth_] = 0;
      for (uint32_t i = 0; i < header.size; i++) {
        if (header.element_type == ThriftType::kBooleanTrue ||
            header.element_type == ThriftType::kBooleanFalse) {
          ReadRawByte();
        } else {
          Skip(header.element_type);
        }
      }
      depth_--;
      return;
    }
    case ThriftType::kMap: {
      if (depth_ >= kMaxDepth) Fail("containers nested deeper than " + std::to_string(kMaxDepth));
      uint64_t size = ReadVarint();
      if (size == 0) return;
      if (size > size_ - position_) Fail("map runs past the end of the data");
      uint8_t types = ReadRawByte();
      ThriftType key_type = CheckType(types >> 4);
      ThriftType value_type = CheckType(types & 0x0f);
      depth_++;
      last_field_id_[depth_] = 0;
      for (uint64_t i = 0; i < size; i++) {
        for (ThriftType element : {key_type, value_type}) {
          if (element == ThriftType::kBooleanTrue || element == ThriftType::kBooleanFalse) {
            ReadRawByte();
          } else {
            Skip(element);
          }
        }
      }
      depth_--;
      return;
    }
    case ThriftType::kStruct: {
      BeginStruct();
      while (true) {
        FieldHeader header = ReadFieldHeader();
        if (header.type == ThriftType::kStop) break;
        Skip(header.type);
      }
      EndStruct();
      return;
    }
  }
  Fail("unknown type");
}

}  // namespace tarn
