#pragma once

#include <optional>
#include <string>
#include <vector>

#include "types/value.h"

namespace tarn {

// TableFilter is one simple condition on a column of a table function's output, handed by
// the optimizer to the scan so that it can skip whole files, folders or row groups that
// cannot hold a matching row:
//   column = 5, column <> 'x', column < DATE '2001-01-01' (kCompare, one value)
//   column IN (1, 2, 3)                                     (kIn, the non-NULL values)
//   column IS NULL / column IS NOT NULL                     (kIsNull / kIsNotNull)
// BETWEEN arrives as two comparisons. Values have exactly the column's type.
// Filters are hints: the query keeps its Filter operator above the scan, so a scan may
// ignore any of them, but must never skip data that could satisfy all of them.
// Thread safety: a value type.
enum class TableFilterKind : uint8_t { kCompare, kIn, kIsNull, kIsNotNull };
enum class CompareOperator : uint8_t {
  kEqual,
  kNotEqual,
  kLess,
  kLessOrEqual,
  kGreater,
  kGreaterOrEqual
};

struct TableFilter {
  idx_t column = 0;  // Index in the binding's names() / types().
  TableFilterKind kind = TableFilterKind::kCompare;
  CompareOperator op = CompareOperator::kEqual;
  std::vector<Value> values;  // kCompare: one; kIn: one or more.

  // Whether a row whose column holds `value` (possibly NULL) satisfies the filter. Used on
  // Hive partition values, which are the same for every row of a file. Returns true when
  // the values cannot be compared (a filter must never reject data wrongly).
  bool Matches(const Value& value) const;

  // Whether a group of rows whose non-NULL values lie in [min, max] may hold a row that
  // satisfies the filter. `min` / `max` may be absent (no statistics); `null_count` and
  // `row_count` may be absent. DOUBLE statistics are taken to leave NaN out.
  bool MayMatch(const std::optional<Value>& min, const std::optional<Value>& max,
                std::optional<int64_t> null_count, std::optional<int64_t> row_count) const;

  // "year = 2001", "name IN ('a', 'b')", "x IS NULL" with the given column name.
  std::string ToString(const std::string& column_name) const;
};

// Compares two non-NULL scalar values of the same type (decimals of the same scale):
// negative, zero or positive; nullopt when they cannot be compared (other types, NaN,
// different decimal scales). Strings compare byte-wise, as unsigned bytes.
std::optional<int> CompareScalarValues(const Value& left, const Value& right);

// The filters of `filters` on `column`, in order.
std::vector<const TableFilter*> FiltersOnColumn(const std::vector<TableFilter>& filters,
                                                idx_t column);

}  // namespace tarn
