#include "catalog/crawler/schema_merge.h"

#include <algorithm>
#include <cctype>

namespace tarn {

namespace {

bool EqualIgnoringCase(const std::string& left, const std::string& right) {
  return left.size() == right.size() &&
         std::equal(left.begin(), left.end(), right.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) ==
                  std::tolower(static_cast<unsigned char>(b));
         });
}

int FindColumn(const std::vector<CatalogColumn>& columns, const std::string& name) {
  for (size_t i = 0; i < columns.size(); i++) {
    if (EqualIgnoringCase(columns[i].name, name)) return static_cast<int>(i);
  }
  return -1;
}

// Decimal digits an integer type needs.
int IntegerDigits(TypeId id) { return id == TypeId::kInteger ? 10 : 19; }

LogicalType WidenDecimal(int integer_digits, int scale) {
  int width = std::min<int>(LogicalType::kMaxDecimalWidth, integer_digits + scale);
  int clamped_scale = std::min(scale, width);
  return LogicalType::Decimal(static_cast<uint8_t>(width), static_cast<uint8_t>(clamped_scale));
}

}  // namespace

std::optional<LogicalType> WidenType(const LogicalType& left, const LogicalType& right) {
  if (left == right) return left;
  TypeId a = left.id();
  TypeId b = right.id();
  if (a == TypeId::kNull) return right;
  if (b == TypeId::kNull) return left;
  auto numeric_rank = [](TypeId id) {
    switch (id) {
      case TypeId::kInteger:
        return 1;
      case TypeId::kBigint:
        return 2;
      case TypeId::kDouble:
        return 3;
      default:
        return 0;
    }
  };
  if (numeric_rank(a) > 0 && numeric_rank(b) > 0) {
    return numeric_rank(a) >= numeric_rank(b) ? left : right;
  }
  if (a == TypeId::kDecimal && b == TypeId::kDecimal) {
    int integer_digits = std::max(left.width() - left.scale(), right.width() - right.scale());
    return WidenDecimal(integer_digits, std::max(left.scale(), right.scale()));
  }
  if (a == TypeId::kDecimal || b == TypeId::kDecimal) {
    const LogicalType& decimal = a == TypeId::kDecimal ? left : right;
    TypeId other = a == TypeId::kDecimal ? b : a;
    if (other == TypeId::kDouble) return LogicalType(TypeId::kDouble);
    if (other == TypeId::kInteger || other == TypeId::kBigint) {
      int integer_digits = std::max<int>(decimal.width() - decimal.scale(), IntegerDigits(other));
      return WidenDecimal(integer_digits, decimal.scale());
    }
    return std::nullopt;
  }
  if (left.IsTemporal() && right.IsTemporal()) return LogicalType(TypeId::kTimestamp);
  if (a == TypeId::kList && b == TypeId::kList) {
    std::optional<LogicalType> element = WidenType(left.ListChild(), right.ListChild());
    if (!element) return std::nullopt;
    return LogicalType::List(*element);
  }
  if (a == TypeId::kStruct && b == TypeId::kStruct) {
    std::vector<ChildType> fields = left.children();
    for (const ChildType& field : right.children()) {
      auto found = std::find_if(fields.begin(), fields.end(), [&](const ChildType& existing) {
        return EqualIgnoringCase(existing.first, field.first);
      });
      if (found == fields.end()) {
        fields.push_back(field);
        continue;
      }
      std::optional<LogicalType> widened = WidenType(found->second, field.second);
      if (!widened) return std::nullopt;
      found->second = *widened;
    }
    return LogicalType::Struct(std::move(fields));
  }
  return std::nullopt;
}

std::optional<std::vector<CatalogColumn>> MergeColumns(const std::vector<CatalogColumn>& left,
                                                       const std::vector<CatalogColumn>& right) {
  std::vector<CatalogColumn> merged = left;
  size_t shared = 0;
  for (const CatalogColumn& column : right) {
    int index = FindColumn(merged, column.name);
    if (index < 0) {
      merged.push_back(column);
      continue;
    }
    shared++;
    std::optional<LogicalType> widened = WidenType(merged[index].type, column.type);
    if (!widened) return std::nullopt;
    merged[index].type = *widened;
  }
  size_t smaller = std::min(left.size(), right.size());
  if (shared * 2 < smaller) return std::nullopt;
  return merged;
}

std::string DescribeColumnChanges(const std::vector<CatalogColumn>& before,
                                  const std::vector<CatalogColumn>& after,
                                  const std::string& what) {
  std::string text;
  auto append = [&](const std::string& part) {
    if (!text.empty()) text += "; ";
    text += part;
  };
  for (const CatalogColumn& column : after) {
    if (FindColumn(before, column.name) < 0) {
      append("added " + what + " " + column.name + " " + column.type.ToString());
    }
  }
  for (const CatalogColumn& column : after) {
    int index = FindColumn(before, column.name);
    if (index >= 0 && before[index].type != column.type) {
      append("widened " + column.name + " " + before[index].type.ToString() + " -> " +
             column.type.ToString());
    }
  }
  for (const CatalogColumn& column : before) {
    if (FindColumn(after, column.name) < 0) append("removed " + what + " " + column.name);
  }
  return text;
}

}  // namespace tarn
