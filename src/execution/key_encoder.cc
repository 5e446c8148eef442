#include "execution/key_encoder.h"

#include <cmath>
#include <cstring>

namespace tarn {

namespace {

constexpr uint8_t kValidMarker = 1;

uint8_t NullMarker(const KeyOrder& order) {
  // Before any inversion for DESC: NULL below valid when it must come first.
  return (order.nulls_first != order.descending) ? 0 : 2;
}

size_t FixedWidth(const LogicalType& type) {
  switch (type.physical()) {
    case PhysicalType::kBool:
      return 1;
    case PhysicalType::kInt32:
      return 4;
    case PhysicalType::kInt64:
      return 8;
    case PhysicalType::kInt128:
      return 16;
    case PhysicalType::kDouble:
      return 8;
    case PhysicalType::kInterval:
      return 16;
    case PhysicalType::kString:
    case PhysicalType::kList:
    case PhysicalType::kStruct:
      return 0;
  }
  return 0;
}

void StoreBigEndian64(uint8_t* target, uint64_t value) {
  for (int i = 7; i >= 0; i--) {
    target[i] = static_cast<uint8_t>(value & 0xFF);
    value >>= 8;
  }
}

void StoreBigEndian32(uint8_t* target, uint32_t value) {
  for (int i = 3; i >= 0; i--) {
    target[i] = static_cast<uint8_t>(value & 0xFF);
    value >>= 8;
  }
}

uint64_t EncodeDouble(double value) {
  if (value == 0) value = 0;  // Folds -0.0 into 0.0.
  if (std::isnan(value)) return ~uint64_t(0);
  uint64_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  if (bits & (uint64_t(1) << 63)) return ~bits;
  return bits | (uint64_t(1) << 63);
}

size_t EncodedStringSize(std::string_view text) {
  size_t size = text.size() + 2;
  for (char c : text) {
    if (c == '\0') size++;
  }
  return size;
}

// Bytes EncodeValue writes for one value, marker included.
size_t EncodedSize(const Vector& column, uint32_t row) {
  const LogicalType& type = column.type();
  size_t width = FixedWidth(type);
  bool valid = column.validity().RowIsValid(row) && type.id() != TypeId::kNull;
  if (width > 0) return 1 + width;
  if (!valid) return 3;
  switch (type.physical()) {
    case PhysicalType::kString:
      return 1 + EncodedStringSize(column.Data<std::string_view>()[row]);
    case PhysicalType::kStruct: {
      size_t size = 1;
      for (idx_t i = 0; i < column.ChildCount(); i++) size += EncodedSize(column.child(i), row);
      return size;
    }
    case PhysicalType::kList: {
      const ListEntry& entry = column.Data<ListEntry>()[row];
      size_t size = 2;  // Marker and terminator.
      for (idx_t e = 0; e < entry.length; e++) {
        size += 1 + EncodedSize(column.child(0), static_cast<uint32_t>(entry.offset + e));
      }
      return size;
    }
    default:
      return 1 + width;
  }
}

// Writes one value (marker included) at target; returns bytes written.
size_t EncodeValue(const Vector& column, uint32_t row, const KeyOrder& order, uint8_t* target) {
  uint8_t* start = target;
  const LogicalType& type = column.type();
  bool valid = column.validity().RowIsValid(row) && type.id() != TypeId::kNull;
  *target++ = valid ? kValidMarker : NullMarker(order);
  size_t width = FixedWidth(type);
  if (!valid) {
    if (width > 0) {
      std::memset(target, 0, width);
      target += width;
    } else {
      *target++ = 0;
      *target++ = 0;
    }
  } else {
    switch (type.physical()) {
      case PhysicalType::kBool:
        *target++ = column.Data<bool>()[row] ? 1 : 0;
        break;
      case PhysicalType::kInt32:
        StoreBigEndian32(target, static_cast<uint32_t>(column.Data<int32_t>()[row]) ^ 0x80000000u);
        target += 4;
        break;
      case PhysicalType::kInt64:
        StoreBigEndian64(target,
                         static_cast<uint64_t>(column.Data<int64_t>()[row]) ^ (uint64_t(1) << 63));
        target += 8;
        break;
      case PhysicalType::kInt128: {
        int128_t value = column.Data<int128_t>()[row];
        auto high = static_cast<uint64_t>(static_cast<unsigned __int128>(value) >> 64);
        auto low = static_cast<uint64_t>(value);
        StoreBigEndian64(target, high ^ (uint64_t(1) << 63));
        StoreBigEndian64(target + 8, low);
        target += 16;
        break;
      }
      case PhysicalType::kDouble:
        StoreBigEndian64(target, EncodeDouble(column.Data<double>()[row]));
        target += 8;
        break;
      case PhysicalType::kInterval: {
        const Interval& interval = column.Data<Interval>()[row];
        StoreBigEndian32(target, static_cast<uint32_t>(interval.months) ^ 0x80000000u);
        StoreBigEndian32(target + 4, static_cast<uint32_t>(interval.days) ^ 0x80000000u);
        StoreBigEndian64(target + 8, static_cast<uint64_t>(interval.micros) ^ (uint64_t(1) << 63));
        target += 16;
        break;
      }
      case PhysicalType::kString: {
        std::string_view text = column.Data<std::string_view>()[row];
        for (char c : text) {
          *target++ = static_cast<uint8_t>(c);
          if (c == '\0') *target++ = 0xFF;
        }
        *target++ = 0;
        *target++ = 0;
        break;
      }
      case PhysicalType::kStruct: {
        // Fields in order, each with its own marker: orders field by field.
        static const KeyOrder kInner{false, false};
        for (idx_t i = 0; i < column.ChildCount(); i++) {
          target += EncodeValue(column.child(i), row, kInner, target);
        }
        break;
      }
      case PhysicalType::kList: {
        // Each element follows a 1 byte and the list ends with 0, so a list orders before
        // every longer list it is a prefix of.
        static const KeyOrder kInner{false, false};
        const ListEntry& entry = column.Data<ListEntry>()[row];
        for (idx_t e = 0; e < entry.length; e++) {
          *target++ = 1;
          target +=
              EncodeValue(column.child(0), static_cast<uint32_t>(entry.offset + e), kInner, target);
        }
        *target++ = 0;
        break;
      }
    }
  }
  if (order.descending) {
    for (uint8_t* p = start; p < target; p++) *p = static_cast<uint8_t>(~*p);
  }
  return static_cast<size_t>(target - start);
}

}  // namespace

void EncodeKeys(const std::vector<const Vector*>& columns, const uint32_t* rows, idx_t count,
                const std::vector<KeyOrder>& orders, Arena& arena, std::string_view* keys) {
  static const KeyOrder kDefaultOrder{false, true};
  size_t fixed = 0;
  bool has_strings = false;
  for (const Vector* column : columns) {
    size_t width = FixedWidth(column->type());
    if (width == 0) has_strings = true;
    fixed += 1 + width;
  }
  std::vector<size_t> sizes(count, fixed);
  if (has_strings) {
    for (const Vector* column : columns) {
      if (FixedWidth(column->type()) != 0) continue;
      if (column->type().IsNested()) {
        for (idx_t i = 0; i < count; i++) {
          uint32_t row = rows ? rows[i] : static_cast<uint32_t>(i);
          sizes[i] += EncodedSize(*column, row) - 1;
        }
        continue;
      }
      const auto* data = column->Data<std::string_view>();
      for (idx_t i = 0; i < count; i++) {
        uint32_t row = rows ? rows[i] : static_cast<uint32_t>(i);
        sizes[i] += column->validity().RowIsValid(row) ? EncodedStringSize(data[row]) : 2;
      }
    }
  }
  size_t total = 0;
  std::vector<size_t> positions(count);
  for (idx_t i = 0; i < count; i++) {
    positions[i] = total;
    total += sizes[i];
  }
  char* buffer = total > 0 ? arena.Allocate(total) : nullptr;
  auto* base = reinterpret_cast<uint8_t*>(buffer);
  // Column by column, so that the type is looked at once per column, not once per value.
  for (size_t c = 0; c < columns.size(); c++) {
    const Vector& column = *columns[c];
    const KeyOrder& order = c < orders.size() ? orders[c] : kDefaultOrder;
    bool all_valid = column.validity().AllValid() && column.type().id() != TypeId::kNull;
    PhysicalType physical = column.type().physical();
    if (all_valid && !order.descending && physical == PhysicalType::kInt32) {
      const auto* data = column.Data<int32_t>();
      for (idx_t i = 0; i < count; i++) {
        uint8_t* target = base + positions[i];
        target[0] = kValidMarker;
        uint32_t row = rows ? rows[i] : static_cast<uint32_t>(i);
        StoreBigEndian32(target + 1, static_cast<uint32_t>(data[row]) ^ 0x80000000u);
        positions[i] += 5;
      }
    } else if (all_valid && !order.descending && physical == PhysicalType::kInt64) {
      const auto* data = column.Data<int64_t>();
      for (idx_t i = 0; i < count; i++) {
        uint8_t* target = base + positions[i];
        target[0] = kValidMarker;
        uint32_t row = rows ? rows[i] : static_cast<uint32_t>(i);
        StoreBigEndian64(target + 1, static_cast<uint64_t>(data[row]) ^ (uint64_t(1) << 63));
        positions[i] += 9;
      }
    } else if (all_valid && !order.descending && physical == PhysicalType::kString) {
      const auto* data = column.Data<std::string_view>();
      for (idx_t i = 0; i < count; i++) {
        uint8_t* target = base + positions[i];
        uint8_t* start = target;
        *target++ = kValidMarker;
        uint32_t row = rows ? rows[i] : static_cast<uint32_t>(i);
        std::string_view text = data[row];
        if (text.find('\0') == std::string_view::npos) {
          if (!text.empty()) std::memcpy(target, text.data(), text.size());
          target += text.size();
        } else {
          for (char ch : text) {
            *target++ = static_cast<uint8_t>(ch);
            if (ch == '\0') *target++ = 0xFF;
          }
        }
        *target++ = 0;
        *target++ = 0;
        positions[i] += static_cast<size_t>(target - start);
      }
    } else {
      for (idx_t i = 0; i < count; i++) {
        uint32_t row = rows ? rows[i] : static_cast<uint32_t>(i);
        positions[i] += EncodeValue(column, row, order, base + positions[i]);
      }
    }
  }
  size_t offset = 0;
  for (idx_t i = 0; i < count; i++) {
    keys[i] = std::string_view(buffer + offset, sizes[i]);
    offset += sizes[i];
  }
}

bool StringKeyMatches(std::string_view key, std::string_view text) {
  // A string without NUL bytes encodes as the marker, its bytes and two zero bytes; one
  // with NUL bytes is longer than that, so the size check rejects it.
  size_t size = text.size();
  if (key.size() != size + 3 || static_cast<uint8_t>(key[0]) != kValidMarker) return false;
  if (key[size + 1] != 0 || key[size + 2] != 0) return false;
  const char* bytes = key.data() + 1;
  for (size_t i = 0; i < size; i++) {
    if (bytes[i] != text[i]) return false;
  }
  return true;
}

uint64_t HashKey(std::string_view key) {
  constexpr uint64_t kMultiplier = 0x9E3779B97F4A7C15ULL;
  uint64_t hash = 0x243F6A8885A308D3ULL ^ (key.size() * kMultiplier);
  size_t i = 0;
  for (; i + 8 <= key.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, key.data() + i, 8);
    hash = (hash ^ word) * kMultiplier;
    hash ^= hash >> 29;
  }
  uint64_t tail = 0;
  for (size_t shift = 0; i < key.size(); i++, shift += 8) {
    tail |= static_cast<uint64_t>(static_cast<uint8_t>(key[i])) << shift;
  }
  hash = (hash ^ tail) * kMultiplier;
  hash ^= hash >> 32;
  hash *= 0xD6E8FEB86659FD93ULL;
  hash ^= hash >> 32;
  return hash;
}

}  // namespace tarn
