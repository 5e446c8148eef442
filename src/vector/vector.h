#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "common/arena.h"
#include "types/logical_type.h"
#include "types/value.h"

namespace tarn {

constexpr idx_t kVectorSize = 2048;

// ValidityMask marks which rows of a Vector are NULL, one bit per row (1 = valid). An
// empty mask means every row is valid, so the common all-valid case costs nothing.
class ValidityMask {
 public:
  explicit ValidityMask(idx_t capacity = kVectorSize) : capacity_(capacity) {}

  bool AllValid() const { return bits_.empty(); }
  bool RowIsValid(idx_t row) const { return bits_.empty() || (bits_[row >> 6] >> (row & 63)) & 1; }
  void SetInvalid(idx_t row) {
    if (bits_.empty()) bits_.assign((capacity_ + 63) / 64, ~uint64_t(0));
    bits_[row >> 6] &= ~(uint64_t(1) << (row & 63));
  }
  void SetValid(idx_t row) {
    if (!bits_.empty()) bits_[row >> 6] |= uint64_t(1) << (row & 63);
  }
  void Set(idx_t row, bool valid) {
    if (valid) {
      SetValid(row);
    } else {
      SetInvalid(row);
    }
  }
  void SetAllValid() { bits_.clear(); }
  void SetAllInvalid(idx_t count) {
    bits_.assign((capacity_ + 63) / 64, ~uint64_t(0));
    for (idx_t i = 0; i < count; i++) SetInvalid(i);
  }
  idx_t capacity() const { return capacity_; }
  // Raw words for bulk kernels; empty when all rows are valid.
  const std::vector<uint64_t>& words() const { return bits_; }

 private:
  std::vector<uint64_t> bits_;
  idx_t capacity_;
};

// Vector is one column of up to capacity() values of one LogicalType in a flat array
// (see logical_type.h for the physical representation), a ValidityMask, and the string
// storage that its std::string_view entries point into.
// Nested types own child vectors: a STRUCT one per field, row-aligned with the parent (a
// NULL struct row has NULL fields); a LIST or MAP one child holding the elements of all
// rows back to back, of which the first list_size() are in use; each row's ListEntry
// points into it.
// Ownership: the value buffer and string storage are shared_ptrs so that Reference() and
// gathers can share them without copying; a Vector that shares its buffer must not be
// written to (call Reset() first, which gives it a fresh buffer).
// Thread safety: none; each pipeline thread owns its vectors.
class Vector {
 public:
  explicit Vector(LogicalType type = LogicalType(TypeId::kNull), idx_t capacity = kVectorSize);

  const LogicalType& type() const { return type_; }
  idx_t capacity() const { return capacity_; }
  template <class T>
  T* Data() {
    return reinterpret_cast<T*>(data_);
  }
  template <class T>
  const T* Data() const {
    return reinterpret_cast<const T*>(data_);
  }
  ValidityMask& validity() { return validity_; }
  const ValidityMask& validity() const { return validity_; }

  // Copies text into this vector's string storage; the view stays valid while any vector
  // sharing that storage lives.
  std::string_view AddString(std::string_view text);
  // Keeps `owner` alive as long as this vector: for strings that point into a buffer that
  // the vector does not own (a CSV read buffer, another vector's storage).
  void KeepAlive(std::shared_ptr<void> owner);
  // Makes this vector keep alive everything `other`'s strings point into.
  void ShareStringStorage(const Vector& other);

  // Copies the strings of rows [0, count) into this vector's own storage and forgets
  // every other buffer it kept alive (for long-lived data such as hash table keys).
  void MakeStringsOwned(idx_t count);

  // Makes this vector a zero-copy view of `other`.
  void Reference(const Vector& other);
  // Gives this vector a fresh, unshared buffer of the same type and capacity; all rows valid.
  void Reset();
  // Grows capacity (keeping the first `count` values).
  void Resize(idx_t count, idx_t new_capacity);

  // Child vectors of a nested type (see above).
  idx_t ChildCount() const { return children_.size(); }
  Vector& child(idx_t index) { return *children_[index]; }
  const Vector& child(idx_t index) const { return *children_[index]; }
  // LIST / MAP: elements of the child in use; the next row's elements start there.
  idx_t list_size() const { return list_size_; }
  void set_list_size(idx_t size) { list_size_ = size; }
  // LIST / MAP: the elements of `row`, empty for a NULL row or for an entry that lies
  // outside the elements in use (left under a NULL parent struct).
  ListEntry ListEntryAt(idx_t row) const {
    if (!validity_.RowIsValid(row)) return ListEntry{};
    ListEntry entry = Data<ListEntry>()[row];
    if (entry.offset > list_size_ || entry.length > list_size_ - entry.offset) return ListEntry{};
    return entry;
  }
  // LIST / MAP: grows the child to hold `additional` more elements after list_size() and
  // returns the offset where they start (list_size() is not changed).
  idx_t ReserveListElements(idx_t additional);

  Value GetValue(idx_t row) const;
  void SetValue(idx_t row, const Value& value);

  // Copies rows source[selection[i]] (or source[i] when selection is null), i < count,
  // into this vector starting at target_offset. Strings are shared, not copied.
  void CopyFrom(const Vector& source, const uint32_t* selection, idx_t count, idx_t target_offset);

 private:
  void CopyListsFrom(const Vector& source, const uint32_t* selection, idx_t count,
                     idx_t target_offset);

  LogicalType type_;
  idx_t capacity_;
  std::shared_ptr<uint8_t[]> buffer_;
  uint8_t* data_ = nullptr;
  ValidityMask validity_;
  std::shared_ptr<Arena> heap_;
  std::vector<std::shared_ptr<void>> string_owners_;
  std::vector<std::shared_ptr<Vector>> children_;
  idx_t list_size_ = 0;
};

}  // namespace tarn
