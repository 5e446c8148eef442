#pragma once

#include <memory>
#include <string>
#include <vector>

#include "vector/vector.h"

namespace tarn {

// DataChunk is a horizontal slice of a result: one Vector per column, all with the same
// number of rows. A filter narrows a chunk without copying by attaching a selection: row i
// of the chunk is then physical row selection()[i] of every column. Consumers that need
// dense columns call Flatten().
// Thread safety: none; owned by one pipeline thread at a time.
class DataChunk {
 public:
  DataChunk() = default;
  explicit DataChunk(const std::vector<LogicalType>& types, idx_t capacity = kVectorSize) {
    Initialize(types, capacity);
  }
  void Initialize(const std::vector<LogicalType>& types, idx_t capacity = kVectorSize);

  idx_t size() const { return size_; }
  void SetSize(idx_t size) { size_ = size; }
  idx_t ColumnCount() const { return columns_.size(); }
  idx_t capacity() const { return capacity_; }
  Vector& column(idx_t index) { return columns_[index]; }
  const Vector& column(idx_t index) const { return columns_[index]; }
  std::vector<LogicalType> Types() const;

  bool HasSelection() const { return selection_ != nullptr; }
  const uint32_t* selection() const { return selection_ ? selection_->data() : nullptr; }
  // Physical row of logical row `row`.
  uint32_t RowIndex(idx_t row) const {
    return selection_ ? (*selection_)[row] : static_cast<uint32_t>(row);
  }
  // Keeps only logical rows `rows[0..count)`, composing with an existing selection.
  void Slice(const uint32_t* rows, idx_t count);
  // Applies the selection, leaving dense columns.
  void Flatten();
  // Empties the chunk for reuse: size 0, no selection, writable columns.
  void Reset();
  // Makes this chunk a zero-copy view of `other` (selection included).
  void Reference(const DataChunk& other);
  // Appends the logical rows of `other` (same types) to this dense chunk; grows if needed.
  void Append(const DataChunk& other);

  // Estimated bytes the chunk's values take, strings by their length (for memory_limit).
  size_t EstimatedBytes() const;

  Value GetValue(idx_t column_index, idx_t row) const {
    return columns_[column_index].GetValue(RowIndex(row));
  }
  std::string ToString() const;

 private:
  std::vector<Vector> columns_;
  idx_t size_ = 0;
  idx_t capacity_ = kVectorSize;
  std::shared_ptr<std::vector<uint32_t>> selection_;
};

}  // namespace tarn
