#include "vector/vector.h"

#include <algorithm>
#include <cstring>

#include "common/exception.h"

namespace tarn {

namespace {

std::shared_ptr<uint8_t[]> AllocateBuffer(const LogicalType& type, idx_t capacity) {
  size_t bytes = std::max<size_t>(1, type.PhysicalSize() * capacity);
  if (type.physical() == PhysicalType::kString || type.physical() == PhysicalType::kBool ||
      type.physical() == PhysicalType::kList) {
    // Zeroed: string views must be valid objects, and a bool slot under a NULL is read by
    // branch-free kernels, so it must hold a valid bool (0), never garbage.
    auto buffer = std::shared_ptr<uint8_t[]>(new uint8_t[bytes]());
    return buffer;
  }
  return std::shared_ptr<uint8_t[]>(new uint8_t[bytes]);
}

}  // namespace

std::vector<std::shared_ptr<Vector>> MakeChildren(const LogicalType& type, idx_t capacity) {
  std::vector<std::shared_ptr<Vector>> children;
  if (type.physical() == PhysicalType::kStruct) {
    for (const auto& field : type.children()) {
      children.push_back(std::make_shared<Vector>(field.second, capacity));
    }
  } else if (type.physical() == PhysicalType::kList) {
    children.push_back(std::make_shared<Vector>(type.ListChild(), kVectorSize));
  }
  return children;
}

Vector::Vector(LogicalType type, idx_t capacity)
    : type_(type), capacity_(capacity), validity_(capacity) {
  buffer_ = AllocateBuffer(type_, capacity_);
  data_ = buffer_.get();
  children_ = MakeChildren(type_, capacity_);
}

idx_t Vector::ReserveListElements(idx_t additional) {
  TARN_CHECK(type_.physical() == PhysicalType::kList, "ReserveListElements on a non-list");
  Vector& elements = *children_[0];
  idx_t needed = list_size_ + additional;
  if (needed > elements.capacity()) {
    idx_t new_capacity = std::max<idx_t>(needed, elements.capacity() * 2);
    elements.Resize(list_size_, new_capacity);
  }
  return list_size_;
}

std::string_view Vector::AddString(std::string_view text) {
  if (text.empty()) return std::string_view();
  if (!heap_) {
    heap_ = std::make_shared<Arena>(4096);
    string_owners_.push_back(heap_);
  }
  return heap_->AddString(text);
}

void Vector::KeepAlive(std::shared_ptr<void> owner) {
  for (auto& child : children_) child->KeepAlive(owner);
  for (const auto& existing : string_owners_) {
    if (existing == owner) return;
  }
  // Rows gathered from many blocks would make the list long, and every copy of this
  // vector's strings walks it: past a few entries the owners fold into one.
  constexpr size_t kDirectOwners = 8;
  if (string_owners_.size() >= kDirectOwners) {
    auto bundle = std::make_shared<std::vector<std::shared_ptr<void>>>(std::move(string_owners_));
    string_owners_.clear();
    string_owners_.push_back(std::move(bundle));
  }
  string_owners_.push_back(std::move(owner));
}

void Vector::ShareStringStorage(const Vector& other) {
  if (type_.physical() != PhysicalType::kString || &other == this) return;
  for (const auto& owner : other.string_owners_) KeepAlive(owner);
}

void Vector::MakeStringsOwned(idx_t count) {
  if (type_.physical() == PhysicalType::kStruct) {
    for (auto& child : children_) child->MakeStringsOwned(count);
    return;
  }
  if (type_.physical() == PhysicalType::kList) {
    children_[0]->MakeStringsOwned(list_size_);
    return;
  }
  if (type_.physical() != PhysicalType::kString) return;
  auto heap = std::make_shared<Arena>(4096);
  auto* data = Data<std::string_view>();
  for (idx_t i = 0; i < count; i++) {
    if (validity_.RowIsValid(i)) data[i] = heap->AddString(data[i]);
  }
  heap_ = heap;
  string_owners_.clear();
  string_owners_.push_back(heap);
}

void Vector::Reference(const Vector& other) {
  type_ = other.type_;
  capacity_ = other.capacity_;
  buffer_ = other.buffer_;
  data_ = other.data_;
  validity_ = other.validity_;
  heap_ = nullptr;
  string_owners_ = other.string_owners_;
  children_ = other.children_;
  list_size_ = other.list_size_;
}

void Vector::Reset() {
  if (buffer_.use_count() != 1 || capacity_ < kVectorSize) {
    // A vector that referenced a short one (the tail of a stored column) gets a full-size
    // buffer again, also once it is the short buffer's last owner: callers write up to
    // kVectorSize rows after Reset().
    capacity_ = std::max(capacity_, kVectorSize);
    buffer_ = AllocateBuffer(type_, capacity_);
    data_ = buffer_.get();
    // Children are shared exactly when the buffer is (Reference shares both).
    children_ = MakeChildren(type_, capacity_);
  } else {
    for (auto& child : children_) child->Reset();
  }
  list_size_ = 0;
  validity_ = ValidityMask(capacity_);
  heap_ = nullptr;
  string_owners_.clear();
}

void Vector::Resize(idx_t count, idx_t new_capacity) {
  if (new_capacity <= capacity_) return;
  auto buffer = AllocateBuffer(type_, new_capacity);
  std::memcpy(buffer.get(), data_, count * type_.PhysicalSize());
  ValidityMask validity(new_capacity);
  if (!validity_.AllValid()) {
    for (idx_t i = 0; i < count; i++) {
      if (!validity_.RowIsValid(i)) validity.SetInvalid(i);
    }
  }
  buffer_ = buffer;
  data_ = buffer_.get();
  validity_ = std::move(validity);
  capacity_ = new_capacity;
  if (type_.physical() == PhysicalType::kStruct) {
    for (auto& child : children_) child->Resize(count, new_capacity);
  }
}

Value Vector::GetValue(idx_t row) const {
  if (!validity_.RowIsValid(row) || type_.id() == TypeId::kNull) return Value::Null(type_);
  switch (type_.id()) {
    case TypeId::kNull:
      return Value::Null(type_);
    case TypeId::kBoolean:
      return Value::Boolean(Data<bool>()[row]);
    case TypeId::kInteger:
      return Value::Integer(Data<int32_t>()[row]);
    case TypeId::kBigint:
      return Value::Bigint(Data<int64_t>()[row]);
    case TypeId::kDouble:
      return Value::Double(Data<double>()[row]);
    case TypeId::kDecimal:
      if (type_.physical() == PhysicalType::kInt64)
        return Value::Decimal(Data<int64_t>()[row], type_.width(), type_.scale());
      return Value::Decimal(Data<int128_t>()[row], type_.width(), type_.scale());
    case TypeId::kDate:
      return Value::Date(Data<int32_t>()[row]);
    case TypeId::kTimestamp:
      return Value::Timestamp(Data<int64_t>()[row]);
    case TypeId::kInterval:
      return Value::FromInterval(Data<Interval>()[row]);
    case TypeId::kVarchar:
      return Value::Varchar(std::string(Data<std::string_view>()[row]));
    case TypeId::kList:
    case TypeId::kMap: {
      const ListEntry& entry = Data<ListEntry>()[row];
      std::vector<Value> elements;
      elements.reserve(entry.length);
      for (idx_t i = 0; i < entry.length; i++) {
        elements.push_back(children_[0]->GetValue(entry.offset + i));
      }
      if (type_.id() == TypeId::kMap) return Value::Map(type_, std::move(elements));
      return Value::List(type_.ListChild(), std::move(elements));
    }
    case TypeId::kStruct: {
      std::vector<Value> fields;
      fields.reserve(children_.size());
      for (const auto& child : children_) fields.push_back(child->GetValue(row));
      return Value::Struct(type_, std::move(fields));
    }
  }
  return Value::Null(type_);
}

void Vector::SetValue(idx_t row, const Value& input) {
  if (input.is_null() || type_.id() == TypeId::kNull) {
    validity_.SetInvalid(row);
    if (type_.physical() == PhysicalType::kStruct) {
      for (auto& child : children_) child->SetValue(row, Value::Null(child->type()));
    } else if (type_.physical() == PhysicalType::kList) {
      Data<ListEntry>()[row] = ListEntry{list_size_, 0};
    }
    return;
  }
  const Value& value = input.type() == type_ ? input : input.CastTo(type_);
  validity_.SetValid(row);
  switch (type_.physical()) {
    case PhysicalType::kBool:
      Data<bool>()[row] = value.GetBoolean();
      break;
    case PhysicalType::kInt32:
      Data<int32_t>()[row] = static_cast<int32_t>(value.GetInt128());
      break;
    case PhysicalType::kInt64:
      Data<int64_t>()[row] = static_cast<int64_t>(value.GetInt128());
      break;
    case PhysicalType::kInt128:
      Data<int128_t>()[row] = value.GetInt128();
      break;
    case PhysicalType::kDouble:
      Data<double>()[row] = value.GetDouble();
      break;
    case PhysicalType::kInterval:
      Data<Interval>()[row] = value.GetInterval();
      break;
    case PhysicalType::kString:
      Data<std::string_view>()[row] = AddString(value.GetString());
      break;
    case PhysicalType::kList: {
      const auto& elements = value.children();
      idx_t offset = ReserveListElements(elements.size());
      for (size_t i = 0; i < elements.size(); i++) children_[0]->SetValue(offset + i, elements[i]);
      list_size_ = offset + elements.size();
      Data<ListEntry>()[row] = ListEntry{offset, elements.size()};
      break;
    }
    case PhysicalType::kStruct: {
      const auto& fields = value.children();
      for (size_t i = 0; i < children_.size(); i++) {
        children_[i]->SetValue(row, i < fields.size() ? fields[i] : Value::Null());
      }
      break;
    }
  }
}

namespace {

template <class T>
void GatherValues(const T* source, T* target, const uint32_t* selection, idx_t count) {
  if (selection) {
    for (idx_t i = 0; i < count; i++) target[i] = source[selection[i]];
  } else {
    std::memcpy(static_cast<void*>(target), source, count * sizeof(T));
  }
}

}  // namespace

void Vector::CopyListsFrom(const Vector& source, const uint32_t* selection, idx_t count,
                           idx_t target_offset) {
  auto* target_entries = Data<ListEntry>() + target_offset;
  std::vector<uint32_t> element_rows;
  for (idx_t i = 0; i < count; i++) {
    idx_t row = selection ? selection[i] : i;
    ListEntry entry = source.ListEntryAt(row);
    target_entries[i] = ListEntry{list_size_ + element_rows.size(), entry.length};
    for (idx_t e = 0; e < entry.length; e++) {
      element_rows.push_back(static_cast<uint32_t>(entry.offset + e));
    }
  }
  idx_t offset = ReserveListElements(element_rows.size());
  children_[0]->CopyFrom(*source.children_[0], element_rows.data(), element_rows.size(), offset);
  list_size_ = offset + element_rows.size();
}

void Vector::CopyFrom(const Vector& source, const uint32_t* selection, idx_t count,
                      idx_t target_offset) {
  TARN_CHECK(source.type_.physical() == type_.physical(), "CopyFrom between physical types");
  TARN_CHECK(target_offset + count <= capacity_, "CopyFrom beyond capacity");
  switch (type_.physical()) {
    case PhysicalType::kBool:
      // Copied as bytes: the slot under a NULL need not hold a valid bool.
      GatherValues(source.Data<uint8_t>(), Data<uint8_t>() + target_offset, selection, count);
      break;
    case PhysicalType::kInt32:
      GatherValues(source.Data<int32_t>(), Data<int32_t>() + target_offset, selection, count);
      break;
    case PhysicalType::kInt64:
      GatherValues(source.Data<int64_t>(), Data<int64_t>() + target_offset, selection, count);
      break;
    case PhysicalType::kInt128:
      GatherValues(source.Data<int128_t>(), Data<int128_t>() + target_offset, selection, count);
      break;
    case PhysicalType::kDouble:
      GatherValues(source.Data<double>(), Data<double>() + target_offset, selection, count);
      break;
    case PhysicalType::kInterval:
      GatherValues(source.Data<Interval>(), Data<Interval>() + target_offset, selection, count);
      break;
    case PhysicalType::kString:
      GatherValues(source.Data<std::string_view>(), Data<std::string_view>() + target_offset,
                   selection, count);
      ShareStringStorage(source);
      break;
    case PhysicalType::kList:
      CopyListsFrom(source, selection, count, target_offset);
      break;
    case PhysicalType::kStruct:
      for (size_t i = 0; i < children_.size(); i++) {
        Vector& child = *children_[i];
        child.CopyFrom(*source.children_[i], selection, count, target_offset);
        // A NULL struct has NULL fields, whatever the source's fields held.
        if (!source.validity_.AllValid()) {
          for (idx_t r = 0; r < count; r++) {
            if (!source.validity_.RowIsValid(selection ? selection[r] : r)) {
              child.validity_.SetInvalid(target_offset + r);
            }
          }
        }
      }
      break;
  }
  if (source.validity_.AllValid()) {
    if (!validity_.AllValid()) {
      for (idx_t i = 0; i < count; i++) validity_.SetValid(target_offset + i);
    }
  } else {
    for (idx_t i = 0; i < count; i++) {
      idx_t source_row = selection ? selection[i] : i;
      validity_.Set(target_offset + i, source.validity_.RowIsValid(source_row));
    }
  }
}

}  // namespace tarn
