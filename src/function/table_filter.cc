#include "function/table_filter.h"

#include <cmath>

namespace tarn {

namespace {

template <class T>
int Order(const T& left, const T& right) {
  return left < right ? -1 : (right < left ? 1 : 0);
}

const char* OperatorText(CompareOperator op) {
  switch (op) {
    case CompareOperator::kEqual:
      return "=";
    case CompareOperator::kNotEqual:
      return "<>";
    case CompareOperator::kLess:
      return "<";
    case CompareOperator::kLessOrEqual:
      return "<=";
    case CompareOperator::kGreater:
      return ">";
    case CompareOperator::kGreaterOrEqual:
      return ">=";
  }
  return "?";
}

}  // namespace

std::optional<int> CompareScalarValues(const Value& left, const Value& right) {
  if (left.is_null() || right.is_null()) return std::nullopt;
  TypeId type = left.type().id();
  if (type != right.type().id()) return std::nullopt;
  switch (type) {
    case TypeId::kBoolean:
      return Order(left.GetBoolean(), right.GetBoolean());
    case TypeId::kInteger:
    case TypeId::kBigint:
    case TypeId::kDate:
    case TypeId::kTimestamp:
      return Order(left.GetInt128(), right.GetInt128());
    case TypeId::kDecimal:
      if (left.type().scale() != right.type().scale()) return std::nullopt;
      return Order(left.GetInt128(), right.GetInt128());
    case TypeId::kDouble: {
      double a = left.GetDouble();
      double b = right.GetDouble();
      if (std::isnan(a) || std::isnan(b)) return std::nullopt;
      return Order(a, b);
    }
    case TypeId::kVarchar: {
      int result = std::string_view(left.GetString()).compare(right.GetString());
      return result < 0 ? -1 : (result > 0 ? 1 : 0);
    }
    default:
      return std::nullopt;
  }
}

bool TableFilter::Matches(const Value& value) const {
  switch (kind) {
    case TableFilterKind::kIsNull:
      return value.is_null();
    case TableFilterKind::kIsNotNull:
      return !value.is_null();
    case TableFilterKind::kIn:
      if (value.is_null()) return false;
      for (const Value& candidate : values) {
        std::optional<int> order = CompareScalarValues(value, candidate);
        if (!order || *order == 0) return true;
      }
      return false;
    case TableFilterKind::kCompare: {
      if (value.is_null()) return false;
      if (values.size() != 1) return true;
      std::optional<int> order = CompareScalarValues(value, values[0]);
      if (!order) return true;
      switch (op) {
        case CompareOperator::kEqual:
          return *order == 0;
        case CompareOperator::kNotEqual:
          return *order != 0;
        case CompareOperator::kLess:
          return *order < 0;
        case CompareOperator::kLessOrEqual:
          return *order <= 0;
        case CompareOperator::kGreater:
          return *order > 0;
        case CompareOperator::kGreaterOrEqual:
          return *order >= 0;
      }
      return true;
    }
  }
  return true;
}

bool TableFilter::MayMatch(const std::optional<Value>& min, const std::optional<Value>& max,
                           std::optional<int64_t> null_count,
                           std::optional<int64_t> row_count) const {
  bool all_null = null_count && row_count && *row_count > 0 && *null_count >= *row_count;
  switch (kind) {
    case TableFilterKind::kIsNull:
      return !(null_count && *null_count == 0);
    case TableFilterKind::kIsNotNull:
      return !all_null;
    case TableFilterKind::kCompare:
    case TableFilterKind::kIn:
      break;
  }
  // NULL satisfies no comparison.
  if (all_null) return false;
  if (!min || !max || min->is_null() || max->is_null() || values.empty()) return true;
  // Statistics leave NaN out, and NaN orders after every number: a group may hold values
  // above its max.
  bool may_hold_nan = min->type().id() == TypeId::kDouble;
  auto within = [&](const Value& value) {
    std::optional<int> above_min = CompareScalarValues(value, *min);
    std::optional<int> below_max = CompareScalarValues(value, *max);
    if (!above_min || !below_max) return true;
    return *above_min >= 0 && *below_max <= 0;
  };
  if (kind == TableFilterKind::kIn) {
    for (const Value& value : values) {
      if (within(value)) return true;
    }
    return false;
  }
  const Value& value = values[0];
  std::optional<int> versus_min = CompareScalarValues(*min, value);
  std::optional<int> versus_max = CompareScalarValues(*max, value);
  if (!versus_min || !versus_max) return true;
  switch (op) {
    case CompareOperator::kEqual:
      return *versus_min <= 0 && *versus_max >= 0;
    case CompareOperator::kNotEqual:
      return may_hold_nan || !(*versus_min == 0 && *versus_max == 0);
    case CompareOperator::kLess:
      return *versus_min < 0;
    case CompareOperator::kLessOrEqual:
      return *versus_min <= 0;
    case CompareOperator::kGreater:
      return may_hold_nan || *versus_max > 0;
    case CompareOperator::kGreaterOrEqual:
      return may_hold_nan || *versus_max >= 0;
  }
  return true;
}

std::string TableFilter::ToString(const std::string& column_name) const {
  switch (kind) {
    case TableFilterKind::kIsNull:
      return column_name + " IS NULL";
    case TableFilterKind::kIsNotNull:
      return column_name + " IS NOT NULL";
    case TableFilterKind::kIn: {
      std::string list;
      for (const Value& value : values) {
        list += (list.empty() ? "" : ", ") + value.ToSqlLiteral();
      }
      return column_name + " IN (" + list + ")";
    }
    case TableFilterKind::kCompare:
      break;
  }
  return column_name + " " + OperatorText(op) + " " +
         (values.empty() ? std::string("?") : values[0].ToSqlLiteral());
}

std::vector<const TableFilter*> FiltersOnColumn(const std::vector<TableFilter>& filters,
                                                idx_t column) {
  std::vector<const TableFilter*> result;
  for (const TableFilter& filter : filters) {
    if (filter.column == column) result.push_back(&filter);
  }
  return result;
}

}  // namespace tarn
