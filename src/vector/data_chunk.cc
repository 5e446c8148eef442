#include "vector/data_chunk.h"

#include <algorithm>

namespace tarn {

void DataChunk::Initialize(const std::vector<LogicalType>& types, idx_t capacity) {
  columns_.clear();
  columns_.reserve(types.size());
  for (const auto& type : types) columns_.emplace_back(type, capacity);
  capacity_ = capacity;
  size_ = 0;
  selection_.reset();
}

std::vector<LogicalType> DataChunk::Types() const {
  std::vector<LogicalType> types;
  types.reserve(columns_.size());
  for (const auto& column : columns_) types.push_back(column.type());
  return types;
}

void DataChunk::Slice(const uint32_t* rows, idx_t count) {
  auto selection = std::make_shared<std::vector<uint32_t>>(count);
  for (idx_t i = 0; i < count; i++) (*selection)[i] = RowIndex(rows[i]);
  selection_ = std::move(selection);
  size_ = count;
}

void DataChunk::Flatten() {
  if (!selection_) return;
  for (auto& column : columns_) {
    Vector dense(column.type(), std::max<idx_t>(capacity_, size_));
    dense.CopyFrom(column, selection_->data(), size_, 0);
    column = std::move(dense);
  }
  selection_.reset();
}

void DataChunk::Reset() {
  for (auto& column : columns_) column.Reset();
  size_ = 0;
  selection_.reset();
}

void DataChunk::Reference(const DataChunk& other) {
  columns_.resize(other.columns_.size());
  for (size_t i = 0; i < columns_.size(); i++) columns_[i].Reference(other.columns_[i]);
  size_ = other.size_;
  capacity_ = other.capacity_;
  selection_ = other.selection_;
}

void DataChunk::Append(const DataChunk& other) {
  TARN_CHECK(!selection_, "Append to a chunk with a selection");
  if (size_ + other.size() > capacity_) {
    idx_t new_capacity = std::max(capacity_ * 2, size_ + other.size());
    for (auto& column : columns_) column.Resize(size_, new_capacity);
    capacity_ = new_capacity;
  }
  for (size_t i = 0; i < columns_.size(); i++) {
    columns_[i].CopyFrom(other.columns_[i], other.selection(), other.size(), size_);
  }
  size_ += other.size();
}

std::string DataChunk::ToString() const {
  std::string result;
  for (idx_t row = 0; row < size_; row++) {
    for (idx_t column = 0; column < columns_.size(); column++) {
      if (column > 0) result += '\t';
      result += GetValue(column, row).ToString();
    }
    result += '\n';
  }
  return result;
}

namespace {

size_t VectorBytes(const Vector& vector, idx_t count) {
  size_t bytes = count * std::max<size_t>(vector.type().PhysicalSize(), 1);
  switch (vector.type().physical()) {
    case PhysicalType::kString: {
      const auto* data = vector.Data<std::string_view>();
      for (idx_t i = 0; i < count; i++) bytes += data[i].size();
      break;
    }
    case PhysicalType::kList:
      bytes += VectorBytes(vector.child(0), vector.list_size());
      break;
    case PhysicalType::kStruct:
      for (idx_t i = 0; i < vector.ChildCount(); i++) bytes += VectorBytes(vector.child(i), count);
      break;
    default:
      break;
  }
  return bytes;
}

}  // namespace

size_t DataChunk::EstimatedBytes() const {
  size_t bytes = 0;
  idx_t rows = selection_ ? capacity_ : size_;
  for (const auto& column : columns_)
    bytes += VectorBytes(column, std::min(rows, column.capacity()));
  return bytes;
}

}  // namespace tarn
